package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/unpv/unpv"
)

// Researchers' labels (schema_v4.sql): coders, their sessions on the
// annotation page, and every coding act. A pair's hand label (the
// hand_labels view) overrides the model's stance in EachStance, which
// every report and export reads, and in DocumentStances, which the search
// index reads.

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
			var err error
			if c.At, err = codingTime(c.At); err != nil {
				return fmt.Errorf("coding %s %s by %s: %w", c.SentenceID, c.Target, c.Coder, err)
			}
			if c.Coder, err = coderName(ctx, tx, c.Coder); err != nil {
				return err
			}
			sp, sn := unpv.SplitSentenceID(c.SentenceID)
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM codings WHERE speech_id = ? AND n = ? AND target = ?
				AND coder = ? AND label = ? AND adjudication = ? AND (at = ? OR ? = '')`, sp, sn, c.Target, c.Coder,
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
	speech, n := unpv.SplitSentenceID(c.SentenceID)
	if n <= 0 {
		return c, fmt.Errorf("%w: %q is not a sentence ID (speech.n)", ErrBadCoding, c.SentenceID)
	}
	if c.Label != "" && c.Label.Index() < 0 {
		return c, fmt.Errorf("%w: unknown label %q", ErrBadCoding, c.Label)
	}
	if c.Adjudication && c.Label == "" {
		return c, fmt.Errorf("%w: an adjudication needs a label", ErrBadCoding)
	}
	var err error
	if c.At, err = codingTime(c.At); err != nil {
		return c, err
	}
	if c.At == "" {
		c.At = now()
	}
	if c.Sentence == "" {
		var text sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT `+textOfSentence("@n")+` FROM speeches sp
			JOIN sentence_spans ss ON ss.speech_id = sp.id WHERE sp.id = @speech`,
			sql.Named("speech", speech), sql.Named("n", n)).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !text.Valid {
			return c, fmt.Errorf("%w: no sentence %s in the store", ErrBadCoding, c.SentenceID)
		}
		if err != nil {
			return c, err
		}
		c.Sentence = text.String
	}
	if c.ModelLabel == "" && c.Model == "" {
		var label string
		err := tx.QueryRowContext(ctx, `SELECT label, model FROM stances WHERE speech_id = ? AND n = ? AND target = ?`,
			speech, n, c.Target).Scan(&label, &c.Model)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
		c.ModelLabel = unpv.Label(label)
	}
	if c.Coder, err = addCoder(ctx, tx, c.Coder); err != nil {
		return c, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO codings(speech_id, n, target, coder, label, note, at, queue, adjudication,
		sentence, model_label, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, speech, n, c.Target, c.Coder,
		string(c.Label), c.Note, c.At, c.Queue, c.Adjudication, c.Sentence, string(c.ModelLabel), c.Model)
	if err != nil {
		return c, err
	}
	c.ID, err = res.LastInsertId()
	return c, err
}

// coderName is the name a coder is stored under: an existing coder's
// whose name differs from name only in case ("Alice" logging in as
// "alice" had her earlier "Alice" pairs shown again, as another coder's,
// and her agreement with herself computed), else name.
func coderName(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM coders ORDER BY created_at, name`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var have string
		if err := rows.Scan(&have); err != nil {
			return "", err
		}
		if strings.EqualFold(have, name) {
			return have, nil
		}
	}
	return name, rows.Err()
}

// addCoder records a coder (coderName) and returns the name as stored.
func addCoder(ctx context.Context, tx *sql.Tx, name string) (string, error) {
	name, err := coderName(ctx, tx, name)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO coders(name, created_at) VALUES (?, ?)`, name, now())
	return name, err
}

// codingTime is a coding's time in the stored form (timeText: UTC,
// milliseconds), so that times compare as text (a pair's latest label, a
// coder's last act) and one act imported in two RFC 3339 forms is one;
// "" stays "" (now, when stored).
func codingTime(at string) (string, error) {
	if at == "" {
		return "", nil
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return "", fmt.Errorf("%w: time %q is not RFC 3339 (2026-01-02T15:04:05Z)", ErrBadCoding, at)
	}
	return timeText(t), nil
}

