package pipeline

import (
	"testing"

	"github.com/unpv/unpv/classify"
)

// TestModelQualityFromCard checks that the report's model section carries
// the shipped card: the model's scores under every grouping, the
// baseline's, and the paired difference between them.
func TestModelQualityFromCard(t *testing.T) {
	card, err := classify.ShippedCard()
	if err != nil {
		t.Fatal(err)
	}
	q := ModelQuality()
	if q == nil {
		t.Fatal("no model quality from the shipped card")
	}
	if q.Model != card.Model || len(q.Evaluations) != len(card.CrossValidation) {
		t.Fatalf("model %s with %d evaluations, card %s with %d", q.Model, len(q.Evaluations), card.Model, len(card.CrossValidation))
	}
	for i, r := range card.CrossValidation {
		e := q.Evaluations[i]
		for _, m := range r.Systems {
			switch m.System {
			case "model":
				if e.MacroF1 != m.MacroF1 || e.MacroF1CI != m.MacroF1CI {
					t.Errorf("%s: model %.3f %v, card %.3f %v", r.Grouping, e.MacroF1, e.MacroF1CI, m.MacroF1, m.MacroF1CI)
				}
			case "tfidf-logreg":
				if e.Baseline != m.MacroF1 {
					t.Errorf("%s: baseline %.3f, card %.3f", r.Grouping, e.Baseline, m.MacroF1)
				}
				if m.ModelMinus == nil || e.ModelMinusBaseline == nil {
					t.Fatalf("%s: difference %v in the card, %v in the report", r.Grouping, m.ModelMinus, e.ModelMinusBaseline)
				}
				if e.ModelMinusBaseline.Value != m.ModelMinus.Value || e.ModelMinusBaseline.CI != m.ModelMinus.CI {
					t.Errorf("%s: difference %+v, card %+v", r.Grouping, *e.ModelMinusBaseline, *m.ModelMinus)
				}
			}
		}
	}
}
