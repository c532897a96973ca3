package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

const meetingCols = `symbol, body, meeting, resumption, session, date, agenda, pages`

func scanMeeting(sc interface{ Scan(...any) error }) (unpv.Meeting, error) {
	var m unpv.Meeting
	var body string
	err := sc.Scan(&m.Symbol, &body, &m.Meeting, &m.Resumption, &m.Session, &m.Date, &m.Agenda, &m.Pages)
	m.Body = unpv.Body(body)
	// The emergency special session is read from the symbol, which alone
	// gives it, as mergeMeeting writes meetings.emergency_session for the
	// researchers' views (schema 8): un reads the symbol, so the store's
	// SQL holds no symbol format, and meeting_documents, whose rows this
	// reads too, needs no column for it.
	m.Emergency = un.EmergencySession(m.Meeting)
	return m, err
}

// Meetings returns every meeting record, ordered by date and symbol.
func (s *Store) Meetings(ctx context.Context) ([]unpv.Meeting, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings ORDER BY date, symbol`)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	defer rows.Close()
	var out []unpv.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, fmt.Errorf("meetings: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Meeting returns one meeting record; unpv.ErrNotFound when absent.
func (s *Store) Meeting(ctx context.Context, symbol string) (unpv.Meeting, error) {
	m, err := scanMeeting(s.db.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE symbol = ?`, symbol))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("meeting %s: %w", symbol, unpv.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("meeting %s: %w", symbol, err)
	}
	return m, nil
}

const speechCols = `id, symbol, body, meeting, resumption, date, seq, speaker, speaker_name, delegation,
	delegation_code, role, language, on_behalf_of, page, text`

func scanSpeech(sc interface{ Scan(...any) error }) (unpv.Speech, error) {
	var sp unpv.Speech
	var body, role string
	err := sc.Scan(&sp.ID, &sp.Symbol, &body, &sp.Meeting, &sp.Resumption, &sp.Date, &sp.Seq, &sp.Speaker,
		&sp.SpeakerName, &sp.Delegation, &sp.DelegationCode, &role, &sp.Language, &sp.OnBehalfOf, &sp.Page, &sp.Text)
	sp.Body, sp.Role = unpv.Body(body), unpv.Role(role)
	return sp, err
}

// EachSpeech calls fn for every speech in (date, symbol, seq) order; it
// stops at and returns the first error fn returns.
func (s *Store) EachSpeech(ctx context.Context, fn func(unpv.Speech) error) error {
	return s.eachSpeech(ctx, `SELECT `+speechCols+` FROM speeches ORDER BY date, symbol, seq`, fn)
}

// DocumentSpeeches returns the speeches one document produced, in record order.
func (s *Store) DocumentSpeeches(ctx context.Context, document string) ([]unpv.Speech, error) {
	var out []unpv.Speech
	err := s.eachSpeech(ctx, `SELECT `+speechCols+` FROM speeches WHERE document = ? ORDER BY symbol, seq`,
		func(sp unpv.Speech) error { out = append(out, sp); return nil }, document)
	return out, err
}

