package classify

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv/internal/limit"
)

// TestReadPairFile: a pairs file (`unpv classify --eval`, `--extra`) is
// read as every input file is: a device or a file over limit.FileSize
// fails at once naming the file (os.Open read /dev/zero until memory ran
// out), and a line over limit.LineSize is a bad line, skipped, where
// bufio.Scanner failed the whole file on it ("token too long").
func TestReadPairFile(t *testing.T) {
	dir := t.TempDir()
	good := `{"id":"a","speaker":"KEN","target":"AU","sentence":"We commend the African Union.","label":"recognition"}`
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	long := write("long.jsonl", good+"\n"+strings.Repeat("\x00", limit.LineSize+1)+"\n"+strings.Replace(good, `"a"`, `"c"`, 1)+"\n")
	big := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk taken, and it must not be read.
	if err := f.Truncate(limit.FileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name, path string
		ids        []string
		bad        []string
		err        error
		errText    string
	}{
		{name: "overlong line skipped", path: long, ids: []string{"a", "c"}, bad: []string{"line 2: longer than 16 MiB: over the size limit"}},
		{name: "over the file limit", path: big, err: limit.ErrTooLarge, errText: big + ": 256 MiB, over the size limit of 256 MiB"},
		{name: "a directory", path: dir, err: limit.ErrNotRegular, errText: dir + ": not a regular file (a directory)"},
		{name: "a device", path: "/dev/zero", err: limit.ErrNotRegular, errText: "/dev/zero: not a regular file (a device)"},
		{name: "missing", path: filepath.Join(dir, "none.jsonl"), err: os.ErrNotExist, errText: "open " + filepath.Join(dir, "none.jsonl") + ": no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.path == "/dev/zero" {
				if _, err := os.Stat(tc.path); err != nil {
					t.Skip("no /dev/zero")
				}
			}
			pairs, bad, err := ReadPairFile(tc.path)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || err.Error() != tc.errText {
					t.Fatalf("error %v, want %q", err, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids, bads []string
			for _, p := range pairs {
				ids = append(ids, p.ID)
			}
			for _, e := range bad {
				bads = append(bads, e.Error())
			}
			if diff := cmp.Diff(tc.ids, ids); diff != "" {
				t.Errorf("pairs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.bad, bads); diff != "" {
				t.Errorf("bad lines (-want +got):\n%s", diff)
			}
		})
	}
}
