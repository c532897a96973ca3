package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unpv/unpv"
)

// filledStore makes a store with enough rows to span many pages.
func filledStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	ex := storeFixture()
	long := strings.Repeat("The Collective Security Treaty Organization met again. ", 40)
	ex.Sentences = nil
	for i := 0; i < 200; i++ {
		sp := ex.Speeches[1]
		sp.Seq, sp.ID, sp.Text = 100+i, unpv.SpeechID(sp.Symbol, 100+i), long
		ex.Speeches = append(ex.Speeches, sp)
		ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, 1), SpeechID: sp.ID, N: 1,
			Start: 0, End: 54, Text: long[:54]})
	}
	if err := s.ReplaceExtraction(ctx, "pdf:S/PV.1", ex, StageState{Document: "pdf:S/PV.1", Stage: StageExtract, Status: StatusDone}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx, true); err != nil {
		t.Fatalf("a fresh store fails its check: %v", err)
	}
	s.Close()
	return dir
}

// TestDamageDetected is issue 14's store reproductions: a zero-length
// unpv.db became a new empty store; a truncated one or one with garbage in
// the middle passed `status` and `run` until a report hit "database disk
// image is malformed".
func TestDamageDetected(t *testing.T) {
	ctx := context.Background()
	t.Run("zero length", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(Path(dir), nil, 0o644)
		if _, err := Open(ctx, dir); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "empty (0 bytes)") {
			t.Errorf("Open: %v", err)
		}
		if st, _ := os.Stat(Path(dir)); st.Size() != 0 {
			t.Errorf("Open wrote %d bytes into the empty file", st.Size())
		}
	})
	t.Run("not SQLite", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(Path(dir), []byte(strings.Repeat("<html>", 100)), 0o644)
		if _, err := OpenExisting(ctx, dir); !errors.Is(err, ErrDamaged) {
			t.Errorf("OpenExisting: %v", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		dir := filledStore(t)
		st, _ := os.Stat(Path(dir))
		os.Truncate(Path(dir), st.Size()/2)
		if _, err := Open(ctx, dir); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("Open: %v", err)
		}
	})
	t.Run("garbage in the middle", func(t *testing.T) {
		dir := filledStore(t)
		f, _ := os.OpenFile(Path(dir), os.O_WRONLY, 0)
		st, _ := f.Stat()
		garbage := make([]byte, 8192)
		for i := range garbage {
			garbage[i] = byte(i*7 + 3)
		}
		f.WriteAt(garbage, st.Size()/2/4096*4096)
		f.Close()
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatalf("Open (cheap checks pass; the page check finds it): %v", err)
		}
		defer s.Close()
		for _, full := range []bool{false, true} {
			if err := s.Check(ctx, full); !errors.Is(err, ErrDamaged) {
				t.Errorf("Check(full=%v): %v", full, err)
			}
		}
	})
}

// TestOpenCreatesAtomically: a new store appears whole under its name;
// OpenExisting never creates a store or its folder.
func TestOpenCreatesAtomically(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "typo-dir")
	if _, err := OpenExisting(ctx, dir); !errors.Is(err, ErrNoStore) {
		t.Errorf("OpenExisting of a missing store: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("OpenExisting created %s", dir)
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, File+".new-123"), []byte("left by a killed creation"), 0o644)
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx, false); err != nil {
		t.Error(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, File+".new-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestStamp: a stamped store stays stamped while only read, and loses the
// stamp with any change to the file or its log.
func TestStamp(t *testing.T) {
	ctx := context.Background()
	dir := filledStore(t)
	if Stamped(dir) {
		t.Fatal("stamped before Stamp")
	}
	if err := Stamp(dir); err != nil {
		t.Fatal(err)
	}
	if !Stamped(dir) {
		t.Fatal("not stamped after Stamp")
	}
	s, err := OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Counts(ctx)
	if !Stamped(dir) {
		t.Error("reading the store lost the stamp")
	}
	if _, err := s.StartRun(ctx, "test", 1); err != nil {
		t.Fatal(err)
	}
	if Stamped(dir) {
		t.Error("still stamped after a write")
	}
	s.Close()
	Stamp(dir)
	future := time.Now().Add(time.Hour)
	os.Chtimes(Path(dir), future, future)
	if Stamped(dir) {
		t.Error("still stamped after the file's time changed")
	}
}
