//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestImportFIFO is the walkthrough's hang: `unpv import` of a folder
// holding a named pipe among its files (a statement's name, a .pdf) waited
// for a writer to the pipe for good, and SIGTERM could not stop it. Now the
// pipe is skipped as a bad input (exit 3) and the rest imported, for both
// the statements' and the PDFs' importers.
func TestImportFIFO(t *testing.T) {
	pdf, err := os.ReadFile("../../corpora/testdata/pdf/S_PV.3756_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	statement, err := os.ReadFile("../../corpora/testdata/ungdc/KAZ_73_2018.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, good, fifo string
		content          []byte
		want             string // the good file's document key
	}{
		{"PDFs", "S_PV.3756_E.pdf", "S_PV.3757_E.pdf", pdf, "pdf:S/PV.3756"},
		{"statements", "KAZ_73_2018.txt", "MDA_73_2018.txt", statement, "ungdc:A/73/PV (general debate) KAZ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tc.good), tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			fifo := filepath.Join(dir, tc.fifo)
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			blocked := writerLater(fifo)
			data := t.TempDir()
			code, _, e := cli(t, nil, "--data", data, "import", dir)
			if blocked() {
				t.Errorf("import waited for a writer to %s", tc.fifo)
			}
			if code != exitPartial || !strings.Contains(e, tc.fifo+": not a regular file (a named pipe)") {
				t.Errorf("import: exit %d, want %d naming the pipe\n%s", code, exitPartial, e)
			}
			code, out, e := cli(t, nil, "--data", data, "import", "--list")
			if code != 0 || !strings.Contains(out, tc.want) {
				t.Errorf("import --list: exit %d, want %s listed\n%s%s", code, tc.want, out, e)
			}
		})
	}
}

// TestImportFIFOPath: a named pipe given as the file to import (not in a
// folder) hung as TestImportFIFO's did: the one-file import's file system
// had no Stat, so limit.OpenFS's check before opening opened it to stat it.
func TestImportFIFOPath(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "S_PV.3757_E.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	blocked := writerLater(fifo)
	code, _, e := cli(t, nil, "--data", t.TempDir(), "import", fifo)
	if blocked() {
		t.Errorf("import waited for a writer to %s", fifo)
	}
	if code != exitPartial || !strings.Contains(e, "S_PV.3757_E.pdf: not a regular file (a named pipe)") {
		t.Errorf("import: exit %d, want %d naming the pipe\n%s", code, exitPartial, e)
	}
}

// writerLater opens fifo for writing if blocked is not called within 20
// seconds: an import stuck in open(2) waiting for a writer then fails its
// test instead of hanging it. blocked reports whether it had to.
func writerLater(fifo string) (blocked func() bool) {
	done, was := make(chan struct{}), make(chan bool, 1)
	go func() {
		select {
		case <-done:
			was <- false
		case <-time.After(20 * time.Second):
			if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
			was <- true
		}
	}()
	return func() bool {
		close(done)
		return <-was
	}
}
