package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/pipeline"
)

// runAnnotate moves researchers' labels in and out of the store and
// reports agreement (the labelling page itself is in `unpv serve`).
func runAnnotate(ctx context.Context, args []string) error {
	usage := "annotate export [--codings] [--out FILE]\n       unpv annotate import [--coder NAME] [--queue TEXT] FILE…\n       unpv annotate stats [--json]"
	if len(args) == 0 {
		return usagef("annotate: give export, import or stats\nUsage: unpv %s", usage)
	}
	switch sub, rest := subcommand(args, "export", "import", "stats"); sub {
	case "export":
		return runAnnotateExport(ctx, rest)
	case "import":
		return runAnnotateImport(ctx, rest)
	case "stats":
		return runAnnotateStats(ctx, rest)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintf(stderr, "Usage: unpv %s\n\nLabel pairs on the page of 'unpv serve' (/annotate); see docs/annotate.md.\n", usage)
		return nil
	}
	return usagef("annotate: unknown subcommand %q (want export, import or stats)", args[0])
}

func runAnnotateExport(ctx context.Context, args []string) error {
	fs := newFlagSet("annotate export", "[--codings] [--out FILE]")
	codings := fs.Bool("codings", false, "every coding act, labels and skips, with coders, notes, times, queues and adjudications, instead of one line per pair with its hand label")
	out := fs.String("out", "-", `JSON Lines file to write ("-" for stdout)`)
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("annotate export: unexpected arguments %q", fs.Args())
	}
	if strings.TrimSpace(*out) == "" {
		// It failed after the export, renaming the file written to "".
		return usagef(`annotate export: --out: give a file name, or "-" for stdout`)
	}
	w := stdout
	var f *os.File
	if *out != "-" {
		var err error
		if f, err = outfile.CreateTemp(filepath.Dir(*out), ".annotate-export-*"); err != nil {
			return outError(*out, err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		w = f
	}
	n, err := pipeline.ExportAnnotations(ctx, global.dataDir, w, pipeline.ExportOptions{Codings: *codings})
	if err != nil {
		return fmt.Errorf("annotate export: %w", err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("annotate export: %w", err)
		}
		if err := os.Rename(f.Name(), *out); err != nil {
			return outError(*out, err)
		}
	}
	what := "labelled pairs"
	if *codings {
		what = "codings"
	}
	say(slog.LevelInfo, "annotate export: %d %s", n, what)
	return nil
}

// outError names the file --out gave, not the temporary file written
// beside it first: "open /nonexistent/.annotate-export-2583680005: no such
// file or directory" named a file the user never asked for.
func outError(out string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("annotate export: --out %s: %w", out, err)
}

func runAnnotateImport(ctx context.Context, args []string) error {
	fs := newFlagSet("annotate import", "[--coder NAME] [--queue TEXT] FILE… (\"-\" for stdin)")
	coder := fs.String("coder", "", "coder of the lines that name none (gold files)")
	queue := fs.String("queue", "", `queue recorded for lines without one (default "import FILE")`)
	maxLine := limitFlag(fs, "max-line", limit.LineSize, "longest input line; longer lines are skipped as bad (docs/limits.md)")
	maxFile := limitFlag(fs, "max-file-size", limit.FileSize, "largest input file")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("annotate import: give one or more JSON Lines files")
	}
	if *coder != "" {
		if err := annotate.CheckCoder(*coder); err != nil {
			return usagef("annotate import: --coder: %v", err)
		}
	}
	// A random queue's text makes its codings a sample whose pairs
	// estimate the model's accuracy and the coders' agreement: 20 gold dev
	// pairs imported as "random seed=9" read as a sample, accuracy 1.000
	// [0.839, 1.000]. (A codings export keeps its acts' own queues.)
	if annotate.RandomQueue(strings.TrimSpace(*queue)) {
		return usagef("annotate import: --queue %q: a random queue's text names a sample drawn on the labelling page, whose pairs estimate the model's accuracy; a file's lines are no such draw: give another text", *queue)
	}
	bad, total, added := 0, 0, 0
	for _, path := range fs.Args() {
		recs, lineErrs, err := readRecords(path, int64(*maxFile), int(*maxLine))
		if err != nil {
			return fmt.Errorf("annotate import: %w", err)
		}
		for _, e := range lineErrs {
			say(slog.LevelWarn, "annotate import: %s: %v", path, e)
		}
		q := *queue
		if q == "" {
			q = "import " + filepath.Base(path)
		}
		res, err := pipeline.ImportAnnotations(ctx, global.dataDir, recs, pipeline.ImportOptions{Coder: *coder, Queue: q})
		if err != nil {
			return fmt.Errorf("annotate import: %s: %w", path, err)
		}
		for _, u := range res.Unmatched {
			say(slog.LevelWarn, "annotate import: %s: %s", path, u)
		}
		noCoder := res.Matched - (res.Records - len(res.Unmatched)) // matched, but refused: no coder
		without := ""
		if noCoder > 0 {
			without = fmt.Sprintf(", %d without a coder", noCoder)
		}
		say(slog.LevelInfo, "annotate import: %s: %d records, %d matched in the store, %d codings added (%d already there%s)",
			path, res.Records, res.Matched, res.Added, res.Matched-noCoder-res.Added, without)
		bad += len(lineErrs) + len(res.Unmatched)
		total += len(lineErrs) + res.Records
		added += res.Added
	}
	if added > 0 {
		// The store's hand labels changed; the search index has not
		// followed, and a running `unpv serve` reindexes after codings on
		// its own page only: its searches kept the model's labels, unsaid.
		fmt.Fprintln(stderr, "annotate import: reports and the search index follow at the next 'unpv run' ('unpv index' for the index alone; a running 'unpv serve' reindexes after codings on its own page only)")
	}
	if bad > 0 {
		return partialError{bad: bad, of: total}
	}
	return nil
}

