package corpora

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// gaRecord is a MARCXML record for a GA plenary meeting. No real UNDL
// response for a meeting record was available (raw-samples/PROVENANCE.md),
// so this one is written by hand in the API's default-namespace form.
const gaRecord = `<record><controlfield tag="001">3827500</controlfield>
<datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/71/PV.49</subfield><subfield code="c">71</subfield></datafield>
<datafield tag="245" ind1="1" ind2="0"><subfield code="a">General Assembly, 71st session : 49th plenary meeting, Monday, 21 November 2016, New York</subfield></datafield>
<datafield tag="269" ind1=" " ind2=" "><subfield code="a">2016-11-21</subfield></datafield>
<datafield tag="991" ind1=" " ind2=" "><subfield code="c">Cooperation between the United Nations and regional and other organizations</subfield></datafield>
</record>`

type fakeUN struct {
	mu       sync.Mutex
	table    []byte
	pdf      []byte
	marc     *marcServer
	queries  []string
	pdfAsked []string
}

func (u *fakeUN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case r.URL.Path == "/scact2016_table_en.htm":
		w.Header().Set("Content-Type", "text/html")
		w.Write(u.table)
	case strings.HasPrefix(r.URL.Path, "/scact"):
		http.NotFound(w, r)
	case r.URL.Path == "/search":
		u.queries = append(u.queries, r.URL.Query().Get("p"))
		if strings.Contains(r.URL.Query().Get("p"), "A/71/PV") {
			fmt.Fprintf(w, "<?xml version=\"1.0\"?>\n<!-- Search-Engine-Total-Number-Of-Results: 1 -->\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">%s</collection>", gaRecord)
			return
		}
		u.marc.ServeHTTP(w, r) // real records that are not meeting records: filtered out
	case r.URL.Path == "/api/symbol/access":
		u.pdfAsked = append(u.pdfAsked, r.URL.Query().Get("s"))
		http.Redirect(w, r, "/pdf/"+strings.ReplaceAll(r.URL.Query().Get("s"), "/", "_")+".pdf", http.StatusFound)
	case strings.HasPrefix(r.URL.Path, "/pdf/S_PV.7705"):
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, challengePage)
	case strings.HasPrefix(r.URL.Path, "/pdf/"):
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(u.pdf)
	default:
		http.NotFound(w, r)
	}
}

// fakeUNFetcher serves u and returns a Fetcher that asks it for every
// listing and PDF, on a fake clock (no real waits).
func fakeUNFetcher(t *testing.T, u *fakeUN) (*Fetcher, *httptest.Server, *fakeClock) {
	ts := httptest.NewServer(u)
	t.Cleanup(ts.Close)
	clock := newFakeClock()
	f := NewFetcher(t.TempDir(), ClientOptions{})
	f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
	f.Now = clock.Now
	f.DHL.URL = func(y int) string { return fmt.Sprintf("%s/scact%d_table_en.htm", ts.URL, y) }
	f.UNDL.Base, f.ODS.Base = ts.URL, ts.URL
	return f, ts, clock
}

