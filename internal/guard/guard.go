// Package guard turns a panic into an error in the goroutine it happens
// in. Go's runtime ends the whole process with exit status 2 on a panic
// that nothing recovers, and a panic can only be recovered in its own
// goroutine: without this, a bug in a worker (or in a library it calls,
// Bleve or the PDF reader) would kill a server or a cron run with the
// status unpv documents for a usage error.
package guard

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a recovered panic with the stack of the goroutine that
// panicked.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap gives the panic's value when it is an error (a runtime error, an
// error passed to panic), so errors.Is and errors.As see it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Call runs fn and returns its error, or a *PanicError when fn panics.
func Call(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return fn()
}

// Func wraps fn for errgroup.Group.Go and the like: the wrapped function
// returns a panic in fn as a *PanicError.
func Func(fn func() error) func() error {
	return func() error { return Call(fn) }
}
