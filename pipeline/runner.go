package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/store"
)

// Options configures a run.
type Options struct {
	DataDir string
	// Sources run first, in order (import the bundled corpus, fetch…).
	Sources []Source
	// Stages run in order: per-document stages first, then corpus stages.
	Stages []Stage
	// Force lists stage names to redo for every document regardless of state.
	Force []string
	// Command is recorded in the run log and the lock file.
	Command string
	// Workers bounds concurrent per-document work; 0 means GOMAXPROCS.
	Workers int
	// Progress, when non-nil, receives progress bars (pass stderr only when
	// it is a terminal).
	Progress io.Writer
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// ExistingStore makes a run over a data directory without a store an
	// error wrapping ErrNoStore, with nothing created: the stage-alone
	// commands (index, extract --store, classify --store) have nothing to
	// work on in a mistyped directory.
	ExistingStore bool
	// KeepRuns, when above 0, prunes the run log at the end of the run to
	// its last KeepRuns runs and those unpv still reads
	// (store.PruneRuns): `unpv run` passes --keep-runs
	// (store.DefaultKeepRuns), so that a nightly cron job's log does not
	// grow forever. 0 keeps every run (the other commands' runs are
	// pruned by the next `unpv run`).
	KeepRuns int
}

// Summary is what a run did.
type Summary struct {
	RunID       int64                   `json:"run_id"`
	Stages      []store.RunStage        `json:"stages"`
	Quarantined []store.QuarantineEntry `json:"quarantined"`
	// Skipped lists the inputs this run's imports skipped as bad (the
	// stages' failed counts), each with its reason.
	Skipped  []SkippedInput `json:"skipped"`
	Duration time.Duration  `json:"-"`
}

// PartialError reports a run that finished with quarantined documents. It
// wraps unpv.ErrBadDocument (CLI exit code 3).
type PartialError struct {
	Quarantined int
	Documents   int
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d of %d documents are quarantined (see 'unpv status')", e.Quarantined, e.Documents)
}

func (e *PartialError) Unwrap() error { return unpv.ErrBadDocument }

// Run takes the data directory lock and runs the sources and stages. It
// returns a *PartialError (wrapping unpv.ErrBadDocument) when documents are
// quarantined, an error wrapping unpv.ErrLocked when another run holds the
// data directory, one wrapping store.ErrDamaged when the store fails its
// check (store.Check, quick form, before anything is written).
func Run(ctx context.Context, opt Options) (*Summary, error) {
	open := store.Open
	if opt.ExistingStore {
		if !store.Exists(opt.DataDir) {
			return nil, fmt.Errorf("%w at %s (run 'unpv run' or 'unpv import' first, or set --data)", ErrNoStore, store.Path(opt.DataDir))
		}
		open = store.OpenExisting
	}
	lock, err := AcquireLock(opt.DataDir, opt.Command)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	st, err := openChecked(ctx, opt.DataDir, open, false)
	if err != nil {
		return nil, err
	}
	removeDebris(opt.DataDir)
	if err := moveRecordContent(ctx, st, opt.DataDir, opt.Logger); err != nil {
		st.Close()
		return nil, err
	}
	if err := splitSessions(ctx, st, opt.DataDir, opt.Logger); err != nil {
		st.Close()
		return nil, err
	}
	if err := compact(ctx, st, opt.Logger); err != nil {
		st.Close()
		return nil, err
	}
	sum, err := RunLocked(ctx, st, opt)
	if cerr := st.Close(); cerr == nil && !errors.Is(err, store.ErrDamaged) {
		// Checked at the start and written through SQLite since: readers
		// need not check this state again.
		store.Stamp(opt.DataDir)
	}
	return sum, err
}

