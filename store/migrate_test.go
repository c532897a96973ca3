package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// writeV1 writes a document's extraction, mentions and stances as schema
// versions 1 and 2 held them (sentences with their text, mentions and
// stances by sentence id and document), for the migration tests.
func writeV1(t *testing.T, s *Store, doc string, ex *Extraction, ms []unpv.Mention, sts []unpv.Stance) {
	t.Helper()
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	m := ex.Meeting
	exec(`INSERT OR REPLACE INTO meetings(`+meetingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Symbol, string(m.Body), m.Meeting, m.Resumption, m.Session, m.Date, m.Agenda, m.Pages)
	for _, sp := range ex.Speeches {
		exec(`INSERT INTO speeches(document, `+speechCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			doc, sp.ID, sp.Symbol, string(sp.Body), sp.Meeting, sp.Resumption, sp.Date, sp.Seq, sp.Speaker, sp.SpeakerName,
			sp.Delegation, sp.DelegationCode, string(sp.Role), sp.Language, sp.OnBehalfOf, sp.Page, sp.Text)
	}
	for _, se := range ex.Sentences {
		exec(`INSERT INTO sentences(id, document, speech_id, n, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			se.ID, doc, se.SpeechID, se.N, se.Start, se.End, se.Text)
	}
	for _, x := range ms {
		sp, _ := unpv.SplitSentenceID(x.SentenceID)
		exec(`INSERT INTO mentions(sentence_id, speech_id, document, target, surface, start_offset, end_offset, coref)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, x.SentenceID, sp, doc, x.Target, x.Surface, x.Start, x.End, x.Coref)
	}
	for _, x := range sts {
		sp, _ := unpv.SplitSentenceID(x.SentenceID)
		exec(`INSERT INTO stances(sentence_id, speech_id, document, target, label, confidence, evidence, relation, model)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.SentenceID, sp, doc, x.Target, string(x.Label), x.Confidence, x.Evidence,
			string(x.Relation), x.Model)
	}
	exec(`INSERT INTO stage_state(document, stage, input_hash, stage_version, output_hash, status, done_at)
		VALUES (?, 'extract', 'in', 'v', 'out', 'done', 't')`, doc)
}

// writeV6 writes a document's extraction as schema versions 3 to 6 did:
// its meeting merged into the stored row, with no values per document
// (meeting_documents), for the migration tests.
func writeV6(s *Store, doc string, ex *Extraction) error {
	ctx := context.Background()
	return s.tx(ctx, func(tx *sql.Tx) error {
		m := ex.Meeting
		if _, err := tx.ExecContext(ctx, `INSERT INTO meetings(`+meetingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(symbol) DO UPDATE SET body = excluded.body, meeting = excluded.meeting,
			resumption = excluded.resumption,
			session = CASE WHEN excluded.session <> 0 THEN excluded.session ELSE meetings.session END,
			date = CASE WHEN excluded.date = '' OR substr(meetings.date, 1, length(excluded.date) + 1) = excluded.date || '-'
				THEN meetings.date ELSE excluded.date END,
			agenda = CASE WHEN excluded.agenda <> '' THEN excluded.agenda ELSE meetings.agenda END,
			pages = MAX(meetings.pages, excluded.pages)`,
			m.Symbol, string(m.Body), m.Meeting, m.Resumption, m.Session, m.Date, m.Agenda, m.Pages); err != nil {
			return err
		}
		if err := insertExtraction(ctx, tx, doc, ex); err != nil {
			return err
		}
		return putState(ctx, tx, StageState{Document: doc, Stage: StageExtract, InputHash: doc, Status: StatusDone})
	})
}

