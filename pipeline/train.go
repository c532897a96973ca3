package pipeline

import (
	"context"
	"fmt"
	"slices"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
)

// Training with the store's hand labels (`unpv classify train
// --with-corrections`).

// CorrectionPairs are the hand labels of dataDir's store as training pairs
// (one per pair whose hand label is decided: adjudicated, agreed or of one
// coder, a stale one on the text it was coded on; disputed pairs have
// none), in the gold-dev schema the classifier trains on, as a source
// named for the model card with how its labels were decided.
func CorrectionPairs(ctx context.Context, dataDir string) (PairSource, error) {
	src := PairSource{Name: HandLabelsSource, Hand: true}
	st, err := openStore(ctx, dataDir, false)
	if err != nil {
		return src, err
	}
	defer st.Close()
	recs, err := HandRecords(ctx, st, ExportOptions{})
	if err != nil {
		return src, err
	}
	hand, err := st.HandLabels(ctx)
	if err != nil {
		return src, err
	}
	// Counted from the pairs trained on: a stale label carried over to its
	// text's new ID is one of them once (HandRecords).
	by := map[unpv.HandStatus]int{}
	stale := 0
	for _, r := range recs {
		by[r.Status]++
		if r.Stale {
			stale++
		}
	}
	for _, h := range hand {
		if h.Status == unpv.HandDisputed {
			by[h.Status]++
		}
	}
	src.Name = fmt.Sprintf("%s: %d adjudicated, %d agreed, %d of one coder", HandLabelsSource,
		by[unpv.HandAdjudicated], by[unpv.HandAgreed], by[unpv.HandCoded])
	if stale > 0 {
		src.Name += fmt.Sprintf(" (%d stale, on the text coded)", stale)
	}
	src.Name += fmt.Sprintf("; %d disputed left out", by[unpv.HandDisputed])
	src.Pairs = make([]classify.Pair, 0, len(recs))
	for _, r := range recs {
		src.Pairs = append(src.Pairs, correctionPair(r))
	}
	return src, nil
}

// newPairs returns the pairs of added whose sentence and organisation no
// pair of known has, and how many it left out: a label on a pair the
// training or test data already hold would put test answers in training
// folds, or count a pair twice.
func newPairs(added []classify.Pair, known ...[]classify.Pair) (out []classify.Pair, left int) {
	seen := map[string]bool{}
	for _, ps := range known {
		for _, p := range ps {
			seen[normText(p.Sentence)+"\x00"+p.Target] = true
		}
	}
	for _, p := range added {
		k := normText(p.Sentence) + "\x00" + p.Target
		if seen[k] {
			left++
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out, left
}

func correctionPair(r annotate.Record) classify.Pair {
	return classify.Pair{ID: r.ID, Source: r.Source, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
		Target: r.Target, Sentence: r.Sentence, Context: r.Context, Label: r.Label}
}

// PairSource is a set of labelled pairs added to the repository's
// training data, named for the model card: a researcher's file, or the
// store's hand labels (HandLabelsSource).
type PairSource struct {
	Name  string
	Pairs []classify.Pair
	Hand  bool // the store's hand labels (CorrectionPairs)
}

// HandLabelsSource begins the name of the store's hand labels in a model
// card (CorrectionPairs adds how they were decided).
const HandLabelsSource = "hand labels (unpv annotate)"

// AddedTraining is what training with added pairs did.
type AddedTraining struct {
	Dev, Extra int // pairs of the dev sets (tested on) and the training-only sets
	Added      int // added pairs that joined the training-only pairs
	// Overlap counts added pairs left out because a dev, training-only or
	// earlier added pair has the same sentence and organisation.
	Overlap int
	// Before and After are the cross-validation on the dev pairs grouped
	// by delegation, without and with the added pairs among the
	// training-only pairs (never tested on; left out of the fold that
	// tests their delegation).
	Before, After *classify.CVResult
	Model         *classify.Model // trained on dev, training-only and added pairs
	// Card describes Model: its training files and After, its one
	// cross-validation.
	Card *classify.Card
}

// TrainWith trains the stance model on the dev and training-only pairs
// (counts says from which files) plus the added pairs, cross-validates on
// the dev pairs, grouped by delegation, before and after adding them, and
// makes the new model's card.
func TrainWith(ctx context.Context, dev, extra []classify.Pair, counts []classify.FileCount, added []PairSource, resamples int) (*AddedTraining, error) {
	res := &AddedTraining{Dev: len(dev), Extra: len(extra)}
	with := append([]classify.Pair(nil), extra...)
	counts = append([]classify.FileCount(nil), counts...)
	var hand []string
	for _, src := range added {
		ps, left := newPairs(src.Pairs, dev, with)
		res.Added, res.Overlap = res.Added+len(ps), res.Overlap+left
		with = append(with, ps...)
		if src.Hand {
			// Every hand pair: one left out because a training or dev
			// pair holds its sentence and organisation was trained on too.
			for _, p := range src.Pairs {
				hand = append(hand, p.ID)
			}
		}
		counts = append(counts, classify.FileCount{File: src.Name, Pairs: len(ps)})
	}
	cv := func(extra []classify.Pair) (*classify.CVResult, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return classify.CrossValidate(dev, classify.CVOptions{Grouping: classify.GroupDelegation, Folds: classify.CardFolds,
			Train: classify.DefaultTrainOptions, Extra: extra, Resamples: resamples, Seed: 1})
	}
	var err error
	if res.Before, err = cv(extra); err != nil {
		return nil, err
	}
	if res.After, err = cv(with); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.Model, err = classify.Train(append(append([]classify.Pair(nil), dev...), with...), classify.DefaultTrainOptions); err != nil {
		return nil, err
	}
	slices.Sort(hand)
	res.Model.HandPairs = slices.Compact(hand)
	c, err := classify.New(res.Model)
	if err != nil {
		return nil, err
	}
	res.Card = &classify.Card{Model: c.Version(), Training: counts, CrossValidation: []*classify.CVResult{res.After}, KnownFailures: classify.KnownFailures}
	return res, nil
}
