package annotate

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// fakeWorkspace keeps sessions and codings in memory over a fixed list of
// pairs: enough to test the page and its safety without a store.
type fakeWorkspace struct {
	mu       sync.Mutex
	sessions map[string]string
	pairs    []Item
	codings  []unpv.Coding
}

func (f *fakeWorkspace) PutSession(_ context.Context, h, coder string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sessions[h] = coder
	return nil
}

func (f *fakeWorkspace) SessionCoder(_ context.Context, h string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.sessions[h]; ok {
		return c, nil
	}
	return "", unpv.ErrNotFound
}

func (f *fakeWorkspace) EndSession(_ context.Context, h string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.sessions, h)
	return nil
}

func (f *fakeWorkspace) done(coder string, p Pair) bool {
	for _, c := range f.codings {
		if c.Coder == coder && c.SentenceID == p.SentenceID && c.Target == p.Target {
			return true
		}
	}
	return false
}

func (f *fakeWorkspace) Next(_ context.Context, q Queue, coder string) (*Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if q.Query == "((" {
		return nil, fmt.Errorf("%w: syntax error", ErrBadQueue)
	}
	for i := range f.pairs {
		if !f.done(coder, f.pairs[i].Pair) && (q.Target == "" || q.Target == f.pairs[i].Target) {
			it := f.pairs[i]
			return &it, nil
		}
	}
	return nil, nil
}

func (f *fakeWorkspace) Progress(_ context.Context, q Queue, coder string) (Progress, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := Progress{Total: len(f.pairs)}
	for _, it := range f.pairs {
		if f.done(coder, it.Pair) {
			p.Done++
		}
	}
	return p, nil
}

func (f *fakeWorkspace) Item(_ context.Context, p Pair, coder string) (*Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range f.pairs {
		if it.Pair == p {
			for _, c := range f.codings {
				if c.Coder == coder && !c.Adjudication && (Pair{c.SentenceID, c.Target}) == p {
					it.Mine = &c
					if c.Label != "" {
						it.MyLabel = &c
					}
				}
			}
			return &it, nil
		}
	}
	return nil, unpv.ErrNotFound
}

func (f *fakeWorkspace) Code(_ context.Context, c unpv.Coding) (unpv.Coding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range f.pairs {
		if it.Pair == (Pair{c.SentenceID, c.Target}) {
			c.ID = int64(len(f.codings) + 1)
			f.codings = append(f.codings, c)
			return c, nil
		}
	}
	return c, fmt.Errorf("%w: no such pair", ErrBadCoding)
}

func (f *fakeWorkspace) Drawn(ctx context.Context, q Queue, coder string, p Pair) (bool, error) {
	f.mu.Lock()
	for _, c := range f.codings {
		if c.Queue == q.String() && !c.Adjudication && (Pair{c.SentenceID, c.Target}) == p {
			f.mu.Unlock()
			return true, nil
		}
	}
	f.mu.Unlock()
	next, err := f.Next(ctx, q, coder)
	return next != nil && next.Pair == p, err
}

func (f *fakeWorkspace) Undo(_ context.Context, coder string) (unpv.Coding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.codings) - 1; i >= 0; i-- {
		if c := f.codings[i]; c.Coder == coder {
			f.codings = append(f.codings[:i], f.codings[i+1:]...)
			return c, nil
		}
	}
	return unpv.Coding{}, unpv.ErrNotFound
}

func (f *fakeWorkspace) Stats(context.Context) (Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return Compute(f.codings, nil, nil), nil
}

