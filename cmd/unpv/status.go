package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// runStatus prints per-stage counts, quarantined documents and the last runs.
func runStatus(ctx context.Context, args []string) error {
	fs := newFlagSet("status", "[--json] [--runs N] [--check]")
	jsonOut := fs.Bool("json", false, "print as JSON")
	check := fs.Bool("check", false, "check the store fully (SQLite integrity_check and foreign_key_check, not only quick_check) and the search index against it")
	nRuns := fs.Int("runs", 5, "how many recent runs to list")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status: unexpected arguments %q", fs.Args())
	}
	if *nRuns < 0 {
		return usagef("status: --runs %d: want 0 or more", *nRuns)
	}
	st, err := pipeline.ReadStatus(ctx, global.dataDir, *nRuns, *check)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if *jsonOut {
		if err := printJSON(stdout, st); err != nil {
			return err
		}
	} else {
		printStatus(stdout, st)
	}
	if len(st.Problems) > 0 {
		// A check run from cron ('unpv status --check || mail …') must
		// fail when it finds something wrong, not only print it.
		return fmt.Errorf("status --check: %s", strings.Join(st.Problems, "; "))
	}
	return nil
}

func printStatus(w io.Writer, st *pipeline.Status) {
	fmt.Fprintf(w, "store %s (schema %d): %s, %s, %s, %s, %s, %s\n", st.Store, st.SchemaVersion,
		count(st.Documents, "document", "documents"), count(st.Tables["meetings"], "meeting", "meetings"),
		count(st.Tables["speeches"], "speech", "speeches"), count(st.Tables["sentences"], "sentence", "sentences"),
		count(st.Tables["stances"], "stance", "stances"), count(st.Tables["votes"], "vote", "votes"))
	fmt.Fprintf(w, "store check: %s\n", st.Checked)
	if h := st.HandLabels; h != nil {
		fmt.Fprintf(w, "hand labels: %s, %d disputed, %d stale (%s by %s; unpv annotate stats)\n",
			count(h.Pairs, "pair", "pairs"), h.Disputed, h.Stale, count(h.Codings, "coding", "codings"), count(h.Coders, "coder", "coders"))
	}
	if st.Model != "" {
		fmt.Fprintf(w, "classifier: %s (%s, retrained for this store)\n", st.Model, pipeline.ModelFile)
	}
	if st.Index != "" {
		fmt.Fprintf(w, "search index: %s\n", st.Index)
	}
	if st.Raw != "" {
		fmt.Fprintf(w, "raw files: %s\n", st.Raw)
	}
	if st.RunningBy != "" {
		fmt.Fprintf(w, "a run is in progress: %s\n", st.RunningBy)
	}
	if st.Fetch != nil {
		b, _ := json.Marshal(st.Fetch)
		from := ""
		if st.FetchMirror != "" {
			from = " from the mirror " + st.FetchMirror
		}
		fmt.Fprintf(w, "every run fetches the saved selection %s%s (%s)\n", b, from, pipeline.FetchFile)
	}
	if st.FetchError != "" {
		fmt.Fprintf(w, "every run that fetches (all but --offline and --only without fetch) fails (exit 1) until the saved selection is mended: %s\n", st.FetchError)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\nstage\tdone\tquarantined\tpending\toutdated\tversion\tlast done\n")
	outdated := 0
	for _, s := range st.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Stage, s.Done, s.Quarantined, s.Pending, s.Outdated, strings.Join(s.Versions, ", "), s.LastDone)
		outdated += s.Outdated
	}
	tw.Flush()
	if outdated > 0 {
		fmt.Fprintf(w, "outdated: done by another version of the stage than this unpv's (after an upgrade, or a new DATA/%s); the next run does them again\n", pipeline.ModelFile)
	}
	if len(st.Quarantined) > 0 {
		fmt.Fprintf(w, "\nquarantined documents:\n")
		for _, q := range st.Quarantined {
			fmt.Fprintf(w, "  %s  [%s, %s]  %s\n", q.Document, q.Stage, q.At, q.Reason)
		}
		fmt.Fprintf(w, "A quarantined document is retried when it changes (fix the file, then 'unpv import' it again and\n"+
			"'unpv run') or when unpv's stage version does; 'unpv import --remove KEY' removes it.\n")
	}
	if len(st.Runs) > 0 {
		fmt.Fprintf(w, "\nlast runs:\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  run\tstarted\tstatus\tduration\tcommand\tstages (processed/unchanged/quarantined[/failed], time)\n")
		for _, r := range st.Runs {
			dur := "-"
			if t0, err := time.Parse(time.RFC3339, r.StartedAt); err == nil {
				if t1, err := time.Parse(time.RFC3339, r.FinishedAt); err == nil {
					dur = t1.Sub(t0).Round(time.Millisecond).String()
				}
			}
			var parts []string
			for _, s := range r.Stages {
				counts := fmt.Sprintf("%d/%d/%d", s.Processed, s.Skipped, s.Quarantined)
				if showsFailed(s) {
					counts += "/" + failedText(s)
				}
				parts = append(parts, fmt.Sprintf("%s %s %s", s.Stage, counts, s.Duration))
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.StartedAt, r.Status, dur, r.Command, strings.Join(parts, "; "))
		}
		tw.Flush()
		// Why runs failed: the cron line mails this when a run fails, and
		// the error was otherwise only in the log.
		for _, r := range st.Runs {
			if r.Error != "" {
				fmt.Fprintf(w, "  run %d %s: %s\n", r.ID, r.Status, r.Error)
			}
		}
		// Which inputs and why: the count alone sent the operator to the
		// run's logs.
		for _, r := range st.Runs {
			printRunSkipped(w, r)
		}
	}
}

// skippedShown is how many of a run's skipped inputs the text status
// names; --json lists them all.
const skippedShown = 5

// printRunSkipped names the inputs run r's imports skipped as bad, the
// first skippedShown of them.
func printRunSkipped(w io.Writer, r store.Run) {
	if len(r.Skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "  run %d skipped %s as bad:\n", r.ID, count(len(r.Skipped), "input", "inputs"))
	for _, s := range r.Skipped[:min(len(r.Skipped), skippedShown)] {
		fmt.Fprintf(w, "    (%s) %s: %s\n", s.Stage, s.Input, s.Reason)
	}
	if n := len(r.Skipped) - skippedShown; n > 0 {
		fmt.Fprintf(w, "    and %d more ('unpv status --json' lists them all)\n", n)
	}
}
