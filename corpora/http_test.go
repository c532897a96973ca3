package corpora

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// fakeClock is the client's clock in tests: Sleep records the wait and
// advances Now, so nothing ever sleeps and waits are asserted exactly.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.slept = append(c.slept, d)
		c.t = c.t.Add(d)
	}
	return ctx.Err()
}

func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

func testClient(clock *fakeClock, o ClientOptions) *Client {
	c := NewClient(o)
	c.Now, c.Sleep = clock.Now, clock.Sleep
	c.Rand = func() float64 { return 0 } // no jitter: waits are the doubling steps
	return c
}

// realPDF is a real verbatim record (see testdata/PROVENANCE.md).
func realPDF(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/pdf/S_PV.3756_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// script serves a sequence of handlers, one per request, repeating the last.
type script struct {
	mu    sync.Mutex
	steps []http.HandlerFunc
	reqs  []*http.Request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(len(s.reqs), len(s.steps)-1)
	s.reqs = append(s.reqs, r.Clone(context.Background()))
	h := s.steps[i]
	s.mu.Unlock()
	h(w, r)
}

func (s *script) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

func servePDF(pdf []byte, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if etag != "" {
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", "Fri, 21 Mar 1997 15:00:00 GMT")
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
		w.Write(pdf)
	}
}

func status(code int, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><body>%d</body></html>", code)
	}
}

