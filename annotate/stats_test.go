package annotate

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/unpv/unpv"
)

var (
	R = unpv.Recognition
	N = unpv.Neutral
	C = unpv.Counter
)

// codeTable makes two coders' codings from a confusion table over
// unpv.Labels (rows: coder a, columns: coder b).
func codeTable(conf [3][3]int) []unpv.Coding {
	var out []unpv.Coding
	k := 0
	for i := range conf {
		for j := range conf[i] {
			for range conf[i][j] {
				id := fmt.Sprintf("S/PV.1#1.%d", k)
				k++
				out = append(out, unpv.Coding{SentenceID: id, Target: "AU", Coder: "a", Label: unpv.Labels[i]},
					unpv.Coding{SentenceID: id, Target: "AU", Coder: "b", Label: unpv.Labels[j]})
			}
		}
	}
	return out
}

// TestKappaHandComputed checks Cohen's kappa on two tables worked out by
// hand (the label order is unpv.Labels: recognition, neutral, counter).
func TestKappaHandComputed(t *testing.T) {
	for _, c := range []struct {
		name      string
		conf      [3][3]int
		po, pe, k float64
		ci        [2]float64
	}{
		{
			// Wikipedia's example ("Cohen's kappa"): 50 proposals, yes/yes 20,
			// yes/no 5, no/yes 10, no/no 15: po = 35/50 = 0.7, A says yes 25 times
			// and B 30, so pe = (25·30 + 25·20)/50² = 0.5 and κ = 0.2/0.5 = 0.4.
			// SE = √(0.7·0.3/50)/0.5 = 0.129615, κ ± 1.96·SE = 0.1460–0.6540.
			name: "two labels", conf: [3][3]int{{20, 5, 0}, {10, 15, 0}, {0, 0, 0}},
			po: 0.7, pe: 0.5, k: 0.4, ci: [2]float64{0.14596, 0.65404},
		},
		{
			// Three labels: agreement 20+12+2 = 34 of 50, po = 0.68. Rows (a):
			// R 25, N 23, C 2; columns (b): R 30, N 17, C 3.
			// pe = (25·30 + 23·17 + 2·3)/2500 = 1147/2500 = 0.4588.
			// κ = (0.68 − 0.4588)/(1 − 0.4588) = 0.2212/0.5412 = 0.408721.
			// SE = √(0.68·0.32/50)/0.5412 = 0.121897; interval 0.169808–0.647634.
			name: "three labels", conf: [3][3]int{{20, 5, 0}, {10, 12, 1}, {0, 0, 2}},
			po: 0.68, pe: 0.4588, k: 0.408721, ci: [2]float64{0.169808, 0.647634},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := Compute(codeTable(c.conf), nil, nil)
			if len(st.Agreement) != 1 {
				t.Fatalf("agreement: %+v", st.Agreement)
			}
			g := st.Agreement[0]
			near := func(a, b float64) bool { return math.Abs(a-b) < 5e-6 }
			if g.Coders != [2]string{"a", "b"} || g.N != 50 || g.Confusion != c.conf || !near(g.Observed, c.po) ||
				!near(g.Expected, c.pe) || !near(g.Kappa, c.k) || !near(g.KappaCI[0], c.ci[0]) || !near(g.KappaCI[1], c.ci[1]) {
				t.Errorf("got %+v, want po %v pe %v κ %v %v", g, c.po, c.pe, c.k, c.ci)
			}
		})
	}
	// Perfect agreement on one label only: kappa is taken as 1.
	if k, _, _, n := Kappa([3][3]int{{0, 0, 0}, {0, 7, 0}, {0, 0, 0}}); k != 1 || n != 7 {
		t.Errorf("one label throughout: κ %v n %d", k, n)
	}
}

