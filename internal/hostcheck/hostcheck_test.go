package hostcheck

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler(Loopback("127.0.0.1"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for host, want := range map[string]int{
		"127.0.0.1:8080": 200, "localhost:8080": 200, "LocalHost": 200, "[::1]:8080": 200, "::1": 200, "[::1]": 200,
		"evil.example:8080": http.StatusMisdirectedRequest, "evil.example": http.StatusMisdirectedRequest,
		"localhost.evil.example": http.StatusMisdirectedRequest, "": http.StatusMisdirectedRequest,
	} {
		t.Run(host, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = host
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != want {
				t.Errorf("Host %q: %d, want %d", host, w.Code, want)
			}
		})
	}
	if !Allowed(nil, "anything.example") {
		t.Error("no hosts given: every host is allowed")
	}
}
