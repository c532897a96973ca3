package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/schollz/progressbar/v3"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
)

// IndexStage brings the search index (DATA/index) up to date with the
// store (UpdateIndex): incrementally when it can, a full rebuild when the
// stage is forced (`unpv index --rebuild`, `unpv run --force index`), the
// index is missing or unusable, or was built with another schema version.
// progress, when not nil, receives a progress bar over the speeches (pass a
// terminal only).
func IndexStage(progress io.Writer) Stage {
	return Stage{
		Name:    StageIndex,
		Version: "index-schema-" + strconv.Itoa(index.SchemaVersion),
		Output:  IndexDir,
		Corpus: func(ctx context.Context, st *store.Store, dataDir string) error {
			stats, err := UpdateIndex(ctx, st, filepath.Join(dataDir, IndexDir), forcedRun(ctx), progress)
			if err == nil {
				slog.Debug("index done", "mode", stats.Mode, "indexed", stats.Docs, "removed", stats.Removed,
					"documents", stats.Total, "bytes", stats.Bytes, "took", stats.Duration)
			}
			return err
		},
	}
}

// rebuildShare: an update that would replace the speeches of more than this
// share of the documents (and more than minRebuildDocs of them) rebuilds
// the index instead, which costs about the same and leaves it compact.
const (
	rebuildShare   = 4 // one in four
	minRebuildDocs = 200
)

// UpdateIndex brings the index in dir up to date with the store. It
// compares what the live index was built from (index.Recorded) with the
// store's index inputs (store.IndexInputs: per document its extract and
// classify results, per meeting its agenda) and replaces only the speeches
// of documents that changed, appeared or went (index.Update); it rebuilds
// the whole index (index.RebuildFrom) when full is set, when there is no
// usable index or no record of its inputs, or when more than a quarter of
// the documents (and more than 200) changed.
// Either way the index records the store's StatesDigest as its fingerprint.
func UpdateIndex(ctx context.Context, st *store.Store, dir string, full bool, progress io.Writer) (index.Stats, error) {
	fp, err := st.StatesDigest(ctx)
	if err != nil {
		return index.Stats{}, err
	}
	inputs, err := st.IndexInputs(ctx)
	if err != nil {
		return index.Stats{}, err
	}
	var replace []string
	if !full {
		_, old, err := index.Recorded(dir)
		full = err != nil || old == nil
		if !full {
			if replace, err = indexChanges(ctx, st, old, inputs); err != nil {
				return index.Stats{}, err
			}
			docs := 0
			for k := range inputs {
				if strings.HasPrefix(k, "doc:") {
					docs++
				}
			}
			full = len(replace) > minRebuildDocs && len(replace)*rebuildShare > docs
		}
	}
	b := index.Build{Fingerprint: fp, Inputs: inputs}
	var bar *progressbar.ProgressBar
	if progress != nil && (full || len(replace) > 0) {
		n := -1 // an update's size is unknown: a spinner
		if full {
			n, _ = st.CountSpeeches(ctx)
		}
		bar = newBar(progress, n, StageIndex)
		defer bar.Finish()
	}
	batches := 0
	b.Progress = func(n int) {
		if bar != nil {
			bar.Set(n)
		}
		batches++
		crashPoint(fmt.Sprintf("index:batch:%d", batches))
	}
	if full {
		docs, err := st.DocumentsWithSpeeches(ctx)
		if err != nil {
			return index.Stats{}, err
		}
		b.Docs = IndexDocs(ctx, st, docs)
		return index.RebuildFrom(ctx, dir, b)
	}
	if len(replace) > 0 {
		b.Remove, b.Docs = replace, IndexDocs(ctx, st, replace)
	}
	return index.Update(ctx, dir, b)
}

