package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/gofrs/flock"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/outfile"
)

// inputsFile, beside metaFile in a generation, records Build.Inputs: what
// the next Update compares the source against.
const inputsFile = "unpv-inputs.json"

// Stats reports what a build or an update did.
type Stats struct {
	Dir       string        // generation directory now live
	Docs      int           // speeches indexed (added or replaced by an update)
	Sentences int           // sentence documents indexed (sentences with a stance)
	Removed   int           // index documents removed by an update (replaced ones included)
	Bytes     int64         // speech text bytes indexed
	Skipped   int           // documents rejected (no id)
	Total     uint64        // documents the live generation holds, speeches and sentences
	Duration  time.Duration // wall time
	// Mode is "rebuild", "update" or "unchanged" (an update with nothing
	// to change: only the fingerprint was recorded).
	Mode string
}

// Build is what a rebuild indexes, or what an update changes.
type Build struct {
	// Fingerprint names the state of what the documents come from (the
	// pipeline records the store's stage-state digest); Meta reports it.
	Fingerprint string
	// Inputs are recorded with the generation and returned by Recorded,
	// so that the caller of the next Update can tell what changed (the
	// pipeline keeps one hash per store document and per meeting). Nil
	// records nothing: the next caller can only rebuild.
	Inputs map[string]string
	// Docs yields the documents to index (every one for a rebuild); it
	// must return yield's error.
	Docs func(yield func(Doc) error) error
	// Remove lists store documents (Doc.Document) whose index documents an
	// Update deletes before it indexes Docs: the documents that changed
	// and those that are gone.
	Remove []string
	// Progress, when set, is called after each batch is applied (an
	// update's deletions are the first) with the number of documents
	// indexed so far.
	Progress func(docs int)
}

// Rebuild builds a complete index from docs in a new generation directory
// under dir and then atomically makes it the live one; the previous
// generations are removed. Readers that have an older generation open keep
// using it until they notice the switch. docs calls yield once per document
// and must return yield's error.
func Rebuild(ctx context.Context, dir string, docs func(yield func(Doc) error) error) (Stats, error) {
	return RebuildFrom(ctx, dir, Build{Docs: docs})
}

// RebuildFrom is Rebuild that also records b's Fingerprint and Inputs.
func RebuildFrom(ctx context.Context, dir string, b Build) (Stats, error) {
	start := time.Now()
	st := Stats{Mode: "rebuild"}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return st, err
	}
	defer unlock()
	name, path := newGeneration(dir, start)
	ix, err := bleve.NewUsing(path, NewMapping(), scorch.Name, scorch.Name, writeConfig())
	if err != nil {
		return st, fmt.Errorf("index: create %s: %w", path, err)
	}
	return finish(ctx, dir, name, path, ix, b, start, &st, func(w *writer) error {
		return b.Docs(w.add)
	})
}

// Update applies b to the live generation: the index documents of the store
// documents in b.Remove are deleted, then b.Docs are indexed. The change is
// made in a new generation that shares the live one's immutable segment
// files (hard links) and is swapped in like a rebuild, so readers see the
// index before or after the update, never during it, and a process killed
// in the middle leaves the live generation as it was (the next Update
// repeats the change; RemoveStale deletes the half-made generation). With
// nothing to remove or add only b's Fingerprint and Inputs are recorded.
// Without a usable live generation Update fails with ErrNoIndex or
// ErrCorrupt: rebuild instead.
func Update(ctx context.Context, dir string, b Build) (Stats, error) {
	start := time.Now()
	st := Stats{Mode: "update"}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return st, err
	}
	defer unlock()
	cur, err := readCurrent(dir)
	if err != nil {
		return st, err
	}
	meta, err := readMeta(filepath.Join(dir, cur))
	if err != nil {
		return st, err
	}
	if len(b.Remove) == 0 && b.Docs == nil {
		// Nothing to index: record what the generation now stands for.
		st.Mode, st.Dir, st.Total = "unchanged", filepath.Join(dir, cur), meta.Docs
		meta.Fingerprint = b.Fingerprint
		if err := writeInputs(st.Dir, b.Inputs); err != nil {
			return st, err
		}
		err := writeFileAtomic(filepath.Join(st.Dir, metaFile), mustJSON(meta))
		st.Duration = time.Since(start)
		return st, err
	}
	name, path := newGeneration(dir, start)
	if err := copyGeneration(filepath.Join(dir, cur), path); err != nil {
		os.RemoveAll(path)
		return st, err
	}
	ix, err := bleve.OpenUsing(path, writeConfig())
	if err != nil {
		os.RemoveAll(path)
		return st, fmt.Errorf("index %s: %v: %w", filepath.Join(dir, cur), err, ErrCorrupt)
	}
	if n, err := ix.DocCount(); err != nil || n != meta.Docs {
		ix.Close()
		os.RemoveAll(path)
		return st, fmt.Errorf("index %s: holds %d documents, built with %d (%v): %w", filepath.Join(dir, cur), n, meta.Docs, err, ErrCorrupt)
	}
	return finish(ctx, dir, name, path, ix, b, start, &st, func(w *writer) error {
		ids, err := idsOf(ctx, ix, b.Remove)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := w.remove(id); err != nil {
				return err
			}
		}
		// Deletions go in batches of their own, applied before any
		// document is added: a speech that moved from one store document
		// to another is deleted and indexed again, in that order.
		if err := w.barrier(); err != nil {
			return err
		}
		if b.Docs == nil {
			return nil
		}
		return b.Docs(w.add)
	})
}

