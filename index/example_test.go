package index_test

import (
	"context"
	"fmt"
	"os"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
)

// texts is a TextSource over a few speeches: their texts and their
// sentences' (sentence documents are shown with their own text).
type texts []index.Doc

func (t texts) SpeechTexts(_ context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range t {
		out[d.Speech.ID] = d.Speech.Text
		for _, se := range d.Sentences {
			out[se.ID] = se.Text
		}
	}
	return out, nil
}

func Example() {
	dir, _ := os.MkdirTemp("", "unpv-example-")
	defer os.RemoveAll(dir)
	text := "NATO expands eastwards. We value the role of the Collective Security Treaty Organization in Central Asia."
	speeches := []index.Doc{
		{Speech: unpv.Speech{ID: "S/PV.8714#17", Symbol: "S/PV.8714", Body: unpv.SecurityCouncil, Date: "2020-02-06", Seq: 17,
			Speaker: "Mr. Nebenzia (Russian Federation)", DelegationCode: "RUS", Role: unpv.RoleMember, Text: text},
			Sentences: []unpv.Sentence{
				{ID: "S/PV.8714#17.1", N: 1, Start: 0, End: 23, Text: text[:23]},
				{ID: "S/PV.8714#17.2", N: 2, Start: 24, End: len(text), Text: text[24:]}},
			Stances: []unpv.Stance{
				{SentenceID: "S/PV.8714#17.1", Target: "NATO", Label: unpv.Counter, Evidence: "expands eastwards"},
				{SentenceID: "S/PV.8714#17.2", Target: "CSTO", Label: unpv.Recognition, Evidence: "value the role"}}},
		{Speech: unpv.Speech{ID: "S/PV.8714#9", Symbol: "S/PV.8714", Body: unpv.SecurityCouncil, Date: "2020-02-06", Seq: 9,
			Speaker: "Ms. Pierce (United Kingdom)", DelegationCode: "GBR", Role: unpv.RoleMember,
			Text: "The OSCE is a vital partner of the Security Council."}},
	}
	_, err := index.Rebuild(context.Background(), dir, func(yield func(index.Doc) error) error {
		for _, d := range speeches {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	// The index keeps no copy of the texts: fragments read them from a
	// TextSource (the store, in unpv).
	ix.SetTextSource(texts(speeches))
	// CSTO also finds the name spelled out.
	res, err := ix.Search(context.Background(), index.Query{Text: "CSTO", KWICWidth: 20})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Kind, h.ID, h.Delegation, h.URL)
		fmt.Printf("%q\n", h.KWIC.Line(20, "<", ">"))
	}
	// A stance filter finds the sentence that carries the stance.
	res, err = ix.Search(context.Background(), index.Query{Stances: []string{"counter"}, KWICWidth: 20})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Kind, h.ID, h.SpeechID, h.Stances)
		fmt.Println(h.Fragment.Marked("[", "]"))
	}
	// Output:
	// speech S/PV.8714#17 RUS https://undocs.org/en/S/PV.8714
	// "lue the role of the <Collective Security Treaty Organization> in Central Asia."
	// sentence S/PV.8714#17.1 S/PV.8714#17 [NATO:counter]
	// NATO [expands eastwards].
}
