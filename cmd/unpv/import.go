package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// Import formats.
const (
	formatAuto        = "auto"
	formatUNSCDebates = "unsc-debates"
	formatUNGDC       = "ungdc"
	formatPDF         = "pdf"
)

// runImport records documents from corpora the user holds: folders in the
// UN Security Council Debates per-speech format, UNGDC statements, or
// record PDFs. `unpv run` then extracts and classifies them.
func runImport(ctx context.Context, args []string) error {
	flags := newFlagSet("import", "[--format auto|unsc-debates|ungdc|pdf] [--meta FILE,…] [--speakers FILE] PATH…\n       unpv import --remove DOCUMENT,…")
	format := flags.String("format", formatAuto, "input format: auto (guess from file names), unsc-debates, ungdc or pdf")
	meta := flags.String("meta", "", "unsc-debates: comma-separated meeting-metadata tables inside PATH (default: every CSV/TSV at its root with a meeting column)")
	speakers := flags.String("speakers", "", "ungdc: speakers table inside PATH (default Speakers_by_session.csv when present)")
	jsonOut := flags.Bool("json", false, "print the summary as JSON")
	remove := flags.String("remove", "", "comma-separated document keys (see 'unpv status') to remove with everything derived from them")
	if ok, err := parseFlags(flags, args); !ok {
		return err
	}
	if *remove != "" {
		return removeDocuments(ctx, splitList(*remove))
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return usagef("import: give at least one folder or file")
	}
	var sources []pipeline.Source
	for _, p := range flags.Args() {
		info, err := os.Stat(p)
		if err != nil {
			return usagef("import: %v", err)
		}
		f := *format
		if f == formatAuto {
			if f, err = guessFormat(p, info); err != nil {
				return err
			}
		} else if f != formatUNSCDebates && f != formatUNGDC && f != formatPDF {
			return usagef("import: unknown --format %q", f)
		}
		src := importSource(p, info, f, splitList(*meta), *speakers)
		src.Name = fmt.Sprintf("import %s", filepath.Base(p))
		if len(flags.Args()) > 1 {
			src.Name = fmt.Sprintf("import %d %s", len(sources)+1, filepath.Base(p))
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

// importSource imports one folder (or one PDF) in format f.
func importSource(p string, info os.FileInfo, f string, meta []string, speakers string) pipeline.Source {
	return pipeline.Source{Name: "import", Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		var stats pipeline.ImportStats
		var err error
		abs, _ := filepath.Abs(p)
		switch {
		case f == formatPDF && !info.IsDir():
			stats, err = pipeline.ImportPDFs(ctx, st, dataDir, singleFileFS(p), filepath.Dir(abs), pipeline.OriginLocal)
		case f == formatPDF:
			stats, err = pipeline.ImportPDFs(ctx, st, dataDir, os.DirFS(p), abs, pipeline.OriginLocal)
		case !info.IsDir():
			return 0, 0, usagef("import: %s: the %s format needs a folder", p, f)
		case f == formatUNSCDebates:
			stats, err = pipeline.ImportMeetings(ctx, st, corpora.ImportUNSCDebates(os.DirFS(p),
				corpora.UNSCDebatesOptions{Metadata: meta}), pipeline.OriginImport)
		case f == formatUNGDC:
			stats, err = pipeline.ImportMeetings(ctx, st, corpora.ImportUNGDC(os.DirFS(p),
				corpora.UNGDCOptions{Speakers: speakers}), pipeline.OriginImport)
		}
		if stats.Bad > 0 && err == nil {
			err = partialError{bad: stats.Bad, of: stats.Bad + stats.Changed + stats.Unchanged}
		}
		return stats.Changed, stats.Unchanged, err
	}}
}

// singleFileFS exposes one file as the only entry of a file system.
func singleFileFS(p string) fs.FS {
	sub, _ := fs.Sub(os.DirFS(filepath.Dir(p)), ".")
	return onlyFS{sub, filepath.Base(p)}
}

type onlyFS struct {
	fs.FS
	name string
}

func (o onlyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(o.FS, name)
	var out []fs.DirEntry
	for _, e := range ents {
		if e.Name() == o.name {
			out = append(out, e)
		}
	}
	return out, err
}

// guessFormat looks at file names: UNSC_2020_SPV…_spch001.txt means the
// UNSC Debates format, ARM_69_2014.txt UNGDC, *.pdf record PDFs.
func guessFormat(p string, info os.FileInfo) (string, error) {
	if !info.IsDir() {
		if strings.EqualFold(filepath.Ext(p), ".pdf") || strings.EqualFold(filepath.Ext(p), ".txt") {
			return formatPDF, nil
		}
		return "", usagef("import: cannot tell the format of %s; use --format", p)
	}
	counts := map[string]int{}
	filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		n := d.Name()
		switch {
		case strings.HasPrefix(n, "UNSC_") && strings.Contains(n, "_spch"):
			counts[formatUNSCDebates]++
		case ungdcName(n):
			counts[formatUNGDC]++
		case strings.EqualFold(filepath.Ext(n), ".pdf"):
			counts[formatPDF]++
		}
		return nil
	})
	best, n := "", 0
	for _, f := range []string{formatUNSCDebates, formatUNGDC, formatPDF} {
		if counts[f] > n {
			best, n = f, counts[f]
		}
	}
	if best == "" {
		return "", usagef("import: %s has no UNSC_*_spch*.txt, CODE_SESSION_YEAR.txt or *.pdf files; use --format", p)
	}
	return best, nil
}

func ungdcName(n string) bool {
	parts := strings.Split(strings.TrimSuffix(n, ".txt"), "_")
	return strings.HasSuffix(n, ".txt") && len(parts) == 3 && len(parts[0]) == 3 && strings.ToUpper(parts[0]) == parts[0]
}

// removeDocuments deletes sources and everything derived from them, under
// the data-directory lock; the next run rebuilds the index and reports.
func removeDocuments(ctx context.Context, docs []string) error {
	lock, err := pipeline.AcquireLock(global.dataDir, "import --remove")
	if err != nil {
		return err
	}
	defer lock.Release()
	st, err := store.Open(ctx, global.dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, d := range docs {
		if _, err := st.Source(ctx, d); err != nil {
			return fmt.Errorf("import --remove: %w", err)
		}
		if err := st.DeleteSource(ctx, d); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed %s\n", d)
	}
	return nil
}