// openChecked opens the store with open (store.Open or OpenExisting) and
// runs its quick check; with trustStamp (readers) the check is skipped
// when the file is as a passed check or a run last left it (store.Stamped).
func openChecked(ctx context.Context, dataDir string, open func(context.Context, string) (*store.Store, error), trustStamp bool) (*store.Store, error) {
	stamped := trustStamp && store.Stamped(dataDir) // before opening touches the log
	st, err := open(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	if stamped {
		return st, nil
	}
	if err := st.Check(ctx, false); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// removeDebris deletes what killed runs leave in the data directory: report
// sets being written or swapped, raw files being stored, index generations
// being built, files being replaced (outfile.WriteFile: the fetch
// selection, the store's check stamp, a retrained model). The caller holds the lock, so
// none of them is live.
func removeDebris(dataDir string) {
	var debris []string
	// ".fetch-*.json": selections older unpv versions were writing.
	for _, pat := range []string{".reports-*", ReportDir + ".old", ".fetch-*.json", outfile.TempPrefix + "*"} {
		m, _ := filepath.Glob(filepath.Join(dataDir, pat))
		debris = append(debris, m...)
	}
	for _, d := range debris {
		os.RemoveAll(d)
	}
	corpora.NewRawStore(dataDir).CleanTemp()
	index.RemoveStale(filepath.Join(dataDir, IndexDir))
}

// moveRecordContent moves the JSON of records imported before store schema
// version 3 out of the store into the raw store, gzipped, as imports now
// keep it (ImportMeetings), and then vacuums the store once: the texts are
// then held once, as speeches. A record whose recorded hash is not its
// content's keeps its content in the store (it still extracts).
func moveRecordContent(ctx context.Context, st *store.Store, dataDir string, log *slog.Logger) error {
	docs, err := st.SourcesWithContent(ctx)
	if err != nil || len(docs) == 0 {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	raw := corpora.NewRawStore(dataDir)
	moved := 0
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := st.Source(ctx, d)
		if err != nil {
			return err
		}
		if sum := sha256.Sum256(src.Content); hex.EncodeToString(sum[:]) != src.SHA256 {
			continue
		}
		_, path, err := raw.PutGzip(src.Content, "json")
		if err != nil {
			return err
		}
		if err := st.MoveContent(ctx, d, path); err != nil {
			return err
		}
		moved++
	}
	if moved == 0 {
		return nil
	}
	log.Info("imported records moved from the store to DATA/raw (store schema 3); compacting the store", "records", moved)
	return st.Vacuum(ctx)
}

// compact vacuums the store when much of it is free pages
// (store.CompactIfSparse): a compaction after a migration or after
// moveRecordContent that a killed run did not finish is done by the next.
//
// Compaction is maintenance: when it fails (VACUUM needs about the store's
// size again in free disk space) the run goes on with a warning, since the
// stages can still use the free pages; only an interruption stops it.
func compact(ctx context.Context, st *store.Store, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	done, err := compactIfSparse(st, ctx)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		log.Warn("store not compacted; the run goes on", "err", err)
	case done:
		log.Info("store compacted: a quarter or more of it was free pages (a compaction not finished, or much removed)")
	}
	return nil
}

// compactIfSparse is store.Store.CompactIfSparse; a test replaces it.
var compactIfSparse = (*store.Store).CompactIfSparse

// RunLocked is Run for a caller that already holds the lock and the store.
func RunLocked(ctx context.Context, st *store.Store, opt Options) (*Summary, error) {
	r := &runner{st: st, opt: opt, log: opt.Logger}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.opt.Workers <= 0 {
		r.opt.Workers = runtime.GOMAXPROCS(0)
	}
	start := time.Now()
	id, err := st.StartRun(ctx, opt.Command, os.Getpid())
	if err != nil {
		return nil, err
	}
	r.id = id
	sum := &Summary{RunID: id, Skipped: []SkippedInput{}}
	runErr := r.run(ctx, sum)
	sum.Duration = time.Since(start)
	// The run log is written even when the run was interrupted.
	fctx := context.WithoutCancel(ctx)
	status := store.RunOK
	if q, err := st.Quarantined(fctx); err == nil {
		sum.Quarantined = q
	}
	errText := ""
	switch {
	case runErr != nil && ctx.Err() != nil:
		status, errText = store.RunInterrupted, runErr.Error()
	case errors.Is(runErr, unpv.ErrBadDocument):
		// Some inputs were bad and skipped, the rest processed: the run
		// log says what the exit code (3) says.
		status, errText = store.RunPartial, runErr.Error()
	case runErr != nil:
		status, errText = store.RunFailed, runErr.Error()
	case len(sum.Quarantined) > 0:
		status = store.RunPartial
	}
	if err := st.FinishRun(fctx, id, status, errText, sum.Stages); err != nil {
		// A full disk fails the run and then this too: the run log keeps
		// the run as running, and status shows it as killed. Say so here,
		// where whoever reads the log looks.
		r.log.Error("run log not updated: unpv status will show this run as killed", "run", id, "status", status, "err", err)
		if runErr == nil {
			runErr = err
		}
	}
	r.log.Info("run finished", "run", id, "status", status, "duration", sum.Duration.Round(time.Millisecond))
	if opt.KeepRuns > 0 {
		r.pruneRuns(fctx)
	}
	if runErr != nil {
		return sum, runErr
	}
	if len(sum.Quarantined) > 0 {
		srcs, _ := st.Sources(fctx)
		return sum, &PartialError{Quarantined: len(sum.Quarantined), Documents: len(srcs)}
	}
	return sum, nil
}

// pruneRuns prunes the run log to the run's KeepRuns (store.PruneRuns).
// It is maintenance: a failure (a full disk) is a warning, and the next
// run prunes what this one left.
func (r *runner) pruneRuns(ctx context.Context) {
	t0 := time.Now()
	n, err := r.st.PruneRuns(ctx, r.opt.KeepRuns)
	switch {
	case err != nil:
		r.log.Warn("run log not pruned; the next run tries again", "err", err)
	case n > 0:
		r.log.Info("run log pruned", "runs_deleted", n, "keep", r.opt.KeepRuns, "duration", time.Since(t0).Round(time.Microsecond))
	}
}

// failedInputs is how many of a source's inputs failed, for the run
// log's tallies (not only the error text: a fetch whose every download
// failed read "0/0/0" like one with nothing to do).
func failedInputs(err error) int {
	err = beforeFailure(err)
	var fd *FailedDownloads
	var bi *BadInputs
	switch {
	case errors.As(err, &fd):
		return fd.Failed
	case errors.As(err, &bi):
		return bi.Bad // an import's inputs skipped as bad
	}
	return 0
}

// beforeFailure is the inputs' failures of a source that stopped after
// some had failed, else err.
func beforeFailure(err error) error {
	var fb *FailedBefore
	if errors.As(err, &fb) {
		return fb.Before
	}
	return err
}

// skippedInputs lists the inputs an import skipped as bad, named with its stage.
func skippedInputs(stage string, err error) []SkippedInput {
	var bi *BadInputs
	if !errors.As(beforeFailure(err), &bi) {
		return nil
	}
	out := make([]SkippedInput, len(bi.Inputs))
	for i, in := range bi.Inputs {
		in.Stage = stage
		out[i] = in
	}
	return out
}

type runner struct {
	id     int64 // in the run log
	st     *store.Store
	opt    Options
	log    *slog.Logger
	failed []error // documents that failed for reasons other than their content
}

func (r *runner) run(ctx context.Context, sum *Summary) error {
	for _, src := range r.opt.Sources {
		t0 := time.Now()
		changed, unchanged, err := src.Run(ctx, r.st, r.opt.DataDir)
		rs := store.RunStage{Stage: src.Name, Processed: changed, Skipped: unchanged, Duration: time.Since(t0),
			Failed: failedInputs(err), Inputs: skippedInputs(src.Name, err)}
		sum.Stages = append(sum.Stages, rs)
		sum.Skipped = append(sum.Skipped, rs.Inputs...)
		r.log.Info("stage done", "stage", src.Name, "changed", changed, "unchanged", unchanged, "failed", rs.Failed,
			"duration", rs.Duration.Round(time.Millisecond))
		r.record(ctx, rs)
		if err != nil && retryLater(err) && ctx.Err() == nil {
			// Some inputs failed (downloads, unreadable meetings); process the rest.
			r.failed = append(r.failed, fmt.Errorf("%s: %w", src.Name, err))
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", src.Name, err)
		}
	}
	for _, stage := range r.opt.Stages {
		t0 := time.Now()
		var rs store.RunStage
		var err error
		if stage.Document != nil {
			rs, err = r.documentStage(ctx, stage, stage.Upstream)
		} else {
			rs, err = r.corpusStage(ctx, stage)
		}
		rs.Stage, rs.Duration = stage.Name, time.Since(t0)
		sum.Stages = append(sum.Stages, rs)
		r.log.Info("stage done", "stage", stage.Name, "version", stage.Version, "processed", rs.Processed,
			"skipped", rs.Skipped, "quarantined", rs.Quarantined, "duration", rs.Duration.Round(time.Millisecond))
		r.record(ctx, rs)
		if err != nil {
			return fmt.Errorf("%s: %w", stage.Name, err)
		}
	}
	if len(r.failed) == 1 {
		return r.failed[0]
	}
	if len(r.failed) > 1 {
		// A failure that is not the inputs' fault (a download) decides
		// the exit code, 1 rather than 3: it is the one wrapped.
		first := r.failed[0]
		if i := slices.IndexFunc(r.failed, func(err error) bool { return !errors.Is(err, unpv.ErrBadDocument) }); i >= 0 {
			first = r.failed[i]
		}
		return fmt.Errorf("%d inputs failed and will be retried next run; among them: %w", len(r.failed), first)
	}
	return nil
}

// record writes a finished stage's tallies to the run log at once, so that
// status shows them while the run goes on and after it is killed (they
// were written only at its end). A failure to write costs only that: the
// run's end writes them again.
func (r *runner) record(ctx context.Context, rs store.RunStage) {
	if err := r.st.RecordRunStage(context.WithoutCancel(ctx), r.id, rs); err != nil {
		r.log.Warn("run log", "err", err)
	}
}

// job is one document a per-document stage must (re)do.
type job struct {
	doc       string
	inputHash string
	prev      store.StageState // the stage's previous state, if any
	hadState  bool
}

type result struct {
	job
	out Output
	err error
}

func (r *runner) forced(stage string) bool { return slices.Contains(r.opt.Force, stage) }

// documentStage runs a per-document stage over every document whose input
// or the stage's version changed. Work is computed concurrently; results are
// written by this goroutine alone, in document order, so that the store ends
// up the same however the work was scheduled.
func (r *runner) documentStage(ctx context.Context, stage Stage, upstream string) (store.RunStage, error) {
	var rs store.RunStage
	states, err := r.st.StageStates(ctx, stage.Name)
	if err != nil {
		return rs, err
	}
	inputs := map[string]string{} // document → input hash
	srcs, err := r.st.Sources(ctx)
	if err != nil {
		return rs, err
	}
	if upstream == "" {
		for _, s := range srcs {
			inputs[s.Document] = s.SHA256
		}
	} else {
		up, err := r.st.StageStates(ctx, upstream)
		if err != nil {
			return rs, err
		}
		for doc, u := range up {
			if u.Status == store.StatusDone {
				inputs[doc] = u.OutputHash
			}
		}
	}
	var jobs []job
	for _, s := range srcs {
		in, ok := inputs[s.Document]
		if !ok {
			continue // upstream quarantined or not done
		}
		old, had := states[s.Document]
		if had && old.InputHash == in && old.Version == stage.Version && !r.forced(stage.Name) {
			rs.Skipped++
			continue
		}
		jobs = append(jobs, job{doc: s.Document, inputHash: in, prev: old, hadState: had})
	}
	if len(jobs) == 0 {
		return rs, nil
	}
	r.log.Debug("stage start", "stage", stage.Name, "documents", len(jobs), "unchanged", rs.Skipped)
	bar := r.bar(len(jobs), stage.Name)

	g, gctx := errgroup.WithContext(ctx)
	queue := make(chan chan result, 4*r.opt.Workers)
	work, wctx := errgroup.WithContext(gctx)
	work.SetLimit(r.opt.Workers)
	g.Go(guard.Func(func() error {
		defer close(queue)
		for _, j := range jobs {
			ch := make(chan result, 1)
			select {
			case queue <- ch:
			case <-gctx.Done():
				work.Wait() // no worker outlives the stage
				return gctx.Err()
			}
			work.Go(func() error {
				ch <- r.compute(wctx, stage, upstream, j)
				return nil
			})
		}
		return work.Wait()
	}))
	g.Go(guard.Func(func() error {
		for ch := range queue {
			var res result
			select {
			case res = <-ch:
			case <-gctx.Done():
				return gctx.Err()
			}
			if err := r.write(gctx, stage, res, &rs); err != nil {
				return err
			}
			if bar != nil {
				bar.Add(1)
			}
		}
		return nil
	}))
	err = g.Wait()
	if bar != nil {
		bar.Finish()
	}
	return rs, err
}

func (r *runner) bar(n int, desc string) *progressbar.ProgressBar {
	if r.opt.Progress == nil {
		return nil
	}
	return newBar(r.opt.Progress, n, desc)
}

func newBar(w io.Writer, n int, desc string) *progressbar.ProgressBar {
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond))
}

