package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/store"
)

// TestFetchSource replays ODS against an httptest server: a real record PDF
// (S/PV.8422, with an ETag) and a challenge page served as a PDF. The PDF
// is stored with its provenance, the challenge is not stored and is
// retried next run, and the second fetch of the PDF is a conditional 304.
func TestFetchSource(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var hits, notModified, challenges atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Query().Get("s") {
		case "S/PV.8422":
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Thu, 13 Dec 2018 18:00:00 GMT")
			w.Write(pdf)
		case "S/PV.8423":
			challenges.Add(1)
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("<!DOCTYPE html><html><title>Just a moment...</title><body>Checking your browser</body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	f := replayFetcher(dir, srv.URL)
	sel := corpora.Selection{Symbols: []string{"S/PV.8422", "S/PV.8423"}}
	opt := Options{DataDir: dir, Sources: []Source{FetchSource(f, sel)}}

	sum, err := Run(context.Background(), opt)
	var fd *FailedDownloads
	if !errors.As(err, &fd) || fd.Failed != 1 || fd.Of != 2 || !errors.Is(err, corpora.ErrChallenge) {
		t.Fatalf("first fetch: %v, want 1 of 2 failed with ErrChallenge", err)
	}
	if got := tally(sum)["fetch"]; got != [3]int{1, 0, 0} || sum.Stages[0].Failed != 1 {
		t.Errorf("first fetch tally %v, %d failed; want 1 failed", got, sum.Stages[0].Failed)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.Source(ctx, "pdf:S/PV.8422")
	if err != nil {
		t.Fatal(err)
	}
	if src.Kind != store.KindPDF || src.Origin != OriginFetch || src.ETag != `"v1"` || src.LastModified == "" ||
		!strings.HasPrefix(src.URL, srv.URL) || src.Bytes != int64(len(pdf)) || src.FetchedAt == "" ||
		!strings.HasPrefix(src.RawPath, "raw/sha256/") {
		t.Errorf("stored source: %+v", src)
	}
	if _, err := st.Source(ctx, "pdf:S/PV.8423"); err == nil {
		t.Errorf("a challenge page was stored as a record")
	}
	st.Close()

	// Second run: the PDF is unchanged (304), the challenge is tried again.
	c0 := challenges.Load()
	sum, err = Run(ctx, opt)
	if !errors.As(err, &fd) {
		t.Fatalf("second fetch: %v", err)
	}
	if got := tally(sum)["fetch"]; got != [3]int{0, 1, 0} || notModified.Load() != 1 || challenges.Load() == c0 {
		t.Errorf("second fetch tally %v, 304s %d, challenge retried %v", got, notModified.Load(), challenges.Load() > c0)
	}
}

func TestFetchConfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, ok, err := LoadFetchConfig(dir); ok || err != nil {
		t.Fatalf("no config: ok=%v err=%v", ok, err)
	}
	cfg := FetchConfig{Selection: corpora.Selection{FromYear: 2014, ToYear: 2024, Agenda: []string{corpora.RegionalCooperationAgenda}}, Rate: 0.5}
	if err := SaveFetchConfig(dir, cfg); err != nil {
		t.Fatal(err)
	}
	got, ok, err := LoadFetchConfig(dir)
	if !ok || err != nil || got.Selection.FromYear != 2014 || got.Rate != 0.5 || len(got.Selection.Agenda) != 1 {
		t.Errorf("round trip: %+v %v %v", got, ok, err)
	}
}

// TestLoadFetchConfigRefuses: a saved selection unpv cannot read whole is
// an error, which fails the run (exit 1) and which status shows. A field
// it did not know was dropped, so that a hand edit ("years" for from_year
// and to_year) or a file selecting nothing left an empty selection: every
// nightly run fetched nothing and exited 0.
func TestLoadFetchConfigRefuses(t *testing.T) {
	for _, tt := range []struct{ name, file, want string }{
		{"an unknown field", `{"selection": {"years": "2014-2024", "bodies": ["SC"]}}`, `unknown field "years"`},
		{"an unknown setting", `{"selection": {"symbols": ["S/PV.7796"]}, "contacts": "ops@uni.edu"}`, `unknown field "contacts"`},
		{"no selection", `{"selection": {}, "contact": "ops@uni.edu"}`, "selects no meetings"},
		{"cut short", `{"selection": {"symbols": ["S/PV.7796"]`, "unexpected EOF"},
		{"two objects", `{"selection": {"symbols": ["S/PV.7796"]}}` + "\n" + `{"selection": {"years": "2014-2024"}}`, "text after the selection's JSON object"},
		{"trailing text", `{"selection": {"symbols": ["S/PV.7796"]}} x`, "text after the selection's JSON object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FetchFile), []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, ok, err := LoadFetchConfig(dir)
			if ok || err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "unpv fetch --save") {
				t.Errorf("LoadFetchConfig: %+v, ok %v, %v; want an error saying %q", cfg, ok, err, tt.want)
			}
			st, serr := store.Open(context.Background(), dir)
			if serr != nil {
				t.Fatal(serr)
			}
			st.Close()
			status, serr := ReadStatus(context.Background(), dir, 1, false)
			if serr != nil || status.Fetch != nil || !strings.Contains(status.FetchError, tt.want) {
				t.Errorf("status: fetch %v, fetch_error %q, %v", status.Fetch, status.FetchError, serr)
			}
		})
	}
}

