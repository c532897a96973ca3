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
//	1   failure
//	2   usage error (bad flags or arguments)
//	3   finished, but some documents or input lines were bad and were skipped or quarantined
//	4   another run holds the data directory lock
//	130 interrupted (SIGINT/SIGTERM)
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
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

// Exit codes; see the package comment.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitPartial     = 3
	exitLocked      = 4
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startProfile(os.Getenv("UNPV_CPUPROFILE"))
	err := run(ctx, os.Args[1:])
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
