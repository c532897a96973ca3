package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/store"
)

// LockFile is the name of the lock file in the data directory. It holds the
// PID, start time and command of the run that has it.
const LockFile = "unpv.lock"

// Lock is the data directory's one-run-at-a-time lock.
type Lock struct {
	fl   *flock.Flock
	path string
}

// AcquireLock takes the data directory's lock without waiting. When another
// process holds it, the error wraps unpv.ErrLocked and names the holder's PID.
// The lock is an OS file lock, so it is released when its holder dies, even
// by kill -9.
func AcquireLock(dataDir, command string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, outfile.DirMode); err != nil {
		return nil, fmt.Errorf("lock: %w", unwritableDir(err))
	}
	path := filepath.Join(dataDir, LockFile)
	// Read-write (a run writes its name into it) and as readable as any
	// file: `unpv status` run by others reads who holds it.
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(outfile.FileMode))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, unwritableDir(err))
	}
	if !ok {
		holder := "another process"
		if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			holder = strings.Join(strings.Fields(string(b)), " ")
		}
		return nil, fmt.Errorf("%s is in use by %s: %w", dataDir, holder, unpv.ErrLocked)
	}
	info := fmt.Sprintf("pid %d since %s (%s)\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339), command)
	// Written in place, not renamed over: the lock lives on this inode.
	if err := os.WriteFile(path, []byte(info), outfile.FileMode); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{fl: fl, path: path}, nil
}

// unwritableDir marks err, from making the lock file, as the data
// directory's being read-only to this process (store.ErrReadOnly: a
// read-only mount, or a directory or lock file of another user's), which
// a writing command meets first.
func unwritableDir(err error) error {
	if !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS) {
		return err
	}
	return fmt.Errorf("%w (%w: run, import and index write the data directory, as a user who may and on a read-write mount; "+
		"status, search and report only read it: docs/store.md#who-can-read-it)", err, store.ErrReadOnly)
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	os.Truncate(l.path, 0)
	return l.fl.Unlock()
}

// ReaderError adds to err, from a command that only reads dataDir, what a
// run in progress has to do with it: a reader refuses a store of an older
// schema (store.ErrOlderSchema), and while a run holds the lock that run
// is likely migrating it, which a reader cannot wait for. Such an error
// then wraps unpv.ErrLocked (exit 4: try again later) and names the run;
// any other err is returned as it is.
func ReaderError(dataDir string, err error) error {
	if !errors.Is(err, store.ErrOlderSchema) {
		return err
	}
	h := LockHolder(dataDir)
	if h == "" {
		return err
	}
	return fmt.Errorf("%w; a run holds the data directory (%s): try again when it ends (%w)", err, h, unpv.ErrLocked)
}

// LockHolder describes the live holder of the data directory's lock ("pid
// 4242 since 2026-11-27T08:00:00Z (run)"), or "" when no process holds it.
// It reads the lock file rather than taking the lock, so that asking (as
// `unpv status` does) never makes a starting run fail.
func LockHolder(dataDir string) string {
	b, err := os.ReadFile(filepath.Join(dataDir, LockFile))
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 2 || f[0] != "pid" {
		return ""
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || !processAlive(pid) {
		return "" // left by a process that died
	}
	return strings.Join(f, " ")
}