func TestFetchConfigOver(t *testing.T) {
	saved := FetchConfig{Selection: corpora.Selection{FromYear: 2014, Agenda: []string{corpora.RegionalCooperationAgenda}},
		Rate: 0.5, Contact: "ops@uni.edu", Mirror: "http://127.0.0.1:8000"}
	named := corpora.Selection{Symbols: []string{"S/PV.7796"}}
	for _, tt := range []struct {
		name  string
		flags FetchConfig
		want  FetchConfig
	}{
		{"no flags: the saved selection", FetchConfig{}, saved},
		{"client flags alone change the saved settings", FetchConfig{Rate: 2, Contact: "me@uni.edu", Mirror: "http://mirror:9"},
			FetchConfig{Selection: saved.Selection, Rate: 2, Contact: "me@uni.edu", Mirror: "http://mirror:9"}},
		{"one flag changes one setting", FetchConfig{Mirror: "http://mirror:9"},
			FetchConfig{Selection: saved.Selection, Rate: 0.5, Contact: "ops@uni.edu", Mirror: "http://mirror:9"}},
		{"a selection of its own keeps the saved settings", FetchConfig{Selection: named, Rate: 3},
			FetchConfig{Selection: named, Rate: 3, Contact: "ops@uni.edu", Mirror: "http://127.0.0.1:8000"}},
		{"none clears a saved setting", FetchConfig{Contact: Unset, Mirror: Unset}, FetchConfig{Selection: saved.Selection, Rate: 0.5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.flags.Over(saved)); diff != "" {
				t.Errorf("Over (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDownloadSourceRoundTrip(t *testing.T) {
	const sha = "5c137929f44b9f56e280f71273ea222a189b656189f1ef2d56aea569f74a978c" // S_PV.3756_E.pdf
	d := corpora.Download{Symbol: "S/PV.3756", URL: "https://documents.un.org/api/symbol/access?s=S%2FPV.3756&l=en&t=pdf",
		FinalURL: "https://documents.un.org/doc/N9785756.pdf", SHA256: sha, Path: "raw/sha256/5c/" + sha + ".pdf",
		Bytes: 52053, ETag: `"v1"`, LastModified: "Fri, 21 Mar 1997 15:00:00 GMT", FetchedAt: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)}
	src := downloadSource(d, OriginFetch)
	want := store.Source{Document: "pdf:S/PV.3756", Kind: store.KindPDF, Symbol: "S/PV.3756", Origin: "fetch", URL: d.FinalURL,
		RawPath: d.Path, SHA256: sha, Bytes: 52053, ETag: `"v1"`, LastModified: d.LastModified, FetchedAt: "2026-11-27T08:00:00Z"}
	if diff := cmp.Diff(want, src); diff != "" {
		t.Errorf("downloadSource (-want +got):\n%s", diff)
	}
	back := previousDownload(src)
	if back.ETag != d.ETag || back.SHA256 != d.SHA256 || back.Path != d.Path || !back.FetchedAt.Equal(d.FetchedAt) {
		t.Errorf("previousDownload %+v", back)
	}
}

// TestFetchPlanFailureRunGoesOn: with a saved selection whose plan needs the
// meeting lists and no network, a run still extracts, classifies and
// reports what the store holds (it stopped at the fetch source, leaving
// imported documents unprocessed), fails (exit 1) naming the cause, and
// records nothing fetched.
func TestFetchPlanFailureRunGoesOn(t *testing.T) {
	offline := &net.DNSError{Err: "no such host", Name: "www.un.org", IsNotFound: true}
	hc := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, offline
	}}}
	dir := t.TempDir()
	f := corpora.NewFetcher(dir, corpora.ClientOptions{HTTPClient: hc})
	sel := corpora.Selection{Agenda: []string{corpora.RegionalCooperationAgenda}, FromYear: 2014, ToYear: 2014}
	stages := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	sum, err := Run(context.Background(), Options{DataDir: dir, Command: "test",
		Sources: []Source{FetchSource(f, sel), testCorpus().source()}, Stages: stages.stages()})
	var fd *FailedDownloads
	if !errors.As(err, &fd) || !errors.Is(err, offline) || errors.Is(err, unpv.ErrBadDocument) {
		t.Fatalf("run: %v, want FailedDownloads wrapping the DNS error", err)
	}
	want := map[string][3]int{"fetch": {0, 0, 0}, "import": {3, 0, 0}, "extract": {3, 0, 0}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
	if diff := cmp.Diff(want, tally(sum)); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if r := lastRun(t, dir); r.Status != store.RunFailed || !strings.Contains(r.Error, "no such host") {
		t.Errorf("run log: %+v, want failed naming the cause", r)
	}
	// The meeting lists count as one failed input: the run log read
	// "fetch 0/0/0/0", like a night with nothing to fetch.
	if r := lastRun(t, dir); len(r.Stages) == 0 || r.Stages[0].Stage != "fetch" || r.Stages[0].Failed != 1 {
		t.Errorf("run log stages: %+v, want fetch with 1 failed (the meeting lists)", r.Stages)
	}
}

// TestFetchPlanBlocked: a saved selection whose meeting lists answer 403
// fails the fetch with corpora.ErrBlocked (exit 5) after one request, its
// error the block's alone (it was wrapped in "nothing fetched, the next run
// tries again: …", which the block says in its own words), and the run
// log counts the meeting lists as one failed input.
func TestFetchPlanBlocked(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		forbidden(w)
	}))
	defer srv.Close()
	dir := t.TempDir()
	f := replayFetcher(dir, srv.URL)
	f.DHL.URL = func(y int) string { return fmt.Sprintf("%s/scact%d_table_en.htm", srv.URL, y) }
	sel := corpora.Selection{FromYear: 2016, ToYear: 2016, Bodies: []unpv.Body{unpv.SecurityCouncil}}
	_, err := Run(context.Background(), Options{DataDir: dir, Command: "test", Sources: []Source{FetchSource(f, sel)}})
	var fd *FailedDownloads
	if !errors.As(err, &fd) || !errors.Is(err, corpora.ErrBlocked) || fd.Failed != 1 {
		t.Fatalf("run: %v, want FailedDownloads wrapping ErrBlocked", err)
	}
	if want := "fetch: plan: " + strings.TrimPrefix(srv.URL, "http://") + " refused the meeting lists' request"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("the error %q does not start %q", err, want)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the meeting lists were asked %d times, want 1", n)
	}
	if r := lastRun(t, dir); len(r.Stages) == 0 || r.Stages[0].Failed != 1 {
		t.Errorf("run log stages: %+v, want fetch with 1 failed (the meeting lists)", r.Stages)
	}
}