// UndoCoding removes the coder's latest act (a label, a skip or an
// adjudication; the latest by its time, as hand_labels reads them, so
// that an older act imported later is not taken for it) and returns it,
// so that the pair is as it was before; again, the act before that.
// unpv.ErrNotFound when the coder has none.
func (s *Store) UndoCoding(ctx context.Context, coder string) (unpv.Coding, error) {
	var c unpv.Coding
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCoding(tx.QueryRowContext(ctx, `SELECT `+codingCols+codingFrom+` WHERE c.coder = ?
			ORDER BY c.at DESC, c.id DESC LIMIT 1`, coder))
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

// codingCols read codings c joined with their speeches sp and sentence
// spans ss (codingFrom): the last says whether the coding is stale.
var codingCols = `c.id, c.speech_id || '.' || c.n, c.target, c.coder, c.label, c.note, c.at, c.queue, c.adjudication,
	c.sentence, c.model_label, c.model, ` + notText("c.n", "c.sentence")

const codingFrom = ` FROM codings c LEFT JOIN speeches sp ON sp.id = c.speech_id LEFT JOIN sentence_spans ss ON ss.speech_id = c.speech_id`

// notText is SQL true unless sentence number n (a column) of speech sp
// (spans ss, both possibly NULL) reads as the text in column text.
func notText(n, text string) string {
	return `NOT COALESCE(` + textOfSentence(n) + ` = ` + text + `, 0)`
}

func scanCoding(sc interface{ Scan(...any) error }) (unpv.Coding, error) {
	var c unpv.Coding
	var label, model string
	err := sc.Scan(&c.ID, &c.SentenceID, &c.Target, &c.Coder, &label, &c.Note, &c.At, &c.Queue, &c.Adjudication,
		&c.Sentence, &model, &c.Model, &c.Stale)
	c.Label, c.ModelLabel = unpv.Label(label), unpv.Label(model)
	return c, err
}

// EachCoding calls fn for every coding act in the order they were made
// (by their time, then the order they were stored in, as hand_labels reads
// them: agreement, disagreements and accuracy take each coder's last act
// as the latest), stale ones (Stale set) included.
func (s *Store) EachCoding(ctx context.Context, fn func(unpv.Coding) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+codingCols+codingFrom+` ORDER BY c.at, c.id`)
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

// PairCodings returns the acts on one pair, oldest first (by their time,
// then the order they were stored in, as hand_labels reads them).
func (s *Store) PairCodings(ctx context.Context, sentenceID, target string) ([]unpv.Coding, error) {
	sp, n := unpv.SplitSentenceID(sentenceID)
	rows, err := s.db.QueryContext(ctx, `SELECT `+codingCols+codingFrom+` WHERE c.speech_id = ? AND c.n = ? AND c.target = ?
		ORDER BY c.at, c.id`, sp, n, target)
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
		h.sentence, `+notText("h.n", "h.sentence")+`
		FROM hand_labels h LEFT JOIN speeches sp ON sp.id = h.speech_id LEFT JOIN sentence_spans ss ON ss.speech_id = h.speech_id
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

// handFrom and handApplies select the hand labels h that apply (decided,
// and the stored sentence still reads as coded), with their speeches sp
// and sentence spans ss.
const handFrom = `FROM hand_labels h JOIN speeches sp ON sp.id = h.speech_id JOIN sentence_spans ss ON ss.speech_id = h.speech_id`

var handApplies = `h.label IS NOT NULL AND ` + textOfSentence("h.n") + ` = h.sentence`

// eachHandLabel calls fn with every hand label that applies, with the
// document of its sentence, in (sentence, target) order.
func (s *Store) eachHandLabel(ctx context.Context, fn func(doc, sentenceID, target string, label unpv.Label)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT sp.document, h.sentence_id, h.target, h.label `+handFrom+` WHERE `+handApplies+`
		ORDER BY h.sentence_id, h.target`)
	if err != nil {
		return fmt.Errorf("hand labels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc, id, target, label string
		if err := rows.Scan(&doc, &id, &target, &label); err != nil {
			return fmt.Errorf("hand labels: %w", err)
		}
		fn(doc, id, target, unpv.Label(label))
	}
	return rows.Err()
}

// handLabelMap returns the hand labels that apply, by sentence ID and target.
func (s *Store) handLabelMap(ctx context.Context) (map[[2]string]unpv.Label, error) {
	out := map[[2]string]unpv.Label{}
	err := s.eachHandLabel(ctx, func(_, id, target string, l unpv.Label) { out[[2]string{id, target}] = l })
	return out, err
}

// CodingCoders counts the coders with at least one coding act: the coders
// table also holds whoever signed in on the labelling page and coded
// nothing.
func (s *Store) CodingCoders(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT coder) FROM codings`).Scan(&n); err != nil {
		return 0, fmt.Errorf("coders: %w", err)
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
		name, err := addCoder(ctx, tx, coder)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO coder_sessions(token_hash, coder, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, name, now(), timeText(expires))
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
		return fmt.Errorf("end session: %w", classified(err, s.dir))
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
	want := map[string][]int{}
	for _, id := range ids {
		sp, n := unpv.SplitSentenceID(id)
		want[sp] = append(want[sp], n)
	}
	speeches := make([]string, 0, len(want))
	for sp := range want {
		speeches = append(speeches, sp)
	}
	b, err := json.Marshal(speeches)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sp.id, sp.text, ss.spans, sp.document, sp.symbol, sp.meeting, sp.date,
		sp.speaker, sp.delegation_code
		FROM speeches sp JOIN sentence_spans ss ON ss.speech_id = sp.id
		WHERE sp.id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, fmt.Errorf("sentences: %w", err)
	}
	defer rows.Close()
	out := map[string]SentenceRef{}
	for rows.Next() {
		var r SentenceRef
		var text, spans string
		if err := rows.Scan(&r.SpeechID, &text, &spans, &r.Document, &r.Symbol, &r.Meeting, &r.Date,
			&r.Speaker, &r.DelegationCode); err != nil {
			return nil, fmt.Errorf("sentences: %w", err)
		}
		ses, err := cutSentences(r.SpeechID, text, spans)
		if err != nil {
			return nil, err
		}
		for _, n := range want[r.SpeechID] {
			if n < 1 || n > len(ses) {
				continue
			}
			ref := r
			ref.ID, ref.Text, ref.N = ses[n-1].ID, ses[n-1].Text, n
			if n > 1 {
				ref.Previous = ses[n-2].Text
			}
			out[ref.ID] = ref
		}
	}
	return out, rows.Err()
}

// EachSentenceText calls fn with the ID, speech and text of every sentence
// of the record symbol (a meeting symbol matches all its resumptions), or
// of every sentence when symbol is "": imports find labelled sentences by
// their text. It stops at fn's first error and returns it unchanged.
func (s *Store) EachSentenceText(ctx context.Context, symbol string, fn func(id, speechID, text string) error) error {
	where := ""
	var args []any
	if symbol != "" {
		where, args = `WHERE sp.symbol = ? OR sp.meeting = ?`, []any{symbol, symbol}
	}
	var ferr error
	err := s.eachSpans(ctx, where, func(speechID string, ses []unpv.Sentence) error {
		for _, se := range ses {
			if ferr = fn(se.ID, speechID, se.Text); ferr != nil {
				return ferr
			}
		}
		return nil
	}, args...)
	if ferr != nil {
		return ferr
	}
	if err != nil {
		return fmt.Errorf("sentences of %q: %w", symbol, err)
	}
	return nil
}

// CodedModelLabels returns the model's current label of every pair that
// has codings, keyed by sentence ID and target.
func (s *Store) CodedModelLabels(ctx context.Context) (map[[2]string]unpv.Label, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT st.speech_id || '.' || st.n, st.target, st.label
		FROM (SELECT DISTINCT speech_id, n, target FROM codings) c
		JOIN stances st ON st.speech_id = c.speech_id AND st.n = c.n AND st.target = c.target`)
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
