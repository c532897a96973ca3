package pipeline

import (
	"context"
	"fmt"
	"slices"
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
	src, err := CorrectionPairs(ctx, dir)
	if pairs := src.Pairs; err != nil || len(pairs) != 11 || pairs[0].Sentence == "" || pairs[0].Source != "unsc-debates" || !src.Hand {
		t.Fatalf("correction pairs: %d %v %+v", len(pairs), err, src)
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
	src, err := CorrectionPairs(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	corr := src.Pairs
	// A file of the researcher's: two hand-labelled pairs again (left
	// out) and one of its own.
	mine := append(append([]classify.Pair(nil), corr[1:3]...), gold[45])
	mine[2].Sentence += " Again."
	counts := []classify.FileCount{{File: "dev.jsonl", Pairs: 40, Dev: true}, {File: "extra.jsonl", Pairs: 10}}
	res, err := TrainWith(ctx, gold[:40], gold[40:], counts, []PairSource{src, {Name: "mine.jsonl", Pairs: mine}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dev != 40 || res.Extra != 10 || res.Added != 11 || res.Overlap != 3 || res.Model == nil {
		t.Fatalf("training: %+v", res)
	}
	// The model names the hand labels it trained on (not the researcher's
	// pair), so that annotate stats leaves them out of its samples.
	// Those a training pair already held (left out of the added pairs)
	// too: the model trained on their sentence and organisation.
	var hand []string
	for _, p := range corr {
		hand = append(hand, p.ID)
	}
	slices.Sort(hand)
	if diff := cmp.Diff(hand, res.Model.HandPairs); diff != "" || len(hand) != 11 {
		t.Errorf("hand pairs (-want +got):\n%s", diff)
	}
	if res.Before.Pairs != 40 || res.After.Pairs != 40 || res.Before.ExtraPairs != 10 || res.After.ExtraPairs != 21 {
		t.Errorf("cross-validations: before %d+%d, after %d+%d", res.Before.Pairs, res.Before.ExtraPairs, res.After.Pairs, res.After.ExtraPairs)
	}
	c, err := classify.New(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	want := &classify.Card{Model: c.Version(), KnownFailures: classify.KnownFailures, CrossValidation: []*classify.CVResult{res.After},
		Training: append(counts, classify.FileCount{File: src.Name, Pairs: 10}, classify.FileCount{File: "mine.jsonl", Pairs: 1})}
	if diff := cmp.Diff(want, res.Card); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
}

// TestCorrectionPairsSayHowDecided: --with-corrections trains on the pairs
// whose hand label is decided (adjudicated, agreed, or of one coder; a
// stale one on the text it was coded on), never a disputed one, and the
// model card's name of the source says so: it said "hand labels (unpv
// annotate)", which does not tell a reader whether disputed pairs or
// single coders' labels went in.
func TestCorrectionPairsSayHowDecided(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, write := speechStoreIn(t, dir)
	texts := []string{"ASEAN one.", "ASEAN two.", "ASEAN three.", "ASEAN four."}
	write(texts)
	id := func(n int) string { return fmt.Sprintf("S/PV.8711#5.%d", n) }
	for _, c := range []unpv.Coding{
		{SentenceID: id(1), Coder: "ann", Label: unpv.Recognition}, // agreed
		{SentenceID: id(1), Coder: "bob", Label: unpv.Recognition},
		{SentenceID: id(2), Coder: "ann", Label: unpv.Recognition}, // disputed
		{SentenceID: id(2), Coder: "bob", Label: unpv.Counter},
		{SentenceID: id(3), Coder: "ann", Label: unpv.Recognition}, // adjudicated
		{SentenceID: id(3), Coder: "bob", Label: unpv.Counter},
		{SentenceID: id(3), Coder: "cat", Label: unpv.Counter, Adjudication: true},
		{SentenceID: id(4), Coder: "ann", Label: unpv.Neutral}, // one coder, then the text changes: stale
	} {
		c.Target = "ASEAN"
		if _, err := st.AddCoding(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	write(append(texts[:3:3], "ASEAN four, changed."))
	src, err := CorrectionPairs(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range src.Pairs {
		got = append(got, p.Sentence+" "+string(p.Label))
	}
	if diff := cmp.Diff([]string{"ASEAN one. recognition", "ASEAN three. counter", "ASEAN four. neutral"}, got); diff != "" {
		t.Errorf("pairs (-want +got):\n%s", diff)
	}
	want := "hand labels (unpv annotate): 1 adjudicated, 1 agreed, 1 of one coder (1 stale, on the text coded); 1 disputed left out"
	if src.Name != want || !src.Hand {
		t.Errorf("source %q (hand %v), want %q", src.Name, src.Hand, want)
	}
}