// hostile is text a page must show as text, never run.
const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`

func newFake() *fakeWorkspace {
	return &fakeWorkspace{sessions: map[string]string{}, pairs: []Item{
		{Pair: Pair{"S/PV.8731#4.2", "AU"}, Sentence: "We commend the African Union for AMISOM.", Mentions: []Span{{15, 28}},
			Before: []string{hostile}, Speaker: "Mr. Osman (Somalia)", ModelLabel: unpv.Recognition, Confidence: 0.93},
		{Pair: Pair{"S/PV.8731#4.3", "AU"}, Sentence: "The AU said " + hostile, Mentions: []Span{{4, 6}}},
	}}
}

// client is a browser-like client: cookies, no redirects followed.
func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Location")
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func login(t *testing.T, c *http.Client, base, name string) string {
	t.Helper()
	if code, loc := post(t, c, base+"/annotate/login", url.Values{"name": {name}, "next": {"/annotate?target=AU"}}); code != http.StatusSeeOther || loc != "/annotate?target=AU" {
		t.Fatalf("login: %d %q", code, loc)
	}
	_, body := get(t, c, base+"/annotate")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form token after login:\n%s", body)
	}
	return m[1]
}

func TestPageCodesUndoesAndEscapes(t *testing.T) {
	f := newFake()
	srv := httptest.NewServer(NewHandler(f, HandlerOptions{}))
	defer srv.Close()
	c := client(t)

	// Without a session: the login form, and no write.
	code, body := get(t, c, srv.URL+"/annotate")
	if code != 200 || !strings.Contains(body, `action="/annotate/login"`) {
		t.Fatalf("login page: %d\n%s", code, body)
	}
	if code, _ := post(t, c, srv.URL+"/annotate/code", url.Values{"pair": {"S/PV.8731#4.2:AU"}, "label": {"counter"}}); code != http.StatusUnauthorized {
		t.Errorf("coding without a session: %d", code)
	}
	if code, _ := post(t, c, srv.URL+"/annotate/login", url.Values{"name": {"<b>eve</b>"}}); code != http.StatusBadRequest {
		t.Errorf("login with a bad name: %d", code)
	}
	token := login(t, c, srv.URL, "ann")

	code, body = get(t, c, srv.URL+"/annotate")
	if code != 200 || !strings.Contains(body, `<mark>African Union</mark>`) || !strings.Contains(body, `id="model"`) {
		t.Errorf("coding page: %d\n%s", code, body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("context sentence not escaped:\n%s", body)
	}
	// Random order hides the model's label.
	if _, body := get(t, c, srv.URL+"/annotate?order=random"); strings.Contains(body, `id="model"`) {
		t.Error("random order shows the model's label")
	}

	form := func(extra ...string) url.Values {
		v := url.Values{"csrf": {token}, "pair": {"S/PV.8731#4.2:AU"}, "target": {"AU"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	// Writes need the form token and the same origin.
	for _, tc := range []struct {
		name   string
		form   url.Values
		header []string
		want   int
	}{
		{"no token", url.Values{"pair": {"S/PV.8731#4.2:AU"}, "label": {"counter"}}, nil, http.StatusForbidden},
		{"wrong token", form("csrf", "00", "label", "counter"), nil, http.StatusForbidden},
		{"other origin", form("label", "counter"), []string{"Origin", "http://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", form("label", "counter"), []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"bad label", form("label", "support"), nil, http.StatusBadRequest},
		{"unknown pair", form("label", "counter", "pair", "S/PV.1#1.1:AU"), nil, http.StatusBadRequest},
		{"long note", form("label", "counter", "note", strings.Repeat("x", MaxNote+1)), nil, http.StatusBadRequest},
		{"huge body", form("label", "counter", "note", strings.Repeat("x", MaxBody)), nil, http.StatusRequestEntityTooLarge},
	} {
		if code, _ := post(t, c, srv.URL+"/annotate/code", tc.form, tc.header...); code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, code, tc.want)
		}
	}
	if len(f.codings) != 0 {
		t.Fatalf("refused writes wrote: %+v", f.codings)
	}

	// Code, with a note; the queue (target=AU) is kept.
	code, loc := post(t, c, srv.URL+"/annotate/code", form("label", "counter", "note", "so-called"), "Origin", srv.URL)
	if code != http.StatusSeeOther || loc != "/annotate?target=AU" || len(f.codings) != 1 {
		t.Fatalf("code: %d %q %+v", code, loc, f.codings)
	}
	if got := f.codings[0]; got.Coder != "ann" || got.Label != unpv.Counter || got.Note != "so-called" || got.Queue != "uncertain target=AU" {
		t.Errorf("coding: %+v", got)
	}
	_, body = get(t, c, srv.URL+loc)
	if !strings.Contains(body, `data-pair="S/PV.8731#4.3:AU"`) || !strings.Contains(body, `id="done-count">1<`) {
		t.Errorf("after coding, not the next pair with progress 1:\n%s", body)
	}
	// Undo shows the pair again.
	code, loc = post(t, c, srv.URL+"/annotate/undo", url.Values{"csrf": {token}, "target": {"AU"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "pair=S%2FPV.8731%234.2%3AAU") || len(f.codings) != 0 {
		t.Fatalf("undo: %d %q %+v", code, loc, f.codings)
	}
	if _, body = get(t, c, srv.URL+loc); !strings.Contains(body, `data-pair="S/PV.8731#4.2:AU"`) || !strings.Contains(body, `id="notice"`) {
		t.Errorf("after undo:\n%s", body)
	}
	// A skip records the act without a label and moves on.
	if code, _ := post(t, c, srv.URL+"/annotate/code", form("label", "skip")); code != http.StatusSeeOther ||
		len(f.codings) != 1 || f.codings[0].Label != "" {
		t.Fatalf("skip: %d %+v", code, f.codings)
	}
	post(t, c, srv.URL+"/annotate/undo", url.Values{"csrf": {token}})
	// A second coder is blind to the first's label.
	post(t, c, srv.URL+"/annotate/code", form("label", "counter"))
	c2 := client(t)
	login(t, c2, srv.URL, "bob")
	if _, body = get(t, c2, srv.URL+"/annotate?pair=S%2FPV.8731%234.2%3AAU"); strings.Contains(body, `id="mine"`) || strings.Contains(body, "counter</span>") {
		t.Errorf("bob sees ann's label:\n%s", body)
	}
	// A bad queue is the coder's to fix.
	if code, body := get(t, c, srv.URL+"/annotate?order=best"); code != http.StatusBadRequest || !strings.Contains(body, "order") {
		t.Errorf("bad order: %d", code)
	}
	if code, _ := get(t, c, srv.URL+"/annotate?q=(("); code != http.StatusBadRequest {
		t.Errorf("bad search: %d", code)
	}
	// Logging out ends the session.
	post(t, c, srv.URL+"/annotate/logout", url.Values{"csrf": {token}})
	if code, _ := post(t, c, srv.URL+"/annotate/code", form("label", "neutral")); code != http.StatusUnauthorized {
		t.Errorf("after logout: %d", code)
	}
	// Stats and codebook render.
	if code, body := get(t, c2, srv.URL+"/annotate/stats"); code != 200 || !strings.Contains(body, "ann") {
		t.Errorf("stats: %d\n%s", code, body)
	}
	if code, body := get(t, c2, srv.URL+"/annotate/codebook"); code != 200 || !strings.Contains(body, CodebookSHA256) {
		t.Errorf("codebook: %d", code)
	}
}

func TestPageHostsAndKey(t *testing.T) {
	f := newFake()
	h := NewHandler(f, HandlerOptions{Hosts: []string{"localhost", "127.0.0.1"}, Key: "sesame"})
	for host, want := range map[string]int{"127.0.0.1:8080": 200, "localhost:8080": 200, "evil.example:8080": http.StatusMisdirectedRequest, "evil.example": http.StatusMisdirectedRequest} {
		req := httptest.NewRequest("GET", "/annotate", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
	login := func(key string) int {
		req := httptest.NewRequest("POST", "/annotate/login", strings.NewReader(url.Values{"name": {"ann"}, "key": {key}}.Encode()))
		req.Host = "127.0.0.1:8080"
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := login("wrong"); code != http.StatusForbidden {
		t.Errorf("wrong key: %d", code)
	}
	if code := login("sesame"); code != http.StatusSeeOther {
		t.Errorf("right key: %d", code)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/annotate?order=random":  "/annotate?order=random",
		"//evil.example/annotate": "/annotate",
		"https://evil.example/":   "/annotate",
		"/admin":                  "/annotate",
		"/annotate\\@evil":        "/annotate",
		"":                        "/annotate",
		"/annotate/stats":         "/annotate/stats",
		"/annotate/":              "/annotate/",
		// Dot segments, plain or encoded, out of /annotate: http.Redirect
		// cleaned the first to /report, a browser resolves the second.
		"/annotate/../report":                  "/annotate",
		"/annotate/../..//evil.example":        "/annotate",
		"/annotate/%2e%2e/api/search?q=x":      "/annotate",
		"/annotate/stats/../../delegation/RUS": "/annotate",
		"/annotatex":                           "/annotate",
		"/annotate/stats/../codebook?x=1":      "/annotate/stats/../codebook?x=1",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegments(t *testing.T) {
	got := segments("The AU and the EU.", []Span{{15, 17}, {4, 6}, {5, 9}, {16, 40}})
	want := []segment{{"The ", false}, {"AU", true}, {" and the ", false}, {"EU", true}, {".", false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("segments = %v, want %v", got, want)
	}
	// A span inside a character is dropped.
	if got := segments("Café AU", []Span{{4, 5}}); len(got) != 1 || got[0].Mark {
		t.Errorf("split rune marked: %v", got)
	}
}

// TestPageHeadings: every page of the labelling site has one h1 (the
// coding, agreement and codebook pages had none, only h2s or none at all),
// and its language.
func TestPageHeadings(t *testing.T) {
	srv := httptest.NewServer(NewHandler(newFake(), HandlerOptions{}))
	defer srv.Close()
	c := client(t)
	check := func(path string) {
		t.Helper()
		_, body := get(t, c, srv.URL+path)
		if n := strings.Count(body, "<h1"); n != 1 || !strings.Contains(body, `<html lang="en">`) {
			t.Errorf("%s: %d h1, lang given %v", path, n, strings.Contains(body, `<html lang="en">`))
		}
	}
	check("/annotate") // the login form, before the session
	login(t, c, srv.URL, "ann")
	for _, p := range []string{"/annotate", "/annotate?target=AU", "/annotate/stats", "/annotate/codebook", "/annotate?order=nonsense"} {
		check(p)
	}
}

// TestPageMethods: a known address asked with another method is 405 with
// Allow (GET /annotate/login, what a crawler or a typed address sends, was
// 404 "page not found"); an unknown one stays 404.
func TestPageMethods(t *testing.T) {
	h := NewHandler(newFake(), HandlerOptions{})
	for _, c := range []struct {
		method, path string
		code         int
		allow        string
	}{
		{"GET", "/annotate/login", http.StatusMethodNotAllowed, "POST"},
		{"GET", "/annotate/code", http.StatusMethodNotAllowed, "POST"},
		{"GET", "/annotate/undo", http.StatusMethodNotAllowed, "POST"},
		{"GET", "/annotate/logout", http.StatusMethodNotAllowed, "POST"},
		{"GET", "/annotate/adjudicate", http.StatusMethodNotAllowed, "POST"},
		{"DELETE", "/annotate/stats", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"PUT", "/annotate", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"GET", "/annotate/nowhere", http.StatusNotFound, ""},
		{"GET", "/annotate/stats", http.StatusOK, ""},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(c.method, c.path, nil)
			req.Host = "127.0.0.1:8080"
			h.ServeHTTP(rec, req)
			if rec.Code != c.code || rec.Header().Get("Allow") != c.allow {
				t.Errorf("%d Allow %q, want %d %q", rec.Code, rec.Header().Get("Allow"), c.code, c.allow)
			}
		})
	}
}

// TestStatsPageNeedsSession: the agreement page shows every coder's labels
// and notes, so it needs a session as coding does (and so the access key
// when unpv serve listens beyond loopback): without one it was served to
// anyone who could reach the server.
func TestStatsPageNeedsSession(t *testing.T) {
	f := newFake()
	f.codings = []unpv.Coding{
		{SentenceID: "S/PV.8731#4.2", Target: "AU", Coder: "ann", Label: unpv.Counter, Note: "secret-note-ann"},
		{SentenceID: "S/PV.8731#4.2", Target: "AU", Coder: "bob", Label: unpv.Recognition, Note: "secret-note-bob"},
	}
	srv := httptest.NewServer(NewHandler(f, HandlerOptions{Key: "sesame"}))
	defer srv.Close()
	c := client(t)
	for _, path := range []string{"/annotate/stats", "/annotate/stats#disagreements"} {
		t.Run("no session "+path, func(t *testing.T) {
			code, body := get(t, c, srv.URL+path)
			if code != http.StatusOK || !strings.Contains(body, `action="/annotate/login"`) || !strings.Contains(body, `name="key"`) {
				t.Errorf("%d, want the login form with the key:\n%s", code, body)
			}
			if strings.Contains(body, "secret-note") || strings.Contains(body, "bob") {
				t.Errorf("the agreement page shows labels without a session:\n%s", body)
			}
			if !strings.Contains(body, `name="next" value="/annotate/stats"`) {
				t.Errorf("login does not come back to the agreement page:\n%s", body)
			}
		})
	}
	t.Run("session", func(t *testing.T) {
		if code, loc := post(t, c, srv.URL+"/annotate/login", url.Values{"name": {"judge"}, "key": {"sesame"}, "next": {"/annotate/stats"}}); code != http.StatusSeeOther || loc != "/annotate/stats" {
			t.Fatalf("login: %d %q", code, loc)
		}
		if code, body := get(t, c, srv.URL+"/annotate/stats"); code != http.StatusOK || !strings.Contains(body, "secret-note-bob") {
			t.Errorf("with a session: %d\n%s", code, body)
		}
	})
}

var seenRe = regexp.MustCompile(`name="seen" value="([0-9]+)"`)

// TestTwoTabsCodeAPairOnce: a coder with the same queue open in two tabs
// (or windows) is shown the same pair in both; coding it in the second
// after the first recorded a second label over the first, unseen. The form
// carries the coder's act on the pair it showed (seen), and a pair coded
// since is not coded again: the next pair comes, with a notice.
func TestTwoTabsCodeAPairOnce(t *testing.T) {
	f := newFake()
	srv := httptest.NewServer(NewHandler(f, HandlerOptions{}))
	defer srv.Close()
	c := client(t)
	token := login(t, c, srv.URL, "ann")
	tab := func() (pair, seen string) {
		t.Helper()
		_, body := get(t, c, srv.URL+"/annotate")
		m := seenRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no seen field in the coding form:\n%s", body)
		}
		return regexp.MustCompile(`data-pair="([^"]+)"`).FindStringSubmatch(body)[1], m[1]
	}
	codeIt := func(pair, seen string, label unpv.Label) (int, string) {
		t.Helper()
		v := url.Values{"csrf": {token}, "pair": {pair}, "label": {string(label)}}
		if seen != "" {
			v.Set("seen", seen)
		}
		return post(t, c, srv.URL+"/annotate/code", v)
	}
	labels := func() (out []string) {
		for _, c := range f.codings {
			out = append(out, c.SentenceID+" "+string(c.Label))
		}
		return out
	}
	pairA, seenA := tab()
	pairB, seenB := tab()
	if pairA != pairB || seenA != "0" || seenB != "0" {
		t.Fatalf("two tabs: %s (seen %s), %s (seen %s)", pairA, seenA, pairB, seenB)
	}
	steps := []struct {
		name       string
		pair, seen string
		label      unpv.Label
		wantLoc    string
		wantLabels []string
	}{
		{"first tab codes", pairA, seenA, unpv.Recognition, "/annotate", []string{"S/PV.8731#4.2 recognition"}},
		{"second tab, same pair", pairB, seenB, unpv.Counter, "/annotate?kept=S%2FPV.8731%234.2%3AAU",
			[]string{"S/PV.8731#4.2 recognition"}},
		{"changing it with the label seen", pairA, "1", unpv.Neutral, "/annotate",
			[]string{"S/PV.8731#4.2 recognition", "S/PV.8731#4.2 neutral"}},
		{"a form without seen (a script) codes", pairA, "", unpv.Counter, "/annotate",
			[]string{"S/PV.8731#4.2 recognition", "S/PV.8731#4.2 neutral", "S/PV.8731#4.2 counter"}},
	}
	for _, s := range steps {
		code, loc := codeIt(s.pair, s.seen, s.label)
		if code != http.StatusSeeOther || loc != s.wantLoc {
			t.Errorf("%s: %d %q, want 303 %q", s.name, code, loc, s.wantLoc)
		}
		if diff := cmp.Diff(s.wantLabels, labels()); diff != "" {
			t.Errorf("%s: codings (-want +got):\n%s", s.name, diff)
		}
	}
	// The page after the refusal says what happened and shows the next pair.
	_, body := get(t, c, srv.URL+"/annotate?kept=S%2FPV.8731%234.2%3AAU")
	if !strings.Contains(body, `id="notice"`) || !strings.Contains(body, "S/PV.8731#4.2:AU") || !strings.Contains(body, "labelled it counter") ||
		!strings.Contains(body, `data-pair="S/PV.8731#4.3:AU"`) {
		t.Errorf("after the second tab's coding:\n%s", body)
	}
	// The notice is only of a pair the coder did code.
	if _, body := get(t, c, srv.URL+"/annotate?kept=S%2FPV.8731%234.3%3AAU"); strings.Contains(body, `id="notice"`) {
		t.Errorf("notice for a pair not coded:\n%s", body)
	}
	// A form showing a coding that was undone meanwhile in another tab
	// (none of hers left) records nothing, and says so: the label was
	// dropped without a word.
	pairC, seenC := tab()
	if code, loc := codeIt(pairC, seenC, unpv.Neutral); code != http.StatusSeeOther || loc != "/annotate" {
		t.Fatalf("coding %s: %d %q", pairC, code, loc)
	}
	n := len(f.codings)
	f.codings = f.codings[:n-1] // undone in the other tab
	code, loc := codeIt(pairC, fmt.Sprint(n), unpv.Counter)
	const wantLoc = "/annotate?undone-elsewhere=S%2FPV.8731%234.3%3AAU"
	if code != http.StatusSeeOther || loc != wantLoc || len(f.codings) != n-1 {
		t.Errorf("stale form after undo: %d %q, %d codings; want 303 %q, %d", code, loc, len(f.codings), wantLoc, n-1)
	}
	if _, body := get(t, c, srv.URL+loc); !strings.Contains(body, `id="notice"`) || !strings.Contains(body, "S/PV.8731#4.3:AU was undone meanwhile") {
		t.Errorf("after a stale form:\n%s", body)
	}
	// The notice is only of a pair she has no coding of now.
	if _, body := get(t, c, srv.URL+"/annotate?undone-elsewhere=S%2FPV.8731%234.2%3AAU"); strings.Contains(body, `id="notice"`) {
		t.Errorf("undone notice for a pair she has coded:\n%s", body)
	}
}

