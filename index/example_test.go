package index_test

import (
	"context"
	"fmt"
	"os"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
)

// texts is a TextSource over a few speeches.
type texts []index.Doc

func (t texts) SpeechTexts(_ context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range t {
		out[d.Speech.ID] = d.Speech.Text
	}
	return out, nil
}

func Example() {
	dir, _ := os.MkdirTemp("", "unpv-example-")
	defer os.RemoveAll(dir)
	speeches := []index.Doc{
		{Speech: unpv.Speech{ID: "S/PV.8714#17", Symbol: "S/PV.8714", Body: unpv.SecurityCouncil, Date: "2020-02-06", Seq: 17,
			Speaker: "Mr. Nebenzia (Russian Federation)", DelegationCode: "RUS", Role: unpv.RoleMember,
			Text: "We value the role of the Collective Security Treaty Organization in Central Asia."},
			Stances: []unpv.Stance{{Target: "CSTO", Label: unpv.Recognition}}},
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
	res, err := ix.Search(context.Background(), index.Query{
		Text:    `"Security Treaty"`,
		Targets: []string{"CSTO"}, Stances: []string{"recognition"},
		KWICWidth: 20,
	})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Delegation, h.URL)
		fmt.Println(h.Fragment.Marked("[", "]"))
		fmt.Printf("%q\n", h.KWIC.Line(20, "<", ">"))
	}
	// Output:
	// S/PV.8714#17 RUS https://undocs.org/en/S/PV.8714
	// We value the role of the Collective [Security Treaty] Organization in Central Asia.
	// "e of the Collective <Security Treaty> Organization in Cen"
}
