package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"modernc.org/sqlite"

	"github.com/unpv/unpv"
)

// The annotation page's queues: the classifier's (sentence, organisation)
// pairs, filtered and ordered, without those the coder has already
// labelled or skipped.

// Queue orders.
const (
	OrderUncertain = "uncertain" // the model's least confident labels first
	OrderRandom    = "random"    // a seeded random permutation: its first n pairs are a simple random sample
	OrderDate      = "date"      // record order: date, meeting, speech, sentence
)

// Queue selects and orders pairs for a coder.
type Queue struct {
	Order string // OrderUncertain (default), OrderRandom or OrderDate
	Seed  uint64 // OrderRandom's permutation
	// Filters; empty means any.
	Target     string // organisation acronym
	Delegation string // speaker's delegation code
	Body       string // SC or GA
	From, To   string // ISO dates or prefixes ("2018", "2018-09"), compared at the coarser precision
	// Sentences, when not nil, restricts the queue to these sentences (a
	// search's hits).
	Sentences []string
	// Coder's labelled or skipped pairs are left out; with Fresh, so are
	// pairs anyone labelled.
	Coder string
	Fresh bool
	// Sample, when set, is the queue's text as codings record it (a
	// random queue's, "random seed=1"): only codings made from it leave a
	// pair out. A random queue is the model's accuracy sample, the pairs
	// labelled from it, which must hold every pair of its order: one the
	// coder labelled from another queue comes again.
	Sample string
}

// QueuePair is one pair of a queue with the model's stance.
type QueuePair struct {
	SentenceID string     `json:"sentence_id"`
	Target     string     `json:"target"`
	Label      unpv.Label `json:"model_label"`
	Confidence float64    `json:"confidence"`
}

func init() {
	// unpv_rank(seed, a, b): a deterministic pseudo-random rank for the
	// random order (SQLite has no seeded random function). FNV-1a of the
	// seed and the key, then a SplitMix64 finaliser so that nearby keys
	// spread over the range.
	sqlite.MustRegisterDeterministicScalarFunction("unpv_rank", 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		seed, _ := args[0].(int64)
		a, _ := args[1].(string)
		b, _ := args[2].(string)
		return int64(Rank(uint64(seed), a, b) >> 1), nil
	})
}

// Rank is the random order's key of a pair under seed: sorting pairs by it
// gives a uniformly random permutation for each seed.
func Rank(seed uint64, sentenceID, target string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(sentenceID))
	h.Write([]byte{0})
	h.Write([]byte(target))
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// where builds the queue's population filter (without the coder's
// exclusion) over stances st and speeches sp, with named
// arguments.
func (q Queue) where() (string, []any, error) {
	conds := []string{"1"}
	var args []any
	add := func(cond, name string, v any) {
		conds = append(conds, cond)
		args = append(args, sql.Named(name, v))
	}
	if q.Target != "" {
		add("st.target = @target", "target", q.Target)
	}
	if q.Delegation != "" {
		add("sp.delegation_code = @delegation", "delegation", q.Delegation)
	}
	if q.Body != "" {
		add("sp.body = @body", "body", q.Body)
	}
	// Compared at the coarser precision of the two: a year-only date
	// ("2018") lies within from=2018-09-01.
	if q.From != "" {
		add("substr(sp.date, 1, min(length(sp.date), length(@from))) >= substr(@from, 1, min(length(sp.date), length(@from)))", "from", q.From)
	}
	if q.To != "" {
		add("substr(sp.date, 1, min(length(sp.date), length(@to))) <= substr(@to, 1, min(length(sp.date), length(@to)))", "to", q.To)
	}
	if q.Sentences != nil {
		keys := make([][2]any, len(q.Sentences))
		for i, id := range q.Sentences {
			sp, n := unpv.SplitSentenceID(id)
			keys[i] = [2]any{sp, n}
		}
		b, err := json.Marshal(keys)
		if err != nil {
			return "", nil, err
		}
		add(`(st.speech_id, st.n) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
			FROM json_each(@sentences))`, "sentences", string(b))
	}
	return strings.Join(conds, " AND "), args, nil
}

// queueFrom is a queue's population: the stances with their speeches (not
// their sentences, which a queue needs only for the pair it shows).
const queueFrom = ` FROM stances st JOIN speeches sp ON sp.id = st.speech_id`

// stanceSentenceID is a stance's sentence ID.
const stanceSentenceID = `(st.speech_id || '.' || st.n)`

// codedBy is SQL true when codings c of the stance st's pair (with its
// speech sp) exist that also meet cond and still apply: a coding made on
// the sentence before a re-extraction changed its text is stale, and the
// pair is to be coded again, not left out of the queue as done.
func codedBy(cond string) string {
	return `EXISTS (SELECT 1 FROM codings c JOIN sentence_spans ss ON ss.speech_id = c.speech_id
		WHERE c.speech_id = st.speech_id AND c.n = st.n AND c.target = st.target AND ` + cond + `
		AND c.sentence = ` + textOfSentence("c.n") + `)`
}

