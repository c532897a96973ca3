package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
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
	q := ModelQuality(t.TempDir())
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

// TestModelQualityOfDataModel: with a model retrained for the data
// directory, reports print its own card (DATA/card.json) when the card
// names it; a card of another model is not passed off as its, and the
// shipped card stays (the report then leaves it out with a note, since the
// labels are by another model).
func TestModelQualityOfDataModel(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "classify", "data", "gold-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	pairs, _, err := classify.ReadPairs(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	m, err := classify.Train(pairs[:60], classify.DefaultTrainOptions)
	if err != nil {
		t.Fatal(err)
	}
	c, err := classify.New(m)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := classify.ShippedCard()
	if err != nil {
		t.Fatal(err)
	}
	n := 0 // pairs the shipped model was trained on
	for _, f := range shipped.Training {
		n += f.Pairs
	}
	own := classify.Card{Model: c.Version(), Training: []classify.FileCount{{File: "mine.jsonl", Pairs: 60}},
		CrossValidation: shipped.CrossValidation[:1]}
	for _, tc := range []struct {
		name      string
		model     bool
		cardModel string // "" for no card file
		want      string
		trained   int
	}{
		{"shipped model", false, "", shipped.Model, n},
		{"own model, own card", true, c.Version(), c.Version(), 60},
		{"own model, no card", true, "", shipped.Model, n},
		{"own model, another model's card", true, "stance-000000000000", shipped.Model, n},
		{"shipped model, a stray card", false, c.Version(), shipped.Model, n},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.model {
				b, _ := classify.MarshalModel(m)
				os.WriteFile(filepath.Join(dir, ModelFile), b, 0o644)
			}
			if tc.cardModel != "" {
				card := own
				card.Model = tc.cardModel
				b, _ := json.Marshal(card)
				os.WriteFile(filepath.Join(dir, CardFile), b, 0o644)
			}
			q := ModelQuality(dir)
			if q == nil {
				t.Fatal("no model quality")
			}
			if q.Model != tc.want || q.TrainedPairs != tc.trained {
				t.Errorf("card of %s (%d pairs), want %s (%d)", q.Model, q.TrainedPairs, tc.want, tc.trained)
			}
		})
	}
}
