// Package annotate is the researchers' side of the stance labels: the
// labelling page of `unpv serve` (/annotate: queues, keyboard coding,
// undo, two coders blind to each other), agreement between coders and the
// model's accuracy on a random sample, and the JSON Lines form in which
// hand labels leave and enter the store (the schema of the shared
// gold-dev.jsonl).
//
// The package reads and writes no store: the page works through a
// Workspace, which package pipeline implements over the store and the
// search index, and the statistics are computed from codings the caller
// reads.
package annotate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/un"
)

// Record is one labelled pair, or one coding act, as `unpv annotate
// export` writes it and `unpv annotate import` reads it: the fields of
// gold-dev.jsonl (ID to Context, so that any reader of that file reads
// these), then what the store keeps about the coding. Import needs only
// Sentence, Target and Label (none for a skip), with a coder here or on the
// command line; it finds the sentence in the store by SentenceID, else by
// its text within Symbol, else by its text alone.
type Record struct {
	ID       string     `json:"id"`     // "SENTENCE_ID:TARGET"
	Source   string     `json:"source"` // the store document's kind: pdf, unsc-debates, ungdc
	Symbol   string     `json:"symbol"`
	Date     string     `json:"date"`
	Speaker  string     `json:"speaker"` // as printed, else the delegation code
	Target   string     `json:"target"`
	Sentence string     `json:"sentence"`
	Label    unpv.Label `json:"label"`
	Context  string     `json:"context,omitempty"` // the sentence before

	SentenceID string `json:"sentence_id,omitempty"`
	// DelegationCode is the speech's delegation code (export only; import
	// reads the speaker as printed), the key the report's rows and
	// classify --in read, which a speaker as printed without a delegation
	// ("Mr. Skoog") does not give.
	DelegationCode string `json:"delegation_code,omitempty"`
	// Kind is the act a codings export line records, KindLabel or
	// KindSkip (whose label is empty), so that a skip is told apart from
	// a line that lacks its label, which import refuses. Lines without a
	// kind (labels exports, gold files) are labels.
	Kind  string `json:"kind,omitempty"`
	Coder string `json:"coder,omitempty"`
	Note  string `json:"note,omitempty"`
	At    string `json:"at,omitempty"`
	Queue string `json:"queue,omitempty"`
	// Adjudication says whether a codings export's act settles the pair
	// (true or false on every act: left out when false, it read as NA in
	// a table, and !adjudication kept nothing); nil (left out) in a labels
	// export, whose lines are pairs, and read as false.
	Adjudication *bool           `json:"adjudication,omitempty"`
	ModelLabel   unpv.Label      `json:"model_label,omitempty"`
	Model        string          `json:"model,omitempty"`
	Status       unpv.HandStatus `json:"status,omitempty"` // label export: how the label was decided
	Coders       []string        `json:"coders,omitempty"` // label export: who labelled the pair
	// Adjudicator is who settled an adjudicated pair's label (label
	// export; the codings export names each act's coder).
	Adjudicator string `json:"adjudicator,omitempty"`
	// Stale marks a label or act coded on a text the store no longer
	// reads at SentenceID (a new segmenter renumbered the sentences):
	// the ID names another sentence now, or none, and Sentence is the text
	// coded. Import finds it by that text; a reader joining by ID must not.
	// Exports write it on every line, true or false, so that a table's
	// reader gets no NA (R's jsonlite reads a missing field so).
	Stale bool `json:"stale"`
}

// Adjudicates reports whether the record is an adjudication.
func (rec *Record) Adjudicates() bool { return rec.Adjudication != nil && *rec.Adjudication }

// The kinds of coding act a Record holds.
const (
	KindLabel = "label"
	KindSkip  = "skip" // the coder passed the pair without deciding
)

// PairID is a pair's ID in exports: "S/PV.8731#4.2:AU".
func PairID(sentenceID, target string) string { return sentenceID + ":" + target }

// ParsePairID reads a PairID back; false when id has no sentence before
// its last colon.
func ParsePairID(id string) (Pair, bool) {
	i := strings.LastIndexByte(id, ':')
	if i <= 0 {
		return Pair{}, false
	}
	return Pair{SentenceID: id[:i], Target: id[i+1:]}, true
}