// v1Dump is what schema versions 1 and 2 held and the current one must
// still tell, in the shape they held it: meetings and speeches as rows,
// sentences with their text, mentions and stances by sentence id and
// document, and the stance_rows view.
func v1Dump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT ` + meetingCols + ` FROM meetings ORDER BY symbol`,
		`SELECT ` + speechCols + `, document FROM speeches ORDER BY id`,
		`SELECT id, document, speech_id, n, start_offset, end_offset, text FROM sentences ORDER BY id`,
		`SELECT m.speech_id || '.' || m.n, m.speech_id, sp.document, m.target, m.surface, m.start_offset, m.end_offset, m.coref
			FROM (SELECT * FROM mentions) m JOIN speeches sp ON sp.id = m.speech_id ORDER BY 1, 4, 6`,
		`SELECT x.speech_id || '.' || x.n, x.speech_id, sp.document, x.target, x.label, x.confidence, x.evidence, x.relation, x.model
			FROM (SELECT * FROM stances) x JOIN speeches sp ON sp.id = x.speech_id ORDER BY 1, 4`,
		`SELECT sentence_id, target, label, confidence, evidence, relation, model, speech_id, symbol, meeting, date, body,
			speaker, speaker_name, delegation, delegation_code, role, agenda, sentence FROM stance_rows ORDER BY 1, 2`,
		`SELECT * FROM stance_summary ORDER BY 1, 2, 3, 4`,
	} {
		if appliedVersion(t, s) < 3 {
			// The old tables have sentence_id and document of their own.
			q = strings.NewReplacer(
				`m.speech_id || '.' || m.n, m.speech_id, sp.document`, `m.sentence_id, m.speech_id, m.document`,
				`x.speech_id || '.' || x.n, x.speech_id, sp.document`, `x.sentence_id, x.speech_id, x.document`).Replace(q)
		}
		rows, err := s.db.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					vals[i] = string(bs)
				}
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// TestMigrateToV3 opens a store written by schema version 2 (sentences
// with their text, mentions and stances with sentence id and document)
// with the lean schema: everything it held reads back the same (sentences
// and stance_rows with their text), the freed pages are gone, and the
// stages' reads agree with the rows.
func TestMigrateToV3(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	defer func() { migrations = all }()
	s := openAtVersion(t, dir, 2)
	ex := storeFixture()
	long := strings.Repeat("The Collective Security Treaty Organization met again. ", 60)
	for i := 0; i < 300; i++ { // enough pages that the vacuum shows
		sp := ex.Speeches[1]
		sp.Seq, sp.ID, sp.Text = 100+i, unpv.SpeechID(sp.Symbol, 100+i), long
		ex.Speeches = append(ex.Speeches, sp)
		for n := 1; n <= 3; n++ {
			a := (n - 1) * 55
			ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, n), SpeechID: sp.ID, N: n,
				Start: a, End: a + 54, Text: long[a : a+54]})
		}
	}
	// In the order the store reads them back: by speech id, then sentence.
	ms := []unpv.Mention{{SentenceID: "S/PV.8422#150.3", Target: "CSTO", Surface: "Collective Security Treaty Organization", Start: 4, End: 43},
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Surface: "CSTO", Start: 4, End: 8}}
	sts := []unpv.Stance{{SentenceID: "S/PV.8422#150.3", Target: "CSTO", Label: unpv.Neutral, Confidence: 0.6, Model: "m1"},
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Label: unpv.Recognition, Confidence: 0.8,
			Evidence: "key partner", Relation: unpv.RelMember, Model: "m1"}}
	writeV1(t, s, "pdf:S/PV.8422", ex, ms, sts)
	before := v1Dump(t, s)
	s.Close()
	sizeBefore := fileSize(t, dir)

	migrations = all
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := appliedVersion(t, s); v != len(all) {
		t.Fatalf("schema %d after migrating", v)
	}
	if d := cmp.Diff(before, v1Dump(t, s)); d != "" {
		t.Errorf("migration changed what the store tells (-v2 +v3):\n%s", d)
	}
	var free int
	s.db.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free)
	if after := fileSize(t, dir); free != 0 || after >= sizeBefore {
		t.Errorf("after the migration: %d free pages, %d bytes (was %d)", free, after, sizeBefore)
	}
	// The stages read the same sentences, mentions and stances.
	got, err := s.DocumentSentences(ctx, "pdf:S/PV.8422")
	if err != nil {
		t.Fatal(err)
	}
	var flat []unpv.Sentence
	for _, sp := range ex.Speeches {
		flat = append(flat, got[sp.ID]...)
	}
	if d := cmp.Diff(ex.Sentences, flat); d != "" {
		t.Errorf("DocumentSentences (-written +read):\n%s", d)
	}
	gms, gsts, err := s.DocumentStances(ctx, "pdf:S/PV.8422", AppliedHandLabels{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(ms, gms); d != "" {
		t.Errorf("mentions (-written +read):\n%s", d)
	}
	if d := cmp.Diff(sts, gsts); d != "" {
		t.Errorf("stances (-written +read):\n%s", d)
	}
	texts, err := s.SpeechTexts(ctx, []string{"S/PV.8422#2", "S/PV.8422#2.2", "S/PV.8422#150.3", "S/PV.8422#150.9"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"S/PV.8422#2": ex.Speeches[1].Text, "S/PV.8422#2.2": ex.Sentences[2].Text,
		"S/PV.8422#150.3": long[110:164]}
	if d := cmp.Diff(want, texts); d != "" {
		t.Errorf("SpeechTexts (-want +got):\n%s", d)
	}
}

// TestMigrateToV3Refused: a store whose sentences are not their speech's
// text between their offsets cannot be held as offsets: the migration
// stops, the store stays at version 2 with its data.
func TestMigrateToV3Refused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	defer func() { migrations = all }()
	s := openAtVersion(t, dir, 2)
	ex := storeFixture()
	ex.Sentences[1].Text = "We abstained!"
	writeV1(t, s, "pdf:S/PV.8422", ex, nil, nil)
	before := v1Dump(t, s)
	s.Close()
	migrations = all
	_, err := Open(ctx, dir)
	if err == nil || !strings.Contains(err.Error(), "CHECK") {
		t.Fatalf("migration of a store it cannot hold: %v", err)
	}
	// SQLite names only the column ("CHECK constraint failed: ok"): the
	// error says which check failed, where, and where to read what to do.
	want := "a sentence's text is not its speech's text between its offsets: " + ex.Sentences[1].ID +
		", 1 in all, of the documents pdf:S/PV.8422; the store is left at version 2: docs/store.md#the-lean-store"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("refused migration: %v\nwant it to say %q", err, want)
	}
	s = openAtVersion(t, dir, 2)
	defer s.Close()
	if v := appliedVersion(t, s); v != 2 {
		t.Errorf("schema %d after the refused migration", v)
	}
	if d := cmp.Diff(before, v1Dump(t, s)); d != "" {
		t.Errorf("the refused migration changed the store:\n%s", d)
	}
}

func fileSize(t *testing.T, dir string) int64 {
	t.Helper()
	fi, err := os.Stat(Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	n := fi.Size()
	if w, err := os.Stat(Path(dir) + "-wal"); err == nil {
		n += w.Size()
	}
	return n
}

// appliedVersion is the schema version s was migrated to.
func appliedVersion(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// openAtVersion opens (creating) the store in dir with the first v
// migrations only; the caller restores migrations.
func openAtVersion(t *testing.T, dir string, v int) *Store {
	t.Helper()
	migrations = migrations[:v]
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReaderRefusesOlderSchema: a reader (OpenReadOnly) refuses a store of
// an older schema with an error wrapping ErrOlderSchema, which says that a
// run brings it up to date and leaves the store at its version; a newer
// schema is refused too, but not as older.
func TestReaderRefusesOlderSchema(t *testing.T) {
	ctx := context.Background()
	all := migrations
	defer func() { migrations = all }()
	for _, tc := range []struct {
		name      string
		have      int // the store's schema
		wantOlder bool
	}{
		{"version 1", 1, true},
		{"one migration behind", len(all) - 1, true},
		{"newer", len(all) + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.have > len(all) {
				// A newer unpv's store: this one's schema and one more version.
				migrations = all
				s, err := Open(ctx, dir)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.db.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (?, '2027-01-01T00:00:00Z')`, tc.have); err != nil {
					t.Fatal(err)
				}
				s.Close()
			} else {
				openAtVersion(t, dir, tc.have).Close()
				migrations = all
			}
			_, err := OpenReadOnly(ctx, dir)
			if err == nil {
				t.Fatal("opened")
			}
			if errors.Is(err, ErrOlderSchema) != tc.wantOlder {
				t.Errorf("%v: wraps ErrOlderSchema %v, want %v", err, !tc.wantOlder, tc.wantOlder)
			}
			if tc.wantOlder && !strings.Contains(err.Error(), "a run of this unpv, by a user who can write the store, brings it up to date") {
				t.Errorf("message: %v", err)
			}
			if tc.have <= len(all) {
				s, err := OpenExisting(ctx, dir) // a run: migrates it
				if err != nil {
					t.Fatal(err)
				}
				if v := appliedVersion(t, s); v != len(all) {
					t.Errorf("after a writer opened it: version %d", v)
				}
				s.Close()
			}
		})
	}
}

