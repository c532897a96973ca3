package pipeline

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/store"
)

// TestRunPrunesRunLog: runs with KeepRuns prune the run log to their last
// runs, and keep what unpv reads later: status lists the runs left, the
// run that quarantined a document still quarantined, the last fetch with
// its failed downloads; import --remove still runs and logs its run.
func TestRunPrunesRunLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fc := testCorpus()
	fc["S/PV.8730"] = []string{"BAD scan"} // quarantined by the first run
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	failingFetch := Source{Name: StageFetch, Run: func(context.Context, *store.Store, string) (int, int, error) {
		return 0, 0, &FailedDownloads{Failed: 2, Of: 2, First: errors.New("HTTP 503 Service Unavailable")}
	}}
	run := func(sources ...Source) {
		t.Helper()
		_, err := Run(ctx, Options{DataDir: dir, Sources: append(sources, fc.source()), Stages: f.stages(), Command: "run",
			Workers: 2, KeepRuns: 2})
		var fd *FailedDownloads
		if !errors.Is(err, unpv.ErrBadDocument) && !errors.As(err, &fd) {
			t.Fatalf("run: %v, want the document quarantined or the downloads failed", err)
		}
	}
	run()             // 1: quarantines S/PV.8730
	run(failingFetch) // 2: the last fetch, 2 failed
	for range 5 {     // 3–7: offline nights
		run()
	}
	ids := func(runs []store.Run) []int64 {
		var out []int64
		for _, r := range runs {
			out = append(out, r.ID)
		}
		return out
	}
	st, err := ReadStatus(ctx, dir, 50, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{7, 6, 2, 1}, ids(st.Runs)); diff != "" {
		t.Errorf("runs status lists (-want +got):\n%s", diff)
	}
	if len(st.Quarantined) != 1 || st.Quarantined[0].Document != "test:S/PV.8730" {
		t.Errorf("quarantined: %+v", st.Quarantined)
	}
	fetched := false
	for _, r := range st.Runs {
		for _, rs := range r.Stages {
			if rs.Stage == StageFetch {
				fetched = true
				if r.ID != 2 || rs.Failed != 2 {
					t.Errorf("the last fetch: run %d, %d failed; want run 2, 2 failed", r.ID, rs.Failed)
				}
			}
		}
	}
	if !fetched {
		t.Error("the last fetch was pruned from the run log")
	}

	// import --remove after pruning: it runs, logs its run (partial: a
	// document is still quarantined), and the next run prunes around it.
	var pe *PartialError
	if err := RemoveDocuments(ctx, dir, []string{"test:S/PV.8711"}, func(string) {}); !errors.As(err, &pe) {
		t.Fatalf("import --remove: %v, want partial", err)
	}
	delete(fc, "S/PV.8711")
	run() // 9
	st, err = ReadStatus(ctx, dir, 50, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{9, 8, 2, 1}, ids(st.Runs)); diff != "" {
		t.Errorf("runs after import --remove and a run (-want +got):\n%s", diff)
	}
	if r := st.Runs[1]; r.Status != store.RunPartial || r.Command != "import --remove test:S/PV.8711" {
		t.Errorf("the import --remove run: %q %q, want partial", r.Command, r.Status)
	}
}