// Recorded returns the live generation's Meta and the Inputs it was built
// with (nil when none were recorded). Errors wrap ErrNoIndex when nothing
// was built and ErrCorrupt when the generation cannot be used.
func Recorded(dir string) (Meta, map[string]string, error) {
	cur, err := readCurrent(dir)
	if err != nil {
		return Meta{}, nil, err
	}
	path := filepath.Join(dir, cur)
	meta, err := readMeta(path)
	if err != nil {
		return meta, nil, err
	}
	raw, err := os.ReadFile(filepath.Join(path, inputsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return meta, nil, nil
	}
	if err != nil {
		return meta, nil, fmt.Errorf("index %s: %v: %w", path, err, ErrCorrupt)
	}
	var in map[string]string
	if err := json.Unmarshal(raw, &in); err != nil {
		return meta, nil, fmt.Errorf("index %s: inputs: %v: %w", path, err, ErrCorrupt)
	}
	return meta, in, nil
}

func readMeta(path string) (Meta, error) {
	var meta Meta
	b, err := os.ReadFile(filepath.Join(path, metaFile))
	if err != nil {
		return meta, fmt.Errorf("index %s: %v: %w", path, err, ErrCorrupt)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, fmt.Errorf("index %s: meta: %v: %w", path, err, ErrCorrupt)
	}
	if meta.Schema != SchemaVersion {
		return meta, fmt.Errorf("index %s: schema %d, want %d: %w", path, meta.Schema, SchemaVersion, ErrCorrupt)
	}
	return meta, nil
}

func writeInputs(path string, in map[string]string) error {
	if in == nil {
		err := os.Remove(filepath.Join(path, inputsFile))
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		return err
	}
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("index: inputs: %w", err)
	}
	return writeFileAtomic(filepath.Join(path, inputsFile), b)
}

// lockOptions open a lock file read-write (so that flock works on NFS
// without the library's retry, which needs a file mode it chose) with an
// ordinary file's mode.
var lockOptions = []flock.Option{flock.SetFlag(os.O_CREATE | os.O_RDWR), flock.SetPermissions(outfile.FileMode)}

// lockDir takes dir's rebuild lock, waiting up to LockTimeout.
func lockDir(ctx context.Context, dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, outfile.DirMode); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	lock := flock.New(filepath.Join(dir, lockFile), lockOptions...)
	lctx, cancel := context.WithTimeout(ctx, LockTimeout)
	ok, err := lock.TryLockContext(lctx, 50*time.Millisecond)
	cancel()
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if !ok {
		return nil, fmt.Errorf("index %s: another rebuild is running: %w", dir, unpv.ErrLocked)
	}
	return func() { lock.Unlock() }, nil
}

func newGeneration(dir string, t time.Time) (name, path string) {
	name = genPrefix + t.UTC().Format("20060102T150405.000000000Z")
	return name, filepath.Join(dir, name)
}

func writeConfig() map[string]any {
	return map[string]any{"bolt_timeout": OpenTimeout.String(), "asyncErrorCallbackName": asyncErrorCallback}
}

