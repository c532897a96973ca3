//go:build unix

package extract

import (
	"os"
	"syscall"
)

// killedFromOutside reports whether the engine died of a signal that comes
// from outside it (the user, a service manager, the OOM killer, a closed
// pipe) rather than a crash on the document (SIGSEGV, SIGABRT, SIGBUS…).
func killedFromOutside(ps *os.ProcessState) bool {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return false
	}
	switch ws.Signal() {
	case syscall.SIGKILL, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE:
		return true
	}
	return false
}
