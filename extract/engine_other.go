//go:build !unix

package extract

import "os"

// killedFromOutside: Windows reports a terminated process only by its exit
// code, which a crash and TerminateProcess share; timeouts and cancellation
// are still told apart by their contexts.
func killedFromOutside(*os.ProcessState) bool { return false }
