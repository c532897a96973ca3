//go:build !classifyv2

package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/pipeline"
)

// correctionFolds is the cross-validation `classify train
// --with-corrections` reports: 5 folds, as the model card's.
const correctionFolds = 5

// trainWithCorrections is `unpv classify train --with-corrections`: the
// store's hand labels join gold for training, the cross-validation on gold
// is reported before and after, and the model goes to DATA/model.json
// unless --out was given.
func trainWithCorrections(ctx context.Context, gold []classify.Pair, outGiven bool, out string) error {
	res, err := pipeline.TrainWithCorrections(ctx, global.dataDir, gold, correctionFolds, classify.DefaultTrainOptions)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	fmt.Fprintf(stderr, "classify train: %d gold pairs + %d hand-labelled pairs from %s", res.Gold, res.Corrections, global.dataDir)
	if res.Overlap > 0 {
		fmt.Fprintf(stderr, " (%d more left out: a gold pair has the same sentence and organisation)", res.Overlap)
	}
	fmt.Fprintf(stderr, ", %d features\n", len(res.Model.Weights))
	fmt.Fprintf(stdout, "%d-fold cross-validation on the %d gold pairs, grouped by speech (hand-labelled pairs train, never test):\n", res.Folds, res.Gold)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model trained\tmacro-F1\taccuracy\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s F1\t", l)
	}
	fmt.Fprintln(tw)
	for _, row := range []struct {
		name string
		ms   []classify.Metrics
	}{{"without hand labels", res.Before}, {fmt.Sprintf("with %d hand labels", res.Corrections), res.After}} {
		for _, m := range row.ms {
			if m.System != "model" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t", row.name, m.MacroF1, m.Accuracy)
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
