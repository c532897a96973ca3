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

// isVoteHead reports whether a line heads one of a vote's lists
// (un.VoteHead): the lines that end a list or an agenda heading.
func isVoteHead(t string) bool {
	_, _, ok := un.VoteHead(t)
	return ok
}

// addressHeading reads an "Address by …" heading (up to three lines) and
// returns the State it names.
func addressHeading(ls []line, i int) (country string, end int, ok bool) {
	var parts []string
	for j := i; j < len(ls) && j < i+6; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if j > i && (isLabelStartAt(ls, j) || un.CouldStartStageDirection(t)) {
			break
		}
		parts = append(parts, t)
		end = j
	}
	country, ok = un.AddressedState(joinLines(parts, nil))
	if !ok {
		return "", 0, false
	}
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
		if h, _, ok := un.VoteHead(l.text); ok && h == "In favour" {
			i = p.vote(ls, i) - 1
			continue
		}
		if un.CouldStartStageDirection(l.text) {
			if kind, time, text, end, ok := eventAt(ls, i); ok {
				p.rec.Events = append(p.rec.Events, unpv.Event{
					Symbol: p.rec.Meeting.Symbol, After: p.after(), Kind: kind, Time: time, Text: text, Page: l.page,
				})
				i = end
				continue
			}
		}
		if un.AgendaHeading(l.text) {
			i = p.agendaHeading(ls, i)
			continue
		}
		if strings.HasPrefix(l.text, un.AddressHeadingPrefix) {
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
		if kind, time, ok := un.StageDirection(s); ok {
			return kind, time, s, j, true
		}
		return "", "", "", 0, false
	}
	return "", "", "", 0, false
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
		if isLabelStartAt(ls, j) || un.AgendaHeading(t) || isVoteHead(t) {
			if p.firstAgenda == "" {
				p.firstAgenda = joinLines(title, nil)
			}
			return j - 1
		}
		if un.CouldStartStageDirection(t) {
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
