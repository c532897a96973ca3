package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
)

// IndexStage rebuilds the search index (DATA/index) from the store; the
// index package swaps the new build in atomically. progress, when not nil,
// receives a progress bar over the speeches (pass a terminal only).
func IndexStage(progress io.Writer) Stage {
	return Stage{
		Name:    StageIndex,
		Version: "index-schema-" + strconv.Itoa(index.SchemaVersion),
		Output:  IndexDir,
		Corpus: func(ctx context.Context, st *store.Store, dataDir string) error {
			var bar *progressbar.ProgressBar
			if progress != nil {
				n, _ := st.CountSpeeches(ctx)
				bar = newBar(progress, n, StageIndex)
				defer bar.Finish()
			}
			fp, err := st.StatesDigest(ctx)
			if err != nil {
				return err
			}
			stats, err := index.RebuildFingerprinted(ctx, filepath.Join(dataDir, IndexDir), fp, func(yield func(index.Doc) error) error {
				return IndexDocs(ctx, st, func(d index.Doc) error {
					if bar != nil {
						bar.Add(1)
					}
					return yield(d)
				})
			})
			if err == nil {
				slog.Debug("index built", "speeches", stats.Docs, "bytes", stats.Bytes, "took", stats.Duration)
			}
			return err
		},
	}
}

// IndexDocs yields every stored speech with its meeting's agenda, its
// stances, the sentences that carry them and the organisations it mentions.
func IndexDocs(ctx context.Context, st *store.Store, yield func(index.Doc) error) error {
	meetings, err := st.Meetings(ctx)
	if err != nil {
		return err
	}
	agenda := make(map[string]string, len(meetings))
	for _, m := range meetings {
		agenda[m.Symbol] = m.Agenda
	}
	stances := map[string][]unpv.Stance{}
	sentences := map[string][]unpv.Sentence{}
	if err := st.EachStance(ctx, func(r store.StanceRow) error {
		stances[r.SpeechID] = append(stances[r.SpeechID], r.Stance)
		ses := sentences[r.SpeechID]
		if len(ses) == 0 || ses[len(ses)-1].ID != r.SentenceID {
			n, _ := strconv.Atoi(r.SentenceID[strings.LastIndexByte(r.SentenceID, '.')+1:])
			sentences[r.SpeechID] = append(ses, unpv.Sentence{ID: r.SentenceID, SpeechID: r.SpeechID, N: n, Text: r.Sentence})
		}
		return nil
	}); err != nil {
		return err
	}
	mentions, err := st.SpeechTargets(ctx)
	if err != nil {
		return err
	}
	return st.EachSpeech(ctx, func(sp unpv.Speech) error {
		return yield(index.Doc{Speech: sp, Agenda: agenda[sp.Symbol], Stances: stances[sp.ID],
			Mentions: mentions[sp.ID], Sentences: sentences[sp.ID]})
	})
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
	fp, ferr := storeFingerprint(ctx, opt.DataDir)
	switch {
	case errors.Is(ferr, store.ErrNoStore) && ix != nil:
		log.Warn("no store beside the search index: serving it as it is", "index", dir)
		return ix, nil
	case ferr != nil:
		if ix != nil {
			ix.Close()
		}
		return nil, ferr
	case ix != nil && ix.Meta().Fingerprint == fp:
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
			log.Warn(why+"; not rebuilding while another run holds the data directory", "holder", holder)
			return ix, nil
		}
		return nil, fmt.Errorf("%s, and %s is in use by %s: search once it finishes: %w", why, opt.DataDir, holder, unpv.ErrLocked)
	}
	log.Info(why+"; building it from the store", "dir", dir)
	opt.Sources, opt.Stages, opt.Force, opt.ExistingStore = nil, []Stage{IndexStage(opt.Progress)}, []string{StageIndex}, true
	// Quarantined documents (a *PartialError) do not stop the build.
	var partial *PartialError
	if _, err := Run(ctx, opt); err != nil && !errors.As(err, &partial) {
		if errors.Is(err, unpv.ErrLocked) && ix != nil {
			log.Warn(why+"; not rebuilding while another run holds the data directory", "err", err)
			return ix, nil
		}
		if ix != nil {
			ix.Close()
		}
		return nil, fmt.Errorf("build search index: %w", err)
	}
	if ix != nil {
		ix.Close()
	}
	ix, err = index.Open(dir)
	if err == nil && ix.Meta().Speeches == 0 {
		log.Warn("the store has no speeches; run 'unpv run' or 'unpv import' first")
	}
	return ix, err
}

// storeFingerprint is the store's StatesDigest, what IndexStage records
// in the index it builds. The store must exist.
func storeFingerprint(ctx context.Context, dataDir string) (string, error) {
	st, err := store.OpenExisting(ctx, dataDir)
	if err != nil {
		return "", err
	}
	defer st.Close()
	return st.StatesDigest(ctx)
}