// TestDisagreementsLinkTheirContext: the adjudicator sees each disputed
// sentence in its speech (the search page's speech view, at the sentence:
// the context the coders saw) when unpv serve serves search; the page gave
// the sentence alone.
func TestDisagreementsLinkTheirContext(t *testing.T) {
	for _, tc := range []struct {
		name   string
		search bool
		link   bool
	}{{"with search", true, true}, {"without search", false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			f.codings = []unpv.Coding{
				{SentenceID: "A/73/PV (general debate)#1682.21", Target: "EAEU", Coder: "ann", Label: unpv.Counter},
				{SentenceID: "A/73/PV (general debate)#1682.21", Target: "EAEU", Coder: "bob", Label: unpv.Neutral},
			}
			srv := httptest.NewServer(NewHandler(f, HandlerOptions{Search: tc.search}))
			defer srv.Close()
			c := client(t)
			login(t, c, srv.URL, "judge")
			_, body := get(t, c, srv.URL+"/annotate/stats")
			const href = `href="/speech/A%2F73%2FPV%20%28general%20debate%29%231682.21"`
			if got := strings.Contains(body, href); got != tc.link {
				t.Errorf("link %s: %v, want %v\n%s", href, got, tc.link, body)
			}
		})
	}
}

// TestStatsPageNoEstimate: a random sample with no pair to score (here,
// pairs the model no longer labels) shows no estimate on the agreement
// page, where it showed accuracy 0.000 [0.000, 1.000] and precisions of
// 0/0 as 0.000, a model wrong every time.
func TestStatsPageNoEstimate(t *testing.T) {
	f := newFake()
	f.codings = []unpv.Coding{{SentenceID: "S/PV.8731#4.2", Target: "AU", Coder: "ann", Label: unpv.Counter, Queue: "random seed=1"}}
	srv := httptest.NewServer(NewHandler(f, HandlerOptions{}))
	defer srv.Close()
	c := client(t)
	login(t, c, srv.URL, "ann")
	_, body := get(t, c, srv.URL+"/annotate/stats")
	if !strings.Contains(body, "accuracy <b>–</b> (no pair to score) · macro-F1 –") || strings.Contains(body, "0.000 [0.000, 1.000]") {
		t.Errorf("the sample without a pair to score:\n%s", body)
	}
}

