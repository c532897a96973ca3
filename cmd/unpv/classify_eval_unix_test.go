//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/limit"
)

// TestClassifyEvalNotAFile: a pairs file given to --eval or --extra, a dev
// file in `classify train --pairs DIR`, or a .vec to `classify vectors`,
// that is a named pipe, a device or over the
// size limit fails at once (exit 1, as --in and --model naming one do),
// naming the file: os.Open waited for a writer to the pipe for good, read
// /dev/zero until "token too long", and read a file of any size.
func TestClassifyEvalNotAFile(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join("..", "..", defaultTrainingData, "gold-dev.jsonl")
	fifo := filepath.Join(dir, "pairs.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A folder of training pairs whose first dev file is a pipe.
	pairsDir := filepath.Join(dir, "pairs")
	devFifo := filepath.Join(pairsDir, classify.DevFiles[0])
	if err := os.Mkdir(pairsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(devFifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(limit.FileSize + 1); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"eval a pipe", []string{"classify", "--eval", fifo, "--resamples", "0"}, "pairs.jsonl: not a regular file (a named pipe)"},
		{"extra a pipe", []string{"classify", "--eval", gold, "--cv", "2", "--extra", fifo, "--resamples", "0"}, "pairs.jsonl: not a regular file (a named pipe)"},
		{"eval a device", []string{"classify", "--eval", "/dev/zero", "--resamples", "0"}, "/dev/zero: not a regular file (a device)"},
		{"eval over the size limit", []string{"classify", "--eval", big, "--resamples", "0"}, "big.jsonl: 256 MiB, over the size limit of 256 MiB"},
		{"vectors of a pipe", []string{"classify", "vectors", "--vec", fifo, "--out", filepath.Join(dir, "v.bin")}, "pairs.jsonl: not a regular file (a named pipe)"},
		// Fails before any training: the other dev files are missing.
		{"train on a folder with a pipe", []string{"classify", "train", "--pairs", pairsDir, "--out", filepath.Join(dir, "model.json")}, classify.DevFiles[0] + ": not a regular file (a named pipe)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blocked := writerLater(fifo)
			blockedDev := writerLater(devFifo)
			defer func() {
				if blockedDev() {
					t.Errorf("waited for a writer to %s", devFifo)
				}
			}()
			code, _, e := cli(t, nil, tc.args...)
			if blocked() {
				t.Errorf("waited for a writer to %s", fifo)
			}
			if code != exitFailure || !strings.Contains(e, tc.want) {
				t.Errorf("exit %d, want %d saying %q\n%s", code, exitFailure, tc.want, e)
			}
		})
	}
}

// TestClassifyEvalLongLine: a pairs line over 16 MiB (a binary file's) is
// skipped as a bad line (exit 3) and the other pairs are scored, as --in
// skips one; bufio.Scanner failed the whole file on it ("token too long",
// exit 1).
func TestClassifyEvalLongLine(t *testing.T) {
	good := `{"speaker":"KEN","target":"AU","sentence":"We salute the African Union for its leadership in Somalia.","label":"recognition"}`
	path := filepath.Join(t.TempDir(), "pairs.jsonl")
	if err := os.WriteFile(path, []byte(good+"\n"+strings.Repeat("\x00", 17<<20)+"\n"+good+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := classifyCLI(t, "", "--eval", path, "--resamples", "0")
	if code != exitPartial || !strings.Contains(errOut, "pairs.jsonl: line 2: longer than 16 MiB") || !strings.Contains(out, ": 2 pairs, model ") {
		t.Errorf("exit %d, want %d, line 2 reported and the 2 pairs scored\nstdout: %.300s\nstderr: %s", code, exitPartial, out, errOut)
	}
}