// TestComputeBookkeeping: latest labels count, skips, adjudications,
// disagreements, stale codings and the samples' exclusions.
func TestComputeBookkeeping(t *testing.T) {
	p1, p2, p3, p4 := "S/PV.1#1.1", "S/PV.1#1.2", "S/PV.1#1.3", "S/PV.1#1.4"
	rnd := "random seed=1"
	codings := []unpv.Coding{
		{SentenceID: p1, Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "1", Sentence: "one"},
		{SentenceID: p1, Target: "AU", Coder: "bob", Label: C, Queue: rnd, At: "2", Note: "so-called"},
		{SentenceID: p2, Target: "AU", Coder: "ann", Label: N, Queue: rnd, At: "3"},
		{SentenceID: p2, Target: "AU", Coder: "bob", Label: R, Queue: rnd, At: "4"},
		{SentenceID: p2, Target: "AU", Coder: "cat", Label: N, Adjudication: true, At: "5"},
		{SentenceID: p3, Target: "EU", Coder: "ann", Label: N, Queue: rnd, At: "6"},
		{SentenceID: p3, Target: "EU", Coder: "ann", Label: R, Queue: rnd, At: "7"}, // changed her mind
		{SentenceID: p3, Target: "EU", Coder: "bob", Queue: rnd, At: "8"},           // a skip
		{SentenceID: p4, Target: "EU", Coder: "bob", Label: C, Queue: "uncertain", At: "9"},
		{SentenceID: p4, Target: "AU", Coder: "bob", Label: C, Stale: true, At: "10"},
	}
	model := map[Pair]unpv.Label{{p1, "AU"}: R, {p2, "AU"}: N}
	st := Compute(codings, model, nil)
	wantCoders := []CoderStats{{"ann", 3, 0, "7"}, {"bob", 3, 1, "9"}, {"cat", 0, 0, "5"}}
	if d := cmp.Diff(wantCoders, st.Coders); d != "" {
		t.Errorf("coders (-want +got):\n%s", d)
	}
	if st.Pairs != 3 || st.Disputed != 1 || st.Stale != 1 {
		t.Errorf("pairs %d disputed %d stale %d, want 3 1 1", st.Pairs, st.Disputed, st.Stale)
	}
	wantDis := []Disagreement{
		{Pair: Pair{p1, "AU"}, Sentence: "one", Model: R, Labels: []Opinion{{"ann", R, ""}, {"bob", C, "so-called"}}},
		{Pair: Pair{p2, "AU"}, Model: N, Adjudicated: N, Labels: []Opinion{{"ann", N, ""}, {"bob", R, ""}}},
	}
	if d := cmp.Diff(wantDis, st.Disagreements); d != "" {
		t.Errorf("disagreements (-want +got):\n%s", d)
	}
	// p1 and p2, both of the sample: kappa on all pairs and on the sample.
	if len(st.Agreement) != 2 || st.Agreement[0].N != 2 || st.Agreement[0].Sample != "" || st.Agreement[1].Sample != rnd || st.Agreement[1].N != 2 {
		t.Errorf("agreement: %+v", st.Agreement)
	}
	// The sample: p1 disputed, p2 adjudicated neutral = model, p3
	// recognition by ann alone but no model label; p4 is not in it.
	if len(st.Accuracy) != 1 {
		t.Fatalf("accuracy: %+v", st.Accuracy)
	}
	a := st.Accuracy[0]
	if a.Queue != rnd || a.N != 1 || a.Disputed != 1 || a.NoModel != 1 || a.Accuracy.K != 1 || a.Confusion[1][1] != 1 {
		t.Errorf("sample: %+v", a)
	}
	// A model retrained on p2's hand label is in-sample there: p2 leaves
	// the sample, counted, and nothing is left to measure it on.
	a = Compute(codings, model, map[Pair]bool{{p2, "AU"}: true}).Accuracy[0]
	if a.N != 0 || a.Trained != 1 || a.Disputed != 1 || a.NoModel != 1 || a.Accuracy.N != 0 {
		t.Errorf("sample with p2 trained on: %+v", a)
	}
}

// Two pairs the model labels, and a random queue, of the skip tests.
const p1, p2, rnd = "S/PV.1#1.1", "S/PV.1#1.2", "random seed=1"

var model2 = map[Pair]unpv.Label{{p1, "AU"}: R, {p2, "AU"}: N}

