package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// Origins recorded in sources.origin.
const (
	OriginBundled = "bundled"
	OriginImport  = "import"
	OriginLocal   = "local"
	OriginFetch   = "fetch"
)

// bundledState is the stage_state key under which the bundled corpus's
// hash is recorded, so an unchanged binary skips re-reading it.
const bundledState = "(bundled)"

// documentLayout names how imported records map to documents. It is part
// of the bundled corpus's recorded hash, so that a store made under another
// layout imports the bundle again: gd-statements is one document per
// general-debate statement (RecordDocument), where a session was one before.
const documentLayout = "gd-statements"

// ImportStats counts what an import did.
type ImportStats struct {
	Changed, Unchanged, Bad int
	Skipped                 []SkippedInput // the Bad inputs, each with why
	// Shadowed counts bundled documents left out because a document of the
	// same key that the user imported is stored (the user's copy wins).
	Shadowed  int
	Documents []string // every document key seen, in order
}

// BundledSource imports the corpus shipped in the binary (corpora/bundled).
// It is skipped entirely when the same bundle was imported before, which
// keeps a no-change run fast.
func BundledSource() Source {
	return Source{Name: "import", Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		want := bundled.Hash() + "/" + corpora.ImporterVersion + "/" + documentLayout
		states, err := st.StageStates(ctx, "import")
		if err != nil {
			return 0, 0, err
		}
		if s, ok := states[bundledState]; ok && s.InputHash == want && s.Status == store.StatusDone {
			srcs, err := st.Sources(ctx)
			if err != nil {
				return 0, 0, err
			}
			n, missing := 0, 0
			for _, s := range srcs {
				if s.Origin == OriginBundled {
					n++
					if _, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(s.RawPath))); s.RawPath != "" && err != nil {
						missing++
					}
				}
			}
			if missing == 0 {
				return 0, n, nil
			}
			// DATA/raw lost (cleaned up, or a backup of the store alone):
			// the bundle is in unpv, so write its files again rather than
			// fail every later extraction of them for ever.
			slog.Warn("import: bundled raw files missing from DATA/raw; writing them again", "missing", missing)
		}
		stats, err := ImportBundled(ctx, st, dataDir)
		if err != nil {
			return stats.Changed, stats.Unchanged, err
		}
		// Documents that a previous bundle had and this one lacks go, with
		// everything derived from them.
		srcs, err := st.Sources(ctx)
		if err != nil {
			return stats.Changed, stats.Unchanged, err
		}
		for _, s := range srcs {
			if s.Origin == OriginBundled && !slices.Contains(stats.Documents, s.Document) {
				if err := st.DeleteSource(ctx, s.Document); err != nil {
					return stats.Changed, stats.Unchanged, err
				}
				stats.Changed++
			}
		}
		if stats.Shadowed > 0 {
			slog.Info("import: bundled documents left out: documents you imported have their keys",
				"documents", stats.Shadowed)
		}
		err = st.SetStageState(ctx, store.StageState{Document: bundledState, Stage: "import", InputHash: want,
			Version: corpora.ImporterVersion, Status: store.StatusDone})
		return stats.Changed, stats.Unchanged, err
	}}
}

// forgetBundled makes the next BundledSource import the bundle again (its
// recorded hash no longer matches), so that bundled documents a removed
// import shadowed come back.
func forgetBundled(ctx context.Context, st *store.Store) error {
	return st.SetStageState(ctx, store.StageState{Document: bundledState, Stage: "import",
		Version: corpora.ImporterVersion, Status: store.StatusDone})
}

