package un

import (
	"regexp"
	"strings"
)

// Stage directions are the record's own italic paragraphs between the
// speeches: when the meeting opened, was suspended, resumed and rose, what
// was decided, adopted or put to the vote, who took the Chair, who was
// invited or escorted. Their wording is written here once: the extract
// stage reads a record's events with StageDirection and finds where its
// body begins with OpensMeeting.

// The openings of the stage directions that start a meeting's body, shared
// by the event rules and OpensMeeting.
const (
	// meetingOpenedExpr: "The meeting was called to order at 10 a.m.",
	// "The meeting was opened at 3.05 p.m.".
	meetingOpenedExpr = `The meeting was (?:called to order|opened)`
	// meetingResumedExpr: "The meeting resumed at 3.15 p.m.", "The
	// meeting was resumed at 11.40 a.m.".
	meetingResumedExpr = `The meeting (?:was )?resumed`
	// chairAbsentExpr: "In the absence of the President, Mr. X
	// (Vice-President) took the Chair."
	chairAbsentExpr = `In the absence of the President`
)

// stageRules are the stage directions by kind (unpv.Event.Kind). Each
// pattern must match a whole paragraph, so that a speaker quoting "the
// draft resolution was adopted" mid-sentence is not taken for one; the
// first group, where there is one, is the time the direction gives.
var stageRules = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"called_to_order", regexp.MustCompile(`^` + meetingOpenedExpr + ` at (.+?)\.$`)},
	{"suspended", regexp.MustCompile(`^The meeting was suspended at (.+?)(?:,? and resumed at .+?)?\.$`)},
	{"resumed", regexp.MustCompile(`^` + meetingResumedExpr + ` at (.+?)\.$`)},
	{"rose", regexp.MustCompile(`^The meeting (?:rose|was adjourned|ro\S{0,3}e) at (.+?)\.$`)},
	{"decided", regexp.MustCompile(`^It (?:was|is) so decided\.$`)},
	{"vote", regexp.MustCompile(`^A (?:recorded |separate )?vote was taken(?: by show of hands)?(?: on [^.]+)?\.$`)},
	{"adopted", regexp.MustCompile(`^(?:The )?(?:[Dd]raft|[Pp]roposed|[Oo]ral|[Rr]evised)? ?(?:resolutions?|decisions?|amendments?|agenda|programme of work|recommendations?|report|proposal|draft resolution|draft decision|paragraphs?|statement)\b.{0,400}? (?:was|were|has been|have been) (?:adopted|approved|rejected|retained|withdrawn)\b.{0,200}\.$`)},
	{"silence", regexp.MustCompile(`^The (?:members|representatives|Council|Security Council|General Assembly|Assembly)\b.{0,120}\bobserved a minute of (?:silence|silent prayer or meditation)\.$`)},
	{"chair", regexp.MustCompile(`^(?:` + chairAbsentExpr + `, )?.{0,160}\b(?:took|returned to|resumed|took over) the [Cc]hair\.$`)},
	{"invited", regexp.MustCompile(`^At the invitation of the President,.{0,600}\.$`)},
	{"note", regexp.MustCompile(`^\[(?:Subsequently|Later)\b.{0,400}\]$`)},
	{"escorted", regexp.MustCompile(`^.{0,300}\bw(?:as|ere) escorted (?:into|from|to) the (?:General Assembly Hall|rostrum|Council Chamber|Chamber)\.$`)},
	{"other", regexp.MustCompile(`^(?:The President|The Secretary-General|The Council|Members of the Council|The Assembly|The members of the (?:Council|General Assembly))\b.{0,200}\b(?:stood|rose) (?:in|for) (?:a )?(?:tribute|homage|moment)\b.{0,200}\.$`)},
}

// reStageStart lists how stage-direction paragraphs begin: a cheap test
// before the paragraph is gathered and the rules are tried. The titles that
// open a personal name (honorifics, the labels' own list) open "escorted"
// and "chair" directions ("King Abdullah II … was escorted into the
// General Assembly Hall.", "Mr. X (Vice-President) took the Chair.").
var reStageStart = regexp.MustCompile(`^(?:\[Subsequently|\[Later|The meeting|It (?:was|is) so decided|A (?:recorded |separate )?vote|The (?:[Dd]raft|proposed|oral|revised|agenda|programme|amendment|recommendation|report|proposal|members|representatives|Council|Security Council|General Assembly|Assembly|President|Secretary-General)|Draft|Decision|Resolution|Amendment|Paragraph|` + chairAbsentExpr + `|At the invitation|Members of the Council|` + honorificsExpr() + `)`)

// honorificsExpr is an alternation of the honorifics as they open a name:
// followed by a space, or ending in a full stop ("Dr.").
func honorificsExpr() string {
	alt := make([]string, len(honorifics))
	for i, h := range honorifics {
		alt[i] = regexp.QuoteMeta(h)
		if !strings.HasSuffix(h, ".") {
			alt[i] += " "
		}
	}
	return strings.Join(alt, "|")
}

