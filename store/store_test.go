package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// storeFixture is a small extraction modelled on S/PV.8422 (real speaker
// labels and vote lists, text shortened).
func storeFixture() *Extraction {
	m := unpv.Meeting{Symbol: "S/PV.8422", Body: unpv.SecurityCouncil, Meeting: "S/PV.8422", Date: "2018-12-13",
		Agenda: "The situation in the Middle East", Pages: 9}
	sp := func(seq int, label, name, del, code string, role unpv.Role, text string) unpv.Speech {
		return unpv.Speech{ID: unpv.SpeechID(m.Symbol, seq), Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting,
			Date: m.Date, Seq: seq, Speaker: label, SpeakerName: name, Delegation: del, DelegationCode: code,
			Role: role, Language: "", Text: text}
	}
	sps := []unpv.Speech{
		sp(1, "The President", "The President", "", "", unpv.RolePresident, "The meeting is called to order."),
		sp(2, "Mr. Nebenzia (Russian Federation)", "Mr. Nebenzia", "Russian Federation", "RUS", unpv.RoleMember,
			"We abstained. The CSTO is a key partner of the United Nations."),
	}
	ses := []unpv.Sentence{
		{ID: unpv.SentenceID(sps[0].ID, 1), SpeechID: sps[0].ID, N: 1, Start: 0, End: 31, Text: "The meeting is called to order."},
		{ID: unpv.SentenceID(sps[1].ID, 1), SpeechID: sps[1].ID, N: 1, Start: 0, End: 13, Text: "We abstained."},
		{ID: unpv.SentenceID(sps[1].ID, 2), SpeechID: sps[1].ID, N: 2, Start: 14, End: 62, Text: "The CSTO is a key partner of the United Nations."},
	}
	votes := []unpv.Vote{{Symbol: m.Symbol, Draft: "S/2018/1103", InFavour: []string{"Bolivia", "China", "Côte d'Ivoire"},
		Against: []string{}, Abstaining: []string{"Russian Federation", "Kazakhstan"}, TotalInFavour: 13, TotalAgainst: 0,
		TotalAbstaining: 2, Outcome: "adopted", Mismatch: "lists name 3 in favour, total says 13"}}
	evs := []unpv.Event{{Symbol: m.Symbol, After: 0, Kind: "called_to_order", Time: "10.05 a.m.", Text: "The meeting was called to order at 10.05 a.m."}}
	return &Extraction{Meeting: m, Speeches: sps, Sentences: ses, Votes: votes, Events: evs}
}

