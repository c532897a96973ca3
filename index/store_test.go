package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/unpv/unpv"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); !errors.Is(err, ErrNoIndex) {
		t.Errorf("empty dir: %v, want ErrNoIndex", err)
	}
	os.WriteFile(filepath.Join(dir, currentFile), []byte("../../etc\n"), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("bad pointer: %v, want ErrCorrupt", err)
	}
	os.WriteFile(filepath.Join(dir, currentFile), []byte("gen-missing\n"), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("missing generation: %v, want ErrCorrupt", err)
	}

	docs := fixtureDocs(t)[:5]
	st, err := Rebuild(context.Background(), dir, feed(docs))
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 5 {
		t.Errorf("stats: %+v", st)
	}
	// Another schema version: unusable, rebuild.
	meta := filepath.Join(st.Dir, metaFile)
	orig, _ := os.ReadFile(meta)
	os.WriteFile(meta, []byte(strings.Replace(string(orig), fmt.Sprintf(`"schema": %d`, SchemaVersion), `"schema": 999`, 1)), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("schema mismatch: %v, want ErrCorrupt", err)
	}
	os.WriteFile(meta, orig, 0o644)
	// Damaged Bleve files: unusable, rebuild.
	os.WriteFile(filepath.Join(st.Dir, "index_meta.json"), []byte("{garbage"), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged index: %v, want ErrCorrupt", err)
	}
	// A rebuild repairs it.
	if _, err := Rebuild(context.Background(), dir, feed(docs)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func TestRebuildLocked(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(dir, 0o755)
	other := flock.New(filepath.Join(dir, lockFile))
	if _, err := other.TryLock(); err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	old := LockTimeout
	LockTimeout = 200 * time.Millisecond
	defer func() { LockTimeout = old }()
	if _, err := Rebuild(context.Background(), dir, feed(nil)); !errors.Is(err, unpv.ErrLocked) {
		t.Errorf("err %v, want ErrLocked", err)
	}
}

func TestRebuildFailureKeepsOldIndex(t *testing.T) {
	docs := fixtureDocs(t)
	dir, ix := buildIndex(t, docs[:10])
	boom := errors.New("store went away")
	_, err := Rebuild(context.Background(), dir, func(yield func(Doc) error) error {
		for _, d := range docs[10:20] {
			if err := yield(d); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{})
	if err != nil || res.Total != 10 {
		t.Fatalf("after failed rebuild: %v, %v", res, err)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("half-built generation left behind: %v", gens)
	}
	// Cancellation behaves the same.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Rebuild(ctx, dir, feed(docs)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled rebuild: %v", err)
	}
}

// Searches running while rebuilds swap generations never fail and only ever
// see a complete build; old generations are closed and deleted.
func TestAtomicSwapUnderConcurrentSearches(t *testing.T) {
	docs := fixtureDocs(t)
	small, full := docs[:30], docs[:80]
	dir, ix := buildIndex(t, small)
	oldInterval := CheckInterval
	CheckInterval = time.Millisecond
	defer func() { CheckInterval = oldInterval }()

	valid := map[uint64]bool{uint64(len(small)): true, uint64(len(full)): true}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var searches, exports atomic.Int64
	errs := make(chan error, 100)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				res, err := ix.Search(context.Background(), Query{Text: "", Facets: true, Size: 5})
				if err != nil {
					errs <- err
					return
				}
				if !valid[res.Total] {
					errs <- errors.New("partial index visible")
					return
				}
				searches.Add(1)
			}
		}()
	}
	wg.Add(1)
	go func() { // a long export keeps one generation alive across swaps
		defer wg.Done()
		for ctx.Err() == nil {
			n := 0
			total, err := ix.Each(context.Background(), Query{Text: "Council"}, func(Hit) error {
				n++
				time.Sleep(100 * time.Microsecond)
				return nil
			})
			if err != nil {
				errs <- err
				return
			}
			if uint64(n) != total {
				errs <- errors.New("export mixed generations")
				return
			}
			exports.Add(1)
		}
	}()
	for i := 0; i < 4; i++ {
		set := full
		if i%2 == 1 {
			set = small
		}
		if _, err := Rebuild(context.Background(), dir, feed(set)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if searches.Load() == 0 || exports.Load() == 0 {
		t.Fatalf("searches %d, exports %d", searches.Load(), exports.Load())
	}
	// The last rebuild (small) is what searches see now.
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{})
	if err != nil || res.Total != uint64(len(small)) {
		t.Fatalf("after swaps: %v %v", res, err)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
	t.Logf("%d searches and %d exports across 4 swaps", searches.Load(), exports.Load())
}