// TestComputeSkipsAreNotLabels: a skip is no label, so the statistics of
// codings with skips are those of the same codings without them (the
// pairs, disputes, stale labels, kappa, disagreements and the model's
// samples), except that the coders' skipped pairs are counted.
func TestComputeSkipsAreNotLabels(t *testing.T) {
	tests := []struct {
		name    string
		codings []unpv.Coding
		skipped map[string]int // by coder
		// sampleSkipped counts the sample's pairs only skipped.
		sampleSkipped int
	}{{
		name: "one coder skips a pair the other labelled",
		codings: []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Queue: rnd, At: "2", Note: "which AU?"},
			{SentenceID: p2, Target: "AU", Coder: "ann", Label: N, Queue: rnd, At: "3"},
			{SentenceID: p2, Target: "AU", Coder: "bob", Label: C, Queue: rnd, At: "4"},
		},
		skipped: map[string]int{"bob": 1},
	}, {
		name: "a skip after a label leaves the label",
		codings: []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Label: C, Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Label: R, Queue: rnd, At: "2"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Queue: rnd, At: "3"},
		},
	}, {
		name: "a label after a skip replaces the skip",
		codings: []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "2"},
			{SentenceID: p2, Target: "AU", Coder: "bob", Label: N, Queue: rnd, At: "3"},
		},
	}, {
		name: "pairs only skipped, one of them stale",
		codings: []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p2, Target: "AU", Coder: "ann", Queue: rnd, At: "2", Stale: true},
			{SentenceID: p2, Target: "AU", Coder: "bob", Label: N, Queue: rnd, At: "3"},
		},
		skipped:       map[string]int{"ann": 1},
		sampleSkipped: 1,
	}, {
		name: "an adjudicated pair one coder skipped",
		codings: []unpv.Coding{
			{SentenceID: p2, Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "1"},
			{SentenceID: p2, Target: "AU", Coder: "bob", Queue: rnd, At: "2"},
			{SentenceID: p2, Target: "AU", Coder: "cat", Label: N, Queue: rnd, At: "3"},
			{SentenceID: p2, Target: "AU", Coder: "dan", Label: N, Adjudication: true, At: "4"},
		},
		skipped: map[string]int{"bob": 1},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var labels []unpv.Coding
			for _, c := range tt.codings {
				if c.Label != "" {
					labels = append(labels, c)
				}
			}
			got, want := Compute(tt.codings, model2, nil), Compute(labels, model2, nil)
			// The coders differ only in what skips add: their skipped
			// pairs, the time of their latest act and, for a coder who
			// only skipped, the entry itself.
			count := func(st Stats, skipped bool) map[string]int {
				n := map[string]int{}
				for _, c := range st.Coders {
					v := c.Labelled
					if skipped {
						v = c.Skipped
					}
					if v > 0 {
						n[c.Coder] = v
					}
				}
				return n
			}
			if d := cmp.Diff(tt.skipped, count(got, true), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("skipped pairs by coder (-want +got):\n%s", d)
			}
			if d := cmp.Diff(count(want, false), count(got, false)); d != "" {
				t.Errorf("labelled pairs by coder (-without skips +with):\n%s", d)
			}
			// The samples count the pairs only skipped, and nothing else changes.
			skipped := 0
			for i := range got.Accuracy {
				skipped += got.Accuracy[i].Skipped
				got.Accuracy[i].Skipped = 0
			}
			if skipped != tt.sampleSkipped {
				t.Errorf("pairs only skipped in the samples: %d, want %d", skipped, tt.sampleSkipped)
			}
			got.Coders, want.Coders = nil, nil
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("stats with skips (-without +with):\n%s", d)
			}
		})
	}
}

