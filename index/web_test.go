package index

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

func get(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestXSS(t *testing.T) {
	docs := fixtureDocs(t)[:3]
	evil := Doc{
		Speech: unpv.Speech{
			ID: "S/PV.9999#1", Symbol: "S/PV.9999", Meeting: "S/PV.9999", Body: unpv.SecurityCouncil,
			Date: "2020-03-01", Seq: 1, Speaker: `Mr. <b onmouseover=alert(3)>Evil</b> (Nowhere)`,
			SpeakerName: "Mr. Evil", DelegationCode: `X"><script>`, Role: unpv.RoleMember,
			Text: `We thank the African Union <script>alert(1)</script> and the "African Union" <img src=x onerror=alert(2)> & others.`,
		},
		Agenda:  `<iframe src="javascript:alert(4)">`,
		Stances: []unpv.Stance{{SentenceID: "S/PV.9999#1.1", Target: "AU", Label: unpv.Recognition, Evidence: "<script>alert(5)</script>"}},
	}
	_, ix := buildIndex(t, append(docs, evil))
	h := NewHandler(ix, HandlerOptions{})
	for _, target := range []string{
		"/?q=" + url.QueryEscape(`"African Union" script`),
		"/?q=alert",
		"/speech/" + url.PathEscape(evil.Speech.ID) + "?q=script",
	} {
		res, body := get(t, h, target)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", target, res.StatusCode, body)
		}
		for _, bad := range []string{"<script", "<img", "<iframe", "<b onmouseover", `"><script>`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: page contains %q", target, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: escaped script text missing", target)
		}
		if !strings.Contains(body, "<mark>") {
			t.Errorf("%s: no highlight", target)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("CSP %q", csp)
		}
	}
	// Highlight inside escaped text: the match on "script" is marked after escaping.
	_, body := get(t, h, "/?q=script")
	if !strings.Contains(body, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("mark not inserted after escaping:\n%s", body)
	}
	// JSON API: fragment_html escaped too.
	_, body = get(t, h, "/api/search?q=alert")
	var out struct {
		Hits []struct {
			FragmentHTML string `json:"fragment_html"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Hits) != 1 {
		t.Fatalf("%v %s", err, body)
	}
	if strings.Contains(out.Hits[0].FragmentHTML, "<script") || !strings.Contains(out.Hits[0].FragmentHTML, "<mark>alert</mark>") {
		t.Errorf("fragment_html %q", out.Hits[0].FragmentHTML)
	}
}

func TestAPI(t *testing.T) {
	ix, docs := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	res, body := get(t, h, "/api/search?q=ECOWAS&delegation=NER,RUS&facets=1&size=5&kwic=20")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	var out struct {
		Total  int
		Hits   []Hit
		Facets []Facet
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Total == 0 || len(out.Hits) == 0 || len(out.Facets) == 0 {
		t.Fatalf("empty: %s", body)
	}
	for _, hit := range out.Hits {
		if hit.Delegation != "NER" && hit.Delegation != "RUS" {
			t.Errorf("delegation %s", hit.Delegation)
		}
		if hit.KWIC == nil || hit.URL != un.DocumentURL(hit.Symbol) || !strings.HasPrefix(hit.URL, "https://undocs.org/en/S/PV.") {
			t.Errorf("hit %+v", hit)
		}
	}
	id := docs[7].Speech.ID
	res, body = get(t, h, "/api/speech/"+url.PathEscape(id))
	var sp SpeechView
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &sp) != nil || sp.ID != id || sp.Text != docs[7].Speech.Text {
		t.Fatalf("speech: %d %.200s", res.StatusCode, body)
	}
	errorsCases := []struct {
		target string
		code   int
	}{
		{"/api/search?q=%22unclosed", 400},
		{"/api/search?q=" + strings.Repeat("a", MaxQueryLen+1), 400},
		{"/api/search?q=x&from=soon", 400},
		{"/api/search?q=x&size=1000", 400},
		{"/api/search?q=x&page=100", 400}, // beyond the 1,000-hit window
		{"/api/search?q=x&sort=random", 400},
		{"/api/speech/" + url.PathEscape("S/PV.1#1"), 404},
		{"/api/nothing", 404},
	}
	for _, c := range errorsCases {
		res, body := get(t, h, c.target)
		var e struct {
			Error  string
			Status int
		}
		if res.StatusCode != c.code || json.Unmarshal([]byte(body), &e) != nil || e.Status != c.code || e.Error == "" {
			t.Errorf("%.60s: %d %s", c.target, res.StatusCode, body)
		}
		if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
			t.Errorf("%.60s: leaks internals: %s", c.target, body)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/search?q=x", nil))
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}
}

func TestPage(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{PageSize: 10})
	res, body := get(t, h, "/?q=Council")
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	for _, want := range []string{`id="facets"`, `data-facet="delegation"`, `class="hit"`, `<mark>`, `rel="next"`,
		`href="https://undocs.org/en/S/PV.`, `href="/speech/S%2FPV.`, `of `} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `rel="prev"`) {
		t.Error("prev link on page 1")
	}
	_, body2 := get(t, h, "/?q=Council&page=2")
	if !strings.Contains(body2, `rel="prev"`) || !strings.Contains(body2, `<ol class="hits" start="11">`) {
		t.Error("page 2 lacks prev link or numbering")
	}
	// A facet link applies a filter and the chip removes it.
	_, body = get(t, h, "/?q=ECOWAS&delegation=NER")
	if !strings.Contains(body, `class="chip" href="/?q=ECOWAS"`) {
		t.Errorf("filter chip missing")
	}
	res, body = get(t, h, "/?q=%22unclosed")
	if res.StatusCode != 400 || !strings.Contains(body, `id="error"`) {
		t.Errorf("bad query page: %d", res.StatusCode)
	}
	res, _ = get(t, h, "/nope")
	if res.StatusCode != 404 {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	res, body = get(t, h, "/static/style.css")
	if res.StatusCode != 200 || !strings.Contains(body, "mark{") {
		t.Errorf("style.css: %d", res.StatusCode)
	}
}

func TestTimeout(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{Timeout: time.Nanosecond})
	for _, target := range []string{"/api/search?q=Council&facets=1", "/?q=Council"} {
		res, body := get(t, h, target)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "timed out") {
			t.Errorf("%s: %d %.200s", target, res.StatusCode, body)
		}
	}
}
