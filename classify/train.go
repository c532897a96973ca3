package classify

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
)

// Pair is one labelled (sentence, target) pair in the format of
// ../shared/stance/gold-dev.jsonl.
type Pair struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	Symbol   string `json:"symbol"`
	Date     string `json:"date"`
	Speaker  string `json:"speaker"`
	Target   string `json:"target"`
	Sentence string `json:"sentence"`
	// Context is the sentence before, when known: it resolves "the
	// Organization" as the pipeline does with a speech's previous sentence.
	Context string     `json:"context,omitempty"`
	Label   unpv.Label `json:"label"`
}

// Group is the cross-validation group of a pair: its speech (source,
// symbol and speaker), so that one speech never sits in train and test.
func (p Pair) Group() string { return p.Source + "|" + p.Symbol + "|" + p.Speaker }

// LineError is a bad line of a pairs file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ReadPairs reads labelled pairs, one JSON object per line. Bad lines
// (malformed JSON, empty sentence, unknown target or label, longer than
// limit.LineSize) are returned as LineErrors and skipped; blank lines are
// ignored.
func ReadPairs(r io.Reader) ([]Pair, []*LineError, error) {
	var out []Pair
	var bad []*LineError
	for ln, err := range limit.Lines(r, limit.LineSize) {
		n := ln.N
		if errors.Is(err, limit.ErrTooLarge) {
			// One overlong line (a binary file's) is skipped, not the
			// file: bufio.Scanner failed the whole file on it.
			bad = append(bad, &LineError{n, fmt.Errorf("longer than %s: %w", limit.Format(limit.LineSize), limit.ErrTooLarge)})
			continue
		}
		if err != nil {
			return out, bad, fmt.Errorf("read pairs: %w", err)
		}
		line := strings.TrimSpace(string(ln.Text))
		if line == "" {
			continue
		}
		// The speaker may be given under the names `classify --in` reads
		// too, so one file serves both.
		var l struct {
			Pair
			DelegationCode string `json:"delegation_code"`
			SpeakerCode    string `json:"speaker_code"`
			Delegation     string `json:"delegation"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			bad = append(bad, &LineError{n, fmt.Errorf("malformed JSON: %w", err)})
			continue
		}
		p := l.Pair
		if strings.TrimSpace(p.Speaker) == "" {
			p.Speaker = cmp.Or(l.DelegationCode, l.SpeakerCode, l.Delegation)
		}
		if strings.TrimSpace(p.Sentence) == "" {
			bad = append(bad, &LineError{n, fmt.Errorf("empty sentence")})
			continue
		}
		t, ok := Canonical(p.Target)
		if !ok {
			bad = append(bad, &LineError{n, fmt.Errorf("unknown target %q", p.Target)})
			continue
		}
		p.Target = t
		if classIndex(p.Label) < 0 {
			bad = append(bad, &LineError{n, fmt.Errorf("unknown label %q", p.Label)})
			continue
		}
		out = append(out, p)
	}
	return out, bad, nil
}

// ReadPairFile reads the labelled pairs of the file at path as ReadPairs
// does, opened with limit.Open: a named pipe, a device (/dev/zero) or a file
// over limit.FileSize fails at once, naming the file, where opening a pipe
// waited for a writer and a device was read until memory ran out. An error
// opening the file names it as os.Open's does; a read error is prefixed
// with the path.
func ReadPairFile(path string) ([]Pair, []*LineError, error) {
	f, _, err := limit.Open(path, limit.FileSize)
	if err != nil {
		return nil, nil, err
	}
	return readOpenedPairs(f, path)
}

// readOpenedPairs reads the pairs of f, a file opened with limit's bounds
// (ReadPairFile, readTrainingData), closes it, and names it in a read
// error.
func readOpenedPairs(f io.ReadCloser, name string) ([]Pair, []*LineError, error) {
	defer f.Close()
	pairs, bad, err := ReadPairs(limit.Reader(f, limit.FileSize))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return pairs, bad, nil
}

// seedSource marks the codebook seed pairs.
const seedSource = "codebook"

//go:embed seed.jsonl
var seedJSONL string

// Seeds returns the codebook seed pairs: short sentences written from the
// codebook's definitions and cue lists (not quotations), most of them
// counter stances toward organisations other than NATO and with negation,
// which the 19 counter pairs of the dev set do not cover. They are added to
// every training set, never to a test set.
func Seeds() []Pair {
	pairs, bad, err := ReadPairs(strings.NewReader(seedJSONL))
	if err != nil || len(bad) > 0 {
		panic(fmt.Sprintf("classify: bad embedded seed.jsonl: %v %v", err, bad))
	}
	return pairs
}

// examples featurises pairs for training.
func examples(pairs []Pair, v *Vectors) ([]example, error) {
	c, err := New(nil)
	if err != nil {
		return nil, err
	}
	out := make([]example, len(pairs))
	for i, p := range pairs {
		ms := c.pairMentions(p)
		a := c.lex.analyse(p.Sentence, ms, p.Target)
		out[i] = example{fs: featurise(a, nil, v), label: classIndex(p.Label), group: p.Delegation(), seed: p.Source == seedSource, a: a}
	}
	return out, nil
}

// pairMentions finds the organisations a pair's sentence names, resolving
// "the Organization" from its context sentence as the pipeline does from
// the sentence before.
func (c *Classifier) pairMentions(p Pair) []mention {
	r := resolver{g: c.gaz}
	if p.Context != "" {
		r.sentence(p.Context, nil)
	}
	return r.sentence(p.Sentence, nil)
}

// Train fits a model on labelled pairs. Same pairs, same options, same
// bytes out.
func Train(pairs []Pair, opt TrainOptions) (*Model, error) {
	if len(pairs) == 0 {
		return nil, fmt.Errorf("train: no pairs")
	}
	v, err := defaultVectors()
	if err != nil {
		return nil, err
	}
	exs, err := examples(pairs, v)
	if err != nil {
		return nil, err
	}
	m := trainCalibrated(exs, opt)
	m.Reading = readingID()
	if v != nil {
		// New loads the vectors only for a model that names them: without
		// this the dense features trained here would be dropped when it runs.
		m.Vectors = vectorsID(v)
	}
	return m, nil
}

// trainCalibrated trains on exs and, when asked, fits the temperature on
// out-of-fold predictions of models trained on the other delegations' pairs.
func trainCalibrated(exs []example, opt TrainOptions) *Model {
	m := train(exs, opt)
	k := opt.CalibrationFolds
	if k < 2 {
		return m
	}
	groups := make([]string, len(exs))
	for i, e := range exs {
		groups[i] = e.group
	}
	folds := foldsOf(groups, k, 0)
	z := make([][3]float64, len(exs))
	gold := make([]int, len(exs))
	for f := 0; f < k; f++ {
		var tr []example
		for i := range exs {
			if folds[i] != f {
				tr = append(tr, exs[i])
			}
		}
		fm := train(tr, opt)
		for i := range exs {
			if folds[i] == f {
				z[i], gold[i] = fm.logits(exs[i].fs), exs[i].label
			}
		}
	}
	m.Temperature = fitTemperature(z, gold)
	m.Options.CalibrationFolds = k
	return m
}

// Metrics are per-class and macro scores of one system.
type Metrics struct {
	System   string  `json:"system"`
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
	// MacroF1 averages F1 over the classes present in gold or predictions
	// (as scikit-learn does), so a set without counter pairs is not
	// penalised for them.
	MacroF1 float64 `json:"macro_f1"`
	// MacroF1CI is a 95% bootstrap interval, when computed.
	MacroF1CI [2]float64            `json:"macro_f1_ci,omitzero"`
	PerClass  map[unpv.Label]Scores `json:"per_class"`
	// ECE is the expected calibration error of the confidences (10 equal
	// bins); -1 for systems without meaningful confidences.
	ECE float64 `json:"ece"`
	// Reliability lists the confidence bins behind ECE: for each non-empty
	// tenth of [0, 1], how many labels fell in it, their mean confidence
	// and the share that were right. A calibrated system has the two close.
	Reliability []Bin                             `json:"reliability,omitempty"`
	Confusion   map[unpv.Label]map[unpv.Label]int `json:"confusion"` // gold → predicted → count
	// ModelMinus is, in a cross-validation with intervals, the model's
	// macro-F1 minus this system's, with a 95% interval from a paired
	// cluster bootstrap (both systems scored on the same resampled
	// delegations): whether the model beats a baseline is read from its
	// interval, not from two overlapping intervals.
	ModelMinus *Difference `json:"model_minus,omitempty"`
}

// Difference is a difference of two scores with its 95% interval.
type Difference struct {
	Value float64    `json:"value"`
	CI    [2]float64 `json:"ci"`
}

// Bin is one confidence bin of a reliability table.
type Bin struct {
	Low, High      float64 // confidence range [Low, High)
	N              int
	MeanConfidence float64 `json:"mean_confidence"`
	Accuracy       float64 `json:"accuracy"`
}

// Scores are precision, recall and F1 of one class.
type Scores struct {
	Precision float64    `json:"precision"`
	Recall    float64    `json:"recall"`
	F1        float64    `json:"f1"`
	F1CI      [2]float64 `json:"f1_ci,omitzero"`
	Support   int        `json:"support"`
}

// score computes metrics from gold and predicted labels.
func score(system string, gold, pred []unpv.Label) Metrics {
	m := Metrics{System: system, N: len(gold), ECE: -1, PerClass: map[unpv.Label]Scores{}, Confusion: map[unpv.Label]map[unpv.Label]int{}}
	for _, g := range classes {
		m.Confusion[g] = map[unpv.Label]int{}
		for _, p := range classes {
			m.Confusion[g][p] = 0
		}
	}
	correct, present := 0, 0
	for i := range gold {
		m.Confusion[gold[i]][pred[i]]++
		if gold[i] == pred[i] {
			correct++
		}
	}
	if len(gold) > 0 {
		m.Accuracy = float64(correct) / float64(len(gold))
	}
	for _, c := range classes {
		tp := m.Confusion[c][c]
		var fp, fn int
		for _, o := range classes {
			if o != c {
				fp += m.Confusion[o][c]
				fn += m.Confusion[c][o]
			}
		}
		s := Scores{Support: tp + fn}
		if tp+fp > 0 {
			s.Precision = float64(tp) / float64(tp+fp)
		}
		if tp+fn > 0 {
			s.Recall = float64(tp) / float64(tp+fn)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		m.PerClass[c] = s
		if s.Support > 0 || tp+fp > 0 {
			m.MacroF1 += s.F1
			present++
		}
	}
	if present > 0 {
		m.MacroF1 /= float64(present)
	}
	return m
}

// Evaluate scores a classifier on labelled pairs, beside the majority-class
// baseline (majority taken from the same pairs) and the lexicon baseline,
// without intervals: EvaluateWith(c, pairs, EvalOptions{}).
func Evaluate(c *Classifier, pairs []Pair) []Metrics {
	return EvaluateWith(c, pairs, EvalOptions{})
}

// EvalOptions configures EvaluateWith.
type EvalOptions struct {
	// Resamples is the number of cluster-bootstrap resamples of
	// delegations for the 95% intervals and the paired differences, as in
	// CrossValidate (0: none).
	Resamples int
	Seed      uint64
}

// EvaluateWith scores a classifier on labelled pairs as Evaluate does and,
// with resamples, adds the intervals and the model-minus-system
// differences CrossValidate gives. Each pair is read as the pipeline and
// cross-validation read it: its context sentence resolves "the
// Organization".
func EvaluateWith(c *Classifier, pairs []Pair, opt EvalOptions) []Metrics {
	gold := make([]unpv.Label, len(pairs))
	clusters := make([]string, len(pairs))
	preds := make([][]Prediction, 3) // majority, lexicon, model
	major := majority(pairs)
	for i, p := range pairs {
		gold[i], clusters[i] = p.Label, p.Delegation()
		s := bounded(p.Sentence)
		ms := c.pairMentions(Pair{Sentence: s, Context: p.Context})
		st := c.classify(s, ms, p.Target, DelegationCode(p.Speaker), p.Date)
		b := c.baselineStance(c.lex.analyse(s, ms, p.Target), p.Target)
		preds[0] = append(preds[0], Prediction{Label: major, Confidence: 1})
		preds[1] = append(preds[1], Prediction{Label: b.Label, Confidence: b.Confidence})
		preds[2] = append(preds[2], Prediction{Label: st.Label, Confidence: st.Confidence})
	}
	var out []Metrics
	for s, name := range []string{"majority", "lexicon", "model"} {
		m := scoreWithConfidence(name, gold, preds[s])
		if opt.Resamples > 0 {
			m = withIntervals(m, gold, preds[s], clusters, opt.Resamples, opt.Seed)
			if name != "model" {
				d := pairedDifference(gold, preds[2], preds[s], clusters, opt.Resamples, opt.Seed)
				m.ModelMinus = &d
			}
		}
		out = append(out, m)
	}
	return out
}

func majority(pairs []Pair) unpv.Label {
	return majorityOf(len(pairs), func(i int) unpv.Label { return pairs[i].Label })
}

// majorityOf is the most frequent of n labels (the first class on a tie).
func majorityOf(n int, label func(int) unpv.Label) unpv.Label {
	var count [3]int
	for i := range n {
		count[classIndex(label(i))]++
	}
	best := 0
	for k := range count {
		if count[k] > count[best] {
			best = k
		}
	}
	return classes[best]
}

// foldsOf assigns groups to k folds deterministically: groups ordered by
// size (largest first, then by name) are dealt in turn to the fold with
// the fewest pairs, which keeps fold sizes even. A partition other than 0
// shuffles the groups with that seed before dealing: another partition of
// equally even folds, so repeated cross-validation can show how much a
// score owes to one partition.
func foldsOf(of []string, k int, partition uint64) []int {
	size := map[string]int{}
	for _, g := range of {
		size[g]++
	}
	groups := make([]string, 0, len(size))
	for g := range size {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		if size[groups[i]] != size[groups[j]] {
			return size[groups[i]] > size[groups[j]]
		}
		return groups[i] < groups[j]
	})
	if partition != 0 {
		r := rand.New(rand.NewPCG(partition, 0x5be0cd19137e2179))
		r.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
	}
	fold := map[string]int{}
	load := make([]int, k)
	for _, g := range groups {
		best := 0
		for f := range load {
			if load[f] < load[best] {
				best = f
			}
		}
		fold[g] = best
		load[best] += size[g]
	}
	out := make([]int, len(of))
	for i, g := range of {
		out[i] = fold[g]
	}
	return out
}

// withECE adds the expected calibration error: the mean gap between
// confidence and accuracy over 10 equal-width confidence bins, weighted by
// bin size.
func withECE(m Metrics, gold, pred []unpv.Label, conf []float64) Metrics {
	var n, acc, sum [10]float64
	for i := range gold {
		b := min(int(conf[i]*10), 9)
		n[b]++
		sum[b] += conf[i]
		if gold[i] == pred[i] {
			acc[b]++
		}
	}
	m.ECE = 0
	m.Reliability = nil
	for b := range n {
		if n[b] > 0 {
			m.ECE += n[b] / float64(len(gold)) * math.Abs(acc[b]/n[b]-sum[b]/n[b])
			m.Reliability = append(m.Reliability, Bin{Low: float64(b) / 10, High: float64(b+1) / 10, N: int(n[b]),
				MeanConfidence: round3(sum[b] / n[b]), Accuracy: round3(acc[b] / n[b])})
		}
	}
	return m
}