// TestAdjudicateNeedsADisagreement: an adjudication settles two coders'
// differing labels; a form sent by hand for a pair nobody labelled, one
// coder labelled or coders agree on is a 400 naming why, and records
// nothing (it was recorded, a hand label no coder's label backed).
func TestAdjudicateNeedsADisagreement(t *testing.T) {
	f := newFake()
	f.pairs = append(f.pairs, Item{Pair: Pair{"S/PV.8731#4.4", "AU"}, Sentence: "The AU met."})
	disputed, single, agreed := f.pairs[0].Pair, f.pairs[1].Pair, f.pairs[2].Pair
	f.codings = []unpv.Coding{
		{SentenceID: disputed.SentenceID, Target: "AU", Coder: "ann", Label: unpv.Counter},
		{SentenceID: disputed.SentenceID, Target: "AU", Coder: "bob", Label: unpv.Recognition},
		{SentenceID: single.SentenceID, Target: "AU", Coder: "ann", Label: unpv.Counter},
		{SentenceID: agreed.SentenceID, Target: "AU", Coder: "ann", Label: unpv.Neutral},
		{SentenceID: agreed.SentenceID, Target: "AU", Coder: "bob", Label: unpv.Neutral},
	}
	srv, c, token := serveFake(t, f, "cat")
	for _, tc := range []struct {
		name string
		pair string
		want int
	}{
		{"nobody labelled it", "S/PV.1#1.1:AU", http.StatusBadRequest},
		{"one coder", PairID(single.SentenceID, "AU"), http.StatusBadRequest},
		{"coders agree", PairID(agreed.SentenceID, "AU"), http.StatusBadRequest},
		{"a disagreement", PairID(disputed.SentenceID, "au"), http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(f.codings)
			code, _ := post(t, c, srv.URL+"/annotate/adjudicate", url.Values{"csrf": {token}, "pair": {tc.pair}, "label": {"neutral"}})
			if code != tc.want {
				t.Errorf("adjudicating %s: %d, want %d", tc.pair, code, tc.want)
			}
			if added := len(f.codings) - n; (added == 1) != (tc.want == http.StatusSeeOther) {
				t.Errorf("adjudicating %s added %d codings", tc.pair, added)
			}
		})
	}
}