func TestFetcherPlanAndFetch(t *testing.T) {
	table, err := os.ReadFile("testdata/dhl/scact2016_table_en.html")
	if err != nil {
		t.Fatal(err)
	}
	un := &fakeUN{table: table, pdf: realPDF(t), marc: newMarcServer(t, undlExcerpt)}
	f, _, clock := fakeUNFetcher(t, un)

	plan, err := f.Plan(context.Background(), Selection{Agenda: []string{RegionalCooperationAgenda}, FromYear: 2015, ToYear: 2016})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		got = append(got, fmt.Sprintf("%s %s %s %s", p.Date, p.Symbol, p.Body, p.From))
	}
	want := []string{
		"2016-05-24 S/PV.7694 SC dhl", "2016-06-06 S/PV.7705 SC dhl", "2016-10-28 S/PV.7796 SC dhl",
		"2016-11-17 S/PV.7813 SC dhl", "2016-11-18 S/PV.7816 SC dhl", "2016-11-21 A/71/PV.49 GA undl",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	// 2015 has no table on this server (skipped); sessions 69–71 overlap 2015–2016.
	if diff := cmp.Diff([]string{`191__a:"A/69/PV.*"`, `191__a:"A/70/PV.*"`, `191__a:"A/71/PV.*"`}, un.queries); diff != "" {
		t.Errorf("UNDL queries (-want +got):\n%s", diff)
	}

	var ok, challenged int
	for d, err := range f.FetchPDFs(context.Background(), plan, nil) {
		switch {
		case errors.Is(err, ErrChallenge):
			challenged++
			if d.Symbol != "S/PV.7705" {
				t.Errorf("challenge for %s", d.Symbol)
			}
		case err != nil:
			t.Errorf("%s: %v", d.Symbol, err)
		default:
			ok++
			if d.SHA256 != sha3756 {
				t.Errorf("%s: sha %s", d.Symbol, d.SHA256)
			}
		}
	}
	if ok != 5 || challenged != 1 {
		t.Errorf("%d fetched, %d challenged", ok, challenged)
	}
	// Every request went through the one 1/s limiter, redirect hops too:
	// 2 tables + 3 searches + 6 ODS requests + the 6 PDFs they redirect to
	// = 17 requests, 16 one-second waits.
	want1s := make([]time.Duration, 16)
	for i := range want1s {
		want1s[i] = time.Second
	}
	if diff := cmp.Diff(want1s, clock.Slept()); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestFetcherPlanSymbols(t *testing.T) {
	f := NewFetcher(t.TempDir(), ClientOptions{})
	f.Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	plan, err := f.Plan(context.Background(), Selection{Symbols: []string{"S_PV.8699_Resumption1_E.pdf", "A/73/PV.101", "S/PV.7796"}, Bodies: []unpv.Body{unpv.SecurityCouncil}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		got = append(got, p.Symbol)
	}
	if diff := cmp.Diff([]string{"S/PV.7796", "S/PV.8699 (Resumption 1)"}, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if _, err := f.Plan(context.Background(), Selection{Symbols: []string{"S/2020/1311"}}); err == nil {
		t.Error("letter symbol accepted")
	}
}

// TestFetcherPlanOffline: a plan that reads the meeting lists fails at
// once when their host does not resolve (it retried for 30 s), saying that
// named symbols plan without the network; named symbols still plan.
// TestFetcherEmergencySession: `unpv fetch --symbols A/ES-11/PV.1` plans
// an emergency special session's record from any spelling of its symbol
// and asks ODS for it by the symbol as ODS spells it, as for the other
// records. No ODS answer for such a record was recorded: the server
// answers with the PDF of a General Assembly record as ODS served it (the
// bundled A/60/PV.25), through the same redirect as the other tests.
func TestFetcherEmergencySession(t *testing.T) {
	pdf, err := os.ReadFile("bundled/pdf/A_60_PV.25_E_N0553261.pdf")
	if err != nil {
		t.Fatal(err)
	}
	un := &fakeUN{pdf: pdf}
	f, ts, _ := fakeUNFetcher(t, un)
	plan, err := f.Plan(context.Background(), Selection{Symbols: []string{"A_ES-11_PV.1-EN.pdf", "A/ES-10/PV.21 (Resumption 1)"},
		Bodies: []unpv.Body{unpv.GeneralAssembly}})
	if err != nil {
		t.Fatal(err)
	}
	want := []PlannedMeeting{{Symbol: "A/ES-10/PV.21 (Resumption 1)", Body: unpv.GeneralAssembly, From: "symbol"},
		{Symbol: "A/ES-11/PV.1", Body: unpv.GeneralAssembly, From: "symbol"}}
	if d := cmp.Diff(want, plan); d != "" {
		t.Fatalf("plan (-want +got):\n%s", d)
	}
	var got []string
	for d, err := range f.FetchPDFs(context.Background(), plan, nil) {
		if err != nil {
			t.Fatalf("%s: %v", d.Symbol, err)
		}
		if d.Bytes != len(pdf) {
			t.Errorf("%s: %d bytes, want %d", d.Symbol, d.Bytes, len(pdf))
		}
		got = append(got, d.Symbol+" "+strings.TrimPrefix(d.URL, ts.URL))
	}
	wantURLs := []string{
		"A/ES-10/PV.21 (Resumption 1) /api/symbol/access?l=en&s=A%2FES-10%2FPV.21%28Resumption1%29&t=pdf",
		"A/ES-11/PV.1 /api/symbol/access?l=en&s=A%2FES-11%2FPV.1&t=pdf",
	}
	if d := cmp.Diff(wantURLs, got); d != "" {
		t.Errorf("downloads (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"A/ES-10/PV.21(Resumption1)", "A/ES-11/PV.1"}, un.pdfAsked); d != "" {
		t.Errorf("ODS asked (-want +got):\n%s", d)
	}
}

func TestFetcherPlanOffline(t *testing.T) {
	offline := &net.DNSError{Err: "no such host", Name: "www.un.org", IsNotFound: true}
	tests := []struct {
		name    string
		sel     Selection
		dials   int
		wantErr bool
	}{
		{"regional", Selection{Agenda: []string{RegionalCooperationAgenda}, FromYear: 2014, ToYear: 2016}, 1, true},
		{"GA years", Selection{FromYear: 2014, ToYear: 2014, Bodies: []unpv.Body{unpv.GeneralAssembly}}, 1, true},
		{"symbols", Selection{Symbols: []string{"S/PV.7796", "A/73/PV.101"}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dials atomic.Int64
			clock := newFakeClock()
			f := NewFetcher(t.TempDir(), ClientOptions{HTTPClient: failingDial(offline, &dials)})
			f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
			f.Now = clock.Now
			_, err := f.Plan(context.Background(), tt.sel)
			if tt.wantErr != (err != nil) {
				t.Fatalf("err %v, want an error: %v", err, tt.wantErr)
			}
			if err != nil && (!errors.Is(err, offline) || !strings.Contains(err.Error(), "only --symbols plans without the network")) {
				t.Errorf("err %q: want the DNS error and what plans offline", err)
			}
			if n := int(dials.Load()); n != tt.dials {
				t.Errorf("%d requests, want %d", n, tt.dials)
			}
			if len(clock.Slept()) != 0 {
				t.Errorf("waited %v", clock.Slept())
			}
		})
	}
}

// TestFetcherPlanBlocked: the meeting lists' host refusing the plan (a
// 403, a WAF's challenge, an HTML page where MARCXML should be) is asked
// once and the plan's error is a *BlockedError naming that host, as for
// downloads (exit 5, not 1); a 503 stays the site's failure.
func TestFetcherPlanBlocked(t *testing.T) {
	waf := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-waf-action", "challenge")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, challengePage)
	}
	html := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, challengePage)
	}
	sc := Selection{FromYear: 2016, ToYear: 2016, Bodies: []unpv.Body{unpv.SecurityCouncil}}
	ga := Selection{FromYear: 2016, ToYear: 2016, Bodies: []unpv.Body{unpv.GeneralAssembly}}
	for _, tc := range []struct {
		name    string
		sel     Selection
		answer  http.HandlerFunc
		blocked bool
		asked   int
	}{
		{"meeting table 403", sc, status(http.StatusForbidden), true, 1},
		{"meeting table WAF", sc, waf, true, 1},
		{"meeting table an HTML page without it", sc, html, true, 1},
		// 2016 spans two sessions (70, 71): the second search is the
		// check after the first refusal (PlanGaps), refused too.
		{"Digital Library 403", ga, status(http.StatusForbidden), true, 2},
		{"Digital Library WAF", ga, waf, true, 2},
		{"Digital Library an HTML page for MARCXML", ga, html, true, 2},
		{"meeting table 503", sc, status(http.StatusServiceUnavailable), false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				tc.answer(w, r)
			}))
			defer ts.Close()
			clock := newFakeClock()
			f := NewFetcher(t.TempDir(), ClientOptions{MaxRetries: 1})
			f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
			f.Now = clock.Now
			f.DHL.URL = func(y int) string { return fmt.Sprintf("%s/scact%d_table_en.htm", ts.URL, y) }
			f.UNDL.Base = ts.URL
			_, err := f.Plan(context.Background(), tc.sel)
			var be *BlockedError
			if got := errors.As(err, &be) && errors.Is(err, ErrBlocked); got != tc.blocked {
				t.Fatalf("blocked %v, want %v: %v", got, tc.blocked, err)
			}
			if n := int(asked.Load()); n != tc.asked {
				t.Errorf("%d requests, want %d", n, tc.asked)
			}
			if !tc.blocked {
				return
			}
			host := strings.TrimPrefix(ts.URL, "http://")
			for _, w := range []string{"plan: " + host + " refused the meeting lists' request", "nothing was fetched", "--contact"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestFailedSite: only what says the site is failing (5xx, 429, 408,
// network errors, timeouts, truncated bodies) counts towards leaving the
// rest of a plan for the next run; a 4xx is about the one document asked
// for, and the site answered.
func TestFailedSite(t *testing.T) {
	after := func(err error) error { return fmt.Errorf("ods S/PV.7001: after 5 attempts: %w", err) }
	httpErr := func(code int) error { return after(&HTTPError{URL: "https://documents.un.org/x", StatusCode: code}) }
	netErr := &url.Error{Op: "Get", URL: "https://documents.un.org/x", Err: errors.New("connection reset by peer")}
	dns := &url.Error{Op: "Get", URL: "https://documents.un.org/x", Err: &net.DNSError{Err: "no such host", Name: "documents.un.org", IsNotFound: true}}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"500", httpErr(http.StatusInternalServerError), true},
		{"501", httpErr(http.StatusNotImplemented), true},
		{"502", httpErr(http.StatusBadGateway), true},
		{"503", httpErr(http.StatusServiceUnavailable), true},
		{"504", httpErr(http.StatusGatewayTimeout), true},
		{"429", httpErr(http.StatusTooManyRequests), true},
		{"408", httpErr(http.StatusRequestTimeout), true},
		{"429 asking to wait too long", fmt.Errorf("server asks to wait 1h0m0s, more than the 10m0s allowed: %w", httpErr(http.StatusTooManyRequests)), true},
		{"400", httpErr(http.StatusBadRequest), false},
		{"401", httpErr(http.StatusUnauthorized), false},
		{"403", httpErr(http.StatusForbidden), false},
		{"405", httpErr(http.StatusMethodNotAllowed), false},
		{"451", httpErr(http.StatusUnavailableForLegalReasons), false},
		{"a redirect not followed", httpErr(http.StatusMultipleChoices), false},
		{"network error", after(netErr), true},
		{"host name not resolving", dns, true},
		{"timeout", after(context.DeadlineExceeded), true},
		{"truncated body", after(fmt.Errorf("GET x: %w: 10 of 20 bytes", ErrTruncated)), true},
		{"404/410", fmt.Errorf("GET x: HTTP 410: %w", unpv.ErrNotFound), false},
		{"challenge page", fmt.Errorf("GET x: %w", ErrChallenge), false},
		{"too large", fmt.Errorf("GET x: %w", ErrTooLarge), false},
		{"no error", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FailedSite(tc.err); got != tc.want {
				t.Errorf("FailedSite(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// pdfETag is the validator the tests' ODS gives its PDFs, so that a
// conditional request for one is answered 304.
const pdfETag = `"v1"`

// TestFetchPDFsSiteDown: after SiteDownAfter downloads in a row fail for the
// site's reasons (after their retries), the rest of the plan is not asked
// for; a document the site answers for, even with a 404, resets the count.
// Likewise after RefusedAfter refusals in a row (403, a WAF's challenge or
// another HTML page for the PDF): a site blocking the client was asked for
// every record of the plan.
func TestFetchPDFsSiteDown(t *testing.T) {
	pdf := realPDF(t)
	answer := map[string]http.HandlerFunc{
		"503": status(http.StatusServiceUnavailable),
		"429": status(http.StatusTooManyRequests, "Retry-After", "5"),
		"404": http.NotFound,
		"403": status(http.StatusForbidden),
		// The AWS WAF's challenge (x-amzn-waf-action) and an HTML page
		// with no PDF to follow in the place of the record.
		"waf": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-amzn-waf-action", "challenge")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, challengePage)
		},
		"html": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, challengePage)
		},
		"400": status(http.StatusBadRequest),
		"410": status(http.StatusGone),
		"ok":  servePDF(pdf, pdfETag),
		"reset": func(w http.ResponseWriter, r *http.Request) {
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		},
	}
	for _, tt := range []struct {
		name    string
		answers []string // per planned meeting, in order: a list for its requests in turn, the last repeated; "*": stored before
		want    []string // outcome per meeting
		checks  int      // requests of the checks after refusals, retries included
	}{
		{"server errors", []string{"503", "503", "503", "ok", "ok"}, []string{"site", "site", "site", "untried", "untried"}, 0},
		{"network errors and 429", []string{"reset", "429", "reset", "ok"}, []string{"site", "site", "site", "untried"}, 0},
		{"a 404 is the site answering", []string{"503", "503", "404", "503", "503", "ok"}, []string{"site", "site", "not found", "site", "site", "ok"}, 0},
		{"a download resets the count", []string{"503", "503", "ok", "503", "503", "503", "ok"}, []string{"site", "site", "ok", "site", "site", "site", "untried"}, 0},
		// A 400 or 410 is about one document: the site answered.
		{"a 403, a 400 and a 410 in a row", []string{"403", "400", "410", "ok"}, []string{"HTTP 403", "HTTP 400", "not found", "ok"}, 0},
		{"a 403 is the site answering", []string{"503", "503", "403", "503", "503", "ok"}, []string{"site", "site", "HTTP 403", "site", "site", "ok"}, 0},
		// Refusals (403, a WAF's challenge, an HTML page for the PDF):
		// after RefusedAfter in a row, one check (FetchPDFs). Nothing given
		// before, in this run or an earlier one: the next record is the
		// check, and a site refusing everything is asked RefusedAfter+1
		// times.
		{"three 403s, nothing given before: the fourth is the check", []string{"403", "403", "403", "ok", "ok"}, []string{"HTTP 403", "HTTP 403", "HTTP 403", "ok", "ok"}, 0},
		{"a WAF's challenge to every request", []string{"waf", "waf", "waf", "waf", "waf"}, []string{"challenge", "challenge", "challenge", "blocked", "untried, blocked"}, 0},
		{"403s and challenge pages", []string{"403", "html", "waf", "403", "ok"}, []string{"HTTP 403", "challenge", "challenge", "blocked", "untried, blocked"}, 0},
		{"refused to the last record", []string{"403", "403", "403"}, []string{"HTTP 403", "HTTP 403", "blocked"}, 0},
		{"an answer between refusals", []string{"403", "403", "ok", "403", "403", "404", "waf", "403", "ok"},
			[]string{"HTTP 403", "HTTP 403", "ok", "HTTP 403", "HTTP 403", "not found", "challenge", "HTTP 403", "ok"}, 0},
		// A failing site says nothing of whether it would answer.
		{"a site failure between refusals", []string{"403", "503", "403", "403", "403", "ok"}, []string{"HTTP 403", "site", "HTTP 403", "HTTP 403", "blocked", "untried, blocked"}, 0},
		// With a record given before (this run, or stored: *), the check
		// asks it again, conditionally: one request more.
		{"three refused records after one given", []string{"ok", "403", "403", "403", "ok"}, []string{"ok", "HTTP 403", "HTTP 403", "HTTP 403", "ok"}, 1},
		{"three refused records first, one stored later", []string{"403", "403", "waf", "ok*", "ok"}, []string{"HTTP 403", "HTTP 403", "challenge", "ok", "ok"}, 1},
		{"six refused records: two checks", []string{"ok", "403", "403", "403", "html", "403", "waf", "ok"},
			[]string{"ok", "HTTP 403", "HTTP 403", "HTTP 403", "challenge", "HTTP 403", "challenge", "ok"}, 2},
		{"a site refusing everything it gave before", []string{"403*", "403*", "403*", "403*", "403*"}, []string{"HTTP 403", "HTTP 403", "blocked", "untried, blocked", "untried, blocked"}, 1},
		// Records given by an earlier run and refused now for themselves
		// (withdrawn, restricted) are no check of the site: the check is
		// the next stored record not asked yet. Checking the first of the
		// three refused made them stop every nightly run there, exit 5.
		{"three records it gave before, refused now for themselves", []string{"403*", "403*", "403*", "ok*", "ok*"}, []string{"HTTP 403", "HTTP 403", "HTTP 403", "ok", "ok"}, 1},
		{"the check refused: blocked midway", []string{"ok,403", "403", "403", "403", "ok"}, []string{"ok", "HTTP 403", "HTTP 403", "blocked", "untried, blocked"}, 1},
		{"the check a WAF's challenge", []string{"ok,waf", "403", "403", "403", "ok"}, []string{"ok", "HTTP 403", "HTTP 403", "blocked", "untried, blocked"}, 1},
		{"the check failing", []string{"ok,503", "403", "403", "403", "ok"}, []string{"ok", "HTTP 403", "HTTP 403", "blocked", "untried, blocked"}, 2},
		{"the check a 404: the site answers", []string{"ok,404", "403", "403", "403", "ok"}, []string{"ok", "HTTP 403", "HTTP 403", "HTTP 403", "ok"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var plan []PlannedMeeting
			bySymbol := map[string][]string{}
			stored := map[string]bool{}
			for i, a := range tt.answers {
				sym := fmt.Sprintf("S/PV.%d", 7000+i)
				plan = append(plan, PlannedMeeting{Symbol: sym})
				a, stored[sym] = strings.CutSuffix(a, "*")
				bySymbol[sym] = strings.Split(a, ",")
			}
			var asked atomic.Int64
			var mu sync.Mutex
			times := map[string]int{}
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				sym := r.URL.Query().Get("s")
				mu.Lock()
				a := bySymbol[sym][min(times[sym], len(bySymbol[sym])-1)]
				times[sym]++
				mu.Unlock()
				answer[a](w, r)
			}))
			defer ts.Close()
			clock := newFakeClock()
			// No kept-alive connections: the transport would retry a GET
			// once on its own when a reused one is reset.
			hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			f := NewFetcher(t.TempDir(), ClientOptions{MaxRetries: 1, HTTPClient: hc})
			f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
			f.ODS.Base = ts.URL
			sha, path, err := f.ODS.Raw.Put(bytes.NewReader(pdf), "pdf")
			if err != nil {
				t.Fatal(err)
			}
			prev := func(sym string) *Download {
				if !stored[sym] {
					return nil
				}
				return &Download{Symbol: sym, SHA256: sha, Path: path, ETag: pdfETag}
			}
			var got []string
			wantAsked := tt.checks
			for d, err := range f.FetchPDFs(context.Background(), plan, prev) {
				outcome := "ok"
				var he *HTTPError
				switch {
				case errors.Is(err, ErrBlocked) && strings.Contains(err.Error(), "not tried"):
					outcome = "untried, blocked"
				case errors.Is(err, ErrBlocked):
					outcome = "blocked"
				case errors.Is(err, ErrSiteDown):
					outcome = "untried"
				case errors.Is(err, ErrChallenge):
					outcome = "challenge"
				case FailedSite(err):
					outcome = "site"
				case errors.Is(err, unpv.ErrNotFound):
					outcome = "not found"
				case errors.As(err, &he):
					outcome = fmt.Sprintf("HTTP %d", he.StatusCode)
				case err != nil:
					outcome = err.Error()
				}
				got = append(got, outcome)
				if d.Symbol == "" {
					t.Errorf("a result without its symbol: %v", err)
				}
			}
			for _, w := range tt.want {
				asks, ok := map[string]int{"site": 2, "untried": 0, "untried, blocked": 0}[w] // with its retry
				if !ok {
					asks = 1 // not retried
				}
				wantAsked += asks
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if int(asked.Load()) != wantAsked {
				t.Errorf("%d requests, want %d", asked.Load(), wantAsked)
			}
		})
	}
}

// TestFetchPDFsOneRefusal: one record refused among 200 the site gives
// (a 403 for one URL) leaves the plan going; the blocked site's error
// names its host and what to do.
func TestFetchPDFsOneRefusal(t *testing.T) {
	pdf := realPDF(t)
	for _, tc := range []struct {
		name    string
		refuses func(i int) bool // whether the record i is refused
		want    string           // outcomes counted
	}{
		{"one 403 among 200", func(i int) bool { return i == 57 }, "199 ok, 1 refused, 0 untried"},
		// Nothing given before to check with: the fourth is the check.
		{"every request refused", func(int) bool { return true }, "0 ok, 4 refused, 196 untried"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var plan []PlannedMeeting
			refused := map[string]bool{}
			for i := range 200 {
				sym := fmt.Sprintf("S/PV.%d", 7000+i)
				plan = append(plan, PlannedMeeting{Symbol: sym})
				refused[sym] = tc.refuses(i)
			}
			var asked atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				if refused[r.URL.Query().Get("s")] {
					status(http.StatusForbidden)(w, r)
					return
				}
				servePDF(pdf, "")(w, r)
			}))
			defer ts.Close()
			clock := newFakeClock()
			f := NewFetcher(t.TempDir(), ClientOptions{})
			f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
			f.ODS.Base = ts.URL
			var ok, refusals, untried int
			var blocked error
			for _, err := range f.FetchPDFs(context.Background(), plan, nil) {
				switch {
				case err == nil:
					ok++
				case strings.Contains(err.Error(), "not tried"):
					untried++
				case Refused(err):
					refusals++
				default:
					t.Errorf("unexpected error %v", err)
				}
				if errors.Is(err, ErrBlocked) && blocked == nil {
					blocked = err
				}
			}
			if got := fmt.Sprintf("%d ok, %d refused, %d untried", ok, refusals, untried); got != tc.want {
				t.Errorf("%s, want %s", got, tc.want)
			}
			if n := int(asked.Load()); n != ok+refusals {
				t.Errorf("%d requests, want %d", n, ok+refusals)
			}
			if blocked == nil {
				return
			}
			host := strings.TrimPrefix(ts.URL, "http://")
			for _, w := range []string{host + " refused 4 downloads in a row", "HTTP 403", "with no record it gave before", "the next run asks again", "196 downloads left", "--contact", "--rate"} {
				if !strings.Contains(blocked.Error(), w) {
					t.Errorf("the blocked error does not say %q:\n%v", w, blocked)
				}
			}
		})
	}
}

