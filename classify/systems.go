package classify

import (
	"cmp"
	"slices"

	"github.com/unpv/unpv"
)

// cvSystems are the systems cross-validation compares, in report order:
// the majority class, the lexicon alone, the TF-IDF + logistic regression
// baseline that any model must beat, with maskedBaseline that baseline
// again with the organisations' names masked, and the model (always last).
func cvSystems(all []Pair, opt TrainOptions, maskedBaseline bool) ([]system, error) {
	base, err := New(nil)
	if err != nil {
		return nil, err
	}
	v, err := defaultVectors()
	if err != nil {
		return nil, err
	}
	exs, err := examples(all, v)
	if err != nil {
		return nil, err
	}
	systems := []system{
		&majoritySystem{pairs: all},
		&lexiconSystem{c: base, pairs: all, exs: exs},
		newTFIDFSystem(all, DefaultTFIDFOptions),
	}
	if maskedBaseline {
		masked := make([]Pair, len(all))
		for i, p := range all {
			masked[i] = p
			masked[i].Sentence = maskOrganisations(base, p.Sentence)
		}
		t := newTFIDFSystem(masked, DefaultTFIDFOptions)
		t.label = "tfidf-masked"
		systems = append(systems, t)
	}
	return append(systems, &modelSystem{exs: exs, opt: opt}), nil
}

// maskOrganisations replaces every organisation the sentence names (not
// the references resolved to one) with the one word "organisation", so a
// bag-of-words baseline trained on it cannot take the names as a prior:
// the comparison that shows how much of its score the names carry.
func maskOrganisations(c *Classifier, sentence string) string {
	ms := c.Mentions(sentence)
	slices.SortFunc(ms, func(a, b unpv.Mention) int { return cmp.Compare(b.Start, a.Start) })
	end := len(sentence) + 1
	for _, m := range ms {
		if m.Coref || m.Start < 0 || m.Start >= m.End || m.End > len(sentence) || m.End > end {
			continue
		}
		sentence = sentence[:m.Start] + "organisation" + sentence[m.End:]
		end = m.Start
	}
	return sentence
}

type majoritySystem struct{ pairs []Pair }

func (*majoritySystem) name() string { return "majority" }

func (s *majoritySystem) fit(train []int) (func(int) Prediction, error) {
	l := majorityOf(len(train), func(j int) unpv.Label { return s.pairs[train[j]].Label })
	return func(int) Prediction { return Prediction{Label: l, Confidence: 1} }, nil
}

// lexiconSystem labels a pair by the lexicon's reading alone, from the same
// analysis the model's features come from (the context sentence included,
// so "the Organization" is resolved for both).
type lexiconSystem struct {
	c     *Classifier
	pairs []Pair
	exs   []example
}

func (*lexiconSystem) name() string { return "lexicon" }

func (s *lexiconSystem) fit([]int) (func(int) Prediction, error) {
	return func(i int) Prediction {
		st := s.c.baselineStance(s.exs[i].a, s.pairs[i].Target)
		return Prediction{Label: st.Label, Confidence: st.Confidence}
	}, nil
}

type modelSystem struct {
	exs []example
	opt TrainOptions
}

func (*modelSystem) name() string { return "model" }

func (s *modelSystem) fit(train []int) (func(int) Prediction, error) {
	tr := make([]example, len(train))
	for j, i := range train {
		tr[j] = s.exs[i]
	}
	m := trainCalibrated(tr, s.opt)
	return func(i int) Prediction {
		k, conf, _, _ := decide(m, s.exs[i].a, s.exs[i].fs)
		return Prediction{Label: classes[k], Confidence: conf, Probabilities: m.probs(s.exs[i].fs)}
	}, nil
}
