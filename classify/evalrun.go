package classify

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/unpv/unpv"
)

// CrossValidateEach cross-validates pairs under each of groupings in turn
// with opt (its Grouping and Partition set for each run): the delegation
// and speech groupings over partitions assignments of groups to folds,
// leaving one out over its one. A grouping with too few groups is skipped,
// its error (wrapping ErrTooFewGroups) in skipped, since the other
// groupings still say something; when it is the only grouping asked for,
// that error is returned instead. Any other error ends the runs (the
// groupings skipped before it still returned).
func CrossValidateEach(pairs []Pair, groupings []Grouping, partitions int, opt CVOptions) (results []*CVResult, skipped []error, err error) {
	for _, g := range groupings {
		n := partitions
		if g.LeaveOneOut() {
			n = 1 // leave-one-out folds have one partition only
		}
		for part := range n {
			o := opt
			o.Grouping, o.Partition = g, uint64(part)
			r, err := CrossValidate(pairs, o)
			if errors.Is(err, ErrTooFewGroups) {
				if len(groupings) == 1 {
					return nil, nil, err
				}
				skipped = append(skipped, err)
				break
			}
			if err != nil {
				return nil, skipped, err
			}
			results = append(results, r)
		}
	}
	return results, skipped, nil
}

// WithoutDelegation is the number of pairs whose delegation is unknown: no
// speaker given. Cluster-bootstrap intervals and folds grouped by
// delegation count them all as one delegation.
func WithoutDelegation(pairs []Pair) int {
	n := 0
	for _, p := range pairs {
		if strings.TrimSpace(p.Delegation()) == "" {
			n++
		}
	}
	return n
}

// OutOfFold is one line of a predictions file (`unpv classify --cv
// --predictions`): every system's out-of-fold output for one pair in one
// grouping and partition, so that a score can be recomputed, or systems
// compared pair by pair, outside unpv.
type OutOfFold struct {
	Grouping  Grouping `json:"grouping"`
	Partition uint64   `json:"partition"`
	Fold      int      `json:"fold"`
	// Index is the pair's place among the pairs evaluated (0-based, in
	// file order), for joining when the files give no id.
	Index      int                         `json:"index"`
	ID         string                      `json:"id,omitempty"`
	Target     string                      `json:"target"`
	Delegation string                      `json:"delegation"`
	Date       string                      `json:"date,omitempty"`
	Gold       unpv.Label                  `json:"gold"`
	Systems    map[string]SystemPrediction `json:"systems"`
}

// SystemPrediction is one system's output in an OutOfFold line; the class
// probabilities only for the systems that have them.
type SystemPrediction struct {
	Label         unpv.Label             `json:"label"`
	Confidence    float64                `json:"confidence"`
	Probabilities map[unpv.Label]float64 `json:"probabilities,omitempty"`
}

// WriteOutOfFold writes the out-of-fold predictions of every
// cross-validation in results of pairs (the pairs they were run on) to w,
// one JSON line per result and pair, results in order, pairs in file order.
func WriteOutOfFold(w io.Writer, pairs []Pair, results []*CVResult) error {
	enc := json.NewEncoder(w)
	for _, r := range results {
		for i, p := range pairs {
			line := OutOfFold{Grouping: r.Grouping, Partition: r.Partition, Fold: r.Fold[i], Index: i, ID: p.ID,
				Target: p.Target, Delegation: p.Delegation(), Date: p.Date, Gold: p.Label, Systems: map[string]SystemPrediction{}}
			for s, m := range r.Systems {
				pr := r.Predictions[s][i]
				ps := SystemPrediction{Label: pr.Label, Confidence: pr.Confidence}
				if pr.Probabilities != [3]float64{} {
					ps.Probabilities = map[unpv.Label]float64{}
					for k, l := range unpv.Labels {
						ps.Probabilities[l] = pr.Probabilities[k]
					}
				}
				line.Systems[m.System] = ps
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
	}
	return nil
}
