package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestSplitSource: a general-debate session stored as one document becomes
// one document per statement in one transaction: the speeches each
// statement keeps move to it with their sentences and stances (a command
// that splits but does not extract, such as 'unpv index' on an older store,
// left the statements out of the index until the next run), the session's
// other speeches, states and quarantine go with it, the statements come in
// with the session's origin, and a split that cannot be written leaves the
// session as it was.
func TestSplitSource(t *testing.T) {
	const session = "ungdc:A/79/PV (general debate)"
	m := unpv.Meeting{Symbol: "A/79/PV (general debate)", Body: unpv.GeneralAssembly, Meeting: "A/79/PV (general debate)",
		Session: 79, Date: "2024", Agenda: "General debate"}
	statement := func(code string, seq int, text string) unpv.Speech { // seq: corpora.DelegationSeq(code)
		return unpv.Speech{ID: unpv.SpeechID(m.Symbol, seq), Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting, Date: "2024",
			Seq: seq, DelegationCode: code, Role: unpv.RoleMember, Text: text}
	}
	kaz := statement("KAZ", 7488, "Kazakhstan supports the Shanghai Cooperation Organisation.")
	rus := statement("RUS", 12733, "The CSTO contributes to stability in Central Asia.")
	part := func(code, sum string) Source {
		return Source{Document: session + " " + code, Kind: KindRecord, Symbol: m.Symbol, Origin: "import", SHA256: sum, RawPath: "raw/" + sum}
	}
	keep := map[string][]string{session + " KAZ": {kaz.ID}, session + " RUS": {rus.ID}}
	tests := []struct {
		name      string
		parts     []Source
		keep      map[string][]string
		wantErr   bool
		wantDocs  []string
		wantSpchs map[string]string // speech → document, after
	}{
		{"two statements", []Source{part("KAZ", "k1"), part("RUS", "r1")}, keep, false,
			[]string{session + " KAZ", session + " RUS"}, map[string]string{kaz.ID: session + " KAZ", rus.ID: session + " RUS"}},
		{"one statement keeps its speech", []Source{part("KAZ", "k1"), part("RUS", "r1")}, map[string][]string{session + " RUS": {rus.ID}}, false,
			[]string{session + " KAZ", session + " RUS"}, map[string]string{rus.ID: session + " RUS"}},
		{"none kept", []Source{part("KAZ", "k1"), part("RUS", "r1")}, nil, false,
			[]string{session + " KAZ", session + " RUS"}, map[string]string{}},
		{"a part without hash: nothing changes", []Source{part("KAZ", "k1"), part("RUS", "")}, keep, true,
			[]string{session}, map[string]string{kaz.ID: session, rus.ID: session}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTestStore(t)
			if _, err := s.PutSource(ctx, Source{Document: session, Kind: KindRecord, Symbol: m.Symbol, Origin: "import", SHA256: "s1"}); err != nil {
				t.Fatal(err)
			}
			ex := &Extraction{Meeting: m, Speeches: []unpv.Speech{kaz, rus}, Sentences: []unpv.Sentence{
				{ID: unpv.SentenceID(kaz.ID, 1), SpeechID: kaz.ID, N: 1, Start: 0, End: len(kaz.Text), Text: kaz.Text},
				{ID: unpv.SentenceID(rus.ID, 1), SpeechID: rus.ID, N: 1, Start: 0, End: len(rus.Text), Text: rus.Text}}}
			if err := s.ReplaceExtraction(ctx, session, ex, StageState{InputHash: "s1", Version: "x", OutputHash: "o1"}); err != nil {
				t.Fatal(err)
			}
			err := s.SplitSource(ctx, session, tt.parts, tt.keep)
			if (err != nil) != tt.wantErr {
				t.Fatalf("SplitSource: %v, want error %v", err, tt.wantErr)
			}
			srcs, err := s.Sources(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var docs []string
			for _, src := range srcs {
				docs = append(docs, src.Document)
				if src.Origin != "import" {
					t.Errorf("%s: origin %q, want the session's", src.Document, src.Origin)
				}
			}
			if diff := cmp.Diff(tt.wantDocs, docs); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			spchs := map[string]string{}
			sentences := 0
			for _, d := range docs {
				sps, err := s.DocumentSpeeches(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				for _, sp := range sps {
					spchs[sp.ID] = d
				}
				sts, err := s.DocumentSentences(ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				sentences += len(sts)
			}
			if diff := cmp.Diff(tt.wantSpchs, spchs); diff != "" {
				t.Errorf("speeches → documents (-want +got):\n%s", diff)
			}
			if sentences != len(tt.wantSpchs) {
				t.Errorf("%d sentences, want one per speech kept", sentences)
			}
			states, _ := s.StageStates(ctx, StageExtract)
			if _, had := states[session]; had != tt.wantErr {
				t.Errorf("extract state of the session kept: %v", had)
			}
			if _, err := s.Meeting(ctx, m.Symbol); (len(tt.wantSpchs) == 0) != errors.Is(err, unpv.ErrNotFound) {
				t.Errorf("session meeting: %v", err)
			}
		})
	}
}

// TestPutSourceBytes: recording a source again with the same content keeps
// the row but takes a size it did not know (a statement split from a stored
// session has none until it is imported again), and never forgets one.
func TestPutSourceBytes(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	src := Source{Document: "ungdc:A/79/PV (general debate) RUS", Kind: KindRecord, Origin: "bundled", SHA256: "r1"}
	tests := []struct {
		name        string
		bytes       int64
		wantChanged bool
		want        int64
	}{
		{"split: size unknown", 0, true, 0},
		{"imported again: size known", 21930, false, 21930},
		{"split again: size kept", 0, false, 21930},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src.Bytes = tt.bytes
			changed, err := s.PutSource(ctx, src)
			if err != nil || changed != tt.wantChanged {
				t.Fatalf("PutSource: changed %v, %v; want changed %v", changed, err, tt.wantChanged)
			}
			got, err := s.Source(ctx, src.Document)
			if err != nil || got.Bytes != tt.want {
				t.Errorf("bytes %d, %v; want %d", got.Bytes, err, tt.want)
			}
		})
	}
}

