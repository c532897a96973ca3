// Package index builds and searches the full-text index of speeches: a Bleve
// index with one document per speech and per sentence that carries a
// stance, rebuilt or updated in a new generation that is swapped in
// atomically so that readers (unpv serve, unpv search) never see a
// half-built index, and reopened by readers when a new build lands.
//
// The package takes documents and never reads the store itself: the pipeline
// and cmd/unpv feed Rebuild and Update.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/document"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// Doc is one speech to index with what the pipeline knows about it.
type Doc struct {
	Speech unpv.Speech
	Agenda string // agenda item of the meeting
	// Stances are the classified sentences of the speech; the organisations
	// mentioned and the labels per organisation are derived from them.
	Stances []unpv.Stance
	// Mentions optionally lists further organisations mentioned without a
	// classified stance; they are indexed as targets too.
	Mentions []string
	// MentionsRead says the speech was read for organisation mentions (the
	// classify stage ran on it), so that its targets are complete: a search
	// for an organisation's acronym or name then keeps it only when the
	// organisation is among them (see mentioned in orgs.go). A speech not
	// read is kept on its words alone.
	MentionsRead bool
	// Sentences are the speech's sentences (those that carry a stance are
	// enough): each sentence with a stance is also indexed as a document of
	// its own, which stance filters search.
	Sentences []unpv.Sentence
	// Document is the store document the speech comes from: Update
	// replaces the index documents (the speech's and its sentences') of a
	// changed store document together.
	Document string
}

// Sentinel errors.
var (
	// ErrNoIndex means no index has been built in the directory yet.
	ErrNoIndex = errors.New("no search index")
	// ErrCorrupt means the index exists but cannot be opened or was built by
	// another schema version; rebuild it from the store.
	ErrCorrupt = errors.New("search index unusable")
	// ErrBadQuery marks a query the user must fix (syntax, dates, sort, window).
	ErrBadQuery = errors.New("bad query")
)

// fields turns a Doc into the flat field map of its speech document.
func (d Doc) fields() (map[string]any, error) {
	s := d.Speech
	if s.ID == "" {
		return nil, errors.New("speech without id")
	}
	f := d.common()
	f[FieldText] = s.Text
	f[FieldTextHash] = textHash(s.Text)
	f[FieldWords] = float64(countWords(s.Text))
	if d.Agenda != "" {
		f[FieldAgendaText] = d.Agenda
	}
	targets := map[string]bool{}
	for _, m := range d.Mentions {
		if m != "" {
			targets[m] = true
		}
	}
	if err := addStances(f, d.Stances, targets); err != nil {
		return nil, err
	}
	setDateOrder(f, s, s.ID)
	f[FieldRead] = readUnread
	if d.MentionsRead {
		f[FieldRead] = readMentions
	}
	return f, nil
}

// sentenceDocs returns the id and field map of every sentence of d that
// carries a stance: the sentence's text and stances with its speech's
// metadata (but not its agenda text, so that a query matches the sentence
// itself).
func (d Doc) sentenceDocs() (ids []string, docs []map[string]any, err error) {
	if len(d.Stances) == 0 || len(d.Sentences) == 0 {
		return nil, nil, nil
	}
	bySentence := map[string][]unpv.Stance{}
	for _, st := range d.Stances {
		bySentence[st.SentenceID] = append(bySentence[st.SentenceID], st)
	}
	base := d.filterFields() // the speech's, the same for each of its sentences
	for _, se := range d.Sentences {
		sts := bySentence[se.ID]
		if len(sts) == 0 || se.ID == "" {
			continue
		}
		f := maps.Clone(base)
		f[FieldKind] = KindSentence
		f[FieldRead] = readUnread // kept on its words, as before it had a field for it
		f[FieldSpeechID] = d.Speech.ID
		f[FieldSentenceN] = float64(se.N)
		setDateOrder(f, d.Speech, se.ID)
		low := 1.0
		best := map[[2]string]float64{} // the highest confidence of each target:label and *:label
		for _, st := range sts {
			c := 1.0 // a researcher's label is certain
			if !st.Hand {
				c = st.Confidence
			}
			low = min(low, c)
			if st.Target != "" && st.Label != "" {
				for _, t := range []string{st.Target, anyValue} {
					k := [2]string{t, string(st.Label)}
					if b, ok := best[k]; !ok || c > b {
						best[k] = c
					}
				}
			}
		}
		f[FieldConfidence] = low
		if len(best) > 0 {
			var confs []string
			for k, c := range best {
				confs = append(confs, stanceConfidence(k[0], k[1], c))
			}
			slices.Sort(confs)
			f[FieldStanceConfidence] = confs
		}
		f[FieldText] = se.Text
		f[FieldTextHash] = textHash(se.Text)
		if err := addStances(f, sts, map[string]bool{}); err != nil {
			return nil, nil, err
		}
		ids = append(ids, se.ID)
		docs = append(docs, f)
	}
	return ids, docs, nil
}

// anyValue stands for any target in FieldStanceConfidence.
const anyValue = "*"

// stanceConfidence is a FieldStanceConfidence term: target, label and
// confidence, which is written with a fixed number of decimals so that the
// terms of one target and label sort as their confidences do (confidences
// are from 0 to 1), and with 17 of them so that two confidences apart are
// never one term: a threshold of 0.5780001 leaves out a stance of 0.578,
// as the report does.
func stanceConfidence(target, label string, c float64) string {
	return target + ":" + label + ":" + confidenceText(c)
}

// confidenceText is a confidence as FieldStanceConfidence's terms end: a
// fixed width (0 to 1, 17 decimals), so that the terms order as the
// numbers do.
func confidenceText(c float64) string { return strconv.FormatFloat(min(max(c, 0), 1), 'f', 17, 64) }