// lastRun is the run log's last entry in dir.
func lastRun(t *testing.T, dir string) store.Run {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.Runs(context.Background(), 1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("run log: %v %+v", err, runs)
	}
	return runs[0]
}

// replayFetcher is a fetcher with a fast client that asks base (an
// httptest server replaying ODS) for the PDFs.
func replayFetcher(dir, base string) *corpora.Fetcher {
	f := corpora.NewFetcher(dir, corpora.ClientOptions{Rate: 1000, Burst: 10, MaxRetries: 1, BaseBackoff: time.Millisecond,
		MaxBackoff: time.Millisecond, Timeout: 10 * time.Second})
	f.ODS.Base = base
	return f
}

// TestNotYetPublished: a record the meeting lists name that ODS does not
// have (404) is not published yet while its meeting is recent, and the
// run goes on without failing; a nightly run over a year range exited 1
// every night until the records came out. A symbol the user names, an
// old meeting or another error still fails.
func TestNotYetPublished(t *testing.T) {
	now := time.Date(2020, 7, 1, 3, 0, 0, 0, time.UTC)
	notFound := fmt.Errorf("ods S/PV.1: %w", unpv.ErrNotFound)
	for _, tc := range []struct {
		name string
		err  error
		pm   corpora.PlannedMeeting
		want bool
	}{
		{"recent, listed", notFound, corpora.PlannedMeeting{Date: "2020-06-25", From: "dhl"}, true},
		{"not yet held", notFound, corpora.PlannedMeeting{Date: "2020-07-15", From: "undl"}, true},
		{"older than the grace", notFound, corpora.PlannedMeeting{Date: "2020-03-10", From: "dhl"}, false},
		{"named by the user", notFound, corpora.PlannedMeeting{Date: "2020-06-25", From: "symbol"}, false},
		{"no date", notFound, corpora.PlannedMeeting{From: "dhl"}, false},
		{"another error", fmt.Errorf("ods: %w", corpora.ErrChallenge), corpora.PlannedMeeting{Date: "2020-06-25", From: "dhl"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := notYetPublished(tc.err, tc.pm, now); got != tc.want {
				t.Errorf("notYetPublished = %v, want %v", got, tc.want)
			}
		})
	}

	// Through a fetch planned from the real 2020 meeting table (52
	// meetings, 8 January to 12 March), every record missing: only the
	// meetings held more than PublishGrace before the run fail it.
	table, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpora", "unsc-meeting-tables", "html", "scact2020_table_en.html"))
	if err != nil {
		t.Skipf("shared meeting tables not available: %v", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/dhl/2020" {
			w.Header().Set("Content-Type", "text/html")
			w.Write(table)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	sel := corpora.Selection{FromYear: 2020, ToYear: 2020, Bodies: []unpv.Body{unpv.SecurityCouncil}}
	for _, tc := range []struct {
		name    string
		now     time.Time
		wantErr bool
	}{
		{"all recent", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), false},
		{"January's meetings past the grace", time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f := replayFetcher(dir, srv.URL)
			f.DHL.URL = func(int) string { return srv.URL + "/dhl/2020" }
			f.Now = func() time.Time { return tc.now }
			plan, err := f.Plan(context.Background(), sel)
			if err != nil || len(plan) < 2 {
				t.Fatalf("plan: %d meetings, %v", len(plan), err)
			}
			old := 0
			for _, pm := range plan {
				if d, _, ok := unpv.DateSpan(pm.Date); ok && tc.now.Sub(d) >= PublishGrace {
					old++
				}
			}
			sum, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{FetchSource(f, sel)}})
			var fd *FailedDownloads
			switch {
			case !tc.wantErr && err != nil:
				t.Errorf("%d meetings not published yet: %v", len(plan), err)
			case tc.wantErr && (!errors.As(err, &fd) || fd.Failed != old || old == 0 || old == len(plan)):
				t.Errorf("%v; want %d of %d failed (the older meetings)", err, old, len(plan))
			}
			// The run log counts the failed downloads, not the records
			// not published yet.
			if got := sum.Stages[0].Failed; got != old {
				t.Errorf("fetch stage: %d failed, want %d of %d (the older meetings)", got, old, len(plan))
			}
		})
	}
}

