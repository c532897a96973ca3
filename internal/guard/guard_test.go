package guard

import (
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"
)

func TestCall(t *testing.T) {
	var nilMap map[string]int
	tests := []struct {
		name      string
		fn        func() error
		wantPanic string // "" for no panic
		wantIs    error
	}{
		{"returns nil", func() error { return nil }, "", nil},
		{"returns an error", func() error { return io.EOF }, "", io.EOF},
		{"panics with a string", func() error { panic("boom") }, "panic: boom", nil},
		{"panics with an error", func() error { panic(io.ErrUnexpectedEOF) }, "panic: unexpected EOF", io.ErrUnexpectedEOF},
		{"runtime error", func() error { nilMap["x"] = 1; return nil }, "panic: assignment to entry in nil map", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Call(tt.fn)
			var pe *PanicError
			if got := errors.As(err, &pe); got != (tt.wantPanic != "") {
				t.Fatalf("Call() = %v, panic error %v, want %v", err, got, tt.wantPanic != "")
			}
			if pe != nil {
				if pe.Error() != tt.wantPanic {
					t.Errorf("Error() = %q, want %q", pe.Error(), tt.wantPanic)
				}
				if !strings.Contains(string(pe.Stack), "guard_test.go") {
					t.Errorf("the stack does not show where it panicked:\n%s", pe.Stack)
				}
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Call() = %v, want an error that is %v", err, tt.wantIs)
			}
			if tt.wantIs == nil && tt.wantPanic == "" && err != nil {
				t.Errorf("Call() = %v, want nil", err)
			}
		})
	}
}

// A panic in an errgroup worker reaches Wait as an error instead of ending
// the process (the test binary would die with it).
func TestFuncInErrgroup(t *testing.T) {
	var g errgroup.Group
	g.Go(Func(func() error { return nil }))
	g.Go(Func(func() error { panic("worker bug") }))
	err := g.Wait()
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "worker bug" {
		t.Fatalf("Wait() = %v, want the worker's panic", err)
	}
}
