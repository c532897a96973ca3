package classify

// cvSystems are the systems cross-validation compares, in report order:
// the majority class, the lexicon alone, the TF-IDF + logistic regression
// baseline that any model must beat, and the model.
func cvSystems(all []Pair, opt TrainOptions) ([]system, error) {
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
	return []system{
		&majoritySystem{pairs: all},
		&lexiconSystem{c: base, pairs: all},
		newTFIDFSystem(all, DefaultTFIDFOptions),
		&modelSystem{exs: exs, opt: opt},
	}, nil
}

type majoritySystem struct{ pairs []Pair }

func (*majoritySystem) name() string { return "majority" }

func (s *majoritySystem) fit(train []int) (func(int) Prediction, error) {
	var n [3]int
	for _, i := range train {
		n[classIndex(s.pairs[i].Label)]++
	}
	best := 0
	for k := range n {
		if n[k] > n[best] {
			best = k
		}
	}
	return func(int) Prediction { return Prediction{Label: classes[best], Confidence: 1} }, nil
}

type lexiconSystem struct {
	c     *Classifier
	pairs []Pair
}

func (*lexiconSystem) name() string { return "lexicon" }

func (s *lexiconSystem) fit([]int) (func(int) Prediction, error) {
	return func(i int) Prediction {
		st := s.c.Baseline(s.pairs[i].Sentence, s.pairs[i].Target)
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
		return Prediction{Label: classes[k], Confidence: conf}
	}, nil
}
