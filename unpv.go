// Package unpv holds the domain types every unpv package shares: meetings,
// speeches, votes, procedural events, sentences, organisation mentions and
// stances.
//
// The types are plain data so that they serialise the same way in the
// store, in JSON Lines output and in reports. Identifiers are stable and
// human-readable: a meeting is its symbol ("S/PV.8699 (Resumption 1)"), a
// speech is "symbol#seq", a sentence "symbol#seq.n".
package unpv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Body is the UN organ whose meeting produced a record.
type Body string

// Bodies whose verbatim records unpv reads.
const (
	SecurityCouncil Body = "SC"
	GeneralAssembly Body = "GA"
)

// Role is what a speaker is at a meeting; reports and search facets group by it.
type Role string

// Speaker roles as printed conventions imply them.
const (
	RolePresident    Role = "president"
	RoleMember       Role = "member"       // a State speaking for itself
	RoleSecretariat  Role = "secretariat"  // Secretary-General and UN officials
	RoleBriefer      Role = "briefer"      // invited briefer without a delegation
	RoleObserver     Role = "observer"     // observer States and entities (Holy See, State of Palestine)
	RoleOrganisation Role = "organisation" // a speaker for a regional or international organisation
)

// Roles are the speaker roles in one order: the values a search's role
// filter may name (it refuses any other, listing these).
var Roles = [...]Role{RoleMember, RolePresident, RoleObserver, RoleOrganisation, RoleBriefer, RoleSecretariat}

// Label is a stance toward an organisation's standing as a peace and
// security actor, as defined by the annotation codebook.
type Label string

// Stance labels.
const (
	Recognition Label = "recognition"
	Counter     Label = "counter"
	Neutral     Label = "neutral"
)

// Labels are the stance labels in their one order: the stance model's
// classes, the rows and columns of confusion tables, per-label arrays and
// the search page's choices. (File formats that name their columns keep
// theirs.)
var Labels = [3]Label{Recognition, Neutral, Counter}

// Index is l's position in Labels, or -1 for a string that is not a label.
func (l Label) Index() int {
	for i, x := range Labels {
		if x == l {
			return i
		}
	}
	return -1
}

// Relation tells who is speaking about an organisation, so that reports can
// keep recognition-building by members apart from third-party endorsement.
type Relation string

// Relations between a speaker's delegation and a target organisation.
const (
	RelSelf   Relation = "self"   // the organisation speaking about itself
	RelMember Relation = "member" // a member State on the meeting date
	RelThird  Relation = "third"  // anyone else
)

// Meeting is one verbatim record: a meeting or one resumption of it.
type Meeting struct {
	Symbol     string `json:"symbol"`     // "S/PV.8699 (Resumption 1)"
	Body       Body   `json:"body"`       // SC or GA
	Meeting    string `json:"meeting"`    // base symbol without resumption: "S/PV.8699"
	Resumption int    `json:"resumption"` // 0 for the opening part
	Session    int    `json:"session,omitempty"`
	// Emergency is the emergency special session of an Assembly record
	// whose symbol names one ("A/ES-11/PV.1": 11), 0 for any other; the
	// record's Session is then the regular session running on its date.
	Emergency int    `json:"emergency_session,omitempty"`
	Date      string `json:"date"` // ISO 8601 date, "2020-01-09"
	Agenda    string `json:"agenda,omitempty"`
	Pages     int    `json:"pages,omitempty"`
}

// Speech is one speaker turn in a record.
type Speech struct {
	ID             string `json:"id"` // symbol#seq
	Symbol         string `json:"symbol"`
	Body           Body   `json:"body"`
	Meeting        string `json:"meeting"`
	Resumption     int    `json:"resumption"`
	Date           string `json:"date"`
	Seq            int    `json:"seq"`
	Speaker        string `json:"speaker"` // label as printed
	SpeakerName    string `json:"speaker_name"`
	Delegation     string `json:"delegation,omitempty"`      // as printed
	DelegationCode string `json:"delegation_code,omitempty"` // ISO alpha-3, historical code, org acronym or UN
	Role           Role   `json:"role"`
	Language       string `json:"language,omitempty"`
	OnBehalfOf     string `json:"on_behalf_of,omitempty"`
	Page           int    `json:"page,omitempty"`
	Text           string `json:"text"`
}

// SpeechID builds the stable identifier of a speech.
func SpeechID(symbol string, seq int) string { return fmt.Sprintf("%s#%d", symbol, seq) }

// SentenceID builds the stable identifier of a sentence within a speech.
func SentenceID(speechID string, n int) string { return fmt.Sprintf("%s.%d", speechID, n) }

