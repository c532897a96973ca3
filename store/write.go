package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
			if _, err := tx.ExecContext(ctx, `INSERT INTO meetings(`+meetingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(symbol) DO UPDATE SET body = excluded.body, meeting = excluded.meeting,
				resumption = excluded.resumption, session = excluded.session, date = excluded.date,
				agenda = CASE WHEN excluded.agenda <> '' THEN excluded.agenda ELSE meetings.agenda END,
				pages = MAX(meetings.pages, excluded.pages)`,
				m.Symbol, string(m.Body), m.Meeting, m.Resumption, m.Session, m.Date, m.Agenda, m.Pages); err != nil {
				return err
			}
		}
		if err := insertSpeeches(ctx, tx, document, ex.Speeches); err != nil {
			return err
		}
		if err := insertSentences(ctx, tx, document, ex.Sentences); err != nil {
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

// sentenceBatch is how many sentences go into one INSERT: a speech has tens
// of sentences and a corpus millions, and one statement per row costs more
// than the row.
const sentenceBatch = 64

func insertSentences(ctx context.Context, tx *sql.Tx, document string, ses []unpv.Sentence) error {
	const cols = `INSERT INTO sentences(id, document, speech_id, n, start_offset, end_offset, text) VALUES `
	row := "(?, ?, ?, ?, ?, ?, ?)"
	full, err := tx.PrepareContext(ctx, cols+strings.TrimSuffix(strings.Repeat(row+", ", sentenceBatch), ", "))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, 7*sentenceBatch)
	for len(ses) > 0 {
		n := min(len(ses), sentenceBatch)
		args = args[:0]
		for _, se := range ses[:n] {
			args = append(args, se.ID, document, se.SpeechID, se.N, se.Start, se.End, se.Text)
		}
		if n == sentenceBatch {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, cols+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), args...)
		}
		if err != nil {
			return fmt.Errorf("sentences %s…: %w", ses[0].ID, err)
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

// speechOfSentence recovers "symbol#seq" from "symbol#seq.n".
func speechOfSentence(id string) string {
	sp, _ := unpv.SplitSentenceID(id)
	return sp
}

// ReplaceClassification replaces a document's mentions and stances and
// records the classify state, in one transaction.
func (s *Store) ReplaceClassification(ctx context.Context, document string, ms []unpv.Mention, sts []unpv.Stance, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := deleteDerived(ctx, tx, document, StageClassify); err != nil {
			return err
		}
		mstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO mentions(sentence_id, speech_id, document, target, surface,
			start_offset, end_offset, coref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer mstmt.Close()
		for _, m := range ms {
			if _, err := mstmt.ExecContext(ctx, m.SentenceID, speechOfSentence(m.SentenceID), document, m.Target, m.Surface,
				m.Start, m.End, m.Coref); err != nil {
				return fmt.Errorf("mention in %s: %w", m.SentenceID, err)
			}
		}
		sstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO stances(sentence_id, speech_id, document, target, label,
			confidence, evidence, relation, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer sstmt.Close()
		for _, x := range sts {
			if _, err := sstmt.ExecContext(ctx, x.SentenceID, speechOfSentence(x.SentenceID), document, x.Target,
				string(x.Label), x.Confidence, x.Evidence, string(x.Relation), x.Model); err != nil {
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
