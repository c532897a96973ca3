package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// Extraction is what the extract stage writes for one document.
type Extraction struct {
	Meeting   unpv.Meeting
	Speeches  []unpv.Speech
	Votes     []unpv.Vote
	Events    []unpv.Event
	Sentences []unpv.Sentence
}

// ErrConflict marks a document whose rows collide with another document's
// (the same speech ID from two sources). It wraps unpv.ErrBadDocument so the
// runner quarantines the later document.
var ErrConflict = fmt.Errorf("%w: conflicts with another document", unpv.ErrBadDocument)

// ReplaceExtraction replaces everything a document's extraction produced
// (and drops its now-stale mentions and stances) and records the stage
// state, in one transaction: a crash leaves either the old rows or the new.
// Its meeting values replace its old ones, and the meeting rows it held
// are merged again (mergeMeeting).
func (s *Store) ReplaceExtraction(ctx context.Context, document string, ex *Extraction, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		held, err := deleteDerivedRows(ctx, tx, document, StageExtract)
		if err != nil {
			return err
		}
		if err := replaceMeeting(ctx, tx, document, held, ex.Meeting); err != nil {
			return err
		}
		if err := insertExtraction(ctx, tx, document, ex); err != nil {
			return err
		}
		st.Document, st.Stage, st.Status = document, StageExtract, StatusDone
		return putState(ctx, tx, st)
	})
	if err != nil {
		return fmt.Errorf("store extraction of %s: %w", document, err)
	}
	return nil
}

// insertExtraction stores a document's speeches, sentences, votes and events.
func insertExtraction(ctx context.Context, tx *sql.Tx, document string, ex *Extraction) error {
	if err := insertSpeeches(ctx, tx, document, ex.Speeches); err != nil {
		return err
	}
	if err := insertSpans(ctx, tx, ex.Speeches, ex.Sentences); err != nil {
		return err
	}
	if err := insertVotes(ctx, tx, document, ex.Votes); err != nil {
		return err
	}
	return insertEvents(ctx, tx, document, ex.Events)
}

// KeepExtraction records the extract state of a document extracted again
// with the same output, whose rows stay. A document the schema 7 migration
// credited with a meeting's merged row (meeting_documents.merged) gets its
// own values m in its place, so that `unpv run --force extract` (or a new
// extract version) makes every meeting row the merge of its documents' own
// values without replacing, and reclassifying, anything else.
func (s *Store) KeepExtraction(ctx context.Context, document string, m unpv.Meeting, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var merged int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_documents WHERE document = ? AND merged = 1`,
			document).Scan(&merged); err != nil {
			return err
		}
		if merged > 0 {
			syms, err := queryStrings(ctx, tx, `SELECT symbol FROM meeting_documents WHERE document = ?`, document)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_documents WHERE document = ?`, document); err != nil {
				return err
			}
			if err := replaceMeeting(ctx, tx, document, syms, m); err != nil {
				return err
			}
		}
		st.Document, st.Stage, st.Status = document, StageExtract, StatusDone
		return putState(ctx, tx, st)
	})
	if err != nil {
		return fmt.Errorf("stage state %s/%s: %w", document, StageExtract, err)
	}
	return nil
}

// replaceMeeting stores the meeting values m a document gave, whose old
// values (of the meetings held) are deleted, and merges those meetings'
// rows again: m's once, with its values in.
func replaceMeeting(ctx context.Context, tx *sql.Tx, document string, held []string, m unpv.Meeting) error {
	for _, sym := range held {
		if sym != m.Symbol {
			if err := mergeMeeting(ctx, tx, sym); err != nil {
				return err
			}
		}
	}
	if m.Symbol == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_documents(document, `+meetingCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, document, m.Symbol, string(m.Body), m.Meeting, m.Resumption,
		m.Session, m.Date, m.Agenda, m.Pages); err != nil {
		return fmt.Errorf("meeting %s: %w", m.Symbol, err)
	}
	return mergeMeeting(ctx, tx, m.Symbol)
}

// mergeMeeting sets the meeting row of symbol from the values the
// documents that hold it gave (meeting_documents), so that it reflects
// only those documents: several can hold one meeting (a session's
// general-debate statements; a record and an import of other turns). Each
// is merged over the ones before it in document key order (rows the schema
// 7 migration made from an already merged row first): what a document does
// not give (no session, date, agenda or pages) or gives less precisely
// (the year or month of the day before) leaves the value before; pages are
// the most any gave; other differing values are the later document's. A
// meeting no document gives goes when no speech, vote or event refers to
// it any more.
//
// Before schema 7 each document merged its values into the stored row: a
// value only a removed or re-extracted document gave stayed, while another
// document held the meeting, and which of two differing values stood
// depended on which document was written last.
func mergeMeeting(ctx context.Context, tx *sql.Tx, symbol string) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+meetingCols+` FROM meeting_documents WHERE symbol = ?
		ORDER BY merged DESC, document`, symbol)
	if err != nil {
		return fmt.Errorf("meeting %s: %w", symbol, err)
	}
	var m unpv.Meeting
	n := 0
	for rows.Next() {
		d, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("meeting %s: %w", symbol, err)
		}
		m = mergeMeetingValues(m, d)
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("meeting %s: %w", symbol, err)
	}
	if n == 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM meetings WHERE symbol = ?1
			AND NOT EXISTS (SELECT 1 FROM speeches WHERE symbol = ?1)
			AND NOT EXISTS (SELECT 1 FROM votes WHERE symbol = ?1)
			AND NOT EXISTS (SELECT 1 FROM events WHERE symbol = ?1)`, symbol)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO meetings(`+meetingCols+`, emergency_session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Symbol, string(m.Body), m.Meeting, m.Resumption, m.Session, m.Date, m.Agenda, m.Pages, un.EmergencySession(m.Meeting))
	}
	if err != nil {
		return fmt.Errorf("meeting %s: %w", symbol, err)
	}
	return nil
}

