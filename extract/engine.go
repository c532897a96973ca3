package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/unpv/unpv"
)

// PDF → text engines. MuPDF is the default because on S/PV.8699 (65 pages) it
// is about four times faster than poppler and keeps the two columns of General
// Assembly pages in reading order; see docs/extract.md for the measurements.
const (
	EngineMutool    = "mutool"
	EnginePdftotext = "pdftotext"
)

// DefaultTimeout bounds one engine run when Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// Options control File.
type Options struct {
	// Engine is EngineMutool, EnginePdftotext or "" for the first one installed
	// (mutool, then pdftotext).
	Engine string
	// Timeout bounds the engine run for one PDF; 0 means DefaultTimeout.
	Timeout time.Duration
	// Name is the record's name when the file's own path does not tell it
	// (a raw file stored under its hash): its original file name or URL
	// ("S_PV.8699_Resumption1_E.pdf"). Errors name it, and the symbol is
	// read from it when the cover prints none. "" means the path.
	Name string
}

// ErrNoEngine is returned when neither mutool nor pdftotext is installed.
var ErrNoEngine = errors.New("no PDF engine: install mupdf-tools (mutool) or poppler-utils (pdftotext)")

// engineFor resolves the engine name to an executable path.
func engineFor(name string) (string, string, error) {
	switch name {
	case "":
		for _, n := range []string{EngineMutool, EnginePdftotext} {
			if p, err := exec.LookPath(n); err == nil {
				return n, p, nil
			}
		}
		return "", "", ErrNoEngine
	case EngineMutool, EnginePdftotext:
		p, err := exec.LookPath(name)
		if err != nil {
			return "", "", fmt.Errorf("PDF engine %s not installed: %w", name, ErrNoEngine)
		}
		return name, p, nil
	}
	return "", "", fmt.Errorf("unknown PDF engine %q (want %s or %s)", name, EngineMutool, EnginePdftotext)
}

// badf wraps unpv.ErrBadDocument with the file name and a reason.
func badf(path, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", path, fmt.Sprintf(format, args...), unpv.ErrBadDocument)
}

// checkPDF rejects files that are not PDFs or that were cut short, before the
// engine gets a chance to "repair" them into partial text.
func checkPDF(path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return badf(name, "empty file")
	}
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	if !bytes.Contains(head[:n], []byte("%PDF-")) {
		return badf(name, "not a PDF (no %%PDF- header)")
	}
	const tailLen = 4096
	off := st.Size() - tailLen
	if off < 0 {
		off = 0
	}
	tail := make([]byte, tailLen)
	n, err = f.ReadAt(tail, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if !bytes.Contains(tail[:n], []byte("%%EOF")) {
		return badf(name, "truncated PDF (no %%%%EOF trailer)")
	}
	return nil
}

// Font and producer names that mark a scanned page image with a hidden OCR
// text layer (Acrobat Paper Capture, Tesseract).
var ocrMarkers = [][]byte{[]byte("HiddenHorzOCR"), []byte("Paper Capture"), []byte("GlyphLessFont")}

// scannedPDF reports whether the PDF's text layer is hidden OCR over page
// images.
func scannedPDF(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, m := range ocrMarkers {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// pdfText runs the engine on path and returns its UTF-8 text, pages ending in
// form feeds. Errors name the record as name.
func pdfText(ctx context.Context, path, name string, opt Options) (string, error) {
	if err := checkPDF(path, name); err != nil {
		return "", err
	}
	engine, exe, err := engineFor(opt.Engine)
	if err != nil {
		return "", err
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var args []string
	switch engine {
	case EngineMutool:
		args = []string{"draw", "-q", "-F", "txt", "-o", "-", path}
	default:
		args = []string{"-q", "-enc", "UTF-8", path, "-"}
	}
	cmd := exec.CommandContext(cctx, exe, args...)
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if cctx.Err() != nil {
		return "", badf(name, "%s timed out after %s", engine, timeout)
	}
	msg := strings.ToLower(errb.String())
	if strings.Contains(msg, "password") || strings.Contains(msg, "encrypt") {
		return "", badf(name, "encrypted PDF (needs a password)")
	}
	if err != nil {
		return "", badf(name, "%s failed: %s", engine, firstError(errb.String(), err))
	}
	return out.String(), nil
}

// firstError picks the engine's first error line, skipping warnings.
func firstError(stderr string, err error) string {
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "warning:") {
			return l
		}
	}
	return err.Error()
}
