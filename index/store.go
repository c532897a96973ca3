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
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/outfile"
)

// Directory layout under the index directory:
//
//	current          name of the live generation, replaced by rename(2)
//	gen-<time>/      one complete Bleve index plus unpv-index.json and unpv-inputs.json
//	rebuild.lock     held while a rebuild or an update runs
const (
	currentFile = "current"
	lockFile    = "rebuild.lock"
	metaFile    = "unpv-index.json"
	genPrefix   = "gen-"
)

// Tunables. Batches are bounded both by document count and by text bytes so
// that a corpus of very long speeches does not hold hundreds of MB in memory.
var (
	// BatchDocs is the largest number of index documents (speeches and
	// their stance sentences) per Bleve batch.
	BatchDocs = 500
	// BatchBytes is the largest amount of speech text per batch. Bleve
	// holds a batch's analysed terms and positions, several times its text,
	// and up to Appliers batches are in flight: on the General Debate
	// Corpus (18 KB a statement) 2 MB took the index stage's peak from
	// 691–757 MB (8 MB) to 480 MB at the same speed (21.8 s).
	BatchBytes = 2 << 20
	// OpenTimeout bounds waiting for Bleve's bolt file lock, so that a stuck
	// writer never blocks readers forever.
	OpenTimeout = 5 * time.Second
	// LockTimeout bounds waiting for another rebuild of the same directory,
	// and, after an update, waiting for Bleve to persist its merged
	// segments (see merge).
	LockTimeout = 10 * time.Second
	// CheckInterval is how often a long-lived Index looks for a newer build.
	CheckInterval = 500 * time.Millisecond
)

// Meta describes one built generation.
type Meta struct {
	Schema int `json:"schema"`
	// Docs is the number of documents the build indexed: the speeches and
	// the sentences with a stance. Open checks it against the count Bleve
	// reads from the segments, which a deleted or truncated segment file
	// changes.
	Docs      uint64    `json:"docs"`
	Speeches  uint64    `json:"speeches"`
	Sentences uint64    `json:"sentences"` // sentences with a stance, indexed on their own
	Built     time.Time `json:"built"`
	// Mode is how the generation was made: "rebuild", or "update" of the
	// previous one.
	Mode     string `json:"mode,omitempty"`
	Duration string `json:"duration"`
	// Fingerprint names the state of what the documents were read from
	// (the pipeline records the store's stage-state digest), so a reader
	// can tell an index that no longer matches its source.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Segments are Bleve's segment files (store/*.zap) when the build was
	// closed, with their sizes. Open checks them: with a segment deleted or
	// cut short Bleve falls back to an older snapshot, which after an
	// update can hold as many documents as the build but older ones.
	Segments map[string]int64 `json:"segments,omitempty"`
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// writeFileAtomic writes data to a temporary file, syncs it and renames it
// over path, so readers see the old or the new content, never a mix.
func writeFileAtomic(path string, data []byte) error {
	if err := outfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	return nil
}

// removeOldGenerations deletes every generation but keep. Processes that
// still have one open keep their file handles (POSIX unlink semantics) and
// move to keep at their next check.
func removeOldGenerations(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && e.Name() != keep {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				slog.Warn("index: cannot remove old generation", "dir", e.Name(), "err", err)
			}
		}
	}
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("index %s: %w", dir, ErrNoIndex)
	}
	if err != nil {
		return "", fmt.Errorf("index %s: %w", dir, err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, genPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("index %s: bad pointer %q: %w", dir, name, ErrCorrupt)
	}
	return name, nil
}

// generation is one opened build; searches hold a reference so that a
// replaced generation is closed only after in-flight searches finish.
type generation struct {
	name    string
	idx     bleve.Index
	meta    Meta
	refs    int
	retired bool

	// The facets of the whole index (the landing page, a search without
	// text or filters) are computed once per generation: on 100k speeches
	// they cost about 200 ms of CPU.
	allFacetsOnce sync.Once
	allFacets     []Facet
	allFacetsErr  error
}