func readRecords(path string, maxFile int64, maxLine int) ([]annotate.Record, []*annotate.LineError, error) {
	if path == "-" {
		return annotate.ReadRecords(limit.Reader(stdin, maxFile), maxLine)
	}
	f, _, err := limit.Open(path, maxFile)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return annotate.ReadRecords(limit.Reader(f, maxFile), maxLine)
}

func runAnnotateStats(ctx context.Context, args []string) error {
	fs := newFlagSet("annotate stats", "[--json]")
	jsonOut := fs.Bool("json", false, "print as JSON")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("annotate stats: unexpected arguments %q", fs.Args())
	}
	st, err := pipeline.ReadAnnotationStats(ctx, global.dataDir)
	if err != nil {
		return fmt.Errorf("annotate stats: %w", err)
	}
	if *jsonOut {
		return printJSON(stdout, st)
	}
	printAnnotationStats(stdout, st)
	return nil
}

func printAnnotationStats(w io.Writer, st annotate.Stats) {
	fmt.Fprintf(w, "%d pairs hand-labelled, %d disputed (the model's label stands until adjudicated), %d stale labels\n",
		st.Pairs, st.Disputed, st.Stale)
	if len(st.Coders) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "\ncoder\tlabelled\tskipped\tlast\n")
		for _, c := range st.Coders {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", c.Coder, c.Labelled, c.Skipped, c.Last)
		}
		tw.Flush()
	}
	for _, a := range st.Agreement {
		on := "" // every pair both labelled
		if a.Sample != "" {
			on = fmt.Sprintf(" on the sample %q", a.Sample)
		}
		fmt.Fprintf(w, "\nagreement %s / %s%s on %d pairs:\n", a.Coders[0], a.Coders[1], on, a.N)
		if f := a.First; f != nil {
			fmt.Fprintf(w, "  first labels (each coder's first of each pair, the independent pass): kappa %.3f [%.3f, %.3f] (observed %.3f, chance %.3f)\n",
				f.Kappa, f.KappaCI[0], f.KappaCI[1], f.Observed, f.Expected)
			if f.Confusion != a.Confusion {
				printConfusion(w, f.Confusion, a.Coders[0], a.Coders[1])
			}
		}
		fmt.Fprintf(w, "  latest labels: kappa %.3f [%.3f, %.3f] (observed %.3f, chance %.3f)\n",
			a.Kappa, a.KappaCI[0], a.KappaCI[1], a.Observed, a.Expected)
		printConfusion(w, a.Confusion, a.Coders[0], a.Coders[1])
	}
	for _, a := range st.Accuracy {
		fmt.Fprintf(w, "\nmodel on the sample %q: %d pairs (%d disputed, %d only skipped, %d no longer labelled by the model, %d it was trained on, left out)\n",
			a.Queue, a.N, a.Disputed, a.Skipped, a.NoModel, a.Trained)
		if a.N == 0 {
			fmt.Fprintf(w, "  accuracy – (no pair to score), macro-F1 –\n")
		} else {
			fmt.Fprintf(w, "  accuracy %s, macro-F1 %.3f\n", a.Accuracy, a.MacroF1)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  label\tprecision [95%%]\trecall [95%%]\tF1\n")
		for _, l := range a.PerLabel {
			f1 := "–" // a label neither coders nor the model gave: outside macro-F1
			if l.Precision.N > 0 || l.Recall.N > 0 {
				f1 = fmt.Sprintf("%.3f", l.F1)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Label, rateText(l.Precision), rateText(l.Recall), f1)
		}
		tw.Flush()
		printConfusion(w, a.Confusion, "hand", "model")
	}
	if len(st.Disagreements) > 0 {
		fmt.Fprintf(w, "\ndisagreements (adjudicate on /annotate/stats):\n")
		for _, d := range st.Disagreements {
			var labels []string
			for _, o := range d.Labels {
				labels = append(labels, o.Coder+"="+string(o.Label))
			}
			status := "disputed"
			if d.Adjudicated != "" {
				status = "adjudicated " + string(d.Adjudicated)
			}
			fmt.Fprintf(w, "  %s %s  %s  [%s]  %q\n", d.SentenceID, d.Target, strings.Join(labels, " "), status, d.Sentence)
		}
	}
}

// rateText is a rate with its interval and counts, or "–" when it has no
// pairs: "0.000 [0.000, 1.000]" read as a model wrong every time.
func rateText(r annotate.Rate) string { return fmt.Sprintf("%s %d/%d", r, r.K, r.N) }

func printConfusion(w io.Writer, conf [3][3]int, rows, cols string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %s ↓ %s →\t", rows, cols)
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	for i, l := range unpv.Labels {
		fmt.Fprintf(tw, "  %s\t", l)
		for j := range unpv.Labels {
			fmt.Fprintf(tw, "%d\t", conf[i][j])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
