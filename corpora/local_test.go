package corpora

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

const sha3756 = "5c137929f44b9f56e280f71273ea222a189b656189f1ef2d56aea569f74a978c" // sha256sum testdata/pdf/S_PV.3756_E.pdf

func TestLocalPDFs(t *testing.T) {
	dir := t.TempDir()
	pdf, err := os.ReadFile("testdata/pdf/S_PV.3756_E.pdf")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"S_PV.3756_E.pdf":                   pdf,
		"2005/A_60_PV.25_E_N0553261.PDF":    []byte("%PDF-1.4 other"),
		"S_PV.8699_Resumption1_E.pdf":       []byte("%PDF-1.7 x"),
		"notes.txt":                         []byte("not a pdf"),
		"unnamed.pdf":                       []byte("%PDF-1.3"),
		"saved-page.pdf":                    []byte("<!DOCTYPE html><html><head><title>Just a moment...</title>"),
		"deeper/still/S_PV.8422_E.pdf.part": []byte("partial download"),
	}
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type row struct{ Path, Symbol, SHA string }
	var got []row
	var bad []string
	for lp, err := range LocalPDFs(dir) {
		if errors.Is(err, unpv.ErrBadDocument) && lp.SHA256 != "" {
			bad = append(bad, filepath.Base(lp.Path))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, lp.Path)
		sha := lp.SHA256
		if rel != "S_PV.3756_E.pdf" {
			sha = fmt.Sprint(lp.Bytes) // only the real PDF's hash is pinned
		}
		got = append(got, row{filepath.ToSlash(rel), lp.Symbol, sha})
		if lp.ModTime.IsZero() {
			t.Errorf("%s: no mod time", rel)
		}
	}
	want := []row{
		{"2005/A_60_PV.25_E_N0553261.PDF", "A/60/PV.25", "14"},
		{"S_PV.3756_E.pdf", "S/PV.3756", sha3756},
		{"S_PV.8699_Resumption1_E.pdf", "S/PV.8699 (Resumption 1)", "10"},
		{"unnamed.pdf", "", "8"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LocalPDFs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"saved-page.pdf"}, bad); diff != "" {
		t.Errorf("non-PDFs (-want +got):\n%s", diff)
	}
	for _, err := range LocalPDFs(filepath.Join(dir, "missing")) {
		if err == nil {
			t.Error("missing folder not reported")
		}
	}
}

func ExampleLocalPDFs() {
	for pdf, err := range LocalPDFs("testdata/pdf") {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(pdf.Symbol, pdf.Bytes, pdf.SHA256[:12])
	}
	// Output:
	// S/PV.3756 52053 5c137929f44b
}
