package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/unpv/unpv"
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
func (s *Store) ReplaceExtraction(ctx context.Context, document string, ex *Extraction, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := deleteDerived(ctx, tx, document, StageExtract); err != nil {
			return err
		}
		m := ex.Meeting
		if m.Symbol != "" {
			// Several documents can hold one meeting (a session's
			// general-debate statements; a record and an import of other
			// turns): each merges its row into the stored one. What a
			// document does not give (no session, date, agenda or pages) or
			// gives less precisely (the year or month of the stored day)
			// leaves the stored value; pages are the most any gave; other
			// differing values are the later write's, so that a document
			// extracted again with a corrected value replaces its own.
			// (Date and session were always the later write's: an import
			// without a date erased the record's day.)
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
		}
		if err := insertSpeeches(ctx, tx, document, ex.Speeches); err != nil {
			return err
		}
		if err := insertSpans(ctx, tx, ex.Speeches, ex.Sentences); err != nil {
			return err
		}
		if err := insertVotes(ctx, tx, document, ex.Votes); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, document, ex.Events); err != nil {
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
