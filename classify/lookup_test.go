package classify

import (
	"bytes"
	"testing"
)

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

// FuzzUnmarshalModel: UnmarshalModel never panics on a model file; a model
// it takes writes (MarshalModel) and reads back to the same bytes, and a
// classifier New builds of it labels a sentence with one of the three
// labels and a confidence between 0 and 1. DATA/model.json and --model
// files are edited by hand.
func FuzzUnmarshalModel(f *testing.F) {
	f.Add([]byte(`{"format":"unpv-stance-logreg-1","classes":["recognition","neutral","counter"],"bias":[0.1,0,-0.1],"temperature":0.7,"weights":{"c:support":[1,0,-1],"b":[0,0,0]}}`))
	f.Add([]byte(`{"format":"unpv-stance-logreg-1","classes":["recognition","neutral","counter"],"temperature":-1,"weights":{},"hand_pairs":["S/PV.1#1.1:AU"],"reading":"x"}`))
	f.Add([]byte(`{"format":"unpv-stance-logreg-1","classes":["recognition","neutral","counter"],"bias":[1e308,-1e308,0],"weights":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := UnmarshalModel(b)
		if err != nil {
			return
		}
		out, err := MarshalModel(m)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalModel(out)
		if err != nil {
			t.Fatalf("reading back what MarshalModel wrote: %v\n%s", err, out)
		}
		if again, err := MarshalModel(back); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("written twice, the model differs: %v\n%s\n%s", err, out, again)
		}
		c, err := New(m)
		if err != nil {
			return
		}
		st := c.Classify("We welcome the African Union's efforts for peace.", "AU", "GHA", "2020-01-01")
		if st.Label.Index() < 0 || !(st.Confidence >= 0 && st.Confidence <= 1) {
			t.Errorf("stance %+v", st)
		}
	})
}
