package classify

import "testing"

// TestModelLookupMatchesWeights checks that features made with the model
// (which carry the weights of its lookup table, dense ones without a map
// access) score exactly as the same features made without a model and
// looked up in Weights: the table is a speed-up, never another model.
func TestModelLookupMatchesWeights(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	pairs := readPairsFile(t, "data/gold-dev-ungdc.jsonl")
	var dense int
	for _, p := range pairs {
		a := c.lex.analyse(p.Sentence, c.pairMentions(p), p.Target)
		withModel := featurise(a, c.model, c.vec)
		without := featurise(a, nil, c.vec)
		for _, ft := range withModel {
			if ft.w == nil || *ft.w != c.model.Weights[ft.name] {
				t.Fatalf("%q: feature %s carries %v, the model's weights are %v", p.Sentence, ft.name, ft.w, c.model.Weights[ft.name])
			}
			if ft.start < 0 {
				dense++
			}
		}
		if got, want := c.model.logits(withModel), c.model.logits(without); got != want {
			t.Errorf("%q: logits %v with the lookup, %v from Weights", p.Sentence, got, want)
		}
		for k := range classes {
			gs, ge := c.model.evidence(withModel, k)
			ws, we := c.model.evidence(without, k)
			if gs != ws || ge != we {
				t.Errorf("%q: evidence for %s at %d–%d with the lookup, %d–%d from Weights", p.Sentence, classes[k], gs, ge, ws, we)
			}
		}
	}
	if len(pairs) < 300 || dense == 0 {
		t.Fatalf("%d pairs, %d dense features: the test saw too little", len(pairs), dense)
	}
}