// SplitSentenceID is the inverse of SentenceID: "S/PV.8699#12.3" → "S/PV.8699#12", 3.
// An id without a sentence number is returned whole, with n 0.
func SplitSentenceID(id string) (speechID string, n int) {
	i := strings.LastIndexByte(id, '.')
	if i <= strings.LastIndexByte(id, '#') {
		return id, 0
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return id, 0
	}
	return id[:i], n
}

// Vote is a recorded vote on one draft, with the lists and totals as printed.
type Vote struct {
	Symbol     string   `json:"symbol"`
	Draft      string   `json:"draft,omitempty"` // "S/2018/1103", "A/76/L.49", or empty when not named
	Subject    string   `json:"subject,omitempty"`
	InFavour   []string `json:"in_favour"`
	Against    []string `json:"against"`
	Abstaining []string `json:"abstaining"`
	// Totals as announced ("13 votes in favour, none against and 2 abstentions"),
	// -1 where the record does not state one.
	TotalInFavour   int    `json:"total_in_favour"`
	TotalAgainst    int    `json:"total_against"`
	TotalAbstaining int    `json:"total_abstaining"`
	Outcome         string `json:"outcome,omitempty"`  // "adopted", "not adopted"
	Mismatch        string `json:"mismatch,omitempty"` // non-empty when lists and totals disagree
	Page            int    `json:"page,omitempty"`
}

// Event is a procedural event in a record.
type Event struct {
	Symbol string `json:"symbol"`
	After  int    `json:"after"` // seq of the speech it follows; 0 before the first
	Kind   string `json:"kind"`  // called_to_order, suspended, resumed, rose, adopted, decided, vote
	Time   string `json:"time,omitempty"`
	Text   string `json:"text"`
	Page   int    `json:"page,omitempty"`
}

// Sentence is one sentence of a speech with its byte offsets in Speech.Text.
type Sentence struct {
	ID       string `json:"id"` // symbol#seq.n
	SpeechID string `json:"speech_id"`
	N        int    `json:"n"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
}

// Mention is a reference to an organisation inside a sentence.
type Mention struct {
	SentenceID string `json:"sentence_id,omitempty"`
	Target     string `json:"target"`  // canonical acronym: CSTO, AU, EU…
	Surface    string `json:"surface"` // text as written
	Start      int    `json:"start"`   // byte offsets in the sentence
	End        int    `json:"end"`
	Coref      bool   `json:"coref,omitempty"` // resolved from "the Organization", "the Union"…
}

// Stance is the classified stance of one sentence toward one organisation.
type Stance struct {
	SentenceID string   `json:"sentence_id,omitempty"`
	Target     string   `json:"target"`
	Label      Label    `json:"label"`
	Confidence float64  `json:"confidence"`
	Evidence   string   `json:"evidence,omitempty"` // the cue span that decided it
	Relation   Relation `json:"relation,omitempty"`
	Model      string   `json:"model,omitempty"` // model version that produced it
	// Hand is set when Label is researchers' hand-coded label (store
	// codings), which overrides the model's; ModelLabel is then what the
	// model said, or "" for a pair the model did not label.
	Hand       bool  `json:"hand,omitempty"`
	ModelLabel Label `json:"model_label,omitempty"`
}

// Delegation is a State, observer, organisation or the Secretariat as
// recorded in UN records.
type Delegation struct {
	Code string `json:"code"` // ISO 3166-1 alpha-3, historical code (SUN, YUG), org acronym, UN
	Name string `json:"name"` // canonical English short name
	Kind string `json:"kind"` // state, historical, observer, organisation, secretariat
}

// Organisation is a regional or subregional organisation that stances target.
type Organisation struct {
	Acronym string `json:"acronym"`
	Name    string `json:"name"`
}

// MaxSentenceBytes bounds one sentence, so that the work on it stays
// bounded. Text that runs on longer without a sentence end (a statement
// without punctuation, a table read as prose) is split by the segmenter
// (package extract) and read only up to this length by the classifier.
// The longest sentence in 1.1 million of the UN General Debate Corpus is
// 6.2 KB, in the 2020 Security Council speeches 1.3 KB: real sentences are
// never cut. docs/limits.md.
const MaxSentenceBytes = 8 << 10

// Sentinel errors for failure kinds that callers act on.
var (
	// ErrBadDocument marks an input that cannot be processed (no text layer,
	// encrypted, truncated, not a PDF, empty). Batch callers quarantine the
	// document and go on; the CLI exits with code 3.
	ErrBadDocument = errors.New("bad document")
	// ErrLocked means another unpv run holds the data directory lock.
	ErrLocked = errors.New("data directory locked by another run")
	// ErrNotFound is returned for lookups of absent records.
	ErrNotFound = errors.New("not found")
)
