package pipeline

import (
	"context"

	"github.com/unpv/unpv/classify"
)

// Training with the store's hand labels (`unpv classify train
// --with-corrections`). train_classify1.go holds the training and
// cross-validation written against classify's API in main today;
// train_classify2.go (build tag classifyv2) the same against the API of
// classify's rewrite (ReadTrainingData, CrossValidate with CVOptions
// grouped by delegation), checked against that branch: when it lands,
// delete the first, drop the tag from the second (and from
// cmd/unpv/classify_corrections2.go and the tests beside them).

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
