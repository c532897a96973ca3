package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestHandCodedStances: a stance researchers coded by hand is searched,
// counted in the facets and shown by its hand label, and marked as
// hand-coded in hits and on the page.
func TestHandCodedStances(t *testing.T) {
	sp := unpv.Speech{ID: "S/PV.8733#9", Symbol: "S/PV.8733", Body: unpv.SecurityCouncil, Meeting: "S/PV.8733", Date: "2020-02-26",
		Seq: 9, Speaker: "Mr. Nebenzia (Russian Federation)", DelegationCode: "RUS", Role: unpv.RoleMember,
		Text: "We thank the OSCE. The military actions undertaken by NATO take us further from the goal."}
	ses := []unpv.Sentence{{ID: "S/PV.8733#9.1", SpeechID: sp.ID, N: 1, Text: "We thank the OSCE."},
		{ID: "S/PV.8733#9.2", SpeechID: sp.ID, N: 2, Text: "The military actions undertaken by NATO take us further from the goal."}}
	sts := []unpv.Stance{
		{SentenceID: ses[0].ID, Target: "OSCE", Label: unpv.Neutral, Confidence: 0.9},
		{SentenceID: ses[1].ID, Target: "NATO", Label: unpv.Counter, Hand: true, ModelLabel: unpv.Neutral, Confidence: 0.17},
	}
	_, ix := buildIndex(t, []Doc{{Speech: sp, Stances: sts, Sentences: ses}})
	res, err := ix.Search(context.Background(), Query{Stances: []string{"counter"}, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != ses[1].ID || !slices.Equal(res.Hits[0].HandCoded, []string{"NATO:counter"}) {
		t.Fatalf("counter sentences: %+v", res.Hits)
	}
	var counted bool
	for _, f := range res.Facets {
		for _, term := range f.Terms {
			counted = counted || f.Name == "target_stance" && term.Term == "NATO:counter" && term.Count == 1
		}
	}
	if !counted {
		t.Errorf("facets do not count the hand label: %+v", res.Facets)
	}
	// The model was unsure of NATO's label (0.17), the researcher is not:
	// a confidence threshold keeps the sentence.
	if res, err := ix.Search(context.Background(), Query{Stances: []string{"counter"}, MinConfidence: 0.6}); err != nil ||
		res.Total != 1 || res.Hits[0].Confidence != 1 {
		t.Errorf("hand-coded sentence with --min-confidence 0.6: %+v %v", res, err)
	}
	if res, _ := ix.Search(context.Background(), Query{Stances: []string{"neutral"}, Targets: []string{"NATO"}}); res.Total != 0 {
		t.Errorf("the model's overridden label is still searched: %+v", res.Hits)
	}
	h := NewHandler(ix, HandlerOptions{})
	for _, path := range []string{"/?stance=counter", "/speech/S%2FPV.8733%239"} {
		_, body := get(t, h, path)
		if !strings.Contains(body, `class="hand"`) {
			t.Errorf("%s does not mark the hand-coded stance", path)
		}
	}
}
