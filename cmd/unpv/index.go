package main

import (
	"context"

	"github.com/unpv/unpv/pipeline"
)

// runIndex runs the index stage alone: it rebuilds DATA/index from the
// store when the store changed since the last build (always with --rebuild).
func runIndex(ctx context.Context, args []string) error {
	fs := newFlagSet("index", "[--rebuild] [--json]")
	rebuild := fs.Bool("rebuild", false, "rebuild even if nothing changed since the last build")
	jsonOut := fs.Bool("json", false, "print the summary as JSON")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("index: unexpected arguments %q", fs.Args())
	}
	opt := pipelineOptions("index", args, 0)
	opt.Stages, opt.ExistingStore = []pipeline.Stage{pipeline.IndexStage(progressWriter())}, true
	if *rebuild {
		opt.Force = []string{pipeline.StageIndex}
	}
	sum, err := pipeline.Run(ctx, opt)
	printSummary(stdout, sum, *jsonOut)
	return err
}
