package classify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestFormatCI: an interval no resample made (--resamples 0) reads "none";
// train printed "0.000–0.000", as if the score were certain to be 0.
func TestFormatCI(t *testing.T) {
	for _, tc := range []struct {
		ci   [2]float64
		want string
	}{{[2]float64{0.6, 0.72}, "0.60–0.72"}, {[2]float64{}, "none"}, {[2]float64{0, 0.3}, "0.00–0.30"}} {
		if got := FormatCI(tc.ci); got != tc.want {
			t.Errorf("FormatCI(%v) = %q, want %q", tc.ci, got, tc.want)
		}
	}
}

// TestCardHeadline: the line `unpv classify train` ends with reads the
// card's first cross-validation (grouped by delegation) and its last
// system, the model.
func TestCardHeadline(t *testing.T) {
	card := &Card{CrossValidation: []*CVResult{{Grouping: GroupDelegation, Systems: []Metrics{
		{System: "majority", MacroF1: 0.2},
		{System: "model", MacroF1: 0.672, MacroF1CI: [2]float64{0.631, 0.714},
			PerClass: map[unpv.Label]Scores{unpv.Counter: {F1: 0.5}}},
	}}}}
	if got, want := card.Headline(), "grouped by delegation: macro-F1 0.672 [0.63–0.71], counter F1 0.500"; got != want {
		t.Errorf("Headline() = %q, want %q", got, want)
	}
	if got := (&Card{}).Headline(); got != "no cross-validation" {
		t.Errorf("empty card: %q", got)
	}
}

// TestWriteMetricsShipped: the table of the shipped card's folds grouped by
// delegation names every system, with its interval, and a confusion
// matrix for each, and the calibration of the model alone.
func TestWriteMetricsShipped(t *testing.T) {
	card, err := ShippedCard()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteMetrics(&b, "title", card.CrossValidation[0].Systems); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "title\n") {
		t.Errorf("no title first:\n%s", out)
	}
	for _, m := range card.CrossValidation[0].Systems {
		if !strings.Contains(out, "confusion ("+m.System+"; rows gold, columns predicted)") {
			t.Errorf("no confusion matrix of %s:\n%s", m.System, out)
		}
	}
	if n := strings.Count(out, "\ncalibration ("); n != 1 {
		t.Errorf("%d calibration tables, want the model's alone:\n%s", n, out)
	}
	if !strings.Contains(out, "model minus each system") {
		t.Errorf("no paired differences:\n%s", out)
	}
}