// TestSampleCountsSkips: a random queue's sample is the pairs reached in
// its order, labelled or skipped from it; a pair its coders only skipped is
// the sample's non-response, left out and counted (it was left out
// unsaid), and a pair skipped there that someone labelled elsewhere is in
// it with that label (it was left out).
func TestSampleCountsSkips(t *testing.T) {
	tests := []struct {
		name    string
		codings []unpv.Coding
		want    []string // each sample: queue, n, skipped, disputed
	}{
		{"only skipped", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p2, Target: "AU", Coder: "ann", Label: N, Queue: rnd, At: "2"},
		}, []string{"random seed=1 n=1 skipped=1 disputed=0"}},
		{"skipped there, labelled elsewhere", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Label: R, Queue: "uncertain", At: "2"},
		}, []string{"random seed=1 n=1 skipped=0 disputed=0"}},
		{"skipped by one, labelled by another", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Label: C, Queue: rnd, At: "2"},
		}, []string{"random seed=1 n=1 skipped=0 disputed=0"}},
		{"only skipped, adjudicated", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "cat", Label: R, Adjudication: true, At: "2"},
		}, []string{"random seed=1 n=1 skipped=0 disputed=0"}},
		{"a stale skip is in no sample", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: rnd, At: "1", Stale: true},
		}, nil},
		{"a skip from another queue", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Queue: "uncertain", At: "1"},
		}, nil},
		// A label this version does not know (a store labelled by a newer
		// model) is no model label: counted apart (as the confusion table's
		// index it is −1; a mutant that used it so panicked).
		{"a model label unknown here", []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "1"},
			{SentenceID: "S/PV.1#1.3", Target: "AU", Coder: "ann", Label: R, Queue: rnd, At: "2"},
		}, []string{"random seed=1 n=1 skipped=0 disputed=0 no_model=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := maps.Clone(model2)
			model[Pair{"S/PV.1#1.3", "AU"}] = "hedged"
			var got []string
			for _, a := range Compute(tt.codings, model, nil).Accuracy {
				s := fmt.Sprintf("%s n=%d skipped=%d disputed=%d", a.Queue, a.N, a.Skipped, a.Disputed)
				if a.NoModel > 0 {
					s += fmt.Sprintf(" no_model=%d", a.NoModel)
				}
				got = append(got, s)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("samples (-want +got):\n%s", d)
			}
		})
	}
}

// TestAccuracyOnSyntheticSample draws random samples from a synthetic
// population whose model has known precision and recall for each label,
// codes them with the true labels, and checks the estimates: on average
// within a point of the truth, and each 95% interval covering the truth
// in 90–99% of 400 samples.
func TestAccuracyOnSyntheticSample(t *testing.T) {
	// 20,000 pairs: truth shares and, for each true label, the model's
	// labels (rows and columns in unpv.Labels order: R, N, C).
	const total = 20000
	truthShare := [3]float64{0.40, 0.52, 0.08}
	modelGiven := [3][3]float64{
		{0.80, 0.18, 0.02},
		{0.15, 0.80, 0.05},
		{0.10, 0.30, 0.60},
	}
	type pair struct{ truth, model int }
	var pop []pair
	var conf [3][3]int
	for i := range 3 {
		for j := range 3 {
			n := int(math.Round(total * truthShare[i] * modelGiven[i][j]))
			conf[i][j] = n
			for range n {
				pop = append(pop, pair{i, j})
			}
		}
	}
	// The population's rates, exactly.
	var truePrec, trueRec [3]float64
	agree := 0
	for k := range 3 {
		byModel, byTruth := 0, 0
		for i := range 3 {
			byModel += conf[i][k]
			byTruth += conf[k][i]
		}
		truePrec[k] = float64(conf[k][k]) / float64(byModel)
		trueRec[k] = float64(conf[k][k]) / float64(byTruth)
		agree += conf[k][k]
	}
	trueAcc := float64(agree) / float64(len(pop))

	const samples, n = 400, 400
	rng := rand.New(rand.NewPCG(11, 29))
	var cover [7]int // accuracy, precision ×3, recall ×3
	var sum [7]float64
	for range samples {
		var codings []unpv.Coding
		model := map[Pair]unpv.Label{}
		for k, idx := range rng.Perm(len(pop))[:n] {
			p := pop[idx]
			id := fmt.Sprintf("S/PV.1#%d.1", idx)
			codings = append(codings, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: unpv.Labels[p.truth],
				Queue: "random seed=7", At: fmt.Sprint(k)})
			model[Pair{id, "AU"}] = unpv.Labels[p.model]
		}
		st := Compute(codings, model, nil)
		a := st.Accuracy[0]
		if a.N != n {
			t.Fatalf("sample of %d, want %d", a.N, n)
		}
		rates := []Rate{a.Accuracy}
		truth := []float64{trueAcc}
		for k := range 3 {
			rates = append(rates, a.PerLabel[k].Precision)
			truth = append(truth, truePrec[k])
		}
		for k := range 3 {
			rates = append(rates, a.PerLabel[k].Recall)
			truth = append(truth, trueRec[k])
		}
		for i, r := range rates {
			sum[i] += r.Value
			if r.Low <= truth[i] && truth[i] <= r.High {
				cover[i]++
			}
		}
	}
	names := []string{"accuracy", "precision R", "precision N", "precision C", "recall R", "recall N", "recall C"}
	truth := []float64{trueAcc, truePrec[0], truePrec[1], truePrec[2], trueRec[0], trueRec[1], trueRec[2]}
	for i, name := range names {
		mean := sum[i] / samples
		coverage := float64(cover[i]) / samples
		t.Logf("%-12s true %.3f  mean estimate %.3f  95%% interval covers %.1f%%", name, truth[i], mean, 100*coverage)
		if math.Abs(mean-truth[i]) > 0.01 {
			t.Errorf("%s: mean estimate %.4f, true %.4f", name, mean, truth[i])
		}
		if coverage < 0.90 || coverage > 0.99 {
			t.Errorf("%s: interval covers the truth in %.1f%% of samples, want about 95%%", name, 100*coverage)
		}
	}
}

