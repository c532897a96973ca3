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
	"syscall"
)

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
	err := run(ctx, os.Args[1:])
	code := exitCode(ctx, err) // before stop, which cancels ctx
	stop()
	if err != nil && !errors.Is(err, errSilent) {
		fmt.Fprintf(os.Stderr, "unpv: %v\n", err)
	}
	os.Exit(code)
}
