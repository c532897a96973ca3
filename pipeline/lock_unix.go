//go:build unix

package pipeline

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this PID exists (signal 0
// checks without signalling). EPERM says it exists but belongs to another
// user: the cron job's run, as a colleague's `unpv status` sees it.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
