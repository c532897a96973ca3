package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/store"
)

// fakeCorpus is a source whose documents the test edits between runs. Each
// document is a meeting whose speeches are the given texts.
type fakeCorpus map[string][]string // symbol → speech texts

func (fc fakeCorpus) source() Source {
	return Source{Name: "import", Run: func(ctx context.Context, st *store.Store, _ string) (int, int, error) {
		changed, same := 0, 0
		for sym, texts := range fc {
			rec := store.ImportedRecord{Meeting: unpv.Meeting{Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym, Date: "2020-01-30"}}
			for i, t := range texts {
				rec.Speeches = append(rec.Speeches, unpv.Speech{ID: unpv.SpeechID(sym, i+1), Symbol: sym, Body: unpv.SecurityCouncil,
					Meeting: sym, Date: "2020-01-30", Seq: i + 1, DelegationCode: "RUS", Text: t})
			}
			b, _ := json.Marshal(rec)
			c, err := st.PutSource(ctx, store.Source{Document: "test:" + sym, Kind: store.KindRecord, Symbol: sym,
				SHA256: fmt.Sprintf("%x", b), Content: b})
			if err != nil {
				return changed, same, err
			}
			if c {
				changed++
			} else {
				same++
			}
		}
		return changed, same, nil
	}}
}

// fakeStages are an extract stage that splits speeches at ". " and fails on
// texts containing BAD or PANIC, a classify stage that labels every sentence
// naming CSTO, and a corpus stage that writes a file; counters record calls.
type fakeStages struct {
	extractVersion, classifyVersion string
	extractWords                    bool // sentences are words: changes extract output
	extractCalls, classifyCalls     atomic.Int64
	corpusCalls                     atomic.Int64
	transient                       atomic.Bool // extract fails with a non-document error
}

func (f *fakeStages) stages() []Stage {
	return []Stage{
		{Name: StageExtract, Version: f.extractVersion, Document: func(ctx context.Context, in Input) (Output, error) {
			f.extractCalls.Add(1)
			if f.transient.Load() {
				return Output{}, errors.New("engine not installed")
			}
			var rec store.ImportedRecord
			if err := json.Unmarshal(in.Source.Content, &rec); err != nil {
				return Output{}, err
			}
			ex := &store.Extraction{Meeting: rec.Meeting, Speeches: rec.Speeches}
			for _, sp := range rec.Speeches {
				if strings.Contains(sp.Text, "PANIC") {
					panic("parser bug")
				}
				if strings.Contains(sp.Text, "WORKERBUG") { // a panic in a goroutine of the stage's
					_, err := Interruptible(ctx, func() int { panic("classifier bug") })
					return Output{}, err
				}
				if strings.Contains(sp.Text, "BAD") {
					return Output{}, fmt.Errorf("%w: no text layer", unpv.ErrBadDocument)
				}
				sep := ". "
				if f.extractWords {
					sep = " "
				}
				off := 0
				for n, s := range strings.Split(sp.Text, sep) {
					ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, n+1), SpeechID: sp.ID, N: n + 1,
						Start: off, End: off + len(s), Text: s})
					off += len(s) + len(sep)
				}
			}
			return Output{Extraction: ex}, nil
		}},
		{Name: StageClassify, Upstream: StageExtract, Version: f.classifyVersion, Document: func(ctx context.Context, in Input) (Output, error) {
			f.classifyCalls.Add(1)
			var out Output
			for _, sp := range in.Speeches {
				for _, se := range in.Sentences[sp.ID] {
					if i := strings.Index(se.Text, "CSTO"); i >= 0 {
						out.Mentions = append(out.Mentions, unpv.Mention{SentenceID: se.ID, Target: "CSTO", Surface: "CSTO", Start: i, End: i + 4})
						out.Stances = append(out.Stances, unpv.Stance{SentenceID: se.ID, Target: "CSTO", Label: unpv.Recognition,
							Confidence: 0.8, Relation: unpv.RelMember, Model: f.classifyVersion})
					}
				}
			}
			return out, nil
		}},
		{Name: StageReport, Version: "r1", Output: "out.txt", Corpus: func(ctx context.Context, st *store.Store, dir string) error {
			f.corpusCalls.Add(1)
			var n int
			st.EachStance(ctx, func(store.StanceRow) error { n++; return nil })
			return os.WriteFile(filepath.Join(dir, "out.txt"), []byte(fmt.Sprint(n)), 0o644)
		}},
	}
}

