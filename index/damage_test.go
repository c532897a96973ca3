package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDamagedSegmentDetected is issue 14's index reproduction: with a
// segment file deleted or cut short, Bleve fell back to an older snapshot
// and `search Union` answered "1 of 308" instead of 406, exit 0. Open now
// compares the count Bleve reads with the count the build recorded and
// reports the index unusable (the pipeline then rebuilds it).
func TestDamagedSegmentDetected(t *testing.T) {
	docs := fixtureDocs(t)
	defer func(n int) { BatchDocs = n }(BatchDocs)
	BatchDocs = len(docs)/6 + 1 // several batches: several segments and snapshots
	for _, damage := range []string{"delete", "truncate"} {
		t.Run(damage, func(t *testing.T) {
			dir := t.TempDir()
			st, err := RebuildFrom(context.Background(), dir, Build{Fingerprint: "state-1", Docs: feed(docs)})
			if err != nil {
				t.Fatal(err)
			}
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if m := ix.Meta(); m.Speeches != uint64(len(docs)) || m.Docs != m.Speeches+m.Sentences || m.Fingerprint != "state-1" {
				t.Errorf("meta %+v", m)
			}
			ix.Close()
			zaps, _ := filepath.Glob(filepath.Join(st.Dir, "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatal("no segment files")
			}
			sort.Strings(zaps)
			newest := zaps[len(zaps)-1]
			if damage == "delete" {
				os.Remove(newest)
			} else {
				fi, _ := os.Stat(newest)
				os.Truncate(newest, fi.Size()/2)
			}
			ix, err = Open(dir)
			if err == nil {
				n := ix.Meta().Docs
				ix.Close()
				t.Fatalf("a %sd segment (%d files) went unnoticed: serving %d documents", damage, len(zaps), n)
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%sd segment: %v, want ErrCorrupt", damage, err)
			}
			if !strings.Contains(err.Error(), "documents, built with") && !strings.Contains(err.Error(), "segment") {
				t.Logf("detected by Bleve itself: %v", err)
			}
		})
	}
}

// TestRemoveStale: generations and temporary files left by a killed
// rebuild go; the live generation stays.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	st, err := Rebuild(context.Background(), dir, feed(fixtureDocs(t)[:3]))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, genPrefix+"20200101T000000Z"), 0o755)
	os.WriteFile(filepath.Join(dir, ".tmp-current-123"), nil, 0o644)
	RemoveStale(dir)
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	tmps, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(left) != 3 || len(tmps) != 0 { // current, rebuild.lock, the live generation
		t.Errorf("left %v %v", left, tmps)
	}
	if _, err := os.Stat(st.Dir); err != nil {
		t.Errorf("live generation removed: %v", err)
	}
}
