//go:build unix

package limit

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenFIFO: a named pipe no one writes to is refused, not waited on.
// Opening one blocks until a writer comes, so `unpv import` of a folder
// holding a FIFO named .pdf hung for good before the file was checked.
func TestOpenFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "S_PV.1_E.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	opens := []struct {
		name string
		open func() (io.Closer, error)
	}{
		{"Open", func() (io.Closer, error) { f, _, err := Open(fifo, 1000); return f, err }},
		{"OpenFS", func() (io.Closer, error) {
			f, _, err := OpenFS(os.DirFS(dir), "S_PV.1_E.pdf", 1000)
			return f, err
		}},
		{"ReadFile", func() (io.Closer, error) {
			_, err := ReadFile(os.DirFS(dir), "S_PV.1_E.pdf", 1000)
			return nil, err
		}},
	}
	for _, o := range opens {
		t.Run(o.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				f, err := o.open()
				if err == nil && f != nil {
					f.Close()
				}
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				// Not a timing assertion: the open is blocked for good
				// until a writer comes. Be one, so the test ends.
				t.Errorf("%s waits for a writer to the FIFO", o.name)
				if w, werr := os.OpenFile(fifo, os.O_WRONLY, 0); werr == nil {
					w.Close()
				}
				err = <-done
			}
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("%s: %v; want %v (a named pipe)", o.name, err, ErrNotRegular)
			}
		})
	}
	// A regular file stays readable through the same path.
	os.Remove(fifo)
	os.WriteFile(fifo, []byte("%PDF-1.4"), 0o644)
	if b, err := ReadFile(os.DirFS(dir), "S_PV.1_E.pdf", 1000); err != nil || string(b) != "%PDF-1.4" {
		t.Errorf("regular file: %q, %v", b, err)
	}
}
