package corpora

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/outfile"
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
	tmp, sha256hex, err := s.write(r)
	if err != nil {
		return "", "", err
	}
	path = s.rel(sha256hex, ext)
	return sha256hex, path, s.place(tmp, path)
}

// PutGzip stores content gzip-compressed under the sha256 of content itself
// (not of the compressed bytes) with the extension ext+".gz", and returns
// that hash and the stored file's path relative to the data directory
// ("raw/sha256/5c/5c13….json.gz"). When content with that hash is already
// stored, nothing is written. Imported records are kept so: their JSON
// compresses to about a third.
func (s *RawStore) PutGzip(content []byte, ext string) (sha256hex, path string, err error) {
	ext = strings.TrimPrefix(ext, ".") + ".gz"
	if strings.ContainsAny(ext, `/\`) || strings.Contains(ext, "..") {
		return "", "", fmt.Errorf("raw store: bad extension %q", ext)
	}
	sum := sha256.Sum256(content)
	sha256hex = hex.EncodeToString(sum[:])
	path = s.rel(sha256hex, ext)
	if s.Has(sha256hex, ext) {
		return sha256hex, path, nil
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(guard.Call(func() error {
			zw := gzipWriters.Get().(*gzip.Writer)
			defer gzipWriters.Put(zw)
			zw.Reset(pw)
			_, err := zw.Write(content)
			if cerr := zw.Close(); err == nil {
				err = cerr
			}
			return err
		}))
	}()
	tmp, _, err := s.write(pr)
	pr.Close()
	if err != nil {
		return "", "", err
	}
	return sha256hex, path, s.place(tmp, path)
}

// gzipWriters are PutGzip's compressors, reused: each holds about a
// megabyte of state, which costs more to allocate and clear than a
// general-debate statement (one record a file) costs to compress. Level 3:
// a third of the JSON at about 60 MB/s (level 6, the default, saves 3 %
// more at 24 MB/s).
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, 3) // a valid level: no error
	return zw
}}

// write copies r into a temporary file under raw/tmp, fsynced, and returns
// its name and the sha256 of what was written.
func (s *RawStore) write(r io.Reader) (tmp, sha256hex string, err error) {
	tmpDir := filepath.Join(s.dataDir, "raw", "tmp")
	if err := os.MkdirAll(tmpDir, outfile.DirMode); err != nil {
		return "", "", fmt.Errorf("raw store: %w", err)
	}
	f, err := outfile.CreateTemp(tmpDir, "put-*")
	if err != nil {
		return "", "", fmt.Errorf("raw store: %w", err)
	}
	name := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(name)
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
	return name, hex.EncodeToString(h.Sum(nil)), nil
}

// place renames the temporary file tmp to path (relative to the data
// directory), unless a file is there already (same content: tmp goes).
func (s *RawStore) place(tmp, path string) error {
	final := filepath.Join(s.dataDir, filepath.FromSlash(path))
	if st, statErr := os.Stat(final); statErr == nil && st.Mode().IsRegular() {
		os.Remove(tmp)
		return nil
	}
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, outfile.DirMode); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("raw store: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("raw store: rename: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("raw store: fsync dir: %w", err)
	}
	return nil
}

// ReadGzip reads content stored by PutGzip from path (absolute), at most
// max bytes of it once decompressed, and checks it against its sha256.
func ReadGzip(path, sha256hex string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("raw store: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("raw store: %s: %w", path, err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("raw store: %s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("raw store: %s: more than %d bytes", path, max)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sha256hex {
		return nil, fmt.Errorf("raw store: %s: content does not match its hash %s", path, sha256hex)
	}
	return b, nil
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
