package store_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/store"
)

// Open a store, record one imported meeting's extraction and read it back
// the way the index and reports do.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "unpv-example")
	defer os.RemoveAll(dir)
	s, err := store.Open(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	m := unpv.Meeting{Symbol: "S/PV.8711", Body: unpv.SecurityCouncil, Meeting: "S/PV.8711", Date: "2020-01-30",
		Agenda: "Cooperation between the United Nations and regional and subregional organizations"}
	sp := unpv.Speech{ID: "S/PV.8711#5", Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting, Date: m.Date, Seq: 5,
		Speaker: "Mr. Nebenzia (Russian Federation)", Delegation: "Russian Federation", DelegationCode: "RUS",
		Role: unpv.RoleMember, Text: "We value ASEAN's contribution."}
	se := unpv.Sentence{ID: "S/PV.8711#5.1", SpeechID: sp.ID, N: 1, End: len(sp.Text), Text: sp.Text}
	ex := &store.Extraction{Meeting: m, Speeches: []unpv.Speech{sp}, Sentences: []unpv.Sentence{se}}
	if err := s.ReplaceExtraction(ctx, "unsc-debates:S/PV.8711", ex, store.StageState{InputHash: "…", Version: "extract/1"}); err != nil {
		log.Fatal(err)
	}
	st := unpv.Stance{SentenceID: se.ID, Target: "ASEAN", Label: unpv.Recognition, Confidence: 0.91, Relation: unpv.RelThird}
	if err := s.ReplaceClassification(ctx, "unsc-debates:S/PV.8711", nil, []unpv.Stance{st}, store.StageState{InputHash: "…"}); err != nil {
		log.Fatal(err)
	}
	s.EachStance(ctx, func(r store.StanceRow) error {
		fmt.Println(r.Symbol, r.Date, r.DelegationCode, r.Target, r.Label, r.Relation)
		fmt.Println(r.Agenda)
		return nil
	})
	// Output:
	// S/PV.8711 2020-01-30 RUS ASEAN recognition third
	// Cooperation between the United Nations and regional and subregional organizations
}