// Index is a read-only handle on the live generation of an index directory.
// It is safe for concurrent use and follows rebuilds: every CheckInterval it
// rereads the pointer file and switches to a newer generation.
type Index struct {
	dir string

	reload  sync.Mutex // serialises reopening
	mu      sync.Mutex // guards the fields below
	cur     *generation
	next    time.Time // earliest time of the next pointer check
	closed  bool
	lastErr string // last refresh error logged, so a lasting problem logs once
	limits  Limits // what one search may do (SetLimits)
	text    TextSource
}

// TextSource gives the texts of speeches by id. The index does not keep
// them (the store does, and a second copy would double the index): hits'
// fragments, KWIC lines and the speech view read them from a TextSource.
type TextSource interface {
	// SpeechTexts returns the text of each speech of ids it knows.
	SpeechTexts(ctx context.Context, ids []string) (map[string]string, error)
}

// SentenceSource is a TextSource that also knows where a speech's
// sentences are in its text and the organisation mentions in them (the
// store is one): the speech view marks its stance sentences and their
// mentions with it. Without one it marks neither.
type SentenceSource interface {
	// SpeechSentences returns the sentences of speechID numbered ns, with
	// offsets into the speech's text as SpeechTexts gives it, and the
	// mentions found in them, with offsets into their sentence.
	SpeechSentences(ctx context.Context, speechID string, ns []int) ([]unpv.Sentence, []unpv.Mention, error)
}

// SetTextSource gives the index where speech texts are read from; when ts
// is also an io.Closer, Close closes it. Without one, hits have no
// fragment and the speech view no text.
func (ix *Index) SetTextSource(ts TextSource) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.text = ts
}

// sentences reads the sentences of speechID numbered ns and their
// mentions from the text source, when it is a SentenceSource.
func (ix *Index) sentences(ctx context.Context, speechID string, ns []int) ([]unpv.Sentence, []unpv.Mention, error) {
	ix.mu.Lock()
	ss, ok := ix.text.(SentenceSource)
	ix.mu.Unlock()
	if !ok || len(ns) == 0 {
		return nil, nil, nil
	}
	ses, ms, err := ss.SpeechSentences(ctx, speechID, ns)
	if err != nil {
		return nil, nil, fmt.Errorf("sentences of %s: %w", speechID, err)
	}
	return ses, ms, nil
}

func (ix *Index) texts(ctx context.Context, ids []string) (map[string]string, error) {
	ix.mu.Lock()
	ts := ix.text
	ix.mu.Unlock()
	if ts == nil {
		return nil, nil
	}
	t, err := ts.SpeechTexts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("speech texts: %w", err)
	}
	return t, nil
}

// Open opens the live index in dir read-only. It returns an error wrapping
// ErrNoIndex when nothing was built yet, ErrCorrupt when the index cannot be
// read or comes from another schema version (callers rebuild from the store),
// and unpv.ErrLocked when the index files stay locked longer than OpenTimeout.
func Open(dir string) (*Index, error) {
	var g *generation
	var err error
	// A rebuild may swap and delete the generation between reading the
	// pointer and opening it: retry with the new pointer.
	for attempt := 0; attempt < 3; attempt++ {
		var name string
		if name, err = readCurrent(dir); err != nil {
			return nil, err
		}
		g, err = openGeneration(dir, name)
		if err == nil {
			break
		}
		if now, _ := readCurrent(dir); now == name {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	return &Index{dir: dir, cur: g, next: time.Now().Add(CheckInterval), limits: DefaultLimits.withDefaults()}, nil
}

func openGeneration(dir, name string) (*generation, error) {
	path := filepath.Join(dir, name)
	meta, err := readMeta(path)
	if err != nil {
		return nil, err
	}
	if err := checkSegments(path, meta.Segments); err != nil {
		return nil, fmt.Errorf("index %s: %v: %w", path, err, ErrCorrupt)
	}
	idx, err := bleve.OpenUsing(path, readConfig())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("index %s: %w", path, unpv.ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("index %s: %v: %w", path, err, ErrCorrupt)
	}
	// Bleve opens a generation whose newest segment was deleted or cut
	// short by falling back to an older snapshot, which silently serves
	// fewer speeches: the count the build recorded tells.
	n, err := idx.DocCount()
	if err == nil && n != meta.Docs {
		err = fmt.Errorf("holds %d documents, built with %d", n, meta.Docs)
	}
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("index %s: %v: %w", path, err, ErrCorrupt)
	}
	return &generation{name: name, idx: idx, meta: meta}, nil
}

// segmentFiles lists the segment files of the Bleve index in path with
// their sizes.
func segmentFiles(path string) (map[string]int64, error) {
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(zaps))
	for _, z := range zaps {
		fi, err := os.Stat(z)
		if err != nil {
			return nil, err
		}
		out[filepath.Base(z)] = fi.Size()
	}
	return out, nil
}

