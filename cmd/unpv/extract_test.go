package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/extract"
)

// withOutput captures stdout and stderr for one command run.
func withOutput(t *testing.T) (out, errOut *bytes.Buffer) {
	t.Helper()
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	oldOut, oldErr := stdout, stderr
	stdout, stderr = out, errOut
	t.Cleanup(func() { stdout, stderr = oldOut, oldErr })
	return out, errOut
}

func TestExtractCommand(t *testing.T) {
	good := filepath.Join("..", "..", "testdata", "extract", "S_PV.8701.mutool.txt")
	good2 := filepath.Join("..", "..", "testdata", "extract", "S_PV.10100.mutool.txt")
	bad := filepath.Join(t.TempDir(), "broken.pdf")
	if err := os.WriteFile(bad, []byte("not a pdf at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("jsonl with a bad file", func(t *testing.T) {
		out, errOut := withOutput(t)
		err := runExtract(ctx, []string{good, bad, good2})
		if code := exitCode(ctx, err); code != exitPartial {
			t.Fatalf("exit code %d (%v), want %d", code, err, exitPartial)
		}
		// The bad PDF is counted bad, not failed: the message does not
		// tell the user to try a broken file again.
		if diff := cmp.Diff(partialError{bad: 1, of: 3}, err, cmp.AllowUnexported(partialError{})); diff != "" {
			t.Errorf("error (-want +got):\n%s", diff)
		}
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], bad) || !strings.Contains(lines[0], "not a PDF") {
			t.Errorf("stderr should be one line naming the bad file and why: %q", errOut.String())
		}
		var symbols []string
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var s unpv.Speech
			if err := json.Unmarshal([]byte(l), &s); err != nil {
				t.Fatalf("bad JSONL line %q: %v", l, err)
			}
			if s.ID == "" || s.Text == "" || s.Role == "" {
				t.Errorf("incomplete speech %+v", s)
			}
			symbols = append(symbols, s.Symbol)
		}
		// Input order is kept although files are processed concurrently.
		want := "S/PV.8701 S/PV.8701 S/PV.10100 S/PV.10100"
		if got := strings.Join(symbols, " "); got != want {
			t.Errorf("speeches of %s, want %s", got, want)
		}
	})

	t.Run("json has meeting, votes and events", func(t *testing.T) {
		out, _ := withOutput(t)
		if err := runExtract(ctx, []string{"--format", "json", good}); err != nil {
			t.Fatal(err)
		}
		var recs []extract.Record
		if err := json.Unmarshal(out.Bytes(), &recs); err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Meeting.Symbol != "S/PV.8701" || len(recs[0].Votes) != 1 || len(recs[0].Events) == 0 {
			t.Errorf("json record: %+v", recs)
		}
	})

	t.Run("text", func(t *testing.T) {
		out, _ := withOutput(t)
		if err := runExtract(ctx, []string{"--format", "text", good}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "Vote on S/2020/27: 15-0-0 listed, 15-0-0 announced, adopted") {
			t.Errorf("text output:\n%s", out.String())
		}
	})

	// An engine that times out fails the command (exit 1: try again), as
	// the real PDF is not at fault; mutants counting it bad (exit 3)
	// survived.
	t.Run("engine timeout", func(t *testing.T) {
		withOutput(t)
		pdf := filepath.Join("..", "..", "testdata", "extract", "S_PV.8422_p2.pdf")
		err := runExtract(ctx, []string{"--timeout", "1ns", pdf})
		if code := exitCode(ctx, err); code != exitFailure || err == nil || !strings.Contains(err.Error(), "1 of 1 files failed for reasons outside them") {
			t.Errorf("exit code %d (%v), want %d naming the failure", code, err, exitFailure)
		}
	})

	// A path that does not exist is a typo: exit 2 before extracting
	// anything, also when it is the only one (a mutant checking for more
	// than one missing file survived).
	missing := filepath.Join(t.TempDir(), "S_PV.9999.pdf")
	t.Run("usage", func(t *testing.T) {
		withOutput(t)
		for _, args := range [][]string{{}, {"--format", "xml", good}, {missing}, {good, missing}} {
			if code := exitCode(ctx, runExtract(ctx, args)); code != exitUsage {
				t.Errorf("%q: exit code %d, want %d", args, code, exitUsage)
			}
		}
	})
}
