package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// TestFetchMirror drives `unpv fetch` and `unpv run` against a local replay
// of the UN sites (--mirror, saved in DATA/fetch.json), as a cron job with a
// saved selection would: client flags given without a selection change the
// saved settings instead of being dropped.
func TestFetchMirror(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+r.Header.Get("User-Agent"))
		mu.Unlock()
		switch r.URL.Path {
		case "/documents.un.org/api/symbol/access":
			http.Redirect(w, r, "https://documents.un.org/doc/UNDOC/GEN/N18/441/48/PDF/N1844148.pdf", http.StatusFound)
		case "/documents.un.org/doc/UNDOC/GEN/N18/441/48/PDF/N1844148.pdf":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	requests := func() []string {
		mu.Lock()
		defer mu.Unlock()
		r := seen
		seen = nil
		return r
	}
	data := t.TempDir()
	if code, _, e := cli(t, nil, "--data", data, "fetch", "--plan", "--save", "--symbols", "S/PV.8422"); code != 0 {
		t.Fatalf("fetch --plan --save: exit %d\n%s", code, e)
	}

	t.Run("flags alone change the saved selection's settings", func(t *testing.T) {
		code, out, e := cli(t, nil, "--data", data, "fetch", "--save", "--contact", "ops@uni.edu", "--mirror", srv.URL+"/")
		if code != 0 || !strings.Contains(out, "fetch          1") {
			t.Fatalf("fetch --save --contact --mirror: exit %d\n%s%s", code, out, e)
		}
		saved, _, err := pipeline.LoadFetchConfig(data)
		want := pipeline.FetchConfig{Contact: "ops@uni.edu", Mirror: srv.URL + "/"}
		want.Selection.Symbols = []string{"S/PV.8422"}
		if diff := cmp.Diff(want, saved); err != nil || diff != "" {
			t.Errorf("saved (-want +got) %v:\n%s", err, diff)
		}
		got := requests()
		if len(got) != 2 || !strings.HasPrefix(got[1], "/documents.un.org/doc/") || !strings.Contains(got[0], "contact: ops@uni.edu") {
			t.Errorf("the mirror saw %q", got)
		}
	})
	t.Run("a run fetches the saved selection from the mirror", func(t *testing.T) {
		code, out, e := cli(t, nil, "--data", data, "run", "--only", "fetch", "--json")
		if code != 0 || !strings.Contains(out, `{"stage":"fetch","processed":0,"skipped":1`) {
			t.Fatalf("run: exit %d\n%s%s", code, out, e)
		}
		if got := requests(); len(got) != 2 {
			t.Errorf("the mirror saw %q, want the conditional request and its redirect", got)
		}
	})
	t.Run("a new selection saved keeps the settings; none drops one", func(t *testing.T) {
		code, _, e := cli(t, nil, "--data", data, "fetch", "--plan", "--save", "--symbols", "S/PV.8422,S/PV.8711", "--mirror", "none")
		saved, _, err := pipeline.LoadFetchConfig(data)
		want := pipeline.FetchConfig{Contact: "ops@uni.edu"}
		want.Selection.Symbols = []string{"S/PV.8422", "S/PV.8711"}
		if diff := cmp.Diff(want, saved); code != 0 || err != nil || diff != "" {
			t.Errorf("exit %d, saved (-want +got) %v:\n%s%s", code, err, diff, e)
		}
	})
	t.Run("a bad mirror or contact is a usage error", func(t *testing.T) {
		for _, args := range [][]string{{"fetch", "--mirror", "127.0.0.1:8000"}, {"run", "--fetch-mirror", "ftp://mirror"},
			// A line break cannot go into the User-Agent: each request
			// failed as a network error, retried four times.
			{"fetch", "--contact", "ops@uni.edu\r\nX-Injected: 1"}, {"run", "--fetch-contact", "ops@uni.edu\n"}} {
			flag := strings.TrimPrefix(args[1], "--fetch-")
			if code, _, e := cli(t, nil, slices.Concat([]string{"--data", data}, args)...); code != 2 || !strings.Contains(e, strings.TrimPrefix(flag, "--")) {
				t.Errorf("%q: exit %d\n%s", args, code, e)
			}
		}
		if got := requests(); len(got) != 0 {
			t.Errorf("the mirror saw %q", got)
		}
	})
	// The UN's own sites are asked at most corpora.MaxRate times a
	// second; a mirror as fast as it likes. Any rate was taken.
	t.Run("a rate above the cap for the UN's sites is a usage error", func(t *testing.T) {
		for _, args := range [][]string{{"fetch", "--plan", "--rate", "5"}, {"run", "--only", "fetch", "--fetch-rate", "2.5"}} {
			if code, _, e := cli(t, nil, slices.Concat([]string{"--data", data}, args)...); code != 2 || !strings.Contains(e, "at most 2") {
				t.Errorf("%q: exit %d\n%s", args, code, e)
			}
		}
		if code, out, e := cli(t, nil, "--data", data, "fetch", "--plan", "--rate", "5", "--mirror", srv.URL); code != 0 || !strings.Contains(out, "S/PV.8711") {
			t.Errorf("--rate 5 with a mirror: exit %d\n%s%s", code, out, e)
		}
		if code, _, e := cli(t, nil, "--data", data, "fetch", "--plan", "--rate", "2"); code != 0 {
			t.Errorf("--rate 2: exit %d\n%s", code, e)
		}
		// A saved rate above it (a hand edit) fails every run that fetches,
		// and status says why.
		b, err := os.ReadFile(filepath.Join(data, pipeline.FetchFile))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, pipeline.FetchFile), []byte(strings.Replace(string(b), "{", `{"rate": 10,`, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := pipeline.LoadFetchConfig(data); err == nil || !strings.Contains(err.Error(), "at most 2") {
			t.Errorf("a saved rate of 10: %v", err)
		}
		if got := requests(); len(got) != 0 {
			t.Errorf("the mirror saw %q", got)
		}
	})
}

// TestFetchFailedTally: downloads that fail are counted in the fetch
// stage's tallies, which `unpv run` prints and `unpv status` keeps (text
// and --json), not only in the error text: a nightly whose every download
// failed read "fetch 0/0/0", like one with nothing to do.
func TestFetchFailedTally(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("s") {
		case "S/PV.8422":
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		case "S/PV.8423": // a WAF's challenge instead of the record
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><title>Just a moment...</title></html>"))
		default: // a symbol named that ODS does not have
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	data := t.TempDir()
	fetch := []string{"--fetch-symbols", "S/PV.8422,S/PV.8423,S/PV.9999", "--fetch-mirror", srv.URL, "--fetch-rate", "1000"}
	type stages struct {
		Stages []store.RunStage `json:"stages"`
	}
	for _, tc := range []struct {
		name string
		want store.RunStage // the fetch stage's tallies
	}{
		{"first run", store.RunStage{Stage: "fetch", Processed: 1, Failed: 2}},
		{"second run: the record unchanged", store.RunStage{Stage: "fetch", Skipped: 1, Failed: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ignore := cmpopts.IgnoreFields(store.RunStage{}, "Duration", "DurationMS")
			code, out, e := cli(t, nil, slices.Concat([]string{"--data", data, "run", "--only", "fetch", "--json"}, fetch)...)
			var sum stages
			if err := json.Unmarshal([]byte(out), &sum); code != 1 || err != nil || len(sum.Stages) != 1 {
				t.Fatalf("run --json: exit %d, %v\n%s%s", code, err, out, e)
			}
			if diff := cmp.Diff(tc.want, sum.Stages[0], ignore); diff != "" {
				t.Errorf("run --json: fetch stage (-want +got):\n%s", diff)
			}
			code, out, e = cli(t, nil, "--data", data, "status", "--json", "--runs", "1")
			var st struct {
				Runs []stages `json:"runs"`
			}
			if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || len(st.Runs) != 1 || len(st.Runs[0].Stages) != 1 {
				t.Fatalf("status --json: exit %d, %v\n%s%s", code, err, out, e)
			}
			if diff := cmp.Diff(tc.want, st.Runs[0].Stages[0], ignore); diff != "" {
				t.Errorf("status --json: fetch stage (-want +got):\n%s", diff)
			}
			want := fmt.Sprintf("fetch %d/%d/0/%d ", tc.want.Processed, tc.want.Skipped, tc.want.Failed)
			if code, out, e = cli(t, nil, "--data", data, "status"); code != 0 || !strings.Contains(out, want) ||
				!strings.Contains(out, "(processed/unchanged/quarantined[/failed], time)") {
				t.Errorf("status: exit %d, want %q\n%s%s", code, want, out, e)
			}
		})
	}
	t.Run("the table", func(t *testing.T) {
		code, out, e := cli(t, nil, slices.Concat([]string{"--data", data, "run", "--no-bundled"}, fetch)...)
		for _, w := range []string{`quarantined +failed +time`, `\n +fetch +0 +1 +0 +2 +\d`, `\n +extract +1 +0 +0 +- +\d`} {
			if !regexp.MustCompile(w).MatchString(out) {
				t.Errorf("exit %d: the table does not say %q\n%s%s", code, w, out, e)
			}
		}
		if code, out, e := cli(t, nil, "--data", data, "run", "--no-bundled", "--offline"); code != 0 || strings.Contains(out, "failed") {
			t.Errorf("a run without the fetch stage: exit %d, a failed column:\n%s%s", code, out, e)
		}
	})
}

// TestRunOnlyFetches: `run --only` leaves the fetch source out unless it is
// named, even with a selection given (a mutant that fetched whenever a
// selection was given survived: "run --only extract" went to the network).
func TestRunOnlyFetches(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		only   string
		stages []string // the summary's
		fetch  bool     // whether the mirror was asked
	}{
		{"extract", []string{"extract"}, false},
		{"fetch", []string{"fetch"}, true},
	} {
		t.Run(tc.only, func(t *testing.T) {
			mu.Lock()
			requests = 0
			mu.Unlock()
			out, err := runCLI(t, "--data", t.TempDir(), "run", "--only", tc.only, "--json",
				"--fetch-symbols", "S/PV.8422", "--fetch-mirror", srv.URL, "--fetch-rate", "1000")
			if err != nil {
				t.Fatalf("run --only %s: %v\n%s", tc.only, err, out)
			}
			var sum struct {
				Stages []store.RunStage `json:"stages"`
			}
			if err := json.Unmarshal([]byte(out), &sum); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var stages []string
			for _, s := range sum.Stages {
				stages = append(stages, s.Stage)
			}
			mu.Lock()
			fetched := requests > 0
			mu.Unlock()
			if diff := cmp.Diff(tc.stages, stages); diff != "" || fetched != tc.fetch {
				t.Errorf("stages (-want +got):\n%s\nmirror asked: %v, want %v", diff, fetched, tc.fetch)
			}
		})
	}
}

// TestFetchPlanWritesNothing: `fetch --plan` reads the UN's meeting lists
// for a year range and writes nothing into DATA, not even the copy of a
// table a fetch keeps with its ETag for the next run (a mutant that kept
// the fetch's table cache in a plan survived).
func TestFetchPlanWritesNothing(t *testing.T) {
	table, err := os.ReadFile(filepath.Join("..", "..", "corpora", "testdata", "dhl", "scact2016_table_en.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/www.un.org/depts/dhl/resguide/scact2016_table_en.htm" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"t1"`)
		w.Header().Set("Content-Type", "text/html")
		w.Write(table)
	}))
	defer srv.Close()
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "--data", data, "fetch", "--plan", "--years", "2016", "--body", "SC", "--mirror", srv.URL, "--rate", "1000")
	if err != nil || !strings.Contains(out, "2016-01-11  S/PV.7600") {
		t.Fatalf("fetch --plan: %v\n%.300s", err, out)
	}
	var left []string
	filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if p != data {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("fetch --plan wrote into DATA: %q", left)
	}
}

// TestRunBadSavedSelection: a nightly run whose DATA/fetch.json names a
// field unpv does not know fails (exit 1) naming it, and status says so;
// the run fetched nothing and exited 0 while status listed the selection
// as "{}".
func TestRunBadSavedSelection(t *testing.T) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, pipeline.FetchFile), []byte(`{"selection": {"years": "2014-2024"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled")
	if code != exitFailure || !strings.Contains(e, `unknown field "years"`) {
		t.Errorf("run: exit %d, want %d naming the field\n%s", code, exitFailure, e)
	}
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled", "--offline"); code != 0 {
		t.Errorf("run --offline: exit %d\n%s", code, e)
	}
	// A run of stages that do not fetch does not read the selection: it
	// failed as the nightly run did.
	if code, _, e := cli(t, nil, "--data", data, "run", "--only", "extract,classify"); code != 0 {
		t.Errorf("run --only extract,classify: exit %d\n%s", code, e)
	}
	code, out, e := cli(t, nil, "--data", data, "status", "--json")
	var st struct {
		Fetch      any    `json:"fetch"`
		FetchError string `json:"fetch_error"`
	}
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || st.Fetch != nil || !strings.Contains(st.FetchError, `unknown field "years"`) {
		t.Errorf("status --json: exit %d, %v: %+v\n%s", code, err, st, e)
	}
}

// TestFetchBlocked: a site answering every request with 403 (or a WAF's
// challenge) is asked 4 times, not once per record (3 refusals, then a
// check: with nothing stored, the next record; later, a stored record
// asked again); `fetch` and `run` exit 5 naming the host, the mirror
// asked and what to do, and the records are fetched by the next run. It
// was asked for all 8 records and the command exited 1 like any failed
// download. A refusal of the meeting lists while planning (`fetch
// --years`, `fetch --plan`) exits 5 too, after one request: it exited 1.
func TestFetchBlocked(t *testing.T) {
	pdf, err := fs.ReadFile(bundled.PDFs(), "S_PV.8422_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	asked, answer := 0, "403"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked++
		a := answer
		mu.Unlock()
		switch a {
		case "403":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>"))
		case "waf":
			w.Header().Set("x-amzn-waf-action", "challenge")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusAccepted)
			w.Write([]byte(`<!DOCTYPE html><html><head><script src="https://example.token.awswaf.com/challenge.js"></script></head><body></body></html>`))
		default:
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		}
	}))
	defer srv.Close()
	set := func(a string) int {
		mu.Lock()
		defer mu.Unlock()
		n := asked
		asked, answer = 0, a
		return n
	}
	data := t.TempDir()
	symbols := "S/PV.8422,S/PV.8423,S/PV.8424,S/PV.8425,S/PV.8426,S/PV.8427,S/PV.8428,S/PV.8429"
	blocked := func(t *testing.T, answer string, asks int, says []string, args ...string) {
		t.Helper()
		set(answer)
		code, _, e := cli(t, nil, slices.Concat([]string{"--data", data}, args)...)
		if code != exitBlocked {
			t.Errorf("exit %d, want %d\n%s", code, exitBlocked, e)
		}
		for _, w := range append(says, "--contact") {
			if !strings.Contains(e, w) {
				t.Errorf("stderr does not say %q:\n%s", w, e)
			}
		}
		if n := set("pdf"); n != asks {
			t.Errorf("the site was asked %d times, want %d", n, asks)
		}
	}
	ods := "documents.un.org (through the mirror " + srv.URL + ") refused "
	t.Run("fetch 403", func(t *testing.T) {
		blocked(t, "403", 4, []string{ods + "4 downloads in a row", "with no record it gave before"}, "fetch", "--symbols", symbols, "--mirror", srv.URL, "--rate", "1000")
	})
	t.Run("run waf", func(t *testing.T) {
		blocked(t, "waf", 4, []string{ods + "4 downloads in a row"}, "run", "--only", "fetch", "--fetch-symbols", symbols, "--fetch-mirror", srv.URL, "--fetch-rate", "1000")
	})
	lists := "www.un.org (through the mirror " + srv.URL + ") refused the meeting lists' request"
	for _, args := range [][]string{{"fetch", "--plan"}, {"fetch"}} {
		for _, answer := range []string{"403", "waf"} {
			t.Run(strings.Join(args, " ")+" --years "+answer, func(t *testing.T) {
				blocked(t, answer, 1, []string{lists, "nothing was fetched"}, slices.Concat(args, []string{"--years", "2016", "--body", "SC", "--mirror", srv.URL, "--rate", "1000"})...)
			})
		}
	}
	code, out, e := cli(t, nil, "--data", data, "fetch", "--symbols", symbols, "--mirror", srv.URL, "--rate", "1000")
	if code != 0 || !strings.Contains(out, "fetch          8") {
		t.Errorf("the next fetch: exit %d\n%s%s", code, out, e)
	}
	// Records stored: the check is the next of them not asked yet (not
	// S/PV.8422, just refused), asked again.
	t.Run("fetch 403, records stored", func(t *testing.T) {
		blocked(t, "403", 4, []string{ods + "3 downloads in a row", "failed the check (S/PV.8425, which it gave before"}, "fetch", "--symbols", symbols, "--mirror", srv.URL, "--rate", "1000")
	})
}

// TestFetchPlanWhileLocked: `fetch --plan` takes no lock (it reads only
// DATA/fetch.json, replaced whole when saved: TestFetchConfigReadWhileSaved),
// so it lists a selection while a run holds the data directory, and saves
// one with --save, leaving the run's lock as it was; a fetch that
// downloads waits its turn (exit 4).
func TestFetchPlanWhileLocked(t *testing.T) {
	data := t.TempDir()
	l, err := pipeline.AcquireLock(data, "run (cron)")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	lockFile := filepath.Join(data, pipeline.LockFile)
	held, err := os.ReadFile(lockFile)
	if err != nil {
		t.Fatal(err)
	}
	code, out, e := cli(t, nil, "--data", data, "fetch", "--plan", "--save", "--symbols", "S/PV.7796,A/73/PV.101")
	if code != 0 || !strings.Contains(out, "S/PV.7796") || !strings.Contains(out, "2 meetings") {
		t.Errorf("fetch --plan --save while locked: exit %d\n%s%s", code, out, e)
	}
	if saved, ok, err := pipeline.LoadFetchConfig(data); !ok || err != nil || len(saved.Selection.Symbols) != 2 {
		t.Errorf("saved while locked: %+v %v %v", saved, ok, err)
	}
	if now, err := os.ReadFile(lockFile); err != nil || string(now) != string(held) {
		t.Errorf("the lock file was %q, now %q (%v)", held, now, err)
	}
	if code, _, e := cli(t, nil, "--data", data, "fetch", "--mirror", "http://127.0.0.1:9"); code != exitLocked {
		t.Errorf("fetch while locked: exit %d, want %d\n%s", code, exitLocked, e)
	}
}