// Bleve's merger, which runs in the background, reports a failed merge (a
// full disk: "no space left on device") to a registered callback and tries
// the same merge again, for ever; ForceMerge waits until it succeeds. So a
// run whose disk filled during the index's final merge spun for as long as
// it was let, holding the data directory's lock. The callback hands such
// errors to the merge waiting on that index (asyncErrors, by the index's
// path), which gives up with the error.
const asyncErrorCallback = "unpv-index"

var asyncErrors sync.Map // index path → chan error

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		// Scorch's path is the index's own or its "store" folder.
		for _, p := range []string{path, filepath.Dir(path)} {
			if ch, ok := asyncErrors.Load(p); ok {
				select {
				case ch.(chan error) <- err:
				default:
				}
				return
			}
		}
	}
}

// readConfig opens a generation read-only, as readers do.
func readConfig() map[string]any {
	return map[string]any{"read_only": true, "bolt_timeout": OpenTimeout.String()}
}

// copyGeneration makes dst a copy of the Bleve index in src that can be
// opened for writing without touching src: segment files (*.zap), which
// Bleve never changes once written, are hard-linked (copied where the file
// system cannot link); everything else (root.bolt, which records the
// segments and their deletions, and index_meta.json) is copied. unpv's
// own files are left behind: the update writes new ones.
func copyGeneration(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, outfile.DirMode)
		}
		if rel == metaFile || rel == inputsFile {
			return nil
		}
		if strings.HasSuffix(rel, ".zap") {
			if err := os.Link(p, out); err == nil {
				return nil
			}
		}
		if err := copyFile(p, out); err != nil {
			return fmt.Errorf("index: copy %s: %w", rel, err)
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, outfile.FileMode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// idsOf returns the ids of every index document of the given store
// documents.
func idsOf(ctx context.Context, ix bleve.Index, documents []string) ([]string, error) {
	var ids []string
	const page = 1000
	for _, doc := range documents {
		q := bleve.NewTermQuery(doc)
		q.SetField(FieldDocument)
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.SortBy([]string{"_id"})
		for {
			res, err := ix.SearchInContext(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("index: documents of %s: %w", doc, err)
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if len(res.Hits) < page {
				break
			}
			req.SetSearchAfter([]string{res.Hits[len(res.Hits)-1].ID})
		}
	}
	return ids, nil
}

// Appliers is how many batches are applied to an index at once: Bleve
// analyses a batch's documents in parallel but builds its segment on one
// goroutine, so two batches at a time keep two cores busy. Batches of
// different speeches commute; deletions are applied before any addition
// (writer.barrier).
var Appliers = max(2, runtime.GOMAXPROCS(0))

// writer feeds one Bleve index in bounded batches, filled by the caller's
// goroutine (reading the store, mapping documents) while up to Appliers
// earlier batches are applied.
type writer struct {
	ctx   context.Context
	ix    bleve.Index
	batch *bleve.Batch
	bytes int
	st    *Stats
	done  func(int)

	adds    int // documents added to batch
	work    chan sent
	pending sync.WaitGroup // batches sent and not yet applied
	stop    sync.WaitGroup // appliers
	mu      sync.Mutex     // guards err, applied and calls of done
	err     error
	applied int
}

// sent is a batch handed to an applier, with how many documents it adds.
type sent struct {
	batch *bleve.Batch
	adds  int
}

func newWriter(ctx context.Context, ix bleve.Index, st *Stats, done func(int)) *writer {
	w := &writer{ctx: ctx, ix: ix, batch: ix.NewBatch(), st: st, done: done, work: make(chan sent)}
	for range Appliers {
		w.stop.Add(1)
		go w.apply()
	}
	return w
}

func (w *writer) apply() {
	defer w.stop.Done()
	for b := range w.work {
		err := w.ctx.Err()
		if err == nil && w.failed() == nil {
			err = w.applyBatch(b.batch)
		}
		w.mu.Lock()
		if err != nil && w.err == nil {
			w.err = err
		}
		if err == nil {
			w.applied += b.adds
			if w.done != nil {
				w.done(w.applied)
			}
		}
		w.mu.Unlock()
		w.pending.Done()
	}
}

// applyBatch applies one batch. Bleve panics on some of its failure paths
// (a full disk: "assignment to entry in nil map" in zapx, when a segment
// whose persisting failed is still read by the next batch); that is the
// batch's error here, not a crash whose exit status (2) reads as a usage
// error and which leaves the run log saying "killed".
func (w *writer) applyBatch(b *bleve.Batch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("index: batch: Bleve panicked: %v", p)
		}
	}()
	if err := w.ix.Batch(b); err != nil {
		return fmt.Errorf("index: batch: %w", err)
	}
	return nil
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writer) add(d Doc) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	f, err := d.fields()
	if err != nil {
		w.st.Skipped++
		slog.Warn("index: skipping document", "err", err)
		return nil
	}
	if err := w.batch.Index(d.Speech.ID, f); err != nil {
		return fmt.Errorf("index %s: %w", d.Speech.ID, err)
	}
	ids, sdocs, err := d.sentenceDocs()
	if err != nil {
		return fmt.Errorf("index %s: %w", d.Speech.ID, err)
	}
	for i, id := range ids {
		if err := w.batch.Index(id, sdocs[i]); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
	}
	w.st.Sentences += len(ids)
	w.st.Docs++
	w.adds++
	w.st.Bytes += int64(len(d.Speech.Text))
	w.bytes += len(d.Speech.Text)
	if w.batch.Size() >= BatchDocs || w.bytes >= BatchBytes {
		return w.flush()
	}
	return nil
}