func checkSegments(path string, want map[string]int64) error {
	for name, size := range want {
		fi, err := os.Stat(filepath.Join(path, "store", name))
		if err != nil {
			return fmt.Errorf("segment %s: %w", name, err)
		}
		if fi.Size() != size {
			return fmt.Errorf("segment %s holds %d bytes, built with %d", name, fi.Size(), size)
		}
	}
	return nil
}

// RemoveStale deletes what killed rebuilds left in dir: generations other
// than the live one and temporary files. Call it only while no rebuild of
// dir runs (the pipeline holds the data-directory lock).
func RemoveStale(dir string) {
	name, err := readCurrent(dir)
	if err != nil {
		return // nothing built yet, or a damaged pointer: the next build handles it
	}
	removeOldGenerations(dir, name)
	if tmps, _ := filepath.Glob(filepath.Join(dir, outfile.TempPrefix+"*")); len(tmps) > 0 {
		for _, t := range tmps {
			os.Remove(t)
		}
	}
}

// Meta describes the generation currently served.
func (ix *Index) Meta() Meta {
	g := ix.acquire()
	defer ix.release(g)
	return g.meta
}

// Generation names the generation currently served; it changes with every
// rebuild or update of the index.
func (ix *Index) Generation() string {
	g := ix.acquire()
	defer ix.release(g)
	return g.name
}

// Refresh switches to a newer generation if a rebuild has landed. Searches
// call it at most every CheckInterval; tests and servers may call it directly.
func (ix *Index) Refresh() error {
	ix.reload.Lock()
	defer ix.reload.Unlock()
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return errors.New("index closed")
	}
	cur := ix.cur.name
	ix.next = time.Now().Add(CheckInterval)
	ix.mu.Unlock()

	name, err := readCurrent(ix.dir)
	if err != nil || name == cur {
		return err
	}
	g, err := openGeneration(ix.dir, name)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	old := ix.cur
	ix.cur = g
	old.retired = true
	closeNow := old.refs == 0
	ix.mu.Unlock()
	if closeNow {
		old.idx.Close()
	}
	slog.Debug("index: switched generation", "from", old.name, "to", name)
	return nil
}

// acquire returns the live generation with a reference held.
func (ix *Index) acquire() *generation {
	ix.mu.Lock()
	due := !ix.closed && time.Now().After(ix.next)
	if due {
		ix.next = time.Now().Add(CheckInterval)
	}
	ix.mu.Unlock()
	if due {
		err := ix.Refresh()
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		ix.mu.Lock()
		changed := msg != ix.lastErr
		ix.lastErr = msg
		ix.mu.Unlock()
		if err != nil && changed {
			slog.Warn("index: keeping the current generation", "err", err)
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	g := ix.cur
	g.refs++
	return g
}

func (ix *Index) release(g *generation) {
	ix.mu.Lock()
	g.refs--
	closeNow := g.retired && g.refs == 0
	ix.mu.Unlock()
	if closeNow {
		g.idx.Close()
	}
}

// Close closes the index once in-flight searches are done with it, and its
// TextSource when that is an io.Closer.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	var err error
	if c, ok := ix.text.(io.Closer); ok {
		err = c.Close()
	}
	ix.cur.retired = true
	if ix.cur.refs == 0 {
		if cerr := ix.cur.idx.Close(); cerr != nil {
			err = cerr
		}
	}
	return err
}