// TestFetchInterruptedCountsFailures: a fetch interrupted after some
// downloads failed keeps their count in the run log; it was lost ("fetch
// 0/0/0/0", run interrupted), and the exit code is still the interrupt's.
func TestFetchInterruptedCountsFailures(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("s") == "S/PV.7003" { // Ctrl-C while this one downloads
			cancel()
			<-r.Context().Done()
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	f := replayFetcher(dir, srv.URL)
	sel := corpora.Selection{Symbols: []string{"S/PV.7001", "S/PV.7002", "S/PV.7003", "S/PV.7004"}}
	sum, err := Run(ctx, Options{DataDir: dir, Sources: []Source{FetchSource(f, sel)}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "2 of 4 downloads failed") {
		t.Errorf("run: %v, want the interrupt and the 2 downloads that failed before it", err)
	}
	if sum == nil || len(sum.Stages) != 1 || sum.Stages[0].Failed != 2 {
		t.Fatalf("summary %+v, want the fetch stage with 2 failed", sum)
	}
	if r := lastRun(t, dir); r.Status != store.RunInterrupted || len(r.Stages) != 1 || r.Stages[0].Failed != 2 {
		t.Errorf("run log: %+v, want interrupted, fetch with 2 failed", r)
	}
}

// TestRetryLaterNotAfterAStop: a stage that stopped (an interrupt, a full
// disk) after some inputs failed reports both, and the run fails: only
// failed inputs alone let it go on. Wrapping the failures with %w made
// a full disk after a failed download look like a failed download.
func TestRetryLaterNotAfterAStop(t *testing.T) {
	disk := errors.New("write unpv.db: no space left on device")
	fd := &FailedDownloads{Failed: 1, Of: 3, First: unpv.ErrNotFound}
	bad := &BadInputs{Bad: 2, Of: 5}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"failed downloads", fd, true},
		{"bad inputs", bad, true},
		{"a full disk after a failed download", &FailedBefore{Err: disk, Before: fd}, false},
		{"an interrupt after bad inputs", &FailedBefore{Err: context.Canceled, Before: bad}, false},
		{"a full disk", disk, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := retryLater(tc.err); got != tc.want {
				t.Errorf("retryLater(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestFetchSourceBlocked: ODS answering every request with 403 is asked
// corpora.RefusedAfter+1 times (with nothing stored to check it with, the
// fourth record is the check); the run's error says the site refuses the
// client (corpora.ErrBlocked) and counts every planned record as failed;
// nothing is stored, and the next run, the block lifted, fetches them all.
func TestFetchSourceBlocked(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var blocked atomic.Bool
	var hits atomic.Int64
	blocked.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if blocked.Load() {
			forbidden(w)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	}))
	defer srv.Close()
	opt := tenRecords(t.TempDir(), srv.URL)
	sum, err := Run(context.Background(), opt)
	var fd *FailedDownloads
	if !errors.As(err, &fd) || !errors.Is(err, corpora.ErrBlocked) || fd.Failed != 10 || fd.Of != 10 {
		t.Fatalf("blocked fetch: %v; want 10 of 10 failed with ErrBlocked", err)
	}
	if !strings.HasPrefix(err.Error(), "fetch: "+strings.TrimPrefix(srv.URL, "http://")+" refused 4 downloads in a row") {
		t.Errorf("the error does not lead with the block: %v", err)
	}
	if n := hits.Load(); n != corpora.RefusedAfter+1 {
		t.Errorf("the blocking site was asked %d times, want %d", n, corpora.RefusedAfter+1)
	}
	if got := tally(sum)["fetch"]; got != [3]int{0, 0, 0} || sum.Stages[0].Failed != 10 {
		t.Errorf("blocked fetch tally %v, %d failed", got, sum.Stages[0].Failed)
	}
	blocked.Store(false)
	sum, err = Run(context.Background(), opt)
	if err != nil || tally(sum)["fetch"] != [3]int{10, 0, 0} {
		t.Errorf("the next run: %v, tally %v; want all 10 fetched", err, tally(sum)["fetch"])
	}
}

// TestFetchSourceRefusedRecordsNights: a nightly run over a plan whose
// first records the site refuses for themselves (403, every night) gets
// past them: the run fails as for any failed download (not ErrBlocked)
// and fetches the others. Three such records stopped every night at the
// same place (3 requests, nothing stored, exit 5). The first night, with
// nothing stored, the fourth record is the check; later nights ask the
// records that failed when last asked after the others
// (corpora.FailedRecords) and check with one given in the run (a 304).
// Four such records at the head of a first run read as a block that
// night (nothing stored vouches for the site), and did every night after,
// since every night asked them first: now the second night asks the
// other six first and stores them. A night the site blocks everything it
// is asked 4 times and the run is blocked; the next night goes past the
// refused records again. The table is docs/pipeline.md's.
func TestFetchSourceRefusedRecordsNights(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	type night struct {
		name                     string
		blockAll, blocked        bool   // the site refuses every request; the run reads as blocked
		check                    string // what the blocked error says of the check
		requests, notModified    int
		failed, fetched, current int // downloads failed, stored anew, unchanged
	}
	for _, tc := range []struct {
		name    string
		refused int // the first records of the plan, refused every night
		nights  []night
	}{
		{"three refused", 3, []night{
			{"first night, nothing stored", false, false, "", 10, 0, 3, 7, 0},
			{"second night", false, false, "", 11, 8, 3, 0, 7},
			{"the site blocks everything", true, true, "failed the check (S/PV.8428, which it gave before", 4, 0, 10, 0, 0},
			{"fourth night", false, false, "", 11, 8, 3, 0, 7},
		}},
		{"four refused at the head of a first run", 4, []night{
			{"first night, nothing stored", false, true, "with no record it gave before", 4, 0, 10, 0, 0},
			{"second night: the six others first", false, false, "", 11, 1, 4, 6, 0},
			{"third night", false, false, "", 11, 7, 4, 0, 6},
			{"the site blocks everything", true, true, "failed the check (S/PV.8429, which it gave before", 4, 0, 10, 0, 0},
			{"fifth night", false, false, "", 11, 7, 4, 0, 6},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refused := map[string]bool{}
			for i := range tc.refused {
				refused[fmt.Sprintf("S/PV.%d", 8422+i)] = true
			}
			var blockAll atomic.Bool
			var hits, notModified atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if blockAll.Load() || refused[r.URL.Query().Get("s")] {
					forbidden(w)
					return
				}
				if r.Header.Get("If-None-Match") == `"8422"` {
					notModified.Add(1)
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", `"8422"`)
				w.Header().Set("Content-Type", "application/pdf")
				w.Write(pdf)
			}))
			defer srv.Close()
			opt := tenRecords(t.TempDir(), srv.URL)
			for _, night := range tc.nights {
				blockAll.Store(night.blockAll)
				hits.Store(0)
				notModified.Store(0)
				sum, err := Run(context.Background(), opt)
				var fd *FailedDownloads
				if !errors.As(err, &fd) || fd.Failed != night.failed || errors.Is(err, corpora.ErrBlocked) != night.blocked {
					t.Errorf("%s: %v; want %d failed, blocked %v", night.name, err, night.failed, night.blocked)
				}
				if night.check != "" && !strings.Contains(fmt.Sprint(err), night.check) {
					t.Errorf("%s: the error does not say %q: %v", night.name, night.check, err)
				}
				if n := int(hits.Load()); n != night.requests {
					t.Errorf("%s: %d requests, want %d", night.name, n, night.requests)
				}
				if n := int(notModified.Load()); n != night.notModified {
					t.Errorf("%s: %d answered 304, want %d", night.name, n, night.notModified)
				}
				if got, want := tally(sum)["fetch"], [3]int{night.fetched, night.current, 0}; got != want {
					t.Errorf("%s: fetch tally %v, want %v", night.name, got, want)
				}
			}
		})
	}
}

// tenRecords is a run fetching S/PV.8422 to S/PV.8431 from base into dir.
func tenRecords(dir, base string) Options {
	var symbols []string
	for i := range 10 {
		symbols = append(symbols, fmt.Sprintf("S/PV.%d", 8422+i))
	}
	return Options{DataDir: dir, Sources: []Source{FetchSource(replayFetcher(dir, base), corpora.Selection{Symbols: symbols})}}
}

// forbidden answers as a site refusing the client: 403 and its HTML page.
func forbidden(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusForbidden)
	w.Write([]byte("<html><head><title>403 Forbidden</title></head><body>Request blocked.</body></html>"))
}