// TestFetchPDFsCheckInterrupted: an interrupt (a cancelled context) while
// the check after refusals is asked says nothing of the site. It was read
// as the check's answer: logged at error level as "the site is refusing
// this client" and yielded as blocked (exit 130 all the same, but the log
// of a Ctrl-C told the user the UN was blocking them).
func TestFetchPDFsCheckInterrupted(t *testing.T) {
	pdf := realPDF(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	plan := []PlannedMeeting{{Symbol: "S/PV.7000"}, {Symbol: "S/PV.7001"}, {Symbol: "S/PV.7002"}, {Symbol: "S/PV.7003"}, {Symbol: "S/PV.7004"}}
	var asked atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch asked.Add(1) {
		case 1: // S/PV.7000, given
			servePDF(pdf, pdfETag)(w, r)
		case 2, 3, 4:
			status(http.StatusForbidden)(w, r)
		default: // the check, S/PV.7000 again: interrupted while it is asked
			cancel()
			<-r.Context().Done()
		}
	}))
	defer ts.Close()
	var logs bytes.Buffer
	f := NewFetcher(t.TempDir(), ClientOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	clock := newFakeClock()
	f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
	f.ODS.Base = ts.URL
	var errs []error
	for _, err := range f.FetchPDFs(ctx, plan, nil) {
		errs = append(errs, err)
	}
	if len(errs) != 4 || errs[0] != nil {
		t.Fatalf("%d results, want the given one and the 3 refusals: %v", len(errs), errs)
	}
	for i, err := range errs[1:] {
		if !Refused(err) || errors.Is(err, ErrBlocked) {
			t.Errorf("refusal %d: %v; want the refusal, not blocked", i+1, err)
		}
	}
	for _, w := range []string{"refusing this client", "records' own"} {
		if strings.Contains(logs.String(), w) {
			t.Errorf("an interrupted check logged %q:\n%s", w, logs.String())
		}
	}
}