func (w *writer) remove(id string) error {
	w.batch.Delete(id)
	w.st.Removed++
	if w.batch.Size() >= 10*BatchDocs {
		return w.flush()
	}
	return nil
}

// flush hands the batch being filled to an applier.
func (w *writer) flush() error {
	if err := w.failed(); err != nil {
		return err
	}
	if w.batch.Size() == 0 {
		return w.ctx.Err()
	}
	w.pending.Add(1)
	select {
	case w.work <- sent{w.batch, w.adds}:
	case <-w.ctx.Done():
		w.pending.Done()
		return w.ctx.Err()
	}
	w.batch = w.ix.NewBatch()
	w.bytes, w.adds = 0, 0
	return nil
}

// barrier flushes and waits until every batch sent is applied.
func (w *writer) barrier() error {
	err := w.flush()
	w.pending.Wait()
	if ferr := w.failed(); ferr != nil {
		return ferr
	}
	if err != nil {
		return err
	}
	return w.ctx.Err()
}

// close stops the appliers after the batches sent; it returns barrier's error.
func (w *writer) close() error {
	err := w.barrier()
	close(w.work)
	w.stop.Wait()
	return err
}

// finish fills the open index of a new generation with fill, merges what
// is small, records the count, fingerprint and inputs and swaps the
// generation in. On any error the generation is closed and removed.
func finish(ctx context.Context, dir, name, path string, ix bleve.Index, b Build, start time.Time, st *Stats,
	fill func(*writer) error) (Stats, error) {
	ok := false
	defer func() {
		if !ok {
			ix.Close()
			os.RemoveAll(path)
		}
	}()
	w := newWriter(ctx, ix, st, b.Progress)
	err := fill(w)
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return *st, err
	}
	plan := mergeplan.DefaultMergePlanOptions
	if st.Mode == "rebuild" {
		// A rebuild ends as one segment: one term dictionary instead of
		// one per tier (ten at 10k speeches) makes the index 5–6 % smaller
		// (1.61× → 1.53× the text at 10k, 1.57× → 1.48× at 30k) for no
		// measurable extra time. Updates keep the tiered plan, which leaves
		// that segment alone and merges only their own small ones.
		plan = mergeplan.SingleSegmentMergePlanOptions
	}
	if err := merge(ctx, ix, path, plan); err != nil {
		return *st, err
	}
	n, err := ix.DocCount()
	if err != nil {
		return *st, fmt.Errorf("index: count: %w", err)
	}
	sentences, err := countSentences(ctx, ix)
	if err != nil {
		return *st, err
	}
	if st.Mode == "rebuild" && n != uint64(st.Docs+st.Sentences) {
		// Two speeches (or sentences) with one id: the later replaced the earlier.
		slog.Warn("index: documents share ids", "indexed", st.Docs+st.Sentences, "distinct", n)
	}
	if err := ix.Close(); err != nil {
		return *st, fmt.Errorf("index: close: %w", err)
	}
	// Segments merged away stay on disk until Bleve persists a later
	// snapshot, which closing stops: delete those the snapshot readers
	// load does not use.
	if live, err := liveSegments(path); err != nil {
		return *st, err
	} else if live != nil {
		if err := removeSegmentsBut(path, live); err != nil {
			return *st, err
		}
	}
	segs, err := segmentFiles(path)
	if err != nil {
		return *st, fmt.Errorf("index: %w", err)
	}
	// Bleve makes its files private (0600, directories 0700) whatever the
	// umask; the generation is unpv's output like any other.
	if err := outfile.Ordinary(path); err != nil {
		return *st, fmt.Errorf("index: %w", err)
	}
	st.Duration = time.Since(start)
	meta := Meta{Schema: SchemaVersion, Docs: n, Speeches: n - sentences, Sentences: sentences, Built: start.UTC(),
		Duration: st.Duration.String(), Fingerprint: b.Fingerprint, Segments: segs, Mode: st.Mode}
	if err := writeInputs(path, b.Inputs); err != nil {
		return *st, err
	}
	if err := writeFileAtomic(filepath.Join(path, metaFile), mustJSON(meta)); err != nil {
		return *st, err
	}
	if err := writeFileAtomic(filepath.Join(dir, currentFile), []byte(name+"\n")); err != nil {
		return *st, err
	}
	ok = true
	st.Dir, st.Total = path, n
	removeOldGenerations(dir, name)
	return *st, nil
}

