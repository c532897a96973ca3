package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunUnwritableStore: a run over a store this user may not write (its
// file, a read-only mount) exits 1 with a message naming the cause and
// what to do (store.ErrReadOnly): it was SQLite's "attempt to write a
// readonly database (8)" at the first write, or "unable to open database
// file (14)". Real conditions: as the user nobody when the test runs as
// root (root writes any file), a read-only bind mount where one can be made.
func TestRunUnwritableStore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("unpv run: exit %d\n%s", code, e)
	}
	for _, tc := range []struct {
		name string
		cmd  func(t *testing.T) *exec.Cmd // unpv run over data, which it may not write
		want []string
	}{
		{"the store file", func(t *testing.T) *exec.Cmd {
			if os.Getuid() != 0 {
				if err := os.Chmod(filepath.Join(data, "unpv.db"), 0o444); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(filepath.Join(data, "unpv.db"), 0o644) })
				return exec.Command(os.Args[0], "--data", data, "run", "--no-bundled")
			}
			// nobody's data directory and lock, root's store.
			asNobody := asAnotherUser(t, data)
			for _, p := range []string{data, filepath.Join(data, "unpv.lock")} {
				if err := os.Chown(p, 65534, 65534); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { os.Chown(data, 0, 0) })
			return asNobody("--data", data, "run", "--no-bundled")
		}, []string{"store cannot be written here", "unpv.db is not writable by this user", "docs/store.md#who-can-read-it"}},
		{"a read-only mount", func(t *testing.T) *exec.Cmd {
			if !canMountReadOnly(t) {
				t.Skip("cannot bind-mount read-only here (unshare -m needs CAP_SYS_ADMIN)")
			}
			return readOnlyMount("--data", data, "run", "--no-bundled")
		}, []string{"read-only file system", "store cannot be written here", "docs/store.md#who-can-read-it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := tc.cmd(t)
			cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != exitFailure {
				t.Errorf("exit %d, want %d\n%s", code, exitFailure, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the error does not say %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestRunBusyStore: a run while a researcher's sqlite3 shell holds the
// store's write lock (BEGIN IMMEDIATE, not committed) exits 1 after the
// busy timeout (10 s) with a message naming the cause and what to do
// (store.ErrBusy): it was SQLite's "database is locked (5)" alone. Once the
// shell rolls back, the run goes through.
func TestRunBusyStore(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the store's busy timeout (10 s)")
	}
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("no sqlite3 shell here")
	}
	data := t.TempDir()
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("unpv run: exit %d\n%s", code, e)
	}
	sh := exec.Command(shell, filepath.Join(data, "unpv.db"))
	in, err := sh.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outPipe, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	defer sh.Wait()
	defer in.Close()
	lines := bufio.NewScanner(outPipe)
	say := func(cmds string) {
		t.Helper()
		if _, err := in.Write([]byte(cmds + "\n.print done\n")); err != nil {
			t.Fatal(err)
		}
		for lines.Scan() {
			if lines.Text() == "done" {
				return
			}
		}
		t.Fatalf("the sqlite3 shell ended: %v", lines.Err())
	}
	say("BEGIN IMMEDIATE;")
	code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled")
	if code != exitFailure {
		t.Errorf("run beside the shell's write transaction: exit %d, want %d\n%s", code, exitFailure, e)
	}
	for _, w := range []string{"store busy", "database is locked", "COMMIT or ROLLBACK"} {
		if !strings.Contains(e, w) {
			t.Errorf("the error does not say %q:\n%s", w, e)
		}
	}
	say("ROLLBACK;")
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Errorf("run once the shell rolled back: exit %d\n%s", code, e)
	}
}
