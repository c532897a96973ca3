package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// runRun runs the whole pipeline: import the bundled corpus (and fetch when
// asked), then extract → classify → index → report, each stage redoing only
// what changed since the last run.
func runRun(ctx context.Context, args []string) error {
	fs := newFlagSet("run", "[flags]")
	force := fs.String("force", "", "comma-separated stages to redo for every document: "+strings.Join(pipeline.StageNames, ", "))
	workers := fs.Int("workers", 0, "documents processed concurrently (default: number of CPUs)")
	noBundled := fs.Bool("no-bundled", false, "do not import or refresh the bundled default corpus")
	extractOptions := extractFlags(fs)
	jsonOut := fs.Bool("json", false, "print the run summary as JSON")
	offline := fs.Bool("offline", false, "do not fetch, even when DATA/fetch.json holds a saved selection")
	only := fs.String("only", "", "comma-separated stages to run, the others left alone: "+
		strings.Join(slices.Concat(pipeline.SourceNames, pipeline.StageNames), ", ")+" (import: the bundled corpus; fetch: a saved selection)")
	readFetch := selectionFlags(fs, "fetch-")
	keepRuns := fs.Int("keep-runs", store.DefaultKeepRuns, "runs the run log keeps (with the last of each stage, and those of documents still quarantined); 0 keeps every run")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run: unexpected arguments %q (import files with 'unpv import')", fs.Args())
	}
	if *keepRuns < 0 {
		return usagef("run: --keep-runs %d: want 0 (keep every run) or more", *keepRuns)
	}
	if err := checkStages("--force", splitList(*force), pipeline.StageNames); err != nil {
		return err
	}
	if err := checkWorkers("run", *workers); err != nil {
		return err
	}
	eopt, err := extractOptions()
	if err != nil {
		return err
	}
	onlyNames := splitList(*only)
	if err := checkStages("--only", onlyNames, slices.Concat(pipeline.SourceNames, pipeline.StageNames)); err != nil {
		return err
	}
	onlySet := map[string]bool{}
	for _, n := range onlyNames {
		onlySet[n] = true
	}
	want := func(stage string) bool { return len(onlySet) == 0 || onlySet[stage] }
	if !want(pipeline.StageImport) {
		*noBundled = true
	}
	var sources []pipeline.Source
	if !*noBundled {
		sources = append(sources, pipeline.BundledSource())
	}
	// Fetch only when asked: by --fetch-… flags or a saved selection. The
	// default run is offline.
	cfg, err := readFetch()
	if err != nil {
		return err
	}
	// The saved selection is read only by a run that may fetch: one that
	// cannot be read fails it, and should not fail `run --only extract`.
	if !*offline && want(pipeline.StageFetch) {
		if cfg, _, err = withSaved(cfg); err != nil {
			return err
		}
	}
	if onlySet[pipeline.StageFetch] && cfg.Selection.IsZero() {
		// Else it ran nothing and exited 0, a cron job none the wiser.
		if *offline {
			return usagef("run: --only fetch with --offline fetches nothing")
		}
		return usagef("run: --only fetch, but nothing is selected to fetch: give --fetch-… flags, or save a selection with 'unpv fetch --save'")
	}
	if !cfg.Selection.IsZero() && want(pipeline.StageFetch) {
		if *offline {
			return usagef("run: --offline with --fetch-… flags")
		}
		f, err := fetcher(cfg)
		if err != nil {
			return err
		}
		sources = append([]pipeline.Source{pipeline.FetchSource(f, cfg.Selection)}, sources...)
	}
	all, err := pipeline.DataStages(global.dataDir, eopt, progressWriter())
	if err != nil {
		return err
	}
	if want(pipeline.StageClassify) {
		sayDataModel()
	}
	var stages []pipeline.Stage
	for _, s := range all {
		if want(s.Name) {
			stages = append(stages, s)
		}
	}
	opt := pipelineOptions("run", args, *workers)
	opt.Sources, opt.Stages, opt.Force = sources, stages, splitList(*force)
	opt.KeepRuns = *keepRuns
	sum, err := pipeline.Run(ctx, opt)
	printSummary(stdout, sum, *jsonOut)
	return err
}

// sayDataModel logs, when the data directory has a model of its own
// (DATA/model.json), that the classify stage uses it: a run's table says
// nothing of which model labelled the sentences. A log record, so that
// under --log-format json it is one too (it was a plain line in every
// nightly JSON log of a data directory with a retrained model).
func sayDataModel() {
	path := filepath.Join(global.dataDir, pipeline.ModelFile)
	if _, err := os.Stat(path); err != nil {
		return
	}
	if c, err := pipeline.DataClassifier(global.dataDir); err == nil {
		slog.Info("run: classifying with the model retrained for this data directory (delete it to go back to the model built into unpv)",
			"model", c.Version(), "file", path)
	}
}

