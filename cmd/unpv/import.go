package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/pipeline"
)

// runImport records documents from corpora the user holds: folders in the
// UN Security Council Debates per-speech format, UNGDC statements, or
// record PDFs. `unpv run` then extracts and classifies them.
func runImport(ctx context.Context, args []string) error {
	flags := newFlagSet("import", "[--format auto|unsc-debates|ungdc|pdf] [--meta FILE,…] [--speakers FILE] [--max-file-size SIZE] PATH…\n       unpv import --remove DOCUMENT,…")
	format := flags.String("format", "auto", "input format: auto (guess from file names, as the importers pick files), unsc-debates, ungdc or pdf")
	meta := flags.String("meta", "", "unsc-debates: comma-separated meeting-metadata tables inside PATH (default: every CSV/TSV at its root with a meeting column)")
	speakers := flags.String("speakers", "", "ungdc: speakers table inside PATH (default Speakers_by_session.csv when present)")
	jsonOut := flags.Bool("json", false, "print the summary as JSON")
	remove := flags.String("remove", "", "comma-separated document keys (see 'unpv status') to remove with everything derived from them; a general-debate session's key ('ungdc:A/79/PV (general debate)') removes the statements of it you imported, and bundled ones they replaced come back with the next run")
	maxSize := limitFlag(flags, "max-file-size", limit.FileSize, "largest file read; larger ones, and anything not a regular file, are skipped as bad inputs (docs/limits.md)")
	if ok, err := parseFlags(flags, args); !ok {
		return err
	}
	if *remove != "" {
		err := pipeline.RemoveDocuments(ctx, global.dataDir, splitList(*remove), func(d string) { fmt.Fprintf(stdout, "removed %s\n", d) })
		if err != nil {
			return fmt.Errorf("import --remove: %w", err)
		}
		return nil
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return usagef("import: give at least one folder or file")
	}
	var sources []pipeline.Source
	for i, p := range flags.Args() {
		opt := pipeline.PathOptions{Format: *format, Metadata: splitList(*meta), Speakers: *speakers, MaxFileSize: int64(*maxSize)}
		if opt.Format == "auto" {
			opt.Format = ""
		}
		if flags.NArg() > 1 {
			opt.Name = fmt.Sprintf("import %d %s", i+1, filepath.Base(p))
		}
		src, err := pipeline.PathSource(p, opt)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return usagef("import: %s: no such file or folder", p)
		case errors.Is(err, corpora.ErrUnknownFormat):
			return usagef("import: %v (see --format)", err)
		case err != nil:
			return usagef("import: %v", err)
		}
		sources = append(sources, src)
	}
	opt := pipelineOptions("import", args, 0)
	opt.Sources = sources
	sum, err := pipeline.Run(ctx, opt)
	printSummary(stdout, sum, *jsonOut)
	if err == nil && !*jsonOut {
		fmt.Fprintln(stdout, "run 'unpv run' to extract, classify, index and report the imported documents")
	}
	return err
}
