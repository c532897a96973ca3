//go:build classifyv2

package pipeline

import (
	"context"

	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
)

func correctionPair(r annotate.Record) classify.Pair {
	return classify.Pair{ID: r.ID, Source: r.Source, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
		Target: r.Target, Sentence: r.Sentence, Context: r.Context, Label: r.Label}
}

// CorrectionsTraining is what training with a store's hand labels did.
type CorrectionsTraining struct {
	Dev, Extra  int // pairs of the dev sets (tested on) and the training-only sets
	Corrections int // hand-labelled pairs added to training
	// Overlap counts hand-labelled pairs left out because a dev or
	// training-only pair has the same sentence and organisation.
	Overlap int
	// Before and After are the cross-validation on the dev pairs grouped
	// by delegation, without and with the hand-labelled pairs among the
	// training-only pairs (never tested on; left out of the fold that
	// tests their delegation).
	Before, After *classify.CVResult
	Model         *classify.Model // trained on dev, training-only and hand-labelled pairs
}

// TrainWithCorrections trains the stance model on the dev and
// training-only pairs plus the hand labels of dataDir's store, and
// cross-validates on the dev pairs, grouped by delegation, before and
// after adding them.
func TrainWithCorrections(ctx context.Context, dataDir string, dev, extra []classify.Pair, resamples int) (*CorrectionsTraining, error) {
	corr, err := CorrectionPairs(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	res := &CorrectionsTraining{Dev: len(dev), Extra: len(extra)}
	added, left := newPairs(corr, dev, extra)
	res.Corrections, res.Overlap = len(added), left
	with := append(append([]classify.Pair(nil), extra...), added...)
	cv := func(extra []classify.Pair) (*classify.CVResult, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return classify.CrossValidate(dev, classify.CVOptions{Grouping: classify.GroupDelegation, Folds: 5,
			Train: classify.DefaultTrainOptions, Extra: extra, Resamples: resamples, Seed: 1})
	}
	if res.Before, err = cv(extra); err != nil {
		return nil, err
	}
	if res.After, err = cv(with); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Model, err = classify.Train(append(append([]classify.Pair(nil), dev...), with...), classify.DefaultTrainOptions)
	return res, err
}