// TestFetchConfigReadWhileSaved: `fetch --plan` reads DATA/fetch.json
// without the data directory's lock (as status does; a plan that reads
// the UN's meeting lists takes minutes, and a lock held for them made the
// nightly run exit 4), while a `fetch --save` may rewrite it. Saved whole
// under another name and renamed, it is read whole: the old selection or
// the new, never part of one.
func TestFetchConfigReadWhileSaved(t *testing.T) {
	dir := t.TempDir()
	a := FetchConfig{Selection: corpora.Selection{Symbols: []string{"S/PV.7796"}}}
	b := FetchConfig{Selection: corpora.Selection{FromYear: 2014, ToYear: 2024, Agenda: []string{corpora.RegionalCooperationAgenda}}, Contact: "ops@uni.edu"}
	if err := SaveFetchConfig(dir, a); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for i := range 100 {
			if err := SaveFetchConfig(dir, []FetchConfig{a, b}[i%2]); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	reads := 0
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if reads == 0 {
				t.Fatal("nothing read while saving")
			}
			return
		default:
		}
		got, ok, err := LoadFetchConfig(dir)
		reads++
		if err != nil || !ok || (!cmp.Equal(got, a) && !cmp.Equal(got, b)) {
			t.Fatalf("read %d while saving: %+v, %v, %v; want one of the saved selections whole", reads, got, ok, err)
		}
	}
}

