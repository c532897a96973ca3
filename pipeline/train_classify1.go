//go:build !classifyv2

package pipeline

import (
	"context"

	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
)

func correctionPair(r annotate.Record) classify.Pair {
	return classify.Pair{ID: r.ID, Source: r.Source, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
		Target: r.Target, Sentence: r.Sentence, Label: r.Label}
}

// CorrectionsTraining is what training with a store's hand labels did.
type CorrectionsTraining struct {
	Gold        int // pairs of the gold set, on which the cross-validations test
	Corrections int // hand-labelled pairs added to training
	// Overlap counts hand-labelled pairs left out because a gold pair has
	// the same sentence and organisation.
	Overlap int
	Folds   int
	// Before and After are the grouped cross-validation on the gold pairs
	// without and with the hand-labelled pairs in every training fold
	// (they are never tested on).
	Before, After []classify.Metrics
	Model         *classify.Model // trained on the gold and the hand-labelled pairs
}

// TrainWithCorrections trains the stance model on gold plus the hand
// labels of dataDir's store and cross-validates on gold, grouped by
// speech, before and after adding them (classify.CrossValidate(pairs, k,
// opt, extra) as in main).
func TrainWithCorrections(ctx context.Context, dataDir string, gold []classify.Pair, folds int, opt classify.TrainOptions) (*CorrectionsTraining, error) {
	corr, err := CorrectionPairs(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	res := &CorrectionsTraining{Gold: len(gold), Folds: folds}
	extra, left := newPairs(corr, gold)
	res.Corrections, res.Overlap = len(extra), left
	cv := func(extra []classify.Pair) ([]classify.Metrics, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return classify.CrossValidate(gold, folds, opt, extra)
	}
	if res.Before, err = cv(nil); err != nil {
		return nil, err
	}
	if res.After, err = cv(extra); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Model, err = classify.Train(append(append([]classify.Pair(nil), gold...), extra...), opt)
	return res, err
}
