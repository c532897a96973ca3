package annotate

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/interval"
)

// Pair names a (sentence, organisation) pair.
type Pair struct {
	SentenceID string `json:"sentence_id"`
	Target     string `json:"target"`
}

// Stats are the agreement between coders, the disagreements to adjudicate
// and the model's accuracy on random samples (`unpv annotate stats` and
// the /annotate/stats page).
type Stats struct {
	// Labels is the order of the rows and columns of every confusion
	// table below (unpv.Labels: recognition, neutral, counter), which is
	// not the codebook's or the keys' (r, c, n): the JSON did not say it.
	Labels [3]unpv.Label `json:"labels"`
	Coders []CoderStats  `json:"coders"`
	// Pairs counts the pairs with a hand label (not disputed), Disputed
	// those whose coders differ and nobody adjudicated, Stale the labels
	// that no longer apply (their sentence changed).
	Pairs    int `json:"pairs"`
	Disputed int `json:"disputed"`
	Stale    int `json:"stale"`
	// Agreement is Cohen's kappa for every two coders who labelled pairs
	// in common: over all those pairs, then over those of each random
	// sample (Agreement.Sample).
	Agreement []Agreement `json:"agreement"`
	// Disagreements are the pairs whose coders' labels differ: the
	// disputed ones first, then the adjudicated.
	Disagreements []Disagreement `json:"disagreements"`
	// Accuracy is the model's, on each random sample coded.
	Accuracy []Accuracy `json:"accuracy"`
}

// CoderStats is one coder's work.
type CoderStats struct {
	Coder    string `json:"coder"`
	Labelled int    `json:"labelled"` // pairs with a current label
	Skipped  int    `json:"skipped"`  // pairs skipped and not labelled since
	Last     string `json:"last"`     // time of the latest act
}

// Agreement is Cohen's kappa between two coders over the pairs both
// labelled.
type Agreement struct {
	Coders [2]string `json:"coders"` // in name order
	// Sample is "" for every pair both labelled, else a random queue's
	// text (Accuracy.Queue): the pairs of that sample both labelled, from
	// any queue. It is the agreement a paper reports (on a random sample
	// of the pairs): two coders on one uncertainty queue double-code its
	// hardest pairs too, which the kappa of all pairs mixes in.
	Sample string `json:"sample,omitempty"`
	N      int    `json:"n"`
	// Confusion[i][j] counts pairs the first coder labelled
	// unpv.Labels[i] and the second unpv.Labels[j].
	Confusion [3][3]int `json:"confusion"`
	Observed  float64   `json:"observed"` // share of pairs with the same label
	Expected  float64   `json:"expected"` // share expected by chance from each coder's label shares
	Kappa     float64   `json:"kappa"`    // (Observed − Expected) / (1 − Expected)
	// KappaCI is an approximate 95% interval: κ ± 1.96·√(po(1−po)/n)/(1−pe)
	// (Cohen 1960), clipped to [−1, 1].
	KappaCI [2]float64 `json:"kappa_ci"`
	// First is the same agreement over the same pairs on each coder's
	// first label of each pair (the independent first pass), where the
	// figures above use each one's latest: a coder who relabels after the
	// agreement page showed her the other's labels raises those, never
	// these, unless she undoes the first label (an undo deletes the act)
	// and labels again. A paper reports First. Nil within First.
	First *Agreement `json:"first,omitempty"`
}

// Disagreement is a pair whose coders gave different labels.
type Disagreement struct {
	Pair
	Sentence string    `json:"sentence"`
	Labels   []Opinion `json:"labels"` // each coder's current label, by coder
	// Adjudicated is the adjudication's label, when someone settled it.
	Adjudicated unpv.Label `json:"adjudicated,omitempty"`
	Model       unpv.Label `json:"model_label,omitempty"`
}

// Opinion is one coder's label and note on a pair.
type Opinion struct {
	Coder string     `json:"coder"`
	Label unpv.Label `json:"label"`
	Note  string     `json:"note,omitempty"`
}

