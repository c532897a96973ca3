package pipeline

import (
	"context"

	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
)

// Training with the store's hand labels (`unpv classify train
// --with-corrections`).

// CorrectionPairs are the hand labels of dataDir's store as training pairs
// (one per pair with a hand label; disputed pairs have none), in the
// gold-dev schema the classifier trains on.
func CorrectionPairs(ctx context.Context, dataDir string) ([]classify.Pair, error) {
	st, err := openStore(ctx, dataDir, false)
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
		out = append(out, correctionPair(r))
	}
	return out, nil
}

// newPairs returns the pairs of corr whose sentence and organisation no
// pair of known has, and how many it left out: a hand label on a pair the
// training or test data already hold would put test answers in training
// folds, or count a pair twice.
func newPairs(corr []classify.Pair, known ...[]classify.Pair) (out []classify.Pair, left int) {
	seen := map[string]bool{}
	for _, ps := range known {
		for _, p := range ps {
			seen[normText(p.Sentence)+"\x00"+p.Target] = true
		}
	}
	for _, p := range corr {
		if seen[normText(p.Sentence)+"\x00"+p.Target] {
			left++
			continue
		}
		out = append(out, p)
	}
	return out, left
}

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
		return classify.CrossValidate(dev, classify.CVOptions{Grouping: classify.GroupDelegation, Folds: classify.CardFolds,
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
