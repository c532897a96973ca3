package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/unpv/unpv"
)

// Reindexer brings the search index up to date with the store's hand
// labels while `unpv serve` runs: the labelling page calls Touch after
// every coding, and once no coding has come for the quiet period the index
// stage runs (under the data-directory lock, recorded in the run log, as
// `unpv index` would). The served index follows the new build by itself
// (index.Index checks for one twice a second). While another run holds
// the lock it tries again after the next quiet period.
type Reindexer struct {
	opt   Options
	quiet time.Duration
	ctx   context.Context
	mu    sync.Mutex
	timer *time.Timer
	runs  sync.WaitGroup
	built func(error) // tests: called after each attempt
}

// NewReindexer rebuilds the index of opt.DataDir quiet after the last
// Touch, until ctx ends.
func NewReindexer(ctx context.Context, opt Options, quiet time.Duration) *Reindexer {
	return &Reindexer{opt: opt, quiet: quiet, ctx: ctx}
}

// Touch says the store's hand labels changed.
func (r *Reindexer) Touch() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx.Err() != nil {
		return
	}
	if r.timer != nil && r.timer.Stop() {
		r.runs.Done() // the rebuild it would have started
	}
	r.runs.Add(1)
	r.timer = time.AfterFunc(r.quiet, func() {
		defer r.runs.Done()
		r.rebuild()
	})
}

// Wait waits for a rebuild under way (serve calls it before exiting).
func (r *Reindexer) Wait() {
	r.mu.Lock()
	if r.timer != nil && r.timer.Stop() {
		r.runs.Done() // it had not started
	}
	r.mu.Unlock()
	r.runs.Wait()
}

func (r *Reindexer) rebuild() {
	if r.ctx.Err() != nil {
		return
	}
	opt := r.opt
	opt.Sources, opt.Stages, opt.ExistingStore, opt.Progress = nil, []Stage{IndexStage(nil)}, true, nil
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	opt.Logger = log
	// The stage itself skips when nothing it reads changed.
	_, err := Run(r.ctx, opt)
	var partial *PartialError
	switch {
	case errors.Is(err, unpv.ErrLocked):
		log.Info("search index: another run holds the data directory; trying again later")
		r.Touch()
	case errors.As(err, &partial), err == nil:
		err = nil
	default:
		log.Error("search index: rebuild after codings failed", "err", err)
	}
	if r.built != nil {
		r.built(err)
	}
}
