package corpora

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRawStorePut(t *testing.T) {
	dir := t.TempDir()
	rs := NewRawStore(dir)
	pdf := realPDF(t)
	sha, path, err := rs.Put(bytes.NewReader(pdf), ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	if sha != sha3756 || path != "raw/sha256/5c/"+sha3756+".pdf" {
		t.Errorf("Put = %s, %s", sha, path)
	}
	got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	if err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("stored bytes differ: %v", err)
	}
	if !rs.Has(sha, "pdf") || rs.Has(sha, "txt") || rs.Has("", "pdf") {
		t.Error("Has")
	}
	// Same content again: same place, no error, nothing left in tmp.
	sha2, path2, err := rs.Put(bytes.NewReader(pdf), "pdf")
	if err != nil || sha2 != sha || path2 != path {
		t.Fatalf("second Put = %s %s %v", sha2, path2, err)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "raw", "tmp")); len(ents) != 0 {
		t.Errorf("temporary files left: %v", ents)
	}
	f, err := rs.Open(sha, "pdf")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := rs.Open("00ff", "pdf"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open missing: %v", err)
	}
	if _, _, err := rs.Put(bytes.NewReader(pdf), "../x"); err == nil {
		t.Error("bad extension accepted")
	}
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, fmt.Errorf("connection reset")
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

func TestRawStorePutFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	rs := NewRawStore(dir)
	if _, _, err := rs.Put(&failingReader{n: 5000}, "pdf"); err == nil {
		t.Fatal("no error from a failing reader")
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "raw", "tmp")); len(ents) != 0 {
		t.Errorf("temporary files left: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(dir, "raw", "sha256")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial content stored: %v", err)
	}
	// A stray temp file from a crash is removed by CleanTemp.
	os.WriteFile(filepath.Join(dir, "raw", "tmp", "put-123"), []byte("half"), 0o644)
	if err := rs.CleanTemp(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "raw", "tmp")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("tmp not cleaned: %v", err)
	}
}

func ExampleRawStore_Put() {
	dir, _ := os.MkdirTemp("", "unpv-raw")
	defer os.RemoveAll(dir)
	f, _ := os.Open("testdata/pdf/S_PV.3756_E.pdf")
	defer f.Close()
	sha, path, err := NewRawStore(dir).Put(io.Reader(f), "pdf")
	fmt.Println(sha[:12], path[:17], err)
	// Output: 5c137929f44b raw/sha256/5c/5c1 <nil>
}

// TestRawStorePutGzip: content is stored compressed under its own hash,
// once; reading it back checks the hash and a size bound.
func TestRawStorePutGzip(t *testing.T) {
	dir := t.TempDir()
	s := NewRawStore(dir)
	content := []byte(strings.Repeat(`{"speech":"We value the role of the OSCE."}`, 200))
	sha, path, err := s.PutGzip(content, "json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if sha != hex.EncodeToString(sum[:]) || path != "raw/sha256/"+sha[:2]+"/"+sha+".json.gz" {
		t.Fatalf("PutGzip: %s %s", sha, path)
	}
	abs := filepath.Join(dir, filepath.FromSlash(path))
	fi, err := os.Stat(abs)
	if err != nil || fi.Size() >= int64(len(content))/4 {
		t.Fatalf("stored %v bytes for %d: %v", fi, len(content), err)
	}
	if _, p2, err := s.PutGzip(content, "json"); err != nil || p2 != path {
		t.Errorf("second PutGzip: %s %v", p2, err)
	}
	got, err := ReadGzip(abs, sha, 1<<20)
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("ReadGzip: %d bytes, %v", len(got), err)
	}
	if _, err := ReadGzip(abs, sha, int64(len(content))-1); err == nil {
		t.Error("ReadGzip read past its bound")
	}
	if _, err := ReadGzip(abs, strings.Repeat("0", 64), 1<<20); err == nil {
		t.Error("ReadGzip accepted content that does not match its hash")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "raw", "tmp", "*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
