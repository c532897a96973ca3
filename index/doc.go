// Package index builds and searches the full-text index of speeches: a Bleve
// index with one document per speech, rebuilt into a fresh directory and
// swapped in atomically so that readers (unpv serve, unpv search) never see a
// half-built index, and reopened by readers when a new build lands.
//
// The package takes documents and never reads the store itself: the pipeline
// and cmd/unpv feed Rebuild.
package index

import (
	"encoding/json"
	"errors"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/unpv/unpv"
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
	// Document is the store document the speech comes from: Update
	// replaces the speeches of a changed document together.
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

// fields turns a Doc into the flat field map the static mapping indexes.
func (d Doc) fields() (map[string]any, error) {
	s := d.Speech
	if s.ID == "" {
		return nil, errors.New("speech without id")
	}
	targets := map[string]bool{}
	labels := map[string]bool{}
	pairs := map[string]bool{}
	for _, st := range d.Stances {
		if st.Target == "" {
			continue
		}
		targets[st.Target] = true
		if st.Label != "" {
			labels[string(st.Label)] = true
			pairs[st.Target+":"+string(st.Label)] = true
		}
	}
	for _, m := range d.Mentions {
		if m != "" {
			targets[m] = true
		}
	}
	f := map[string]any{
		FieldText:        s.Text,
		FieldTextHash:    textHash(s.Text),
		FieldSymbol:      s.Symbol,
		FieldMeeting:     s.Meeting,
		FieldBody:        string(s.Body),
		FieldSeq:         float64(s.Seq),
		FieldResumption:  float64(s.Resumption),
		FieldWords:       float64(countWords(s.Text)),
		FieldSpeaker:     s.Speaker,
		FieldSpeakerName: s.SpeakerName,
		FieldSpeakerText: s.Speaker + " " + s.SpeakerName,
		FieldRole:        string(s.Role),
	}
	set := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	set(FieldDocument, d.Document)
	set(FieldDelegation, s.DelegationCode)
	set(FieldDelegationName, s.Delegation)
	set(FieldLanguage, s.Language)
	set(FieldOnBehalfOf, s.OnBehalfOf)
	set(FieldAgenda, d.Agenda)
	set(FieldAgendaText, d.Agenda)
	if len(s.Date) >= 10 {
		f[FieldDate] = s.Date[:10]
		f[FieldYear] = s.Date[:4]
	}
	if len(targets) > 0 {
		f[FieldTarget] = sortedKeys(targets)
	}
	if len(labels) > 0 {
		f[FieldLabel] = sortedKeys(labels)
		f[FieldStance] = sortedKeys(pairs)
	}
	if len(d.Stances) > 0 {
		b, err := json.Marshal(d.Stances)
		if err != nil {
			return nil, err
		}
		f[FieldStancesJSON] = string(b)
	}
	return f, nil
}

// textHash identifies a speech text: a hit whose text (read from the
// store) has another hash was indexed from an older text, and its match
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

// normaliseCodes upper-cases delegation, body and organisation codes so that
// filters match the case-sensitive keyword fields.
func normaliseCodes(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, strings.ToUpper(s))
		}
	}
	return out
}
