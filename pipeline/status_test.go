package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/store"
)

// TestStatusOutdated: status counts, per stage, the documents last done
// with another version of the stage than this unpv's, which the next run
// does again. After an upgrade (a new model, a new extraction) the
// documents were all "done" with nothing pending, and status gave no sign
// that the next run would classify them again.
func TestStatusOutdated(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rc := fixtureRecords(t)
	c, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	stages := []Stage{ExtractStage(extract.Options{}), ClassifyStage(c)}
	run := func() {
		t.Helper()
		if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{rc.source()}, Stages: stages, Command: "test", Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	outdated := func() map[string]int {
		t.Helper()
		st, err := ReadStatus(ctx, dir, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, s := range st.Stages {
			got[s.Stage] = s.Outdated
		}
		return got
	}
	run()
	none := map[string]int{StageExtract: 0, StageClassify: 0, StageIndex: 0, StageReport: 0}
	if diff := cmp.Diff(none, outdated()); diff != "" {
		t.Fatalf("after a run (-want +got):\n%s", diff)
	}

	// As an older unpv left them: two documents classified by another
	// model, one extracted by another extraction.
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	states, err := st.StageStates(ctx, StageClassify)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range states {
		if n == 2 {
			break
		}
		s.Version = "stance-older"
		if err := st.SetStageState(ctx, s); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			ex, err := st.StageStates(ctx, StageExtract)
			if err != nil {
				t.Fatal(err)
			}
			e := ex[s.Document]
			e.Version = "extract/0"
			if err := st.SetStageState(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		n++
	}
	st.Close()
	want := map[string]int{StageExtract: 1, StageClassify: 2, StageIndex: 0, StageReport: 0}
	if diff := cmp.Diff(want, outdated()); diff != "" {
		t.Errorf("documents done by older versions (-want +got):\n%s", diff)
	}
	run()
	if diff := cmp.Diff(none, outdated()); diff != "" {
		t.Errorf("after the next run (-want +got):\n%s", diff)
	}
}

// TestStatusPending: status counts as pending, per stage, the documents
// whose input is ready and that the stage never did; a quarantined document
// is not pending (the next run does not try it again while it is unchanged).
func TestStatusPending(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fc := testCorpus()
	fc["S/PV.8730"] = []string{"BAD scan"} // quarantined by extract
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	if _, err := runFake(t, dir, fc, f); !errors.Is(err, unpv.ErrBadDocument) {
		t.Fatalf("run: %v, want one quarantined", err)
	}
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// One document quarantined by classify, one extracted and never classified.
	if err := st.Quarantine(ctx, store.StageState{Document: "test:S/PV.8711", Stage: StageClassify, InputHash: "x", Version: "c1"}, "classifier panicked"); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceExtraction(ctx, "test:S/PV.8714", &store.Extraction{}, store.StageState{InputHash: "y", Version: "e1"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	status, err := ReadStatus(ctx, dir, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ Done, Quarantined, Pending int }
	got := map[string]counts{}
	for _, s := range status.Stages[:2] {
		got[s.Stage] = counts{s.Done, s.Quarantined, s.Pending}
	}
	want := map[string]counts{
		StageExtract:  {Done: 3, Quarantined: 1, Pending: 0},
		StageClassify: {Done: 1, Quarantined: 1, Pending: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
}

// TestReaderError: a reader refused by an older schema while a run holds
// the data directory (the run is migrating it, the first run of a new
// unpv) is told to try again when the run ends, with exit 4's
// unpv.ErrLocked; without a run it is told to run unpv, and other errors
// are left alone.
func TestReaderError(t *testing.T) {
	dir := t.TempDir()
	older := fmt.Errorf("store %s has schema version 1, %w (4): a run of this unpv … brings it up to date", dir, store.ErrOlderSchema)
	other := errors.New("open store: permission denied")
	for _, tc := range []struct {
		name       string
		locked     bool
		err        error
		wantLocked bool
	}{
		{"older schema, no run", false, older, false},
		{"older schema while a run holds the lock", true, older, true},
		{"another error while a run holds the lock", true, other, false},
		{"no error", true, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.locked {
				l, err := AcquireLock(dir, "run")
				if err != nil {
					t.Fatal(err)
				}
				defer l.Release()
			}
			err := ReaderError(dir, tc.err)
			if !errors.Is(err, tc.err) {
				t.Errorf("%v does not wrap %v", err, tc.err)
			}
			if errors.Is(err, unpv.ErrLocked) != tc.wantLocked {
				t.Errorf("%v: locked %v, want %v", err, !tc.wantLocked, tc.wantLocked)
			}
			if tc.wantLocked && !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
				t.Errorf("%v does not name the run", err)
			}
		})
	}
}

// TestReadStatusRuns: status lists as many of the last runs as asked,
// beyond the 50 it once read whatever was asked (the log keeps 100 by
// default: status --runs 100 listed 50 without a word).
func TestReadStatusRuns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 70 {
		id, err := st.StartRun(ctx, "run", 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.FinishRun(ctx, id, store.RunOK, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 60, 70, 100} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			status, err := ReadStatus(ctx, dir, n, false)
			if err != nil {
				t.Fatal(err)
			}
			want := min(n, 70)
			if len(status.Runs) != want {
				t.Fatalf("ReadStatus(%d) lists %d runs, want %d", n, len(status.Runs), want)
			}
			if want > 0 && status.Runs[0].ID != 70 {
				t.Errorf("first run listed %d, want the last (70)", status.Runs[0].ID)
			}
		})
	}
}