// TestPlanSymbolOfAnotherBody: a record named by --symbols that --body
// leaves out is left out with a warning naming it; the plan alone said
// only "0 meetings" (found by review: fetch --symbols A/ES-11/PV.1 --body
// SC exited 0 with nothing to say why).
func TestPlanSymbolOfAnotherBody(t *testing.T) {
	var logs bytes.Buffer
	f := NewFetcher(t.TempDir(), ClientOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	plan, err := f.Plan(context.Background(), Selection{Symbols: []string{"A/ES-11/PV.1", "S/PV.7796"}, Bodies: []unpv.Body{unpv.SecurityCouncil}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]PlannedMeeting{{Symbol: "S/PV.7796", Body: unpv.SecurityCouncil, From: "symbol"}}, plan); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	if got := logs.String(); !strings.Contains(got, "left out") || !strings.Contains(got, "symbol=A/ES-11/PV.1") || strings.Contains(got, "S/PV.7796") {
		t.Errorf("log %q: want one warning naming A/ES-11/PV.1", got)
	}
}

// TestFetchPDFsCheckChanged: a check after refusals that is given a
// stored record anew (changed since: a 200 to the conditional request)
// stores nothing itself; the record's turn stores the PDF the check was
// given, without asking ODS again. The check stored it, so a run that
// stopped before that turn (here: the consumer stops after the third
// refusal, as an interrupt stops the fetch stage) left a file in the raw
// store that no source named.
func TestFetchPDFsCheckChanged(t *testing.T) {
	pdf := realPDF(t)
	old := []byte("%PDF-1.4 the record as stored before it changed\n%%EOF\n")
	for _, tc := range []struct {
		name   string
		stopAt int      // results taken before stopping; 0: all
		files  int      // files in the raw store afterwards
		asked  []string // requests, by symbol
	}{
		{"to the end", 0, 2, []string{"S/PV.7000", "S/PV.7001", "S/PV.7002", "S/PV.7003", "S/PV.7004"}},
		{"stopped before the changed record's turn", 3, 1, []string{"S/PV.7000", "S/PV.7001", "S/PV.7002", "S/PV.7003"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := []PlannedMeeting{{Symbol: "S/PV.7000"}, {Symbol: "S/PV.7001"}, {Symbol: "S/PV.7002"}, {Symbol: "S/PV.7003"}, {Symbol: "S/PV.7004"}}
			var mu sync.Mutex
			var asked []string
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sym := r.URL.Query().Get("s")
				mu.Lock()
				asked = append(asked, sym)
				mu.Unlock()
				switch sym {
				case "S/PV.7000", "S/PV.7001", "S/PV.7002":
					status(http.StatusForbidden)(w, r)
				case "S/PV.7003": // stored with the ETag "old", changed since
					servePDF(pdf, `"new"`)(w, r)
				default:
					http.NotFound(w, r)
				}
			}))
			defer ts.Close()
			dir := t.TempDir()
			f := NewFetcher(dir, ClientOptions{})
			clock := newFakeClock()
			f.Client.Now, f.Client.Sleep = clock.Now, clock.Sleep
			f.ODS.Base = ts.URL
			sha, path, err := f.ODS.Raw.Put(bytes.NewReader(old), "pdf")
			if err != nil {
				t.Fatal(err)
			}
			prev := func(sym string) *Download {
				if sym != "S/PV.7003" {
					return nil
				}
				return &Download{Symbol: sym, SHA256: sha, Path: path, ETag: `"old"`}
			}
			n := 0
			for d, err := range f.FetchPDFs(context.Background(), plan, prev) {
				n++
				if d.Symbol == "S/PV.7003" && (err != nil || d.NotModified || d.ETag != `"new"` || d.Bytes != len(pdf) || !f.ODS.Raw.Has(d.SHA256, "pdf")) {
					t.Errorf("the changed record: %+v, %v; want the new PDF stored", d, err)
				}
				if n == tc.stopAt {
					break
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if d := cmp.Diff(tc.asked, asked); d != "" {
				t.Errorf("requests (-want +got):\n%s", d)
			}
			files := 0
			filepath.WalkDir(filepath.Join(dir, "raw", "sha256"), func(_ string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					files++
				}
				return nil
			})
			if files != tc.files {
				t.Errorf("%d files in the raw store, want %d", files, tc.files)
			}
		})
	}
}

