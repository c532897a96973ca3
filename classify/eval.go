package classify

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/unpv/unpv"
)

// Grouping says which pairs must sit in the same cross-validation fold, so
// that the score mimics text the model has never seen.
type Grouping string

// Groupings of cross-validation folds.
const (
	// GroupDelegation keeps every pair of one delegation in one fold: the
	// score of a delegation whose debates the model never saw. The default.
	GroupDelegation Grouping = "delegation"
	// GroupOrganisation leaves one organisation out per fold.
	GroupOrganisation Grouping = "organisation"
	// GroupEra leaves one era out per fold (see Pair.Era).
	GroupEra Grouping = "era"
	// GroupSpeech keeps one speech in one fold; the same delegation may sit
	// in train and test, so it overstates what carries to new text.
	GroupSpeech Grouping = "speech"
)

// Groupings lists the groupings in the order reports show them.
var Groupings = []Grouping{GroupDelegation, GroupOrganisation, GroupEra, GroupSpeech}

// LeaveOneOut reports whether the grouping gives each group its own fold
// (organisation, era), so that it has one partition only and ignores a
// fold count.
func (g Grouping) LeaveOneOut() bool { return g == GroupOrganisation || g == GroupEra }

// ParseGrouping reads a grouping name.
func ParseGrouping(s string) (Grouping, error) {
	for _, g := range Groupings {
		if strings.EqualFold(string(g), s) {
			return g, nil
		}
	}
	return "", fmt.Errorf("unknown grouping %q (want delegation, organisation, era or speech)", s)
}

// Delegation is the delegation code of the pair's speaker (ISO 3166-1
// alpha-3 or an organisation's acronym), or the label as printed when it
// cannot be resolved.
func (p Pair) Delegation() string {
	if c := DelegationCode(p.Speaker); c != "" {
		return c
	}
	return p.Speaker
}

var yearRe = regexp.MustCompile(`\b(19[4-9]\d|20\d\d)\b`)

// symbolYearRe is the year a UNSC Debates symbol starts with ("2016
// S/PV.7658"); a year-like number elsewhere in a symbol is a meeting's
// ("S/PV.2014").
var symbolYearRe = regexp.MustCompile(`^(19[4-9]\d|20\d\d) `)

// Year is the year of the pair's meeting: its date's, else the year its
// symbol starts with; 0 when neither gives one.
func (p Pair) Year() int {
	m := yearRe.FindString(p.Date)
	if m == "" {
		if sm := symbolYearRe.FindStringSubmatch(p.Symbol); sm != nil {
			m = sm[1]
		}
	}
	y, _ := strconv.Atoi(m)
	return y
}

// Era is the period of the pair's meeting: "1946-1969" (the early Cold
// War), "1970-1989", "1990-2009" or "2010-" ("" without a date).
func (p Pair) Era() string {
	switch y := p.Year(); {
	case y == 0:
		return ""
	case y < 1970:
		return "1946-1969"
	case y < 1990:
		return "1970-1989"
	case y < 2010:
		return "1990-2009"
	default:
		return "2010-"
	}
}

func (p Pair) groupBy(g Grouping) string {
	switch g {
	case GroupOrganisation:
		return p.Target
	case GroupEra:
		return p.Era()
	case GroupSpeech:
		return p.Group()
	default:
		return p.Delegation()
	}
}

// CardFolds is the number of folds of the card's delegation (and speech)
// groupings, and the default wherever a cross-validation is asked for
// without one, so that numbers printed side by side are comparable.
const CardFolds = 5

// CVOptions configures CrossValidate.
type CVOptions struct {
	Grouping Grouping
	// Folds is the number of folds for the delegation and speech
	// groupings; the organisation and era groupings leave one group out
	// per fold.
	Folds int
	Train TrainOptions
	// Extra pairs join training folds only, and only when their group is
	// not the test fold's: a pair of the held-out delegation, organisation
	// or era never trains the model that is tested on it.
	Extra []Pair
	// Resamples is the number of bootstrap resamples for the intervals
	// (0: no intervals). Resampling draws whole delegations, since pairs of
	// one delegation are not independent.
	Resamples int
	Seed      uint64
	// Partition picks the assignment of groups to folds for the
	// delegation and speech groupings: 0 is the card's; others are
	// shuffled with it as seed (see foldsOf).
	Partition uint64
	// MaskedBaseline adds the TF-IDF baseline trained and tested with the
	// organisations' names masked (maskOrganisations), before the model.
	MaskedBaseline bool
}

// Prediction is one system's output for one test pair.
type Prediction struct {
	Label      unpv.Label
	Confidence float64
	// Probabilities are the system's class probabilities in unpv.Labels
	// order (the model's calibrated ones, before the codebook's decision
	// rules, which may pick another label); all zero for systems without
	// any (majority, lexicon).
	Probabilities [3]float64
}

