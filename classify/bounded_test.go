package classify

import (
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestRunOnSentenceBounded: a run-on "sentence" of a megabyte with an
// organisation every few words (the reproduction took 21.5 s and
// grew with the square of its mentions) is read up to
// unpv.MaxSentenceBytes, so it costs what a long real sentence costs: the
// mentions and stances found are those of that prefix.
func TestRunOnSentenceBounded(t *testing.T) {
	c := mustDefault(t)
	unit := "the African Union and the OSCE and NATO, which we commend and condemn, "
	long := strings.Repeat(unit, (1<<20)/len(unit))
	if Bounded(long) {
		t.Fatal("a megabyte sentence counts as bounded")
	}
	short := bounded(long)
	if len(short) > unpv.MaxSentenceBytes || !strings.HasPrefix(long, short) || !Bounded(short) {
		t.Fatalf("cut to %d bytes", len(short))
	}
	ms, sts := c.Speech(unpv.Speech{ID: "x#1"}, []unpv.Sentence{{ID: "x#1.1", Text: long}})
	ms2, sts2 := c.Speech(unpv.Speech{ID: "x#1"}, []unpv.Sentence{{ID: "x#1.1", Text: short}})
	if len(ms) != len(ms2) || len(sts) != len(sts2) || len(ms) == 0 {
		t.Errorf("long sentence: %d mentions, %d stances; its bounded prefix: %d, %d", len(ms), len(sts), len(ms2), len(sts2))
	}
	for _, m := range ms {
		if m.End > len(short) {
			t.Fatalf("mention at %d–%d, past the %d bytes read", m.Start, m.End, len(short))
		}
	}
	if got := c.Classify(long, "AU", "", ""); got.Label == "" {
		t.Error("no label for a long sentence")
	}
}

// TestCalibrationOutput checks the expected calibration error and its
// reliability bins on a hand-computed case: four labels at confidence 0.9
// of which three are right (bin 0.9: accuracy 0.75, gap 0.15) and two at
// 0.55 of which one is right (bin 0.5: accuracy 0.5, gap 0.05): ECE =
// 4/6 × 0.15 + 2/6 × 0.05 = 0.11667.
func TestCalibrationOutput(t *testing.T) {
	R, N := unpv.Recognition, unpv.Neutral
	gold := []unpv.Label{R, R, R, N, R, N}
	pred := []unpv.Label{R, R, R, R, R, R}
	conf := []float64{0.9, 0.9, 0.9, 0.9, 0.55, 0.55}
	m := withECE(score("x", gold, pred), gold, pred, conf)
	if d := m.ECE - 0.116667; d > 1e-6 || d < -1e-6 {
		t.Errorf("ECE = %v, want 0.116667", m.ECE)
	}
	want := []Bin{{Low: 0.5, High: 0.6, N: 2, MeanConfidence: 0.55, Accuracy: 0.5}, {Low: 0.9, High: 1, N: 4, MeanConfidence: 0.9, Accuracy: 0.75}}
	if len(m.Reliability) != 2 || m.Reliability[0] != want[0] || m.Reliability[1] != want[1] {
		t.Errorf("reliability %+v, want %+v", m.Reliability, want)
	}
}

// TestShippedCard: the card embedded beside the model describes it (rerun
// `go run ./cmd/unpv classify train` when the model, lexicon, rules or
// tables change) and holds the three groupings with intervals.
func TestShippedCard(t *testing.T) {
	card, err := ShippedCard()
	if err != nil {
		t.Fatal(err)
	}
	if c := mustDefault(t); card.Model != c.Version() {
		t.Fatalf("classify/card.json describes %s, the shipped classifier is %s: run `go run ./cmd/unpv classify train`", card.Model, c.Version())
	}
	if len(card.CrossValidation) != 3 || card.CrossValidation[0].Grouping != GroupDelegation {
		t.Fatalf("card groupings %d", len(card.CrossValidation))
	}
	for _, r := range card.CrossValidation {
		var model *Metrics
		for i := range r.Systems {
			if r.Systems[i].System == "model" {
				model = &r.Systems[i]
			}
		}
		if model == nil || model.MacroF1CI[1] <= model.MacroF1CI[0] || model.ECE < 0 || len(model.Reliability) == 0 || r.Pairs != 714 {
			t.Errorf("%s: %+v", r.Grouping, model)
		}
	}
}

// TestShippedModelUsesVectors: a model with dense-feature weights must run
// with the word vectors it was trained with, or it is not the model its
// card measured.
func TestShippedModelUsesVectors(t *testing.T) {
	c := mustDefault(t)
	dense := 0
	for name := range c.model.Weights {
		if strings.HasPrefix(name, "ec:") || strings.HasPrefix(name, "ew:") || strings.HasPrefix(name, "es:") {
			dense++
		}
	}
	if dense > 0 && c.vec == nil {
		t.Fatalf("the shipped model has %d vector weights but classifies without vectors (model.vectors %q)", dense, c.model.Vectors)
	}
}
