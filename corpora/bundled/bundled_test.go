package bundled

import (
	"io/fs"
	"strings"
	"testing"
)

func count(t *testing.T, fsys fs.FS, suffix string) int {
	t.Helper()
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The embedded corpus is what PROVENANCE.md says it is.
func TestContents(t *testing.T) {
	unsc, err := UNSCSpeeches()
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, unsc, ".txt"); n != 1600 {
		t.Errorf("speech files: %d, want 1600", n)
	}
	if _, err := fs.Stat(unsc, "meetings_2020.csv"); err != nil {
		t.Error(err)
	}
	gd, err := UNGDC()
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, gd, ".txt"); n != 207 {
		t.Errorf("UNGDC statements: %d, want 207", n)
	}
	if _, err := fs.Stat(gd, "Speakers_by_session.csv"); err != nil {
		t.Error(err)
	}
	if n := count(t, PDFs(), ".pdf"); n != 3 {
		t.Errorf("PDFs: %d, want 3", n)
	}
	b, _ := fs.ReadFile(PDFs(), "S_PV.8422_E.pdf")
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("S_PV.8422_E.pdf is not a PDF")
	}
	if h := Hash(); len(h) != 64 || h != Hash() {
		t.Errorf("Hash %q", h)
	}
}
