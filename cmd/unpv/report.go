package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/un"
)

// minConfidenceRange is what --min-confidence takes, in its help and its
// error alike, so that the two cannot disagree again (docs/reports.md).
const minConfidenceRange = "from 0 to 1"

// runReport writes a stance report for a selection of organisations,
// delegations, bodies and dates, from the store or from exported rows.
// An empty selection is a failure (exit 1) with a message naming what the
// data does hold; malformed flags are usage errors (exit 2).
func runReport(ctx context.Context, args []string) error {
	fs := newFlagSet("report", "[--target CSTO,AU] [--delegation RUS,…] [--body SC|GA] [--from DATE] [--to DATE] [--by year|session|meeting] [--format html,csv,json,md] [--out DIR|-] [--in ROWS.jsonl [--votes VOTES.jsonl]]")
	targets := fs.String("target", "", "organisations, comma-separated acronyms or names (default: all)")
	delegations := fs.String("delegation", "", "delegations, comma-separated codes (RUS) or names (a name the delegation table knows stands for every row of its code; others match the name as printed) (default: all)")
	body := fs.String("body", "", "SC or GA (default: both)")
	from := fs.String("from", "", `first date, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or as records print it ("8 January 2020", "January 2020")`)
	to := fs.String("to", "", `last date, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or as records print it ("8 January 2020", "January 2020")`)
	by := fs.String("by", "year", "period: year, session (General Assembly session) or meeting")
	formats := fs.String("format", strings.Join(report.Formats, ","), "formats, comma-separated: html, csv, json, md")
	out := fs.String("out", "unpv-report", "output directory, or - for one format on standard output")
	in := fs.String("in", "", "read stance rows from this JSON Lines file (- for standard input) instead of the store")
	votesIn := fs.String("votes", "", "with --in: read recorded votes from this JSON Lines file")
	title := fs.String("title", "", "report title")
	quotes := fs.Int("quotes", 3, "quotes kept per cell")
	minSpeeches := fs.Int("min-speeches", 5, "cells with fewer speeches are flagged small")
	resamples := fs.Int("resamples", 1000, fmt.Sprintf("bootstrap resamples for the 95%% intervals (at most %d)", report.MaxResamples))
	maxLine := limitFlag(fs, "max-line", report.MaxLine, "with --in: longest input line; longer lines are skipped as bad (docs/limits.md)")
	seed := fs.Uint64("seed", 1, "bootstrap seed")
	minConf := fs.Float64("min-confidence", 0, "leave out stances the model gave less confidence than this ("+minConfidenceRange+"; the report says how many); see the report's stance-model section for how confidence relates to accuracy")
	stamp := fs.Bool("stamp", false, "print the generation time in the report (off: output is reproducible)")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report: unexpected arguments %q", fs.Args())
	}
	opts := pipeline.ReportOptions(global.dataDir)
	opts.Title, opts.Targets, opts.Delegations = *title, splitList(*targets), un.SplitDelegations(*delegations)
	opts.Quotes, opts.MinSpeeches, opts.Resamples, opts.Seed = *quotes, *minSpeeches, *resamples, *seed
	switch b := unpv.Body(strings.ToUpper(*body)); b {
	case "", unpv.SecurityCouncil, unpv.GeneralAssembly:
		opts.Body = b
	default:
		return usagef("report: --body must be SC or GA, not %q", *body)
	}
	for _, d := range []struct {
		name string
		v    *string
	}{{"from", from}, {"to", to}} {
		if *d.v == "" {
			continue
		}
		iso, ok := unpv.ParseDate(*d.v)
		if !ok {
			return usagef("report: --%s must be a date, %s; not %q", d.name, unpv.DateForms, *d.v)
		}
		*d.v = iso
	}
	opts.From, opts.To = *from, *to
	if *from != "" && *to != "" {
		n := min(len(*from), len(*to))
		if (*from)[:n] > (*to)[:n] {
			return usagef("report: --from %s is after --to %s", *from, *to)
		}
	}
	period, err := report.ParsePeriod(*by)
	if err != nil {
		return usagef("report: --by: %v", err)
	}
	opts.By = period
	if !(*minConf >= 0 && *minConf <= 1) { // NaN too
		return usagef("report: --min-confidence must be %s, not %v", minConfidenceRange, *minConf)
	}
	opts.MinConfidence = *minConf
	// report.Options reads 0 as "the default", so a 0 given here would
	// silently become 3 quotes, 5 speeches or 1000 resamples (and the
	// selection would record 5 and 1000): refused, with what to give.
	for _, f := range []struct {
		name string
		v    int
		hint string
	}{
		{"quotes", *quotes, "quotes kept per cell; the default is 3"},
		{"min-speeches", *minSpeeches, "--min-speeches 1 flags no cell small: every cell has a speech"},
		{"resamples", *resamples, "every interval is in part a bootstrap over speeches, which 0 cannot skip as in classify --eval; the default is 1000"},
	} {
		if f.v < 1 {
			return usagef("report: --%s must be at least 1, not %d (%s)", f.name, f.v, f.hint)
		}
	}
	if *resamples > report.MaxResamples {
		return usagef("report: --resamples %d: at most %d (docs/limits.md)", *resamples, report.MaxResamples)
	}
	fmts := splitList(strings.ToLower(*formats))
	if len(fmts) == 0 {
		return usagef("report: --format is empty")
	}
	for i, f := range fmts {
		if f == "markdown" {
			fmts[i] = "md"
		}
		if !slices.Contains(report.Formats, fmts[i]) {
			return usagef("report: unknown format %q (want html, csv, json or md)", f)
		}
	}
	fmts = slices.Compact(fmts)
	if *out == "-" && len(fmts) != 1 {
		return usagef("report: --out - writes one format; choose it with --format")
	}
	if *votesIn != "" && *in == "" {
		return usagef("report: --votes needs --in (the store has its own votes)")
	}
	if flagSet(fs, "max-line") && *in == "" {
		return usagef("report: --max-line limits the lines of --in; without --in it would do nothing")
	}
	for i, t := range opts.Targets {
		// Any name or case of an organisation, as search takes them; one
		// that is not a codebook organisation must be in the rows
		// (report.ErrUnknownFilter).
		if acr, ok := un.CanonicalOrganisation(t); ok {
			opts.Targets[i] = acr
		}
	}
	if *stamp {
		opts.Generated = time.Now().UTC().Format(time.RFC3339)
	}

	input, bad, err := reportInput(ctx, *in, *votesIn, int(*maxLine))
	if err != nil {
		return err
	}
	if *in != "" && len(input.Rows) == 0 {
		// Not "run extract and classify first": the rows were to come from the file.
		if bad > 0 {
			return fmt.Errorf("report: %w: %s has no usable rows (%d bad lines skipped)", report.ErrEmptySelection, inputName(*in), bad)
		}
		return fmt.Errorf("report: %w: %s has no rows", report.ErrEmptySelection, inputName(*in))
	}
	opts.Coverage = input.Coverage
	opts.Provenance = pipeline.ReportProvenance(input.StoreHash, pipeline.ShellJoin(append([]string{"unpv"}, global.args...)))
	if *in != "" {
		opts.Provenance.Input, opts.Provenance.Schema = *in, 0
	}
	r, err := report.BuildContext(ctx, input.Rows, input.Votes, opts)
	if errors.Is(err, report.ErrUnknownFilter) {
		return usagef("%v", err) // as search refuses the same value
	}
	if err != nil {
		return err
	}
	good := len(input.Rows) + len(input.Votes)
	if *out == "-" {
		if err := r.WriteFormat(stdout, fmts[0]); err != nil {
			return err
		}
		return badLines(bad, good)
	}
	paths, err := r.WriteFiles(*out, fmts)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	slog.Info("report written", "dir", *out, "mentions", r.Total.Sentences, "sentences", r.DistinctSentences, "speeches", r.Total.Speeches,
		"cells", len(r.Cells), "organisations", len(r.Orgs), "votes", len(r.Votes))
	return badLines(bad, good)
}

