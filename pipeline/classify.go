package pipeline

import (
	"context"

	"github.com/unpv/unpv/internal/guard"
)

// Interruptible runs fn in a goroutine of its own and returns its result,
// or ctx's error as soon as ctx ends, without waiting for fn. The classifier
// checks no context within a speech or a sentence, and one very long
// sentence can take seconds; this is how the classify stage and `unpv
// classify --in` stop at once on SIGINT or SIGTERM. An abandoned fn runs on
// in the background until it returns (in the command, until the process
// exits a moment later).
func Interruptible[T any](ctx context.Context, fn func() T) (T, error) {
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.err = guard.Call(func() error {
			r.v = fn()
			return nil
		})
		done <- r
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
