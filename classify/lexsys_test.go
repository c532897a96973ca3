package classify

import (
	"testing"

	"github.com/unpv/unpv"
)

// TestLexiconSystemReadsContext checks that the lexicon row of the
// cross-validation reads a pair as the model does: with its context
// sentence, so in a sentence that names its target only as "the
// Organization" the cues of another clause are not read as the target's.
func TestLexiconSystemReadsContext(t *testing.T) {
	base, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []Pair{{
		Context:  "The Collective Security Treaty Organization deployed its forces to Kazakhstan in January.",
		Sentence: "The Organization met in Minsk in November; the talks were a valuable contribution to peace and stability.",
		Target:   "CSTO", Label: unpv.Neutral,
	}}
	exs, err := examples(pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &lexiconSystem{c: base, pairs: pairs, exs: exs}
	predict, err := s.fit(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := predict(0).Label; got != unpv.Neutral {
		t.Errorf("with context: %s, want neutral", got)
	}
	// Without the context the target is not found, every clause is read
	// as about it, and the talks' contribution becomes the CSTO's.
	if got := base.Baseline(pairs[0].Sentence, pairs[0].Target).Label; got != unpv.Recognition {
		t.Errorf("without context: %s; the test sentence must depend on its context", got)
	}
}
