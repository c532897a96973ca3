package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/fixture"
)

// benchCodingStore is a store of 1,000 documents × 100 sentences, each
// sentence with one stance (100,000 stances, about the bundled corpus × 40),
// and codings on the first n pairs by two coders (one label in 10 differs).
func benchCodingStore(b *testing.B, n int) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	for d := range 1000 {
		sym := fmt.Sprintf("S/PV.%d", 7000+d)
		sp := unpv.Speech{ID: unpv.SpeechID(sym, 1), Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym,
			Date: fmt.Sprintf("20%02d-01-01", 10+d%12), Seq: 1, DelegationCode: "RUS"}
		var sts []unpv.Stance
		var texts []string
		for i := 1; i <= 100; i++ {
			id := unpv.SentenceID(sp.ID, i)
			texts = append(texts, "The AU sentence "+id)
			sts = append(sts, unpv.Stance{SentenceID: id, Target: "AU", Label: unpv.Labels[i%3], Confidence: float64((d*100+i)%997) / 997})
		}
		ses := fixture.JoinSentences(&sp, texts)
		ex := &Extraction{Meeting: unpv.Meeting{Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym, Date: sp.Date},
			Speeches: []unpv.Speech{sp}, Sentences: ses}
		doc := "d:" + sym
		if err := s.ReplaceExtraction(ctx, doc, ex, StageState{InputHash: "a"}); err != nil {
			b.Fatal(err)
		}
		if err := s.ReplaceClassification(ctx, doc, nil, sts, StageState{InputHash: "b"}); err != nil {
			b.Fatal(err)
		}
	}
	var cs []unpv.Coding
	for i := range n {
		id := unpv.SentenceID(unpv.SpeechID(fmt.Sprintf("S/PV.%d", 7000+i/100), 1), 1+i%100)
		cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: unpv.Neutral},
			unpv.Coding{SentenceID: id, Target: "AU", Coder: "bob", Label: unpv.Labels[min(i%10, 1)]})
	}
	if _, err := s.ImportCodings(ctx, cs); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkEachStance reads every stance row with the hand labels applied
// (what the report and index stages read), without codings and with 1,000
// coded pairs.
func BenchmarkEachStance(b *testing.B) {
	for _, n := range []int{0, 1000} {
		b.Run(fmt.Sprintf("coded=%d", n), func(b *testing.B) {
			s := benchCodingStore(b, n)
			b.ResetTimer()
			for range b.N {
				rows := 0
				if err := s.EachStance(context.Background(), func(StanceRow) error { rows++; return nil }); err != nil || rows != 100000 {
					b.Fatal(rows, err)
				}
			}
		})
	}
}

// BenchmarkNextPairs is the labelling page's cost per pair: the coder's
// next pair and progress in a queue of 100,000 pairs, 1,000 of them coded.
func BenchmarkNextPairs(b *testing.B) {
	s := benchCodingStore(b, 1000)
	for _, q := range []Queue{{Order: OrderUncertain, Coder: "ann"}, {Order: OrderRandom, Seed: 1, Coder: "ann"},
		{Order: OrderDate, Coder: "ann", From: "2015", To: "2016"}} {
		b.Run(q.Order, func(b *testing.B) {
			for range b.N {
				ps, err := s.NextPairs(context.Background(), q, 1)
				if err != nil || len(ps) != 1 {
					b.Fatal(ps, err)
				}
				if _, _, err := s.QueueProgress(context.Background(), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDocumentStances is the index stage's read: every document's
// mentions and stances, one document at a time, with the hand labels read
// once (AppliedHandLabels). Read per document, as before, the hand_labels
// view cost 11.5 s with 1,000 coded pairs and 110 s with 10,000
// (docs/benchmarks.md, issue 11).
func BenchmarkDocumentStances(b *testing.B) {
	for _, coded := range []int{0, 1000, 10000} {
		b.Run(fmt.Sprintf("coded=%d", coded), func(b *testing.B) {
			s := benchCodingStore(b, coded)
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				hand, err := s.AppliedHandLabels(ctx)
				if err != nil {
					b.Fatal(err)
				}
				rows := 0
				for d := range 1000 {
					_, sts, err := s.DocumentStances(ctx, fmt.Sprintf("d:S/PV.%d", 7000+d), hand)
					if err != nil {
						b.Fatal(err)
					}
					rows += len(sts)
				}
				if rows != 100000 {
					b.Fatal(rows)
				}
			}
		})
	}
}
