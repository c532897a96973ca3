package extract

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// parser walks the cleaned body lines of one record.
type parser struct {
	ctx         context.Context // run stops early when it ends
	rec         *Record
	words       *lazyWords
	cur         *turn
	turns       []*turn
	firstAgenda string
	address     string // State named by the last "Address by …" heading
}

// turn is a speech being collected.
type turn struct {
	label un.Label
	page  int
	parts []string
}

// Stage directions (italic paragraphs in the PDF). Each pattern must match a
// whole paragraph, so that a speaker quoting "the draft resolution was
// adopted" mid-sentence is not taken for one.
var eventRules = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"called_to_order", regexp.MustCompile(`^The meeting was (?:called to order|opened) at (.+?)\.$`)},
	{"suspended", regexp.MustCompile(`^The meeting was suspended at (.+?)(?:,? and resumed at .+?)?\.$`)},
	{"resumed", regexp.MustCompile(`^The meeting (?:was )?resumed at (.+?)\.$`)},
	{"rose", regexp.MustCompile(`^The meeting (?:rose|was adjourned|ro\S{0,3}e) at (.+?)\.$`)},
	{"decided", regexp.MustCompile(`^It (?:was|is) so decided\.$`)},
	{"vote", regexp.MustCompile(`^A (?:recorded |separate )?vote was taken(?: by show of hands)?(?: on [^.]+)?\.$`)},
	{"adopted", regexp.MustCompile(`^(?:The )?(?:[Dd]raft|[Pp]roposed|[Oo]ral|[Rr]evised)? ?(?:resolutions?|decisions?|amendments?|agenda|programme of work|recommendations?|report|proposal|draft resolution|draft decision|paragraphs?|statement)\b.{0,400}? (?:was|were|has been|have been) (?:adopted|approved|rejected|retained|withdrawn)\b.{0,200}\.$`)},
	{"silence", regexp.MustCompile(`^The (?:members|representatives|Council|Security Council|General Assembly|Assembly)\b.{0,120}\bobserved a minute of (?:silence|silent prayer or meditation)\.$`)},
	{"chair", regexp.MustCompile(`^(?:In the absence of the President, )?.{0,160}\b(?:took|returned to|resumed|took over) the [Cc]hair\.$`)},
	{"invited", regexp.MustCompile(`^At the invitation of the President,.{0,600}\.$`)},
	{"note", regexp.MustCompile(`^\[(?:Subsequently|Later)\b.{0,400}\]$`)},
	{"escorted", regexp.MustCompile(`^.{0,300}\bw(?:as|ere) escorted (?:into|from|to) the (?:General Assembly Hall|rostrum|Council Chamber|Chamber)\.$`)},
	{"other", regexp.MustCompile(`^(?:The President|The Secretary-General|The Council|Members of the Council|The Assembly|The members of the (?:Council|General Assembly))\b.{0,200}\b(?:stood|rose) (?:in|for) (?:a )?(?:tribute|homage|moment)\b.{0,200}\.$`)},
}

// eventStart lists how stage-direction paragraphs begin (cheap pre-check).
var reEventStart = regexp.MustCompile(`^(?:\[Subsequently|President |King |Queen |Prime Minister |Crown Prince |Emir |Amir |Sheikh |Sir |Dame |Dr\.|\[Later|The meeting|It (?:was|is) so decided|A (?:recorded |separate )?vote|The (?:[Dd]raft|proposed|oral|revised|agenda|programme|amendment|recommendation|report|proposal|members|representatives|Council|Security Council|General Assembly|Assembly|President|Secretary-General)|Draft|Decision|Resolution|Amendment|Paragraph|In the absence of the President|At the invitation|Members of the Council|Mr\.|Mrs\.|Ms\.)`)

var (
	// A heading is a whole line: "Agenda item 74 (continued)", "AGENDA ITEM 14".
	reAgendaItem = regexp.MustCompile(`^(?:Agenda items?|AGENDA ITEMS?) \d+(?:(?:, | and | to )\d+)*(?: \((?:continued|CONTINUED)\))?$`)
	reVoteHead   = regexp.MustCompile(`^(In favour|Against|Abstaining|Abstentions|Abstain)\s*:\s*(.*)$`)
)

