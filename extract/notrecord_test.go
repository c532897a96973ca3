package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// minimalPDF writes a one-page PDF whose text is lines, in Helvetica.
func minimalPDF(lines []string) []byte { return minimalPDFFont(lines, "Helvetica") }

// minimalPDFFont is minimalPDF in the named font (GlyphLessFont: what
// Tesseract writes over a scanned page image).
func minimalPDFFont(lines []string, font string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 11 Tf 50 780 Td 14 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) '\n", strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l))
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + " >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// TestNotARecord: a PDF that is not a UN record (a manual, an article)
// was reported as having "no text layer"; it is now named for what it is.
// So is a short one (a one-line letter: fewer than 200 letters of text
// were all "no text layer … needs OCR"), while a text layer holding only
// a record's running head still says a scan needs OCR.
func TestNotARecord(t *testing.T) {
	article := []string{
		"Shared MIME-info Database specification, version 0.21.",
		"Many programs and desktops use the MIME system to represent the types of files.",
		"Frequently, it is necessary to work out the correct MIME type for a file.",
		"This is generally done by examining the file's name or contents, and looking up",
		"the correct MIME type in a database. It is also useful to store information",
		"about each type, such as a textual description of it, or a list of applications",
		"that can be used to view or edit files of that type.",
	}
	for _, tc := range []struct {
		name        string
		lines       []string
		want, avoid string
	}{
		{"article", article, "not a UN verbatim record", "text layer"},
		{"letter", []string{"Minutes of the garden club meeting. Tea was served."}, "not a UN verbatim record", "text layer"},
		{"running head alone", []string{"S/PV.3756", "Security Council", "97-85432 (E)"}, "no usable text layer: only 19 letters of text (a scanned PDF needs OCR)", "not a UN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.avoid) {
					t.Errorf("%s: %v; want %q, not %q", what, err, tc.want, tc.avoid)
				}
			}
			_, err := Parse(strings.Join(tc.lines, "\n"), "spec.txt")
			check("text", err)
			needEngine(t)
			p := filepath.Join(t.TempDir(), "spec.pdf")
			if err := os.WriteFile(p, minimalPDF(tc.lines), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = File(context.Background(), p, Options{})
			check("PDF", err)
		})
	}
}

// TestShortScan: a scanned page whose hidden OCR layer caught a few words
// and no record mark is a scan that needs OCR again, as a garbled one is
// (scannedPDF), not "not a UN verbatim record", which told the operator
// to leave out what may be a record.
func TestShortScan(t *testing.T) {
	needEngine(t)
	p := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(p, minimalPDFFont([]string{"Provisional", "the meeting was called to order"}, "GlyphLessFont"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := File(context.Background(), p, Options{})
	if want := "no usable text layer: only 37 letters of text (a scanned PDF needs OCR)"; !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), want) {
		t.Errorf("File: %v; want %q", err, want)
	}
}

// TestParseCancelled: parsing a long text stops when its context ends.
func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := File(ctx, filepath.Join(testdata, "S_PV.8701.mutool.txt"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("File with a cancelled context: %v", err)
	}
}
