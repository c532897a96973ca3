package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/pipeline"
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
	t.Run("a bad mirror is a usage error", func(t *testing.T) {
		for _, args := range [][]string{{"fetch", "--mirror", "127.0.0.1:8000"}, {"run", "--fetch-mirror", "ftp://mirror"}} {
			if code, _, e := cli(t, nil, slices.Concat([]string{"--data", data}, args)...); code != 2 || !strings.Contains(e, "mirror") {
				t.Errorf("%v: exit %d\n%s", args, code, e)
			}
		}
		if got := requests(); len(got) != 0 {
			t.Errorf("the mirror saw %q", got)
		}
	})
}
