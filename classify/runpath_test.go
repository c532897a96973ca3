package classify

import (
	"os"
	"testing"

	"github.com/unpv/unpv"
)

// TestRunPathMatchesTraining checks that the shipped classifier, reading a
// dev pair as the pipeline reads a speech (its context sentence, then the
// sentence), labels it as the training and cross-validation path does
// (examples, then decide): any difference between the two paths, like the
// word vectors once left out at run time, makes the card describe a model
// that does not run.
func TestRunPathMatchesTraining(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	v, err := defaultVectors()
	if err != nil {
		t.Fatal(err)
	}
	var pairs []Pair
	for _, name := range []string{"data/gold-dev.jsonl", "data/gold-dev-ungdc.jsonl"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		ps, _, err := ReadPairs(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, ps...)
	}
	exs, err := examples(pairs, v)
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for i, p := range pairs {
		k, conf, _, _ := decide(c.model, exs[i].a, exs[i].fs)
		texts := []string{p.Sentence}
		if p.Context != "" {
			texts = []string{p.Context, p.Sentence}
		}
		sp := unpv.Speech{ID: "S/PV.1#1", DelegationCode: p.Speaker}
		var sents []unpv.Sentence
		for j, s := range texts {
			sents = append(sents, unpv.Sentence{ID: unpv.SentenceID(sp.ID, j+1), Text: s})
		}
		_, sts := c.Speech(sp, sents)
		var got *unpv.Stance
		for j := range sts {
			if sts[j].SentenceID == sents[len(sents)-1].ID && sts[j].Target == p.Target {
				got = &sts[j]
			}
		}
		if got == nil {
			// The run path classifies only organisations it finds; a
			// pair whose target the gazetteer reads as another is not
			// a difference between the paths.
			missing++
			continue
		}
		if got.Label != classes[k] || got.Confidence != round3(conf) {
			t.Errorf("%s %s: run path %s %.3f, training path %s %.3f", p.ID, p.Target, got.Label, got.Confidence, classes[k], round3(conf))
		}
	}
	if missing > len(pairs)/100 {
		t.Errorf("%d of %d dev pairs' targets not found by the run path", missing, len(pairs))
	}
}