// indexChanges lists the documents whose speeches must be indexed again:
// those whose inputs changed, appeared or went, and those with speeches in
// a meeting whose agenda changed.
func indexChanges(ctx context.Context, st *store.Store, old, now map[string]string) ([]string, error) {
	docs := map[string]bool{}
	var meetings []string
	note := func(k string) {
		if d, ok := strings.CutPrefix(k, "doc:"); ok {
			docs[d] = true
		} else if m, ok := strings.CutPrefix(k, "meeting:"); ok {
			meetings = append(meetings, m)
		}
	}
	for k, v := range now {
		if old[k] != v {
			note(k)
		}
	}
	for k := range old {
		if _, ok := now[k]; !ok && strings.HasPrefix(k, "doc:") {
			note(k) // gone: its speeches go
		}
	}
	if len(meetings) > 0 {
		more, err := st.MeetingDocuments(ctx, meetings)
		if err != nil {
			return nil, err
		}
		for _, d := range more {
			docs[d] = true
		}
	}
	out := make([]string, 0, len(docs))
	for d := range docs {
		out = append(out, d)
	}
	slices.Sort(out)
	return out, nil
}

// IndexDocs yields the speeches of the given documents, in that order, each
// with its meeting's agenda, its stances, the sentences that carry them and
// the organisations it mentions.
// It reads one document at a time: no more of the store is held in memory.
func IndexDocs(ctx context.Context, st *store.Store, documents []string) func(yield func(index.Doc) error) error {
	return func(yield func(index.Doc) error) error {
		agendas := map[string]string{}
		agenda := func(symbol string) (string, error) {
			a, ok := agendas[symbol]
			if ok {
				return a, nil
			}
			m, err := st.Meeting(ctx, symbol)
			if err != nil && !errors.Is(err, unpv.ErrNotFound) {
				return "", err
			}
			agendas[symbol] = m.Agenda
			return m.Agenda, nil
		}
		hand, err := st.AppliedHandLabels(ctx)
		if err != nil {
			return err
		}
		// A document the classify stage has done was read for mentions:
		// its speeches' targets are complete (index.Doc.MentionsRead).
		classified, err := st.StageStates(ctx, StageClassify)
		if err != nil {
			return err
		}
		for _, doc := range documents {
			if err := ctx.Err(); err != nil {
				return err
			}
			speeches, err := st.DocumentSpeeches(ctx, doc)
			if err != nil {
				return err
			}
			ms, sts, err := st.DocumentStances(ctx, doc, hand)
			if err != nil {
				return err
			}
			carriers, err := st.StanceSentences(ctx, doc, speeches, sts)
			if err != nil {
				return err
			}
			stances := map[string][]unpv.Stance{}
			for _, x := range sts {
				id, _ := unpv.SplitSentenceID(x.SentenceID)
				stances[id] = append(stances[id], x)
			}
			targets := map[string][]string{}
			for _, m := range ms {
				id, _ := unpv.SplitSentenceID(m.SentenceID)
				if !slices.Contains(targets[id], m.Target) {
					targets[id] = append(targets[id], m.Target)
				}
			}
			for _, sp := range speeches {
				a, err := agenda(sp.Symbol)
				if err != nil {
					return err
				}
				x := stances[sp.ID] // in the speech's order, as DocumentStances gives them
				t := targets[sp.ID]
				slices.Sort(t)
				if err := yield(index.Doc{Speech: sp, Agenda: a, Stances: x, Mentions: t, Sentences: carriers[sp.ID],
					Document: doc, MentionsRead: classified[doc].Status == store.StatusDone}); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// OpenIndex opens the data directory's search index for reading, building
// it from the store first when it is missing, unusable (damaged: see
// index.Open) or stale: built from another state of the store than the
// present one (its Meta().Fingerprint is not the store's StatesDigest, as
// after `import --remove` or a run of some stages only).
//
// It never creates a data directory or a store: without a store the error
// wraps ErrNoStore (an index found alone is served unchecked). The build is
// the index stage, run like any run: under the data-directory lock and
// recorded in the run log. While another run holds the lock nothing is
// built: a stale index is served with a warning, and without a usable index
// the error wraps unpv.ErrLocked. opt.DataDir, Command, Progress and Logger
// are used.
func OpenIndex(ctx context.Context, opt Options) (*index.Index, error) {
	dir := filepath.Join(opt.DataDir, IndexDir)
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	ix, err := index.Open(dir)
	if err != nil && !errors.Is(err, index.ErrNoIndex) && !errors.Is(err, index.ErrCorrupt) {
		return nil, err
	}
	// The store is also where the index reads speech texts from (it keeps
	// no copy): it stays open with the index, which closes it. Searching
	// only reads it.
	st, ferr := store.OpenReadOnly(ctx, opt.DataDir)
	var fp string
	if ferr == nil {
		if fp, ferr = st.StatesDigest(ctx); ferr != nil {
			st.Close()
		}
	}
	switch {
	case errors.Is(ferr, store.ErrNoStore) && ix != nil:
		log.Warn("no store beside the search index: serving it as it is, without the speeches' texts", "index", dir)
		return ix, nil
	case ferr != nil:
		if ix != nil {
			ix.Close()
		}
		return nil, ferr
	case ix != nil && ix.Meta().Fingerprint == fp:
		ix.SetTextSource(st)
		return ix, nil
	}
	var why string
	switch {
	case ix != nil:
		why = "the store changed since the search index was built"
	case errors.Is(err, index.ErrCorrupt):
		why = "search index unusable: " + err.Error()
	default:
		why = "no search index yet"
	}
	if holder := LockHolder(opt.DataDir); holder != "" {
		if ix != nil {
			log.Warn(why+"; not updating it while another run holds the data directory", "holder", holder)
			ix.SetTextSource(st)
			return ix, nil
		}
		st.Close()
		return nil, fmt.Errorf("%s, and %s is in use by %s: search once it finishes: %w", why, opt.DataDir, holder, unpv.ErrLocked)
	}
	log.Info(why+"; bringing it up to date from the store", "dir", dir)
	opt.Sources, opt.Stages, opt.ExistingStore = nil, []Stage{IndexStage(opt.Progress)}, true
	// A stale index is updated; a missing or unusable one is rebuilt (the
	// forced stage), as is a stale one the update left stale (the run log
	// said the index stage was done with this store: the index was
	// replaced behind its back).
	opt.Force = nil
	if ix == nil {
		opt.Force = []string{StageIndex}
	}
	for {
		// Quarantined documents (a *PartialError) do not stop the build.
		var partial *PartialError
		if _, err := Run(ctx, opt); err != nil && !errors.As(err, &partial) {
			if errors.Is(err, unpv.ErrLocked) && ix != nil {
				log.Warn(why+"; not updating it while another run holds the data directory", "err", err)
				ix.SetTextSource(st)
				return ix, nil
			}
			if cannotWrite(err) && ix != nil {
				// A reader on a read-only mount, or one who may not write
				// the data directory: the next run brings it up to date.
				log.Warn(why+"; searching it as it is: cannot update it here", "err", err)
				ix.SetTextSource(st)
				return ix, nil
			}
			if ix != nil {
				ix.Close()
			}
			st.Close()
			if cannotWrite(err) {
				return nil, fmt.Errorf("%s, and this user cannot build one in %s (a run by a user who can write it does): %w", why, opt.DataDir, err)
			}
			return nil, fmt.Errorf("build search index: %w", err)
		}
		if opt.Force != nil {
			break
		}
		if m, _, err := index.Recorded(dir); err == nil && m.Fingerprint == fp {
			break
		}
		opt.Force = []string{StageIndex}
	}
	if ix != nil {
		ix.Close()
	}
	// The run wrote the store: a read-only connection opened before may
	// have taken it for a file no one writes (store.OpenReadOnly).
	st.Close()
	if st, err = store.OpenReadOnly(ctx, opt.DataDir); err != nil {
		return nil, err
	}
	ix, err = index.Open(dir)
	if err != nil {
		st.Close()
		return nil, err
	}
	ix.SetTextSource(st)
	if ix.Meta().Speeches == 0 {
		log.Warn("the store has no speeches; run 'unpv run' or 'unpv import' first")
	}
	return ix, nil
}

// cannotWrite reports whether err says that this process may not write
// where it tried: a read-only file system, or no permission (the store
// says so with store.ErrReadOnly).
func cannotWrite(err error) bool {
	return errors.Is(err, store.ErrReadOnly) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}
