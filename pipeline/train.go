package pipeline

import (
	"context"

	"github.com/unpv/unpv/classify"
)

// CorrectionPairs are the hand labels of dataDir's store as training pairs
// (one per pair with a hand label; disputed pairs have none), in the
// gold-dev schema the classifier trains on.
func CorrectionPairs(ctx context.Context, dataDir string) ([]classify.Pair, error) {
	st, err := openStore(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	recs, err := HandRecords(ctx, st, ExportOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]classify.Pair, 0, len(recs))
	for _, r := range recs {
		out = append(out, classify.Pair{ID: r.ID, Source: r.Source, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
			Target: r.Target, Sentence: r.Sentence, Label: r.Label})
	}
	return out, nil
}

// CorrectionsTraining is what training with a store's hand labels did.
type CorrectionsTraining struct {
	Gold        int // pairs of the gold set, on which the cross-validations test
	Corrections int // hand-labelled pairs added to training
	// Overlap counts hand-labelled pairs left out because a gold pair has
	// the same sentence and organisation: they would put test answers in
	// the training folds.
	Overlap int
	Folds   int
	// Before and After are the grouped cross-validation on the gold pairs
	// without and with the hand-labelled pairs in every training fold
	// (they are never tested on).
	Before, After []classify.Metrics
	Model         *classify.Model // trained on the gold and the hand-labelled pairs
}

// TrainWithCorrections trains the stance model on gold plus the hand
// labels of dataDir's store and cross-validates on gold, grouped, before
// and after adding them.
//
// It is written against classify's training API in main at the time
// (CrossValidate(pairs, k, opt, extra), grouped by speech); the rewrite that
// reads the training folder and cross-validates grouped by delegation
// takes the hand-labelled pairs as CVOptions.Extra the same way.
func TrainWithCorrections(ctx context.Context, dataDir string, gold []classify.Pair, folds int, opt classify.TrainOptions) (*CorrectionsTraining, error) {
	corr, err := CorrectionPairs(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	inGold := map[string]bool{}
	for _, p := range gold {
		inGold[normText(p.Sentence)+"\x00"+p.Target] = true
	}
	res := &CorrectionsTraining{Gold: len(gold), Folds: folds}
	var extra []classify.Pair
	for _, p := range corr {
		if inGold[normText(p.Sentence)+"\x00"+p.Target] {
			res.Overlap++
			continue
		}
		extra = append(extra, p)
	}
	res.Corrections = len(extra)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.Before, err = classify.CrossValidate(gold, folds, opt, nil); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.After, err = classify.CrossValidate(gold, folds, opt, extra); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Model, err = classify.Train(append(append([]classify.Pair(nil), gold...), extra...), opt)
	return res, err
}
