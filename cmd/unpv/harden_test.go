package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Issue 14's smaller reproductions, run as the command is run.

// recordPDFDir returns a new folder holding one real record PDF excerpt
// (S/PV.8422, page 2) under its ODS file name.
func recordPDFDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pdf, err := os.ReadFile("../../testdata/extract/S_PV.8422_p2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestImportBadFolderEntries: one dangling .pdf link used to abort a folder
// import; now it is skipped (exit 3) and the other file is imported.
func TestImportBadFolderEntries(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := recordPDFDir(t)
	os.Symlink(filepath.Join(dir, "moved-away.pdf"), filepath.Join(dir, "S_PV.1_E.pdf"))
	data := t.TempDir()
	code, out, e := cli(t, nil, "--data", data, "import", dir)
	if code != exitPartial || !strings.Contains(e, "S_PV.1_E.pdf") {
		t.Fatalf("import with a dangling link: exit %d, want %d naming the link\n%s\n%s", code, exitPartial, out, e)
	}
	if st := readStatus(t, data); st.Documents != 1 {
		t.Errorf("%d documents imported, want 1", st.Documents)
	}
}

// TestImportFormatMismatch: `import --format ungdc` on a folder of PDFs
// imported nothing with exit 0; now it is a usage error naming the format
// the folder holds, and nothing is created.
func TestImportFormatMismatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), []byte("%PDF-1.4\n%%EOF\n"), 0o644)
	data := filepath.Join(t.TempDir(), "data")
	code, _, e := cli(t, nil, "--data", data, "import", "--format", "ungdc", dir)
	if code != exitUsage || !strings.Contains(e, "--format pdf") {
		t.Errorf("import --format ungdc of PDFs: exit %d, want %d naming --format pdf\n%s", code, exitUsage, e)
	}
	if _, err := os.Stat(data); err == nil {
		t.Errorf("a refused import created %s", data)
	}
}

// TestEngineFlag: `extract --engine foo` exited 3; an unknown engine is a
// usage error on every command that takes --engine.
func TestEngineFlag(t *testing.T) {
	for _, args := range [][]string{
		{"extract", "--engine", "foo", "../../testdata/extract/S_PV.8701.mutool.txt"},
		{"extract", "--store", "--engine", "foo"},
		{"run", "--engine", "foo"},
		{"extract", "--max-file-size", "lots", "x.pdf"},
	} {
		data := filepath.Join(t.TempDir(), "data")
		code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, e)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("%v created %s", args, data)
		}
	}
}