// compute loads one document's input and runs the stage on it. A panic in
// stage code is a bad document, not a crashed run.
func (r *runner) compute(ctx context.Context, stage Stage, upstream string, j job) (res result) {
	res.job = j
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("stage panicked", "stage", stage.Name, "document", j.doc, "panic", p, "stack", string(debug.Stack()))
			res.err = fmt.Errorf("%w: %s panicked: %v", unpv.ErrBadDocument, stage.Name, p)
		}
	}()
	if err := ctx.Err(); err != nil {
		res.err = err
		return res
	}
	var in Input
	var err error
	if upstream == "" {
		in, err = sourceInput(ctx, r.st, r.opt.DataDir, j.doc)
	} else {
		in.Source.Document = j.doc
		in.Speeches, err = r.st.DocumentSpeeches(ctx, j.doc)
		if err == nil {
			in.Sentences, err = r.st.DocumentSentences(ctx, j.doc)
		}
	}
	if err != nil {
		res.err = err
		return res
	}
	res.out, res.err = stage.Document(ctx, in)
	if pe, ok := errors.AsType[*guard.PanicError](res.err); ok {
		// A panic in a goroutine of the stage's own (the classifier runs
		// in one, pipeline.Interruptible) is a bad document too.
		r.log.Error("stage panicked", "stage", stage.Name, "document", j.doc, "panic", pe.Value, "stack", string(pe.Stack))
		res.err = fmt.Errorf("%w: %s panicked: %v", unpv.ErrBadDocument, stage.Name, pe.Value)
	}
	return res
}