// TestFetcherPlanGaps: a meeting list that fails for itself leaves its
// meetings out of the plan, which goes on with the others and says so
// (*PlanGaps, not a block): a table page answered 200 without its table
// and without a challenge's marks (the real 2016 table page of testdata
// with its <table> element removed, as a moved-page notice would be),
// and a table refused (403) while the host answers the others. Both ended
// every plan at their year: the page without a table as a block (exit 5;
// it was exit 1 before refusals were told apart), the refusal likewise.
// Two refusals in a row, or a lone list refused with nothing answered,
// are the host refusing the client.
func TestFetcherPlanGaps(t *testing.T) {
	page, err := os.ReadFile("testdata/dhl/scact2016_table_en.html")
	if err != nil {
		t.Fatal(err)
	}
	start, end := bytes.Index(page, []byte("<table")), bytes.LastIndex(page, []byte("</table>"))
	if start < 0 || end < start {
		t.Fatal("no table in the recorded page")
	}
	noTable := append(append([]byte{}, page[:start]...), page[end+len("</table>"):]...)
	answer := map[string]http.HandlerFunc{
		"table": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(page)
		},
		"no table": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(noTable)
		},
		"challenge": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, challengePage)
		},
		"403": status(http.StatusForbidden),
		"404": http.NotFound,
	}
	for _, tc := range []struct {
		name    string
		years   []string // answer per year from 2016
		gaps    []string // what each gap is, in order ("no table": ErrNoTable, "refused": Refused); nil: none
		blocked bool
		planned bool // the table's meetings are planned
		// blockedAt is the request after which a block stops the plan
		blockedAt int
	}{
		{"a page without its table, alone", []string{"no table"}, []string{"no table"}, false, false, 0},
		{"a page without its table, then a table", []string{"no table", "table"}, []string{"no table"}, false, true, 0},
		{"a table, then one refused", []string{"table", "403"}, []string{"refused"}, false, true, 0},
		{"one refused, then a table", []string{"403", "table"}, []string{"refused"}, false, true, 0},
		{"one refused, then a missing year", []string{"403", "404"}, []string{"refused"}, false, false, 0},
		{"a challenge page, then a table", []string{"challenge", "table"}, []string{"refused"}, false, true, 0},
		{"two refused in a row", []string{"table", "403", "challenge", "table"}, nil, true, false, 3},
		{"one refused, nothing answered", []string{"403"}, nil, true, false, 1},
		{"a challenge page served as 200, alone", []string{"challenge"}, nil, true, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				var y int
				fmt.Sscanf(r.URL.Path, "/scact%d", &y)
				answer[tc.years[y-2016]](w, r)
			}))
			defer ts.Close()
			f := NewFetcher(t.TempDir(), ClientOptions{MaxRetries: 1})
			clock := newFakeClock()
			f.Client.Now, f.Client.Sleep, f.Now = clock.Now, clock.Sleep, clock.Now
			f.DHL.URL = func(y int) string { return fmt.Sprintf("%s/scact%d_table_en.htm", ts.URL, y) }
			sel := Selection{FromYear: 2016, ToYear: 2016 + len(tc.years) - 1, Bodies: []unpv.Body{unpv.SecurityCouncil}}
			plan, err := f.Plan(context.Background(), sel)
			if got := errors.Is(err, ErrBlocked); got != tc.blocked {
				t.Fatalf("blocked %v, want %v: %v", got, tc.blocked, err)
			}
			var gaps *PlanGaps
			if tc.blocked {
				if errors.As(err, &gaps) {
					t.Errorf("a block read as gaps: %v", err)
				}
			} else {
				if tc.gaps != nil && !errors.As(err, &gaps) || tc.gaps == nil && err != nil {
					t.Fatalf("plan: %v; want %d gaps", err, len(tc.gaps))
				}
				if gaps != nil && len(gaps.Lists) != len(tc.gaps) {
					t.Errorf("%d gaps, want %d: %v", len(gaps.Lists), len(tc.gaps), err)
				}
				for i, w := range tc.gaps {
					if gaps == nil || i >= len(gaps.Lists) {
						break
					}
					g := gaps.Lists[i]
					if got := map[bool]string{true: "no table", false: "refused"}[errors.Is(g, ErrNoTable)]; got != w || (w == "refused") != Refused(g) {
						t.Errorf("gap %d: %v, want %s", i, g, w)
					}
				}
			}
			if got := len(plan) > 0; got != tc.planned {
				t.Errorf("%d meetings planned, want some: %v", len(plan), tc.planned)
			}
			want := len(tc.years) // every year asked once
			if tc.blocked {
				want = tc.blockedAt
			}
			if n := int(asked.Load()); n != want {
				t.Errorf("%d requests, want %d", n, want)
			}
		})
	}
}

