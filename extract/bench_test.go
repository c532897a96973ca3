package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse measures the parser alone (text → record) over the text
// excerpts in testdata.
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(testdata, "*.txt"))
	var texts []string
	n := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			if _, err := Parse(t, "S_PV.1_E.txt"); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFile measures whole extraction (engine included) of the PDF
// excerpts in testdata, one engine at a time.
func BenchmarkFile(b *testing.B) {
	for _, engine := range []string{EngineMutool, EnginePdftotext} {
		b.Run(engine, func(b *testing.B) {
			if _, _, err := engineFor(engine); err != nil {
				b.Skip(err)
			}
			files := []string{"S_PV.3756_p1-3.pdf", "A_48_PV.46_p1+21-23.pdf", "A_65_PV.71_p1-2.pdf", "S_PV.8422_p2.pdf"}
			for b.Loop() {
				for _, f := range files {
					if _, err := File(context.Background(), filepath.Join(testdata, f), Options{Engine: engine}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkPairedPDFs is the goal measure: the 10 paired 2020
// Security Council PDFs in ../shared, engine included, one after another
// (the CLI runs them concurrently). Skipped when ../shared is absent.
func BenchmarkPairedPDFs(b *testing.B) {
	files, _ := filepath.Glob("../../shared/corpora/raw-samples/verbatim-pdf/S_PV.87*.pdf")
	more, _ := filepath.Glob("../../shared/corpora/raw-samples/verbatim-pdf/S_PV.86*.pdf")
	files = append(more, files...)
	if len(files) == 0 {
		b.Skip("../shared not present")
	}
	if _, _, err := engineFor(""); err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		for _, f := range files {
			if _, err := File(context.Background(), f, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParsePairedText measures the parser alone on poppler's text of
// the 10 paired 2020 records in ../shared (skipped when absent).
func BenchmarkParsePairedText(b *testing.B) {
	files, _ := filepath.Glob("../../shared/corpora/raw-samples/verbatim-pdftotext/S_PV.8[67]*_E.pdftotext.txt")
	if len(files) == 0 {
		b.Skip("../shared not present")
	}
	var texts []string
	n := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		n += len(t)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for i, t := range texts {
			if _, err := Parse(t, files[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
