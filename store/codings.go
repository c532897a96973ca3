package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/unpv/unpv"
)

// Researchers' labels (schema_v3.sql): coders, their sessions on the
// annotation page, and every coding act. A pair's hand label (the
// hand_labels view) overrides the model's stance in EachStance, which
// every report, the search index and every export read.

// ErrBadCoding marks a coding the store refuses: no coder, an unknown
// label, or a pair whose sentence it does not hold.
var ErrBadCoding = errors.New("bad coding")

// AddCoding records one coding act and returns it as stored: its ID, its
// time (now, unless set), the sentence's text and the model's label for the
// pair (unless set). The coder is recorded when new.
func (s *Store) AddCoding(ctx context.Context, c unpv.Coding) (unpv.Coding, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = insertCoding(ctx, tx, c)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("coding %s %s by %s: %w", c.SentenceID, c.Target, c.Coder, err)
	}
	return c, nil
}

// ImportCodings records codings in one transaction, as AddCoding does, and
// leaves out those already stored (the same pair, coder, label, adjudication
// and time, or any time for a coding without one): importing a file twice
// adds nothing. It returns how many it added.
func (s *Store) ImportCodings(ctx context.Context, cs []unpv.Coding) (added int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for i, c := range cs {
			if i%256 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings WHERE sentence_id = ? AND target = ?
				AND coder = ? AND label = ? AND adjudication = ? AND (at = ? OR ? = '')`, c.SentenceID, c.Target, c.Coder,
				string(c.Label), c.Adjudication, c.At, c.At).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := insertCoding(ctx, tx, c); err != nil {
				return fmt.Errorf("coding %s %s by %s: %w", c.SentenceID, c.Target, c.Coder, err)
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import codings: %w", err)
	}
	return added, nil
}

func insertCoding(ctx context.Context, tx *sql.Tx, c unpv.Coding) (unpv.Coding, error) {
	if c.Coder == "" || c.Target == "" || c.SentenceID == "" {
		return c, fmt.Errorf("%w: sentence, target and coder are needed", ErrBadCoding)
	}
	if c.Label != "" && c.Label.Index() < 0 {
		return c, fmt.Errorf("%w: unknown label %q", ErrBadCoding, c.Label)
	}
	if c.Adjudication && c.Label == "" {
		return c, fmt.Errorf("%w: an adjudication needs a label", ErrBadCoding)
	}
	if c.At == "" {
		c.At = now()
	}
	if c.Sentence == "" {
		err := tx.QueryRowContext(ctx, `SELECT text FROM sentences WHERE id = ?`, c.SentenceID).Scan(&c.Sentence)
		if errors.Is(err, sql.ErrNoRows) {
			return c, fmt.Errorf("%w: no sentence %s in the store", ErrBadCoding, c.SentenceID)
		}
		if err != nil {
			return c, err
		}
	}
	if c.ModelLabel == "" && c.Model == "" {
		var label string
		err := tx.QueryRowContext(ctx, `SELECT label, model FROM stances WHERE sentence_id = ? AND target = ?`,
			c.SentenceID, c.Target).Scan(&label, &c.Model)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
		c.ModelLabel = unpv.Label(label)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO coders(name, created_at) VALUES (?, ?)`, c.Coder, now()); err != nil {
		return c, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO codings(sentence_id, target, coder, label, note, at, queue, adjudication,
		sentence, model_label, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.SentenceID, c.Target, c.Coder,
		string(c.Label), c.Note, c.At, c.Queue, c.Adjudication, c.Sentence, string(c.ModelLabel), c.Model)
	if err != nil {
		return c, err
	}
	c.ID, err = res.LastInsertId()
	return c, err
}

// UndoCoding removes the coder's latest act (a label, a skip or an
// adjudication) and returns it, so that the pair is as it was before; again,
// the act before that. unpv.ErrNotFound when the coder has none.
func (s *Store) UndoCoding(ctx context.Context, coder string) (unpv.Coding, error) {
	var c unpv.Coding
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCoding(tx.QueryRowContext(ctx, `SELECT `+codingCols+codingFrom+` WHERE c.coder = ?
			ORDER BY c.id DESC LIMIT 1`, coder))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no coding by %s to undo: %w", coder, unpv.ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM codings WHERE id = ?`, c.ID)
		return err
	})
	return c, err
}