// TestMigrateRunLog walks every older schema version to the current one:
// the run log keeps its tallies, a stage logged before schema 6 counts no
// failed inputs and a run logged before schema 7 names no skipped inputs,
// and the failed count and skipped inputs of a stage logged after read
// back.
func TestMigrateRunLog(t *testing.T) {
	ctx := context.Background()
	for v := 1; v < len(migrations); v++ {
		t.Run(fmt.Sprintf("from %d", v), func(t *testing.T) {
			var id int64
			s := migrated(t, v, func(s *Store) (err error) {
				if id, err = s.StartRun(ctx, "run", 7); err != nil {
					return err
				}
				// As every version before 6 wrote it: no failed column.
				_, err = s.db.ExecContext(ctx, `INSERT INTO run_stages(run_id, stage, processed, skipped, quarantined, deleted, duration_ms)
					VALUES (?, 'fetch', 3, 4, 0, 1, 52)`, id)
				return err
			})
			if got := appliedVersion(t, s); got != len(migrations) {
				t.Errorf("schema %d after migrating, want %d", got, len(migrations))
			}
			runs, err := s.Runs(ctx, 1)
			if err != nil || len(runs) != 1 || runs[0].Skipped == nil || len(runs[0].Skipped) > 0 {
				t.Fatalf("runs: %+v %v; want one, skipping none", runs, err)
			}
			skipped := []SkippedInput{{Stage: "import in", Input: "/in/b/record.pdf", Reason: "b/record.pdf is document pdf:record.pdf, as a/record.pdf is"},
				{Stage: "import in", Input: "/in/c.pdf", Reason: "not a PDF"}}
			later := RunStage{Stage: "import in", Processed: 2, Failed: 2, Duration: 9 * time.Millisecond, Inputs: skipped}
			if err := s.RecordRunStage(ctx, id, later); err != nil {
				t.Fatal(err)
			}
			// As the runner does: the stages recorded once done, then all again.
			if err := s.FinishRun(ctx, id, RunPartial, "import in: 2 of 4 inputs were bad and skipped", []RunStage{later}); err != nil {
				t.Fatal(err)
			}
			if runs, err = s.Runs(ctx, 1); err != nil || len(runs) != 1 {
				t.Fatalf("runs: %v %v", runs, err)
			}
			want := []RunStage{{Stage: "fetch", Processed: 3, Skipped: 4, Deleted: 1, Duration: 52 * time.Millisecond, DurationMS: 52},
				{Stage: "import in", Processed: 2, Failed: 2, Duration: 9 * time.Millisecond, DurationMS: 9}}
			if d := cmp.Diff(want, runs[0].Stages); d != "" {
				t.Errorf("run log (-want +got):\n%s", d)
			}
			if d := cmp.Diff(skipped, runs[0].Skipped); d != "" {
				t.Errorf("skipped inputs (-want +got):\n%s", d)
			}
		})
	}
}

