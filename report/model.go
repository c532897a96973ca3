package report

import (
	"strconv"
	"strings"

	"github.com/unpv/unpv"
)

// ModelQuality is the stance model's measured quality, printed beside the
// numbers it produced so that a reader can weigh them: cross-validated
// scores grouped so that they mimic new text, with intervals, the
// confusion matrix and the kinds of error known. The report does not
// compute it; the caller (pipeline, from the classifier's card) supplies it.
type ModelQuality struct {
	Model         string      `json:"model"`
	TrainedPairs  int         `json:"trained_pairs"`
	Evaluations   []ModelEval `json:"evaluations"`
	KnownFailures []string    `json:"known_failures"`
}

// ModelEval is one cross-validation of the model.
type ModelEval struct {
	Grouping  string       `json:"grouping"` // delegation, organisation, era
	Folds     int          `json:"folds"`
	Pairs     int          `json:"pairs"`
	MacroF1   float64      `json:"macro_f1"`
	MacroF1CI [2]float64   `json:"macro_f1_ci"`
	ECE       float64      `json:"ece"`
	Classes   []ClassScore `json:"classes"` // in unpv.Labels order
	// Confusion counts pairs by gold label (rows) and predicted label
	// (columns), both in unpv.Labels order.
	Confusion [3][3]int `json:"confusion"`
	// Baseline is the TF-IDF + logistic regression baseline's macro-F1 on
	// the same folds.
	Baseline float64 `json:"baseline_macro_f1"`
	// ModelMinusBaseline is the model's macro-F1 minus the baseline's, with
	// a 95% interval from a paired bootstrap over delegations (nil when the
	// card has none): an interval holding 0 means the dev pairs cannot tell
	// the two apart.
	ModelMinusBaseline *Difference `json:"model_minus_baseline,omitempty"`
}

// Difference is a difference of two scores with its 95% interval.
type Difference struct {
	Value float64    `json:"value"`
	CI    [2]float64 `json:"ci"`
}

// ClassScore is precision, recall and F1 (with its interval) of one label.
type ClassScore struct {
	Label     unpv.Label `json:"label"`
	Precision float64    `json:"precision"`
	Recall    float64    `json:"recall"`
	F1        float64    `json:"f1"`
	F1CI      [2]float64 `json:"f1_ci"`
	Support   int        `json:"support"`
}

// Groupings says how the evaluations' folds were grouped, in their order,
// for the sentence that introduces them: a card made for a model
// retrained for a data directory has the delegation grouping only.
func (q *ModelQuality) Groupings() string {
	var out []string
	for _, e := range q.Evaluations {
		switch e.Grouping {
		case "delegation":
			out = append(out, "by delegation (the model never saw that delegation's debates)")
		case "organisation", "era":
			out = append(out, "leaving one "+e.Grouping+" out")
		default:
			out = append(out, "by "+e.Grouping)
		}
	}
	return strings.Join(out, ", ")
}

// ci95 prints a 95% interval to two places as " [0.60–0.72]", or ""
// for a card made without resamples, which has none (not [0.00–0.00]).
func ci95(ci [2]float64) string {
	if ci == ([2]float64{}) {
		return ""
	}
	f2 := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	return " [" + f2(ci[0]) + "–" + f2(ci[1]) + "]"
}
