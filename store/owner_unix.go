//go:build unix

package store

import (
	"os"
	"path/filepath"
	"syscall"
)

// ownsWritable reports whether this process's user owns the store file at
// path and may write it and create files beside it (readOnlyDSN).
func ownsWritable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != os.Geteuid() {
		return false
	}
	const wOK = 2            // W_OK: a read-only mount fails it too (EROFS)
	target := resolved(path) // SQLite makes -wal and -shm beside a link's target
	return syscall.Access(target, wOK) == nil && syscall.Access(filepath.Dir(target), wOK) == nil
}

// unwritable says why this process may not write the store file at path
// or create files beside it (SQLite's -wal and -shm), or "" when it may.
func unwritable(path string) string {
	const wOK = 2 // W_OK
	for _, p := range []string{path, filepath.Dir(path)} {
		switch err := syscall.Access(p, wOK); {
		case err == syscall.EROFS:
			return p + " is on a read-only file system"
		case err != nil:
			return p + " is not writable by this user"
		}
	}
	return ""
}

// freeBytes is the space left to this user on the file system holding dir.
func freeBytes(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