// TestMigrateToV7 opens a store written by schema version 6, whose meeting
// rows were merged in place from every document that held them, with
// schema 7, which keeps each document's meeting values: the data stays,
// every document holding a meeting is credited with its merged row, and
// such a row gives way to a document's own values once that document is
// extracted again (with the same output too: KeepExtraction), so that
// removing the other document then leaves only these.
func TestMigrateToV7(t *testing.T) {
	ctx := context.Background()
	const rec, imp = "pdf:S/PV.8422", "unsc-debates:S/PV.8422"
	const gd = "A/73/PV (general debate)"
	record := storeFixture()
	// An import of other turns of the meeting, without its agenda, date or pages.
	turns := func() *Extraction {
		m := record.Meeting
		m.Agenda, m.Date, m.Pages = "", "", 0
		sp := record.Speeches[1]
		sp.Seq, sp.ID, sp.Date = 3, unpv.SpeechID(m.Symbol, 3), ""
		return &Extraction{Meeting: m, Speeches: []unpv.Speech{sp}}
	}
	statement := func(seq int, code, date string) *Extraction {
		m := unpv.Meeting{Symbol: gd, Body: unpv.GeneralAssembly, Meeting: gd, Session: 73, Date: date, Agenda: "General debate"}
		return &Extraction{Meeting: m, Speeches: []unpv.Speech{{ID: unpv.SpeechID(gd, seq), Symbol: gd, Body: m.Body, Meeting: gd,
			Date: date, Seq: seq, DelegationCode: code, Text: "Statement."}}}
	}
	s := migrated(t, 6, func(s *Store) error {
		for _, w := range []struct {
			doc string
			ex  *Extraction
		}{{rec, record}, {imp, turns()}, {"ungdc:" + gd + " RUS", statement(1, "RUS", "2018-09-28")},
			{"ungdc:" + gd + " USA", statement(2, "USA", "2018")}} {
			if err := writeV6(s, w.doc, w.ex); err != nil {
				return fmt.Errorf("%s: %w", w.doc, err)
			}
		}
		return nil
	})
	if v := appliedVersion(t, s); v != len(migrations) {
		t.Fatalf("schema %d after migrating", v)
	}
	meeting := func(sym string) unpv.Meeting {
		t.Helper()
		m, err := s.Meeting(ctx, sym)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	day := statement(1, "RUS", "2018-09-28").Meeting
	rows, err := s.strings(ctx, `SELECT document || ' ' || symbol || ' ' || date || ' ' || agenda || ' ' || pages || ' ' || merged
		FROM meeting_documents ORDER BY symbol, document`)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []string{
		"ungdc:" + gd + " RUS " + gd + " 2018-09-28 General debate 0 1",
		"ungdc:" + gd + " USA " + gd + " 2018-09-28 General debate 0 1",
		rec + " S/PV.8422 2018-12-13 The situation in the Middle East 9 1",
		imp + " S/PV.8422 2018-12-13 The situation in the Middle East 9 1",
	}
	if d := cmp.Diff(wantRows, rows); d != "" {
		t.Errorf("meeting values per document after the migration (-want +got):\n%s", d)
	}

	// The import extracted again with the same output (`run --force
	// extract`): its rows stay, its meeting values become its own (no
	// agenda, date or pages), which leave the record's merged row's.
	if err := s.KeepExtraction(ctx, imp, turns().Meeting, StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(record.Meeting, meeting("S/PV.8422")); d != "" {
		t.Errorf("the import extracted again (-want +got):\n%s", d)
	}
	own, err := s.strings(ctx, `SELECT document FROM meeting_documents WHERE merged = 0`)
	if err != nil || !slices.Equal(own, []string{imp}) {
		t.Errorf("documents with their own meeting values: %q %v, want %s", own, err, imp)
	}
	// The record removed: the import's own values only.
	if err := s.DeleteSource(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(turns().Meeting, meeting("S/PV.8422")); d != "" {
		t.Errorf("the record removed (-want +got):\n%s", d)
	}

	// A statement extracted again giving only the year (its day was in
	// the merged row): the other statement's merged row keeps the day.
	if err := s.ReplaceExtraction(ctx, "ungdc:"+gd+" RUS", statement(1, "RUS", "2018"), StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(day, meeting(gd)); d != "" {
		t.Errorf("a statement extracted again (-want +got):\n%s", d)
	}
	// The other statement removed: its merged row goes with it, and the
	// meeting has the year the one left gives.
	if err := s.DeleteSource(ctx, "ungdc:"+gd+" USA"); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(statement(1, "RUS", "2018").Meeting, meeting(gd)); d != "" {
		t.Errorf("the other statement removed (-want +got):\n%s", d)
	}
}

// TestMigrateToV7MeetingOnly: a meeting a document held with nothing but
// votes, nothing but events or nothing at all (an extraction that found
// the meeting and no speech) is credited to that document by the
// migration too, so that removing the document removes the meeting, as it
// does in a store written by schema 7.
func TestMigrateToV7MeetingOnly(t *testing.T) {
	ctx := context.Background()
	full := storeFixture()
	tests := []struct {
		name string
		ex   func(m unpv.Meeting) *Extraction
	}{
		{"votes", func(m unpv.Meeting) *Extraction { return &Extraction{Meeting: m, Votes: full.Votes} }},
		{"events", func(m unpv.Meeting) *Extraction { return &Extraction{Meeting: m, Events: full.Events} }},
		{"nothing", func(m unpv.Meeting) *Extraction { return &Extraction{Meeting: m} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const doc = "pdf:S/PV.8422"
			s := migrated(t, 6, func(s *Store) error {
				if _, err := s.PutSource(ctx, Source{Document: doc, Kind: KindPDF, Symbol: full.Meeting.Symbol, SHA256: "aa"}); err != nil {
					return err
				}
				return writeV6(s, doc, tt.ex(full.Meeting))
			})
			if err := s.DeleteSource(ctx, doc); err != nil {
				t.Fatal(err)
			}
			if m, err := s.Meeting(ctx, full.Meeting.Symbol); !errors.Is(err, unpv.ErrNotFound) {
				t.Errorf("the document removed, its meeting is %+v, %v; want none", m, err)
			}
		})
	}
}
