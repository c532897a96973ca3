//go:build unix

package report

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRemoveOtherPagesSkipsFIFO: a named pipe that shares a delegation
// page's name in the output directory is not a page unpv wrote. Reading
// its head to find out opened it, and opening a FIFO waits for a writer:
// `report --out DIR` hung there for good.
func TestRemoveOtherPagesSkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, DelegationFile("RUS"))
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- removeOtherPages(dir, nil) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		// Unblock the waiting open so that the goroutine ends.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("removeOtherPages waited on a FIFO named like a delegation page")
	}
	if _, err := os.Lstat(fifo); err != nil {
		t.Errorf("the FIFO, not unpv's page, was removed: %v", err)
	}
}
