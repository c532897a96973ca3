package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/internal/limit"
)

// defaultVectors is where the shipped word vectors live, relative to the repository root.
const defaultVectors = "classify/vectors.bin.gz"

// runClassifyVectors builds the shipped word vectors in two steps around
// an external trainer (scripts/build-vectors.sh runs them with Debian's
// fastText): --prepare writes the General Debate Corpus as the classifier
// tokenises it, one sentence a line; --vec converts the trained vectors
// into the compact file the classifier embeds.
func runClassifyVectors(ctx context.Context, args []string) error {
	fs := newFlagSet("classify vectors", "--prepare UNGDC_DIR --out CORPUS.txt\n       unpv classify vectors --vec VECTORS.vec [--words N] [--out FILE]")
	prepare := fs.String("prepare", "", "folder of the unpacked UN General Debate Corpus: write its sentences, tokenised as the classifier reads them")
	vec := fs.String("vec", "", "word vectors in fastText's text format to convert")
	words := fs.Int("words", 20000, "with --vec: keep the most frequent N words")
	out := fs.String("out", "", "output file (default "+defaultVectors+" with --vec; required with --prepare)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	switch {
	case fs.NArg() > 0 || (*prepare == "") == (*vec == ""):
		fs.Usage()
		return usagef("classify vectors: give one of --prepare or --vec")
	case *prepare != "" && *out == "":
		return usagef("classify vectors: --prepare needs --out")
	case *words < 1:
		return usagef("classify vectors: --words must be positive")
	}
	if *prepare != "" {
		return prepareVectorCorpus(ctx, *prepare, *out)
	}
	if *out == "" {
		*out = defaultVectors
	}
	// A regular file of any size: ConvertVEC streams it and keeps --words
	// vectors, and a whole vocabulary's .vec passes limit.FileSize; a pipe
	// waited for a writer and a device was read on.
	f, _, err := limit.Open(*vec, 0)
	if err != nil {
		return fmt.Errorf("classify vectors: %w", err)
	}
	defer f.Close()
	v, err := classify.ConvertVEC(f, *words)
	if err != nil {
		return fmt.Errorf("classify vectors: %s: %w", *vec, err)
	}
	w, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("classify vectors: %w", err)
	}
	if err := classify.WriteVectors(w, v); err != nil {
		w.Close()
		return fmt.Errorf("classify vectors: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("classify vectors: %w", err)
	}
	say(slog.LevelInfo, "classify vectors: %d words × %d dimensions → %s", v.Len(), v.Dim, *out)
	return nil
}

// prepareVectorCorpus writes every statement of the corpus in dir, one
// sentence a line, in the classifier's own words.
func prepareVectorCorpus(ctx context.Context, dir, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("classify vectors: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n, words := 0, 0
	for m, err := range corpora.ImportUNGDC(os.DirFS(dir), corpora.UNGDCOptions{}) {
		if err != nil {
			f.Close()
			return fmt.Errorf("classify vectors: %w", err)
		}
		if err := ctx.Err(); err != nil {
			f.Close()
			return err
		}
		for _, sp := range m.Speeches {
			n++
			for _, s := range extract.Sentences(sp) {
				ws := classify.Words(s.Text)
				words += len(ws)
				for i, x := range ws {
					if i > 0 {
						w.WriteByte(' ')
					}
					w.WriteString(x)
				}
				w.WriteByte('\n')
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("classify vectors: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("classify vectors: %w", err)
	}
	say(slog.LevelInfo, "classify vectors: %d statements, %d words → %s", n, words, out)
	return nil
}
