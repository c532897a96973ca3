package limit

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.pdf")
	os.WriteFile(small, []byte("%PDF-1.4 hello"), 0o644)
	big := filepath.Join(dir, "big.pdf")
	os.WriteFile(big, bytes.Repeat([]byte("x"), 2000), 0o644)
	if f, n, err := Open(small, 100); err != nil || n != 14 {
		t.Errorf("small file: %d, %v", n, err)
	} else {
		f.Close()
	}
	if _, _, err := Open(big, 1000); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1000 B") {
		t.Errorf("big file: %v", err)
	}
	if _, _, err := Open(dir, 1000); !errors.Is(err, ErrNotRegular) {
		t.Errorf("directory: %v", err)
	}
	if runtime.GOOS != "windows" {
		// The reproduction of issue 14: a .pdf symbolic link to /dev/zero.
		zero := filepath.Join(dir, "zero.pdf")
		if err := os.Symlink("/dev/zero", zero); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Open(zero, 1000); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "device") {
			t.Errorf("/dev/zero: %v", err)
		}
		dangling := filepath.Join(dir, "gone.pdf")
		os.Symlink(filepath.Join(dir, "nowhere.pdf"), dangling)
		if _, _, err := Open(dangling, 1000); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("dangling link: %v", err)
		}
		b, err := ReadFile(os.DirFS(dir), "zero.pdf", 1000)
		if !errors.Is(err, ErrNotRegular) || b != nil {
			t.Errorf("ReadFile /dev/zero: %d bytes, %v", len(b), err)
		}
	}
}

func TestReader(t *testing.T) {
	for _, tt := range []struct {
		in   string
		max  int64
		want string
		err  bool
	}{
		{"hello", 5, "hello", false},
		{"hello", 10, "hello", false},
		{"hello!", 5, "hello", true},
		{"", 0, "", false},
		{"hello", 0, "hello", false}, // no limit
	} {
		var out bytes.Buffer
		_, err := io.Copy(&out, Reader(iotest{strings.NewReader(tt.in)}, tt.max))
		if out.String() != tt.want || errors.Is(err, ErrTooLarge) != tt.err {
			t.Errorf("Reader(%q, %d) = %q, %v", tt.in, tt.max, out.String(), err)
		}
	}
	fsys := fstest.MapFS{"a.txt": {Data: []byte("abcdef")}}
	if b, err := ReadFile(fsys, "a.txt", 6); err != nil || string(b) != "abcdef" {
		t.Errorf("ReadFile at the limit: %q %v", b, err)
	}
	if _, err := ReadFile(fsys, "a.txt", 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile over the limit: %v", err)
	}
}

// iotest hands out one byte at a time, the worst case for a limit.
type iotest struct{ r io.Reader }

func (o iotest) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

type gotLine struct {
	N    int
	Text string
	Err  bool
}

func collect(r io.Reader, max int) []gotLine {
	var out []gotLine
	for l, err := range Lines(r, max) {
		out = append(out, gotLine{l.N, string(l.Text), errors.Is(err, ErrTooLarge)})
	}
	return out
}

func TestLines(t *testing.T) {
	long := strings.Repeat("y", 200<<10) // longer than the reader's buffer
	in := "a\n\nbb\r\n" + long + "\nccc\n" + long + "x"
	got := collect(strings.NewReader(in), 100<<10)
	want := []gotLine{{1, "a", false}, {2, "", false}, {3, "bb", false}, {4, "", true}, {5, "ccc", false}, {6, "", true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if got := collect(strings.NewReader("abcd\nabcde\nabc"), 4); !cmp.Equal(got, []gotLine{{1, "abcd", false}, {2, "", true}, {3, "abc", false}}) {
		t.Errorf("at the limit: %v", got)
	}
	if got := collect(strings.NewReader(""), 4); len(got) != 0 {
		t.Errorf("empty input: %v", got)
	}
	// A byte order mark (Notepad, spreadsheets' "UTF-8" export) is dropped
	// from the first line only: it made a JSON line malformed.
	for _, tc := range []struct {
		name, in string
		want     []gotLine
	}{
		{"first line", "\ufeff{}\r\nb\n", []gotLine{{1, "{}", false}, {2, "b", false}}},
		{"only a mark", "\ufeff", []gotLine{{1, "", false}}},
		{"second line", "a\n\ufeffb", []gotLine{{1, "a", false}, {2, "\ufeffb", false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, collect(strings.NewReader(tc.in), 100)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for in, want := range map[string]int64{"256MiB": 256 << 20, "1GB": 1e9, "1.5 gib": 3 << 29, "900": 900, "16mb": 16e6, "2k": 2048, "100KB": 100e3, "100KiB": 100 << 10, "1kb": 1000} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "-1", "12 parsecs", "1e30"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	for n, want := range map[int64]string{900: "900 B", 256 << 20: "256 MiB", 3 << 29: "1.5 GiB", 16 << 20: "16 MiB", 1 << 10: "1 KiB", 1 << 20: "1 MiB", 1 << 30: "1 GiB"} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzLines checks Lines against a plain split: every line within the
// limit comes back unchanged and numbered, every longer one as an error.
func FuzzLines(f *testing.F) {
	f.Add("a\nbb\r\nccc", 2)
	f.Add(strings.Repeat("z", 70000)+"\nq", 65536)
	f.Add("\n\n\n", 1)
	f.Fuzz(func(t *testing.T, in string, max int) {
		if max < 1 || max > 1<<20 {
			return
		}
		var want []gotLine
		parts := strings.Split(in, "\n")
		if parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		for i, p := range parts {
			p = strings.TrimSuffix(p, "\r")
			if len(p) > max {
				want = append(want, gotLine{i + 1, "", true})
			} else {
				want = append(want, gotLine{i + 1, p, false})
			}
		}
		if diff := cmp.Diff(want, collect(strings.NewReader(in), max)); diff != "" {
			t.Errorf("Lines(%q, %d) (-split +Lines):\n%s", in, max, diff)
		}
	})
}

// FuzzSize: whatever ParseSize accepts is a non-negative count, and what
// Format prints parses back to within its rounding.
func FuzzSize(f *testing.F) {
	f.Add("256MiB")
	f.Add("1.5 GB")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
		back, err := ParseSize(strings.ReplaceAll(Format(n), " ", ""))
		if err != nil || float64(back) < float64(n)*0.94 || float64(back) > float64(n)*1.06+1 {
			t.Errorf("Format(%d) = %q parses to %d, %v", n, Format(n), back, err)
		}
	})
}

// endless is /dev/zero without newlines: one line that never ends. It
// calls tick, when set, on every read.
type endless struct{ tick func() }

func (e endless) Read(p []byte) (int, error) {
	if e.tick != nil {
		e.tick()
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestContextReader: Lines over an endless line skips it without end; read
// through ContextReader it stops with the context's error once the context
// is done (an interrupted `classify --in /dev/stdin < /dev/zero` read on).
func TestContextReader(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cancelAfter int // reads; 0: cancelled before the first
	}{{"cancelled before", 0}, {"cancelled while reading", 50}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			reads := 0
			if tc.cancelAfter == 0 {
				cancel()
			}
			r := ContextReader(ctx, endless{tick: func() {
				if reads++; reads == tc.cancelAfter {
					cancel()
				}
			}})
			var last error
			for _, err := range Lines(r, 1<<10) {
				last = err
			}
			if !errors.Is(last, context.Canceled) {
				t.Errorf("last error %v, want context.Canceled", last)
			}
		})
	}
}
