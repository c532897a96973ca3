package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
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
	// MaxFileSize bounds the input file and the text the engine makes of
	// it, in bytes; 0 means DefaultMaxFileSize. A larger file or text is a
	// bad document.
	MaxFileSize int64
}

// DefaultMaxFileSize is Options.MaxFileSize when zero (docs/limits.md).
const DefaultMaxFileSize = limit.FileSize

func (o Options) maxText() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

// ErrNoEngine is returned when neither mutool nor pdftotext is installed.
var ErrNoEngine = errors.New("no PDF engine: install mupdf-tools (mutool) or poppler-utils (pdftotext)")

// ErrEngine marks a PDF engine failure that is not the document's fault:
// the engine was killed from outside (Ctrl-C, SIGTERM, the OOM killer),
// timed out, ran out of memory or could not start. The pipeline records
// nothing for the document, so the next run retries it.
var ErrEngine = errors.New("PDF engine failed (not the document's fault; retried next run)")

// ErrUnknownEngine is returned for an engine name that is neither
// EngineMutool nor EnginePdftotext.
var ErrUnknownEngine = errors.New("unknown PDF engine")

// Engines are the engine names Options.Engine accepts besides "".
var Engines = []string{EngineMutool, EnginePdftotext}

// CheckEngine reports an error wrapping ErrUnknownEngine for a name that is
// neither "" nor one of Engines, before any file is read.
func CheckEngine(name string) error {
	if name == "" || slices.Contains(Engines, name) {
		return nil
	}
	return fmt.Errorf("%w %q (want %s or %s)", ErrUnknownEngine, name, EngineMutool, EnginePdftotext)
}

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
	return "", "", CheckEngine(name)
}

// badf wraps unpv.ErrBadDocument with the file name and a reason.
func badf(path, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", path, fmt.Sprintf(format, args...), unpv.ErrBadDocument)
}

// checkPDF rejects files that are not PDFs, are too large or were cut
// short, before the engine gets a chance to "repair" them into partial text.
func checkPDF(path, name string, max int64) error {
	f, size, err := openInput(path, name, max)
	if err != nil {
		return err
	}
	defer f.Close()
	if size == 0 {
		return badf(name, "empty file")
	}
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	if !bytes.Contains(head[:n], []byte("%PDF-")) {
		return badf(name, "not a PDF (no %%PDF- header)")
	}
	const tailLen = 4096
	off := size - tailLen
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

// openInput opens an input file that must be a regular file of at most max
// bytes; anything else is a bad document.
func openInput(path, name string, max int64) (*os.File, int64, error) {
	f, size, err := limit.Open(path, max)
	switch {
	case errors.Is(err, limit.ErrTooLarge):
		return nil, 0, badf(name, "%v (--max-file-size)", strings.TrimPrefix(err.Error(), path+": "))
	case errors.Is(err, limit.ErrNotRegular):
		// No size limit would let it in: not named, so nobody raises one.
		return nil, 0, badf(name, "%v", strings.TrimPrefix(err.Error(), path+": "))
	}
	return f, size, err
}

// scannedPDF reports whether the PDF's text layer is hidden OCR over page
// images. The file is scanned in blocks, never read whole.
func scannedPDF(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	const block = 1 << 20
	overlap := 0
	for _, m := range ocrMarkers {
		overlap = max(overlap, len(m)-1)
	}
	buf := make([]byte, overlap+block)
	kept := 0
	for {
		n, err := io.ReadFull(f, buf[kept:])
		b := buf[:kept+n]
		for _, m := range ocrMarkers {
			if bytes.Contains(b, m) {
				return true
			}
		}
		if err != nil {
			return false
		}
		kept = copy(buf, b[len(b)-overlap:])
	}
}

// pdfText runs the engine on path and returns its UTF-8 text, pages ending in
// form feeds. Errors name the record as name.
//
// Failures are classified here, where their cause is known: what the
// document causes (the engine rejects it, it needs a password, its text
// overruns Options.MaxFileSize, the engine crashes on it) wraps unpv.ErrBadDocument
// and quarantines it; what the environment causes (the engine killed from
// outside, by Ctrl-C, SIGTERM or the kernel's OOM killer; timed out; out of
// memory; could not start) wraps ErrEngine, records nothing and is retried
// by the next run.
func pdfText(ctx context.Context, path, name string, opt Options) (string, error) {
	if err := checkPDF(path, name, opt.maxText()); err != nil {
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
	// The text and the messages are held in memory: bound both, so that a
	// PDF that inflates to gigabytes of text cannot exhaust it.
	out := &cappedBuffer{max: opt.maxText()}
	errb := &cappedBuffer{max: 64 << 10, keepGoing: true}
	cmd.Stdout, cmd.Stderr = out, errb
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if out.over {
		return "", badf(name, "%s made more than %s of text (--max-file-size)", engine, limit.Format(out.max))
	}
	if cctx.Err() != nil {
		return "", fmt.Errorf("%s: %s timed out after %s (--timeout): %w", name, engine, timeout, ErrEngine)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return "", fmt.Errorf("%s: %s: %v: %w", name, engine, err, ErrEngine)
	}
	if ee != nil && killedFromOutside(ee.ProcessState) {
		return "", fmt.Errorf("%s: %s %v: %w", name, engine, ee, ErrEngine)
	}
	msg := strings.ToLower(errb.String())
	if strings.Contains(msg, "password") || strings.Contains(msg, "encrypt") {
		return "", badf(name, "encrypted PDF (needs a password)")
	}
	if err != nil && (strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate")) {
		return "", fmt.Errorf("%s: %s ran out of memory: %w", name, engine, ErrEngine)
	}
	if err != nil {
		return "", badf(name, "%s failed: %s", engine, firstError(errb.String(), err))
	}
	return out.String(), nil
}

// cappedBuffer keeps what is written to it up to max bytes; a write past
// max fails, which stops the engine (its pipe closes). (Not an embedded
// bytes.Buffer: io.Copy would use the buffer's ReadFrom and bypass Write.)
// With keepGoing (the engine's messages: a scan makes megabytes of
// warnings) the rest is dropped instead and the engine goes on.
type cappedBuffer struct {
	buf       bytes.Buffer
	max       int64
	over      bool
	keepGoing bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := c.max - int64(c.buf.Len()); int64(len(p)) > room {
		c.over = true
		if !c.keepGoing {
			return 0, errTooMuchText
		}
		c.buf.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.buf.Write(p)
}

func (c *cappedBuffer) String() string { return c.buf.String() }

var errTooMuchText = errors.New("engine output over the limit")

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