// badLines is the exit status of a report whose input had bad lines: they
// were reported and skipped, and the report was written without them.
func badLines(bad, good int) error {
	if bad == 0 {
		return nil
	}
	return partialError{bad: bad, of: bad + good}
}

// reportInput reads rows and votes from JSON Lines files (with the SHA-256
// of what was read as the input's hash) or from the store (with what it
// holds and its content hash). Bad input lines are reported on stderr and
// skipped; bad counts them.
func reportInput(ctx context.Context, in, votesIn string, maxLine int) (input pipeline.ReportInput, bad int, err error) {
	if in != "" {
		h := sha256.New()
		input.Rows, bad, err = readJSONLFile(ctx, in, maxLine, h, report.ReadRows)
		if err != nil {
			return input, 0, err
		}
		if votesIn != "" {
			var n int
			if input.Votes, n, err = readJSONLFile(ctx, votesIn, maxLine, h, report.ReadVotes); err != nil {
				return input, 0, err
			}
			bad += n
		}
		input.StoreHash = "sha256:" + hex.EncodeToString(h.Sum(nil))
		return input, bad, nil
	}
	input, err = pipeline.StoredReportInput(ctx, global.dataDir)
	if errors.Is(err, pipeline.ErrNoStore) {
		return input, 0, fmt.Errorf("report: no store in %s (run 'unpv run' first, set --data, or give --in ROWS.jsonl)", global.dataDir)
	}
	if err != nil {
		return input, 0, fmt.Errorf("report: read store: %w", err)
	}
	return input, 0, nil
}

// readJSONLFile reads a JSON Lines file (- for standard input), hashing
// its bytes into h.
func readJSONLFile[T any](ctx context.Context, path string, maxLine int, h hash.Hash, read func(io.Reader, int) ([]T, []error, error)) ([]T, int, error) {
	name := inputName(path)
	r, closeFn, err := openInput(ctx, path)
	if err != nil {
		return nil, 0, fmt.Errorf("report: %w", err)
	}
	defer closeFn()
	v, bad, err := read(io.TeeReader(r, h), maxLine)
	for _, e := range bad {
		say(slog.LevelWarn, "unpv report: %s: %v (skipped)", name, e)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("report: %s: %w", name, err)
	}
	return v, len(bad), nil
}

// inputName is how messages name an input file: "-" is standard input.
func inputName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}