// sourceInput is a source with its raw file's path and, for an imported
// record, its JSON (Source.Content), read from the raw store where imports
// keep it (ImportMeetings). Unreadable is not the document's fault (a file
// removed under DATA/raw): the error does not wrap unpv.ErrBadDocument.
func sourceInput(ctx context.Context, st *store.Store, dataDir, doc string) (Input, error) {
	var in Input
	var err error
	in.Source, err = st.Source(ctx, doc)
	if err != nil {
		return in, err
	}
	if in.Source.RawPath != "" {
		in.RawPath = filepath.Join(dataDir, filepath.FromSlash(in.Source.RawPath))
	}
	if in.Source.Kind == store.KindRecord && in.Source.Content == nil {
		in.Source.Content, err = corpora.ReadGzip(in.RawPath, in.Source.SHA256, limit.FileSize)
	}
	return in, err
}

// write stores one document's result in one transaction, or quarantines it.
func (r *runner) write(ctx context.Context, stage Stage, res result, rs *store.RunStage) error {
	state := store.StageState{Document: res.doc, Stage: stage.Name, InputHash: res.inputHash, Version: stage.Version}
	if res.err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !errors.Is(res.err, unpv.ErrBadDocument) {
			// Not the document's fault (a missing PDF engine, a full disk):
			// record nothing, so the next run retries it, and go on.
			r.log.Error("document failed", "stage", stage.Name, "document", res.doc, "err", res.err.Error())
			r.failed = append(r.failed, fmt.Errorf("%s %s: %w", stage.Name, res.doc, res.err))
			return nil
		}
		return r.quarantine(ctx, state, res.err, rs)
	}
	hash, err := outputHash(res.out)
	if err != nil {
		return fmt.Errorf("%s: %w", res.doc, err)
	}
	state.OutputHash = hash
	if res.hadState && res.prev.Status == store.StatusDone && res.prev.OutputHash == hash {
		// Same output (e.g. a version bump that changed nothing here): keep
		// the rows, and downstream stages see an unchanged input.
		state.Status = store.StatusDone
		rs.Processed++
		if ex := res.out.Extraction; ex != nil {
			// The document's meeting values become its own where the
			// schema 7 migration credited it with a merged row.
			return r.st.KeepExtraction(ctx, res.doc, ex.Meeting, state)
		}
		return r.st.SetStageState(ctx, state)
	}
	switch {
	case res.out.Extraction != nil:
		err = r.st.ReplaceExtraction(ctx, res.doc, res.out.Extraction, state)
	default:
		err = r.st.ReplaceClassification(ctx, res.doc, res.out.Mentions, res.out.Stances, state)
	}
	if errors.Is(err, store.ErrConflict) {
		// The clash depends on another document, not on this one's content:
		// record no input hash so that every run retries it, and it leaves
		// quarantine once the other source is gone.
		state.InputHash = ""
	}
	if errors.Is(err, unpv.ErrBadDocument) {
		return r.quarantine(ctx, state, err, rs)
	}
	if err != nil {
		return err
	}
	rs.Processed++
	if res.hadState {
		rs.Deleted++
	}
	crashPoint(fmt.Sprintf("%s:%d", stage.Name, rs.Processed))
	return nil
}