// truncated declares the full length but sends only half and hangs up.
func truncated(pdf []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
		w.Write(pdf[:len(pdf)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	}
}

// challengePage is shaped like the AWS WAF JavaScript challenge that Harvard
// Dataverse served non-browser clients in 2026 (FORMATS.md §2); no raw copy
// of such a page was available, so its markup is written here.
const challengePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title>
<script type="text/javascript" src="https://example.token.awswaf.com/challenge.js"></script></head>
<body><div id="challenge-container"></div><noscript>JavaScript is required</noscript></body></html>`

func TestClientRetryAfter429(t *testing.T) {
	pdf := realPDF(t)
	for _, tt := range []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http-date", "Fri, 27 Nov 2026 08:00:30 GMT", 30 * time.Second}, // clock starts at 08:00:00
		{"shorter than backoff", "1", 2 * time.Second},                   // backoff 2s wins
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := &script{steps: []http.HandlerFunc{status(429, "Retry-After", tt.retryAfter), servePDF(pdf, "")}}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			clock := newFakeClock()
			c := testClient(clock, ClientOptions{})
			resp, err := c.Get(context.Background(), Request{URL: ts.URL + "/x.pdf", Expect: ExpectPDF})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != 2 || len(resp.Body) != len(pdf) {
				t.Errorf("attempts %d, %d bytes", resp.Attempts, len(resp.Body))
			}
			if diff := cmp.Diff([]time.Duration{tt.want}, clock.Slept()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientRetryAfterHoldsNextRequest: a Retry-After the last attempt of
// a failed request received still holds the client's next request, to any
// URL: the server asked not to be asked before then.
func TestClientRetryAfterHoldsNextRequest(t *testing.T) {
	for _, tt := range []struct {
		name  string
		first http.HandlerFunc
		want  []time.Duration // waits before the next request
	}{
		{"429 with Retry-After", status(429, "Retry-After", "7"), []time.Duration{7 * time.Second}},
		{"503 with an HTTP date", status(503, "Retry-After", "Fri, 27 Nov 2026 08:00:30 GMT"), []time.Duration{30 * time.Second}},
		{"503 without", status(503), []time.Duration{time.Second}}, // the rate limit
		// A Retry-After beyond the cap makes the next request fail at
		// once, unsent: TestClientRetryAfterTooLongHoldsClient.
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/first" {
					tt.first(w, r)
					return
				}
				w.WriteHeader(http.StatusOK)
			}))
			defer ts.Close()
			clock := newFakeClock()
			c := testClient(clock, ClientOptions{MaxRetries: -1})
			if _, err := c.Get(context.Background(), Request{URL: ts.URL + "/first"}); err == nil {
				t.Fatal("first request: no error")
			}
			before := len(clock.Slept())
			if _, err := c.Get(context.Background(), Request{URL: ts.URL + "/next"}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, clock.Slept()[before:]); diff != "" {
				t.Errorf("waits before the next request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClient503RetryAfterThenOK(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(503, "Retry-After", "20"), status(503, "Retry-After", "20"), servePDF(realPDF(t), "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	resp, err := testClient(clock, ClientOptions{}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
	if err != nil || resp.Attempts != 3 {
		t.Fatalf("err %v, resp %+v", err, resp)
	}
	if diff := cmp.Diff([]time.Duration{20 * time.Second, 20 * time.Second}, clock.Slept()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestClient500sThenOK(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(500), status(502), status(504), servePDF(realPDF(t), "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	resp, err := testClient(clock, ClientOptions{}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
	if err != nil || resp.Attempts != 4 {
		t.Fatalf("err %v, resp %+v", err, resp)
	}
	// Exponential backoff from 2s; the rate limiter (1/s) never adds a wait
	// because each backoff already spaces the requests.
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}, clock.Slept()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestClientRetriesExhausted(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(500)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	_, err := testClient(clock, ClientOptions{MaxRetries: 2, BaseBackoff: time.Second, MaxBackoff: 90 * time.Second}).
		Get(context.Background(), Request{URL: ts.URL})
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 500 || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("err %v", err)
	}
	if n := len(srv.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second}, clock.Slept()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestClientRetryAfterTooLong(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(429, "Retry-After", "86400")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	_, err := testClient(clock, ClientOptions{}).Get(context.Background(), Request{URL: ts.URL})
	var he *HTTPError
	if !errors.As(err, &he) || he.RetryAfter != 24*time.Hour || len(srv.requests()) != 1 || len(clock.Slept()) != 0 {
		t.Fatalf("err %v after %d requests, waits %v", err, len(srv.requests()), clock.Slept())
	}
}

// cutClose sends half the PDF with neither a Content-Length nor chunking
// (HTTP/1.1 with Connection: close) and hangs up: to the transport a
// complete body, which only the missing %%EOF trailer gives away.
func cutClose(pdf []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, bw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer c.Close()
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nConnection: close\r\n\r\n")
		bw.Write(pdf[:len(pdf)/2])
		bw.Flush()
	}
}

func TestClientTruncatedBody(t *testing.T) {
	pdf := realPDF(t)
	for _, tt := range []struct {
		name string
		cut  http.HandlerFunc
	}{
		{"short of its Content-Length", truncated(pdf)},
		{"without length, connection closed", cutClose(pdf)},
		// An empty 200 was reported as a challenge or HTML page of 0 bytes.
		{"empty", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", "0")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Run("then ok", func(t *testing.T) {
				srv := &script{steps: []http.HandlerFunc{tt.cut, servePDF(pdf, "")}}
				ts := httptest.NewServer(srv)
				defer ts.Close()
				resp, err := testClient(newFakeClock(), ClientOptions{}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
				if err != nil || resp.Attempts != 2 || len(resp.Body) != len(pdf) {
					t.Fatalf("err %v, %d attempts, %d of %d bytes", err, resp.Attempts, len(resp.Body), len(pdf))
				}
			})
			t.Run("always", func(t *testing.T) {
				srv := &script{steps: []http.HandlerFunc{tt.cut}}
				ts := httptest.NewServer(srv)
				defer ts.Close()
				_, err := testClient(newFakeClock(), ClientOptions{MaxRetries: 1}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
				if !errors.Is(err, ErrTruncated) || len(srv.requests()) != 2 {
					t.Fatalf("err %v after %d requests", err, len(srv.requests()))
				}
			})
		})
	}
}

func TestClientChallenge(t *testing.T) {
	for _, tt := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"html as text/html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, challengePage)
		}},
		{"html as application/pdf", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			io.WriteString(w, challengePage)
		}},
		{"waf header 202", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-amzn-waf-action", "challenge")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, challengePage)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := &script{steps: []http.HandlerFunc{tt.h}}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			dir := t.TempDir()
			ods := &ODS{Client: testClient(newFakeClock(), ClientOptions{}), Raw: NewRawStore(dir), Base: ts.URL}
			d, err := ods.Fetch(context.Background(), "S/PV.3756", nil)
			if !errors.Is(err, ErrChallenge) {
				t.Fatalf("err %v, want ErrChallenge", err)
			}
			if len(srv.requests()) != 1 || d.SHA256 != "" {
				t.Errorf("%d requests (challenges are not retried at once), download %+v", len(srv.requests()), d)
			}
			if _, err := os.Stat(filepath.Join(dir, "raw", "sha256")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("challenge page stored: %v", err)
			}
		})
	}
}

func TestClientSizeCap(t *testing.T) {
	pdf := realPDF(t)
	for _, tt := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"content-length", servePDF(pdf, "")},
		{"chunked", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			for i := 0; i < len(pdf); i += 4096 {
				w.Write(pdf[i:min(i+4096, len(pdf))])
				w.(http.Flusher).Flush()
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := &script{steps: []http.HandlerFunc{tt.h}}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			_, err := testClient(newFakeClock(), ClientOptions{MaxBytes: 10000}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
			if !errors.Is(err, ErrTooLarge) || len(srv.requests()) != 1 {
				t.Fatalf("err %v after %d requests", err, len(srv.requests()))
			}
		})
	}
}

func TestClientNotFoundAndHeaders(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(404)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := testClient(newFakeClock(), ClientOptions{Contact: "research@example.org"})
	_, err := c.Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
	if !errors.Is(err, unpv.ErrNotFound) || len(srv.requests()) != 1 {
		t.Fatalf("err %v after %d requests", err, len(srv.requests()))
	}
	r := srv.requests()[0]
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "unpv/") || !strings.Contains(ua, "contact: research@example.org)") {
		t.Errorf("User-Agent %q", ua)
	}
	if r.Header.Get("Accept") != "application/pdf" {
		t.Errorf("Accept %q", r.Header.Get("Accept"))
	}
}

func TestClientRateLimit(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{servePDF(realPDF(t), "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	c := testClient(clock, ClientOptions{Rate: 0.5})
	for range 3 {
		if _, err := c.Get(context.Background(), Request{URL: ts.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 2 * time.Second}, clock.Slept()); diff != "" {
		t.Errorf("rate-limit waits (-want +got):\n%s", diff)
	}
}

func TestClientCancelled(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(503)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := testClient(newFakeClock(), ClientOptions{})
	c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	_, err := c.Get(ctx, Request{URL: ts.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

func TestODSFetchRedirectAndNotModified(t *testing.T) {
	pdf := realPDF(t)
	mux := http.NewServeMux()
	var mu sync.Mutex
	var symbols []string
	mux.HandleFunc("/api/symbol/access", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		symbols = append(symbols, r.URL.Query().Get("s")+"|"+r.URL.Query().Get("l")+"|"+r.URL.Query().Get("t"))
		mu.Unlock()
		http.Redirect(w, r, "/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf", http.StatusFound)
	})
	mux.HandleFunc("/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf", servePDF(pdf, `"v1"`))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	dir := t.TempDir()
	clock := newFakeClock()
	ods := &ODS{Client: testClient(clock, ClientOptions{}), Raw: NewRawStore(dir), Base: ts.URL}
	d, err := ods.Fetch(context.Background(), "S_PV.3756_E.pdf", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Download{
		Symbol: "S/PV.3756", URL: ts.URL + "/api/symbol/access?l=en&s=S%2FPV.3756&t=pdf",
		FinalURL: ts.URL + "/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf", SHA256: sha3756,
		Path: "raw/sha256/5c/" + sha3756 + ".pdf", Bytes: len(pdf), ETag: `"v1"`,
		LastModified: "Fri, 21 Mar 1997 15:00:00 GMT", FetchedAt: clock.Now(),
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("download (-want +got):\n%s", diff)
	}
	stored, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(d.Path)))
	if err != nil || string(stored) != string(pdf) {
		t.Fatalf("stored file: %v", err)
	}
	again, err := ods.Fetch(context.Background(), "S/PV.3756", &d)
	if err != nil || !again.NotModified || again.SHA256 != d.SHA256 || again.Path != d.Path {
		t.Fatalf("conditional fetch: %+v, %v", again, err)
	}
	if diff := cmp.Diff([]string{"S/PV.3756|en|pdf", "S/PV.3756|en|pdf"}, symbols); diff != "" {
		t.Errorf("ODS queries (-want +got):\n%s", diff)
	}
	// A resumption is asked for in ODS spelling.
	if u := ods.URL("S/PV.8699 (Resumption 1)"); !strings.Contains(u, "s=S%2FPV.8699%28Resumption1%29") {
		t.Errorf("URL %s", u)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"120": 2 * time.Minute, "0": 0, "": 0, "-3": 0, "soon": 0,
		"Fri, 27 Nov 2026 08:01:00 GMT": time.Minute,
		"Fri, 27 Nov 2026 07:00:00 GMT": 0, // in the past
		// More seconds than a Duration holds: the longest wait, not a
		// wrapped negative one.
		"9223372037": math.MaxInt64, "99999999999999999999": math.MaxInt64,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestODSLandingPage(t *testing.T) {
	pdf := realPDF(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/symbol/access", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Query().Get("s") {
		case "S/PV.3756":
			io.WriteString(w, `<html><body><iframe src="/files/S_PV.3756-EN.pdf"></iframe></body></html>`)
		case "S/PV.1":
			io.WriteString(w, `<html><body><a href="other/S_PV.1-EN.PDF">Download</a></body></html>`)
		case "S/PV.4":
			io.WriteString(w, `<html><body><a href="/files/S_PV.4-EN.pdf">Download</a></body></html>`)
		default:
			io.WriteString(w, challengePage)
		}
	})
	mux.HandleFunc("/files/S_PV.3756-EN.pdf", servePDF(pdf, ""))
	mux.HandleFunc("/api/symbol/other/S_PV.1-EN.PDF", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, challengePage) // the link leads to another HTML page
	})
	mux.HandleFunc("/files/S_PV.4-EN.pdf", func(w http.ResponseWriter, r *http.Request) {
		c, _, _ := w.(http.Hijacker).Hijack() // the link's connection reset
		c.Close()
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	dir := t.TempDir()
	ods := &ODS{Client: testClient(newFakeClock(), ClientOptions{}), Raw: NewRawStore(dir), Base: ts.URL}
	// A network error on the link is the site's failure alone: counted
	// also as a refusal (the landing page's ErrChallenge), it was counted
	// twice by FetchPDFs.
	if _, err := ods.Fetch(context.Background(), "S/PV.4", nil); !FailedSite(err) || Refused(err) || !strings.Contains(err.Error(), "/files/S_PV.4-EN.pdf") {
		t.Errorf("link meeting a network error: %v; want the site's failure, not a refusal (FailedSite %v, Refused %v)", err, FailedSite(err), Refused(err))
	}
	d, err := ods.Fetch(context.Background(), "S/PV.3756", nil)
	if err != nil || d.SHA256 != sha3756 || d.FinalURL != ts.URL+"/files/S_PV.3756-EN.pdf" {
		t.Fatalf("iframe landing page: %+v %v", d, err)
	}
	if _, err := ods.Fetch(context.Background(), "S/PV.1", nil); !errors.Is(err, ErrChallenge) || !strings.Contains(err.Error(), "/api/symbol/other/S_PV.1-EN.PDF") {
		t.Errorf("link to HTML: %v", err)
	}
	if _, err := ods.Fetch(context.Background(), "S/PV.2", nil); !errors.Is(err, ErrChallenge) {
		t.Errorf("page without link: %v", err)
	}
}

func TestClientPerAttemptTimeout(t *testing.T) {
	pdf := realPDF(t)
	release := make(chan struct{})
	defer close(release)
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	stallBody := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
		w.Write(pdf[:1000])
		w.(http.Flusher).Flush()
		hang(w, r)
	}
	srv := &script{steps: []http.HandlerFunc{hang, stallBody, servePDF(pdf, "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	resp, err := testClient(clock, ClientOptions{Timeout: 200 * time.Millisecond}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 3 || len(resp.Body) != len(pdf) {
		t.Errorf("attempts %d, %d bytes", resp.Attempts, len(resp.Body))
	}
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 4 * time.Second}, clock.Slept()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestODSUnconditional304(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	ods := &ODS{Client: testClient(newFakeClock(), ClientOptions{}), Raw: NewRawStore(dir), Base: ts.URL}
	// No previous download, and one whose file is gone: both unconditional.
	for _, prev := range []*Download{nil, {Symbol: "S/PV.3756", SHA256: sha3756, ETag: `"v1"`}} {
		d, err := ods.Fetch(context.Background(), "S/PV.3756", prev)
		if !errors.Is(err, ErrNotModified) || d.NotModified {
			t.Errorf("prev %v: %+v, %v", prev, d, err)
		}
	}
	for _, r := range srv.requests() {
		if r.Header.Get("If-None-Match") != "" {
			t.Errorf("conditional header sent without a stored file: %q", r.Header.Get("If-None-Match"))
		}
	}
}

func TestClientNoRetries(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(503)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, err := testClient(newFakeClock(), ClientOptions{MaxRetries: -1}).Get(context.Background(), Request{URL: ts.URL})
	var he *HTTPError
	if !errors.As(err, &he) || len(srv.requests()) != 1 {
		t.Errorf("err %v after %d requests", err, len(srv.requests()))
	}
}

// failingDial is an HTTP client whose every connection fails with err, as
// an offline machine's do; dials counts the attempts.
func failingDial(err error, dials *atomic.Int64) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		dials.Add(1)
		return nil, err
	}}}
}

// TestClientNetworkErrors: a host name that does not resolve fails at once
// (offline, 'fetch --plan' waited 30 s for each request before failing);
// a DNS failure that may pass and a refused connection are retried.
func TestClientNetworkErrors(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		attempts int
	}{
		{"no such host", &net.DNSError{Err: "no such host", Name: "www.un.org", IsNotFound: true}, 1},
		{"DNS server timed out", &net.DNSError{Err: "i/o timeout", Name: "www.un.org", IsTimeout: true, IsTemporary: true}, 3},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			var dials atomic.Int64
			_, err := testClient(clock, ClientOptions{MaxRetries: 2, HTTPClient: failingDial(tt.err, &dials)}).
				Get(context.Background(), Request{URL: "http://www.un.org/depts/dhl/resguide/scact2014_table_en.htm"})
			if !errors.Is(err, tt.err) {
				t.Errorf("err %v, want it to wrap %v", err, tt.err)
			}
			if n := int(dials.Load()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
			if n := len(clock.Slept()); n != tt.attempts-1 {
				t.Errorf("waited %d times (%v), want %d", n, clock.Slept(), tt.attempts-1)
			}
		})
	}
}

// TestClientRedirects: every redirect hop waits for the rate limiter, and
// a loop, too many hops or a downgrade to plain http stop at once with
// ErrRedirect, never retried (net/http's policy sent 10 hops at once and a
// loop was retried as a network error: 50 requests).
func TestClientRedirects(t *testing.T) {
	pdf := realPDF(t)
	var plainHits atomic.Int64
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		servePDF(pdf, "")(w, r)
	}))
	defer plain.Close()
	tests := []struct {
		name     string
		tls      bool
		handler  http.HandlerFunc
		requests int
		waits    []time.Duration
		wantErr  error
	}{
		{"three hops", false, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/":
				http.Redirect(w, r, "/api/symbol/access", http.StatusFound)
			case "/api/symbol/access":
				http.Redirect(w, r, "/doc/N9785756.pdf", http.StatusMovedPermanently)
			default:
				servePDF(pdf, "")(w, r)
			}
		}, 3, []time.Duration{time.Second, time.Second}, nil},
		{"loop", false, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop", http.StatusFound)
		}, 2, []time.Duration{time.Second}, ErrRedirect},
		{"too many", false, func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
			http.Redirect(w, r, "/"+strconv.Itoa(n+1), http.StatusFound)
		}, MaxRedirects + 1, slices.Repeat([]time.Duration{time.Second}, MaxRedirects), ErrRedirect},
		{"https to http", true, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, plain.URL+"/doc.pdf", http.StatusFound)
		}, 1, nil, ErrRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &script{steps: []http.HandlerFunc{tt.handler}}
			ts := httptest.NewUnstartedServer(srv)
			if tt.tls {
				ts.StartTLS()
			} else {
				ts.Start()
			}
			defer ts.Close()
			clock := newFakeClock()
			c := testClient(clock, ClientOptions{HTTPClient: ts.Client()})
			_, err := c.Get(context.Background(), Request{URL: ts.URL + "/", Expect: ExpectPDF})
			if tt.wantErr == nil && err != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if err != nil && !FailedSite(err) {
				t.Errorf("err %v: not the site's failure", err) // the site misroutes every record alike
			}
			if n := len(srv.requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if diff := cmp.Diff(tt.waits, clock.Slept()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("%d requests followed the downgrade to http", n)
	}
}

// TestClientRedirectToMirror: a mirror served over http may redirect to
// its own host; that is no downgrade from the UN's https.
func TestClientRedirectToMirror(t *testing.T) {
	pdf := realPDF(t)
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/documents.un.org/api/symbol/access" {
			http.Redirect(w, r, ts.URL+"/documents.un.org/doc/N9785756.pdf", http.StatusFound)
			return
		}
		servePDF(pdf, "")(w, r)
	}))
	defer ts.Close()
	mirror, err := ParseMirror(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := testClient(newFakeClock(), ClientOptions{Mirror: mirror, MaxRetries: -1})
	resp, err := c.Get(context.Background(), Request{URL: "https://documents.un.org/api/symbol/access?s=S%2FPV.3756", Expect: ExpectPDF})
	if err != nil || resp.FinalURL != ts.URL+"/documents.un.org/doc/N9785756.pdf" {
		t.Fatalf("through the mirror: %v", err)
	}
}

// TestClientRetryAfterTooLongHoldsClient: a Retry-After longer than
// MaxRetryAfter fails the request at once and every later request of the
// client too, unsent, until it ends (the next record's request went out a
// second later, and FetchPDFs asked three times before it gave up).
func TestClientRetryAfterTooLongHoldsClient(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(429, "Retry-After", "3600"), servePDF(realPDF(t), "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	c := testClient(clock, ClientOptions{})
	if _, err := c.Get(context.Background(), Request{URL: ts.URL + "/1"}); err == nil {
		t.Fatal("no error for Retry-After: 3600")
	}
	_, err := c.Get(context.Background(), Request{URL: ts.URL + "/2"})
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusTooManyRequests || !FailedSite(err) {
		t.Errorf("second request: err %v, want the 429 that holds the client, a failure of the site", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("%d requests within the server's hour, want 1", n)
	}
	_ = clock.Sleep(context.Background(), time.Hour)
	if _, err := c.Get(context.Background(), Request{URL: ts.URL + "/3"}); err != nil || len(srv.requests()) != 2 {
		t.Errorf("after the hour: err %v, %d requests", err, len(srv.requests()))
	}
}

// TestClientBackoffJitter: each backoff wait is its doubling step less a
// random part of up to half of it (Client.Rand), so that clients started by
// cron at the same minute spread their retries.
func TestClientBackoffJitter(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{status(503)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	steps := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second}
	t.Run("injected", func(t *testing.T) {
		clock := newFakeClock()
		c := testClient(clock, ClientOptions{})
		c.Rand = func() float64 { return 0.5 }
		c.Get(context.Background(), Request{URL: ts.URL})
		want := []time.Duration{1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 12 * time.Second}
		if diff := cmp.Diff(want, clock.Slept()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
	t.Run("default", func(t *testing.T) {
		clock := newFakeClock()
		c := NewClient(ClientOptions{})
		c.Now, c.Sleep = clock.Now, clock.Sleep
		c.Get(context.Background(), Request{URL: ts.URL})
		got := clock.Slept()
		if len(got) != len(steps) {
			t.Fatalf("waits %v, want %d", got, len(steps))
		}
		jittered := 0
		for i, d := range got {
			if d <= steps[i]/2 || d > steps[i] {
				t.Errorf("wait %d is %s, want in (%s, %s]", i+1, d, steps[i]/2, steps[i])
			}
			if d != steps[i] {
				jittered++
			}
		}
		if jittered == 0 {
			t.Errorf("waits %v: no jitter", got)
		}
	})
}

// resetMidBody sends the headers and 1,000 bytes of the PDF, then resets
// the connection (RST, not FIN): "connection reset by peer" mid-body.
func resetMidBody(pdf []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
		w.Write(pdf[:1000])
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
}

// TestClientResetMidBody: a connection reset in the middle of the body is
// a truncated download, retried, and the site's failure, so FetchPDFs
// stops after SiteDownAfter such records.
func TestClientResetMidBody(t *testing.T) {
	pdf := realPDF(t)
	srv := &script{steps: []http.HandlerFunc{resetMidBody(pdf)}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, err := testClient(newFakeClock(), ClientOptions{MaxRetries: 1}).Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF})
	if !errors.Is(err, ErrTruncated) || !errors.Is(err, syscall.ECONNRESET) || !FailedSite(err) {
		t.Errorf("err %v: want ErrTruncated wrapping the reset, a failure of the site", err)
	}
	if n := len(srv.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	// Every download resets: the site is down after SiteDownAfter records.
	f := &Fetcher{Client: testClient(newFakeClock(), ClientOptions{MaxRetries: -1}), Logger: slog.New(slog.DiscardHandler)}
	f.ODS = &ODS{Client: f.Client, Raw: NewRawStore(t.TempDir()), Base: ts.URL}
	var plan []PlannedMeeting
	for _, s := range []string{"S/PV.1", "S/PV.2", "S/PV.3", "S/PV.4", "S/PV.5"} {
		plan = append(plan, PlannedMeeting{Symbol: s})
	}
	var down int
	for _, err := range f.FetchPDFs(context.Background(), plan, nil) {
		if errors.Is(err, ErrSiteDown) {
			down++
		}
	}
	if down != len(plan)-SiteDownAfter {
		t.Errorf("%d downloads left untried, want %d", down, len(plan)-SiteDownAfter)
	}
}

// TestODSLandingPageConditional: the PDF a landing page embeds is asked
// for conditionally too, and its 304 keeps the stored file.
func TestODSLandingPageConditional(t *testing.T) {
	pdf := realPDF(t)
	var full atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/api/symbol/access", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><body><iframe src="/files/S_PV.3756-EN.pdf"></iframe></body></html>`)
	})
	mux.HandleFunc("/files/S_PV.3756-EN.pdf", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != `"v1"` {
			full.Add(1)
		}
		servePDF(pdf, `"v1"`)(w, r)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	ods := &ODS{Client: testClient(newFakeClock(), ClientOptions{}), Raw: NewRawStore(t.TempDir()), Base: ts.URL}
	d, err := ods.Fetch(context.Background(), "S/PV.3756", nil)
	if err != nil || d.ETag != `"v1"` {
		t.Fatalf("first fetch: %+v %v", d, err)
	}
	again, err := ods.Fetch(context.Background(), "S/PV.3756", &d)
	if err != nil || !again.NotModified || again.SHA256 != d.SHA256 || again.Path != d.Path || again.FinalURL != ts.URL+"/files/S_PV.3756-EN.pdf" {
		t.Errorf("conditional fetch: %+v %v", again, err)
	}
	if n := full.Load(); n != 1 {
		t.Errorf("the PDF was sent whole %d times, want 1", n)
	}
}

