package index

import (
	"html"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/unpv/unpv/internal/oneline"
)

// Span is a byte range [Start, End) of the speech text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Piece is a run of text, marked when it matched the query.
type Piece struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Fragment is a passage of a speech split into plain and matched pieces.
// Keeping the pieces apart lets every renderer escape the record text first
// and insert its own markers afterwards.
type Fragment struct {
	Pieces   []Piece `json:"pieces"`
	Leading  bool    `json:"leading,omitempty"`  // text was cut before the passage
	Trailing bool    `json:"trailing,omitempty"` // text was cut after the passage
}

// Marked renders f as text with open and close around matches and "…" at cuts.
func (f Fragment) Marked(open, close string) string {
	var b strings.Builder
	if f.Leading {
		b.WriteString("…")
	}
	for _, p := range f.Pieces {
		if p.Hit {
			b.WriteString(open)
			b.WriteString(p.Text)
			b.WriteString(close)
		} else {
			b.WriteString(p.Text)
		}
	}
	if f.Trailing {
		b.WriteString("…")
	}
	return b.String()
}

// Plain renders f without markers.
func (f Fragment) Plain() string { return f.Marked("", "") }

// HTML renders f with every piece HTML-escaped and matches wrapped in <mark>
// after escaping, so record text can never inject markup.
func (f Fragment) HTML() template.HTML {
	var b strings.Builder
	if f.Leading {
		b.WriteString("…")
	}
	for _, p := range f.Pieces {
		if p.Hit {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(p.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	if f.Trailing {
		b.WriteString("…")
	}
	return template.HTML(b.String()) //nolint:gosec // every piece escaped above
}

// matchSpans turns Bleve term locations into sorted, merged byte spans.
// Matches separated only by spaces merge, so a phrase is one span.
func matchSpans(text string, locs search.TermLocationMap) []Span {
	var spans []Span
	for _, ls := range locs {
		for _, l := range ls {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > len(text) || s >= e {
				continue
			}
			spans = append(spans, Span{s, e})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End || joins(text[last.End:s.Start]) {
			if s.End > last.End {
				last.End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// joins reports whether the text between two matches belongs inside one
// mark: space, the stop words a phrase skips ("Economic Community of
// West African States", "Organization for Security and Co-operation"), or
// a hyphen ("Guinea-Bissau", "Guinea- Bissau" from a PDF's line end; a
// compound's halves are one word already, spelling.go),
// whose halves were marked apart, so that a concordance line's keyword
// (KWIC.Match, the CSV's kwic_match) was "Guinea" alone.
func joins(gap string) bool {
	for _, w := range strings.Fields(gap) {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "in", "on", "de", "la", "-", "\u2010", "\u2011":
		default:
			return false
		}
	}
	return len(gap) <= 12
}

func pieces(text string, from, to int, spans []Span) []Piece {
	var out []Piece
	at := from
	for _, s := range spans {
		if s.End <= from || s.Start >= to {
			continue
		}
		st, en := max(s.Start, from), min(s.End, to)
		if st > at {
			out = append(out, Piece{Text: oneline.Collapse(text[at:st])})
		}
		out = append(out, Piece{Text: oneline.Collapse(text[st:en]), Hit: true})
		at = en
	}
	if at < to {
		out = append(out, Piece{Text: oneline.Collapse(text[at:to])})
	}
	return out
}

// fragment picks the window of about size bytes holding the most matches,
// cut at spaces.
func fragment(text string, spans []Span, size int) Fragment {
	if len(text) <= size {
		return Fragment{Pieces: pieces(text, 0, len(text), spans)}
	}
	start, anchor := 0, Span{-1, -1}
	if len(spans) > 0 {
		best, bestN := 0, 0
		for i := range spans {
			n := 0
			for j := i; j < len(spans) && spans[j].End <= spans[i].Start+size*3/4; j++ {
				n++
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		anchor = spans[best]
		start = anchor.Start - size/4
	}
	start = max(0, start)
	end := min(len(text), start+size)
	if end == len(text) {
		start = max(0, end-size)
	}
	// Cut at spaces, but never past the match the window is built around.
	if start > 0 {
		start = nextSpace(text, start)
		if anchor.Start >= 0 && start > anchor.Start {
			start = anchor.Start
		}
	}
	if end < len(text) {
		end = prevSpace(text, end, start)
		if end < anchor.End {
			end = anchor.End
		}
	}
	// Never cut a match in half.
	for _, s := range spans {
		if s.Start < start && s.End > start {
			start = s.Start
		}
		if s.Start < end && s.End > end {
			end = s.End
		}
	}
	return Fragment{
		Pieces:   pieces(text, start, end, spans),
		Leading:  start > 0,
		Trailing: end < len(text),
	}
}

// nextSpace returns the index after the first space at or after i (or i
// moved to a rune boundary when there is none nearby).
func nextSpace(text string, i int) int {
	for j := i; j < len(text) && j < i+40; j++ {
		if text[j] == ' ' {
			return j + 1
		}
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// prevSpace returns the index of the last space before i, not before floor.
func prevSpace(text string, i, floor int) int {
	for j := i; j > floor && j > i-40; j-- {
		if text[j] == ' ' {
			return j
		}
	}
	for i > floor && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// KWIC is one keyword-in-context line: the first match of a speech with up
// to width runes of text on each side, whitespace runs collapsed to one
// space (kept at the edges, so "(ECOWAS)" stays unspaced).
type KWIC struct {
	Left  string `json:"left"`
	Match string `json:"match"`
	Right string `json:"right"`
}

func kwic(text string, spans []Span, width int) KWIC {
	if len(spans) == 0 {
		return KWIC{Right: firstRunes(oneline.Collapse(text), width)}
	}
	s := spans[0]
	return KWIC{
		Left:  lastRunes(oneline.Collapse(text[max(0, s.Start-4*width):s.Start]), width),
		Match: strings.TrimSpace(oneline.Collapse(text[s.Start:s.End])),
		Right: firstRunes(oneline.Collapse(text[s.End:min(len(text), s.End+4*width)]), width),
	}
}

// Line renders k with the left context right-aligned in width columns, so
// that the matches of successive lines start in the same column (width, from 0).
func (k KWIC) Line(width int, open, close string) string {
	pad := width - utf8.RuneCountInString(k.Left)
	if pad < 0 {
		pad = 0
	}
	return strings.Repeat(" ", pad) + k.Left + open + k.Match + close + k.Right
}

func lastRunes(s string, n int) string {
	if c := utf8.RuneCountInString(s); c > n {
		r := []rune(s)
		return string(r[c-n:])
	}
	return s
}

func firstRunes(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n])
	}
	return s
}
