//go:build !unix

package pipeline

import "os"

// processAlive reports whether a process with this PID exists: on Windows
// finding a process opens it, which fails when it is gone.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
