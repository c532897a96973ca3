//go:build unix

package outfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs fn with the process's umask set to mask, restored after.
// The umask is the process's: tests calling it must not run in parallel
// with tests that create files.
func withUmask(t *testing.T, mask int, fn func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	fn()
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func TestModesFollowUmask(t *testing.T) {
	for _, tc := range []struct {
		umask         int
		file, dirMode fs.FileMode
	}{
		{0o022, 0o644, 0o755},
		{0o002, 0o664, 0o775},
		{0o027, 0o640, 0o750},
		{0o077, 0o600, 0o700},
	} {
		t.Run(fs.FileMode(tc.umask).String(), func(t *testing.T) {
			dir := t.TempDir()
			withUmask(t, tc.umask, func() {
				f, err := CreateTemp(dir, "x-*.json")
				if err != nil {
					t.Fatal(err)
				}
				f.Close()
				if base := filepath.Base(f.Name()); !strings.HasPrefix(base, "x-") || !strings.HasSuffix(base, ".json") {
					t.Errorf("CreateTemp name %q, want x-*.json", base)
				}
				if got := mode(t, f.Name()); got != tc.file {
					t.Errorf("CreateTemp: mode %v, want %v", got, tc.file)
				}
				d, err := MkdirTemp(dir, ".d-*")
				if err != nil {
					t.Fatal(err)
				}
				if got := mode(t, d); got != tc.dirMode {
					t.Errorf("MkdirTemp: mode %v, want %v", got, tc.dirMode)
				}
				// WriteFile replaces a private file with an ordinary one.
				p := filepath.Join(dir, "out.txt")
				if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := WriteFile(p, []byte("new")); err != nil {
					t.Fatal(err)
				}
				if b, _ := os.ReadFile(p); string(b) != "new" {
					t.Errorf("WriteFile: content %q", b)
				}
				if got := mode(t, p); got != tc.file {
					t.Errorf("WriteFile: mode %v, want %v", got, tc.file)
				}
				// Ordinary opens a tree made private (as Bleve makes its
				// index) to what the umask allows.
				tree := filepath.Join(dir, "tree")
				if err := os.MkdirAll(filepath.Join(tree, "store"), 0o700); err != nil {
					t.Fatal(err)
				}
				// A shared directory's setgid bit, which Bleve's directories
				// inherit, stays.
				if err := os.Chmod(filepath.Join(tree, "store"), 0o700|fs.ModeSetgid); err != nil {
					t.Fatal(err)
				}
				leaf := filepath.Join(tree, "store", "root.bolt")
				if err := os.WriteFile(leaf, nil, 0o600); err != nil {
					t.Fatal(err)
				}
				if err := Ordinary(tree); err != nil {
					t.Fatal(err)
				}
				for p, want := range map[string]fs.FileMode{tree: tc.dirMode, filepath.Join(tree, "store"): tc.dirMode | fs.ModeSetgid, leaf: tc.file} {
					st, err := os.Stat(p)
					if err != nil {
						t.Fatal(err)
					}
					if got := st.Mode() &^ fs.ModeType; got != want {
						t.Errorf("Ordinary: %s mode %v, want %v", p, got, want)
					}
				}
			})
			// Nothing else is left behind: no probe files, no temporary names.
			ents, _ := os.ReadDir(dir)
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			if len(names) != 4 {
				t.Errorf("left in the directory: %v, want the temp file, the temp dir, out.txt and tree", names)
			}
		})
	}
}

func TestCreateTempExclusive(t *testing.T) {
	dir := t.TempDir()
	seen := map[string]bool{}
	for range 100 {
		f, err := CreateTemp(dir, "same")
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if seen[f.Name()] {
			t.Fatalf("CreateTemp returned %s twice", f.Name())
		}
		seen[f.Name()] = true
	}
	if _, err := CreateTemp(dir, "a/b*"); err == nil {
		t.Error("CreateTemp accepted a pattern with a path separator")
	}
}

// TestWriteFileRenameFails: when the rename into place fails (the path is
// a directory: "classify train --out DIR") WriteFile says so and leaves no
// temporary file; a WriteFile that dropped the rename's error reported a
// model written that was nowhere.
func TestWriteFileRenameFails(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "model.json")
	if err := os.MkdirAll(filepath.Join(p, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("{}")); err == nil {
		t.Error("WriteFile over a directory: no error")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "model.json" || !ents[0].IsDir() {
		t.Errorf("left in the directory: %v, want the directory model.json alone", ents)
	}
}

// TestOrdinaryLeavesLinkTargets: a symbolic link under the tree is left
// alone. chmod(2) follows links, so giving one the tree's file mode would
// change the mode of whatever it points to, outside the tree.
func TestOrdinaryLeavesLinkTargets(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "private")
	if err := os.WriteFile(outside, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tree := filepath.Join(dir, "tree")
	if err := os.Mkdir(tree, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(tree, "link")); err != nil {
		t.Fatal(err)
	}
	withUmask(t, 0o022, func() {
		if err := Ordinary(tree); err != nil {
			t.Fatal(err)
		}
	})
	if got := mode(t, outside); got != 0o600 {
		t.Errorf("the link's target outside the tree: mode %v, want 0600 as it was", got)
	}
	if got := mode(t, tree); got != 0o755 {
		t.Errorf("the tree: mode %v, want 0755", got)
	}
}