// TestFetchCheckChangedInterrupted: a check after refusals given a stored
// record anew (changed since) writes nothing; an interrupt before that
// record's turn leaves no file in DATA/raw that no source names, and the
// next run stores the new PDF. The check stored it at once, so the
// interrupted run left it unreferenced (found by review).
func TestFetchCheckChangedInterrupted(t *testing.T) {
	pdfs := bundled.PDFs()
	before, err := fs.ReadFile(pdfs, "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	after, err := fs.ReadFile(pdfs, "A_76_PV.102_E.pdf") // another real record: the PDF as changed
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var night atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sym, n := r.URL.Query().Get("s"), night.Load()
		pdf, etag := before, `"v1"`
		switch {
		case n > 1 && (sym == "S/PV.8422" || sym == "S/PV.8423" || sym == "S/PV.8424"):
			forbidden(w)
			return
		case n == 2 && sym == "S/PV.8425": // SIGTERM while this one downloads
			cancel()
			<-r.Context().Done()
			return
		case n > 1 && sym == "S/PV.8426":
			pdf, etag = after, `"v2"`
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	}))
	defer srv.Close()
	dir := t.TempDir()
	run := func(ctx context.Context, symbols ...string) error {
		sel := corpora.Selection{Symbols: symbols}
		_, err := Run(ctx, Options{DataDir: dir, Sources: []Source{FetchSource(replayFetcher(dir, srv.URL), sel)}})
		return err
	}
	// unreferenced lists the files under DATA/raw/sha256 no source names.
	unreferenced := func() []string {
		st, err := store.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		srcs, err := st.Sources(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]bool{}
		for _, s := range srcs {
			named[s.RawPath] = true
		}
		var out []string
		filepath.WalkDir(filepath.Join(dir, "raw", "sha256"), func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				if !named[filepath.ToSlash(rel)] {
					out = append(out, rel)
				}
			}
			return nil
		})
		return out
	}
	night.Store(1)
	if err := run(context.Background(), "S/PV.8422", "S/PV.8423", "S/PV.8424", "S/PV.8426"); err != nil {
		t.Fatalf("first night: %v", err)
	}
	// The second night's selection adds S/PV.8425, not stored: the check
	// after the three refusals is S/PV.8426, changed, asked before it.
	night.Store(2)
	if err := run(ctx, "S/PV.8422", "S/PV.8423", "S/PV.8424", "S/PV.8425", "S/PV.8426"); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted night: %v, want the interrupt", err)
	}
	if u := unreferenced(); len(u) != 0 {
		t.Errorf("the interrupted run left files no source names: %v", u)
	}
	night.Store(3)
	if err := run(context.Background(), "S/PV.8422", "S/PV.8423", "S/PV.8424", "S/PV.8425", "S/PV.8426"); err == nil || errors.Is(err, corpora.ErrBlocked) {
		t.Errorf("third night: %v, want the 3 refusals failed", err)
	}
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.Source(context.Background(), "pdf:S/PV.8426")
	st.Close()
	if err != nil || src.ETag != `"v2"` || src.Bytes != int64(len(after)) {
		t.Errorf("the changed record after the next run: %+v, %v; want the new PDF", src, err)
	}
	if u := unreferenced(); len(u) != 0 { // the old PDF is S/PV.8422's too
		t.Errorf("files no source names after the next run: %v", u)
	}
}