// fillEmergencySessions sets meetings.emergency_session (schema 8) of the
// meeting rows a store held before it from their symbols, as mergeMeeting
// writes it: un reads the symbol, so that no SQL repeats its format. Every
// row is read (a store holds thousands of meetings, not millions).
func fillEmergencySessions(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT symbol, meeting FROM meetings`)
	if err != nil {
		return fmt.Errorf("emergency sessions: %w", err)
	}
	found := map[string]int{}
	for rows.Next() {
		var symbol, meeting string
		if err := rows.Scan(&symbol, &meeting); err != nil {
			rows.Close()
			return fmt.Errorf("emergency sessions: %w", err)
		}
		if n := un.EmergencySession(meeting); n > 0 {
			found[symbol] = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("emergency sessions: %w", err)
	}
	for symbol, n := range found {
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET emergency_session = ? WHERE symbol = ?`, n, symbol); err != nil {
			return fmt.Errorf("emergency session of %s: %w", symbol, err)
		}
	}
	return nil
}

// mergeMeetingValues is the meeting m with the values of the later
// document d merged over it (mergeMeeting's rules).
func mergeMeetingValues(m, d unpv.Meeting) unpv.Meeting {
	m.Symbol, m.Body, m.Meeting, m.Resumption = d.Symbol, d.Body, d.Meeting, d.Resumption
	if d.Session != 0 {
		m.Session = d.Session
	}
	if d.Date != "" && !strings.HasPrefix(m.Date, d.Date+"-") {
		m.Date = d.Date
	}
	if d.Agenda != "" {
		m.Agenda = d.Agenda
	}
	m.Pages = max(m.Pages, d.Pages)
	return m
}

// owner reports which other document holds a row with this key, if any.
func owner(ctx context.Context, tx *sql.Tx, q, document string, args ...any) string {
	var doc string
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&doc); err != nil || doc == document {
		return ""
	}
	return doc
}

func insertSpeeches(ctx context.Context, tx *sql.Tx, document string, sps []unpv.Speech) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO speeches(document, `+speechCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, sp := range sps {
		if sp.ID == "" {
			sp.ID = unpv.SpeechID(sp.Symbol, sp.Seq)
		}
		if _, err := stmt.ExecContext(ctx, document, sp.ID, sp.Symbol, string(sp.Body), sp.Meeting, sp.Resumption,
			sp.Date, sp.Seq, sp.Speaker, sp.SpeakerName, sp.Delegation, sp.DelegationCode, string(sp.Role),
			sp.Language, sp.OnBehalfOf, sp.Page, sp.Text); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM speeches WHERE id = ?`, document, sp.ID); doc != "" {
				return fmt.Errorf("%w: speech %s is already stored from %s", ErrConflict, sp.ID, doc)
			}
			return fmt.Errorf("speech %s: %w", sp.ID, err)
		}
	}
	return nil
}