// TestDisagreementsAndFit: only pairs whose coders' labels differ are
// disagreements, and the model's F1 is the harmonic mean of its precision
// and recall, on samples worked out by hand. No test had two coders agree,
// nor looked at F1: mutants listing every doubly coded pair and halving F1
// survived.
func TestDisagreementsAndFit(t *testing.T) {
	// sample codes pairs of a random queue as ann does: the hand label, and
	// the model's.
	sample := func(pairs ...[2]unpv.Label) ([]unpv.Coding, map[Pair]unpv.Label) {
		var cs []unpv.Coding
		model := map[Pair]unpv.Label{}
		for i, p := range pairs {
			id := fmt.Sprintf("S/PV.1#1.%d", i+1)
			cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: p[0], Queue: rnd, At: fmt.Sprint(i)})
			model[Pair{id, "AU"}] = p[1]
		}
		return cs, model
	}
	t.Run("disagreements", func(t *testing.T) {
		codings := []unpv.Coding{
			{SentenceID: p1, Target: "AU", Coder: "ann", Label: R, At: "1"},
			{SentenceID: p1, Target: "AU", Coder: "bob", Label: R, At: "2"}, // agreed
			{SentenceID: p2, Target: "AU", Coder: "ann", Label: N, At: "3"},
			{SentenceID: p2, Target: "AU", Coder: "bob", Label: C, At: "4"}, // disputed
		}
		st := Compute(codings, model2, nil)
		want := []Disagreement{{Pair: Pair{p2, "AU"}, Model: N, Labels: []Opinion{{"ann", N, ""}, {"bob", C, ""}}}}
		if d := cmp.Diff(want, st.Disagreements); d != "" || st.Pairs != 1 || st.Disputed != 1 {
			t.Errorf("pairs %d disputed %d, disagreements (-want +got):\n%s", st.Pairs, st.Disputed, d)
		}
	})
	tests := []struct {
		name  string
		pairs [][2]unpv.Label // hand, model
		f1    [3]float64      // by unpv.Labels
		macro float64
	}{{
		name:  "perfect",
		pairs: [][2]unpv.Label{{R, R}, {N, N}, {C, C}},
		f1:    [3]float64{1, 1, 1}, macro: 1,
	}, {
		// Recognition: precision 2/3 (of RR, RR, CR), recall 2/3 (of RR, RR,
		// RN): F1 2/3. Neutral: precision 1/2 (RN, NN), recall 1/1: F1
		// 2·(1/2)·1/(3/2) = 2/3. Counter: never given by the model, F1 0.
		// Macro-F1 (2/3 + 2/3 + 0)/3 = 4/9.
		name:  "five pairs",
		pairs: [][2]unpv.Label{{R, R}, {R, R}, {R, N}, {N, N}, {C, R}},
		f1:    [3]float64{2. / 3, 2. / 3, 0}, macro: 4. / 9,
	}, {
		// No counter pair, in hand labels or the model's: macro-F1 averages
		// the labels present, as the model card's cross-validation does
		// (classify.Metrics), (2/3 + 2/3)/2. It counted counter's F1 as 0,
		// 4/9, so that a sample without counter pairs (counter is rare: a
		// few in a hundred) scored a third below the card's definition.
		name:  "no counter pair",
		pairs: [][2]unpv.Label{{R, R}, {R, N}, {N, N}},
		f1:    [3]float64{2. / 3, 2. / 3, 0}, macro: 2. / 3,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codings, model := sample(tt.pairs...)
			a := Compute(codings, model, nil).Accuracy[0]
			var f1 [3]float64
			for i, fit := range a.PerLabel {
				f1[i] = fit.F1
			}
			approx := cmpopts.EquateApprox(0, 1e-9)
			if d := cmp.Diff(tt.f1, f1, approx); d != "" {
				t.Errorf("F1 by label (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.macro, a.MacroF1, approx); d != "" {
				t.Errorf("macro-F1 (-want +got):\n%s", d)
			}
		})
	}
}

