//go:build unix

package pipeline

import "syscall"

// processAlive reports whether a process with this PID exists (signal 0
// checks without signalling).
func processAlive(pid int) bool { return syscall.Kill(pid, 0) == nil }
