//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeMutool writes a shell script named mutool and returns the PATH
// entry that puts it before the real one.
func fakeMutool(t *testing.T, script string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mutool"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return "PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// TestEngineKilledRetried is issue 14's first reproduction: a mutool
// killed by a signal (the OOM killer, Ctrl-C reaching the process group)
// used to quarantine a good PDF for ever. Now nothing is recorded, the run
// exits 1 (130 when it was itself interrupted), and the next run extracts
// the document.
func TestEngineKilledRetried(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	if _, err := exec.LookPath("mutool"); err != nil {
		t.Skip("mutool not installed")
	}
	pdfDir := recordPDFDir(t)
	for _, tt := range []struct {
		name, script string
		code         int
	}{
		// SIGKILL, as the OOM killer sends.
		{"killed", "kill -KILL $$", exitFailure},
		// Ctrl-C: the signal reaches unpv and the engine in its process group.
		{"interrupted", "kill -INT $PPID $$", exitInterrupted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			if code, _, e := cli(t, nil, "--data", data, "import", pdfDir); code != 0 {
				t.Fatalf("import: exit %d %s", code, e)
			}
			code, out, e := cli(t, []string{fakeMutool(t, tt.script)}, "--data", data, "run", "--no-bundled", "--engine", "mutool")
			if code != tt.code {
				t.Fatalf("run with a %s engine: exit %d, want %d\n%s\n%s", tt.name, code, tt.code, out, e)
			}
			if interrupted := strings.Contains(e, "unpv: interrupted: "); interrupted != (tt.code == exitInterrupted) {
				t.Errorf("run with a %s engine: the error says it was interrupted: %v, want %v\n%s", tt.name, interrupted, !interrupted, e)
			}
			st := readStatus(t, data)
			if len(st.Quarantined) != 0 || stageStatus(st, "extract").Done != 0 || stageStatus(st, "extract").Pending != 1 {
				t.Fatalf("after a %s engine: quarantined %v, extract %+v; want nothing recorded, 1 pending", tt.name, st.Quarantined, stageStatus(st, "extract"))
			}
			code, out, e = cli(t, nil, "--data", data, "run", "--no-bundled", "--engine", "mutool")
			if code != 0 {
				t.Fatalf("next run: exit %d\n%s\n%s", code, out, e)
			}
			st = readStatus(t, data)
			if ex := stageStatus(st, "extract"); ex.Done != 1 || ex.Quarantined != 0 || st.Tables["speeches"] == 0 {
				t.Errorf("next run did not extract the document: %+v, %v", ex, st.Tables)
			}
			if !strings.Contains(out, "extract") {
				t.Errorf("summary: %s", out)
			}
		})
	}
}