// ImportBundled imports the bundled corpus: the 2020 Security Council
// speeches, the UNGDC statements and the record PDFs.
func ImportBundled(ctx context.Context, st *store.Store, dataDir string) (ImportStats, error) {
	var total ImportStats
	unsc, err := bundled.UNSCSpeeches()
	if err != nil {
		return total, fmt.Errorf("bundled speeches: %w", err)
	}
	s, err := ImportMeetings(ctx, st, dataDir, corpora.ImportUNSCDebates(unsc, corpora.UNSCDebatesOptions{}), OriginBundled)
	total.add(s)
	if err != nil {
		return total, err
	}
	gd, err := bundled.UNGDC()
	if err != nil {
		return total, fmt.Errorf("bundled statements: %w", err)
	}
	s, err = ImportMeetings(ctx, st, dataDir, corpora.ImportUNGDCStatements(gd, corpora.UNGDCOptions{}), OriginBundled)
	total.add(s)
	if err != nil {
		return total, err
	}
	s, err = ImportPDFs(ctx, st, dataDir, bundled.PDFs(), "bundled:pdf", OriginBundled, 0)
	total.add(s)
	return total, err
}

// SkippedInput is an input an import could not read and skipped: a file
// (its path) or a meeting (its symbol). A run's summary lists them, so that
// `unpv import --json` and `unpv run --json` say which and why, not only
// how many, and the run log keeps them for `unpv status`.
type SkippedInput = store.SkippedInput

// skip logs an input skipped as bad and counts it.
func (s *ImportStats) skip(msg, key, input, reason string) {
	slog.Warn(msg, key, input, "reason", reason)
	s.Bad++
	s.Skipped = append(s.Skipped, SkippedInput{Input: input, Reason: reason})
}

func (s *ImportStats) add(o ImportStats) {
	s.Changed += o.Changed
	s.Unchanged += o.Unchanged
	s.Bad += o.Bad
	s.Skipped = append(s.Skipped, o.Skipped...)
	s.Shadowed += o.Shadowed
	s.Documents = append(s.Documents, o.Documents...)
}

// putSource records src unless it is bundled and a document of its key
// came from elsewhere: what the user imported (or fetched) is kept over the
// bundled copy, which comes back when theirs is removed (RemoveDocuments).
func (s *ImportStats) putSource(ctx context.Context, st *store.Store, src store.Source) error {
	s.Documents = append(s.Documents, src.Document)
	if src.Origin == OriginBundled {
		old, err := st.Source(ctx, src.Document)
		switch {
		case err == nil && old.Origin != OriginBundled:
			s.Shadowed++
			return nil
		case err != nil && !errors.Is(err, unpv.ErrNotFound):
			return err
		}
	}
	changed, err := st.PutSource(ctx, src)
	if err != nil {
		return err
	}
	if changed {
		s.Changed++
	} else {
		s.Unchanged++
	}
	return nil
}

// RecordDocument is the document key of an imported record: its source and
// meeting symbol ("unsc-debates:S/PV.8699"), and for a general-debate
// statement also its delegation code ("ungdc:A/79/PV (general debate) KAZ"):
// statements are documents of their own, so that the bundled corpus's and
// the user's statements of one session sit side by side, one statement
// imported again replaces only itself, and removing it removes only it.
func RecordDocument(im corpora.ImportedMeeting) string {
	if im.Statement != "" {
		return im.Source + ":" + im.Meeting.Symbol + " " + im.Statement
	}
	return im.Source + ":" + im.Meeting.Symbol
}

