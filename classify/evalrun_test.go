package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestCrossValidateEach: each grouping asked for is run over its
// partitions (leaving one out over one), a grouping with too few groups is
// skipped with its reason when others are asked for, and is the error when
// it is the only one.
func TestCrossValidateEach(t *testing.T) {
	pair := func(speaker, date, target, label string) Pair {
		return Pair{Source: "s", Symbol: "S/PV.1", Speaker: speaker, Date: date, Target: target, Label: unpv.Label(label),
			Sentence: "We commend the " + target + " for its work."}
	}
	// Four delegations, two organisations, one era.
	pairs := []Pair{pair("FRA", "2020", "AU", "recognition"), pair("KEN", "2020", "EU", "neutral"),
		pair("RUS", "2020", "AU", "counter"), pair("DEU", "2020", "EU", "recognition")}
	opt := CVOptions{Folds: 2, Train: DefaultTrainOptions, Seed: 1}
	opt.Train.Iterations = 5
	type run struct {
		Grouping  Grouping
		Partition uint64
	}
	for _, tc := range []struct {
		name       string
		groupings  []Grouping
		partitions int
		want       []run
		skipped    []string // the groupings skipped
		tooFew     bool
	}{
		{name: "all", groupings: Groupings, partitions: 2,
			want:    []run{{GroupDelegation, 0}, {GroupDelegation, 1}, {GroupOrganisation, 0}, {GroupSpeech, 0}, {GroupSpeech, 1}},
			skipped: []string{"era"}},
		{name: "one grouping", groupings: []Grouping{GroupSpeech}, partitions: 3,
			want: []run{{GroupSpeech, 0}, {GroupSpeech, 1}, {GroupSpeech, 2}}},
		{name: "leave one out: one partition", groupings: []Grouping{GroupOrganisation}, partitions: 3,
			want: []run{{GroupOrganisation, 0}}},
		{name: "the only grouping has too few groups", groupings: []Grouping{GroupEra}, partitions: 1, tooFew: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results, skipped, err := CrossValidateEach(pairs, tc.groupings, tc.partitions, opt)
			if tc.tooFew {
				if !errors.Is(err, ErrTooFewGroups) || results != nil || skipped != nil {
					t.Fatalf("%d results, %v skipped, error %v; want ErrTooFewGroups alone", len(results), skipped, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []run
			for _, r := range results {
				got = append(got, run{r.Grouping, r.Partition})
				if r.Pairs != len(pairs) || r.Folds < 2 {
					t.Errorf("%s: %d pairs, %d folds", r.Grouping, r.Pairs, r.Folds)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
			var names []string
			for _, e := range skipped {
				if !errors.Is(e, ErrTooFewGroups) {
					t.Errorf("skipped for %v", e)
				}
				names = append(names, strings.TrimSuffix(strings.Fields(strings.SplitAfter(e.Error(), "grouped by ")[1])[0], ","))
			}
			if diff := cmp.Diff(tc.skipped, names); diff != "" {
				t.Errorf("skipped (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriteOutOfFold: one line per result and pair, pairs in order, each
// with its fold and every system's prediction, probabilities only where
// the system has them.
func TestWriteOutOfFold(t *testing.T) {
	pairs := []Pair{
		{ID: "p1", Speaker: "Mr. X (Kenya)", Target: "AU", Date: "2020-01-02", Label: unpv.Recognition},
		{Speaker: "", Target: "EU", Label: unpv.Counter},
	}
	r := &CVResult{Grouping: GroupDelegation, Partition: 1, Fold: []int{0, 1},
		Systems: []Metrics{{System: "majority"}, {System: "model"}},
		Predictions: [][]Prediction{
			{{Label: unpv.Neutral, Confidence: 1}, {Label: unpv.Neutral, Confidence: 1}},
			{{Label: unpv.Recognition, Confidence: 0.75, Probabilities: [3]float64{0.75, 0.25, 0}}, {Label: unpv.Counter, Confidence: 0.5, Probabilities: [3]float64{0.25, 0.25, 0.5}}},
		}}
	var b bytes.Buffer
	if err := WriteOutOfFold(&b, pairs, []*CVResult{r}); err != nil {
		t.Fatal(err)
	}
	want := `{"grouping":"delegation","partition":1,"fold":0,"index":0,"id":"p1","target":"AU","delegation":"KEN","date":"2020-01-02","gold":"recognition","systems":{"majority":{"label":"neutral","confidence":1},"model":{"label":"recognition","confidence":0.75,"probabilities":{"counter":0,"neutral":0.25,"recognition":0.75}}}}
{"grouping":"delegation","partition":1,"fold":1,"index":1,"target":"EU","delegation":"","gold":"counter","systems":{"majority":{"label":"neutral","confidence":1},"model":{"label":"counter","confidence":0.5,"probabilities":{"counter":0.5,"neutral":0.25,"recognition":0.25}}}}
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	var back OutOfFold
	if err := json.Unmarshal(bytes.SplitN(b.Bytes(), []byte("\n"), 2)[0], &back); err != nil || back.Systems["model"].Probabilities[unpv.Recognition] != 0.75 {
		t.Errorf("read back: %+v, %v", back, err)
	}
}

// TestWithoutDelegation counts the pairs no speaker places.
func TestWithoutDelegation(t *testing.T) {
	pairs := []Pair{{Speaker: "KEN"}, {Speaker: ""}, {Speaker: " "}, {Speaker: "Mr. Nobody"}}
	if got := WithoutDelegation(pairs); got != 2 {
		t.Errorf("WithoutDelegation = %d, want 2", got)
	}
}