// TestHandPickedPairIsNotInTheSample: a pair opened by its URL on a random
// queue that has not drawn it is coded as hand-picked (QueueHandPicked),
// the page says so beforehand, and the sample's statistics do not count it:
// it was recorded as the random queue's, so that hand-picked pairs entered
// the sample whose accuracy and kappa a paper reports. The queue's next
// pair, and a pair coded from it before (undo, relabel), stay its.
func TestHandPickedPairIsNotInTheSample(t *testing.T) {
	f := newFake()
	srv, c, token := serveFake(t, f, "ann")
	const rnd = "random seed=1"
	next, later := PairID(f.pairs[0].SentenceID, "AU"), PairID(f.pairs[1].SentenceID, "AU")
	for _, tc := range []struct {
		name, pair string
		notice     bool   // the page says the pair is outside the sample
		queue      string // the coding's
	}{
		{"a pair the queue has not drawn", later, true, QueueHandPicked},
		{"the queue's next pair", next, false, rnd},
		{"a pair coded from the queue before", next, false, rnd},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body := get(t, c, srv.URL+"/annotate?order=random&pair="+url.QueryEscape(tc.pair))
			if got := strings.Contains(body, `id="notice"`) && strings.Contains(body, "hand-picked"); got != tc.notice {
				t.Errorf("notice that the pair is outside the sample: %v, want %v\n%s", got, tc.notice, body)
			}
			code, _ := post(t, c, srv.URL+"/annotate/code", url.Values{"csrf": {token}, "order": {"random"}, "pair": {tc.pair}, "label": {"neutral"}})
			if code != http.StatusSeeOther {
				t.Fatalf("coding: %d", code)
			}
			if got := f.codings[len(f.codings)-1].Queue; got != tc.queue {
				t.Errorf("coding recorded from queue %q, want %q", got, tc.queue)
			}
		})
	}
	st := Compute(f.codings, map[Pair]unpv.Label{f.pairs[0].Pair: unpv.Neutral, f.pairs[1].Pair: unpv.Neutral}, nil)
	if len(st.Accuracy) != 1 || st.Accuracy[0].Queue != rnd || st.Accuracy[0].N != 1 {
		t.Errorf("the sample's accuracy counts %+v, want the one pair it drew", st.Accuracy)
	}
}

