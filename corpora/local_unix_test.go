//go:build unix

package corpora

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/unpv/unpv"
)

// TestLocalPDFsNotRegular: a .pdf that is a named pipe or a link to a
// device is yielded as a bad document, and the walk goes on to the next
// file. LocalPDFs opened each with os.Open and hashed it whole: the pipe's
// open waited for a writer for good, and the link to /dev/zero was hashed
// without end.
func TestLocalPDFsNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "S_PV.3_E.pdf"), []byte("%PDF-1.4 x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "S_PV.1_E.pdf"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "S_PV.2_E.pdf")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	type result struct {
		bad  []string
		good []string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		for lp, err := range LocalPDFs(dir) {
			switch {
			case errors.Is(err, unpv.ErrBadDocument):
				r.bad = append(r.bad, filepath.Base(lp.Path))
			case err != nil:
				r.err = err
			default:
				r.good = append(r.good, lp.Symbol)
			}
		}
		done <- r
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		if len(r.bad) != 2 || r.bad[0] != "S_PV.1_E.pdf" || r.bad[1] != "S_PV.2_E.pdf" {
			t.Errorf("bad documents %q, want the pipe and the link to /dev/zero", r.bad)
		}
		if len(r.good) != 1 || r.good[0] != "S/PV.3" {
			t.Errorf("PDFs %q, want S/PV.3", r.good)
		}
	case <-time.After(20 * time.Second):
		// Unblock the pipe's open so that the walk can end.
		if w, err := os.OpenFile(filepath.Join(dir, "S_PV.1_E.pdf"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatal("LocalPDFs still reading after 20 s: it waited on the pipe or read /dev/zero")
	}
}