// filterFields are the fields every filter and facet reads, which a
// sentence document holds too; what only shows (the speaker label, the
// agenda…) the sentence's hit reads from its speech.
func (d Doc) filterFields() map[string]any {
	s := d.Speech
	f := map[string]any{
		FieldSymbol:      s.Symbol,
		FieldBody:        string(s.Body),
		FieldSeq:         float64(s.Seq),
		FieldSpeakerText: s.Speaker + " " + s.SpeakerName,
		FieldRole:        string(s.Role),
	}
	if s.DelegationCode != "" {
		f[FieldDelegation] = s.DelegationCode
	}
	if d.Document != "" {
		f[FieldDocument] = d.Document
	}
	// A date stands for a span: a day, a month or a year (a general-debate
	// statement dated by its year only). It is indexed as its first day
	// with its precision: filters match when the span and the asked range
	// overlap (see Query.build); sorting uses the first day.
	if first, last, ok := unpv.DateSpan(s.Date); ok {
		f[FieldDate] = first.Format(time.DateOnly)
		if p := unpv.DatePrecision(s.Date); p != unpv.PrecisionDay {
			f[FieldPrecision] = string(p) // only the few imprecise dates pay for the field
		}
		if first.Year() == last.Year() {
			f[FieldYear] = strconv.Itoa(first.Year())
		}
	}
	return f
}

// setDateOrder sets the two sort keys of the index document id (a speech
// of s, or one of its sentences): FieldDateOrder and FieldNewestOrder,
// each a string whose byte order is the order the export has always had
// for sort=date and sort=-date (it sorted on four keys) — the date field
// (the first day of the date's span), then symbol, seq and the document
// id, ascending. A page sorts on that one key and has no ties: sorted on
// the date alone, Bleve broke ties by index order, which incremental
// updates change (a re-indexed speech moves to a newer segment), so the
// page and the export listed a day's hits in two orders. One key and not
// four, because Bleve loads the doc values of each sort key for every
// matching document (docs/benchmarks.md#search).
//
// The date part is YYYYMMDD for date and 99999999 minus it for -date; a
// document without an indexed date (none, or one Bleve cannot represent:
// it keeps none, see NewDateTimeFieldWithIndexingOptions) has "~", after
// every digit, as a missing date sorted last in both directions. The
// parts are separated by NUL, which no symbol holds, so a symbol sorts
// before every longer one it begins, as on the symbol field; seq is its
// int64 with the sign bit flipped, in fixed-width hex, which sorts as the
// number.
func setDateOrder(f map[string]any, s unpv.Speech, id string) {
	oldest, newest := "~", "~"
	if first, _, ok := unpv.DateSpan(s.Date); ok && !first.Before(document.MinTimeRepresentable) && !first.After(document.MaxTimeRepresentable) {
		day := first.Year()*10000 + int(first.Month())*100 + first.Day()
		oldest, newest = fmt.Sprintf("%08d", day), fmt.Sprintf("%08d", 99999999-day)
	}
	rest := fmt.Sprintf("\x00%s\x00%016x\x00%s", s.Symbol, uint64(int64(s.Seq))^(1<<63), id)
	f[FieldDateOrder], f[FieldNewestOrder] = oldest+rest, newest+rest
}

// common are a speech's fields: those filters read and those that show.
func (d Doc) common() map[string]any {
	s := d.Speech
	f := d.filterFields()
	f[FieldMeeting] = s.Meeting
	f[FieldResumption] = float64(s.Resumption)
	f[FieldSpeaker] = s.Speaker
	f[FieldSpeakerName] = s.SpeakerName
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	name := s.Delegation
	if del, ok := un.DelegationByCode(s.DelegationCode); ok {
		name = del.Name
	}
	set(FieldDelegationName, name)
	set(FieldLanguage, s.Language)
	set(FieldOnBehalfOf, s.OnBehalfOf)
	set(FieldAgenda, d.Agenda)
	set(FieldRecord, un.RecordSymbol(s.Symbol, s.Meeting))
	set(FieldDateText, s.Date)
	// An emergency special session's record names no regular session:
	// it is the one running on the record's date, as unpv.Meeting has it.
	if n := un.RecordSession(s.Symbol, s.Date); n > 0 && s.Body == unpv.GeneralAssembly {
		f[FieldSession] = float64(n)
	}
	return f
}

// addStances sets the target, label and stance fields and the stored
// stances of a document from its stances (and further targets).
func addStances(f map[string]any, stances []unpv.Stance, targets map[string]bool) error {
	labels := map[string]bool{}
	pairs := map[string]bool{}
	for _, st := range stances {
		if st.Target == "" {
			continue
		}
		targets[st.Target] = true
		if st.Label != "" {
			labels[string(st.Label)] = true
			pairs[st.Target+":"+string(st.Label)] = true
		}
	}
	if len(targets) > 0 {
		f[FieldTarget] = sortedKeys(targets)
	}
	if len(labels) > 0 {
		f[FieldLabel] = sortedKeys(labels)
		f[FieldStance] = sortedKeys(pairs)
	}
	if len(stances) > 0 {
		b, err := json.Marshal(stances)
		if err != nil {
			return err
		}
		f[FieldStancesJSON] = string(b)
	}
	return nil
}

// textHash identifies a speech's or a sentence's text: a hit whose text
// (read from the store) has another hash was indexed from an older text, and its match
// positions do not apply to this one.
func textHash(text string) string {
	h := fnv.New64a()
	h.Write([]byte(text))
	return strconv.FormatUint(h.Sum64(), 36)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