// Accuracy is the model's accuracy on one random sample: the pairs coded
// from a queue in random order (same queue text: same seed and filters),
// each pair's hand label taken as the truth and compared with the model's
// current label. The sample is a simple random sample of the queue's
// population (the model's pairs matching its filters), so the rates
// estimate the model's on that population; pairs the mention finder
// missed are outside it.
type Accuracy struct {
	Queue string `json:"queue"`
	N     int    `json:"n"` // pairs with a hand label and a model label
	// Disputed pairs of the sample (no hand label yet), pairs its coders
	// only skipped (nobody labelled them: the sample's non-response) and
	// pairs the model no longer labels are left out and counted.
	Disputed int `json:"disputed"`
	Skipped  int `json:"skipped"`
	NoModel  int `json:"no_model"`
	// Trained counts the sample's pairs whose hand label the model in use
	// was trained on (`unpv classify train --with-corrections`), left out:
	// its accuracy on them is in-sample and would flatter it.
	Trained int `json:"trained_on"`
	// Confusion[i][j] counts pairs whose hand label is unpv.Labels[i] and
	// the model's unpv.Labels[j].
	Confusion [3][3]int  `json:"confusion"`
	Accuracy  Rate       `json:"accuracy"`
	PerLabel  []LabelFit `json:"per_label"`
	MacroF1   float64    `json:"macro_f1"` // over the labels present in the hand labels or the model's (classify.Metrics)
}

// LabelFit is the model's precision and recall for one label.
type LabelFit struct {
	Label     unpv.Label `json:"label"`
	Precision Rate       `json:"precision"` // of the pairs the model gave this label, the share coders gave it too
	Recall    Rate       `json:"recall"`    // of the pairs coders gave this label, the share the model gave it too
	F1        float64    `json:"f1"`
}

