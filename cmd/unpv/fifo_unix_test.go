//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestClassifyInPipe: --in reads a named pipe as it reads standard input,
// so that "--in <(zcat rows.jsonl.gz)" streams (a pipe was refused as not
// a regular file once devices were).
func TestClassifyInPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "rows")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(`{"sentence":"We commend the African Union for its peacekeeping in Somalia."}` + "\n")
	}()
	code, out, e := cli(t, nil, "classify", "--in", fifo)
	if code != 0 || !strings.Contains(out, `"target":"AU"`) {
		t.Errorf("classify --in FIFO: exit %d\n%s\n%s", code, out, e)
	}
}
