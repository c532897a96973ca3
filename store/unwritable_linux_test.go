package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// unwritableChild names, in the environment of a test binary run by
// TestUnwritableStore, the data directory its child process may read but
// not write: as the user nobody when the test runs as root (root writes
// any file), or in a mount namespace with the directory bound read-only.
const unwritableChild = "UNPV_STORE_TEST_UNWRITABLE_DIR"

// TestUnwritableStore: a store this process may not write — its file, its
// directory (where SQLite makes -wal and -shm), a read-only mount — is
// refused by Open and OpenExisting with an error wrapping ErrReadOnly that
// names the cause, before SQLite opens it (SQLite opened such a file
// read-only without a word: the first write failed with "attempt to write a
// readonly database (8)", leaving -wal and -shm of this user's beside it,
// or a read-only mount gave "unable to open database file (14)"); it can
// still be read. Each condition is real, in a child process (the test
// binary again).
func TestUnwritableStore(t *testing.T) {
	ctx := context.Background()
	if dir := os.Getenv(unwritableChild); dir != "" {
		for name, open := range map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenExisting": OpenExisting} {
			s, err := open(ctx, dir)
			if err == nil {
				_, err = s.StartRun(ctx, "run", os.Getpid())
				s.Close()
			}
			if !errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged) {
				t.Errorf("%s: %v, want ErrReadOnly", name, err)
			}
			t.Logf("%s: %v", name, err)
		}
		r, err := OpenReadOnly(ctx, dir)
		if err != nil {
			t.Fatalf("OpenReadOnly: %v", err)
		}
		defer r.Close()
		if _, err := r.Runs(ctx, 1); err != nil {
			t.Errorf("reading: %v", err)
		}
		return
	}
	root := os.Geteuid() == 0
	const nobody = 65534
	for _, tc := range []struct {
		name string
		// setup makes dir unwritable to the child, whose command it
		// may change (run it as another user, in a mount namespace).
		setup func(t *testing.T, dir string, cmd *exec.Cmd)
		why   string
	}{
		{"the store file", func(t *testing.T, dir string, cmd *exec.Cmd) {
			chmod(t, Path(dir), 0o444)
			if root {
				asNobody(t, dir, cmd)
				chown(t, dir, nobody) // SQLite could make -wal and -shm: only the file is in the way
			}
		}, "unpv.db is not writable by this user"},
		{"the data directory", func(t *testing.T, dir string, cmd *exec.Cmd) {
			chmod(t, dir, 0o555)
			if root {
				asNobody(t, dir, cmd)
				chmod(t, Path(dir), 0o666) // only the directory is in the way
			}
		}, " is not writable by this user"},
		{"a symlinked store in a read-only directory", func(t *testing.T, dir string, cmd *exec.Cmd) {
			// unpv.db is a link to a store in a directory the child may
			// not write, where SQLite makes -wal and -shm; the data
			// directory holding the link is writable.
			target := linkStore(t, dir)
			chmod(t, target, 0o555)
			if root {
				asNobody(t, dir, cmd)
				chown(t, dir, nobody)
				chmod(t, filepath.Join(target, File), 0o666) // only the target's directory is in the way
			}
		}, "target is not writable by this user"},
		{"another user's -shm beside a symlinked store's target", func(t *testing.T, dir string, cmd *exec.Cmd) {
			// SQLite makes -wal and -shm beside the link's target: one
			// left there by another user stops a writer, none being
			// beside the link.
			target := linkStore(t, dir)
			if err := os.WriteFile(filepath.Join(target, File)+"-shm", nil, 0o444); err != nil {
				t.Fatal(err)
			}
			if root {
				asNobody(t, dir, cmd)
				chown(t, dir, nobody)
				chown(t, target, nobody)
				chmod(t, filepath.Join(target, File), 0o666) // only the -shm is in the way
			}
		}, "unpv.db-shm cannot be written by this user"},
		{"a read-only mount", func(t *testing.T, dir string, cmd *exec.Cmd) {
			probe := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c",
				`mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/x" 2>/dev/null`, "sh", dir)
			if !root || probe.Run() != nil {
				t.Skip("cannot bind-mount read-only here: unshare -m needs root (CAP_SYS_ADMIN)")
			}
			script := `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"`
			cmd.Args = append([]string{"unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", dir}, cmd.Args...)
			cmd.Path = "/usr/bin/unshare"
			if p, err := exec.LookPath("unshare"); err == nil {
				cmd.Path = p
			}
		}, "is on a read-only file system"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			s, err := Open(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			defer os.Chmod(dir, 0o755) // for the clean-up
			cmd := exec.Command(os.Args[0], "-test.run=^TestUnwritableStore$", "-test.v")
			cmd.Env = append(os.Environ(), unwritableChild+"="+dir)
			tc.setup(t, dir, cmd)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestUnwritableStore") {
				t.Fatalf("the child: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), tc.why) || !strings.Contains(string(out), "docs/store.md#who-can-read-it") {
				t.Errorf("the child's errors do not say %q and where to read more:\n%s", tc.why, out)
			}
			// Nothing of the child's is left beside the store.
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, []string{File}) {
				t.Errorf("the data directory holds %q after the child, want only %s", names, File)
			}
		})
	}
}

// linkStore moves dir's store into a directory beside dir, named target,
// and leaves a symbolic link to it in its place.
func linkStore(t *testing.T, dir string) (target string) {
	t.Helper()
	target = filepath.Join(filepath.Dir(dir), "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(Path(dir), filepath.Join(target, File)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(target, File), Path(dir)); err != nil {
		t.Fatal(err)
	}
	return target
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func chown(t *testing.T, path string, uid int) {
	t.Helper()
	if err := os.Chown(path, uid, uid); err != nil {
		t.Fatal(err)
	}
}

// asNobody makes cmd run as the user nobody, with the way open to dir
// (the test's directories are private) and a copy of the test binary it
// may run.
func asNobody(t *testing.T, dir string, cmd *exec.Cmd) {
	t.Helper()
	const nobody = 65534
	for d := filepath.Dir(dir); d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
		chmod(t, d, 0o755)
	}
	exe := filepath.Join(filepath.Dir(dir), "store.test")
	b, err := os.ReadFile(os.Args[0])
	if err == nil {
		err = os.WriteFile(exe, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd.Path, cmd.Args[0] = exe, exe
	cmd.Dir = os.TempDir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}
