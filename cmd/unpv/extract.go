package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/extract"
)

// runExtract prints the speeches (and with --format json the meeting,
// votes and events) of verbatim-record PDFs or text files. Bad files are
// reported one line each and skipped; the others are still processed.
func runExtract(ctx context.Context, args []string) error {
	if wantsStore(args) {
		return runExtractStore(ctx, args) // the pipeline's extract stage over the store
	}
	fs := newFlagSet("extract", "[--format jsonl|json|text] [--engine mutool|pdftotext] [-j N] FILE.pdf|FILE.txt…  (or --store: see 'unpv extract --store -h')")
	format := fs.String("format", "jsonl", "output format: jsonl (one speech per line), json (records with meeting, speeches, votes, events) or text")
	extractOptions := extractFlags(fs)
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "files processed at once")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	*format = strings.ToLower(*format) // as report and search read --format JSON
	switch *format {
	case "jsonl", "json", "text":
	default:
		return usagef("extract: --format must be jsonl, json or text, not %q", *format)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usagef("extract: no input files")
	}
	opt, err := extractOptions()
	if err != nil {
		return usagef("extract: %v", err)
	}
	if *jobs < 1 {
		*jobs = 1
	}
	files := fs.Args()
	// A path that does not exist is a typo, not a bad or failed file:
	// say so before extracting anything.
	var missing []string
	for _, f := range files {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return usagef("extract: no such file: %s", strings.Join(missing, ", "))
	}
	recs, errs, err := extract.Files(ctx, files, opt, *jobs)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	for i, rec := range recs {
		if rec != nil && rec.Meeting.Symbol == "" {
			slog.Warn("no record symbol on the cover or in the file name; symbol left empty", "file", files[i])
		}
	}
	bad, failed := 0, 0
	var firstFailure error
	for i, err := range errs {
		if err != nil {
			bad++
			if !errors.Is(err, unpv.ErrBadDocument) {
				failed++ // the engine was killed, timed out…: not the file's fault
				firstFailure = cmp.Or(firstFailure, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, files[i]) {
				msg = files[i] + ": " + msg
			}
			say(slog.LevelWarn, "unpv extract: %s", strings.TrimSuffix(msg, ": "+unpv.ErrBadDocument.Error()))
		}
	}
	w := bufio.NewWriter(stdout)
	if err := writeRecords(w, *format, recs); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed for reasons outside them; try again (first: %w)", failed, len(files), firstFailure)
	}
	if bad > 0 {
		return partialError{bad: bad, of: len(files)}
	}
	return nil
}

func writeRecords(w *bufio.Writer, format string, recs []*extract.Record) error {
	switch format {
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, r := range recs {
			if r == nil {
				continue
			}
			for _, s := range r.Speeches {
				if err := enc.Encode(s); err != nil {
					return err
				}
			}
		}
	case "json":
		out := make([]*extract.Record, 0, len(recs))
		for _, r := range recs {
			if r != nil {
				out = append(out, r)
			}
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text":
		for _, r := range recs {
			if r != nil {
				writeText(w, r)
			}
		}
	}
	return nil
}

// writeText prints a record for reading: a header line, then each turn
// with its page and role, then votes.
func writeText(w *bufio.Writer, r *extract.Record) {
	m := r.Meeting
	fmt.Fprintf(w, "%s  %s  %s  %s  %s  %s  %s\n", m.Symbol, m.Body, m.Date, count(m.Pages, "page", "pages"),
		count(len(r.Speeches), "speech", "speeches"), count(len(r.Votes), "vote", "votes"), count(len(r.Events), "event", "events"))
	if m.Agenda != "" {
		fmt.Fprintf(w, "Agenda: %s\n", m.Agenda)
	}
	for _, s := range r.Speeches {
		who := string(s.Role)
		if s.DelegationCode != "" {
			who += " " + s.DelegationCode
		}
		fmt.Fprintf(w, "\n[%d] p.%d %s  (%s)\n%s\n", s.Seq, s.Page, s.Speaker, who, s.Text)
	}
	for _, v := range r.Votes {
		fmt.Fprintf(w, "\nVote on %s: %d-%d-%d listed, %d-%d-%d announced, %s", orDash(v.Draft),
			len(v.InFavour), len(v.Against), len(v.Abstaining), v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining, orDash(v.Outcome))
		if v.Mismatch != "" {
			fmt.Fprintf(w, "  MISMATCH: %s", v.Mismatch)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
