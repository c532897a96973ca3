package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunKeepRuns: `unpv run --keep-runs N` prunes the run log to its last
// N runs, 0 keeps every run, and a negative N is a usage error.
func TestRunKeepRuns(t *testing.T) {
	data := t.TempDir()
	runs := func() []int64 {
		t.Helper()
		out, err := runCLI(t, "--data", data, "status", "--json", "--runs", "50")
		if err != nil {
			t.Fatal(err)
		}
		var st struct{ Runs []struct{ ID int64 } }
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("%v\n%.300s", err, out)
		}
		var ids []int64
		for _, r := range st.Runs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		keep  string
		times int
		want  []int64
	}{
		{"2", 3, []int64{3, 2}},
		{"0", 2, []int64{5, 4, 3, 2}},
		{"3", 1, []int64{6, 5, 4}},
	} {
		for range tt.times {
			if _, err := runCLI(t, "--data", data, "run", "--no-bundled", "--keep-runs", tt.keep); err != nil {
				t.Fatalf("run --keep-runs %s: %v", tt.keep, err)
			}
		}
		if diff := cmp.Diff(tt.want, runs()); diff != "" {
			t.Errorf("after --keep-runs %s, runs (-want +got):\n%s", tt.keep, diff)
		}
	}
	_, err := runCLI(t, "--data", data, "run", "--no-bundled", "--keep-runs", "-1")
	if code := exitCode(context.Background(), err); code != exitUsage {
		t.Errorf("--keep-runs -1: exit %d (%v), want %d", code, err, exitUsage)
	}
}