// countSentences counts the sentence documents of ix (after an update,
// what Stats count is only the change).
func countSentences(ctx context.Context, ix bleve.Index) (uint64, error) {
	q := bleve.NewTermQuery(KindSentence)
	q.SetField(FieldKind)
	res, err := ix.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("index: count sentences: %w", err)
	}
	return res.Total, nil
}

// liveSegments names the segment files of the closed index in path that
// the snapshot a reader loads uses, or nil when it cannot tell.
func liveSegments(path string) (map[string]bool, error) {
	ix, err := bleve.OpenUsing(path, readConfig())
	if err != nil {
		return nil, fmt.Errorf("index: reopen %s: %w", path, err)
	}
	defer ix.Close()
	adv, err := ix.Advanced()
	if err != nil {
		return nil, nil
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	live := map[string]bool{}
	for _, ss := range snap.Segments() {
		p, ok := ss.Segment().(interface{ Path() string })
		if !ok {
			return nil, nil
		}
		live[filepath.Base(p.Path())] = true
	}
	return live, nil
}

// removeSegmentsBut deletes the segment files of the closed index in path
// that live does not name: Bleve removes a segment merged away only when a
// later snapshot is persisted, and closing the index stops that.
func removeSegmentsBut(path string, live map[string]bool) error {
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	for _, z := range zaps {
		if !live[filepath.Base(z)] {
			if err := os.Remove(z); err != nil {
				return fmt.Errorf("index: %w", err)
			}
		}
	}
	return nil
}

// merge lets Bleve merge segments by plan before the index is closed
// (closing aborts merges in progress): each update adds a small segment,
// and without this they would pile up. The default tiered plan merges only
// where a tier holds too many segments, so for an update it usually costs
// nothing. It then waits (up to LockTimeout) for Bleve to record the merged state,
// which it does in the background and closing would stop.
func merge(ctx context.Context, ix bleve.Index, path string, opt mergeplan.MergePlanOptions) error {
	adv, err := ix.Advanced()
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	failed := make(chan error, 1)
	asyncErrors.Store(filepath.Clean(path), failed)
	defer asyncErrors.Delete(filepath.Clean(path))
	done := make(chan error, 1)
	go func() { done <- guard.Call(func() error { return sc.ForceMerge(ctx, &opt) }) }()
	select {
	case err := <-done:
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("index: merge: %w", err)
		}
	case err := <-failed:
		// Bleve would retry for ever; closing the index (the caller
		// does, on this error) ends ForceMerge.
		return fmt.Errorf("index: merge: %w", err)
	}
	for deadline := time.Now().Add(LockTimeout); time.Now().Before(deadline) && ctx.Err() == nil; {
		m := sc.StatsMap()
		root, ok1 := m["CurRootEpoch"].(uint64)
		persisted, ok2 := m["LastPersistedEpoch"].(uint64)
		if !ok1 || !ok2 || persisted >= root {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	return ctx.Err()
}