// ImportMeetings records imported meeting records (UNSC Debates meetings,
// UNGDC statements) as sources of kind record, their JSON gzipped in the raw
// store of dataDir (the store keeps only its path and hash: the texts are
// held once in the store, as speeches). A meeting the importer could not
// read is logged and counted as bad; the import goes on.
func ImportMeetings(ctx context.Context, st *store.Store, dataDir string, seq iter.Seq2[corpora.ImportedMeeting, error], origin string) (ImportStats, error) {
	var stats ImportStats
	raw := corpora.NewRawStore(dataDir)
	// The importer reads meetings one after the other; each meeting's JSON
	// is made and compressed into the raw store by a worker meanwhile, and
	// the sources are recorded here, in the importer's order.
	type stored struct {
		im           corpora.ImportedMeeting
		sum, rawPath string
		err, readErr error
	}
	ictx, cancel := context.WithCancel(ctx)
	queue := make(chan chan stored, 2*runtime.GOMAXPROCS(0))
	// A return before the end (an error, an interrupt) waits for the
	// reader to stop at its next meeting and for the workers' last
	// writes: nothing of this call may read the importer or write DATA/raw
	// after it returned.
	defer func() {
		cancel()
		for range queue {
		}
	}()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var workers sync.WaitGroup
	go func() {
		defer close(queue)
		defer workers.Wait()
		// A reader that panics cannot go on to the next meeting: its
		// panic ends the import as an error, after what came before it.
		perr := guard.Call(func() error {
			for im, err := range seq {
				if ictx.Err() != nil {
					return nil
				}
				res := make(chan stored, 1)
				select {
				case queue <- res:
				case <-ictx.Done():
					return nil
				}
				if err != nil {
					res <- stored{im: im, readErr: err}
					continue
				}
				sem <- struct{}{}
				workers.Add(1)
				go func() {
					defer func() { <-sem; workers.Done() }()
					r := stored{im: im}
					r.err = guard.Call(func() error {
						content, err := json.Marshal(store.ImportedRecord{Meeting: im.Meeting, Speeches: im.Speeches})
						if err == nil {
							r.sum, r.rawPath, err = raw.PutGzip(content, "json")
						}
						return err
					})
					res <- r
				}()
			}
			return nil
		})
		if perr != nil {
			res := make(chan stored, 1)
			res <- stored{readErr: fmt.Errorf("import: reader: %w", perr)}
			select {
			case queue <- res:
			case <-ictx.Done():
			}
		}
	}()
	for res := range queue {
		r := <-res
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		im := r.im
		if r.readErr != nil {
			if errors.Is(r.readErr, unpv.ErrBadDocument) {
				stats.skip("import: skipped bad meeting", "symbol", im.Meeting.Symbol, r.readErr.Error())
				continue
			}
			return stats, r.readErr
		}
		if r.err != nil {
			return stats, r.err
		}
		for _, p := range im.Problems {
			slog.Debug("import", "symbol", im.Meeting.Symbol, "problem", p)
		}
		var n int64
		for _, f := range im.Files {
			n += int64(f.Bytes)
		}
		err := stats.putSource(ctx, st, store.Source{Document: RecordDocument(im), Kind: store.KindRecord,
			Symbol: im.Meeting.Symbol, Origin: origin, SHA256: r.sum, Bytes: n, RawPath: r.rawPath})
		if err != nil {
			return stats, err
		}
		crashPoint(fmt.Sprintf("import:%d", len(stats.Documents)))
	}
	return stats, ctx.Err()
}

// PDFDocument is the document key of a record file: "pdf:" and its symbol
// guessed from the file name, or the file name when it names no symbol.
func PDFDocument(name string) (doc, symbol string) {
	base := path.Base(filepath.ToSlash(name))
	if sym, ok := un.CanonicalSymbol(base); ok {
		return "pdf:" + sym, sym
	}
	return "pdf:" + base, ""
}

