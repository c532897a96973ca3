package pipeline

import (
	"os"
	"syscall"
)

// killAt names a point at which the process kills itself with SIGKILL. It
// is set only through UNPV_TEST_KILL_AT by the crash-recovery test, which
// needs crashes at exact points (after the n-th document of a stage
// commits, after an index build, between the renames of a report swap) on
// top of crashes at random times.
var killAt = os.Getenv("UNPV_TEST_KILL_AT")

// crashPoint kills the process when point is the configured kill point.
func crashPoint(point string) {
	if killAt != "" && point == killAt {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL is asynchronous; never continue past the point
	}
}
