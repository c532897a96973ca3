package extract

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestFilesPanicQuarantines: a reader's bug on one file (a panic, here
// injected) makes that file a bad document with the reason, and the other
// files are read; before, the panic ended the process with exit status 2.
func TestFilesPanicQuarantines(t *testing.T) {
	defer func(f func(context.Context, string, Options) (*Record, error)) { readFile = f }(readFile)
	readFile = func(_ context.Context, p string, _ Options) (*Record, error) {
		if p == "bad.pdf" {
			var lines []string
			_ = lines[len(p)] // index out of range: the kind of bug a parser has
		}
		return &Record{Meeting: unpv.Meeting{Symbol: strings.TrimSuffix(p, ".pdf")}}, nil
	}
	recs, errs, err := Files(context.Background(), []string{"a.pdf", "bad.pdf", "c.pdf"}, Options{}, 2)
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	for i, want := range []string{"a", "", "c"} {
		if want == "" {
			if recs[i] != nil || !errors.Is(errs[i], unpv.ErrBadDocument) || !strings.Contains(errs[i].Error(), "bad.pdf") ||
				!strings.Contains(errs[i].Error(), "index out of range") {
				t.Errorf("file %d: record %v, error %v; want a bad document naming the file and the panic", i, recs[i], errs[i])
			}
			continue
		}
		if errs[i] != nil || recs[i] == nil || recs[i].Meeting.Symbol != want {
			t.Errorf("file %d: record %v, error %v; want %s", i, recs[i], errs[i], want)
		}
	}
}
