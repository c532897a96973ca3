//go:build unix

package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unpv/unpv"
)

// fakeEngine puts a shell script named mutool first on PATH.
func fakeEngine(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, EngineMutool), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestEngineFailureClasses: issue 14's first item. An engine killed from
// outside (SIGKILL as by the OOM killer, SIGINT as by Ctrl-C reaching the
// process group before the context is cancelled, SIGTERM), timed out or out
// of memory is the environment's failure (ErrEngine: retried next run);
// an engine that rejects the file or crashes on it is the document's
// (unpv.ErrBadDocument: quarantined).
func TestEngineFailureClasses(t *testing.T) {
	pdf := filepath.Join(testdata, "S_PV.8422_p2.pdf")
	tests := []struct {
		name, script string
		timeout      time.Duration
		maxText      int64
		bad          bool
		reason       string
	}{
		{"SIGKILL", "kill -KILL $$", 0, 0, false, "signal: killed"},
		{"SIGINT", "kill -INT $$", 0, 0, false, "signal: interrupt"},
		{"SIGTERM", "kill -TERM $$", 0, 0, false, "signal: terminated"},
		{"timeout", "sleep 5", 100 * time.Millisecond, 0, false, "timed out after 100ms"},
		{"out of memory", "echo 'error: out of memory' >&2; exit 1", 0, 0, false, "ran out of memory"},
		{"rejects the file", "echo 'error: cannot find startxref' >&2; exit 1", 0, 0, true, "cannot find startxref"},
		{"crashes on it", "kill -SEGV $$", 0, 0, true, "segmentation fault"},
		{"text bomb", "yes 'The President: order' | head -c 3000000", 0, 1 << 20, true, "more than 1 MiB of text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakeEngine(t, tt.script)
			_, err := File(context.Background(), pdf, Options{Engine: EngineMutool, Timeout: tt.timeout, MaxFileSize: tt.maxText})
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, unpv.ErrBadDocument); got != tt.bad || errors.Is(err, ErrEngine) == tt.bad {
				t.Errorf("%v: bad document %v, want %v", err, got, tt.bad)
			}
			if !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), pdf) {
				t.Errorf("error %q does not name the file and %q", err, tt.reason)
			}
		})
	}
}