// TestFetchPlanGap: a Security Council meeting table refused for itself
// (403 for 2017 while the site gives 2016's) leaves its year out of the
// plan: the run fetches the other year's records and fails as for a failed
// download, counting the table (exit 1), not as blocked. It ended the plan
// at that year, with exit 5 and nothing fetched, every night.
func TestFetchPlanGap(t *testing.T) {
	table, err := os.ReadFile(filepath.Join("..", "corpora", "testdata", "dhl", "scact2016_table_en.html"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/dhl/2016":
			w.Header().Set("Content-Type", "text/html")
			w.Write(table)
		case "/dhl/2017":
			forbidden(w)
		default:
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	f := replayFetcher(dir, srv.URL)
	f.DHL.URL = func(y int) string { return fmt.Sprintf("%s/dhl/%d", srv.URL, y) }
	sel := corpora.Selection{FromYear: 2016, ToYear: 2017, Bodies: []unpv.Body{unpv.SecurityCouncil}, Agenda: []string{"Burundi"}}
	sum, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{FetchSource(f, sel)}})
	var fd *FailedDownloads
	var gaps *corpora.PlanGaps
	if !errors.As(err, &fd) || !errors.As(err, &gaps) || errors.Is(err, corpora.ErrBlocked) || fd.Failed != 1 {
		t.Fatalf("run: %v; want 1 failed (the 2017 table), not blocked", err)
	}
	got := tally(sum)["fetch"]
	if got[0] == 0 || fd.Of != got[0]+1 || sum.Stages[0].Failed != 1 {
		t.Errorf("fetch tally %v, %d of %d failed, run log %d failed; want 2016's records stored and the table failed", got, fd.Failed, fd.Of, sum.Stages[0].Failed)
	}
	if !strings.Contains(err.Error(), "1 meeting list could not be read") {
		t.Errorf("the error does not name the table: %v", err)
	}
}

