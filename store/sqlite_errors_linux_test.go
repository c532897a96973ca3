package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"
)

// fsizeChild names, in the environment of a test binary run by
// TestNoSpace, the data directory its child process opens under a file
// size limit: a limit set in the test process itself stops `go test`'s
// own log of the files a test opens, which it writes meanwhile.
const fsizeChild = "UNPV_STORE_TEST_FSIZE_DIR"

// ioErrorOnOpen opens the store in dir while a file size limit
// (RLIMIT_FSIZE) keeps every file from growing past 1,000 bytes, as a full
// file system does: SQLite's -shm file cannot grow, and opening fails with
// its own "disk I/O error (4874)" (SQLITE_IOERR_SHMSIZE). Go ignores the
// SIGXFSZ this raises; the write fails with EFBIG.
func ioErrorOnOpen(t *testing.T, dir string) error {
	t.Helper()
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Skip(err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 1000, Max: was.Max}); err != nil {
		t.Skip(err)
	}
	s, err := Open(context.Background(), dir)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Fatal(err)
	}
	if err == nil {
		s.Close()
		t.Fatal("Open grew the store's files past the limit")
	}
	return err
}

// TestNoSpace: SQLite's "disk I/O error" on opening a store names no
// cause; on a file system with no room left it is said to be full. The
// errors are SQLite's own, told apart by their result codes; the disk I/O
// error is had in a child process (fsizeChild).
func TestNoSpace(t *testing.T) {
	cases := []struct {
		name string
		free uint64
		ok   bool
		full bool
	}{
		{"full", 12 << 10, true, true},
		{"room left", 10 << 30, true, false},
		{"free space unknown", 0, false, false},
	}
	if dir := os.Getenv(fsizeChild); dir != "" {
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				defer func(f func(string) (uint64, bool)) { freeSpace = f }(freeSpace)
				freeSpace = func(string) (uint64, bool) { return tt.free, tt.ok }
				err := ioErrorOnOpen(t, dir)
				if sqliteCode(err) != sqlite3.SQLITE_IOERR || !strings.Contains(err.Error(), "disk I/O error (4874)") || errors.Is(err, ErrDamaged) {
					t.Fatalf("Open: %v (code %d), want SQLite's disk I/O error", err, sqliteCode(err))
				}
				full := fmt.Sprintf("the file system holding %s is full (12 KiB free)", dir)
				if strings.Contains(err.Error(), full) != tt.full {
					t.Errorf("Open: %v; want %q: %v", err, full, tt.full)
				}
			})
		}
		return
	}
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSpace$", "-test.v")
	cmd.Env = append(os.Environ(), fsizeChild+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child: %v\n%s", err, out)
	}
	for _, tt := range cases {
		if !strings.Contains(string(out), "--- PASS: TestNoSpace/"+strings.ReplaceAll(tt.name, " ", "_")) {
			t.Errorf("the child did not pass %q:\n%s", tt.name, out)
		}
	}
	t.Run("another error", func(t *testing.T) {
		defer func(f func(string) (uint64, bool)) { freeSpace = f }(freeSpace)
		freeSpace = func(string) (uint64, bool) { return 12 << 10, true }
		err := cantOpen(t)
		if got := noSpace(err, "DIR"); got != err {
			t.Errorf("noSpace(%v) = %v", err, got)
		}
	})
	if noSpace(nil, "DIR") != nil {
		t.Error("noSpace(nil) is not nil")
	}
}

// cantOpen is SQLite's "unable to open database file" (SQLITE_CANTOPEN)
// from a reader of a store whose -shm is a symbolic link, which SQLite
// will not open.
func cantOpen(t *testing.T) error {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Symlink(os.DevNull, Path(dir)+"-shm"); err != nil {
		t.Fatal(err)
	}
	s, err = OpenReadOnly(context.Background(), dir)
	if err == nil {
		s.Close()
		t.Fatal("OpenReadOnly opened a store whose -shm is a symbolic link")
	}
	if sqliteCode(err) != sqlite3.SQLITE_CANTOPEN {
		t.Fatalf("OpenReadOnly: %v (code %d), want SQLite's SQLITE_CANTOPEN", err, sqliteCode(err))
	}
	return err
}

// TestReaderCannotOpen: a reader SQLite cannot open the store for is told
// what a reader needs, and the store is not called damaged.
func TestReaderCannotOpen(t *testing.T) {
	err := cantOpen(t)
	if !strings.Contains(err.Error(), "a reader needs read access") || errors.Is(err, ErrDamaged) {
		t.Errorf("OpenReadOnly: %v", err)
	}
}