// Rate is a proportion k/n with its 95% Wilson interval.
type Rate struct {
	K     int     `json:"k"`
	N     int     `json:"n"`
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// String is the rate with its interval, "0.667 [0.208, 0.939]", or "–"
// without pairs: Value is then 0 and the interval [0, 1], which read as a
// model wrong on every pair.
func (r Rate) String() string {
	if r.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f [%.3f, %.3f]", r.Value, r.Low, r.High)
}

func rate(k, n int) Rate {
	r := Rate{K: k, N: n}
	if n > 0 {
		r.Value = float64(k) / float64(n)
	}
	r.Low, r.High = interval.Wilson(r.Value, float64(n))
	return r
}

// RandomQueue reports whether a coding's queue was in random order, whose
// codings estimate the model's accuracy.
func RandomQueue(queue string) bool { return queue == "random" || strings.HasPrefix(queue, "random ") }

// Compute works out the statistics from every coding act (in the order
// they were made, as the store keeps them), the model's current label of
// each pair (absent: the model does not label it) and the pairs whose hand
// labels the model was trained on (nil: none). Stale codings count only in
// Stats.Stale.
func Compute(codings []unpv.Coding, model map[Pair]unpv.Label, trained map[Pair]bool) Stats {
	type state struct {
		cur      map[string]unpv.Coding // coder → latest label
		first    map[string]unpv.Label  // coder → first label (the store keeps every act)
		skipped  map[string]bool        // coder → latest act on the pair is a skip, with no label before
		adj      *unpv.Coding
		sentence string
		queues   map[string]bool // the random queues it was labelled or skipped from: the samples it is in
	}
	pairs := map[Pair]*state{}
	var order []Pair
	coders := map[string]*CoderStats{}
	st := Stats{Labels: unpv.Labels}
	st.Stale = StaleLabels(codings)
	for _, c := range codings {
		if c.Stale {
			continue
		}
		p := Pair{c.SentenceID, c.Target}
		s := pairs[p]
		if s == nil {
			s = &state{cur: map[string]unpv.Coding{}, first: map[string]unpv.Label{}, skipped: map[string]bool{}, queues: map[string]bool{}}
			pairs[p] = s
			order = append(order, p)
		}
		if c.Sentence != "" {
			s.sentence = c.Sentence
		}
		cs := coders[c.Coder]
		if cs == nil {
			cs = &CoderStats{Coder: c.Coder}
			coders[c.Coder] = cs
		}
		cs.Last = max(cs.Last, c.At)
		// A pair reached in a random queue's order is in its sample, labelled
		// or skipped there (its truth may come from any coder).
		if !c.Adjudication && RandomQueue(c.Queue) {
			s.queues[c.Queue] = true
		}
		switch {
		case c.Adjudication:
			s.adj = &c
		case c.Label == "":
			if _, ok := s.cur[c.Coder]; !ok {
				s.skipped[c.Coder] = true
			}
		default:
			s.cur[c.Coder] = c
			if _, ok := s.first[c.Coder]; !ok {
				s.first[c.Coder] = c.Label
			}
			delete(s.skipped, c.Coder)
		}
	}

	type agreeKey struct{ a, b, sample string }
	agree := map[agreeKey]*Agreement{}
	samples := map[string]*Accuracy{}
	for _, p := range order {
		s := pairs[p]
		for c := range s.cur {
			coders[c].Labelled++
		}
		for c := range s.skipped {
			coders[c].Skipped++
		}
		names := slices.Sorted(maps.Keys(s.cur))
		distinct := map[unpv.Label]bool{}
		for _, c := range names {
			distinct[s.cur[c].Label] = true
		}
		sets := append([]string{""}, slices.Sorted(maps.Keys(s.queues))...) // all pairs, and each sample it is in
		for i, a := range names {
			for _, b := range names[i+1:] {
				for _, sample := range sets {
					k := agreeKey{a, b, sample}
					g := agree[k]
					if g == nil {
						g = &Agreement{Coders: [2]string{a, b}, Sample: sample}
						g.First = &Agreement{Coders: g.Coders, Sample: sample}
						agree[k] = g
					}
					g.N++
					g.Confusion[s.cur[a].Label.Index()][s.cur[b].Label.Index()]++
					g.First.N++
					g.First.Confusion[s.first[a].Index()][s.first[b].Index()]++
				}
			}
		}
		var truth unpv.Label
		switch {
		case s.adj != nil:
			truth = s.adj.Label
		case len(distinct) == 1:
			truth = s.cur[names[0]].Label
		}
		if truth != "" {
			st.Pairs++
		} else if len(distinct) > 1 {
			st.Disputed++
		}
		if len(distinct) > 1 {
			d := Disagreement{Pair: p, Sentence: s.sentence, Model: model[p]}
			if s.adj != nil {
				d.Adjudicated = s.adj.Label
			}
			for _, c := range names {
				d.Labels = append(d.Labels, Opinion{Coder: c, Label: s.cur[c].Label, Note: s.cur[c].Note})
			}
			st.Disagreements = append(st.Disagreements, d)
		}
		for q := range s.queues {
			a := samples[q]
			if a == nil {
				a = &Accuracy{Queue: q}
				samples[q] = a
			}
			m, ok := model[p]
			switch {
			case len(names) == 0 && s.adj == nil:
				a.Skipped++
			case truth == "":
				a.Disputed++
			case trained[p]:
				a.Trained++
			case !ok || m.Index() < 0:
				a.NoModel++
			default:
				a.N++
				a.Confusion[truth.Index()][m.Index()]++
			}
		}
	}

	for _, name := range slices.Sorted(maps.Keys(coders)) {
		st.Coders = append(st.Coders, *coders[name])
	}
	for _, g := range agree {
		g.kappa()
		g.First.kappa()
		st.Agreement = append(st.Agreement, *g)
	}
	slices.SortFunc(st.Agreement, func(x, y Agreement) int {
		return cmp.Or(cmp.Compare(x.Coders[0], y.Coders[0]), cmp.Compare(x.Coders[1], y.Coders[1]), cmp.Compare(x.Sample, y.Sample))
	})
	slices.SortStableFunc(st.Disagreements, func(x, y Disagreement) int {
		settled := func(d Disagreement) int { return min(len(d.Adjudicated), 1) } // disputed first
		return cmp.Or(cmp.Compare(settled(x), settled(y)), cmp.Compare(x.SentenceID, y.SentenceID),
			cmp.Compare(x.Target, y.Target))
	})
	for _, q := range slices.Sorted(maps.Keys(samples)) {
		a := samples[q]
		a.fit()
		st.Accuracy = append(st.Accuracy, *a)
	}
	return st
}

// StaleLabels counts the stale labels of codings (Stale: coded on a text
// the store no longer reads at their sentence) that were not carried over:
// a coder's stale label (or adjudication) is carried over when a current
// one of hers on the same organisation holds the same text (white space
// aside), as an export and import of the codings make it. Those counted
// still need that; stats and status counted the carried ones too, as if
// work remained.
func StaleLabels(codings []unpv.Coding) int {
	type key struct {
		coder, target, text string
		adjudication        bool
	}
	keyOf := func(c unpv.Coding) key {
		return key{c.Coder, c.Target, strings.Join(strings.Fields(c.Sentence), " "), c.Adjudication}
	}
	current := map[key]bool{}
	for _, c := range codings {
		if !c.Stale && c.Label != "" && c.Sentence != "" {
			current[keyOf(c)] = true
		}
	}
	n := 0
	for _, c := range codings {
		if c.Stale && c.Label != "" && (c.Sentence == "" || !current[keyOf(c)]) {
			n++
		}
	}
	return n
}

// Kappa is Cohen's kappa of a confusion table of two coders' labels.
func Kappa(conf [3][3]int) (kappa, observed, expected float64, n int) {
	var rows, cols [3]int
	agree := 0
	for i := range conf {
		for j := range conf[i] {
			n += conf[i][j]
			rows[i] += conf[i][j]
			cols[j] += conf[i][j]
		}
		agree += conf[i][i]
	}
	if n == 0 {
		return 0, 0, 0, 0
	}
	observed = float64(agree) / float64(n)
	for i := range rows {
		expected += float64(rows[i]) * float64(cols[i]) / float64(n) / float64(n)
	}
	if expected == 1 {
		// Both coders used one and the same label throughout: kappa is
		// undefined; agreement is perfect.
		return 1, observed, expected, n
	}
	return (observed - expected) / (1 - expected), observed, expected, n
}

func (g *Agreement) kappa() {
	k, po, pe, n := Kappa(g.Confusion)
	g.Kappa, g.Observed, g.Expected = k, po, pe
	if n == 0 || pe == 1 {
		g.KappaCI = [2]float64{k, k}
		return
	}
	se := math.Sqrt(po*(1-po)/float64(n)) / (1 - pe)
	g.KappaCI = [2]float64{max(-1, k-interval.Z*se), min(1, k+interval.Z*se)}
}

func (a *Accuracy) fit() {
	agree := 0
	var byTruth, byModel [3]int
	for i := range a.Confusion {
		for j := range a.Confusion[i] {
			byTruth[i] += a.Confusion[i][j]
			byModel[j] += a.Confusion[i][j]
		}
		agree += a.Confusion[i][i]
	}
	a.Accuracy = rate(agree, a.N)
	// Macro-F1 averages the labels present in the hand labels or the
	// model's, as the model card's cross-validation does
	// (classify.Metrics): a sample without counter pairs counted counter's
	// F1 as 0 and scored a third below the card's definition.
	f1s, present := 0.0, 0
	for i, l := range unpv.Labels {
		fit := LabelFit{Label: l, Precision: rate(a.Confusion[i][i], byModel[i]), Recall: rate(a.Confusion[i][i], byTruth[i])}
		if p, r := fit.Precision.Value, fit.Recall.Value; p+r > 0 {
			fit.F1 = 2 * p * r / (p + r)
		}
		if byTruth[i] > 0 || byModel[i] > 0 {
			f1s += fit.F1
			present++
		}
		a.PerLabel = append(a.PerLabel, fit)
	}
	if present > 0 {
		a.MacroF1 = f1s / float64(present)
	}
}
