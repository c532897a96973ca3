package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/pipeline"
)

// writeTrained writes a trained model to out ("-": standard output), or,
// when no --out was given (a model trained with the store's hand labels),
// to DATA/model.json, and says where.
func writeTrained(m *classify.Model, outGiven bool, out string) (string, error) {
	if !outGiven {
		out = filepath.Join(global.dataDir, pipeline.ModelFile)
	}
	b, err := classify.MarshalModel(m)
	if err != nil {
		return out, err
	}
	if out == "-" {
		_, err = stdout.Write(b)
	} else {
		// Atomically: a run must never read half a model.
		err = outfile.WriteFile(out, b)
	}
	if err != nil {
		return out, fmt.Errorf("classify train: %w", err)
	}
	if !outGiven {
		fmt.Fprintf(stderr, "classify train: unpv run classifies with %s from now on (every document again); delete it to go back to the model built into unpv\n", out)
	}
	return out, nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// trainWithCorrections is `unpv classify train --with-corrections`: the
// store's hand labels join the training-only pairs, the cross-validation
// on the dev pairs grouped by delegation is reported before and after,
// and the model goes to DATA/model.json unless --out was given.
func trainWithCorrections(ctx context.Context, dev, extra []classify.Pair, resamples int, outGiven bool, out string) error {
	res, err := pipeline.TrainWithCorrections(ctx, global.dataDir, dev, extra, resamples)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	fmt.Fprintf(stderr, "classify train: %d dev + %d training-only pairs + %d hand-labelled pairs from %s", res.Dev, res.Extra, res.Corrections, global.dataDir)
	if res.Overlap > 0 {
		fmt.Fprintf(stderr, " (%d more left out: a labelled pair has the same sentence and organisation)", res.Overlap)
	}
	fmt.Fprintf(stderr, ", %d features\n", len(res.Model.Weights))
	fmt.Fprintf(stdout, "%d-fold cross-validation on the %d dev pairs, grouped by delegation (hand-labelled pairs train, never test; %d resamples by delegation):\n",
		res.Before.Folds, res.Dev, resamples)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model trained\tmacro-F1\t95%% interval\taccuracy\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s F1\t", l)
	}
	fmt.Fprintln(tw)
	for _, row := range []struct {
		name string
		r    *classify.CVResult
	}{{"without hand labels", res.Before}, {fmt.Sprintf("with %d hand labels", res.Corrections), res.After}} {
		for _, m := range row.r.Systems {
			if m.System != "model" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f–%.3f\t%.3f\t", row.name, m.MacroF1, m.MacroF1CI[0], m.MacroF1CI[1], m.Accuracy)
			for _, l := range unpv.Labels {
				fmt.Fprintf(tw, "%.3f\t", m.PerClass[l].F1)
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	_, err = writeTrained(res.Model, outGiven, out)
	return err
}
