package classify

import (
	"math"
	"sort"
)

// TFIDFOptions configure the TF-IDF + logistic regression baseline: the
// plain text classifier that any stance model here must beat on grouped
// cross-validation.
type TFIDFOptions struct {
	C        float64 // inverse L2 strength, as in scikit-learn
	Balanced bool    // inverse class frequency weights
}

// DefaultTFIDFOptions is the best of a small grid (C 0.3, 1, 10, 100;
// balanced or not; bigrams or not: unigrams won) on cross-validation
// grouped by delegation over the dev pairs, so the baseline is compared at
// its best.
var DefaultTFIDFOptions = TFIDFOptions{C: 1, Balanced: true}

type tfidfSystem struct {
	label  string     // name in reports; "tfidf-logreg" when empty
	terms  [][]string // per pair: its words, lower-cased
	labels []int
	opt    TFIDFOptions
}

func newTFIDFSystem(pairs []Pair, opt TFIDFOptions) *tfidfSystem {
	s := &tfidfSystem{terms: make([][]string, len(pairs)), labels: make([]int, len(pairs)), opt: opt}
	for i, p := range pairs {
		s.terms[i] = Words(p.Sentence)
		s.labels[i] = classIndex(p.Label)
	}
	return s
}

func (s *tfidfSystem) name() string {
	if s.label != "" {
		return s.label
	}
	return "tfidf-logreg"
}

// vector weighs the terms of one sentence by TF-IDF and scales the result
// to unit length.
func (s *tfidfSystem) vector(terms []string, idf map[string]float64) []feat {
	tf := map[string]float64{}
	for _, t := range terms {
		if _, ok := idf[t]; ok {
			tf[t]++
		}
	}
	names := make([]string, 0, len(tf))
	for t := range tf {
		names = append(names, t)
	}
	sort.Strings(names)
	var norm float64
	fs := make([]feat, len(names))
	for j, t := range names {
		v := tf[t] * idf[t]
		fs[j] = feat{name: "w:" + t, val: v, start: -1, end: -1}
		norm += v * v
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for j := range fs {
			fs[j].val /= norm
		}
	}
	return fs
}

func (s *tfidfSystem) fit(trainIdx []int) (func(int) Prediction, error) {
	df := map[string]int{}
	for _, i := range trainIdx {
		seen := map[string]bool{}
		for _, t := range s.terms[i] {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	n := float64(len(trainIdx))
	idf := map[string]float64{}
	for t, d := range df {
		idf[t] = math.Log((1+n)/(1+float64(d))) + 1
	}
	exs := make([]example, len(trainIdx))
	for j, i := range trainIdx {
		exs[j] = example{fs: s.vector(s.terms[i], idf), label: s.labels[i]}
	}
	cw := 0.0
	if s.opt.Balanced {
		cw = 1
	}
	m := train(exs, TrainOptions{Lambda: 1 / (s.opt.C * n), Iterations: 500, LearnRate: 0.05, ClassWeight: cw, SeedWeight: 1})
	return func(i int) Prediction {
		p := m.probs(s.vector(s.terms[i], idf))
		k := 0
		for j := range p {
			if p[j] > p[k] {
				k = j
			}
		}
		return Prediction{Label: classes[k], Confidence: p[k], Probabilities: p}
	}, nil
}
