package index

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestWebBadQueries: queries over the limits are 400 with a JSON error
// (peace~100 and nested regular expressions answered 500; a boost of 0
// answered 200 with a JSON body cut short at its NaN score), on the API and
// the page alike.
func TestWebBadQueries(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	var alphabet []string
	for c := 'a'; c <= 'z'; c++ {
		alphabet = append(alphabet, "*"+string(c)+"*")
	}
	for _, q := range []string{"peace~100", `/(((a{100}){100}){100})/`, `/[ab]*a[ab]{20}/`, strings.Join(alphabet, " "), `"unclosed`, "security^0", "text:peace^1e-200"} {
		for _, path := range []string{"/api/search?q=", "/?q="} {
			res, body := get(t, h, path+url.QueryEscape(q))
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s%s: %d %.200s", path, q, res.StatusCode, body)
			}
			if strings.HasPrefix(path, "/api/") {
				var e apiError
				if json.Unmarshal([]byte(body), &e) != nil || e.Status != 400 || !strings.Contains(e.Error, "bad query") {
					t.Errorf("%s: body %s", q, body)
				}
			}
		}
	}
}

// TestWebMethods: POST, PUT and DELETE on the API's endpoints are 405
// with Allow (issue 14: 404).
func TestWebMethods(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		for _, path := range []string{"/api/search?q=Union", "/api/speech/S%2FPV.1%231", "/"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(m, path, strings.NewReader("x")))
			if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), "GET") {
				t.Errorf("%s %s: %d, Allow %q", m, path, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
	if res, _ := get(t, h, "/api/nothing"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown endpoint: %d", res.StatusCode)
	}
}

// TestFooterJSONLink: the footer's JSON link carries the page's query as
// a query string (issue 14: escaped into ?delegation%3dRUS%26q%3dunion, it
// returned every speech), and following it gives the page's hits.
func TestFooterJSONLink(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	fac, err := ix.Search(context.Background(), Query{Text: "union", Facets: true})
	if err != nil || len(fac.Facets) == 0 || len(fac.Facets[0].Terms) == 0 {
		t.Fatal(err)
	}
	del := fac.Facets[0].Terms[0].Term // the delegation with most hits
	_, page := get(t, h, "/?q=union&delegation="+del)
	m := regexp.MustCompile(`<a href="(/api/search\?[^"]*)">JSON</a>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no JSON link in the footer:\n%.500s", page[max(0, len(page)-500):])
	}
	link := html.UnescapeString(m[1])
	if !strings.Contains(link, "delegation="+del) || !strings.Contains(link, "q=union") {
		t.Errorf("footer link %q", link)
	}
	_, body := get(t, h, link)
	var viaLink, direct Result
	json.Unmarshal([]byte(body), &viaLink)
	_, body = get(t, h, "/api/search?q=union&delegation="+del)
	json.Unmarshal([]byte(body), &direct)
	all, _ := ix.Search(context.Background(), Query{})
	if viaLink.Total != direct.Total || viaLink.Total == 0 || viaLink.Total == all.Total {
		t.Errorf("footer link gives %d hits, the query %d (all: %d)", viaLink.Total, direct.Total, all.Total)
	}
	// A speech page's JSON is that speech's, with the search's marks (it
	// was /api/search? — every speech).
	id := viaLink.Hits[0].SpeechID
	_, page = get(t, h, speechURL(id, Query{Text: "union"}))
	m = regexp.MustCompile(`<a href="([^"]*)">JSON</a>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON link on the speech page")
	}
	_, body = get(t, h, html.UnescapeString(m[1]))
	var sp SpeechView
	if err := json.Unmarshal([]byte(body), &sp); err != nil || sp.ID != id || len(sp.Matches) == 0 {
		t.Errorf("speech page's JSON link %s: %v, speech %q with %d matches, want %q with the marks of union", m[1], err, sp.ID, len(sp.Matches), id)
	}
	// An error page's JSON is that request's error from the API (it was
	// /api/search?, every speech), and a page the API has no twin for
	// links no JSON.
	res, page := get(t, h, "/?from=abc")
	m = regexp.MustCompile(`<a href="([^"]*)">JSON</a>`).FindStringSubmatch(page)
	if res.StatusCode != http.StatusBadRequest || m == nil {
		t.Fatalf("/?from=abc: %d, JSON link %v", res.StatusCode, m)
	}
	if res, body := get(t, h, html.UnescapeString(m[1])); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `from=\"abc\"`) {
		t.Errorf("the error page's JSON link %s: %d %s", m[1], res.StatusCode, body)
	}
	if _, page := get(t, h, "/speech/no-such-speech"); strings.Contains(page, ">JSON</a>") {
		t.Error("a missing speech's page links JSON")
	}
}

// TestSearchSlots: searches wait for one of MaxConcurrent slots, expensive
// ones also for one of MaxExpensive, and get 503 with Retry-After when none
// comes free within QueueWait; an ordinary search still runs while the
// expensive slots are taken.
func TestSearchSlots(t *testing.T) {
	ix, docs := sharedIndex(t)
	s := newServer(ix, HandlerOptions{MaxConcurrent: 2, MaxExpensive: 1, QueueWait: 20 * time.Millisecond})
	h := s.handler()
	hold, err := s.slot(context.Background(), Query{Text: "secur*"})
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, h, "/api/search?q="+url.QueryEscape("council*"))
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("expensive search while the expensive slot is taken: %d %s", res.StatusCode, body)
	}
	if res, body := get(t, h, "/api/search?q=council"); res.StatusCode != http.StatusOK {
		t.Errorf("ordinary search beside it: %d %s", res.StatusCode, body)
	}
	hold2, err := s.slot(context.Background(), Query{Text: "council"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.slot(context.Background(), Query{Text: "council"}); !errors.Is(err, errBusy) {
		t.Errorf("third search with two slots: %v", err)
	}
	// Every page refused for want of a slot says when to come back.
	for _, path := range []string{"/?q=council", "/speech/" + url.PathEscape(docs[0].Speech.ID)} {
		if res, body := get(t, h, path); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s with every slot taken: %d, Retry-After %q: %.200s", path, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	hold()
	hold2()
	if res, _ := get(t, h, "/api/search?q="+url.QueryEscape("council*")); res.StatusCode != http.StatusOK {
		t.Errorf("after release: %d", res.StatusCode)
	}
}