// ImportPDFs records every *.pdf (and pdftotext *.txt) file of fsys as a
// source of kind pdf, streaming its bytes through sha256 into the raw store
// under DATA/raw. base names where fsys came from (a folder path,
// "bundled:pdf"); the source's URL is base/file. A file that cannot be
// read (a dangling link, no permission), is not a regular file (a link to
// /dev/zero, a FIFO) or is larger than maxSize bytes (0: limit.FileSize) is
// logged, counted as bad and skipped, before any of it is read; the import
// goes on. Two files of one key (a/record.pdf and b/record.pdf, a record's
// PDF and its pdftotext text), or of the same bytes under any names, give
// one document: a file whose name gives a symbol is taken first, then a PDF
// before a text, then the first in the walk's lexical order. A second of
// the key with other bytes is a bad input and skipped, unless it is a text
// of the record its name gives (pdftotext's, beside the PDF), which is left
// out with a warning, as a copy is: as a document of its own a copy
// clashed with the first's speeches and stayed quarantined, extracted
// again by every run.
func ImportPDFs(ctx context.Context, st *store.Store, dataDir string, fsys fs.FS, base, origin string, maxSize int64) (ImportStats, error) {
	var stats ImportStats
	if maxSize <= 0 {
		maxSize = limit.FileSize
	}
	raw := corpora.NewRawStore(dataDir)
	var files []pdfFile
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			stats.skip("import: skipped unreadable entry", "path", base+"/"+p, err.Error())
			return nil // an unreadable folder is skipped, not walked
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || !corpora.IsRecordFile(p) {
			return nil
		}
		if ok, why := textRecord(fsys, p, maxSize); !ok {
			slog.Warn("import: left out a text file that is no record", "path", base+"/"+p, "reason", why)
			return nil
		}
		sum, rel, n, err := putRawFile(raw, fsys, p, maxSize)
		if errors.Is(err, unpv.ErrBadDocument) {
			stats.skip("import: skipped file", "path", base+"/"+p, err.Error())
			return nil
		}
		if err != nil {
			return err
		}
		doc, sym := PDFDocument(p)
		files = append(files, pdfFile{path: p, doc: doc, symbol: sym, sum: sum, rel: rel, bytes: n})
		return nil
	})
	if err != nil {
		return stats, err
	}
	// Which of two files of one key or one content is the document is
	// decided once all are seen: taken in walk order, archive/copy.pdf
	// came before records/S_PV.8422_E.pdf of the same bytes and the
	// record was stored as pdf:copy.pdf, its symbol unknown, and
	// a/S_PV.8422_E.txt made b/S_PV.8422_E.pdf a bad input.
	// Of files alike in name and kind, the one whose bytes the store
	// already holds for its key comes first (rank): a later import adding 0/record.pdf beside an
	// imported a/record.pdf replaced the record with the new file (walk
	// order) and made the old one the bad input.
	for i := range files {
		if old, err := st.Source(ctx, files[i].doc); err == nil && old.SHA256 == files[i].sum {
			files[i].stored = true
		} else if err != nil && !errors.Is(err, unpv.ErrNotFound) {
			return stats, err
		}
	}
	slices.SortStableFunc(files, func(a, b pdfFile) int { return cmp.Compare(a.rank(), b.rank()) })
	// first holds, per document key, the file that gave it: each file used
	// to replace the one before, so that the last of them was stored, the
	// others lost without a word, and every import of the folder counted
	// each as changed.
	first, copied := map[string]pdfFile{}, map[string]pdfFile{} // by key, by content
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		if g, ok := first[f.doc]; ok && g.sum != f.sum && f.symbol != "" && !f.isPDF() {
			// pdftotext's text of a record whose PDF is taken, or a
			// second rendering of it (-layout): the same record, no bad
			// input. Counted bad, importing the shared samples' folder
			// (verbatim-pdf/ beside verbatim-pdftotext/) exited 3 with 40
			// of its 60 files "bad".
			slog.Warn("import: left out a text of a record", "path", base+"/"+f.path, "reason",
				fmt.Sprintf("%s is a text of document %s, which %s gives in this import", f.path, f.doc, g.path))
			continue
		}
		if g, ok := first[f.doc]; ok && g.sum != f.sum {
			stats.skip("import: skipped file", "path", base+"/"+f.path,
				fmt.Sprintf("%s is document %s, as %s is in this import, with other content: import one of the two", f.path, f.doc, g.path))
			continue
		}
		if g, ok := copied[f.sum]; ok {
			slog.Warn("import: left out a copy", "path", base+"/"+f.path, "reason",
				fmt.Sprintf("%s holds the same bytes as %s (document %s)", f.path, g.path, g.doc))
			continue
		}
		first[f.doc], copied[f.sum] = f, f
		if err := stats.putSource(ctx, st, store.Source{Document: f.doc, Kind: store.KindPDF, Symbol: f.symbol, Origin: origin,
			URL: base + "/" + f.path, RawPath: f.rel, SHA256: f.sum, Bytes: f.bytes}); err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// pdfFile is a file ImportPDFs has put in the raw store, not yet recorded.
