package classify

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestCounterConfidence: a counter label is either the model's, at
// abstainBelow or more (below it gives way to neutral), or a rule's, at
// ruleConfidence or more; so no counter label of the training pairs has
// less than the smaller of the two. (Twelve of them are the
// negated-endorsement rule's, at probabilities the model puts as low as
// 0.02.)
func TestCounterConfidence(t *testing.T) {
	c := mustDefault(t)
	dev, extra, _, err := ReadTrainingData("data")
	if err != nil {
		t.Fatal(err)
	}
	least := min(abstainBelow, ruleConfidence)
	n := 0
	for i, p := range append(dev, extra...) {
		st := c.Classify(p.Sentence, p.Target, DelegationCode(p.Speaker), p.Date)
		if st.Label != unpv.Counter {
			continue
		}
		n++
		if st.Confidence < least {
			t.Errorf("training pair %d (%s, %s): counter at %.3f, below %.2f (evidence %q)", i, p.Target, p.Speaker, st.Confidence, least, st.Evidence)
		}
	}
	if n == 0 {
		t.Fatal("no counter label in the training pairs")
	}
}

// TestBaselineNeutral: the lexicon baseline leaves praise in a sentence
// about development, trade or health (and no peace and security word)
// neutral, as the codebook's boundaries do (dev pairs labelled neutral
// whose recognition cues would otherwise make them recognition), and a
// tie between its recognition and counter cues neutral, as rule 5 does
// (General Debate Corpus sentences).
func TestBaselineNeutral(t *testing.T) {
	c := mustBaseline(t)
	for _, tc := range []struct {
		source, target, sentence string
	}{
		{"IRQ A/66", "EU", "After finishing the drafting of the Partnership and Cooperation Agreement between Iraq and the European Union and its possible signing in the near future, and signing a memorandum of understanding on the strategic partnership in the field of energy between Iraq and the European Union, the cooperation between the two parties will take a broader scope in various fields covered by those agreements."},
		{"MDA A/75", "CIS", "Thus, one of our priorities is developing good political and economic cooperation with partners within the free trade areas of the European Union and Commonwealth of Independent States."},
		{"PNG A/78", "PIF", "Papua New Guinea, together with our fellow members of the Pacific Islands Forum, is advancing efforts for another landmark Forum leaders’ declaration on statehood and the protection of people in the face of climate -change -related sea level rise."},
		// When the lexicon's recognition and counter cues weigh the same,
		// the baseline is in doubt between the two polar labels and says
		// neutral (codebook rule 5), not counter. Sentences where the two
		// weighed the same (7 of 13,948 naming an organisation in the whole
		// corpus).
		{"CHL A/36", "ASEAN", "Chile condemns this outright aggression and fully supports the initiative of the ASEAN countries aimed at restoring peace and goodwill in SouthEast Asia after so many years of suffering."},
		{"BGR A/53", "EU", "The Republic of Bulgaria welcomes its inclusion in the process of enlargement of the European Union, together with other associated countries of Central and Eastern Europe and Cyprus."},
	} {
		t.Run(tc.source, func(t *testing.T) {
			got := c.Baseline(tc.sentence, tc.target)
			if diff := cmp.Diff(unpv.Neutral, got.Label); diff != "" {
				t.Errorf("%s: lexicon label (-want +got), evidence %q:\n%s", tc.source, got.Evidence, diff)
			}
		})
	}
}
