package corpora

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFailedRecords: the records whose download failed when asked are
// kept from one fetch to the next (given, they are dropped; left untried,
// they stay as they were) and the next plan asks them after the others,
// each part in plan order. A broken file orders nothing.
func TestFailedRecords(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	f := NewFetcher(dir, ClientOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	plan := func(nums ...int) []PlannedMeeting {
		var p []PlannedMeeting
		for _, n := range nums {
			p = append(p, PlannedMeeting{Symbol: fmt.Sprintf("S/PV.%d", n)})
		}
		return p
	}
	at := time.Date(2026, 12, 7, 2, 30, 0, 0, time.UTC)
	f.Now = func() time.Time { return at } // LoadFailed forgets by it
	refused := fmt.Errorf("ods S/PV.1: %w", &HTTPError{StatusCode: http.StatusForbidden})
	blocked := &BlockedError{Refusals: 4, Last: refused}
	for _, night := range []struct {
		name    string
		plan    []PlannedMeeting
		want    []PlannedMeeting // the order asked
		outcome map[int]error    // by record; absent: given
	}{
		{"first night", plan(1, 2, 3, 4, 5, 6), plan(1, 2, 3, 4, 5, 6), map[int]error{
			1: refused, 2: refused, 3: refused, 4: blocked,
			5: fmt.Errorf("ods S/PV.5: %w: %w", ErrNotTried, blocked), 6: fmt.Errorf("ods S/PV.6: %w: %w", ErrNotTried, blocked)}},
		{"second night: the untried first", plan(1, 2, 3, 4, 5, 6), plan(5, 6, 1, 2, 3, 4), map[int]error{
			1: refused, 3: fmt.Errorf("ods S/PV.3: %w", ErrSiteDown), 4: refused}},
		{"third night: S/PV.2 given, S/PV.3 untried stays", plan(1, 2, 3, 4, 5, 6, 7), plan(2, 5, 6, 7, 1, 3, 4), nil},
		{"fourth night: all given", plan(1, 2, 3, 4, 5, 6, 7), plan(1, 2, 3, 4, 5, 6, 7), nil},
	} {
		failed := f.LoadFailed()
		got := failed.Order(night.plan)
		if d := cmp.Diff(night.want, got); d != "" {
			t.Errorf("%s: order (-want +got):\n%s", night.name, d)
		}
		for _, p := range got {
			var n int
			fmt.Sscanf(p.Symbol, "S/PV.%d", &n)
			failed.Note(p.Symbol, night.outcome[n], at)
		}
		if err := failed.Save(); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, FailedFile))
	if err != nil || strings.TrimSpace(string(b)) != "{}" {
		t.Errorf("after every record was given: %q, %v; want none kept", b, err)
	}
	// A record last asked more than ForgetFailed ago (no plan names it
	// any more) is forgotten, and the file written without it; one asked
	// within it is kept.
	old := map[string]FailedRecord{
		"S/PV.8": {Reason: "404", At: at.Add(-ForgetFailed - time.Hour)},
		"S/PV.9": {Reason: "404", At: at.Add(-ForgetFailed + time.Hour)},
	}
	b, err = json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FailedFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	failed := f.LoadFailed()
	if got, want := failed.Order(plan(8, 9, 10)), plan(8, 10, 9); !cmp.Equal(got, want) {
		t.Errorf("with S/PV.8 last asked more than ForgetFailed ago: order %v, want %v", got, want)
	}
	if err := failed.Save(); err != nil {
		t.Fatal(err)
	}
	var kept map[string]FailedRecord
	if b, err = os.ReadFile(filepath.Join(dir, FailedFile)); err == nil {
		err = json.Unmarshal(b, &kept)
	}
	if _, ok := kept["S/PV.8"]; err != nil || ok || len(kept) != 1 {
		t.Errorf("the file after forgetting S/PV.8: %s, %v; want S/PV.9 alone", b, err)
	}
	// Broken: read as none, with a warning.
	if err := os.WriteFile(filepath.Join(dir, FailedFile), []byte(`{"S/PV.1": `), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := f.LoadFailed().Order(plan(1, 2)); !cmp.Equal(got, plan(1, 2)) || !strings.Contains(logs.String(), "plan is asked in its own order") {
		t.Errorf("a broken file: order %v, log %q", got, logs.String())
	}
}
