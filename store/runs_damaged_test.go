package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestRunsDamagedPage: a damaged page in the middle of the run log makes
// Runs fail, not return the runs read before it as if they were all. Runs
// did not check rows.Err after its loops, and returned the newest runs
// down to the damaged page with no error. The store opens (Open checks
// the file's header, not every page) and the damage is found while
// stepping through the rows.
func TestRunsDamagedPage(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	pad := strings.Repeat("x", 150)
	for i := range n {
		id, err := s.StartRun(ctx, fmt.Sprintf("marker-%05d %s", i, pad), 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FinishRun(ctx, id, RunOK, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Overwrite the page that holds run 1000 (ids count from 1) with
	// garbage.
	b, err := os.ReadFile(Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint16(b[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	at := bytes.Index(b, []byte("marker-00999 "))
	if at < 0 {
		t.Fatal("run 1000 not found in the store file (still in its log?)")
	}
	page := at / pageSize * pageSize
	for i := page; i < page+pageSize; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(Path(dir), b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("the store no longer opens, so this test tests nothing: %v", err)
	}
	defer s.Close()
	runs, err := s.Runs(ctx, n)
	if err == nil {
		t.Errorf("Runs over a damaged page: %d of %d runs and no error", len(runs), n)
	}
}