// CVResult is the outcome of a cross-validation.
type CVResult struct {
	Grouping   Grouping  `json:"grouping"`
	Folds      int       `json:"folds"`
	Pairs      int       `json:"pairs"`
	ExtraPairs int       `json:"extra_pairs"`
	Resamples  int       `json:"resamples"`
	Partition  uint64    `json:"partition,omitempty"`
	Systems    []Metrics `json:"systems"`
	// Predictions are each system's out-of-fold predictions, in the order
	// of Systems and, within one, of the pairs cross-validated (not the
	// extra ones); Fold says which fold tested each pair. They stay out of
	// the JSON summary: `unpv classify --predictions` writes them, for
	// analyses the summary does not make (shares per organisation, errors
	// by year).
	Predictions [][]Prediction `json:"-"`
	Fold        []int          `json:"-"`
}

// system is one way of labelling pairs that cross-validation can train on
// some pairs and test on others. Pairs are addressed by index into the
// slice the system was built on.
type system interface {
	name() string
	fit(train []int) (func(i int) Prediction, error)
}

// CrossValidate trains and tests the model, the TF-IDF + logistic
// regression baseline, the lexicon and the majority class on folds grouped
// as opt says, pooling the out-of-fold predictions.
func CrossValidate(pairs []Pair, opt CVOptions) (*CVResult, error) {
	if opt.Grouping == "" {
		opt.Grouping = GroupDelegation
	}
	all := append(append([]Pair(nil), pairs...), opt.Extra...)
	groups := make([]string, len(all))
	for i, p := range all {
		groups[i] = p.groupBy(opt.Grouping)
	}
	var folds []int
	k := opt.Folds
	if opt.Grouping.LeaveOneOut() {
		folds, k = leaveOneOut(groups[:len(pairs)])
	} else {
		if k < 2 {
			return nil, fmt.Errorf("cross-validation needs at least 2 folds")
		}
		folds = foldsOf(groups[:len(pairs)], k, opt.Partition)
	}
	// With fewer groups than folds some folds are empty; with one group
	// the only fold tests every pair on a model trained on none, and the
	// scores printed would be the untrained systems' defaults.
	if n := countDistinct(groups[:len(pairs)]); n < max(k, 2) {
		need := fmt.Sprintf("%d folds need %d %s at least", k, k, opt.Grouping.plural(k))
		if opt.Grouping.LeaveOneOut() {
			need = fmt.Sprintf("leaving one out needs 2 %s at least", opt.Grouping.plural(2))
		}
		return nil, fmt.Errorf("%w: grouped by %s, the %d pairs fall in %d %s: %s%s",
			ErrTooFewGroups, opt.Grouping, len(pairs), n, opt.Grouping.plural(n), need, opt.Grouping.hint())
	}
	foldOfGroup := map[string]int{}
	for i := range pairs {
		foldOfGroup[groups[i]] = folds[i]
	}
	systems, err := cvSystems(all, opt.Train, opt.MaskedBaseline)
	if err != nil {
		return nil, err
	}
	res := &CVResult{Grouping: opt.Grouping, Folds: k, Pairs: len(pairs), ExtraPairs: len(opt.Extra), Resamples: opt.Resamples, Partition: opt.Partition}
	preds := make([][]Prediction, len(systems))
	for s := range systems {
		preds[s] = make([]Prediction, len(pairs))
	}
	for f := 0; f < k; f++ {
		var train, test []int
		for i := range all {
			if i < len(pairs) {
				if folds[i] == f {
					test = append(test, i)
				} else {
					train = append(train, i)
				}
				continue
			}
			if fg, ok := foldOfGroup[groups[i]]; !ok || fg != f {
				train = append(train, i)
			}
		}
		if len(test) == 0 {
			continue
		}
		for s, sys := range systems {
			predict, err := sys.fit(train)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sys.name(), err)
			}
			for _, i := range test {
				preds[s][i] = predict(i)
			}
		}
	}
	gold := make([]unpv.Label, len(pairs))
	clusters := make([]string, len(pairs))
	for i, p := range pairs {
		gold[i], clusters[i] = p.Label, p.Delegation()
	}
	res.Predictions, res.Fold = preds, folds[:len(pairs):len(pairs)]
	model := slices.IndexFunc(systems, func(s system) bool { return s.name() == "model" })
	for s, sys := range systems {
		m := scoreWithConfidence(sys.name(), gold, preds[s])
		if opt.Resamples > 0 {
			m = withIntervals(m, gold, preds[s], clusters, opt.Resamples, opt.Seed)
			if model >= 0 && s != model {
				d := pairedDifference(gold, preds[model], preds[s], clusters, opt.Resamples, opt.Seed)
				m.ModelMinus = &d
			}
		}
		res.Systems = append(res.Systems, m)
	}
	return res, nil
}

