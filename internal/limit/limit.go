// Package limit bounds what unpv reads: input files (checked before
// reading, streamed, never devices or pipes) and input lines (an overlong
// line is skipped, not the rest of the file). The defaults and the flags
// that change them are listed in docs/limits.md.
package limit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"strconv"
	"strings"
)

// Defaults.
const (
	// FileSize is the largest input file read by default: a record PDF or
	// text, an imported speech file or table, and the text an engine makes
	// of a PDF. The largest record PDF in ../shared is 2.6 MB.
	FileSize int64 = 256 << 20
	// LineSize is the longest JSON Lines input line read by default.
	LineSize = 16 << 20
)

// Errors; both are the input's fault.
var (
	ErrTooLarge   = errors.New("over the size limit")
	ErrNotRegular = errors.New("not a regular file")
)

// Open opens path for reading when it is a regular file (symbolic links
// followed) of at most max bytes, checked on the opened file before any
// byte is read: /dev/zero, a FIFO or a 2 GB file fail at once. The path is
// checked before it is opened too, since opening a FIFO waits for a writer
// (an import of a folder holding one hung there); the check on the opened
// file catches a file replaced between the two. Reads past
// the size seen at open (a file that grows) still stop at max: read it
// through Reader(f, max).
func Open(path string, max int64) (*os.File, int64, error) {
	if fi, err := os.Stat(path); err == nil {
		if _, err := checkInfo(fi, path, max); err != nil {
			return nil, 0, err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	n, err := check(f, path, max)
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, n, nil
}

// OpenFS is Open for a file of fsys. Its check before opening needs fsys
// to implement fs.StatFS (os.DirFS does): fs.Stat on one that does not
// opens the file, and a FIFO's open waits for a writer.
func OpenFS(fsys fs.FS, name string, max int64) (fs.File, int64, error) {
	if fi, err := fs.Stat(fsys, name); err == nil {
		if _, err := checkInfo(fi, name, max); err != nil {
			return nil, 0, err
		}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	n, err := check(f, name, max)
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, n, nil
}

func check(f fs.File, name string, max int64) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return checkInfo(st, name, max)
}

func checkInfo(st fs.FileInfo, name string, max int64) (int64, error) {
	if !st.Mode().IsRegular() {
		return 0, fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, kind(st.Mode()))
	}
	if max > 0 && st.Size() > max {
		return 0, fmt.Errorf("%s: %s, %w of %s", name, Format(st.Size()), ErrTooLarge, Format(max))
	}
	return st.Size(), nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}

// ReadFile reads a regular file of fsys of at most max bytes.
func ReadFile(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, n, err := OpenFS(fsys, name, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	buf.Grow(int(n) + 1)
	if _, err := buf.ReadFrom(Reader(f, max)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Reader returns a reader of r that fails with an error wrapping
// ErrTooLarge once more than max bytes were read (max <= 0: no limit).
func Reader(r io.Reader, max int64) io.Reader {
	if max <= 0 {
		return r
	}
	return &capped{r: r, left: max, max: max}
}

type capped struct {
	r         io.Reader
	left, max int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err()
	}
	if int64(len(p)) > c.left+1 { // one byte more than allowed tells a longer input
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n + int(c.left), c.err()
	}
	return n, err
}

func (c *capped) err() error {
	return fmt.Errorf("longer than the %s limit: %w", Format(c.max), ErrTooLarge)
}

// ContextReader returns a reader of r that fails with ctx's error once ctx
// is done: a reader of lines (Lines) that skips an endless one, from
// /dev/zero or a runaway pipe, returns to its caller, which can then stop
// on an interrupt instead of reading on.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return &ctxReader{ctx, r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Line is one line of input, numbered from 1, without its line end.
type Line struct {
	N    int
	Text []byte // valid until the next iteration
}

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// Lines yields the lines of r, without their line ends (LF or CRLF) and
// without a byte order mark at the start of the first. A
// line longer than max bytes is yielded with an error wrapping ErrTooLarge
// and no text, and reading goes on after it: one bad line does not end the
// file, and it is never held in memory whole. A read error is yielded and
// ends the sequence.
func Lines(r io.Reader, max int) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		var buf []byte
		for n := 1; ; n++ {
			buf = buf[:0]
			over := false
			var err error
			for {
				var chunk []byte
				chunk, err = br.ReadSlice('\n')
				if !over && len(buf)+len(chunk) > max+2 { // room for "\r\n"
					over, buf = true, buf[:0]
				}
				if !over {
					buf = append(buf, chunk...)
				}
				if !errors.Is(err, bufio.ErrBufferFull) {
					break
				}
			}
			eof := errors.Is(err, io.EOF)
			if err != nil && !eof {
				yield(Line{N: n}, fmt.Errorf("line %d: %w", n, err))
				return
			}
			if len(buf) == 0 && !over && eof {
				return
			}
			text := bytes.TrimSuffix(buf, []byte("\n"))
			text = bytes.TrimSuffix(text, []byte("\r"))
			if n == 1 {
				// The UTF-8 byte order mark that Windows editors and
				// spreadsheets write first is no part of the first line.
				text = bytes.TrimPrefix(text, []byte(bom))
			}
			if over || len(text) > max {
				if !yield(Line{N: n}, fmt.Errorf("line %d: longer than %s: %w", n, Format(int64(max)), ErrTooLarge)) {
					return
				}
			} else if !yield(Line{N: n, Text: text}, nil) {
				return
			}
			if eof {
				return
			}
		}
	}
}

// Format prints a byte count for people: "256 MiB", "1.5 GiB", "900 B".
func Format(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + string("KMGTP"[exp]) + "iB"
}

// ParseSize reads a byte count: a number with an optional unit, B, KB, MB,
// GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), case-insensitive;
// "256MiB", "1.5 GB", "1048576".
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i:])
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1e3, "kib": 1 << 10, "m": 1 << 20, "mb": 1e6,
		"mib": 1 << 20, "g": 1 << 30, "gb": 1e9, "gib": 1 << 30, "t": 1 << 40, "tb": 1e12, "tib": 1 << 40}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || v < 0 || v*mult > 1<<62 {
		return 0, fmt.Errorf("size %q: want a number of bytes with an optional unit (256MiB, 1GB)", s)
	}
	return int64(v * mult), nil
}

// Size is a byte count as a flag value (flag.Var): it parses with
// ParseSize and prints with Format.
type Size int64

// Set implements flag.Value.
func (z *Size) Set(s string) error {
	n, err := ParseSize(s)
	if err != nil {
		return err
	}
	*z = Size(n)
	return nil
}

func (z *Size) String() string { return Format(int64(*z)) }
