package hostcheck

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	const refused = http.StatusMisdirectedRequest
	for _, c := range []struct {
		name  string
		p     Policy
		hosts map[string]int
	}{
		{"loopback", Policy{Names: loopbackNames("127.0.0.1")}, map[string]int{
			"127.0.0.1:8080": 200, "localhost:8080": 200, "LocalHost": 200, "[::1]:8080": 200, "::1": 200, "[::1]": 200,
			"evil.example:8080": refused, "evil.example": refused, "localhost.evil.example": refused, "": refused,
			"10.0.0.5:8080": refused,
		}},
		// Beyond loopback: any address, the names given, nothing else.
		{"beyond", Policy{Names: []string{"localhost", "unpv.lab.example"}, AnyIP: true}, map[string]int{
			"10.0.0.5:8080": 200, "[fe80::1]:8080": 200, "192.168.1.2": 200, "UNPV.lab.example:8080": 200,
			"evil.example:8080": refused, "10.0.0.5.evil.example": refused, "": refused,
		}},
		{"none", Policy{}, map[string]int{"anything.example": 200}},
		{"serving beyond", Serving("0.0.0.0", false, []string{"unpv.lab.example"}), map[string]int{
			"10.0.0.5:8080": 200, "unpv.lab.example": 200, "localhost:8080": 200, "evil.example": refused,
		}},
		{"serving a name", Serving("unpv.lab.example", false, nil), map[string]int{"unpv.lab.example:8080": 200, "evil.example": refused}},
		{"serving loopback", Serving("127.0.0.1", true, []string{"proxy.example"}), map[string]int{
			"proxy.example": 200, "127.0.0.1:8080": 200, "10.0.0.5:8080": refused, "evil.example": refused,
		}},
		{"serving any", Serving("127.0.0.1", true, []string{"*"}), map[string]int{"evil.example": 200}},
	} {
		h := Handler(c.p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		for host, want := range c.hosts {
			t.Run(c.name+"/"+host, func(t *testing.T) {
				r := httptest.NewRequest("GET", "/", nil)
				r.Host = host
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != want {
					t.Errorf("Host %q: %d, want %d", host, w.Code, want)
				}
			})
		}
	}
	if !Allowed(nil, "anything.example") {
		t.Error("no hosts given: every host is allowed")
	}
}
