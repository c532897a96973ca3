package pipeline

import (
	"context"
	"fmt"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
)

// correctionsFixture is a store of two real meetings in dir, gold pairs
// made of its first 50 stances (the model's labels, one in five changed so
// that every label is there), and hand labels on the next 10 stances and
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
		gold = append(gold, classify.Pair{ID: fmt.Sprint(i), Source: "test", Symbol: r.Symbol, Speaker: r.DelegationCode,
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

// TestTrainWithCorrections: the store's hand labels join the training
// pairs, except those a dev pair already holds, and the cross-validation
// on gold is reported without and with them.
func TestTrainWithCorrections(t *testing.T) {
	ctx := context.Background()
	gold, dir := correctionsFixture(t)
	res, err := TrainWithCorrections(ctx, dir, gold[:40], gold[40:], 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dev != 40 || res.Extra != 10 || res.Corrections != 10 || res.Overlap != 1 || res.Model == nil {
		t.Fatalf("training: %+v", res)
	}
	if res.Before.Pairs != 40 || res.After.Pairs != 40 || res.Before.ExtraPairs != 10 || res.After.ExtraPairs != 20 {
		t.Errorf("cross-validations: before %d+%d, after %d+%d", res.Before.Pairs, res.Before.ExtraPairs, res.After.Pairs, res.After.ExtraPairs)
	}
}