// TestClientBadContact: a contact net/http cannot send in the User-Agent
// fails every request at once, unsent and not retried, and is not the
// site's failure (it was retried four times as a network error).
func TestClientBadContact(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{servePDF(realPDF(t), "")}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, contact := range []string{"ops@uni.edu\r\nX-Injected: 1", "ops@uni.edu\n", "ops\x7f"} {
		clock := newFakeClock()
		_, err := testClient(clock, ClientOptions{Contact: contact}).Get(context.Background(), Request{URL: ts.URL})
		if err == nil || CheckContact(contact) == nil || FailedSite(err) || len(clock.Slept()) != 0 {
			t.Errorf("contact %q: err %v, waits %v", contact, err, clock.Slept())
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
	if err := CheckContact("José Núñez <jn@uni.edu>\t(nightly)"); err != nil {
		t.Errorf("a contact with a tab and accents: %v", err)
	}
}

// TestClientRateLimitConcurrent: concurrent requests and their retries
// share the one limiter. The clock stands still, so every reservation is
// made at the same instant and the limiter must give each request, first
// attempt or retry, from whichever goroutine, a slot of its own: N requests
// wait 0, 1, …, N-1 s. (Backoff waits, set far longer, are told apart.)
func TestClientRateLimitConcurrent(t *testing.T) {
	pdf := realPDF(t)
	var asked atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if asked.Add(1)%3 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		servePDF(pdf, "")(w, r)
	}))
	defer ts.Close()
	const backoff = 1000 * time.Hour
	var mu sync.Mutex
	var slots []time.Duration
	t0 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	c := NewClient(ClientOptions{BaseBackoff: backoff, MaxBackoff: backoff})
	c.Now = func() time.Time { return t0 }
	c.Rand = func() float64 { return 0 }
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		if d < backoff {
			mu.Lock()
			slots = append(slots, d)
			mu.Unlock()
		}
		return ctx.Err()
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 3 {
				if _, err := c.Get(context.Background(), Request{URL: ts.URL, Expect: ExpectPDF}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	n := int(asked.Load())
	if n <= 24 {
		t.Fatalf("%d requests: no retries", n)
	}
	want := make([]time.Duration, n)
	for i := range want {
		want[i] = time.Duration(i) * time.Second
	}
	slices.Sort(slots)
	if diff := cmp.Diff(want, slots); diff != "" {
		t.Errorf("rate-limit slots of %d requests (-want +got):\n%s", n, diff)
	}
}