type pdfFile struct {
	path, doc, symbol, sum, rel string
	bytes                       int64
	stored                      bool // the store holds these bytes for doc
}

// rank orders the files of one key or one content, the lowest taken:
// a name that gives the symbol, then a PDF over a text (pdftotext's, or a
// copy's), so that neither the walk's order nor a copy's name decides
// what the record is stored as; then the bytes the store already holds.
func (f pdfFile) rank() int {
	r := 0
	if f.symbol == "" {
		r += 4
	}
	if !f.isPDF() {
		r += 2
	}
	if !f.stored {
		r++
	}
	return r
}

func (f pdfFile) isPDF() bool { return strings.EqualFold(path.Ext(f.path), ".pdf") }

// textRecord tells whether p, unless it is a PDF or its name gives a
// symbol, reads like a record as pdftotext or mutool writes it
// (un.LooksLikeRecord on its first 4 KiB); why says what it lacks. A file
// it cannot read is left to putRawFile, which reports it as bad.
func textRecord(fsys fs.FS, p string, maxSize int64) (ok bool, why string) {
	if !strings.EqualFold(path.Ext(p), ".txt") {
		return true, ""
	}
	if _, sym := PDFDocument(p); sym != "" {
		return true, ""
	}
	f, _, err := limit.OpenFS(fsys, p, maxSize) // not a FIFO, which would block
	if err != nil {
		return true, ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if un.LooksLikeRecord(string(head[:n])) {
		return true, ""
	}
	return false, "no record symbol in its name, and its start names neither a record symbol nor the United Nations and the Security Council or General Assembly"
}

// putRawFile streams one input file into the raw store. Errors that are
// the file's (unreadable, not regular, too large) wrap unpv.ErrBadDocument;
// others (the raw store's disk) do not.
func putRawFile(raw *corpora.RawStore, fsys fs.FS, p string, maxSize int64) (sum, rel string, n int64, err error) {
	f, _, err := limit.OpenFS(fsys, p, maxSize)
	if err != nil {
		return "", "", 0, fmt.Errorf("%w: %w", err, unpv.ErrBadDocument)
	}
	defer f.Close()
	cr := &countingReader{r: limit.Reader(f, maxSize)}
	sum, rel, err = raw.Put(cr, strings.ToLower(path.Ext(p)))
	if cr.err != nil {
		return "", "", 0, fmt.Errorf("%s: %w: %w", p, cr.err, unpv.ErrBadDocument)
	}
	return sum, rel, cr.n, err
}

// countingReader counts the bytes read and keeps the read error, which
// tells the input's failures from the raw store's.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// PathOptions configure PathSource.
type PathOptions struct {
	// Format is one of corpora.Formats, or "" to guess it (corpora.GuessFormat).
	Format string
	// Metadata names the UNSC Debates meeting tables inside the folder
	// (corpora.UNSCDebatesOptions); Speakers the UNGDC speakers table.
	Metadata []string
	Speakers string
	// Name is the source's name in the run summary; default "import BASE".
	Name string
	// MaxFileSize bounds every file read, in bytes; 0 means limit.FileSize.
	MaxFileSize int64
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// warnLeftOut warns when a folder whose format was guessed also holds
// another format's files, which this import leaves out: importing
// ../shared/corpora took its 1,600 speech files and said nothing of its
// PDFs and general-debate statements.
func warnLeftOut(log *slog.Logger, p, format string) {
	counts := corpora.CountFormats(p)
	for _, g := range corpora.Formats {
		if g != format && counts[g] > 0 {
			log.Warn("import: files of another format left out; import them on their own (their folder, or with --format)", "path", p, "format", format,
				"left_out", fmt.Sprintf("%d %s", counts[g], corpora.FormatFiles[g]), "with", "--format "+g)
		}
	}
}

// BadInputs reports an import that read what it could and skipped inputs
// it could not read. It wraps unpv.ErrBadDocument.
type BadInputs struct {
	Bad, Of int
	Inputs  []SkippedInput // which, and why
}

func (e *BadInputs) Error() string {
	return fmt.Sprintf("%d of %d inputs were bad and skipped", e.Bad, e.Of)
}

func (e *BadInputs) Unwrap() error { return unpv.ErrBadDocument }

// PathSource imports a folder (or one record file) the user holds: UNSC
// Debates speeches, UNGDC statements or record PDFs, recorded with origin
// "import" (corpora) or "local" (PDFs). An unknown or mismatched format is
// an error wrapping corpora.ErrUnknownFormat, returned before anything runs.
func PathSource(p string, opt PathOptions) (Source, error) {
	info, err := os.Stat(p)
	if err != nil {
		return Source{}, err
	}
	f := opt.Format
	if f == "" {
		if f, err = corpora.GuessFormat(p); err != nil {
			return Source{}, err
		}
		if info.IsDir() {
			warnLeftOut(cmp.Or(opt.Logger, slog.Default()), p, f)
		}
	}
	switch {
	case !slices.Contains(corpora.Formats, f):
		return Source{}, fmt.Errorf("%w %q (want %s)", corpora.ErrUnknownFormat, f, strings.Join(corpora.Formats, ", "))
	case f != corpora.FormatPDF && !info.IsDir():
		return Source{}, fmt.Errorf("%s: %w: the %s format needs a folder", p, corpora.ErrUnknownFormat, f)
	case info.IsDir() && opt.Format != "":
		// A format given by hand that matches nothing would import
		// nothing and succeed: say what the folder holds instead.
		counts := corpora.CountFormats(p)
		if f == corpora.FormatPDF {
			counts[f] += counts["txt"]
		}
		if counts[f] == 0 {
			var holds []string
			for _, g := range corpora.Formats {
				if counts[g] > 0 {
					holds = append(holds, fmt.Sprintf("%d %s (--format %s)", counts[g], corpora.FormatFiles[g], g))
				}
			}
			return Source{}, fmt.Errorf("%s: %w: no %s in it; it holds %s", p, corpora.ErrUnknownFormat,
				corpora.FormatFiles[f], cmp.Or(strings.Join(holds, ", "), "none of the formats' files"))
		}
	}
	name := opt.Name
	if name == "" {
		name = "import " + filepath.Base(p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return Source{}, err
	}
	return Source{Name: name, Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		var stats ImportStats
		var err error
		switch f {
		case corpora.FormatPDF:
			fsys, base := os.DirFS(p), abs
			if !info.IsDir() {
				fsys, base = singleFileFS(p), filepath.Dir(abs)
			}
			stats, err = ImportPDFs(ctx, st, dataDir, fsys, base, OriginLocal, opt.MaxFileSize)
		case corpora.FormatUNSCDebates:
			stats, err = ImportMeetings(ctx, st, dataDir, corpora.ImportUNSCDebates(os.DirFS(p),
				corpora.UNSCDebatesOptions{Metadata: opt.Metadata, MaxFileSize: opt.MaxFileSize}), OriginImport)
		case corpora.FormatUNGDC:
			stats, err = ImportMeetings(ctx, st, dataDir, corpora.ImportUNGDCStatements(os.DirFS(p),
				corpora.UNGDCOptions{Speakers: opt.Speakers, MaxFileSize: opt.MaxFileSize}), OriginImport)
		}
		if stats.Bad > 0 {
			bad := &BadInputs{Bad: stats.Bad, Of: stats.Bad + stats.Changed + stats.Unchanged, Inputs: stats.Skipped}
			if err == nil {
				err = bad
			} else {
				// Interrupted or failed after some were skipped: the run
				// log counts them still.
				err = &FailedBefore{Err: err, Before: bad}
			}
		}
		return stats.Changed, stats.Unchanged, err
	}}, nil
}

// removalTargets are the sources `import --remove KEY` removes: the
// document KEY or, for a general-debate session's key that names no
// document, the session's statements that the user brought (not bundled),
// which is what that key removed before statements had documents of their
// own. Neither is an error wrapping unpv.ErrNotFound.
func removalTargets(ctx context.Context, st *store.Store, key string) ([]store.Source, error) {
	src, err := st.Source(ctx, key)
	if err == nil {
		return []store.Source{src}, nil
	}
	sym, ok := strings.CutPrefix(key, corpora.FormatUNGDC+":")
	if !errors.Is(err, unpv.ErrNotFound) || !ok || !un.IsGeneralDebate(sym) {
		return nil, err
	}
	srcs, serr := st.Sources(ctx)
	if serr != nil {
		return nil, serr
	}
	var out []store.Source
	for _, s := range srcs {
		if strings.HasPrefix(s.Document, key+" ") && s.Origin != OriginBundled {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w (nor statements of that session you imported)", err)
	}
	return out, nil
}

// splitSessions moves general-debate sessions stored one document each
// ("ungdc:A/79/PV (general debate)", before the gd-statements layout) to
// one document per statement (corpora.Statements, RecordDocument), each
// keeping the session's origin, in one transaction per session: stores made
// before keep working, and their statements can then be imported, replaced
// and removed one by one. The statements are new documents to the stages,
// which extract and classify them again; until then each keeps the
// session's speeches of its statement (and their sentences and stances), so
// that a command that splits but does not extract (index, import, fetch,
// import --remove) leaves no statement out of the index and reports. A session whose record cannot be
// read (its raw file gone) is left as it was, and tried again next time.
func splitSessions(ctx context.Context, st *store.Store, dataDir string, log *slog.Logger) error {
	srcs, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	raw := corpora.NewRawStore(dataDir)
	split := 0
	for _, src := range srcs {
		sym, ok := strings.CutPrefix(src.Document, corpora.FormatUNGDC+":")
		if !ok || src.Kind != store.KindRecord || !un.IsGeneralDebate(sym) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := sourceInput(ctx, st, dataDir, src.Document)
		var rec store.ImportedRecord
		if err == nil {
			err = json.Unmarshal(in.Source.Content, &rec)
		}
		if err == nil && len(rec.Speeches) == 0 {
			err = errors.New("no statements")
		}
		if err != nil {
			log.Warn("import: general-debate session not split into statements", "document", src.Document, "reason", err.Error())
			continue
		}
		var parts []store.Source
		keep := map[string][]string{}
		for _, im := range corpora.Statements(corpora.ImportedMeeting{Source: corpora.FormatUNGDC, Meeting: rec.Meeting, Speeches: rec.Speeches}) {
			content, err := json.Marshal(store.ImportedRecord{Meeting: im.Meeting, Speeches: im.Speeches})
			if err != nil {
				return err
			}
			sum, path, err := raw.PutGzip(content, "json")
			if err != nil {
				return err
			}
			doc := RecordDocument(im)
			parts = append(parts, store.Source{Document: doc, Kind: store.KindRecord, Symbol: im.Meeting.Symbol,
				Origin: src.Origin, URL: src.URL, SHA256: sum, RawPath: path})
			for _, sp := range im.Speeches {
				keep[doc] = append(keep[doc], cmp.Or(sp.ID, unpv.SpeechID(sp.Symbol, sp.Seq)))
			}
		}
		if err := st.SplitSource(ctx, src.Document, parts, keep); err != nil {
			return err
		}
		split++
	}
	if split > 0 {
		log.Info("import: general-debate sessions stored as one document each now have a document per statement",
			"sessions", split)
	}
	return nil
}

// singleFileFS exposes one file as the only entry of a file system.
func singleFileFS(p string) fs.FS {
	return onlyFS{os.DirFS(filepath.Dir(p)), filepath.Base(p)}
}

type onlyFS struct {
	fs.FS
	name string
}

// Stat lets limit.OpenFS check the file before opening it: without it,
// fs.Stat opens the file to stat it, and a named pipe given to 'unpv
// import' waited there for a writer for good.
func (o onlyFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(o.FS, name) }

func (o onlyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(o.FS, name)
	var out []fs.DirEntry
	for _, e := range ents {
		if e.Name() == o.name {
			out = append(out, e)
		}
	}
	return out, err
}

// Documents lists the input documents dataDir's store tracks, by key (the
// keys `unpv import --remove` takes), without taking the lock: it only
// reads, as status does. A store made before general-debate statements
// became documents of their own lists its sessions until the next command
// that takes the lock splits them.
func Documents(ctx context.Context, dataDir string) ([]store.Source, error) {
	st, err := openExisting(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Sources(ctx)
}

// RemoveDocuments deletes sources and everything derived from them, under
// the data-directory lock, calling removed after each, and then rebuilds
// the search index and the reports without them (a run of the index and
// report stages, in the run log). A general-debate session's key
// ("ungdc:A/79/PV (general debate)", one document per session before the
// gd-statements layout) removes the session's statements that were not
// bundled. Removing a document that was not bundled makes the next run
// import the bundled corpus again, so that a bundled copy it replaced comes
// back. An unknown document is an error wrapping unpv.ErrNotFound, and then
// nothing is removed; documents still quarantined after the removal are a
// *PartialError, returned after everything was done.
func RemoveDocuments(ctx context.Context, dataDir string, docs []string, removed func(doc string)) error {
	if !store.Exists(dataDir) {
		return fmt.Errorf("%w at %s", ErrNoStore, store.Path(dataDir))
	}
	lock, err := AcquireLock(dataDir, "import --remove")
	if err != nil {
		return err
	}
	defer lock.Release()
	st, err := openChecked(ctx, dataDir, store.OpenExisting, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := splitSessions(ctx, st, dataDir, nil); err != nil {
		return err
	}
	// Every key is looked up before anything is removed: a mistyped key
	// in a list removes nothing.
	var all []store.Source
	seen := map[string]bool{}
	for _, d := range docs {
		targets, err := removalTargets(ctx, st, d)
		if err != nil {
			return err
		}
		for _, src := range targets {
			if !seen[src.Document] {
				seen[src.Document] = true
				all = append(all, src)
			}
		}
	}
	forgot := false
	for _, src := range all {
		if src.Origin != OriginBundled && !forgot {
			// Before the deletion, so that a crash between the two still
			// brings the bundled copy back.
			if err := forgetBundled(ctx, st); err != nil {
				return err
			}
			forgot = true
		}
		if err := st.DeleteSource(ctx, src.Document); err != nil {
			return err
		}
		removed(src.Document)
	}
	// Documents still quarantined make the rebuild a partial run, in the
	// run log and in the error returned (exit 3), as they do a run's and
	// an index's: a cron line that removes documents sees them too.
	var partial error
	if len(all) > 0 {
		opt := Options{DataDir: dataDir, Command: "import --remove " + strings.Join(docs, ","),
			Stages: []Stage{IndexStage(nil), ReportStage()}}
		var pe *PartialError
		if _, err := RunLocked(ctx, st, opt); errors.As(err, &pe) {
			partial = err
		} else if err != nil {
			return fmt.Errorf("rebuild index and reports: %w", err)
		}
	}
	if err := st.Close(); err == nil {
		store.Stamp(dataDir)
	}
	return partial
}
