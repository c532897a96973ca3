package pipeline

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
)

// correctionsFixture is a store of two real meetings in dir, gold pairs
// made of its first 50 stances (the model's labels, one in five changed so
// that every label is there; six delegations' in turn), and hand labels on the next 10 stances and
// on the first gold pair.
func correctionsFixture(t *testing.T) ([]classify.Pair, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	shipped, _ := classify.Default()
	annotateRun(t, dir, shipped)
	st := testStore(t, dir)
	rows := firstStances(t, st, 60)
	var gold []classify.Pair
	for i, r := range rows[:50] {
		l := r.Label
		if i%5 == 0 {
			l = unpv.Labels[(l.Index()+1)%3]
		}
		// Two meetings hold too few delegations for five folds grouped
		// by delegation: the pairs are spread over six.
		speaker := []string{"FRA", "KEN", "RUS", "CHN", "BRA", "IND"}[i%6]
		gold = append(gold, classify.Pair{ID: fmt.Sprint(i), Source: "test", Symbol: r.Symbol, Speaker: speaker,
			Target: r.Target, Sentence: r.Sentence, Label: l})
	}
	ws := NewWorkspace(st, nil)
	for _, r := range append(rows[50:], rows[0]) {
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: r.SentenceID, Target: r.Target, Coder: "ann", Label: other(r.Label)}); err != nil {
			t.Fatal(err)
		}
	}
	pairs, err := CorrectionPairs(ctx, dir)
	if err != nil || len(pairs) != 11 || pairs[0].Sentence == "" || pairs[0].Source != "unsc-debates" {
		t.Fatalf("correction pairs: %d %v %+v", len(pairs), err, pairs)
	}
	return gold, dir
}

// TestTrainWith: added pairs (the store's hand labels, a researcher's
// file) join the training pairs, except those a dev, training-only or
// earlier added pair already holds, the cross-validation on gold is
// reported without and with them, and the card describes the new model
// and names where its pairs came from.
func TestTrainWith(t *testing.T) {
	ctx := context.Background()
	gold, dir := correctionsFixture(t)
	corr, err := CorrectionPairs(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// A file of the researcher's: two hand-labelled pairs again (left
	// out) and one of its own.
	mine := append(append([]classify.Pair(nil), corr[1:3]...), gold[45])
	mine[2].Sentence += " Again."
	counts := []classify.FileCount{{File: "dev.jsonl", Pairs: 40, Dev: true}, {File: "extra.jsonl", Pairs: 10}}
	res, err := TrainWith(ctx, gold[:40], gold[40:], counts, []PairSource{{HandLabelsSource, corr}, {"mine.jsonl", mine}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dev != 40 || res.Extra != 10 || res.Added != 11 || res.Overlap != 3 || res.Model == nil {
		t.Fatalf("training: %+v", res)
	}
	if res.Before.Pairs != 40 || res.After.Pairs != 40 || res.Before.ExtraPairs != 10 || res.After.ExtraPairs != 21 {
		t.Errorf("cross-validations: before %d+%d, after %d+%d", res.Before.Pairs, res.Before.ExtraPairs, res.After.Pairs, res.After.ExtraPairs)
	}
	c, err := classify.New(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	want := &classify.Card{Model: c.Version(), KnownFailures: classify.KnownFailures, CrossValidation: []*classify.CVResult{res.After},
		Training: append(counts, classify.FileCount{File: HandLabelsSource, Pairs: 10}, classify.FileCount{File: "mine.jsonl", Pairs: 1})}
	if diff := cmp.Diff(want, res.Card); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
}
