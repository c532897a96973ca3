package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/un"
)

// symbolsIn counts the record symbols among s's words (parted by white
// space or semicolons). ParseSymbol reads the first symbol anywhere in s,
// so a list parted otherwise than by commas ("S/PV.8699 S/PV.8700",
// "S/PV.8699;S/PV.8700") was read as its first record alone, without a
// word. A symbol's own words ("S/PV.8699 (Resumption 1)") and its file
// name ("S_PV.8699_Resumption1_E.pdf") count as one.
func symbolsIn(s string) int {
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ';' }) {
		if _, ok := un.ParseSymbol(w); ok {
			n++
		}
	}
	return n
}

// selectionFlags defines the flags that choose meetings to fetch and
// returns a function that reads them into a FetchConfig.
func selectionFlags(fs *flag.FlagSet, prefix string) func() (pipeline.FetchConfig, error) {
	symbols := fs.String(prefix+"symbols", "", "comma-separated record symbols (S/PV.7796,A/73/PV.101) or ranges of one series' meetings (A/ES-11/PV.1..5)")
	years := fs.String(prefix+"years", "", "year range: 2014-2024, 2016, 2014- or -1999")
	body := fs.String(prefix+"body", "", "SC, GA or SC,GA (default both)")
	var agenda []string
	fs.Func(prefix+"agenda", "agenda text the meeting must contain (repeatable; any one matches)", func(s string) error {
		agenda = append(agenda, s)
		return nil
	})
	regional := fs.Bool(prefix+"regional", false, "every \"Cooperation between the United Nations and regional and subregional organizations\" meeting")
	rate := fs.Float64(prefix+"rate", 0, "requests per second across all UN hosts (default 1, at most 2; any with --mirror)")
	contact := fs.String(prefix+"contact", "", "e-mail or URL added to the User-Agent so the UN can reach you (kept with a saved selection; 'none' drops it)")
	mirror := fs.String(prefix+"mirror", "", "base URL of a mirror or local replay of the UN sites to fetch from instead (http://HOST:PORT, serving BASE/documents.un.org/…; docs/sources.md; kept with a saved selection; 'none' drops it)")
	return func() (pipeline.FetchConfig, error) {
		var cfg pipeline.FetchConfig
		sel := &cfg.Selection
		for _, s := range splitList(*symbols) {
			if r, ok, err := un.SymbolRange(s); ok {
				if err != nil {
					return cfg, usagef("--%ssymbols: %v", prefix, err)
				}
				sel.Symbols = append(sel.Symbols, r...)
				continue
			}
			if _, ok := un.ParseSymbol(s); !ok {
				return cfg, usagef("--%ssymbols: %q is not a verbatim-record symbol", prefix, s)
			}
			if n := symbolsIn(s); n > 1 {
				return cfg, usagef("--%ssymbols: %q holds %d symbols: separate them with commas", prefix, s, n)
			}
			if _, ok := un.SymbolAlone(s); !ok {
				return cfg, usagef("--%ssymbols: %q holds more than a record's symbol (S/PV.8699, S/PV.8699 (Resumption 1), A_ES-10_PV.21_E.pdf, or its document link)", prefix, s)
			}
			sel.Symbols = append(sel.Symbols, s)
		}
		var err error
		if sel.FromYear, sel.ToYear, err = corpora.ParseYears(*years); err != nil {
			return cfg, usagef("--%syears: %v", prefix, err)
		}
		for _, b := range splitList(*body) {
			switch strings.ToUpper(b) {
			case "SC":
				sel.Bodies = append(sel.Bodies, unpv.SecurityCouncil)
			case "GA":
				sel.Bodies = append(sel.Bodies, unpv.GeneralAssembly)
			default:
				return cfg, usagef("--%sbody: %q is not SC or GA", prefix, b)
			}
		}
		sel.Agenda = agenda
		if *regional {
			sel.Agenda = append(sel.Agenda, corpora.RegionalCooperationAgenda)
		}
		if *rate < 0 {
			return cfg, usagef("--%srate must be positive", prefix)
		}
		if *mirror != "" && *mirror != pipeline.Unset {
			if _, err := corpora.ParseMirror(*mirror); err != nil {
				return cfg, usagef("--%smirror: %v", prefix, err)
			}
		}
		if err := corpora.CheckContact(*contact); err != nil {
			return cfg, usagef("--%scontact: %v", prefix, err)
		}
		cfg.Rate, cfg.Contact, cfg.Mirror = *rate, *contact, *mirror
		return cfg, nil
	}
}