// pairedDifference is macro-F1 of a minus that of b on the same pairs,
// with a 95% interval from a cluster bootstrap that draws the same
// delegations for both, so that what the two systems share (hard
// delegations, easy ones) cancels out of the interval.
func pairedDifference(gold []unpv.Label, a, b []Prediction, clusters []string, resamples int, seed uint64) Difference {
	la, lb := labelsOf(a), labelsOf(b)
	d := Difference{Value: round3(score("", gold, la).MacroF1 - score("", gold, lb).MacroF1)}
	diffs := make([]float64, 0, resamples)
	var g, pa, pb []unpv.Label
	eachResample(clusters, resamples, seed, func(idx []int) {
		g, pa, pb = g[:0], pa[:0], pb[:0]
		for _, i := range idx {
			g, pa, pb = append(g, gold[i]), append(pa, la[i]), append(pb, lb[i])
		}
		diffs = append(diffs, score("", g, pa).MacroF1-score("", g, pb).MacroF1)
	})
	d.CI = percentiles(diffs)
	return d
}

// eachResample calls fn with the pair indices of each of resamples
// cluster-bootstrap resamples: as many clusters as there are, drawn with
// replacement (clusters in sorted order, so a seed draws the same
// resamples for every caller), all pairs of each. idx is reused.
func eachResample(clusters []string, resamples int, seed uint64, fn func(idx []int)) {
	byCluster := map[string][]int{}
	var names []string
	for i, c := range clusters {
		if _, ok := byCluster[c]; !ok {
			names = append(names, c)
		}
		byCluster[c] = append(byCluster[c], i)
	}
	sort.Strings(names)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var idx []int
	for range resamples {
		idx = idx[:0]
		for range names {
			idx = append(idx, byCluster[names[rng.IntN(len(names))]]...)
		}
		fn(idx)
	}
}

// labelsOf is the labels of ps.
func labelsOf(ps []Prediction) []unpv.Label {
	out := make([]unpv.Label, len(ps))
	for i, p := range ps {
		out[i] = p.Label
	}
	return out
}

// ErrTooFewGroups is returned by CrossValidate when the pairs fall in
// fewer groups than it needs folds (at least two).
var ErrTooFewGroups = errors.New("too few groups for cross-validation")

// countDistinct is the number of distinct strings in xs.
func countDistinct(xs []string) int {
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		seen[x] = true
	}
	return len(seen)
}

// plural names n groups of g ("1 delegation", "3 eras").
func (g Grouping) plural(n int) string {
	switch {
	case n == 1:
		return string(g)
	case g == GroupSpeech:
		return "speeches"
	}
	return string(g) + "s"
}

// hint says where a pair's group comes from, for an error that finds too
// few of them.
func (g Grouping) hint() string {
	switch g {
	case GroupDelegation:
		return ` (a pair's delegation is its "speaker": a delegation code, a name or a label as printed; pairs without one count as one delegation)`
	case GroupEra:
		return ` (a pair's era is read from the year in its "date")`
	case GroupSpeech:
		return ` (a pair's speech is its "source", "symbol" and "speaker")`
	}
	return ""
}

// leaveOneOut gives every distinct group its own fold, in sorted order.
func leaveOneOut(groups []string) ([]int, int) {
	distinct := slices.Clone(groups)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	idx := map[string]int{}
	for i, g := range distinct {
		idx[g] = i
	}
	out := make([]int, len(groups))
	for i, g := range groups {
		out[i] = idx[g]
	}
	return out, len(distinct)
}

func scoreWithConfidence(name string, gold []unpv.Label, ps []Prediction) Metrics {
	pred := labelsOf(ps)
	conf := make([]float64, len(ps))
	for i, p := range ps {
		conf[i] = p.Confidence
	}
	m := score(name, gold, pred)
	if name == "majority" {
		return m
	}
	return withECE(m, gold, pred, conf)
}

// withIntervals adds 95% percentile intervals from a cluster bootstrap:
// each resample draws as many delegations as there are, with replacement,
// and scores all their pairs.
func withIntervals(m Metrics, gold []unpv.Label, ps []Prediction, clusters []string, resamples int, seed uint64) Metrics {
	macro := make([]float64, 0, resamples)
	perClass := map[unpv.Label][]float64{}
	var g, p []unpv.Label
	eachResample(clusters, resamples, seed, func(idx []int) {
		g, p = g[:0], p[:0]
		for _, i := range idx {
			g, p = append(g, gold[i]), append(p, ps[i].Label)
		}
		s := score("", g, p)
		macro = append(macro, s.MacroF1)
		for _, c := range classes {
			if sc := s.PerClass[c]; sc.Support > 0 {
				perClass[c] = append(perClass[c], sc.F1)
			}
		}
	})
	m.MacroF1CI = percentiles(macro)
	for _, c := range classes {
		sc := m.PerClass[c]
		sc.F1CI = percentiles(perClass[c])
		m.PerClass[c] = sc
	}
	return m
}

// percentiles returns the 2.5th and 97.5th percentiles of xs.
func percentiles(xs []float64) [2]float64 {
	if len(xs) == 0 {
		return [2]float64{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(q float64) float64 {
		i := int(math.Round(q * float64(len(s)-1)))
		return s[i]
	}
	return [2]float64{round3(at(0.025)), round3(at(0.975))}
}