// TestSortPlan: a plan lists its dated meetings by date, then its undated
// ones (every named symbol), each tie by body, series and number as
// compareSymbols orders them: the Assembly's records before the
// Council's, an emergency special session's after the regular sessions'.
// An undated record came first ("" sorts before every date).
func TestSortPlan(t *testing.T) {
	plan := []PlannedMeeting{
		{Symbol: "S/PV.8711"}, {Symbol: "A/ES-11/PV.2"}, {Symbol: "A/76/PV.1", Date: "2021-09-14"},
		{Symbol: "A/ES-11/PV.10"}, {Symbol: "S/PV.999"}, {Symbol: "S/PV.8700", Date: "2020-01-10"},
		{Symbol: "A/76/PV.10"}, {Symbol: "A/ES-11/PV.1"}, {Symbol: "S/PV.8699", Date: "2020-01-10"},
	}
	var got []string
	for _, p := range sortPlan(plan) {
		got = append(got, p.Symbol)
	}
	want := []string{"S/PV.8699", "S/PV.8700", "A/76/PV.1",
		"A/76/PV.10", "A/ES-11/PV.1", "A/ES-11/PV.2", "A/ES-11/PV.10", "S/PV.999", "S/PV.8711"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sortPlan (-want +got):\n%s", diff)
	}
}
