package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// logRun is one run of a simulated run log: its status and stages.
type logRun struct {
	status string
	stages []RunStage
}

// nightly are the stages of a run that fetches nothing.
func nightly() []RunStage {
	return []RunStage{{Stage: "import", Skipped: 40}, {Stage: StageExtract}, {Stage: StageClassify},
		{Stage: "index", Skipped: 1}, {Stage: "report", Skipped: 1}}
}

// writeLog logs runs as the runner does (StartRun, FinishRun), the i-th
// (from 1) started on day i of 2026 at 02:30, so that quarantine times can
// fall within a chosen run. A run left running is set so at the end (the
// next StartRun would mark it killed).
func writeLog(t *testing.T, s *Store, runs []logRun) {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, r := range runs {
		id, err := s.StartRun(ctx, "run", 42)
		if err != nil {
			t.Fatal(err)
		}
		if r.status != RunRunning {
			if err := s.FinishRun(ctx, id, r.status, "", r.stages); err != nil {
				t.Fatal(err)
			}
		}
		day := fmt.Sprintf("2026-01-%02dT02:30:00.000Z", id)
		if _, err := s.db.ExecContext(ctx, `UPDATE runs SET started_at = ? WHERE id = ?`, day, id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, r := range runs {
		if _, err := s.db.ExecContext(ctx, `UPDATE runs SET status = ? WHERE id = ?`, r.status, ids[i]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPruneRuns: PruneRuns keeps the last runs and every run something
// unpv reads later depends on — the last run of each stage (a fetch's
// failed downloads, an import's skipped inputs), a run still running, the
// run each document still quarantined was quarantined in — and deletes the
// others' stage tallies and skipped inputs with them.
func TestPruneRuns(t *testing.T) {
	ctx := context.Background()
	plain := func(n int) []logRun {
		out := make([]logRun, n)
		for i := range out {
			out[i] = logRun{RunOK, nightly()}
		}
		return out
	}
	withStage := func(runs []logRun, i int, rs RunStage) []logRun {
		runs[i-1].stages = append(runs[i-1].stages, rs)
		return runs
	}
	skipped := func(in ...string) []SkippedInput {
		var out []SkippedInput
		for _, x := range in {
			out = append(out, SkippedInput{Input: x, Reason: "too large"})
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		runs       []logRun
		quarantine string // a document quarantined at this time, if any
		keep       int
		want       []int64 // runs left, newest first
		wantFetch  int     // the last fetch's failed downloads, read back
		wantInputs []string
	}{
		{"the last runs", plain(10), "", 3, []int64{10, 9, 8}, 0, nil},
		{"fewer runs than kept", plain(4), "", 100, []int64{4, 3, 2, 1}, 0, nil},
		{"keep 0 keeps the newest", plain(4), "", 0, []int64{4}, 0, nil},
		{"the last fetch", withStage(plain(10), 2, RunStage{Stage: "fetch", Failed: 3}), "", 3, []int64{10, 9, 8, 2}, 3, nil},
		{"a fetch since", withStage(withStage(plain(10), 2, RunStage{Stage: "fetch", Failed: 3}), 9, RunStage{Stage: "fetch"}), "", 3,
			[]int64{10, 9, 8}, 0, nil},
		{"the last import of a folder", withStage(withStage(plain(10), 4,
			RunStage{Stage: "unsc-debates", Failed: 2, Inputs: skipped("a.json", "b.json")}), 6,
			RunStage{Stage: "unsc-debates", Failed: 1, Inputs: skipped("c.json")}), "", 2, []int64{10, 9, 6}, 0, []string{"c.json"}},
		{"a document quarantined", plain(10), "2026-01-05T02:31:07.000Z", 3, []int64{10, 9, 8, 5}, 0, nil},
		{"quarantined by the last run", plain(10), "2026-01-10T02:31:07.000Z", 3, []int64{10, 9, 8}, 0, nil},
		{"quarantined before every run", plain(10), "2025-12-31T23:59:59.000Z", 3, []int64{10, 9, 8}, 0, nil},
		{"a run still running", func() []logRun { r := plain(10); r[2].status = RunRunning; return r }(), "", 3,
			[]int64{10, 9, 8, 3}, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(ctx, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			writeLog(t, s, tc.runs)
			if tc.quarantine != "" {
				st := StageState{Document: "pdf:S/PV.1", Stage: StageExtract, InputHash: "h", Version: "v"}
				if err := s.Quarantine(ctx, st, "no text layer"); err != nil {
					t.Fatal(err)
				}
				if _, err := s.db.ExecContext(ctx, `UPDATE quarantine SET at = ?`, tc.quarantine); err != nil {
					t.Fatal(err)
				}
			}
			n, err := s.PruneRuns(ctx, tc.keep)
			if err != nil {
				t.Fatal(err)
			}
			if want := len(tc.runs) - len(tc.want); n != want {
				t.Errorf("PruneRuns deleted %d runs, want %d", n, want)
			}
			runs, err := s.Runs(ctx, 1000)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			fetch := 0
			var inputs []string
			fetchSeen, importSeen := false, false
			for _, r := range runs {
				ids = append(ids, r.ID)
				if len(r.Stages) == 0 && r.Status != RunRunning {
					t.Errorf("run %d kept without its stages", r.ID)
				}
				for _, rs := range r.Stages {
					if rs.Stage == "fetch" && !fetchSeen {
						fetch, fetchSeen = rs.Failed, true
					}
					if rs.Stage == "unsc-debates" && !importSeen {
						importSeen = true
						for _, in := range r.Skipped {
							inputs = append(inputs, in.Input)
						}
					}
				}
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("runs left (-want +got):\n%s", diff)
			}
			if fetch != tc.wantFetch {
				t.Errorf("the last fetch failed %d downloads, want %d", fetch, tc.wantFetch)
			}
			if diff := cmp.Diff(tc.wantInputs, inputs); diff != "" {
				t.Errorf("the last import's skipped inputs (-want +got):\n%s", diff)
			}
			for _, tbl := range []string{"run_stages", "run_skipped"} {
				var orphans int
				if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+tbl+` WHERE run_id NOT IN (SELECT id FROM runs)`).Scan(&orphans); err != nil {
					t.Fatal(err)
				}
				if orphans > 0 {
					t.Errorf("%d rows of %s left of runs deleted", orphans, tbl)
				}
			}
		})
	}
}
