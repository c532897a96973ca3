package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
)

// benchExtraction is one real meeting (S/PV.8699, 101 speeches, from the
// bundled corpus) with sentences split at ". " (the segmenter is not what
// is measured here).
func benchExtraction(b *testing.B) *Extraction {
	b.Helper()
	fsys, err := bundled.UNSCSpeeches()
	if err != nil {
		b.Fatal(err)
	}
	for im, err := range corpora.ImportUNSCDebates(fsys, corpora.UNSCDebatesOptions{}) {
		if err != nil {
			b.Fatal(err)
		}
		if im.Meeting.Symbol != "S/PV.8699" {
			continue
		}
		ex := &Extraction{Meeting: im.Meeting, Speeches: im.Speeches}
		for _, sp := range im.Speeches {
			off := 0
			for n, s := range strings.Split(sp.Text, ". ") {
				ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, n+1), SpeechID: sp.ID, N: n + 1,
					Start: off, End: off + len(s), Text: s})
				off += len(s) + 2
			}
		}
		return ex
	}
	b.Fatal("S/PV.8699 not in the bundled corpus")
	return nil
}

// BenchmarkReplaceExtraction measures writing one meeting's speeches and
// sentences (the extract stage's store cost), as new documents.
func BenchmarkReplaceExtraction(b *testing.B) {
	ctx := context.Background()
	ex := benchExtraction(b)
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	raw, _ := json.Marshal(ex)
	b.SetBytes(int64(len(raw)))
	b.ReportMetric(float64(len(ex.Speeches)), "speeches/op")
	b.ResetTimer()
	for i := range b.N {
		// A distinct meeting per iteration, as in a growing corpus.
		e := *ex
		sym := fmt.Sprintf("S/PV.%d", 100000+i)
		e.Meeting.Symbol = sym
		e.Speeches = append([]unpv.Speech(nil), ex.Speeches...)
		e.Sentences = append([]unpv.Sentence(nil), ex.Sentences...)
		for j := range e.Speeches {
			e.Speeches[j].Symbol, e.Speeches[j].ID = sym, unpv.SpeechID(sym, e.Speeches[j].Seq)
		}
		for j := range e.Sentences {
			e.Sentences[j].SpeechID = strings.Replace(e.Sentences[j].SpeechID, "S/PV.8699", sym, 1)
			e.Sentences[j].ID = strings.Replace(e.Sentences[j].ID, "S/PV.8699", sym, 1)
		}
		if err := s.ReplaceExtraction(ctx, "bench:"+sym, &e, StageState{InputHash: "x"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSharedMeetingStatement measures writing one general-debate
// statement again into a session whose meeting 200 statements hold (the
// meeting row is merged from all of their values on every write).
func BenchmarkSharedMeetingStatement(b *testing.B) {
	ctx := context.Background()
	const gd, statements = "A/73/PV (general debate)", 200
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	statement := func(seq int) *Extraction {
		m := unpv.Meeting{Symbol: gd, Body: unpv.GeneralAssembly, Meeting: gd, Session: 73, Date: "2018", Agenda: "General debate"}
		text := "We call on the United Nations to act."
		return &Extraction{Meeting: m,
			Speeches: []unpv.Speech{{ID: unpv.SpeechID(gd, seq), Symbol: gd, Body: m.Body, Meeting: gd, Date: m.Date, Seq: seq,
				DelegationCode: fmt.Sprintf("X%02d", seq), Text: text}},
			Sentences: []unpv.Sentence{{ID: unpv.SentenceID(unpv.SpeechID(gd, seq), 1), SpeechID: unpv.SpeechID(gd, seq), N: 1,
				End: len(text), Text: text}}}
	}
	for seq := 1; seq <= statements; seq++ {
		if err := s.ReplaceExtraction(ctx, fmt.Sprintf("ungdc:%s %d", gd, seq), statement(seq), StageState{InputHash: "x"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		seq := i%statements + 1
		if err := s.ReplaceExtraction(ctx, fmt.Sprintf("ungdc:%s %d", gd, seq), statement(seq), StageState{InputHash: "y"}); err != nil {
			b.Fatal(err)
		}
	}
}