// checkStages checks the stage names given to flag (--force, --only)
// against those it takes.
func checkStages(flag string, names, valid []string) error {
	for _, n := range names {
		if !slices.Contains(valid, n) {
			return usagef("run %s: unknown stage %q (want %s)", flag, n, strings.Join(valid, ", "))
		}
	}
	return nil
}

// pipelineOptions fills what every stage-running command shares.
// checkWorkers refuses a negative --workers, which was taken as 0 (one
// worker per CPU) without a word.
func checkWorkers(name string, n int) error {
	if n < 0 {
		return usagef("%s: --workers %d: want 0 (one per CPU) or more", name, n)
	}
	return nil
}

func pipelineOptions(name string, args []string, workers int) pipeline.Options {
	return pipeline.Options{
		DataDir:  global.dataDir,
		Command:  strings.TrimSpace(name + " " + strings.Join(args, " ")),
		Workers:  workers,
		Progress: progressWriter(),
	}
}

// progressWriter returns stderr when it is a terminal and logs are for
// people; progress bars would garble JSON logs and cron mail.
func progressWriter() io.Writer {
	f, ok := stderr.(*os.File)
	if !ok || global.jsonLogs() || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return f
}

func printSummary(w io.Writer, sum *pipeline.Summary, asJSON bool) {
	if sum == nil {
		return
	}
	if asJSON {
		for i := range sum.Stages {
			sum.Stages[i].DurationMS = sum.Stages[i].Duration.Milliseconds()
		}
		p, written := reportsPath(sum)
		out := struct {
			*pipeline.Summary
			DurationMS int64  `json:"duration_ms"`
			Reports    string `json:"reports,omitempty"`
			// ReportsUnchanged: the report stage ran, found nothing
			// changed and kept the report an earlier run wrote.
			ReportsUnchanged bool `json:"reports_unchanged,omitempty"`
		}{sum, sum.Duration.Milliseconds(), p, p != "" && !written}
		printJSON(w, out)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	failedCol := slices.ContainsFunc(sum.Stages, showsFailed)
	head := "stage\tprocessed\tunchanged\tquarantined\t"
	if failedCol {
		head += "failed\t"
	}
	fmt.Fprintf(tw, "%stime\t\n", head)
	for _, s := range sum.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t", s.Stage, s.Processed, s.Skipped, s.Quarantined)
		if failedCol {
			fmt.Fprintf(tw, "%s\t", failedText(s))
		}
		fmt.Fprintf(tw, "%s\t\n", s.Duration.Round(time.Millisecond))
	}
	tw.Flush()
	fmt.Fprintf(w, "run %d took %s\n", sum.RunID, sum.Duration.Round(time.Millisecond))
	for _, q := range sum.Quarantined {
		fmt.Fprintf(w, "quarantined (%s) %s: %s\n", q.Stage, q.Document, q.Reason)
	}
	for _, s := range sum.Skipped {
		fmt.Fprintf(w, "skipped (%s) %s: %s\n", s.Stage, s.Input, s.Reason)
	}
	if p, written := reportsPath(sum); p != "" {
		if written {
			fmt.Fprintf(w, "report: %s\n", p)
		} else {
			fmt.Fprintf(w, "report: %s (unchanged)\n", p)
		}
	}
}

// showsFailed reports whether a stage's tallies show its failed inputs:
// the fetch stage's always (0 is news to whoever reads a nightly run's
// table), another's when it has any. The offline run's table stays as it
// was.
func showsFailed(s store.RunStage) bool { return s.Stage == pipeline.StageFetch || s.Failed > 0 }

// failedText is a stage's failed count, or "-" for a stage that fails no
// inputs (extract, classify, …: theirs are quarantined or fail the run);
// the fetch and import stages count theirs.
func failedText(s store.RunStage) string {
	if !showsFailed(s) && !strings.HasPrefix(s.Stage, pipeline.StageImport) {
		return "-"
	}
	return strconv.Itoa(s.Failed)
}

// reportsPath is the report of a run whose report stage ran, and whether
// this run wrote it (false: the stage found nothing changed and left the
// earlier one). "" when the stage did not run: not asked for (import,
// index), failed, or not reached (interrupted), so a command never points
// at a report it had nothing to do with.
func reportsPath(sum *pipeline.Summary) (path string, written bool) {
	for _, s := range sum.Stages {
		if s.Stage != pipeline.StageReport || s.Processed+s.Skipped == 0 {
			continue
		}
		p := filepath.Join(global.dataDir, pipeline.ReportDir, "report.html")
		if _, err := os.Stat(p); err == nil {
			return p, s.Processed > 0
		}
	}
	return "", false
}