func (s *Store) eachSpeech(ctx context.Context, q string, fn func(unpv.Speech) error, args ...any) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("speeches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sp, err := scanSpeech(rows)
		if err != nil {
			return fmt.Errorf("speeches: %w", err)
		}
		if err := fn(sp); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Speech returns one speech by ID ("symbol#seq"); unpv.ErrNotFound when absent.
func (s *Store) Speech(ctx context.Context, id string) (unpv.Speech, error) {
	sp, err := scanSpeech(s.db.QueryRowContext(ctx, `SELECT `+speechCols+` FROM speeches WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sp, fmt.Errorf("speech %s: %w", id, unpv.ErrNotFound)
	}
	if err != nil {
		return sp, fmt.Errorf("speech %s: %w", id, err)
	}
	return sp, nil
}

// DocumentSentences returns the sentences of one document's speeches, keyed
// by speech ID, each slice in order.
func (s *Store) DocumentSentences(ctx context.Context, document string) (map[string][]unpv.Sentence, error) {
	out := map[string][]unpv.Sentence{}
	err := s.eachSpans(ctx, `WHERE sp.document = ?`, func(id string, ses []unpv.Sentence) error { out[id] = ses; return nil }, document)
	if err != nil {
		return nil, fmt.Errorf("sentences of %s: %w", document, err)
	}
	return out, nil
}

// Sentences returns the sentences of one speech in order.
func (s *Store) Sentences(ctx context.Context, speechID string) ([]unpv.Sentence, error) {
	var out []unpv.Sentence
	err := s.eachSpans(ctx, `WHERE sp.id = ?`, func(_ string, ses []unpv.Sentence) error { out = ses; return nil }, speechID)
	if err != nil {
		return nil, fmt.Errorf("sentences of %s: %w", speechID, err)
	}
	return out, nil
}

// SpeechSentences returns the sentences of one speech numbered ns, in
// order (their offsets into the speech's text), and the organisation
// mentions found in them (offsets in their sentence), in order: the
// speech view marks the stance sentences and their mentions with them.
func (s *Store) SpeechSentences(ctx context.Context, speechID string, ns []int) ([]unpv.Sentence, []unpv.Mention, error) {
	if len(ns) == 0 {
		return nil, nil, nil
	}
	all, err := s.Sentences(ctx, speechID)
	if err != nil {
		return nil, nil, err
	}
	var out []unpv.Sentence
	for _, se := range all {
		if slices.Contains(ns, se.N) {
			out = append(out, se)
		}
	}
	b, err := json.Marshal(ns)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n, target, surface, start_offset, end_offset, coref FROM mentions
		WHERE speech_id = ? AND n IN (SELECT value FROM json_each(?)) ORDER BY n, start_offset, end_offset, target`, speechID, string(b))
	if err != nil {
		return nil, nil, fmt.Errorf("mentions of %s: %w", speechID, err)
	}
	defer rows.Close()
	var ms []unpv.Mention
	for rows.Next() {
		var m unpv.Mention
		var n int
		if err := rows.Scan(&n, &m.Target, &m.Surface, &m.Start, &m.End, &m.Coref); err != nil {
			return nil, nil, fmt.Errorf("mentions of %s: %w", speechID, err)
		}
		m.SentenceID = unpv.SentenceID(speechID, n)
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("mentions of %s: %w", speechID, err)
	}
	return out, ms, nil
}

// eachSpans calls fn with the sentences of every speech that where selects
// (a clause on speeches sp), cut from the speech text by their offsets,
// and stops at fn's first error.
func (s *Store) eachSpans(ctx context.Context, where string, fn func(speechID string, ses []unpv.Sentence) error, args ...any) error {
	rows, err := s.db.QueryContext(ctx, `SELECT sp.id, sp.text, ss.spans FROM speeches sp
		JOIN sentence_spans ss ON ss.speech_id = sp.id `+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, text, spans string
		if err := rows.Scan(&id, &text, &spans); err != nil {
			return err
		}
		ses, err := cutSentences(id, text, spans)
		if err != nil {
			return err
		}
		if err := fn(id, ses); err != nil {
			return err
		}
	}
	return rows.Err()
}

// cutSentences makes the sentences of a speech from its text and its
// sentence_spans ([[start, end], …]).
func cutSentences(speechID, text, spans string) ([]unpv.Sentence, error) {
	var offs [][2]int
	if err := json.Unmarshal([]byte(spans), &offs); err != nil {
		return nil, fmt.Errorf("sentence spans of %s: %v: %w", speechID, err, ErrDamaged)
	}
	out := make([]unpv.Sentence, len(offs))
	for i, o := range offs {
		if o[0] < 0 || o[0] > o[1] || o[1] > len(text) {
			return nil, fmt.Errorf("sentence %d of %s: offsets %d–%d outside its %d bytes: %w", i+1, speechID, o[0], o[1], len(text), ErrDamaged)
		}
		out[i] = unpv.Sentence{ID: unpv.SentenceID(speechID, i+1), SpeechID: speechID, N: i + 1, Start: o[0], End: o[1],
			Text: text[o[0]:o[1]]}
	}
	return out, nil
}

// textOfSentence is SQL for the text of sentence number n (a column) of
// speech sp, cut by the offsets in spans ss; NULL when the speech has no
// sentence n.
func textOfSentence(n string) string {
	return strings.NewReplacer("N", n).Replace(`CAST(substr(CAST(sp.text AS BLOB), json_extract(ss.spans, '$[' || (N - 1) || '][0]') + 1,
	json_extract(ss.spans, '$[' || (N - 1) || '][1]') - json_extract(ss.spans, '$[' || (N - 1) || '][0]')) AS TEXT)`)
}

// StanceRow joins a stance with its sentence and speech for reports and the index.
type StanceRow struct {
	unpv.Stance
	SpeechID, Symbol, Meeting, Date, Speaker, SpeakerName, Delegation, DelegationCode, Agenda, Sentence string
	Body                                                                                                unpv.Body
	Role                                                                                                unpv.Role
}

// EachStance calls fn for every stance joined with its sentence, speech and
// meeting, in (date, symbol, sentence, target) order,
// with researchers' hand labels applied: a pair with a hand label (the
// hand_labels view; not a disputed one) carries it as Label, with Hand set
// and the model's label in ModelLabel, and a hand-labelled pair the model
// did not label comes as a row of its own (no confidence, evidence,
// relation or model), in its place in the order.
func (s *Store) EachStance(ctx context.Context, fn func(StanceRow) error) error {
	// The hand labels are few: a map, rather than a join SQLite may plan
	// as a scan of them per stance.
	hand, err := s.handLabelMap(ctx)
	if err != nil {
		return err
	}
	var added []sortedRow
	if len(hand) > 0 {
		if added, err = s.handOnlyRows(ctx); err != nil {
			return err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT st.speech_id || '.' || st.n, st.target, st.label, st.confidence, st.evidence,
		st.relation, st.model, `+stanceSpeechCols("st.n")+`
		FROM stances st
		JOIN speeches sp ON sp.id = st.speech_id
		JOIN sentence_spans ss ON ss.speech_id = st.speech_id
		LEFT JOIN meetings m ON m.symbol = sp.symbol
		ORDER BY sp.date, sp.symbol, sp.seq, st.n, st.target`)
	if err != nil {
		return fmt.Errorf("stances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r sortedRow
		var label, rel string
		if err := rows.Scan(append([]any{&r.SentenceID, &r.Target, &label, &r.Confidence, &r.Evidence, &rel, &r.Model},
			r.speechDest()...)...); err != nil {
			return fmt.Errorf("stances: %w", err)
		}
		r.finish()
		r.Label, r.Relation = unpv.Label(label), unpv.Relation(rel)
		if h, ok := hand[[2]string{r.SentenceID, r.Target}]; ok {
			r.Hand, r.ModelLabel, r.Label = true, r.Label, h
		}
		for len(added) > 0 && added[0].before(&r) {
			if err := fn(added[0].StanceRow); err != nil {
				return err
			}
			added = added[1:]
		}
		if err := fn(r.StanceRow); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range added {
		if err := fn(a.StanceRow); err != nil {
			return err
		}
	}
	return nil
}

// stanceSpeechCols are what a stance row holds of its speech sp (with its
// sentence spans ss), sentence number n (a column) and meeting m
// (sortedRow.speechDest scans them).
func stanceSpeechCols(n string) string {
	return `sp.id, sp.symbol, sp.meeting, sp.date, sp.speaker, sp.speaker_name, sp.delegation,
	sp.delegation_code, COALESCE(m.agenda, ''), ` + textOfSentence(n) + `, sp.body, sp.role, sp.seq, ` + n
}

// sortedRow is a stance row with the rest of its sort key.
type sortedRow struct {
	StanceRow
	seq, n     int
	body, role string
}

func (r *sortedRow) speechDest() []any {
	return []any{&r.SpeechID, &r.Symbol, &r.Meeting, &r.Date, &r.Speaker, &r.SpeakerName, &r.Delegation,
		&r.DelegationCode, &r.Agenda, &r.Sentence, &r.body, &r.role, &r.seq, &r.n}
}

func (r *sortedRow) finish() { r.Body, r.Role = unpv.Body(r.body), unpv.Role(r.role) }

// before reports whether r sorts before o in EachStance's order (SQLite
// compares text bytewise, as Go does).
func (r *sortedRow) before(o *sortedRow) bool {
	if r.Date != o.Date {
		return r.Date < o.Date
	}
	if r.Symbol != o.Symbol {
		return r.Symbol < o.Symbol
	}
	if r.seq != o.seq {
		return r.seq < o.seq
	}
	if r.n != o.n {
		return r.n < o.n
	}
	return r.Target < o.Target
}

// handOnlyRows are the hand-labelled pairs the model did not label, as
// stance rows in EachStance's order.
func (s *Store) handOnlyRows(ctx context.Context) ([]sortedRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT h.sentence_id, h.target, h.label, `+stanceSpeechCols("h.n")+`
		`+handFrom+`
		LEFT JOIN meetings m ON m.symbol = sp.symbol
		WHERE `+handApplies+`
		  AND NOT EXISTS (SELECT 1 FROM stances st WHERE st.speech_id = h.speech_id AND st.n = h.n AND st.target = h.target)
		ORDER BY sp.date, sp.symbol, sp.seq, h.n, h.target`)
	if err != nil {
		return nil, fmt.Errorf("hand-labelled pairs: %w", err)
	}
	defer rows.Close()
	var out []sortedRow
	for rows.Next() {
		var r sortedRow
		var label string
		if err := rows.Scan(append([]any{&r.SentenceID, &r.Target, &label}, r.speechDest()...)...); err != nil {
			return nil, fmt.Errorf("hand-labelled pairs: %w", err)
		}
		r.finish()
		r.Label, r.Hand = unpv.Label(label), true
		out = append(out, r)
	}
	return out, rows.Err()
}

// DocumentStances returns the stances and mentions stored for one
// document, in (speech, sentence, …) order, with researchers' hand labels
// applied as EachStance applies them: hand is what AppliedHandLabels
// returned, read once for all the documents a caller reads (the
// hand_labels view is computed over all codings at every query, so
// reading it per document would cost the codings times the documents;
// see BenchmarkDocumentStances).
func (s *Store) DocumentStances(ctx context.Context, document string, hand AppliedHandLabels) ([]unpv.Mention, []unpv.Stance, error) {
	var ms []unpv.Mention
	rows, err := s.db.QueryContext(ctx, `SELECT speech_id, n, target, surface, start_offset, end_offset, coref
		FROM mentions WHERE speech_id IN (SELECT id FROM speeches WHERE document = ?)
		ORDER BY speech_id, n, start_offset, end_offset, target`, document)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var m unpv.Mention
		var sp string
		var n int
		if err := rows.Scan(&sp, &n, &m.Target, &m.Surface, &m.Start, &m.End, &m.Coref); err != nil {
			rows.Close()
			return nil, nil, err
		}
		m.SentenceID = unpv.SentenceID(sp, n)
		ms = append(ms, m)
	}
	rows.Close()
	var sts []unpv.Stance
	rows, err = s.db.QueryContext(ctx, `SELECT speech_id, n, target, label, confidence, evidence, relation, model
		FROM stances WHERE speech_id IN (SELECT id FROM speeches WHERE document = ?) ORDER BY speech_id, n, target`, document)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st unpv.Stance
		var label, rel, sp string
		var n int
		if err := rows.Scan(&sp, &n, &st.Target, &label, &st.Confidence, &st.Evidence, &rel, &st.Model); err != nil {
			return nil, nil, err
		}
		st.SentenceID = unpv.SentenceID(sp, n)
		st.Label, st.Relation = unpv.Label(label), unpv.Relation(rel)
		sts = append(sts, st)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(hand[document]) == 0 {
		return ms, sts, nil
	}
	return ms, applyHand(sts, hand[document]), nil
}

// AppliedHandLabels are the hand labels that apply (decided, and the
// stored sentence still reads as coded), by document and then by
// (sentence ID, target).
type AppliedHandLabels map[string]map[[2]string]unpv.Label

// AppliedHandLabels reads every hand label that applies, for
// DocumentStances.
func (s *Store) AppliedHandLabels(ctx context.Context) (AppliedHandLabels, error) {
	out := AppliedHandLabels{}
	err := s.eachHandLabel(ctx, func(doc, id, target string, l unpv.Label) {
		if out[doc] == nil {
			out[doc] = map[[2]string]unpv.Label{}
		}
		out[doc][[2]string{id, target}] = l
	})
	return out, err
}

// applyHand gives the stances of sts that have a hand label in hand that
// label (Hand set, the model's in ModelLabel) and adds the hand-labelled
// pairs the model did not label, in (speech, sentence, target) order.
func applyHand(sts []unpv.Stance, hand map[[2]string]unpv.Label) []unpv.Stance {
	done := make(map[[2]string]bool, len(hand))
	for i, st := range sts {
		k := [2]string{st.SentenceID, st.Target}
		if l, ok := hand[k]; ok {
			sts[i].Hand, sts[i].ModelLabel, sts[i].Label = true, st.Label, l
			done[k] = true
		}
	}
	added := false
	for k, l := range hand {
		if !done[k] {
			sts = append(sts, unpv.Stance{SentenceID: k[0], Target: k[1], Label: l, Hand: true})
			added = true
		}
	}
	if added {
		slices.SortStableFunc(sts, func(a, b unpv.Stance) int {
			spa, na := unpv.SplitSentenceID(a.SentenceID)
			spb, nb := unpv.SplitSentenceID(b.SentenceID)
			return cmp.Or(strings.Compare(spa, spb), cmp.Compare(na, nb), strings.Compare(a.Target, b.Target))
		})
	}
	return sts
}

// Votes returns every recorded vote with its lists, in (date, symbol, n) order.
func (s *Store) Votes(ctx context.Context) ([]unpv.Vote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT v.symbol, v.n, v.draft, v.subject, v.total_in_favour, v.total_against,
		v.total_abstaining, v.outcome, v.mismatch, v.page
		FROM votes v LEFT JOIN meetings m ON m.symbol = v.symbol
		ORDER BY COALESCE(m.date, ''), v.symbol, v.n`)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	type key struct {
		symbol string
		n      int
	}
	var out []unpv.Vote
	idx := map[key]int{}
	for rows.Next() {
		var v unpv.Vote
		var n int
		if err := rows.Scan(&v.Symbol, &n, &v.Draft, &v.Subject, &v.TotalInFavour, &v.TotalAgainst,
			&v.TotalAbstaining, &v.Outcome, &v.Mismatch, &v.Page); err != nil {
			rows.Close()
			return nil, fmt.Errorf("votes: %w", err)
		}
		v.InFavour, v.Against, v.Abstaining = []string{}, []string{}, []string{}
		idx[key{v.Symbol, n}] = len(out)
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	// rowid order keeps the lists in the order the record printed them.
	prows, err := s.db.QueryContext(ctx, `SELECT symbol, n, position, delegation FROM vote_positions ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var k key
		var pos, del string
		if err := prows.Scan(&k.symbol, &k.n, &pos, &del); err != nil {
			return nil, fmt.Errorf("votes: %w", err)
		}
		i, ok := idx[k]
		if !ok {
			continue
		}
		switch pos {
		case PositionInFavour:
			out[i].InFavour = append(out[i].InFavour, del)
		case PositionAgainst:
			out[i].Against = append(out[i].Against, del)
		case PositionAbstaining:
			out[i].Abstaining = append(out[i].Abstaining, del)
		}
	}
	return out, prows.Err()
}

// Vote positions as stored in vote_positions.position.
const (
	PositionInFavour   = "in_favour"
	PositionAgainst    = "against"
	PositionAbstaining = "abstaining"
)

// Events returns the procedural events of one meeting record in order.
func (s *Store) Events(ctx context.Context, symbol string) ([]unpv.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT symbol, after_seq, kind, time, text, page FROM events
		WHERE symbol = ? ORDER BY n`, symbol)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", symbol, err)
	}
	defer rows.Close()
	var out []unpv.Event
	for rows.Next() {
		var e unpv.Event
		if err := rows.Scan(&e.Symbol, &e.After, &e.Kind, &e.Time, &e.Text, &e.Page); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountSpeeches returns how many speeches the store holds.
func (s *Store) CountSpeeches(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM speeches`).Scan(&n)
	return n, err
}