// CouldStartStageDirection reports whether a line can begin a stage
// direction (StageDirection): most lines of a record cannot, and are not
// gathered into a paragraph to try.
func CouldStartStageDirection(l string) bool { return reStageStart.MatchString(l) }

// StageDirection reads a paragraph, its lines joined, as a stage direction
// and returns its kind ("called_to_order", "suspended", "resumed", "rose",
// "decided", "vote", "adopted", "silence", "chair", "invited", "note",
// "escorted", "other"; unpv.Event.Kind) and the time of day it gives ("10
// a.m.", "3.05 p.m.", "noon"; "" for a kind that gives none). ok is false
// for a paragraph that is not one, which is speech.
func StageDirection(s string) (kind, at string, ok bool) {
	for _, r := range stageRules {
		if m := r.re.FindStringSubmatch(s); m != nil {
			if len(m) > 1 {
				at = clock(m[1])
			}
			return r.kind, at, true
		}
	}
	return "", "", false
}

var reClock = regexp.MustCompile(`^(?:\d{1,2}(?:[.:]\d{2})? ?(?:a\.m|p\.m|noon|midnight)|noon|midnight)`)

// clock keeps the time of day from "10.10 a.m. on Wednesday, 22 January";
// the sentence's full stop may have swallowed the one of "a.m.". A time
// it cannot read is returned whole.
func clock(s string) string {
	m := reClock.FindString(s)
	if m == "" {
		return s
	}
	if strings.HasSuffix(m, "a.m") || strings.HasSuffix(m, "p.m") {
		m += "."
	}
	return m
}

// agendaItemExpr opens an agenda heading: "Agenda item 74", "AGENDA ITEM
// 14", "Agenda items 26 and 27".
const agendaItemExpr = `(?:Agenda items?|AGENDA ITEMS?) \d`

// reAgendaHeading is a whole line: "Agenda item 74 (continued)", "AGENDA
// ITEM 14", "Agenda items 26, 27 and 29".
var reAgendaHeading = regexp.MustCompile(`^` + agendaItemExpr + `\d*(?:(?:, | and | to )\d+)*(?: \((?:continued|CONTINUED)\))?$`)

// AgendaHeading reports whether a line is an agenda item's heading, which
// the item's title follows: neither is the speakers' text.
func AgendaHeading(l string) bool { return reAgendaHeading.MatchString(l) }

// reOpensMeeting is how a record's body begins after its cover: the
// opening stage direction, a resumption's, the Chair taken in the
// President's absence, or an agenda heading ("Agenda item 14",
// "AGENDA ITEM 14", "Adoption of the agenda", the Assembly's "Expression
// of thanks"/"Expression of welcome").
var reOpensMeeting = regexp.MustCompile(`^(?:` + meetingOpenedExpr + `|` + meetingResumedExpr + `|` + agendaItemExpr + `|` + chairAbsentExpr + `|Adoption of the agenda|Expression of (?:thanks|welcome))`)

// OpensMeeting reports whether a line begins a record's body: the cover
// block (symbol, date, agenda, notice) ends before it.
func OpensMeeting(l string) bool { return reOpensMeeting.MatchString(l) }

// An interpreter's note says in which language a speech, or its next part,
// was given: "(spoke in French)", "(spoke in Arabic; English text provided
// by the delegation)", "(interpretation from Russian)" (the 1990s),
// "(continued in English)". Between two sentences it belongs to neither
// (the extract stage's sentence segmenter leaves it out); after a label
// it is the label's language note (ReadLabel, which also reads the
// OCR-damaged and older forms, "(translated from Russian)", that running
// text does not hold between sentences).
var interpreterNoteOpenings = []string{spokeIn + " ", "interpretation from ", "continued in "}

// spokeIn opens the language note of every record since the 2000s, in a
// label ("Mr. Nebenzia (Russian Federation) (spoke in Russian):") and in
// running text; a bare name is a briefer's label only with it ("Hadiza
// (spoke in French):").
const spokeIn = "spoke in"

// maxInterpreterNote bounds the note read, so that reading one stays cheap
// and the segmenter linear.
const maxInterpreterNote = 120

// InterpreterNote returns the end (the byte after its ")") of the
// interpreter's note that opens at text[i], a "(", or 0 when none does.
func InterpreterNote(text string, i int) int {
	rest := text[i+1:]
	opens := false
	for _, o := range interpreterNoteOpenings {
		opens = opens || strings.HasPrefix(rest, o)
	}
	if !opens {
		return 0
	}
	if len(rest) > maxInterpreterNote {
		rest = rest[:maxInterpreterNote]
	}
	j := strings.IndexByte(rest, ')')
	if j < 0 || strings.IndexByte(rest[:j], '(') >= 0 {
		return 0
	}
	return i + 1 + j + 1
}
