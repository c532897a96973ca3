//go:build linux

package store

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestReopenKeepsLocks: opening the store again in a process that holds it
// open (`unpv serve` opens it for each delegation page, the labelling page
// and the reindexer) must not drop the process's SQLite locks on it. It
// did: checkFile opened and closed unpv.db, and closing any descriptor of
// a file drops all of a process's POSIX locks on it, so a CLI run next to
// serve deleted the write-ahead log serve was still writing (codings lost,
// the store left truncated; found by a user walkthrough).
func TestReopenKeepsLocks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CountSpeeches(ctx); err != nil { // a read: SQLite takes its shared lock
		t.Fatal(err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(Path(dir), &st); err != nil {
		t.Fatal(err)
	}
	if !holdsLock(t, st.Ino) {
		t.Skip("this SQLite build holds no POSIX lock on the store file between statements")
	}
	// The same file by another path: a data directory whose unpv.db is a
	// symbolic link to this one's.
	linked := t.TempDir()
	if err := os.Symlink(Path(dir), Path(linked)); err != nil {
		t.Fatal(err)
	}
	for i, reopen := range []func() (*Store, error){
		func() (*Store, error) { return OpenExisting(ctx, dir) },
		func() (*Store, error) { return Open(ctx, dir) },
		func() (*Store, error) { return OpenExisting(ctx, linked) },
	} {
		s2, err := reopen()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s2.CountSpeeches(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s2.Close(); err != nil {
			t.Fatal(err)
		}
		if !holdsLock(t, st.Ino) {
			t.Fatalf("reopening the store (way %d) dropped this process's lock on %s", i, Path(dir))
		}
	}
	for _, d := range []string{dir, linked} {
		if err := checkFile(d, true); err != nil {
			t.Errorf("checkFile on the open store: %v", err)
		}
	}
	if err := s.Close(); err != nil { // a second Close (deferred) must not release twice
		t.Fatal(err)
	}
	s3, err := OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	if _, err := s3.CountSpeeches(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := checkFile(linked, true); err != nil {
		t.Fatal(err)
	}
	if !holdsLock(t, st.Ino) {
		t.Fatal("checkFile dropped this process's lock")
	}
}

// holdsLock reports whether /proc/locks lists a POSIX lock of this process on inode ino.
func holdsLock(t *testing.T, ino uint64) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/locks")
	if err != nil {
		t.Skipf("no /proc/locks: %v", err)
	}
	pid := strconv.Itoa(os.Getpid())
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		// 1: POSIX  ADVISORY  READ 1234 08:01:5678 1073741826 1073742335
		if len(f) < 6 || f[1] != "POSIX" || f[4] != pid {
			continue
		}
		if parts := strings.Split(f[5], ":"); len(parts) == 3 && parts[2] == strconv.FormatUint(ino, 10) {
			return true
		}
	}
	return false
}