func (r *runner) quarantine(ctx context.Context, state store.StageState, reason error, rs *store.RunStage) error {
	r.log.Warn("document quarantined", "stage", state.Stage, "document", state.Document, "reason", reason.Error())
	rs.Quarantined++
	return r.st.Quarantine(ctx, state, reason.Error())
}

// outputHash is the hash of a stage's output in a canonical form: the next
// stage's input hash.
func outputHash(out Output) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	var err error
	if out.Extraction != nil {
		err = enc.Encode(out.Extraction)
	} else {
		err = enc.Encode(struct {
			M []unpv.Mention
			S []unpv.Stance
		}{out.Mentions, out.Stances})
	}
	return hex.EncodeToString(h.Sum(nil)), err
}

// forcedKey marks the context of a corpus stage the run was told to redo
// (Options.Force): the index stage then rebuilds instead of updating.
type forcedKey struct{}

// forcedRun reports whether ctx is that of a forced corpus stage.
func forcedRun(ctx context.Context) bool { return ctx.Value(forcedKey{}) != nil }

// corpusStage reruns a corpus stage when what it reads changed: the outputs
// of every per-document stage and the stage's own version.
func (r *runner) corpusStage(ctx context.Context, stage Stage) (store.RunStage, error) {
	var rs store.RunStage
	in, err := r.st.StatesDigest(ctx)
	if err != nil {
		return rs, err
	}
	states, err := r.st.StageStates(ctx, stage.Name)
	if err != nil {
		return rs, err
	}
	old, had := states[store.CorpusDocument]
	present := true
	if stage.Output != "" {
		if _, err := os.Stat(filepath.Join(r.opt.DataDir, stage.Output)); err != nil {
			present = false
		}
	}
	if had && present && old.InputHash == in && old.Version == stage.Version && !r.forced(stage.Name) {
		rs.Skipped = 1
		return rs, nil
	}
	cctx := ctx
	if r.forced(stage.Name) {
		cctx = context.WithValue(ctx, forcedKey{}, true)
	}
	if err := stage.Corpus(cctx, r.st, r.opt.DataDir); err != nil {
		return rs, err
	}
	crashPoint(stage.Name + ":done")
	rs.Processed = 1
	return rs, r.st.SetStageState(ctx, store.StageState{Document: store.CorpusDocument, Stage: stage.Name,
		InputHash: in, Version: stage.Version, Status: store.StatusDone})
}