func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	ex := storeFixture()
	if _, err := s.PutSource(ctx, Source{Document: "pdf:S/PV.8422", Kind: KindPDF, Symbol: "S/PV.8422", SHA256: "aa"}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceExtraction(ctx, "pdf:S/PV.8422", ex, StageState{InputHash: "aa", Version: "x1", OutputHash: "o1"}); err != nil {
		t.Fatal(err)
	}
	st := unpv.Stance{SentenceID: ex.Sentences[2].ID, Target: "CSTO", Label: unpv.Recognition, Confidence: 0.9,
		Evidence: "key partner", Relation: unpv.RelMember, Model: "m1"}
	mn := unpv.Mention{SentenceID: ex.Sentences[2].ID, Target: "CSTO", Surface: "CSTO", Start: 4, End: 8}
	if err := s.ReplaceClassification(ctx, "pdf:S/PV.8422", []unpv.Mention{mn}, []unpv.Stance{st}, StageState{InputHash: "o1", Version: "m1"}); err != nil {
		t.Fatal(err)
	}

	gotM, err := s.Meeting(ctx, "S/PV.8422")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ex.Meeting, gotM); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
	ms, _ := s.Meetings(ctx)
	if len(ms) != 1 {
		t.Errorf("Meetings: %d, want 1", len(ms))
	}
	var sps []unpv.Speech
	if err := s.EachSpeech(ctx, func(sp unpv.Speech) error { sps = append(sps, sp); return nil }); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ex.Speeches, sps); diff != "" {
		t.Errorf("speeches (-want +got):\n%s", diff)
	}
	one, err := s.Speech(ctx, "S/PV.8422#2")
	if err != nil || one.DelegationCode != "RUS" {
		t.Errorf("Speech: %+v, %v", one, err)
	}
	if _, err := s.Speech(ctx, "S/PV.1#1"); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("absent speech: %v, want ErrNotFound", err)
	}
	if _, err := s.Meeting(ctx, "S/PV.1"); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("absent meeting: %v, want ErrNotFound", err)
	}
	sents, _ := s.DocumentSentences(ctx, "pdf:S/PV.8422")
	if diff := cmp.Diff(ex.Sentences[1:], sents["S/PV.8422#2"]); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	votes, err := s.Votes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ex.Votes, votes); diff != "" {
		t.Errorf("votes (-want +got):\n%s", diff)
	}
	evs, _ := s.Events(ctx, "S/PV.8422")
	if diff := cmp.Diff(ex.Events, evs); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	var rows []StanceRow
	if err := s.EachStance(ctx, func(r StanceRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []StanceRow{{Stance: st, SpeechID: "S/PV.8422#2", Symbol: "S/PV.8422", Meeting: "S/PV.8422", Date: "2018-12-13",
		Speaker: "Mr. Nebenzia (Russian Federation)", SpeakerName: "Mr. Nebenzia", Delegation: "Russian Federation",
		DelegationCode: "RUS", Agenda: "The situation in the Middle East", Sentence: ex.Sentences[2].Text,
		Body: unpv.SecurityCouncil, Role: unpv.RoleMember}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("stance rows (-want +got):\n%s", diff)
	}
	// The researcher-facing view agrees with EachStance.
	var n int
	var label string
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(label) FROM stance_rows WHERE delegation_code = 'RUS'`).Scan(&n, &label); err != nil || n != 1 || label != "recognition" {
		t.Errorf("stance_rows view: n=%d label=%q err=%v", n, label, err)
	}
}

// TestStoreEmergencySession: a meeting of an emergency special session
// reads back with its emergency session, which the store reads from the
// symbol (with un.EmergencySession), and the regular session it met during; a
// regular meeting's is 0.
func TestStoreEmergencySession(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	ex := storeFixture()
	es := unpv.Meeting{Symbol: "A/ES-11/PV.5 (Resumption 1)", Body: unpv.GeneralAssembly, Meeting: "A/ES-11/PV.5",
		Resumption: 1, Session: 76, Emergency: 11, Date: "2022-03-02", Agenda: "Letter dated 28 February 2022", Pages: 31}
	sp := ex.Speeches[1]
	sp.ID, sp.Symbol, sp.Body, sp.Meeting, sp.Resumption, sp.Date = unpv.SpeechID(es.Symbol, 2), es.Symbol, es.Body, es.Meeting, 1, es.Date
	for doc, e := range map[string]*Extraction{"pdf:S/PV.8422": ex, "pdf:" + es.Symbol: {Meeting: es, Speeches: []unpv.Speech{sp}}} {
		if err := s.ReplaceExtraction(ctx, doc, e, StageState{InputHash: "aa", Version: "x1"}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Meeting(ctx, es.Symbol)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(es, got); d != "" {
		t.Errorf("meeting (-want +got):\n%s", d)
	}
	all, err := s.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]unpv.Meeting{ex.Meeting, es}, all); d != "" {
		t.Errorf("meetings (-want +got):\n%s", d)
	}
}

func TestStoreReplaceDeletesSuperseded(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	ex := storeFixture()
	doc := "pdf:S/PV.8422"
	if err := s.ReplaceExtraction(ctx, doc, ex, StageState{InputHash: "a", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceClassification(ctx, doc, nil, []unpv.Stance{{SentenceID: ex.Sentences[2].ID, Target: "CSTO",
		Label: unpv.Neutral}}, StageState{InputHash: "x", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	// A new extraction with one speech fewer: the old speech, its sentences
	// and its stances must all go, and the classify state with them.
	ex2 := storeFixture()
	ex2.Speeches = ex2.Speeches[:1]
	ex2.Sentences = ex2.Sentences[:1]
	if err := s.ReplaceExtraction(ctx, doc, ex2, StageState{InputHash: "b", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Counts(ctx)
	if c["speeches"] != 1 || c["sentences"] != 1 || c["stances"] != 0 || c["votes"] != 1 || c["vote_positions"] != 5 {
		t.Errorf("counts after replace: %v", c)
	}
	states, _ := s.StageStates(ctx, StageClassify)
	if len(states) != 0 {
		t.Errorf("classify state survived a new extraction: %v", states)
	}
	// Removing the source removes everything, the orphaned meeting included.
	if err := s.DeleteSource(ctx, doc); err != nil {
		t.Fatal(err)
	}
	c, _ = s.Counts(ctx)
	for _, tbl := range []string{"meetings", "speeches", "sentences", "votes", "vote_positions", "events", "stage_state"} {
		if c[tbl] != 0 {
			t.Errorf("%s: %d rows left after DeleteSource", tbl, c[tbl])
		}
	}
}

func TestStoreSharedMeetingAndConflict(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	gd := func(code string, seq int) *Extraction {
		m := unpv.Meeting{Symbol: "A/73/PV (general debate)", Body: unpv.GeneralAssembly, Meeting: "A/73/PV (general debate)", Session: 73, Date: "2018"}
		sp := unpv.Speech{ID: unpv.SpeechID(m.Symbol, seq), Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting, Date: m.Date, Seq: seq, DelegationCode: code, Text: "Text."}
		return &Extraction{Meeting: m, Speeches: []unpv.Speech{sp}}
	}
	if err := s.ReplaceExtraction(ctx, "ungdc:ARM_73_2018", gd("ARM", 1), StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceExtraction(ctx, "ungdc:RUS_73_2018", gd("RUS", 2), StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}
	err := s.ReplaceExtraction(ctx, "ungdc:XXX_73_2018", gd("XXX", 2), StageState{InputHash: "c"})
	if !errors.Is(err, ErrConflict) || !errors.Is(err, unpv.ErrBadDocument) {
		t.Fatalf("duplicate speech ID from another document: %v, want ErrConflict", err)
	}
	// The failed transaction left nothing behind.
	if sp, err := s.Speech(ctx, "A/73/PV (general debate)#2"); err != nil || sp.DelegationCode != "RUS" {
		t.Errorf("speech #2 after conflict: %+v %v", sp, err)
	}
	if err := s.DeleteSource(ctx, "ungdc:ARM_73_2018"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Meeting(ctx, "A/73/PV (general debate)"); err != nil {
		t.Errorf("shared meeting removed while another statement still uses it: %v", err)
	}
	if err := s.DeleteSource(ctx, "ungdc:RUS_73_2018"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Meeting(ctx, "A/73/PV (general debate)"); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("orphaned meeting kept: %v", err)
	}
}

func TestStoreQuarantineAndRuns(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	doc := "pdf:S/PV.8422"
	if err := s.ReplaceExtraction(ctx, doc, storeFixture(), StageState{InputHash: "a", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Quarantine(ctx, StageState{Document: doc, Stage: StageExtract, InputHash: "b", Version: "1"}, "not a PDF"); err != nil {
		t.Fatal(err)
	}
	q, _ := s.Quarantined(ctx)
	if len(q) != 1 || q[0].Reason != "not a PDF" || q[0].Stage != StageExtract {
		t.Errorf("quarantine: %+v", q)
	}
	if c, _ := s.Counts(ctx); c["speeches"] != 0 {
		t.Errorf("stale speeches of a quarantined document kept: %d", c["speeches"])
	}
	// A later success clears the quarantine entry.
	if err := s.ReplaceExtraction(ctx, doc, storeFixture(), StageState{InputHash: "c", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.Quarantined(ctx); len(q) != 0 {
		t.Errorf("quarantine kept after success: %+v", q)
	}

	// A document extracted again loses a later stage's quarantine entry with
	// that stage's rows: its classification is done again, and until then
	// status and the run's exit code must not report it as quarantined.
	if err := s.Quarantine(ctx, StageState{Document: doc, Stage: StageClassify, InputHash: "o", Version: "1"}, "classifier panicked"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceExtraction(ctx, doc, storeFixture(), StageState{InputHash: "d", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.Quarantined(ctx); len(q) != 0 {
		t.Errorf("classify quarantine kept after the document was extracted again: %+v", q)
	}
	if states, _ := s.StageStates(ctx, StageClassify); len(states) != 0 {
		t.Errorf("classify state kept after the document was extracted again: %+v", states)
	}

	id, err := s.StartRun(ctx, "run", 42)
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := s.StartRun(ctx, "run", 43) // the first was never finished: it was killed
	if err := s.FinishRun(ctx, id2, RunOK, "", []RunStage{{Stage: "extract", Processed: 2, Skipped: 1}}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != id2 || runs[0].Status != RunOK || runs[1].ID != id || runs[1].Status != RunKilled ||
		len(runs[0].Stages) != 1 || runs[0].Stages[0].Processed != 2 {
		t.Errorf("runs: %+v", runs)
	}
}

func TestStoreReopenAndDump(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceExtraction(ctx, "d", storeFixture(), StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	if err := s.Dump(ctx, &a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Reopening applies no migration twice and keeps the data.
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("schema version %d, want %d", v, SchemaVersion())
	}
	// Rewriting the same extraction later dumps identically (timestamps are left out).
	if err := s.ReplaceExtraction(ctx, "d", storeFixture(), StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.Dump(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a.String(), b.String()); diff != "" {
		t.Errorf("dump changed (-first +second):\n%s", diff)
	}
	if !bytes.Contains(a.Bytes(), []byte(`"table":"speeches"`)) {
		t.Errorf("dump has no speeches")
	}
	if _, err := filepath.Glob(filepath.Join(dir, File)); err != nil {
		t.Fatal(err)
	}
}

// Sentences are stored as offsets in their speech's text: any number of
// them comes back whole and in order, with its text; a sentence that is not
// its speech's text between its offsets, or out of order, is refused (the
// store would lose what the stage said).
func TestStoreSentenceSpans(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	for _, n := range []int{0, 1, 63, 64, 65, 197} {
		ex := storeFixture()
		ex.Sentences = nil
		sp := &ex.Speeches[1]
		sp.Text = strings.Repeat("Yes. ", n)
		for i := 1; i <= n; i++ {
			start := 5 * (i - 1)
			ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, i), SpeechID: sp.ID, N: i,
				Start: start, End: start + 4, Text: "Yes."})
		}
		if err := s.ReplaceExtraction(ctx, "pdf:S/PV.8422", ex, StageState{InputHash: "a"}); err != nil {
			t.Fatalf("%d sentences: %v", n, err)
		}
		got, err := s.Sentences(ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ex.Sentences, got); n > 0 && diff != "" {
			t.Errorf("%d sentences (-want +got):\n%s", n, diff)
		}
		if n == 0 && len(got) != 0 {
			t.Errorf("0 sentences: got %d", len(got))
		}
		if c, _ := s.Counts(ctx); c["sentences"] != int64(n) {
			t.Errorf("%d sentences: counted %d", n, c["sentences"])
		}
	}
	for name, edit := range map[string]func(*Extraction){
		"text not the speech's": func(ex *Extraction) { ex.Sentences[1].Text = "We abstained!" },
		"offsets past the text": func(ex *Extraction) { ex.Sentences[2].End = 1000 },
		"numbered out of order": func(ex *Extraction) { ex.Sentences[1].N, ex.Sentences[2].N = 2, 1 },
		"speech not in the document": func(ex *Extraction) {
			ex.Sentences[0].SpeechID = "S/PV.1#1"
		},
	} {
		ex := storeFixture()
		edit(ex)
		if err := s.ReplaceExtraction(ctx, "pdf:S/PV.8422", ex, StageState{InputHash: "b"}); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
}

// migrated writes a store with the first version migrations only, then
// opens it with them all, checks that the data did not change and returns
// it.
func migrated(t *testing.T, version int, write func(*Store) error) *Store {
	t.Helper()
	s, before, after := migrateFrom(t, version, write)
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("migration from version %d changed the data (-before +after):\n%s", version, d)
	}
	return s
}

// migrateFrom writes a store with the first version migrations only, then
// opens it with them all; it returns the store and its dumps before and
// after the migration, the latter of the tables and columns the older
// version had (a later version's new tables and columns are its own
// test's).
func migrateFrom(t *testing.T, version int, write func(*Store) error) (s *Store, before, after string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	migrations = all[:version]
	s, err := Open(ctx, dir)
	if err == nil {
		err = write(s)
	}
	var b bytes.Buffer
	had := map[string]bool{}
	if err == nil {
		s.Dump(ctx, &b)
		// The columns each table had, as the dump names them.
		for line := range strings.Lines(b.String()) {
			var row map[string]any
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatal(err)
			}
			for c := range row {
				had[row["table"].(string)+"."+c] = true
			}
		}
		var tables []string
		if tables, err = s.strings(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'`); err == nil {
			for _, name := range tables {
				had[name] = true
			}
		}
		s.Close()
	}
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var a bytes.Buffer
	s.Dump(ctx, &a)
	var kept strings.Builder
	for line := range strings.Lines(a.String()) {
		var row map[string]any
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		table, _ := row["table"].(string)
		if !had[table] {
			continue
		}
		for c := range row {
			if !had[table+"."+c] && strings.Contains(b.String(), `"table":"`+table+`"`) {
				delete(row, c)
			}
		}
		kept.Write(jsonLine(t, row))
	}
	return s, b.String(), kept.String()
}

