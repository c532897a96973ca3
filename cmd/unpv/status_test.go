package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// TestStatusTellsWhy: the text status, which the cron line of
// docs/pipeline.md mails when a run fails, says why runs failed (the error
// was only in the run log's JSON and the logs) and how a quarantined
// document is retried, and which inputs runs skipped as bad (the first
// few: --json lists them all).
func TestStatusTellsWhy(t *testing.T) {
	failed := store.Run{ID: 6, StartedAt: "2026-12-06T15:03:59.761Z", FinishedAt: "2026-12-06T15:04:00.383Z", Status: store.RunFailed,
		Command: "run", Error: "fetch: nothing fetched, the next run tries again: plan: no such host"}
	ok := store.Run{ID: 5, StartedAt: "2026-12-06T15:00:00Z", FinishedAt: "2026-12-06T15:00:01Z", Status: store.RunOK, Command: "run"}
	skipping := store.Run{ID: 7, StartedAt: "2026-12-06T16:00:00Z", FinishedAt: "2026-12-06T16:00:01Z", Status: store.RunPartial,
		Command: "import /in", Error: "import in: 7 of 9 inputs were bad and skipped"}
	for i := range 7 {
		skipping.Skipped = append(skipping.Skipped, store.SkippedInput{Stage: "import in", Input: fmt.Sprintf("/in/%d.pdf", i+1),
			Reason: "not a PDF (no %PDF- header)"})
	}
	quarantined := store.QuarantineEntry{Document: "pdf:S/PV.9999", Stage: "extract", Reason: "not a PDF (no %PDF- header): bad document"}
	tests := []struct {
		name      string
		st        pipeline.Status
		want, not []string
	}{
		{"a failed run", pipeline.Status{Runs: []store.Run{failed, ok}},
			[]string{"run 6 failed: fetch: nothing fetched, the next run tries again: plan: no such host"}, []string{"run 5 ok:", "retried"}},
		{"a quarantined document", pipeline.Status{Quarantined: []store.QuarantineEntry{quarantined}, Runs: []store.Run{ok}},
			[]string{"pdf:S/PV.9999", "'unpv import' it again", "'unpv import --remove KEY'"}, []string{"run 5 ok:"}},
		{"documents done by an older unpv", pipeline.Status{Stages: []pipeline.StageStatus{{Stage: "classify", Done: 97, Outdated: 97,
			Versions: []string{"stance-b5792631e732"}}}, Runs: []store.Run{ok}},
			[]string{"pending  outdated  version", "the next run does them again"}, []string{"run 5 ok:"}},
		{"a saved selection fetched from a mirror", pipeline.Status{Fetch: &corpora.Selection{Symbols: []string{"S/PV.7796"}}, FetchMirror: "http://127.0.0.1:8000",
			Runs: []store.Run{ok}}, []string{`every run fetches the saved selection {"symbols":["S/PV.7796"]} from the mirror http://127.0.0.1:8000 (fetch.json)`}, nil},
		{"a saved selection unpv cannot read", pipeline.Status{FetchError: `DATA/fetch.json: json: unknown field "years"`, Runs: []store.Run{ok}},
			[]string{`every run that fetches (all but --offline and --only without fetch) fails (exit 1) until the saved selection is mended: DATA/fetch.json: json: unknown field "years"`}, []string{"every run fetches"}},
		{"a run that skipped inputs", pipeline.Status{Runs: []store.Run{skipping, ok}},
			[]string{"run 7 skipped 7 inputs as bad:\n", "    (import in) /in/1.pdf: not a PDF (no %PDF- header)\n", "/in/5.pdf",
				"    and 2 more ('unpv status --json' lists them all)\n"}, []string{"/in/6.pdf", "run 5 skipped"}},
		{"nothing outdated", pipeline.Status{Stages: []pipeline.StageStatus{{Stage: "classify", Done: 97}}, Runs: []store.Run{ok}},
			nil, []string{"the next run does them again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			printStatus(&b, &tt.st)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("status does not say %q:\n%s", w, b.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("status says %q:\n%s", n, b.String())
				}
			}
		})
	}
}

// TestStatusRuns: --runs N lists the N most recent runs, --runs 0 none (a
// mutant refusing 0, which the error for a negative N names as allowed,
// survived every test).
func TestStatusRuns(t *testing.T) {
	data := searchData(t) // its index stage is one run
	// A second run, so that --runs 1 lists fewer than all.
	if _, err := runCLI(t, "--data", data, "index"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ runs, want int }{{0, 0}, {1, 1}, {5, 2}} {
		t.Run(strconv.Itoa(tt.runs), func(t *testing.T) {
			out, err := runCLI(t, "--data", data, "status", "--json", "--runs", strconv.Itoa(tt.runs))
			if err != nil {
				t.Fatalf("exit %d: %v", exitCode(context.Background(), err), err)
			}
			var st struct{ Runs []json.RawMessage }
			if err := json.Unmarshal([]byte(out), &st); err != nil {
				t.Fatalf("%v\n%.300s", err, out)
			}
			if len(st.Runs) != tt.want {
				t.Errorf("%d runs listed, want %d", len(st.Runs), tt.want)
			}
		})
	}
}