// reAddress reads a general-debate heading: "Address by Mr. Joseph R.
// Biden, President of the United States of America".
var reAddress = regexp.MustCompile(`^Address by .{3,120}?, (?:[\w'’-]+ )*?(?:President|Vice-President|Prime Minister|Deputy Prime Minister|King|Queen|Emir|Amir|Crown Prince|Chancellor|Head of Government|Head of State|Chairman|Chair|Sultan|Grand Duke|Prince|Minister)\b[^,]*? of (?:the )?(.+)$`)

// addressHeading reads an "Address by …" heading (up to three lines) and
// returns the State it names.
func addressHeading(ls []line, i int) (country string, end int, ok bool) {
	var parts []string
	for j := i; j < len(ls) && j < i+6; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if j > i && (isLabelStartAt(ls, j) || reEventStart.MatchString(t)) {
			break
		}
		parts = append(parts, t)
		end = j
	}
	m := reAddress.FindStringSubmatch(joinLines(parts, nil))
	if m == nil {
		return "", 0, false
	}
	country = strings.TrimSpace(m[1])
	if d, found := un.LookupDelegation(country); found && d.Kind != "organisation" {
		return country, end, true
	}
	return "", 0, false
}

// maxEventLines bounds a stage-direction paragraph (mutool prints
// justified italic lines one word per line).
const maxEventLines = 14

func (p *parser) after() int { return len(p.turns) }

func (p *parser) run(ls []line) {
	for i := 0; i < len(ls); i++ {
		if i%4096 == 0 && p.ctx != nil && p.ctx.Err() != nil {
			return
		}
		l := ls[i]
		if l.text == "" {
			if !l.pageEnd && p.cur != nil && len(p.cur.parts) > 0 {
				p.cur.parts = append(p.cur.parts, paraBreak)
			}
			continue
		}
		if lb, last, rest, ok := labelAt(ls, i); ok {
			// "Address by Mr. X, President of Y" names the State of the
			// head of State or Government whose label prints no country.
			if p.address != "" && lb.Delegation == "" && !un.IsOfficer(lb.Name) {
				lb.Delegation, p.address = p.address, ""
			}
			p.cur = &turn{label: lb, page: l.page}
			p.turns = append(p.turns, p.cur)
			if rest != "" {
				p.cur.parts = append(p.cur.parts, rest)
			}
			i = last
			continue
		}
		if m := reVoteHead.FindStringSubmatch(l.text); m != nil && m[1] == "In favour" {
			i = p.vote(ls, i) - 1
			continue
		}
		if reEventStart.MatchString(l.text) {
			if kind, time, text, end, ok := eventAt(ls, i); ok {
				p.rec.Events = append(p.rec.Events, unpv.Event{
					Symbol: p.rec.Meeting.Symbol, After: p.after(), Kind: kind, Time: time, Text: text, Page: l.page,
				})
				i = end
				continue
			}
		}
		if reAgendaItem.MatchString(l.text) {
			i = p.agendaHeading(ls, i)
			continue
		}
		if strings.HasPrefix(l.text, "Address by ") {
			if country, end, ok := addressHeading(ls, i); ok {
				p.address = country
				i = end
				continue
			}
		}
		if p.cur != nil {
			p.cur.parts = append(p.cur.parts, l.text)
		}
	}
}

// eventAt reads a stage-direction paragraph at line i. A stage direction
// is one sentence: the paragraph ends at the first line that closes a
// sentence, and if that sentence matches no rule the lines are speech.
func eventAt(ls []line, i int) (kind, time, text string, end int, ok bool) {
	var parts []string
	for j := i; j < len(ls) && len(parts) < maxEventLines; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if j > i && (un.CouldStartLabel(t) && isLabelStartAt(ls, j)) {
			return "", "", "", 0, false
		}
		if innerSentenceEnd(t) {
			return "", "", "", 0, false // a second sentence starts: running text
		}
		parts = append(parts, t)
		if !endsSentence(t) || nextStartsLower(ls, j) {
			continue
		}
		s := joinLines(parts, nil)
		for _, r := range eventRules {
			if m := r.re.FindStringSubmatch(s); m != nil {
				if len(m) > 1 {
					time = clock(m[1])
				}
				return r.kind, time, s, j, true
			}
		}
		return "", "", "", 0, false
	}
	return "", "", "", 0, false
}

