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
			stats, err := index.Rebuild(ctx, filepath.Join(dataDir, IndexDir), func(yield func(index.Doc) error) error {
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

// OpenIndex opens the data directory's search index, building it from the
// store first when it is missing or unusable (an index is derived data).
// The build is the index stage, run like any run: under the data-directory
// lock (an error wrapping unpv.ErrLocked while another run holds it) and
// recorded in the run log. opt.DataDir, Command, Progress and Logger are
// used.
func OpenIndex(ctx context.Context, opt Options) (*index.Index, error) {
	dir := filepath.Join(opt.DataDir, IndexDir)
	ix, err := index.Open(dir)
	if err == nil || (!errors.Is(err, index.ErrNoIndex) && !errors.Is(err, index.ErrCorrupt)) {
		return ix, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	if errors.Is(err, index.ErrCorrupt) {
		log.Warn("search index unusable; rebuilding from the store", "err", err)
	} else {
		log.Info("no search index yet; building it from the store", "dir", dir)
	}
	opt.Sources, opt.Stages, opt.Force = nil, []Stage{IndexStage(opt.Progress)}, []string{StageIndex}
	// Quarantined documents (a *PartialError) do not stop the build.
	var partial *PartialError
	if _, err := Run(ctx, opt); err != nil && !errors.As(err, &partial) {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	ix, err = index.Open(dir)
	if err == nil && ix.Meta().Docs == 0 {
		log.Warn("the store has no speeches; run 'unpv run' or 'unpv import' first")
	}
	return ix, err
}