// TestStatsJSONNamesTheLabelOrder: the JSON of the statistics says the
// order of its confusion tables' rows and columns, so that a reader finds
// a cell by its labels. The tables are in unpv.Labels order (recognition,
// neutral, counter), not the codebook's and the keys' (r, c, n), and the
// JSON did not say so: a statistician reading by the codebook's order took
// one coder's neutral-for-counter disagreements for counter-for-neutral.
func TestStatsJSONNamesTheLabelOrder(t *testing.T) {
	// a labelled 2 pairs counter where b said neutral, none the other way.
	cs := []unpv.Coding{
		{SentenceID: "S/PV.1#1.1", Target: "AU", Coder: "a", Label: C}, {SentenceID: "S/PV.1#1.1", Target: "AU", Coder: "b", Label: N},
		{SentenceID: "S/PV.1#1.2", Target: "AU", Coder: "a", Label: C}, {SentenceID: "S/PV.1#1.2", Target: "AU", Coder: "b", Label: N},
		{SentenceID: "S/PV.1#1.3", Target: "AU", Coder: "a", Label: R, Queue: "random seed=1"},
		{SentenceID: "S/PV.1#1.3", Target: "AU", Coder: "b", Label: R},
	}
	model := map[Pair]unpv.Label{{"S/PV.1#1.3", "AU"}: C}
	b, err := json.Marshal(Compute(cs, model, nil))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Labels    []unpv.Label `json:"labels"`
		Agreement []struct {
			Confusion [][]int `json:"confusion"`
		} `json:"agreement"`
		Accuracy []struct {
			Confusion [][]int `json:"confusion"`
		} `json:"accuracy"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	at := func(l unpv.Label) int { return slices.Index(got.Labels, l) }
	if at(R) < 0 || at(N) < 0 || at(C) < 0 || len(got.Agreement) != 2 || len(got.Accuracy) != 1 { // all pairs, the sample
		t.Fatalf("labels %v, %d agreements, %d samples: %s", got.Labels, len(got.Agreement), len(got.Accuracy), b)
	}
	conf := got.Agreement[0].Confusion
	if conf[at(C)][at(N)] != 2 || conf[at(N)][at(C)] != 0 || conf[at(R)][at(R)] != 1 {
		t.Errorf("a ↓ b → by the JSON's labels %v: %v; want 2 counter/neutral, 0 neutral/counter, 1 recognition/recognition", got.Labels, conf)
	}
	if acc := got.Accuracy[0].Confusion; acc[at(R)][at(C)] != 1 {
		t.Errorf("hand ↓ model → by the JSON's labels %v: %v; want 1 recognition/counter", got.Labels, acc)
	}
}

// TestAgreementOnEachSample: two coders' kappa is given over every pair
// both labelled and, apart, over the pairs of each random sample, which is
// what a paper reports (agreement on a random sample of the pairs). Two
// coders on one uncertainty queue double-code its hardest pairs too (it
// leaves out only each coder's own), and the kappa of all pairs mixed them
// in: here they agree on the sample's four pairs and on none of the
// queue's four, κ 1 on the sample.
func TestAgreementOnEachSample(t *testing.T) {
	var cs []unpv.Coding
	for i, l := range []unpv.Label{R, N, N, C} {
		id := fmt.Sprintf("S/PV.1#1.%d", i+1)
		cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: l, Queue: "random seed=1"},
			unpv.Coding{SentenceID: id, Target: "AU", Coder: "bob", Label: l, Queue: "uncertain"}) // bob reached it elsewhere: still the sample's
	}
	for i, l := range [][2]unpv.Label{{R, N}, {N, C}, {C, R}, {N, R}} {
		id := fmt.Sprintf("S/PV.1#2.%d", i+1)
		cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: l[0], Queue: "uncertain"},
			unpv.Coding{SentenceID: id, Target: "AU", Coder: "bob", Label: l[1], Queue: "uncertain"})
	}
	var got []string
	for _, a := range Compute(cs, nil, nil).Agreement {
		got = append(got, fmt.Sprintf("%v %q n=%d observed=%.2f kappa=%.3f", a.Coders, a.Sample, a.N, a.Observed, a.Kappa))
	}
	want := []string{
		`[ann bob] "" n=8 observed=0.50 kappa=0.238`,
		`[ann bob] "random seed=1" n=4 observed=1.00 kappa=1.000`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("agreement (-want +got):\n%s", d)
	}
}

// TestAgreementOnFirstLabels: kappa is given on each coder's first label of
// each pair (the independent pass a paper reports) beside her latest. Bob
// relabels two pairs to Ann's after the agreement page showed them: the
// latest labels' kappa rose to 1, which was the only figure; the first
// labels' stays that of the independent pass.
func TestAgreementOnFirstLabels(t *testing.T) {
	var cs []unpv.Coding
	first := [][2]unpv.Label{{R, R}, {N, C}, {C, R}, {N, N}}
	for i, l := range first {
		id := fmt.Sprintf("S/PV.1#1.%d", i+1)
		cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: l[0], Queue: "random seed=1"},
			unpv.Coding{SentenceID: id, Target: "AU", Coder: "bob", Label: l[1], Queue: "random seed=1"})
	}
	cs = append(cs, unpv.Coding{SentenceID: "S/PV.1#1.2", Target: "AU", Coder: "bob", Label: N, Queue: "random seed=1"},
		unpv.Coding{SentenceID: "S/PV.1#1.3", Target: "AU", Coder: "bob", Label: C, Queue: "uncertain"},
		unpv.Coding{SentenceID: "S/PV.1#1.3", Target: "AU", Coder: "bob"}) // a skip after it leaves the label standing
	var got []string
	for _, a := range Compute(cs, nil, nil).Agreement {
		if a.First == nil {
			t.Fatalf("no first labels' agreement: %+v", a)
		}
		got = append(got, fmt.Sprintf("%q n=%d latest kappa=%.3f first n=%d observed=%.2f kappa=%.3f",
			a.Sample, a.N, a.Kappa, a.First.N, a.First.Observed, a.First.Kappa))
	}
	var conf [3][3]int
	for _, l := range first {
		conf[l[0].Index()][l[1].Index()]++
	}
	k, _, _, _ := Kappa(conf)
	want := []string{
		fmt.Sprintf(`"" n=4 latest kappa=1.000 first n=4 observed=0.50 kappa=%.3f`, k),
		fmt.Sprintf(`"random seed=1" n=4 latest kappa=1.000 first n=4 observed=0.50 kappa=%.3f`, k),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("agreement (-want +got):\n%s", d)
	}
}
