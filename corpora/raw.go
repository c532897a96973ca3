package corpora

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// RawStore keeps downloaded and imported files content-addressed under
// DATA/raw/sha256/ab/abcdef….ext, where ab are the first two hex digits of
// the file's sha256. Files are written atomically: a temporary file in the
// same folder tree is fsynced and renamed into place, so a crash leaves
// either the whole file or none (plus at most a stray temporary file under
// raw/tmp, which Put ignores and CleanTemp removes).
type RawStore struct {
	dataDir string
}

// NewRawStore returns the raw store of a data directory. Folders are made on
// the first Put.
func NewRawStore(dataDir string) *RawStore { return &RawStore{dataDir: dataDir} }

// Put copies r into the store and returns its sha256 (hex) and the stored
// file's path relative to the data directory, slash-separated
// ("raw/sha256/5c/5c13….pdf"), as the store records it. ext is the file
// extension with or without the dot ("pdf"). Storing content that is
// already there is a no-op.
func (s *RawStore) Put(r io.Reader, ext string) (sha256hex, path string, err error) {
	ext = strings.TrimPrefix(ext, ".")
	if strings.ContainsAny(ext, `/\`) || strings.Contains(ext, "..") {
		return "", "", fmt.Errorf("raw store: bad extension %q", ext)
	}
	tmpDir := filepath.Join(s.dataDir, "raw", "tmp")
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return "", "", fmt.Errorf("raw store: %w", err)
	}
	f, err := os.CreateTemp(tmpDir, "put-*")
	if err != nil {
		return "", "", fmt.Errorf("raw store: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := sha256.New()
	if _, err = io.Copy(io.MultiWriter(f, h), r); err != nil {
		return "", "", fmt.Errorf("raw store: write: %w", err)
	}
	if err = f.Sync(); err != nil {
		return "", "", fmt.Errorf("raw store: fsync: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", "", fmt.Errorf("raw store: close: %w", err)
	}
	sha256hex = hex.EncodeToString(h.Sum(nil))
	path = s.rel(sha256hex, ext)
	final := filepath.Join(s.dataDir, filepath.FromSlash(path))
	if st, statErr := os.Stat(final); statErr == nil && st.Mode().IsRegular() {
		os.Remove(tmp)
		return sha256hex, path, nil
	}
	dir := filepath.Dir(final)
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("raw store: %w", err)
	}
	if err = os.Rename(tmp, final); err != nil {
		return "", "", fmt.Errorf("raw store: rename: %w", err)
	}
	if err = syncDir(dir); err != nil {
		return "", "", fmt.Errorf("raw store: fsync dir: %w", err)
	}
	return sha256hex, path, nil
}

func (s *RawStore) rel(sha, ext string) string {
	name := sha
	if ext != "" {
		name += "." + ext
	}
	return "raw/sha256/" + sha[:2] + "/" + name
}

// Path returns the file path of stored content under the data directory
// (it may not exist; see Has).
func (s *RawStore) Path(sha256hex, ext string) string {
	return filepath.Join(s.dataDir, filepath.FromSlash(s.rel(sha256hex, strings.TrimPrefix(ext, "."))))
}

// Has reports whether the content is stored.
func (s *RawStore) Has(sha256hex, ext string) bool {
	if len(sha256hex) < 2 {
		return false
	}
	st, err := os.Stat(s.Path(sha256hex, ext))
	return err == nil && st.Mode().IsRegular()
}

// Open opens stored content; a missing file wraps os.ErrNotExist.
func (s *RawStore) Open(sha256hex, ext string) (*os.File, error) {
	if len(sha256hex) < 2 {
		return nil, fmt.Errorf("raw store: bad hash %q: %w", sha256hex, os.ErrNotExist)
	}
	return os.Open(s.Path(sha256hex, ext))
}

// CleanTemp removes temporary files left by interrupted Puts. Call it only
// while holding the data directory lock.
func (s *RawStore) CleanTemp() error {
	err := os.RemoveAll(filepath.Join(s.dataDir, "raw", "tmp"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// syncDir fsyncs a directory so a rename into it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
