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
func minimalPDF(lines []string) []byte {
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
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
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
	_, err := Parse(strings.Join(article, "\n"), "spec.txt")
	if !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), "not a UN verbatim record") || strings.Contains(err.Error(), "text layer") {
		t.Errorf("article text: %v", err)
	}
	needEngine(t)
	p := filepath.Join(t.TempDir(), "spec.pdf")
	if err := os.WriteFile(p, minimalPDF(article), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = File(context.Background(), p, Options{})
	if !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), "not a UN verbatim record") || strings.Contains(err.Error(), "text layer") {
		t.Errorf("article PDF: %v", err)
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