// TestCompactIfSparse: the store is vacuumed when a quarter or more of it
// is free pages (more than 1 MiB), as a run killed while compacting after
// moving records' JSON out leaves it (the next run had nothing left to move
// and kept the file at its size), and not otherwise.
func TestCompactIfSparse(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		keep, drop  int // records of 512 KiB kept and removed
		wantCompact bool
	}{
		{"most removed", 1, 6, true},
		{"a third removed", 6, 3, true}, // a quarter or more (docs/store.md), not only half
		{"little removed", 12, 1, false},
		{"nothing removed", 3, 0, false},
		{"small store", 0, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTestStore(t)
			content := bytes.Repeat([]byte("x"), 512<<10)
			for i := range tc.keep + tc.drop {
				content[0] = byte('a' + i)
				src := Source{Document: fmt.Sprintf("test:%d", i), Kind: KindRecord, Symbol: "S/PV.1", SHA256: fmt.Sprint(i), Content: content}
				if _, err := s.PutSource(ctx, src); err != nil {
					t.Fatal(err)
				}
			}
			for i := range tc.drop {
				if err := s.DeleteSource(ctx, fmt.Sprintf("test:%d", tc.keep+i)); err != nil {
					t.Fatal(err)
				}
			}
			before := fileSize(t, s.Dir())
			done, err := s.CompactIfSparse(ctx)
			if err != nil || done != tc.wantCompact {
				t.Fatalf("CompactIfSparse: %v, %v; want %v", done, err, tc.wantCompact)
			}
			after := fileSize(t, s.Dir())
			if tc.wantCompact && after > before/2 {
				t.Errorf("compacted from %d to %d bytes", before, after)
			}
			if done, err := s.CompactIfSparse(ctx); done || err != nil {
				t.Errorf("again: %v, %v", done, err)
			}
			if srcs, _ := s.Sources(ctx); len(srcs) != tc.keep {
				t.Errorf("%d sources, want %d", len(srcs), tc.keep)
			}
		})
	}
}