// withSaved is cfg, read from the flags, completed from the saved
// selection (FetchConfig.Over); ok is false when neither names meetings.
func withSaved(cfg pipeline.FetchConfig) (_ pipeline.FetchConfig, ok bool, err error) {
	saved, _, err := pipeline.LoadFetchConfig(global.dataDir)
	if err != nil {
		return cfg, false, err
	}
	cfg = cfg.Over(saved)
	if err := cfg.Check(); err != nil {
		return cfg, false, usagef("fetch: %v", err)
	}
	return cfg, !cfg.Selection.IsZero(), nil
}

// fetcher builds the polite client for a fetch configuration.
func fetcher(cfg pipeline.FetchConfig) (*corpora.Fetcher, error) {
	opts := corpora.ClientOptions{Rate: cfg.Rate, Contact: cfg.Contact}
	if cfg.Mirror != "" {
		m, err := corpora.ParseMirror(cfg.Mirror)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(global.dataDir, pipeline.FetchFile), err)
		}
		opts.Mirror = m
		slog.Info("fetching from a mirror of the UN sites", "mirror", m.String())
	}
	return corpora.NewFetcher(global.dataDir, opts), nil
}

// runFetch downloads the verbatim records a selection names into the store
// (DATA/raw and the sources table). --plan only lists them; --save keeps the
// selection in DATA/fetch.json so that every `unpv run` fetches it.
func runFetch(ctx context.Context, args []string) error {
	fs := newFlagSet("fetch", "[--symbols …] [--years A-B] [--body SC,GA] [--agenda TEXT]… [--regional] [--plan] [--save]")
	read := selectionFlags(fs, "")
	plan := fs.Bool("plan", false, "list the selected meetings without downloading (with --years, --agenda or --regional it reads the UN's meeting lists: network needed)")
	save := fs.Bool("save", false, "save the selection in DATA/fetch.json: every 'unpv run' then fetches it first")
	jsonOut := fs.Bool("json", false, "print the plan or the summary as JSON")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("fetch: unexpected arguments %q", fs.Args())
	}
	cfg, err := read()
	if err != nil {
		return err
	}
	cfg, ok, err := withSaved(cfg)
	if err != nil {
		return err
	}
	if !ok {
		fs.Usage()
		return usagef("fetch: select meetings with --symbols, --years, --body, --agenda or --regional (or save a selection with --save)")
	}
	// --save keeps the selection before anything is fetched or listed, so
	// that "--plan --save" saves it too (it printed the plan and saved
	// nothing) and a fetch that fails offline still leaves it for cron.
	if *save {
		if err := pipeline.SaveFetchConfig(global.dataDir, cfg); err != nil {
			return err
		}
		slog.Info("selection saved", "file", filepath.Join(global.dataDir, pipeline.FetchFile))
	}
	f, err := fetcher(cfg)
	if err != nil {
		return err
	}
	if *plan {
		// No lock: a plan reads only fetch.json, replaced whole by a save
		// (docs/pipeline.md), and a lock held while it reads the UN's
		// meeting lists would make a nightly run starting meanwhile exit 4.
		f.DHL.Cache = "" // a plan writes nothing into DATA
		p, err := f.Plan(ctx, cfg.Selection)
		// A plan without some meeting lists (corpora.PlanGaps) is listed,
		// and the command fails after it (exit 1), naming them.
		var gaps *corpora.PlanGaps
		if err != nil && !errors.As(err, &gaps) {
			return err
		}
		if *jsonOut {
			if perr := printJSON(stdout, p); perr != nil {
				return perr
			}
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, m := range p {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Date, m.Symbol, m.From, m.Agenda)
		}
		tw.Flush()
		fmt.Fprintln(stdout, count(len(p), "meeting", "meetings"))
		return err
	}
	opt := pipelineOptions("fetch", args, 0)
	opt.Sources = []pipeline.Source{pipeline.FetchSource(f, cfg.Selection)}
	sum, err := pipeline.Run(ctx, opt)
	printSummary(stdout, sum, *jsonOut)
	if err == nil && !*jsonOut {
		fmt.Fprintln(stdout, "run 'unpv run' to extract, classify, index and report the fetched records")
	}
	return err
}
