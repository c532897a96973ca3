package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/unpv/unpv/pipeline"
)

// runExtractStore is `unpv extract --store [--engine E] [--force]`: the
// extract stage alone over every document in the store, incrementally.
// The extract command hands its arguments here when it sees --store.
func runExtractStore(ctx context.Context, args []string) error {
	fs := newFlagSet("extract --store", "[--engine mutool|pdftotext] [--timeout D] [--max-file-size SIZE] [--force] [--workers N]")
	fs.Bool("store", true, "run over the documents in the store")
	extractOptions := extractFlags(fs)
	return runStageAlone(ctx, fs, args, "extract", func() (pipeline.Stage, error) {
		eopt, err := extractOptions()
		return pipeline.ExtractStage(eopt), err
	})
}

// runClassifyStore is `unpv classify --store [--force]`: the classify stage
// alone over every extracted document.
func runClassifyStore(ctx context.Context, args []string) error {
	fs := newFlagSet("classify --store", "[--force] [--workers N]")
	fs.Bool("store", true, "run over the documents in the store")
	return runStageAlone(ctx, fs, args, "classify", func() (pipeline.Stage, error) {
		c, err := pipeline.DataClassifier(global.dataDir)
		if err != nil {
			return pipeline.Stage{}, fmt.Errorf("load classifier: %w", err)
		}
		return pipeline.ClassifyStage(c), nil
	})
}

// runStageAlone runs one stage under the data-directory lock with the run
// log, as `unpv run` would, and prints the summary.
func runStageAlone(ctx context.Context, fs *flag.FlagSet, args []string, name string, stage func() (pipeline.Stage, error)) error {
	force := fs.Bool("force", false, "redo every document regardless of recorded state")
	workers := fs.Int("workers", 0, "documents processed concurrently (default: number of CPUs)")
	jsonOut := fs.Bool("json", false, "print the summary as JSON")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected arguments %q", name, fs.Args())
	}
	if err := checkWorkers(name, *workers); err != nil {
		return err
	}
	st, err := stage()
	if err != nil {
		return err
	}
	opt := pipelineOptions(name, args, *workers)
	opt.Stages, opt.ExistingStore = []pipeline.Stage{st}, true
	if *force {
		opt.Force = []string{st.Name}
	}
	sum, err := pipeline.Run(ctx, opt)
	printSummary(stdout, sum, *jsonOut)
	return err
}

// wantsStore reports whether a stage command was asked to run over the store
// (--store before any "--"), which selects a different flag set.
func wantsStore(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--store" || a == "-store" || strings.HasPrefix(a, "--store=") || strings.HasPrefix(a, "-store=") {
			return true
		}
	}
	return false
}
