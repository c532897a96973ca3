package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// fullDiskChild marks the child process TestMergeFailsOnFullDisk runs
// itself in.
const fullDiskChild = "UNPV_TEST_FULL_DISK_CHILD"

// TestMergeFailsOnFullDisk: when the final merge of an index build cannot
// write its segment (a full disk; here the file-size limit, which fails
// writes with EFBIG the same way), merge returns the error. Bleve's merger
// retries a failed merge for ever and ForceMerge waited for it: on a
// 37 MB file system a run spun in the index stage for ten minutes, holding
// the data directory's lock, until it was killed.
//
// The file-size limit is the process's: lowered in the test process, it
// also failed the test framework's own log writes (-test.testlogfile: "file
// too large", about one run in four) and any file another test wrote
// meanwhile. So the part under the limit runs in a child process.
func TestMergeFailsOnFullDisk(t *testing.T) {
	if os.Getenv(fullDiskChild) != "1" {
		// The parent's deadline bounds the child: a merge that hangs again
		// (the bug this guards) must not outlive go test.
		ctx := context.Background()
		if d, ok := t.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
			defer cancel()
		}
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestMergeFailsOnFullDisk$", "-test.count=1", "-test.v", "-test.timeout=3m")
		cmd.Env = append(os.Environ(), fullDiskChild+"=1")
		out, err := cmd.CombinedOutput()
		switch {
		case err != nil:
			t.Fatalf("the test under a file-size limit: %v\n%s", err, out)
		case strings.Contains(string(out), "--- SKIP"):
			t.Skipf("skipped under the limit:\n%s", out)
		case !strings.Contains(string(out), "--- PASS: TestMergeFailsOnFullDisk"):
			t.Fatalf("the test under a file-size limit did not run:\n%s", out)
		}
		return
	}
	// No merge until the test's own: Bleve's background merger would
	// otherwise join the segments first, whenever it likes.
	var mergeNow atomic.Bool
	scorch.RegistryEventCallbacks["unpv-test-hold-merges"] = func(e scorch.Event) bool {
		return e.Kind != scorch.EventKindPreMergeCheck || mergeNow.Load()
	}
	config := writeConfig()
	config["eventCallbackName"] = "unpv-test-hold-merges"
	path := filepath.Join(t.TempDir(), "gen")
	ix, err := bleve.NewUsing(path, NewMapping(), scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	adv, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc := adv.(*scorch.Scorch)
	persisted := func() {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			m := sc.StatsMap()
			if m["LastPersistedEpoch"].(uint64) >= m["CurRootEpoch"].(uint64) {
				return
			}
		}
		t.Fatal("segments not persisted after a minute")
	}
	// Three batches, each persisted alone: three segments for the merge
	// to join into one larger than any of them.
	for b := range 3 {
		batch := ix.NewBatch()
		for i := range 200 {
			id := fmt.Sprintf("S/PV.%d#%d", 8700+b, i+1)
			doc := map[string]any{"text": fmt.Sprintf("statement %d of meeting %d on regional organisations, the African Union and the CSTO", i, b)}
			if err := batch.Index(id, doc); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Batch(batch); err != nil {
			t.Fatal(err)
		}
		persisted()
	}
	if n := sc.StatsMap()["TotFileSegmentsAtRoot"].(uint64); n < 2 {
		t.Fatalf("%d segments, want several to merge", n)
	}
	var largest int64
	filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && strings.HasSuffix(fi.Name(), ".zap") {
			largest = max(largest, fi.Size())
		}
		return nil
	})
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	limited := old
	limited.Cur = uint64(largest)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited); err != nil {
		t.Skip(err)
	}
	mergeNow.Store(true)
	done := make(chan error, 1)
	go func() { done <- merge(context.Background(), ix, path, mergeplan.SingleSegmentMergePlanOptions) }()
	select {
	case err = <-done:
	case <-time.After(time.Minute):
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	switch {
	case err == nil:
		t.Fatal("merge into a file past the size limit: no error, or still merging after a minute")
	case !errors.Is(err, syscall.EFBIG) && !strings.Contains(err.Error(), "file too large"):
		t.Errorf("merge: %v, want the write's error (file too large)", err)
	}
}
