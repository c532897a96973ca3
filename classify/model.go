package classify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/unpv/unpv"
)

// Classes in the order of the model's weight vectors.
var classes = unpv.Labels

func classIndex(l unpv.Label) int {
	for i, c := range classes {
		if c == l {
			return i
		}
	}
	return -1
}

// TrainOptions are the hyperparameters of the logistic regression.
type TrainOptions struct {
	Lambda      float64 `json:"lambda"`       // L2 penalty per example
	Iterations  int     `json:"iterations"`   // full-batch gradient steps
	LearnRate   float64 `json:"learn_rate"`   // Adam step size
	MinCount    int     `json:"min_count"`    // keep word features seen in at least this many examples
	ClassWeight float64 `json:"class_weight"` // exponent of inverse class frequency weights (0 none, 1 balanced)
	SeedWeight  float64 `json:"seed_weight"`  // weight of a codebook seed pair relative to a gold pair
	// CalibrationFolds > 1 fits the softmax temperature on out-of-fold
	// predictions (folds grouped by delegation), so confidences are calibrated.
	CalibrationFolds int `json:"calibration_folds"`
}

// DefaultTrainOptions were chosen by 5-fold cross-validation grouped by
// delegation on the dev sets (docs/benchmarks.md#classify: λ 0.01–0.1 and
// feature scalings tried); they are fixed so training is reproducible.
var DefaultTrainOptions = TrainOptions{Lambda: 0.03, Iterations: 300, LearnRate: 0.05, MinCount: 2, ClassWeight: 1, SeedWeight: 0.5, CalibrationFolds: 5}

// Model is a multinomial logistic regression over sparse named features.
type Model struct {
	Format      string        `json:"format"`
	Classes     [3]unpv.Label `json:"classes"`
	Options     TrainOptions  `json:"options"`
	Examples    int           `json:"examples"`
	Bias        [3]float64    `json:"bias"`
	Temperature float64       `json:"temperature"`
	// Vectors identifies the word vectors the dense features came from
	// (vectorsID); "" when the model has none.
	Vectors string `json:"vectors,omitempty"`
	// Reading identifies how sentences were read into the features the
	// weights are for (readingID: the gazetteer, the lexicon and the
	// reading rules); New refuses a model read another way, whose feature
	// names would no longer fire as trained. "" in a model trained before
	// it was recorded, which New takes on trust.
	Reading string `json:"reading,omitempty"`
	// HandPairs are the pairs (annotate.PairID: sentence and organisation)
	// of a store's hand labels the model was trained on (`unpv classify
	// train --with-corrections`), so that the model's accuracy on a random
	// sample leaves them out: on them it would be in-sample.
	HandPairs []string              `json:"hand_pairs,omitempty"`
	Weights   map[string][3]float64 `json:"weights"`

	once sync.Once
	// lk is built from Weights on first use (Model.lookup), so that
	// classification finds a feature's name string and weights with one
	// map access, and dense features with none.
	lk *lookup
}

// lookup holds a model's weights indexed for classification.
type lookup struct {
	index map[string]int32 // feature name → position in names and w
	names []string
	w     [][3]float64
	// dense[p][d] is the position of dense feature denseParts[p]+d, -1
	// when the model has no weight for it.
	dense [len(denseParts)][]int32
}

const modelFormat = "unpv-stance-logreg-1"

// lookup returns the model's weights indexed for classification, built
// once; a model's Weights must not change after its first use.
func (m *Model) lookup() *lookup {
	m.once.Do(func() {
		lk := &lookup{index: make(map[string]int32, len(m.Weights)), names: make([]string, 0, len(m.Weights)),
			w: make([][3]float64, 0, len(m.Weights))}
		for n, w := range m.Weights {
			lk.index[n] = int32(len(lk.names))
			lk.names = append(lk.names, n)
			lk.w = append(lk.w, w)
		}
		names := denseNames()
		for p, prefix := range denseParts {
			lk.dense[p] = make([]int32, len(names))
			for d, n := range names {
				i, ok := lk.index[prefix+n]
				if !ok {
					i = -1
				}
				lk.dense[p][d] = i
			}
		}
		m.lk = lk
	})
	return m.lk
}

// feature returns the feature named b as the model knows it (its own name
// string and its weights), without allocating.
func (m *Model) feature(b []byte) (string, *[3]float64, bool) {
	lk := m.lookup()
	i, ok := lk.index[string(b)]
	if !ok {
		return "", nil, false
	}
	return lk.names[i], &lk.w[i], true
}

