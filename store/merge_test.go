package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestSharedMeetingMerge: two documents with speeches in one meeting (a
// record PDF and an imported record holding other turns, two general-debate
// statements) each write its meeting row; the store keeps one, merged by
// ReplaceExtraction's rules. A document that does not give a value (no
// agenda, no pages, no date, no session) leaves the other's; a date only as
// precise as the stored one's year or month leaves the stored day; values
// that differ otherwise are the later document's in key order, and a
// document extracted again with a corrected value replaces its old one.
func TestSharedMeetingMerge(t *testing.T) {
	const sc, gd = "S/PV.8422", "A/73/PV (general debate)"
	meeting := func(sym string) unpv.Meeting {
		if sym == gd {
			return unpv.Meeting{Symbol: gd, Body: unpv.GeneralAssembly, Meeting: gd, Session: 73, Date: "2018", Agenda: "General debate"}
		}
		return unpv.Meeting{Symbol: sc, Body: unpv.SecurityCouncil, Meeting: sc, Date: "2018-12-13",
			Agenda: "The situation in the Middle East", Pages: 9}
	}
	type write struct {
		doc  string
		edit func(*unpv.Meeting)
	}
	// a and b are two documents; each writes the meeting as edit leaves it.
	a := func(edit func(*unpv.Meeting)) write { return write{"a", edit} }
	b := func(edit func(*unpv.Meeting)) write { return write{"b", edit} }
	same := func(*unpv.Meeting) {}
	tests := []struct {
		name   string
		symbol string
		writes []write
		want   func(*unpv.Meeting) // applied to meeting(symbol)
	}{
		{"agenda only in the first", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Agenda = "" })}, same},
		{"agenda only in the second", sc,
			[]write{a(func(m *unpv.Meeting) { m.Agenda = "" }), b(same)}, same},
		{"pages from both: the most", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Pages = 4 })}, same},
		{"pages only in the second", sc,
			[]write{a(func(m *unpv.Meeting) { m.Pages = 0 }), b(same)}, same},
		{"agendas differ: the later", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Agenda = "Threats to international peace and security" })},
			func(m *unpv.Meeting) { m.Agenda = "Threats to international peace and security" }},
		{"date only in the first", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "" })}, same},
		{"a year after the day", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "2018" })}, same},
		{"a month after the day", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "2018-12" })}, same},
		{"the day after its year", gd,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "2018-09-25" })},
			func(m *unpv.Meeting) { m.Date = "2018-09-25" }},
		{"days differ: the later", sc,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "2018-12-14" })},
			func(m *unpv.Meeting) { m.Date = "2018-12-14" }},
		{"another year: the later", gd,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Date = "2019" })},
			func(m *unpv.Meeting) { m.Date = "2019" }},
		{"session only in the first", gd,
			[]write{a(same), b(func(m *unpv.Meeting) { m.Session = 0 })}, same},
		{"extracted again with its agenda corrected", sc,
			[]write{a(func(m *unpv.Meeting) { m.Agenda = "The situation in the Middle Eest" }),
				b(func(m *unpv.Meeting) { m.Agenda = "" }), a(same)}, same},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTestStore(t)
			for i, w := range tt.writes {
				m := meeting(tt.symbol)
				w.edit(&m)
				seq := 1
				if w.doc == "b" {
					seq = 2
				}
				sp := unpv.Speech{ID: unpv.SpeechID(m.Symbol, seq), Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting,
					Date: m.Date, Seq: seq, DelegationCode: "RUS", Text: "Text."}
				ex := &Extraction{Meeting: m, Speeches: []unpv.Speech{sp}}
				if err := s.ReplaceExtraction(ctx, w.doc, ex, StageState{InputHash: fmt.Sprint(i)}); err != nil {
					t.Fatal(err)
				}
			}
			want := meeting(tt.symbol)
			tt.want(&want)
			got, err := s.Meeting(ctx, tt.symbol)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("meeting after %d writes (-want +got):\n%s", len(tt.writes), diff)
			}
		})
	}
}

// TestSharedMeetingRemove: the meeting row of a meeting two documents hold
// reflects only the documents that still hold it. A value only a removed,
// quarantined or re-extracted document gave leaves the row (before schema
// 7 it stayed, merged in, while the other document held the meeting), and
// the last document out removes the meeting.
func TestSharedMeetingRemove(t *testing.T) {
	const sym = "S/PV.8422"
	full := unpv.Meeting{Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym, Date: "2018-12-13",
		Agenda: "The situation in the Middle East", Pages: 9}
	// b is an import of other turns of the meeting: the month, no agenda, fewer pages.
	part := unpv.Meeting{Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym, Date: "2018-12", Pages: 4}
	ctx := context.Background()
	write := func(t *testing.T, s *Store, doc string, m unpv.Meeting) {
		t.Helper()
		seq := map[string]int{"a": 1, "b": 2}[doc]
		sp := unpv.Speech{ID: unpv.SpeechID(sym, seq), Symbol: sym, Body: m.Body, Meeting: sym, Date: m.Date, Seq: seq,
			DelegationCode: "RUS", Text: "Text."}
		if err := s.ReplaceExtraction(ctx, doc, &Extraction{Meeting: m, Speeches: []unpv.Speech{sp}}, StageState{InputHash: doc}); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(t *testing.T, s *Store, doc string) {
		t.Helper()
		if err := s.DeleteSource(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	agenda := func(a string) unpv.Meeting { m := full; m.Agenda = a; return m }
	// a, the record, and then b write the meeting; then the change.
	tests := []struct {
		name string
		b    unpv.Meeting
		then func(t *testing.T, s *Store)
		want *unpv.Meeting // nil: no meeting
	}{
		{"the record removed: the import's values only", part,
			func(t *testing.T, s *Store) { remove(t, s, "a") }, &part},
		{"the import removed: the record's values", part,
			func(t *testing.T, s *Store) { remove(t, s, "b") }, &full},
		{"the record quarantined", part, func(t *testing.T, s *Store) {
			if err := s.Quarantine(ctx, StageState{Document: "a", Stage: StageExtract, InputHash: "x"}, "bad"); err != nil {
				t.Fatal(err)
			}
		}, &part},
		{"the record extracted again without its agenda", part,
			func(t *testing.T, s *Store) { write(t, s, "a", agenda("")) },
			&unpv.Meeting{Symbol: sym, Body: unpv.SecurityCouncil, Meeting: sym, Date: "2018-12-13", Pages: 9}},
		{"the later of two agendas removed: the other's again", agenda("Threats to international peace and security"),
			func(t *testing.T, s *Store) { remove(t, s, "b") }, &full},
		{"the last one out", part, func(t *testing.T, s *Store) {
			remove(t, s, "b")
			remove(t, s, "a")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTestStore(t)
			write(t, s, "a", full)
			write(t, s, "b", tt.b)
			tt.then(t, s)
			got, err := s.Meeting(ctx, sym)
			if tt.want == nil {
				if !errors.Is(err, unpv.ErrNotFound) {
					t.Errorf("meeting %+v, %v; want none", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(*tt.want, got); diff != "" {
				t.Errorf("meeting (-want +got):\n%s", diff)
			}
		})
	}
}
