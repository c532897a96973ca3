// Command unpv mines UN meeting records for stances toward regional
// organisations as peace and security actors.
//
// Usage:
//
//	unpv [global flags] COMMAND [flags] [args]
//
// Exit codes:
//
//	0   success
//	1   failure; among them a store this user may not write (store.ErrReadOnly: a read-only
//	    mount, a file or directory of another user's) and a store another program held the
//	    write lock of past the busy timeout (store.ErrBusy: an sqlite3 shell's open
//	    transaction), each said with what to do
//	2   usage error (bad flags or arguments)
//	3   finished, but some documents or input lines were bad and were skipped or quarantined
//	4   another run holds the data directory lock
//	5   the UN's site refused the fetch's requests (HTTP 403 or a WAF challenge: corpora.RefusedAfter in a row and a check, or the meeting lists while planning): it stopped asking
//	130 interrupted (SIGINT/SIGTERM)
//
// A bug that panics exits 1 with its stack (package guard brings a panic in
// a worker goroutine back to the command as an error).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/unpv/unpv/internal/guard"
)

// startProfile writes a CPU profile of the command to path when path is
// set (UNPV_CPUPROFILE, for benchmarks: docs/benchmarks.md); the returned
// function ends it.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "unpv: UNPV_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// recovered runs fn and turns a panic in it into an error, so that a bug
// exits 1 with its stack on stderr, not 2, which Go's runtime uses for a
// panic and which this command means as a usage error: a cron wrapper
// must not read a crash as a bad command line. The goroutines the command
// starts recover their panics with package guard and return them as
// errors, which end here as this one's do.
func recovered(fn func() error) error {
	err := guard.Call(fn)
	if pe, ok := errors.AsType[*guard.PanicError](err); ok {
		return fmt.Errorf("internal error (a bug: please report it with this message): %v\n%s", err, pe.Stack)
	}
	return err
}

// Exit codes; see the package comment.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitPartial     = 3
	exitLocked      = 4
	exitBlocked     = 5
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("UNPV_CPUPROFILE"))
	err := recovered(func() error { return run(ctx, os.Args[1:]) })
	stopProfile()
	code := exitCode(ctx, err) // before stop, which cancels ctx
	stop()
	if err != nil && !errors.Is(err, errSilent) {
		if code == exitInterrupted {
			// The error is often a bare "context canceled".
			err = fmt.Errorf("interrupted: %w", err)
		}
		printError(os.Stderr, err, code)
	}
	os.Exit(code)
}