// LineError is a bad input line, skipped.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ErrBadRecord marks a line that is not a usable labelled pair or coding
// act.
var ErrBadRecord = errors.New("bad record")

// ReadRecords reads labelled pairs and coding acts, one JSON object per
// line, lines of at most maxLine bytes. Bad lines (malformed JSON, no
// sentence, an unknown organisation, label or kind, a skip with a label,
// a time not in RFC 3339, too long) are returned as LineErrors and skipped;
// blank lines are ignored. Targets come back as canonical acronyms.
func ReadRecords(r io.Reader, maxLine int) ([]Record, []*LineError, error) {
	var out []Record
	var bad []*LineError
	for l, err := range limit.Lines(r, maxLine) {
		if err != nil {
			if errors.Is(err, limit.ErrTooLarge) {
				bad = append(bad, &LineError{l.N, err})
				continue
			}
			return out, bad, err
		}
		line := strings.TrimSpace(string(l.Text))
		if line == "" {
			continue
		}
		var rec Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			bad = append(bad, &LineError{l.N, fmt.Errorf("%w: malformed JSON: %v", ErrBadRecord, err)})
			continue
		}
		if err := rec.check(); err != nil {
			bad = append(bad, &LineError{l.N, err})
			continue
		}
		out = append(out, rec)
	}
	return out, bad, nil
}

// MaxNote bounds a coding's note, on the page and in imports.
const MaxNote = 2000

func (rec *Record) check() error {
	if strings.TrimSpace(rec.Sentence) == "" && rec.SentenceID == "" {
		return fmt.Errorf("%w: no sentence", ErrBadRecord)
	}
	t, ok := un.CanonicalOrganisation(rec.Target)
	if !ok {
		return fmt.Errorf("%w: unknown organisation %q", ErrBadRecord, rec.Target)
	}
	rec.Target = t
	switch rec.Kind {
	case "", KindLabel:
		if rec.Label.Index() < 0 {
			return fmt.Errorf("%w: unknown label %q (want recognition, counter or neutral)", ErrBadRecord, rec.Label)
		}
	case KindSkip:
		// A skip decides nothing: a label or an adjudication on it would
		// say otherwise, and the store would take it for a label.
		if rec.Label != "" || rec.Adjudicates() {
			return fmt.Errorf("%w: a skip has no label and is no adjudication", ErrBadRecord)
		}
	default:
		return fmt.Errorf("%w: unknown kind %q (want label or skip)", ErrBadRecord, rec.Kind)
	}
	if rec.Coder != "" {
		if err := CheckCoder(rec.Coder); err != nil {
			return err
		}
	}
	if len(rec.Note) > MaxNote {
		return fmt.Errorf("%w: note longer than %d bytes", ErrBadRecord, MaxNote)
	}
	// A time is compared with the store's, so it must be one: "yesterday"
	// was stored as given and became its coder's last act.
	if rec.At != "" {
		if _, err := time.Parse(time.RFC3339Nano, rec.At); err != nil {
			return fmt.Errorf("%w: at %q: want an RFC 3339 time (2026-01-02T15:04:05Z)", ErrBadRecord, rec.At)
		}
	}
	return nil
}

// WriteRecords writes records as JSON Lines.
func WriteRecords(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// MaxCoder bounds a coder's name.
const MaxCoder = 64

// ErrBadCoder marks a coder's name unpv does not take.
var ErrBadCoder = errors.New("bad coder name")

// CheckCoder checks a coder's name: 1 to 64 bytes of letters, digits,
// spaces and . _ - ' @, without spaces at either end.
func CheckCoder(name string) error {
	if name == "" || len(name) > MaxCoder || strings.TrimSpace(name) != name {
		return fmt.Errorf("%w: give 1 to %d characters, without spaces at either end", ErrBadCoder, MaxCoder)
	}
	for _, r := range name {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		case strings.ContainsRune(" ._-'@", r):
		default:
			return fmt.Errorf("%w: %q: use letters, digits, spaces and . _ - ' @", ErrBadCoder, name)
		}
	}
	return nil
}