func runFake(t *testing.T, dir string, fc fakeCorpus, f *fakeStages) (*Summary, error) {
	t.Helper()
	return Run(context.Background(), Options{DataDir: dir, Sources: []Source{fc.source()}, Stages: f.stages(), Command: "test", Workers: 2})
}

func tally(sum *Summary) map[string][3]int {
	out := map[string][3]int{}
	for _, s := range sum.Stages {
		out[s.Stage] = [3]int{s.Processed, s.Skipped, s.Quarantined}
	}
	return out
}

func dump(t *testing.T, dir string) string {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b bytes.Buffer
	if err := st.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func testCorpus() fakeCorpus {
	return fakeCorpus{
		"S/PV.8711": {"We welcome ASEAN. The CSTO is a partner", "Thank you"},
		"S/PV.8714": {"The OSCE matters. So does the CSTO"},
		"S/PV.8726": {"No organisation here"},
	}
}

func TestRunIdempotent(t *testing.T) {
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	sum, err := runFake(t, dir, testCorpus(), f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"import": {3, 0, 0}, "extract": {3, 0, 0}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
	if diff := cmp.Diff(want, tally(sum)); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	first := dump(t, dir)
	sum, err = runFake(t, dir, testCorpus(), f)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string][3]int{"import": {0, 3, 0}, "extract": {0, 3, 0}, "classify": {0, 3, 0}, "report": {0, 1, 0}}
	if diff := cmp.Diff(want, tally(sum)); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	if f.extractCalls.Load() != 3 || f.classifyCalls.Load() != 3 || f.corpusCalls.Load() != 1 {
		t.Errorf("calls: extract %d classify %d corpus %d, want 3 3 1", f.extractCalls.Load(), f.classifyCalls.Load(), f.corpusCalls.Load())
	}
	if diff := cmp.Diff(first, dump(t, dir)); diff != "" {
		t.Errorf("second run changed the store (-first +second):\n%s", diff)
	}
	// A deleted derived output is rebuilt though nothing else changed.
	os.Remove(filepath.Join(dir, "out.txt"))
	if _, err := runFake(t, dir, testCorpus(), f); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "out.txt")); err != nil || string(b) != "2" {
		t.Errorf("corpus output after deletion: %q %v, want 2 stances", b, err)
	}
}