// IndexInputs describes what the search index is made from, for the index
// stage to update only what changed: one entry per document, "doc:" and its
// key, hashing its extract and classify states (status and output hash:
// its speeches, mentions and stances), and one per meeting, "meeting:" and
// its symbol, hashing its agenda, which every speech of the meeting is
// indexed with and which another document's extraction may set. A
// document's hash covers the hand labels that apply to its sentences too
// (one without any hashes as before codings existed), so that a coding
// re-indexes the document it is in.
func (s *Store) IndexInputs(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	hand := map[string][]string{}
	if err := s.eachHandLabel(ctx, func(doc, sentenceID, target string, label unpv.Label) {
		hand[doc] = append(hand[doc], fmt.Sprintf("hand\x00%s\x00%s\x00%s\n", sentenceID, target, label))
	}); err != nil {
		return nil, fmt.Errorf("index inputs: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT document, stage, status, output_hash FROM stage_state
		WHERE stage IN (?, ?) ORDER BY document, stage`, StageClassify, StageExtract)
	if err != nil {
		return nil, fmt.Errorf("index inputs: %w", err)
	}
	defer rows.Close()
	var doc string
	h := sha256.New()
	put := func() {
		if doc != "" {
			for _, x := range hand[doc] {
				io.WriteString(h, x)
			}
			out["doc:"+doc] = hex.EncodeToString(h.Sum(nil)[:16])
		}
		h.Reset()
	}
	for rows.Next() {
		var d, stage, status, hash string
		if err := rows.Scan(&d, &stage, &status, &hash); err != nil {
			return nil, fmt.Errorf("index inputs: %w", err)
		}
		if d != doc {
			put()
			doc = d
		}
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", stage, status, hash)
	}
	put()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("index inputs: %w", err)
	}
	mrows, err := s.db.QueryContext(ctx, `SELECT symbol, agenda FROM meetings`)
	if err != nil {
		return nil, fmt.Errorf("index inputs: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var sym, agenda string
		if err := mrows.Scan(&sym, &agenda); err != nil {
			return nil, fmt.Errorf("index inputs: %w", err)
		}
		sum := sha256.Sum256([]byte(agenda))
		out["meeting:"+sym] = hex.EncodeToString(sum[:16])
	}
	return out, mrows.Err()
}

// MeetingDocuments returns the documents that hold speeches of the given
// meetings, sorted.
func (s *Store) MeetingDocuments(ctx context.Context, symbols []string) ([]string, error) {
	if len(symbols) == 0 {
		return []string{}, nil
	}
	list, err := json.Marshal(symbols)
	if err != nil {
		return nil, err
	}
	out, err := s.strings(ctx, `SELECT DISTINCT document FROM speeches
		WHERE symbol IN (SELECT value FROM json_each(?)) ORDER BY document`, string(list))
	if err != nil {
		return nil, fmt.Errorf("documents of meetings: %w", err)
	}
	return out, nil
}

// DocumentsWithSpeeches returns every document that has speeches, sorted.
func (s *Store) DocumentsWithSpeeches(ctx context.Context) ([]string, error) {
	out, err := s.strings(ctx, `SELECT DISTINCT document FROM speeches ORDER BY document`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return out, nil
}

// strings returns the one text column of query's rows.
func (s *Store) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	return queryStrings(ctx, s.db, query, args...)
}

// queryStrings returns the one text column of query's rows, read from the
// store or within a transaction.
func queryStrings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SpeechTexts returns the text of each speech or sentence of ids ("symbol#seq"
// or "symbol#seq.n") that the store holds: the search index reads them for
// fragments and keeps no copy.
func (s *Store) SpeechTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	asked := map[string]bool{}
	sentences := map[string][]int{} // speech → numbers of its sentences asked for
	speeches := make([]string, 0, len(ids))
	for _, id := range ids {
		asked[id] = true
		speeches = append(speeches, id)
		if sp, n := unpv.SplitSentenceID(id); n > 0 {
			speeches = append(speeches, sp)
			sentences[sp] = append(sentences[sp], n)
		}
	}
	b, err := json.Marshal(speeches)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sp.id, sp.text, COALESCE(ss.spans, '[]') FROM speeches sp
		LEFT JOIN sentence_spans ss ON ss.speech_id = sp.id WHERE sp.id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, fmt.Errorf("speech texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, text, spans string
		if err := rows.Scan(&id, &text, &spans); err != nil {
			return nil, fmt.Errorf("speech texts: %w", err)
		}
		if asked[id] {
			out[id] = text
		}
		if ns := sentences[id]; len(ns) > 0 {
			ses, err := cutSentences(id, text, spans)
			if err != nil {
				return nil, err
			}
			for _, k := range ns {
				if k <= len(ses) {
					out[ses[k-1].ID] = ses[k-1].Text
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("speech texts: %w", err)
	}
	return out, nil
}

// Held is what the store holds of one record for one delegation: the
// coverage behind every rate in a report.
type Held struct {
	Symbol, Meeting, Date, DelegationCode string
	Body                                  unpv.Body
	Speeches, Sentences                   int
}

// Coverage counts the speeches and sentences the store holds per record,
// meeting, date and delegation code (general-debate statements of one
// session differ in meeting and date when their text named them), in
// (date, symbol, meeting, delegation) order.
func (s *Store) Coverage(ctx context.Context) ([]Held, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sp.symbol, sp.meeting, sp.date, sp.body, sp.delegation_code,
		COUNT(*), COALESCE(SUM(n.c), 0)
		FROM speeches sp
		LEFT JOIN (SELECT speech_id, json_array_length(spans) AS c FROM sentence_spans) n ON n.speech_id = sp.id
		GROUP BY sp.symbol, sp.meeting, sp.date, sp.body, sp.delegation_code
		ORDER BY sp.date, sp.symbol, sp.meeting, sp.delegation_code`)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	defer rows.Close()
	var out []Held
	for rows.Next() {
		var h Held
		var body string
		if err := rows.Scan(&h.Symbol, &h.Meeting, &h.Date, &body, &h.DelegationCode, &h.Speeches, &h.Sentences); err != nil {
			return nil, fmt.Errorf("coverage: %w", err)
		}
		h.Body = unpv.Body(body)
		out = append(out, h)
	}
	return out, rows.Err()
}

// StanceSentences returns the sentences of speeches (one document's, as
// DocumentSpeeches gives them, text included) that carry one of sts (its
// stances as DocumentStances gives them, hand labels applied), keyed by
// speech ID, each slice in order: the index indexes them as documents of
// their own. Only the sentence offsets are read: the texts are cut from
// the speeches the caller already holds.
func (s *Store) StanceSentences(ctx context.Context, document string, speeches []unpv.Speech, sts []unpv.Stance) (map[string][]unpv.Sentence, error) {
	carriers := map[string]map[int]bool{}
	for _, st := range sts {
		sp, n := unpv.SplitSentenceID(st.SentenceID)
		if carriers[sp] == nil {
			carriers[sp] = map[int]bool{}
		}
		carriers[sp][n] = true
	}
	out := map[string][]unpv.Sentence{}
	if len(carriers) == 0 {
		return out, nil
	}
	texts := make(map[string]string, len(carriers))
	for _, sp := range speeches {
		if carriers[sp.ID] != nil {
			texts[sp.ID] = sp.Text
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT speech_id, spans FROM sentence_spans
		WHERE speech_id IN (SELECT id FROM speeches WHERE document = ?)`, document)
	if err != nil {
		return nil, fmt.Errorf("stance sentences of %s: %w", document, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, spans string
		if err := rows.Scan(&id, &spans); err != nil {
			return nil, fmt.Errorf("stance sentences of %s: %w", document, err)
		}
		text, ok := texts[id]
		if !ok {
			continue
		}
		ses, err := cutSentences(id, text, spans)
		if err != nil {
			return nil, fmt.Errorf("stance sentences of %s: %w", document, err)
		}
		for _, se := range ses {
			if carriers[id][se.N] {
				out[id] = append(out[id], se)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stance sentences of %s: %w", document, err)
	}
	return out, nil
}
