package pipeline

import "os"

// killAt names a point at which the process kills itself. It is set only
// through UNPV_TEST_KILL_AT by the crash-recovery test, which needs crashes
// at exact points (after the n-th document of a stage commits, after an
// index build, between the renames of a report swap) on top of crashes at
// random times.
var killAt = os.Getenv("UNPV_TEST_KILL_AT")

// crashPoint kills the process when point is the configured kill point:
// SIGKILL on Unix, TerminateProcess on Windows, so nothing runs after it.
func crashPoint(point string) {
	if killAt != "" && point == killAt {
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Kill()
		}
		select {} // the kill is asynchronous; never continue past the point
	}
}