// codingCols read codings c joined with their sentences se (LEFT JOIN).
const codingCols = `c.id, c.sentence_id, c.target, c.coder, c.label, c.note, c.at, c.queue, c.adjudication, c.sentence,
	c.model_label, c.model, se.id IS NULL OR se.text <> c.sentence`

const codingFrom = ` FROM codings c LEFT JOIN sentences se ON se.id = c.sentence_id`

func scanCoding(sc interface{ Scan(...any) error }) (unpv.Coding, error) {
	var c unpv.Coding
	var label, model string
	err := sc.Scan(&c.ID, &c.SentenceID, &c.Target, &c.Coder, &label, &c.Note, &c.At, &c.Queue, &c.Adjudication,
		&c.Sentence, &model, &c.Model, &c.Stale)
	c.Label, c.ModelLabel = unpv.Label(label), unpv.Label(model)
	return c, err
}

// EachCoding calls fn for every coding act in the order they were made,
// stale ones (Stale set) included.
func (s *Store) EachCoding(ctx context.Context, fn func(unpv.Coding) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+codingCols+codingFrom+` ORDER BY c.id`)
	if err != nil {
		return fmt.Errorf("codings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCoding(rows)
		if err != nil {
			return fmt.Errorf("codings: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PairCodings returns the acts on one pair, oldest first.
func (s *Store) PairCodings(ctx context.Context, sentenceID, target string) ([]unpv.Coding, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+codingCols+codingFrom+` WHERE c.sentence_id = ? AND c.target = ?
		ORDER BY c.id`, sentenceID, target)
	if err != nil {
		return nil, fmt.Errorf("codings of %s %s: %w", sentenceID, target, err)
	}
	defer rows.Close()
	var out []unpv.Coding
	for rows.Next() {
		c, err := scanCoding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// HandLabel is a pair's hand label as decided from its codings (the
// hand_labels view). Label is empty when the coders disagree and nobody
// adjudicated (Status HandDisputed). It applies while the stored sentence
// reads as Sentence; Stale says it no longer does.
type HandLabel struct {
	SentenceID string          `json:"sentence_id"`
	Target     string          `json:"target"`
	Label      unpv.Label      `json:"label,omitempty"`
	Status     unpv.HandStatus `json:"status"`
	Coders     int             `json:"coders"`
	At         string          `json:"at"`       // the latest label's time
	Sentence   string          `json:"sentence"` // the sentence as coded
	Stale      bool            `json:"stale,omitempty"`
}

// HandLabels returns every coded pair, stale ones (Stale set) included, in
// (sentence, target) order.
func (s *Store) HandLabels(ctx context.Context) ([]HandLabel, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT h.sentence_id, h.target, COALESCE(h.label, ''), h.status, h.coders, h.at,
		h.sentence, se.id IS NULL
		FROM hand_labels h LEFT JOIN sentences se ON se.id = h.sentence_id AND se.text = h.sentence
		ORDER BY h.sentence_id, h.target, h.sentence`)
	if err != nil {
		return nil, fmt.Errorf("hand labels: %w", err)
	}
	defer rows.Close()
	var out []HandLabel
	for rows.Next() {
		var h HandLabel
		var label, status string
		if err := rows.Scan(&h.SentenceID, &h.Target, &label, &status, &h.Coders, &h.At, &h.Sentence, &h.Stale); err != nil {
			return nil, fmt.Errorf("hand labels: %w", err)
		}
		h.Label, h.Status = unpv.Label(label), unpv.HandStatus(status)
		out = append(out, h)
	}
	return out, rows.Err()
}

// StaleCodings counts the labelled codings that no longer apply: their
// sentence is gone from the store or reads differently (a new segmenter or
// a changed source). Export and import them by text to carry them over.
func (s *Store) StaleCodings(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings c LEFT JOIN sentences se ON se.id = c.sentence_id
		WHERE c.label <> '' AND (se.id IS NULL OR se.text <> c.sentence)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("stale codings: %w", err)
	}
	return n, nil
}

// Coders lists every coder's name in order.
func (s *Store) Coders(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM coders ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("coders: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PutSession records a coder's session on the annotation page by the hash
// of its token, valid until expires; the coder is recorded when new.
// Expired sessions are removed.
func (s *Store) PutSession(ctx context.Context, tokenHash, coder string, expires time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM coder_sessions WHERE expires_at < ?`, now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO coders(name, created_at) VALUES (?, ?)`, coder, now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO coder_sessions(token_hash, coder, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, coder, now(), timeText(expires))
		return err
	})
	if err != nil {
		return fmt.Errorf("session of %s: %w", coder, err)
	}
	return nil
}

// SessionCoder returns the coder of an unexpired session; unpv.ErrNotFound
// for an unknown or expired one.
func (s *Store) SessionCoder(ctx context.Context, tokenHash string) (string, error) {
	var coder string
	err := s.db.QueryRowContext(ctx, `SELECT coder FROM coder_sessions WHERE token_hash = ? AND expires_at >= ?`,
		tokenHash, now()).Scan(&coder)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("session: %w", unpv.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("session: %w", err)
	}
	return coder, nil
}

// EndSession removes a session (logging out).
func (s *Store) EndSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM coder_sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// timeText formats t as every stored time is, so that they compare as text.
func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

// SentenceRef is a sentence with what exports and the labelling page show
// of its speech.
type SentenceRef struct {
	ID, Text                                       string
	N                                              int
	Previous                                       string // the sentence before in the speech, "" for the first
	SpeechID                                       string
	Document                                       string // the source document that produced it
	Symbol, Meeting, Date, Speaker, DelegationCode string
}

// SentenceRefs returns the stored sentences among ids, by ID.
func (s *Store) SentenceRefs(ctx context.Context, ids []string) (map[string]SentenceRef, error) {
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT se.id, se.text, se.n, COALESCE(prev.text, ''), sp.id, sp.document, sp.symbol,
		sp.meeting, sp.date, sp.speaker, sp.delegation_code
		FROM sentences se JOIN speeches sp ON sp.id = se.speech_id
		LEFT JOIN sentences prev ON prev.speech_id = se.speech_id AND prev.n = se.n - 1
		WHERE se.id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, fmt.Errorf("sentences: %w", err)
	}
	defer rows.Close()
	out := map[string]SentenceRef{}
	for rows.Next() {
		var r SentenceRef
		if err := rows.Scan(&r.ID, &r.Text, &r.N, &r.Previous, &r.SpeechID, &r.Document, &r.Symbol, &r.Meeting, &r.Date,
			&r.Speaker, &r.DelegationCode); err != nil {
			return nil, fmt.Errorf("sentences: %w", err)
		}
		out[r.ID] = r
	}
	return out, rows.Err()
}

// EachSentenceText calls fn with the ID, speech and text of every sentence
// of the record symbol (a meeting symbol matches all its resumptions), or
// of every sentence when symbol is "": imports find labelled sentences by
// their text.
func (s *Store) EachSentenceText(ctx context.Context, symbol string, fn func(id, speechID, text string) error) error {
	q := `SELECT se.id, se.speech_id, se.text FROM sentences se`
	var args []any
	if symbol != "" {
		q += ` JOIN speeches sp ON sp.id = se.speech_id WHERE sp.symbol = ? OR sp.meeting = ?`
		args = append(args, symbol, symbol)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("sentences of %q: %w", symbol, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, speech, text string
		if err := rows.Scan(&id, &speech, &text); err != nil {
			return err
		}
		if err := fn(id, speech, text); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CodedModelLabels returns the model's current label of every pair that
// has codings, keyed by sentence ID and target.
func (s *Store) CodedModelLabels(ctx context.Context) (map[[2]string]unpv.Label, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT st.sentence_id, st.target, st.label
		FROM (SELECT DISTINCT sentence_id, target FROM codings) c
		JOIN stances st ON st.sentence_id = c.sentence_id AND st.target = c.target`)
	if err != nil {
		return nil, fmt.Errorf("model labels: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]unpv.Label{}
	for rows.Next() {
		var id, target, label string
		if err := rows.Scan(&id, &target, &label); err != nil {
			return nil, err
		}
		out[[2]string{id, target}] = unpv.Label(label)
	}
	return out, rows.Err()
}
