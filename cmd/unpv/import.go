package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/pipeline"
)

// runImport records documents from corpora the user holds: folders in the
// UN Security Council Debates per-speech format, UNGDC statements, or
// record PDFs. `unpv run` then extracts and classifies them.
func runImport(ctx context.Context, args []string) error {
	flags := newFlagSet("import", "[--format auto|unsc-debates|ungdc|pdf] [--meta FILE,…] [--speakers FILE] [--max-file-size SIZE] PATH…\n       unpv import --remove DOCUMENT,…\n       unpv import --list [--json] [TEXT…]")
	format := flags.String("format", "auto", "input format: auto (guess from file names, as the importers pick files), unsc-debates, ungdc or pdf")
	meta := flags.String("meta", "", "unsc-debates: comma-separated meeting-metadata tables inside PATH (default: every CSV/TSV at its root with a meeting column)")
	speakers := flags.String("speakers", "", "ungdc: speakers table inside PATH (default Speakers_by_session.csv when present)")
	jsonOut := flags.Bool("json", false, "print the summary (with --list the documents, with --remove those removed) as JSON")
	list := flags.Bool("list", false, "list the documents the store holds (key, origin, kind, size), only those whose key holds every TEXT given (any case); --json for JSON")
	remove := flags.String("remove", "", "comma-separated document keys (see 'unpv import --list') to remove with everything derived from them; a general-debate session's key ('ungdc:A/79/PV (general debate)') removes the statements of it you imported, and bundled ones they replaced come back with the next run")
	maxSize := limitFlag(flags, "max-file-size", limit.FileSize, "largest file read; larger ones, and anything not a regular file, are skipped as bad inputs (docs/limits.md)")
	if ok, err := parseFlags(flags, args); !ok {
		return err
	}
	if *list {
		if *remove != "" {
			return usagef("import: give --list or --remove, not both")
		}
		return listDocuments(ctx, flags.Args(), *jsonOut)
	}
	if *remove != "" {
		removed := []string{}
		err := pipeline.RemoveDocuments(ctx, global.dataDir, splitList(*remove), func(d string) {
			if !*jsonOut {
				fmt.Fprintf(stdout, "removed %s\n", d)
			}
			removed = append(removed, d)
		})
		if *jsonOut && (err == nil || len(removed) > 0) {
			printJSON(stdout, struct {
				Removed []string `json:"removed"`
			}{removed})
		}
		if errors.Is(err, unpv.ErrNotFound) {
			// A key that names nothing is a usage error, as a filter that
			// names nothing is to search and report; nothing was removed.
			return usageError{msg: fmt.Sprintf("import --remove: %v; nothing removed ('unpv import --list' shows the keys)", err), err: err}
		}
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
		opt := pipeline.PathOptions{Format: strings.ToLower(*format), Metadata: splitList(*meta), Speakers: *speakers, MaxFileSize: int64(*maxSize)}
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
			// Permission denied, an I/O error: a failure, not a mistake
			// in the command line.
			return fmt.Errorf("import: %w", err)
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

// documentRow is one line of `unpv import --list`.
type documentRow struct {
	Document  string `json:"document"`
	Origin    string `json:"origin"`
	Kind      string `json:"kind"`
	Symbol    string `json:"symbol,omitempty"`
	Bytes     int64  `json:"bytes"`
	URL       string `json:"url,omitempty"`
	FetchedAt string `json:"fetched_at,omitempty"`
}

// listDocuments prints the store's documents whose key holds every word of
// match, case folded: the keys to give `import --remove` are otherwise
// nowhere to be seen (a statement's key ends in its delegation's code).
func listDocuments(ctx context.Context, match []string, asJSON bool) error {
	srcs, err := pipeline.Documents(ctx, global.dataDir)
	if err != nil {
		return fmt.Errorf("import --list: %w", err)
	}
	rows := []documentRow{}
	for _, s := range srcs {
		key := strings.ToLower(s.Document)
		if !slices.ContainsFunc(match, func(m string) bool { return !strings.Contains(key, strings.ToLower(m)) }) {
			rows = append(rows, documentRow{s.Document, s.Origin, s.Kind, s.Symbol, s.Bytes, s.URL, s.FetchedAt})
		}
	}
	if asJSON {
		return printJSON(stdout, rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "document\torigin\tkind\tbytes")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", r.Document, r.Origin, r.Kind, r.Bytes)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d of %d documents\n", len(rows), len(srcs))
	return nil
}