// logits returns the model's raw class scores. A feature featurise made
// with m carries its weights; one made without a model is looked up.
func (m *Model) logits(fs []feat) [3]float64 {
	z := m.Bias
	for _, f := range fs {
		w := f.w
		if w == nil {
			ww, ok := m.Weights[f.name]
			if !ok {
				continue
			}
			w = &ww
		}
		for k := range z {
			z[k] += f.val * w[k]
		}
	}
	return z
}

// probs returns the calibrated class probabilities.
func (m *Model) probs(fs []feat) [3]float64 {
	z := m.logits(fs)
	t := m.Temperature
	if t <= 0 {
		t = 1
	}
	for k := range z {
		z[k] /= t
	}
	return softmax(z)
}

func softmax(z [3]float64) [3]float64 {
	mx := math.Max(z[0], math.Max(z[1], z[2]))
	var p [3]float64
	var sum float64
	for k := range z {
		p[k] = math.Exp(z[k] - mx)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// evidence returns the span of the feature that pushes hardest toward class k
// against the other classes, preferring lexicon cues to single words and
// never choosing a function word ("the", "of") as evidence.
func (m *Model) evidence(fs []feat, k int) (int, int) {
	var best [2]float64
	var spans [2][2]int
	spans[0], spans[1] = [2]int{-1, -1}, [2]int{-1, -1}
	for _, f := range fs {
		if f.start < 0 {
			continue
		}
		w, ok := f.w, f.w != nil
		if !ok {
			var ww [3]float64
			if ww, ok = m.Weights[f.name]; !ok {
				continue
			}
			w = &ww
		}
		tier := 1 // a word
		if isWordFeature(f.name) {
			if stopword(f.name[strings.IndexByte(f.name, ':')+1:]) {
				continue
			}
		} else {
			tier = 0 // a cue
		}
		o := math.Inf(-1)
		for j := range w {
			if j != k {
				o = math.Max(o, w[j])
			}
		}
		if c := f.val * (w[k] - o); c > best[tier] {
			best[tier], spans[tier] = c, [2]int{f.start, f.end}
		}
	}
	if spans[0][0] >= 0 {
		return spans[0][0], spans[0][1]
	}
	return spans[1][0], spans[1][1]
}

var stopwords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "and": true, "to": true, "in": true,
	"for": true, "on": true, "with": true, "at": true, "by": true, "is": true, "are": true, "was": true, "were": true,
	"be": true, "this": true, "that": true, "its": true, "it": true, "as": true, "we": true, "our": true, "i": true,
	"has": true, "have": true, "will": true, "would": true, "from": true, "s": true, "_t_": true, "_o_": true}

func stopword(w string) bool { return stopwords[strings.TrimPrefix(w, "not_")] }

// example is one training pair as features.
type example struct {
	fs    []feat
	label int
	group string
	seed  bool
	a     *analysis
}

// train fits the model by full-batch gradient descent (Adam).
// Everything iterates in a fixed order, so the result is byte-identical for
// the same input.
func train(exs []example, opt TrainOptions) *Model {
	// Vocabulary: word features need MinCount examples; cue and meta
	// features are always kept.
	df := map[string]int{}
	for _, e := range exs {
		seen := map[string]bool{}
		for _, f := range e.fs {
			if !seen[f.name] {
				seen[f.name] = true
				df[f.name]++
			}
		}
	}
	var names []string
	for n, c := range df {
		if c >= opt.MinCount || !isWordFeature(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	type sparse struct {
		i []int
		v []float64
	}
	xs := make([]sparse, len(exs))
	for j, e := range exs {
		for _, f := range e.fs {
			if i, ok := idx[f.name]; ok {
				xs[j].i = append(xs[j].i, i)
				xs[j].v = append(xs[j].v, f.val)
			}
		}
	}
	ew := make([]float64, len(exs))
	var count [3]float64
	for j, e := range exs {
		ew[j] = 1
		if e.seed {
			ew[j] = opt.SeedWeight
		}
		count[e.label] += ew[j]
	}
	var cw [3]float64
	for k := range cw {
		if count[k] > 0 {
			cw[k] = math.Pow((count[0]+count[1]+count[2])/(3*count[k]), opt.ClassWeight)
		}
	}
	nf := len(names)
	w := make([][3]float64, nf+1) // last row is the bias
	m1 := make([][3]float64, nf+1)
	m2 := make([][3]float64, nf+1)
	g := make([][3]float64, nf+1)
	n := float64(len(exs))
	// Adam over the full batch: robust to the very different scales of
	// word, cue and meta features, and deterministic.
	const b1, b2, eps = 0.9, 0.999, 1e-8
	for it := 1; it <= opt.Iterations; it++ {
		for i := range g {
			g[i] = [3]float64{}
		}
		for j, e := range exs {
			z := w[nf]
			x := xs[j]
			for q, i := range x.i {
				for k := 0; k < 3; k++ {
					z[k] += x.v[q] * w[i][k]
				}
			}
			p := softmax(z)
			for k := 0; k < 3; k++ {
				d := p[k]
				if k == e.label {
					d -= 1
				}
				d *= ew[j] * cw[e.label] / n
				for q, i := range x.i {
					g[i][k] += d * x.v[q]
				}
				g[nf][k] += d
			}
		}
		c1 := 1 - math.Pow(b1, float64(it))
		c2 := 1 - math.Pow(b2, float64(it))
		for i := range w {
			for k := 0; k < 3; k++ {
				gr := g[i][k]
				if i < nf {
					gr += opt.Lambda * w[i][k]
				}
				m1[i][k] = b1*m1[i][k] + (1-b1)*gr
				m2[i][k] = b2*m2[i][k] + (1-b2)*gr*gr
				w[i][k] -= opt.LearnRate * (m1[i][k] / c1) / (math.Sqrt(m2[i][k]/c2) + eps)
			}
		}
	}
	m := &Model{Format: modelFormat, Classes: classes, Options: opt, Examples: len(exs), Temperature: 1,
		Weights: make(map[string][3]float64, nf)}
	m.Options.CalibrationFolds = 0 // set by Train when it calibrates
	for k := 0; k < 3; k++ {
		m.Bias[k] = round(w[nf][k])
	}
	for i, name := range names {
		r := [3]float64{round(w[i][0]), round(w[i][1]), round(w[i][2])}
		if r != [3]float64{} {
			m.Weights[name] = r
		}
	}
	return m
}

// round keeps six significant digits so the model file is small and stable.
func round(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return r
}

func isWordFeature(n string) bool {
	for _, p := range []string{"c:", "nl:", "nr:", "cue:"} {
		if len(n) >= len(p) && n[:len(p)] == p {
			return p != "cue:"
		}
	}
	return false
}

// MarshalModel writes the model as JSON with one feature per line, in
// sorted order, so that model changes read well in diffs.
func MarshalModel(m *Model) ([]byte, error) { return marshalModel(m, true) }

// marshalModel writes m, with its Reading and HandPairs when full; without
// them it is what the classifier's version hashes: neither changes a label.
func marshalModel(m *Model, full bool) ([]byte, error) {
	var buf bytes.Buffer
	field := func(name string, v any, last bool) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintf(&buf, " %q: %s", name, b)
		if !last {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		return nil
	}
	buf.WriteString("{\n")
	for _, f := range []struct {
		name string
		v    any
	}{{"format", m.Format}, {"classes", m.Classes}, {"options", m.Options}, {"examples", m.Examples}, {"bias", m.Bias}, {"temperature", m.Temperature}, {"vectors", m.Vectors}, {"reading", m.Reading}, {"hand_pairs", m.HandPairs}} {
		if f.name == "reading" && (m.Reading == "" || !full) {
			continue // a model trained before it was recorded
		}
		if f.name == "hand_pairs" && (len(m.HandPairs) == 0 || !full) {
			continue
		}
		if err := field(f.name, f.v, false); err != nil {
			return nil, err
		}
	}
	buf.WriteString(" \"weights\": {\n")
	names := make([]string, 0, len(m.Weights))
	for n := range m.Weights {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		k, _ := json.Marshal(n)
		w, err := json.Marshal(m.Weights[n])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "  %s: %s", k, w)
		if i < len(names)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString(" }\n}\n")
	return buf.Bytes(), nil
}

// UnmarshalModel reads a model file.
func UnmarshalModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if m.Format != modelFormat {
		return nil, fmt.Errorf("model: format %q, want %q", m.Format, modelFormat)
	}
	if m.Classes != classes {
		return nil, fmt.Errorf("model: classes %v, want %v", m.Classes, classes)
	}
	return &m, nil
}

// fitTemperature picks the softmax temperature, on a fixed grid, that
// minimises the negative log-likelihood of out-of-fold logits.
func fitTemperature(z [][3]float64, gold []int) float64 {
	best, bestNLL := 1.0, math.Inf(1)
	for t := 0.3; t <= 4.0001; t += 0.05 {
		nll := 0.0
		for i := range z {
			var zz [3]float64
			for k := range zz {
				zz[k] = z[i][k] / t
			}
			nll -= math.Log(math.Max(softmax(zz)[gold[i]], 1e-12))
		}
		if nll < bestNLL-1e-12 {
			best, bestNLL = t, nll
		}
	}
	return round(best)
}