func TestRunIncremental(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	fc := testCorpus()
	if _, err := runFake(t, dir, fc, f); err != nil {
		t.Fatal(err)
	}

	t.Run("changed input redoes that document only", func(t *testing.T) {
		fc["S/PV.8711"] = []string{"Only this now"} // two speeches become one, the CSTO stance goes
		sum, err := runFake(t, dir, fc, f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][3]int{"import": {1, 2, 0}, "extract": {1, 2, 0}, "classify": {1, 2, 0}, "report": {1, 0, 0}}
		if diff := cmp.Diff(want, tally(sum)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		st, _ := store.Open(ctx, dir)
		defer st.Close()
		if _, err := st.Speech(ctx, "S/PV.8711#2"); !errors.Is(err, unpv.ErrNotFound) {
			t.Errorf("superseded speech kept: %v", err)
		}
		c, _ := st.Counts(ctx)
		if c["stances"] != 1 || c["mentions"] != 1 {
			t.Errorf("stances %d mentions %d after the CSTO sentence went, want 1 1", c["stances"], c["mentions"])
		}
	})

	t.Run("classify version bump redoes classify only", func(t *testing.T) {
		f.classifyVersion = "c2"
		e0 := f.extractCalls.Load()
		sum, err := runFake(t, dir, fc, f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][3]int{"import": {0, 3, 0}, "extract": {0, 3, 0}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
		if diff := cmp.Diff(want, tally(sum)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if f.extractCalls.Load() != e0 {
			t.Errorf("extract ran again")
		}
		st, _ := store.Open(ctx, dir)
		defer st.Close()
		st.EachStance(ctx, func(r store.StanceRow) error {
			if r.Model != "c2" {
				t.Errorf("stance %s still from model %q", r.SentenceID, r.Model)
			}
			return nil
		})
	})

	t.Run("extract version bump with the same output leaves classify alone", func(t *testing.T) {
		f.extractVersion = "e2"
		c0 := f.classifyCalls.Load()
		sum, err := runFake(t, dir, fc, f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][3]int{"import": {0, 3, 0}, "extract": {3, 0, 0}, "classify": {0, 3, 0}, "report": {0, 1, 0}}
		if diff := cmp.Diff(want, tally(sum)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if f.classifyCalls.Load() != c0 {
			t.Errorf("classify ran although its input did not change")
		}
	})

	t.Run("extract version bump with new output redoes downstream", func(t *testing.T) {
		f.extractVersion, f.extractWords = "e3", true
		sum, err := runFake(t, dir, fc, f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][3]int{"import": {0, 3, 0}, "extract": {3, 0, 0}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
		if diff := cmp.Diff(want, tally(sum)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		// And the result equals a fresh run with the new versions.
		fresh := t.TempDir()
		if _, err := runFake(t, fresh, fc, &fakeStages{extractVersion: "e3", classifyVersion: "c2", extractWords: true}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(dump(t, fresh), dump(t, dir)); diff != "" {
			t.Errorf("incremental store differs from a fresh build (-fresh +incremental):\n%s", diff)
		}
	})
}

func TestRunStageAlone(t *testing.T) {
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	if _, err := runFake(t, dir, testCorpus(), f); err != nil {
		t.Fatal(err)
	}
	before := dump(t, dir)
	// `unpv classify --store --force`: classify alone reads what extract stored.
	sum, err := Run(context.Background(), Options{DataDir: dir, Stages: f.stages()[1:2], Force: []string{StageClassify}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tally(sum)["classify"]; got != [3]int{3, 0, 0} {
		t.Errorf("classify alone: %v, want 3 documents redone", got)
	}
	if diff := cmp.Diff(before, dump(t, dir)); diff != "" {
		t.Errorf("classify alone changed the store (-before +after):\n%s", diff)
	}
}

func TestRunQuarantine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	fc := testCorpus()
	fc["S/PV.9001"] = []string{"BAD scan"}
	fc["S/PV.9002"] = []string{"PANIC"}
	sum, err := runFake(t, dir, fc, f)
	var pe *PartialError
	if !errors.As(err, &pe) || !errors.Is(err, unpv.ErrBadDocument) || pe.Quarantined != 2 || pe.Documents != 5 {
		t.Fatalf("run with bad documents: %v, want PartialError 2 of 5 wrapping ErrBadDocument", err)
	}
	want := map[string][3]int{"import": {5, 0, 0}, "extract": {3, 0, 2}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
	if diff := cmp.Diff(want, tally(sum)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(sum.Quarantined) != 2 || sum.Quarantined[0].Document != "test:S/PV.9001" ||
		!strings.Contains(sum.Quarantined[0].Reason, "no text layer") || !strings.Contains(sum.Quarantined[1].Reason, "panicked") {
		t.Errorf("quarantined: %+v", sum.Quarantined)
	}
	// Unchanged bad documents are not retried, but the run still says so.
	n := f.extractCalls.Load()
	if _, err := runFake(t, dir, fc, f); !errors.As(err, &pe) {
		t.Errorf("second run: %v, want PartialError", err)
	}
	if f.extractCalls.Load() != n {
		t.Errorf("unchanged quarantined documents were retried")
	}
	// A fixed document leaves quarantine.
	fc["S/PV.9001"] = []string{"Good text now"}
	delete(fc, "S/PV.9002")
	st, _ := store.Open(ctx, dir)
	st.DeleteSource(ctx, "test:S/PV.9002")
	st.Close()
	if _, err := runFake(t, dir, fc, f); err != nil {
		t.Errorf("after fixing: %v", err)
	}
	st, _ = store.Open(ctx, dir)
	defer st.Close()
	if q, _ := st.Quarantined(ctx); len(q) != 0 {
		t.Errorf("still quarantined: %+v", q)
	}
	runs, _ := st.Runs(ctx, 10)
	if len(runs) != 3 || runs[0].Status != store.RunOK || runs[1].Status != store.RunPartial {
		t.Errorf("run log: %+v", runs)
	}
}

func TestRunTransientFailureRetried(t *testing.T) {
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	f.transient.Store(true)
	_, err := runFake(t, dir, testCorpus(), f)
	if err == nil || errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), "engine not installed") {
		t.Fatalf("run with a failing engine: %v, want a plain failure naming the cause", err)
	}
	f.transient.Store(false)
	sum, err := runFake(t, dir, testCorpus(), f)
	if err != nil {
		t.Fatal(err)
	}
	if got := tally(sum)["extract"]; got != [3]int{3, 0, 0} {
		t.Errorf("extract after the engine came back: %v, want all 3 retried", got)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	l, err := AcquireLock(dir, "first")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), Options{DataDir: dir})
	if !errors.Is(err, unpv.ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("second run: %v, want ErrLocked naming pid %d", err, os.Getpid())
	}
	l.Release()
	if _, err := Run(context.Background(), Options{DataDir: dir}); err != nil {
		t.Errorf("after release: %v", err)
	}
}

func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	stages := f.stages()
	inner := stages[0].Document
	stages[0].Document = func(c context.Context, in Input) (Output, error) {
		cancel()
		return inner(c, in)
	}
	_, err := Run(ctx, Options{DataDir: dir, Sources: []Source{testCorpus().source()}, Stages: stages})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	st, _ := store.Open(context.Background(), dir)
	defer st.Close()
	runs, _ := st.Runs(context.Background(), 1)
	if len(runs) != 1 || runs[0].Status != store.RunInterrupted {
		t.Errorf("run log after interrupt: %+v", runs)
	}
	// The next run completes the work.
	if _, err := runFake(t, dir, testCorpus(), f); err != nil {
		t.Fatal(err)
	}
	fresh := t.TempDir()
	if _, err := runFake(t, fresh, testCorpus(), &fakeStages{extractVersion: "e1", classifyVersion: "c1"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dump(t, fresh), dump(t, dir)); diff != "" {
		t.Errorf("store after interrupt+rerun differs (-fresh +resumed):\n%s", diff)
	}
}

func TestRunConflictRetried(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	// Two documents yielding the same meeting and speech IDs.
	dup := Source{Name: "dup", Run: func(ctx context.Context, st *store.Store, _ string) (int, int, error) {
		for _, doc := range []string{"a:S/PV.1", "b:S/PV.1"} {
			b := []byte(`{"meeting":{"symbol":"S/PV.1","body":"SC","meeting":"S/PV.1"},"speeches":[{"id":"S/PV.1#1","symbol":"S/PV.1","seq":1,"text":"Hello"}]}`)
			if _, err := st.PutSource(ctx, store.Source{Document: doc, Kind: store.KindRecord, SHA256: "h", Content: b}); err != nil {
				return 0, 0, err
			}
		}
		return 2, 0, nil
	}}
	opt := Options{DataDir: dir, Sources: []Source{dup}, Stages: f.stages()[:1]}
	_, err := Run(ctx, opt)
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Quarantined != 1 {
		t.Fatalf("duplicate documents: %v", err)
	}
	st, _ := store.Open(ctx, dir)
	q, _ := st.Quarantined(ctx)
	if len(q) != 1 || q[0].Document != "b:S/PV.1" || !strings.Contains(q[0].Reason, "already stored from a:S/PV.1") {
		t.Errorf("quarantine: %+v", q)
	}
	// Removing the first document lets the second in on the next run.
	st.DeleteSource(ctx, "a:S/PV.1")
	st.Close()
	opt.Sources = nil
	if _, err := Run(ctx, opt); err != nil {
		t.Fatalf("after removing the duplicate: %v", err)
	}
	st, _ = store.Open(ctx, dir)
	defer st.Close()
	if sp, err := st.Speech(ctx, "S/PV.1#1"); err != nil || sp.Text != "Hello" {
		t.Errorf("speech after conflict resolved: %+v %v", sp, err)
	}
}

// TestRunLogStatusFollowsExitCode: a source that skipped bad inputs (an
// import folder with an unreadable file) makes the run partial in the run
// log, as its exit code (3) says, not failed; a failure that is not the
// inputs' fault (a download) beside it makes it failed, and the error then
// no longer wraps unpv.ErrBadDocument (exit 1).
func TestRunLogStatusFollowsExitCode(t *testing.T) {
	bad := fmt.Errorf("import in: 1 of 5 inputs were bad and skipped: %w", unpv.ErrBadDocument)
	download := &FailedDownloads{Failed: 1, Of: 1, First: errors.New("ods S/PV.1: HTTP 503")}
	failing := func(name string, err error) Source {
		return Source{Name: name, Run: func(context.Context, *store.Store, string) (int, int, error) { return 1, 0, err }}
	}
	tests := []struct {
		name    string
		sources []Source
		status  string
		bad     bool // the error wraps unpv.ErrBadDocument: exit 3
	}{
		{"bad inputs skipped", []Source{failing("import a", bad)}, store.RunPartial, true},
		{"download failed", []Source{failing("fetch", download)}, store.RunFailed, false},
		{"bad inputs, then a download failed", []Source{failing("import a", bad), failing("fetch", download)}, store.RunFailed, false},
		{"a download failed, then bad inputs", []Source{failing("fetch", download), failing("import a", bad)}, store.RunFailed, false},
		{"bad inputs in two sources", []Source{failing("import a", bad), failing("import b", bad)}, store.RunPartial, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Run(context.Background(), Options{DataDir: dir, Sources: tt.sources, Command: "test"})
			if err == nil || errors.Is(err, unpv.ErrBadDocument) != tt.bad {
				t.Errorf("error %v: wraps ErrBadDocument %v, want %v", err, !tt.bad, tt.bad)
			}
			st, err := store.Open(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			runs, err := st.Runs(context.Background(), 1)
			if err != nil || len(runs) != 1 {
				t.Fatalf("run log: %v %+v", err, runs)
			}
			if runs[0].Status != tt.status {
				t.Errorf("run log status %q, want %q", runs[0].Status, tt.status)
			}
		})
	}
}

// TestRunStopsWhenASourceFails: a source error that is neither a failed
// download nor a bad input (an unreadable folder or metadata table, a full
// disk) ends the run there: no later source, no stage over what the store
// holds, exit 1. Only those two kinds let the run go on (retryLater).
func TestRunStopsWhenASourceFails(t *testing.T) {
	cause := errors.New("import testdata: metadata meetings_2020.csv: permission denied")
	dir := t.TempDir()
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	later := false
	sources := []Source{
		testCorpus().source(),
		{Name: "import b", Run: func(context.Context, *store.Store, string) (int, int, error) { return 0, 0, cause }},
		{Name: "fetch", Run: func(context.Context, *store.Store, string) (int, int, error) { later = true; return 0, 0, nil }},
	}
	sum, err := Run(context.Background(), Options{DataDir: dir, Sources: sources, Stages: f.stages(), Command: "test"})
	if !errors.Is(err, cause) || errors.Is(err, unpv.ErrBadDocument) {
		t.Fatalf("run: %v, want a plain failure wrapping the source's error", err)
	}
	var ran []string
	for _, s := range sum.Stages {
		ran = append(ran, s.Stage)
	}
	if diff := cmp.Diff([]string{"import", "import b"}, ran); diff != "" {
		t.Errorf("stages run (-want +got):\n%s", diff)
	}
	if later || f.extractCalls.Load() != 0 {
		t.Errorf("after the failure: later source ran %v, %d documents extracted", later, f.extractCalls.Load())
	}
}

// TestRunLogNotUpdated: when the run's end cannot be written to the run log
// (a full disk fails the run and then that write), the log says so and
// that status will show the run as killed; it said "run finished
// status=failed" as if recorded.
func TestRunLogNotUpdated(t *testing.T) {
	for _, tt := range []struct {
		name   string
		srcErr error
	}{
		{"the run failed", errors.New("database or disk is full")},
		{"the run went well", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			closing := Source{Name: "import", Run: func(_ context.Context, st *store.Store, _ string) (int, int, error) {
				st.Close() // every later write fails, as on a full disk
				return 0, 0, tt.srcErr
			}}
			_, err := Run(context.Background(), Options{DataDir: t.TempDir(), Sources: []Source{closing}, Command: "test",
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err == nil {
				t.Errorf("run whose end was not recorded: no error")
			}
			if !strings.Contains(logs.String(), "run log not updated") {
				t.Errorf("logs do not say the run log was not updated:\n%s", logs.String())
			}
		})
	}
}

// TestRunStagesRecordedAsDone: each stage's tallies are in the run log as
// soon as the stage is done, so that status shows a running run's progress
// and what a killed run had done (a run killed by SIGKILL after its import
// and extract showed no stage at all). The last stage reads the run log as
// status would while the run goes on.
func TestRunStagesRecordedAsDone(t *testing.T) {
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	var seen []string
	probe := Stage{Name: StageReport, Version: "r1", Output: "out.txt", Corpus: func(ctx context.Context, st *store.Store, dir string) error {
		runs, err := st.Runs(ctx, 1)
		if err != nil || len(runs) != 1 {
			return fmt.Errorf("run log: %v %+v", err, runs)
		}
		for _, s := range runs[0].Stages {
			seen = append(seen, fmt.Sprintf("%s %d/%d/%d", s.Stage, s.Processed, s.Skipped, s.Quarantined))
		}
		return os.WriteFile(filepath.Join(dir, "out.txt"), nil, 0o644)
	}}
	stages := append(f.stages()[:2], probe)
	fc := testCorpus()
	fc["S/PV.9001"] = []string{"BAD scan"}
	_, err := Run(context.Background(), Options{DataDir: t.TempDir(), Sources: []Source{fc.source()}, Stages: stages, Command: "test"})
	var pe *PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("run: %v, want the one bad document quarantined", err)
	}
	want := []string{"import 4/0/0", "extract 3/0/1", "classify 3/0/0"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("run log during the report stage (-want +got):\n%s", diff)
	}
}

// TestRunGoesOnWhenCompactionFails: compaction is maintenance; when it
// fails (a full disk: VACUUM needs the store's size again) the run still
// runs its stages, where before every run exited 1 before any stage.
func TestRunGoesOnWhenCompactionFails(t *testing.T) {
	defer func(f func(*store.Store, context.Context) (bool, error)) { compactIfSparse = f }(compactIfSparse)
	compactIfSparse = func(*store.Store, context.Context) (bool, error) {
		return true, errors.New("database or disk is full (13)")
	}
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	sum, err := runFake(t, t.TempDir(), testCorpus(), f)
	if err != nil {
		t.Fatalf("a failed compaction stopped the run: %v", err)
	}
	want := map[string][3]int{"import": {3, 0, 0}, "extract": {3, 0, 0}, "classify": {3, 0, 0}, "report": {1, 0, 0}}
	if diff := cmp.Diff(want, tally(sum)); diff != "" {
		t.Errorf("run (-want +got):\n%s", diff)
	}
}

// TestRunQuarantinesWorkerPanic: a panic in a goroutine a stage starts
// (the classifier runs in one, Interruptible) quarantines the document, as
// a panic in the stage itself does; before, the run failed with "internal
// error" on every run and never recorded the document.
func TestRunQuarantinesWorkerPanic(t *testing.T) {
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	fc := testCorpus()
	fc["S/PV.9003"] = []string{"WORKERBUG"}
	sum, err := runFake(t, t.TempDir(), fc, f)
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Quarantined != 1 {
		t.Fatalf("run: %v, want a PartialError with one document quarantined", err)
	}
	if len(sum.Quarantined) != 1 || !strings.Contains(sum.Quarantined[0].Reason, "panicked: classifier bug") {
		t.Errorf("quarantined: %+v", sum.Quarantined)
	}
}
