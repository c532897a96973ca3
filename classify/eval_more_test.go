package classify

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestCrossValidateExtraPairs checks which extra pairs train each fold,
// through the majority system, whose label is the majority of what it was
// trained on: extra pairs of a delegation the cross-validated pairs do not
// have train every fold, and those of the held-out delegation none of the
// folds that test it. Sentences and labels are real dev pairs; the
// speakers are set so that the majorities differ.
func TestCrossValidateExtraPairs(t *testing.T) {
	gold := readGold(t)
	byLabel := map[unpv.Label][]Pair{}
	for _, p := range gold {
		byLabel[p.Label] = append(byLabel[p.Label], p)
	}
	take := func(l unpv.Label, n int, speaker string) []Pair {
		ps := append([]Pair(nil), byLabel[l][:n]...)
		for i := range ps {
			ps[i].Speaker = speaker
		}
		return ps
	}
	// France's and Germany's pairs are cross-validated, two neutral each.
	pairs := append(take(unpv.Neutral, 2, "FRA"), take(unpv.Neutral, 2, "DEU")...)
	// Kenya has extra pairs only (3 recognition), France extra pairs too
	// (5 counter).
	extra := append(take(unpv.Recognition, 3, "KEN"), take(unpv.Counter, 5, "FRA")...)
	r, err := CrossValidate(pairs, CVOptions{Grouping: GroupDelegation, Folds: 2, Train: DefaultTrainOptions, Extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	var got []unpv.Label
	for s, m := range r.Systems {
		if m.System == "majority" {
			for _, p := range r.Predictions[s] {
				got = append(got, p.Label)
			}
		}
	}
	// Testing France: Germany's 2 neutral and Kenya's 3 recognition, not
	// France's 5 counter. Testing Germany: France's 2 neutral and 5
	// counter, Kenya's 3 recognition.
	want := []unpv.Label{unpv.Recognition, unpv.Recognition, unpv.Counter, unpv.Counter}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("majority predictions (-want +got):\n%s", diff)
	}
}

// TestPercentiles checks the interval ends against ones counted by hand:
// of 101 values 0, 0.01, …, 1 the 2.5th percentile is at rank 2.5 of 100,
// rounded to 3 (0.03), the 97.5th at rank 97.5, rounded to 98 (0.98).
func TestPercentiles(t *testing.T) {
	var hundred []float64
	for i := range 101 {
		hundred = append(hundred, float64(100-i)/100) // not in order
	}
	for _, tc := range []struct {
		name string
		xs   []float64
		want [2]float64
	}{
		{"none", nil, [2]float64{}},
		{"one", []float64{0.5}, [2]float64{0.5, 0.5}},
		{"101", hundred, [2]float64{0.03, 0.98}},
		{"41", hundred[30:71], [2]float64{0.31, 0.69}}, // ranks 1 and 39 of 0..40
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, percentiles(tc.xs)); diff != "" {
				t.Errorf("percentiles (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIntervalsOfARareClass: a resample that draws none of a class's pairs
// says nothing of its F1 and is left out of that class's interval. All
// counter pairs here are one delegation's, about a third of the resamples
// miss it, and predictions are right, so the interval is [1, 1]; counting
// those resamples as F1 0 would put its low end at 0.
func TestIntervalsOfARareClass(t *testing.T) {
	var gold []unpv.Label
	var clusters []string
	for d := range 10 {
		for i := range 4 {
			l := unpv.Labels[i%2] // recognition, neutral (unpv.Labels order)
			if d == 0 && i == 0 {
				l = unpv.Counter
			}
			gold = append(gold, l)
			clusters = append(clusters, fmt.Sprintf("D%d", d))
		}
	}
	ps := make([]Prediction, len(gold))
	for i, g := range gold {
		ps[i] = Prediction{Label: g, Confidence: 1}
	}
	m := withIntervals(score("right", gold, labelsOf(ps)), gold, ps, clusters, 200, 1)
	got := map[unpv.Label][2]float64{}
	for _, c := range classes {
		got[c] = m.PerClass[c].F1CI
	}
	want := map[unpv.Label][2]float64{unpv.Recognition: {1, 1}, unpv.Neutral: {1, 1}, unpv.Counter: {1, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per-class F1 intervals (-want +got):\n%s", diff)
	}
}