// serveFake serves the page over f until the test ends, with a client
// logged in as coder and its form token.
func serveFake(t *testing.T, f *fakeWorkspace, coder string) (*httptest.Server, *http.Client, string) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(f, HandlerOptions{}))
	t.Cleanup(srv.Close)
	c := client(t)
	return srv, c, login(t, c, srv.URL, coder)
}

// TestStatsPageFirstLabels: the agreement page gives the kappa of each
// coder's first labels beside that of her latest, each named.
func TestStatsPageFirstLabels(t *testing.T) {
	f := newFake()
	for _, c := range []struct {
		i     int
		coder string
		l     unpv.Label
	}{{0, "ann", unpv.Counter}, {0, "bob", unpv.Neutral}, {1, "ann", unpv.Neutral}, {1, "bob", unpv.Neutral}, {0, "bob", unpv.Counter}} {
		f.codings = append(f.codings, unpv.Coding{SentenceID: f.pairs[c.i].SentenceID, Target: "AU", Coder: c.coder, Label: c.l})
	}
	srv, c, _ := serveFake(t, f, "ann")
	_, body := get(t, c, srv.URL+"/annotate/stats")
	for _, want := range []string{`latest labels: <span class="kappa">κ = 1.000</span>`, `first labels (each coder's first label of each pair`, `<span class="kappa-first">κ = 0.000</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("stats page lacks %q:\n%s", want, body)
		}
	}
}