// jsonLine is row as Dump writes it.
func jsonLine(t *testing.T, row map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestMigrateFromV1 opens a store written by schema version 1 (before the
// date precision and record columns) with the current schema: the data stays,
// and the views gain date_precision, session and record.
func TestMigrateFromV1(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	migrations = all[:1]
	s, err := Open(ctx, dir)
	if err != nil {
		migrations = all
		t.Fatal(err)
	}
	gd := unpv.Meeting{Symbol: "A/70/PV (general debate)", Body: unpv.GeneralAssembly, Meeting: "A/70/PV (general debate)", Session: 70, Date: "2015"}
	gdSpeech := func(seq int, meeting, date string) unpv.Speech {
		return unpv.Speech{ID: unpv.SpeechID(gd.Symbol, seq), Symbol: gd.Symbol, Body: gd.Body, Meeting: meeting, Date: date,
			Seq: seq, DelegationCode: "ARM", Role: unpv.RoleMember, Text: "Armenia speaks."}
	}
	ex := &Extraction{Meeting: gd, Speeches: []unpv.Speech{gdSpeech(1157, "A/70/PV.17", "2015-09-29"), gdSpeech(1357, gd.Symbol, "2015")}}
	for _, e := range []*Extraction{storeFixture(), ex} {
		writeV1(t, s, e.Meeting.Symbol, e, nil, nil)
	}
	before := v1Dump(t, s)
	s.Close()
	migrations = all

	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if d := cmp.Diff(before, v1Dump(t, s)); d != "" {
		t.Errorf("migration changed the data (-before +after):\n%s", d)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, date, date_precision, session, record FROM speech_rows ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, date, prec, rec string
		var session int
		if err := rows.Scan(&id, &date, &prec, &session, &rec); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %d %q", id, date, prec, session, rec))
	}
	want := []string{
		`A/70/PV (general debate)#1157 2015-09-29 day 70 "A/70/PV.17"`,
		`A/70/PV (general debate)#1357 2015 year 70 ""`,
		`S/PV.8422#1 2018-12-13 day 0 "S/PV.8422"`,
		`S/PV.8422#2 2018-12-13 day 0 "S/PV.8422"`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("speech_rows (-want +got):\n%s", d)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stance_rows WHERE date_precision = '' OR record IS NULL`).Scan(&n); err != nil {
		t.Errorf("stance_rows lacks the new columns: %v", err)
	}
	// What the store holds, per record, meeting, date and delegation.
	held, err := s.Coverage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantHeld := []Held{
		{Symbol: gd.Symbol, Meeting: gd.Symbol, Date: "2015", DelegationCode: "ARM", Body: unpv.GeneralAssembly, Speeches: 1},
		{Symbol: gd.Symbol, Meeting: "A/70/PV.17", Date: "2015-09-29", DelegationCode: "ARM", Body: unpv.GeneralAssembly, Speeches: 1},
		{Symbol: "S/PV.8422", Meeting: "S/PV.8422", Date: "2018-12-13", Body: unpv.SecurityCouncil, Speeches: 1, Sentences: 1},
		{Symbol: "S/PV.8422", Meeting: "S/PV.8422", Date: "2018-12-13", DelegationCode: "RUS", Body: unpv.SecurityCouncil, Speeches: 1, Sentences: 2},
	}
	if d := cmp.Diff(wantHeld, held); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}
}
