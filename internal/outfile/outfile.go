// Package outfile creates the files and directories unpv writes with the
// mode any other tool's output gets: 0666 for a file and 0777 for a
// directory, less the umask (so 0644 and 0755 under the usual umask 022,
// 0664 and 0775 under a group's 002). The standard library's
// os.CreateTemp and os.MkdirTemp, which unpv uses to write a file under a
// temporary name and rename it into place, make them 0600 and 0700
// whatever the umask: a data directory that a cron job writes could not
// be read by colleagues or a container (docs/store.md#who-can-read-it).
package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The modes new files and directories are created with; the umask
// (or a directory's default ACL) takes its bits away.
const (
	FileMode fs.FileMode = 0o666
	DirMode  fs.FileMode = 0o777
)

// tries bounds the names tried before giving up (os.CreateTemp's bound).
const tries = 10000

// TempPrefix starts the names of WriteFile's temporary files: what a killed
// writer leaves is TempPrefix+"*" beside its destination, for the next
// writer (holding the data directory's lock) to delete.
const TempPrefix = ".tmp-"

// CreateTemp is os.CreateTemp with FileMode: it creates a new file in dir
// (os.TempDir() when empty) whose name is pattern with its last "*"
// replaced by a random string (appended when there is none), opened for
// reading and writing with O_CREATE|O_EXCL, so no other file is ever
// opened by mistake.
func CreateTemp(dir, pattern string) (*os.File, error) {
	var f *os.File
	err := unique(dir, pattern, "createtemp", func(name string) (err error) {
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
		return err
	})
	return f, err
}

// MkdirTemp is os.MkdirTemp with DirMode: a new directory in dir named
// like CreateTemp's files. It returns its path.
func MkdirTemp(dir, pattern string) (string, error) {
	var path string
	err := unique(dir, pattern, "mkdirtemp", func(name string) error {
		path = name
		return os.Mkdir(name, DirMode)
	})
	return path, err
}

// unique calls create with new names made from pattern until one does
// not exist yet.
func unique(dir, pattern, op string, create func(name string) error) error {
	if strings.ContainsRune(pattern, os.PathSeparator) || strings.ContainsRune(pattern, '/') {
		return &fs.PathError{Op: op, Path: pattern, Err: errors.New("pattern contains path separator")}
	}
	if dir == "" {
		dir = os.TempDir()
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndexByte(pattern, '*'); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	for try := 0; ; try++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10)+suffix)
		err := create(name)
		if !errors.Is(err, fs.ErrExist) || try == tries {
			return err
		}
	}
}

// WriteFile writes data to path atomically: to a new file beside it
// (TempPrefix+base+"-*"), synced, then renamed over path, so that a reader
// sees the old content or the new, never part of it. The file gets
// FileMode less the umask, as a new file does, whatever mode an older path
// had.
func WriteFile(path string, data []byte) error {
	f, err := CreateTemp(filepath.Dir(path), TempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// The rename survives a crash once the directory is synced; a system
	// that cannot sync a directory (Windows) keeps it anyway.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Ordinary gives root and every file and directory under it the mode that
// a new one made in root's parent directory gets (FileMode and DirMode
// less the umask), for trees made by libraries that create theirs private
// (Bleve's index: 0700 directories, 0600 files). It reads that mode from a
// file and a directory it creates there and removes, so that it needs no
// Unix-only call to learn the umask.
func Ordinary(root string) error {
	parent := filepath.Dir(root)
	fileMode, err := probe(parent, false)
	if err != nil {
		return err
	}
	dirMode, err := probe(parent, true)
	if err != nil {
		return err
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fileMode
		switch {
		case d.IsDir():
			mode = dirMode
		case !d.Type().IsRegular():
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		// chmod(2) clears what it is not given: a directory's setgid bit,
		// which a shared data directory's subdirectories inherit so that
		// what is made in them belongs to its group, must stay.
		return os.Chmod(p, mode|fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
	})
}

// probe returns the permission bits a new file (or directory) made in dir
// with FileMode (DirMode) gets.
func probe(dir string, isDir bool) (fs.FileMode, error) {
	var name string
	var err error
	if isDir {
		name, err = MkdirTemp(dir, ".mode-*")
	} else {
		var f *os.File
		if f, err = CreateTemp(dir, ".mode-*"); err == nil {
			name = f.Name()
			err = f.Close()
		}
	}
	if name != "" {
		defer os.Remove(name)
	}
	if err != nil {
		return 0, fmt.Errorf("outfile: %w", err)
	}
	st, err := os.Stat(name)
	if err != nil {
		return 0, fmt.Errorf("outfile: %w", err)
	}
	return st.Mode().Perm(), nil
}