var reClock = regexp.MustCompile(`^(?:\d{1,2}(?:[.:]\d{2})? ?(?:a\.m|p\.m|noon|midnight)|noon|midnight)`)

// clock keeps the time of day from "10.10 a.m. on Wednesday, 22 January";
// the sentence's full stop may have swallowed the one of "a.m.".
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

// endsSentence reports whether a line ends a sentence: a full stop (also
// inside closing quotes or brackets) that is not an abbreviation such as
// "Mr." or "No.".
func endsSentence(t string) bool {
	t = strings.TrimRight(t, "”’\"])")
	if !strings.HasSuffix(t, ".") {
		return false
	}
	w := t[strings.LastIndexByte(t, ' ')+1:]
	if r, n := utf8.DecodeRuneInString(w); n+1 == len(w) && unicode.IsUpper(r) {
		return false // an initial: "Joseph R. Biden"
	}
	switch w {
	case "Mr.", "Mrs.", "Ms.", "Dr.", "No.", "Nos.", "St.", "Corr.", "Rev.", "Add.", "para.", "paras.", "Sr.", "Jr.", "Msgr.":
		return false
	}
	return true
}

var reInnerEnd = regexp.MustCompile(`(\S*)[.?!][”’"]? [“"‘]?\p{Lu}`)

// innerSentenceEnd reports whether a sentence ends inside the line and
// another begins ("…on Ageing”. The Third Committee…"), ignoring "Mr. X".
func innerSentenceEnd(t string) bool {
	for _, m := range reInnerEnd.FindAllStringSubmatch(t, -1) {
		if !endsSentence(m[1] + ".") {
			continue
		}
		return true
	}
	return false
}

// nextStartsLower reports whether the next non-blank line continues a
// sentence ("… at 10 a.m." / "on 10 January.").
func nextStartsLower(ls []line, j int) bool {
	for k := j + 1; k < len(ls) && k <= j+2; k++ {
		if ls[k].text == "" {
			continue
		}
		// Only a short tail continues it; a long lower-case line is text
		// from elsewhere on the page (pdftotext's reading order).
		r, _ := utf8.DecodeRuneInString(ls[k].text)
		return unicode.IsLower(r) && len(ls[k].text) < 40 && endsSentence(ls[k].text)
	}
	return false
}

func isLabelStartAt(ls []line, j int) bool {
	_, _, _, ok := labelAt(ls, j)
	return ok
}

// agendaHeading skips "Agenda item 14 (continued)" and the item title
// that follows it, up to the next label or stage direction, and returns
// the index of the last line skipped.
func (p *parser) agendaHeading(ls []line, i int) int {
	var title []string
	// 40 lines: mutool prints justified 1993 titles one word per line.
	for j := i + 1; j < len(ls) && j <= i+40; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if isLabelStartAt(ls, j) || reAgendaItem.MatchString(t) || reVoteHead.MatchString(t) {
			if p.firstAgenda == "" {
				p.firstAgenda = joinLines(title, nil)
			}
			return j - 1
		}
		if reEventStart.MatchString(t) {
			if _, _, _, _, ok := eventAt(ls, j); ok {
				if p.firstAgenda == "" {
					p.firstAgenda = joinLines(title, nil)
				}
				return j - 1
			}
		}
		title = append(title, t)
	}
	// No label soon after: only the heading line itself is dropped.
	return i
}

// finish turns the collected turns into speeches.
func (p *parser) finish() {
	m := p.rec.Meeting
	for n, t := range p.turns {
		text := joinLines(t.parts, p.words)
		sp := unpv.Speech{
			ID:         unpv.SpeechID(m.Symbol, n+1),
			Symbol:     m.Symbol,
			Body:       m.Body,
			Meeting:    m.Meeting,
			Resumption: m.Resumption,
			Date:       m.Date,
			Seq:        n + 1,
			Page:       t.page,
			Text:       text,
		}
		t.label.Fill(&sp)
		p.rec.Speeches = append(p.rec.Speeches, sp)
	}
	un.MarkSpeakers(p.rec.Speeches)
}