// fromSample restricts codedBy to codings made from the queue's Sample.
func (q Queue) fromSample() string {
	if q.Sample == "" {
		return ""
	}
	return " AND c.queue = @sample"
}

// NextPairs returns up to n pairs of the queue the coder has still to code,
// in the queue's order.
func (s *Store) NextPairs(ctx context.Context, q Queue, n int) ([]QueuePair, error) {
	w, args, err := q.where()
	if err != nil {
		return nil, err
	}
	var order string
	switch q.Order {
	case OrderRandom:
		order = "unpv_rank(@seed, " + stanceSentenceID + ", st.target), " + stanceSentenceID + ", st.target"
	case OrderDate:
		order = "sp.date, sp.symbol, sp.seq, st.n, st.target"
	case OrderUncertain, "":
		order = "st.confidence, " + stanceSentenceID + ", st.target"
	default:
		return nil, fmt.Errorf("queue order %q: want uncertain, random or date", q.Order)
	}
	excl := ""
	if q.Coder != "" {
		excl = " AND NOT " + codedBy("c.coder = @coder"+q.fromSample())
		args = append(args, sql.Named("coder", q.Coder))
	}
	if q.Fresh {
		excl += " AND NOT " + codedBy("c.label <> ''"+q.fromSample())
	}
	if q.Sample != "" {
		args = append(args, sql.Named("sample", q.Sample))
	}
	if q.Order == OrderRandom {
		args = append(args, sql.Named("seed", int64(q.Seed)))
	}
	args = append(args, sql.Named("n", n))
	rows, err := s.db.QueryContext(ctx, `SELECT `+stanceSentenceID+`, st.target, st.label, st.confidence`+queueFrom+
		` WHERE `+w+excl+` ORDER BY `+order+` LIMIT @n`, args...)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	defer rows.Close()
	var out []QueuePair
	for rows.Next() {
		var p QueuePair
		var label string
		if err := rows.Scan(&p.SentenceID, &p.Target, &label, &p.Confidence); err != nil {
			return nil, fmt.Errorf("queue: %w", err)
		}
		p.Label = unpv.Label(label)
		out = append(out, p)
	}
	return out, rows.Err()
}

// QueueProgress counts the queue's pairs and those of them the coder has
// labelled or skipped.
func (s *Store) QueueProgress(ctx context.Context, q Queue) (total, done int, err error) {
	w, args, err := q.where()
	if err != nil {
		return 0, 0, err
	}
	args = append(args, sql.Named("coder", q.Coder), sql.Named("sample", q.Sample))
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(`+codedBy("c.coder = @coder"+q.fromSample())+`), 0)`+queueFrom+` WHERE `+w,
		args...).Scan(&total, &done)
	if err != nil {
		return 0, 0, fmt.Errorf("queue progress: %w", err)
	}
	return total, done, nil
}

// Stance returns the model's stance for one pair; unpv.ErrNotFound when
// the model has none.
func (s *Store) Stance(ctx context.Context, sentenceID, target string) (unpv.Stance, error) {
	st := unpv.Stance{SentenceID: sentenceID, Target: target}
	var label, rel string
	sp, n := unpv.SplitSentenceID(sentenceID)
	err := s.db.QueryRowContext(ctx, `SELECT label, confidence, evidence, relation, model FROM stances
		WHERE speech_id = ? AND n = ? AND target = ?`, sp, n, target).Scan(&label, &st.Confidence, &st.Evidence, &rel, &st.Model)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("stance %s %s: %w", sentenceID, target, unpv.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("stance %s %s: %w", sentenceID, target, err)
	}
	st.Label, st.Relation = unpv.Label(label), unpv.Relation(rel)
	return st, nil
}

// SentenceMentions returns the organisation mentions found in one
// sentence, in order.
func (s *Store) SentenceMentions(ctx context.Context, sentenceID string) ([]unpv.Mention, error) {
	sp, n := unpv.SplitSentenceID(sentenceID)
	rows, err := s.db.QueryContext(ctx, `SELECT target, surface, start_offset, end_offset, coref
		FROM mentions WHERE speech_id = ? AND n = ? ORDER BY start_offset, end_offset, target`, sp, n)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", sentenceID, err)
	}
	defer rows.Close()
	var out []unpv.Mention
	for rows.Next() {
		m := unpv.Mention{SentenceID: sentenceID}
		if err := rows.Scan(&m.Target, &m.Surface, &m.Start, &m.End, &m.Coref); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