// TestFetchSourceKeepsFailedUntilStored: a record that failed when last
// asked stays among those asked last (corpora.FailedRecords) when ODS
// gives it but the store cannot keep it (here a closed store; a full
// disk): it is still to fetch. It was dropped from failed.json as soon as
// ODS gave it, before the store was asked.
func TestFetchSourceKeepsFailedUntilStored(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	}))
	defer srv.Close()
	ctx := context.Background()
	dir := t.TempDir()
	f := replayFetcher(dir, srv.URL)
	plan := []corpora.PlannedMeeting{{Symbol: "S/PV.8422"}}
	failed := f.LoadFailed()
	failed.Note("S/PV.8422", fmt.Errorf("ods S/PV.8422: %w", &corpora.HTTPError{StatusCode: http.StatusForbidden}), time.Now())
	if err := failed.Save(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // PutSource fails
	src := FetchSource(f, corpora.Selection{Symbols: []string{"S/PV.8422"}})
	if _, _, err := src.Run(ctx, st, dir); err == nil {
		t.Fatal("fetch into a closed store: no error")
	}
	if n := f.LoadFailed().Failed(plan); n != 1 {
		t.Errorf("after a download the store did not keep: %d of S/PV.8422 failed when last asked, want 1", n)
	}
	// Stored, it is dropped.
	if st, err = store.Open(ctx, dir); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := src.Run(ctx, st, dir); err != nil {
		t.Fatal(err)
	}
	if n := f.LoadFailed().Failed(plan); n != 0 {
		t.Errorf("after a download the store kept: %d of S/PV.8422 failed when last asked, want 0", n)
	}
}