// insertSpans stores the sentences of a document's speeches as their
// offsets in the speech text (sentence_spans), the text being held once, in
// speeches. Every sentence must be its speech's text between its offsets,
// and a speech's sentences numbered 1, 2, … in order: what extract makes.
func insertSpans(ctx context.Context, tx *sql.Tx, sps []unpv.Speech, ses []unpv.Sentence) error {
	text := make(map[string]string, len(sps))
	for _, sp := range sps {
		text[sp.ID] = sp.Text
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO sentence_spans(speech_id, spans) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	var buf []byte
	for len(ses) > 0 {
		id := ses[0].SpeechID
		t, ok := text[id]
		if !ok {
			return fmt.Errorf("sentence %s: no speech %s in the document", ses[0].ID, id)
		}
		buf = append(buf[:0], '[')
		n := 0
		for ; n < len(ses) && ses[n].SpeechID == id; n++ {
			se := ses[n]
			if se.N != n+1 || se.Start < 0 || se.Start > se.End || se.End > len(t) || t[se.Start:se.End] != se.Text {
				return fmt.Errorf("sentence %s: not sentence %d of its speech's text between offsets %d and %d", se.ID, n+1, se.Start, se.End)
			}
			if n > 0 {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, "[%d,%d]", se.Start, se.End)
		}
		buf = append(buf, ']')
		if _, err := stmt.ExecContext(ctx, id, string(buf)); err != nil {
			return fmt.Errorf("sentences of %s: %w", id, err)
		}
		ses = ses[n:]
	}
	return nil
}

func insertVotes(ctx context.Context, tx *sql.Tx, document string, votes []unpv.Vote) error {
	for i, v := range votes {
		n := i + 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes(symbol, n, document, draft, subject, total_in_favour,
			total_against, total_abstaining, outcome, mismatch, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.Symbol, n, document, v.Draft, v.Subject, v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining,
			v.Outcome, v.Mismatch, v.Page); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM votes WHERE symbol = ? AND n = ?`, document, v.Symbol, n); doc != "" {
				return fmt.Errorf("%w: votes of %s are already stored from %s", ErrConflict, v.Symbol, doc)
			}
			return fmt.Errorf("vote %s #%d: %w", v.Symbol, n, err)
		}
		for _, l := range []struct {
			pos  string
			dels []string
		}{{PositionInFavour, v.InFavour}, {PositionAgainst, v.Against}, {PositionAbstaining, v.Abstaining}} {
			for _, d := range l.dels {
				// OR IGNORE: a delegation printed twice in one list is one position.
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO vote_positions(symbol, n, document, position, delegation)
					VALUES (?, ?, ?, ?, ?)`, v.Symbol, n, document, l.pos, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func insertEvents(ctx context.Context, tx *sql.Tx, document string, evs []unpv.Event) error {
	for i, e := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO events(symbol, n, document, after_seq, kind, time, text, page)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Symbol, i+1, document, e.After, e.Kind, e.Time, e.Text, e.Page); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM events WHERE symbol = ? AND n = ?`, document, e.Symbol, i+1); doc != "" {
				return fmt.Errorf("%w: events of %s are already stored from %s", ErrConflict, e.Symbol, doc)
			}
			return fmt.Errorf("event %s #%d: %w", e.Symbol, i+1, err)
		}
	}
	return nil
}

// ReplaceClassification replaces a document's mentions and stances and
// records the classify state, in one transaction.
func (s *Store) ReplaceClassification(ctx context.Context, document string, ms []unpv.Mention, sts []unpv.Stance, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := deleteDerived(ctx, tx, document, StageClassify); err != nil {
			return err
		}
		mstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO mentions(speech_id, n, target, surface,
			start_offset, end_offset, coref) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer mstmt.Close()
		for _, m := range ms {
			sp, n := unpv.SplitSentenceID(m.SentenceID)
			if n == 0 {
				return fmt.Errorf("mention in %q: not a sentence id", m.SentenceID)
			}
			if _, err := mstmt.ExecContext(ctx, sp, n, m.Target, m.Surface, m.Start, m.End, m.Coref); err != nil {
				return fmt.Errorf("mention in %s: %w", m.SentenceID, err)
			}
		}
		sstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO stances(speech_id, n, target, label,
			confidence, evidence, relation, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer sstmt.Close()
		for _, x := range sts {
			sp, n := unpv.SplitSentenceID(x.SentenceID)
			if n == 0 {
				return fmt.Errorf("stance in %q: not a sentence id", x.SentenceID)
			}
			if _, err := sstmt.ExecContext(ctx, sp, n, x.Target, string(x.Label), x.Confidence, x.Evidence,
				string(x.Relation), x.Model); err != nil {
				return fmt.Errorf("stance in %s: %w", x.SentenceID, err)
			}
		}
		st.Document, st.Stage, st.Status = document, StageClassify, StatusDone
		return putState(ctx, tx, st)
	})
	if err != nil {
		return fmt.Errorf("store classification of %s: %w", document, err)
	}
	return nil
}
