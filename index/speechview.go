package index

import (
	"html"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv"
)

// SpeechView is a whole speech with what the index holds of it, for the speech page
// and /api/speech.
type SpeechView struct {
	Hit
	Text    string        `json:"text"`
	Details []unpv.Stance `json:"stance_sentences,omitempty"`
	// Sentences are where the sentences of Details are in Text, in order,
	// with the organisation mentions found in each; offsets are bytes of
	// Text, as Matches' are. A sentence the store no longer holds as the
	// text reads (the text changed after classification) is left out.
	Sentences []SentenceSpan `json:"sentences,omitempty"`
}

// SentenceSpan is a stance sentence's place in its speech's text.
type SentenceSpan struct {
	ID string `json:"id"` // the sentence id, as Details' sentence_id
	N  int    `json:"n"`  // its number in the speech
	// Anchor is the id of the sentence's element on the speech page
	// (/speech/{speech id}#s7).
	Anchor   string        `json:"anchor"`
	Start    int           `json:"start"`
	End      int           `json:"end"`
	Mentions []MentionSpan `json:"mentions,omitempty"`
}

// MentionSpan is an organisation mention inside a stance sentence.
type MentionSpan struct {
	Target string `json:"target"`
	Start  int    `json:"start"` // bytes of the speech text
	End    int    `json:"end"`
	Coref  bool   `json:"coref,omitempty"` // "the Organization", resolved
}

// sentenceAnchor is the id of sentence n's element on its speech's page:
// short, and without the spaces a general-debate statement's id holds
// (an element id may not contain white space).
func sentenceAnchor(n int) string { return "s" + strconv.Itoa(n) }

// matchAnchor is the id of the query's i-th match (from 1) in the text.
func matchAnchor(i int) string { return "m" + strconv.Itoa(i) }

// stanceAnchor is the id of a stances-table row: sentence n toward target.
func stanceAnchor(n int, target string) string { return sentenceAnchor(n) + "-" + target }

// stanceSentences are the numbers of the sentences Details name, sorted.
func (v *SpeechView) stanceSentences() []int {
	var ns []int
	for _, st := range v.Details {
		if _, n := unpv.SplitSentenceID(st.SentenceID); n > 0 && !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

// sentenceMarks places ses in text: a sentence whose text is not text's
// bytes at its offsets is dropped (the store changed between the reads),
// and so is a mention outside its sentence.
func sentenceMarks(text string, ses []unpv.Sentence, ms []unpv.Mention) []SentenceSpan {
	var out []SentenceSpan
	at := map[string]int{}
	for _, se := range ses {
		if se.Start < 0 || se.Start >= se.End || se.End > len(text) || text[se.Start:se.End] != se.Text {
			continue
		}
		if len(out) > 0 && se.Start < out[len(out)-1].End {
			continue // overlapping: not a segmentation of this text
		}
		at[se.ID] = len(out)
		out = append(out, SentenceSpan{ID: se.ID, N: se.N, Anchor: sentenceAnchor(se.N), Start: se.Start, End: se.End})
	}
	for _, m := range ms {
		i, ok := at[m.SentenceID]
		if !ok {
			continue
		}
		s := &out[i]
		if m.Start < 0 || m.Start >= m.End || s.Start+m.End > s.End {
			continue
		}
		s.Mentions = append(s.Mentions, MentionSpan{Target: m.Target, Start: s.Start + m.Start, End: s.Start + m.End, Coref: m.Coref})
	}
	return out
}

// StanceRow is a row of the speech page's stances table.
type StanceRow struct {
	unpv.Stance
	Anchor   string // the row's id
	Sentence string // the id of its sentence's element in the text; "" when not marked there
}

// Rows are the stances table's rows, each linked to its sentence in the
// text when the text marks it.
func (v *SpeechView) Rows() []StanceRow {
	inText := map[string]string{}
	for _, s := range v.Sentences {
		inText[s.ID] = s.Anchor
	}
	rows := make([]StanceRow, 0, len(v.Details))
	for _, st := range v.Details {
		_, n := unpv.SplitSentenceID(st.SentenceID)
		rows = append(rows, StanceRow{Stance: st, Anchor: stanceAnchor(n, st.Target), Sentence: inText[st.SentenceID]})
	}
	return rows
}

// HTML renders the speech text for the page: each run of white space one
// space, or a blank line where it held a paragraph break; every stance
// sentence a <mark class="sentence"> with its anchor and a link to its
// first row of the stances table; the organisations mentioned in it in
// <b class="org">; the query's matches in <mark>, the first with the
// anchor a speech hit links (m1). The text is escaped
// before any tag goes in, and the three kinds nest in that order, an inner
// element closed and opened again where an outer one ends inside it, so
// that the markup is always well formed.
func (v *SpeechView) HTML() template.HTML {
	rows := map[string]string{} // sentence id → its first row
	titles := map[string][]string{}
	for _, r := range v.Rows() {
		if rows[r.SentenceID] == "" {
			rows[r.SentenceID] = r.Anchor
		}
		titles[r.SentenceID] = append(titles[r.SentenceID], r.Target+": "+string(r.Label))
	}
	var sentences, mentions, matches []element
	for _, s := range v.Sentences {
		open := `<mark class="sentence" id="` + s.Anchor + `" title="` + html.EscapeString("sentence "+strconv.Itoa(s.N)+" · "+strings.Join(titles[s.ID], ", ")) + `">` +
			`<a class="sref" href="#` + html.EscapeString(rows[s.ID]) + `" title="its stances">` + strconv.Itoa(s.N) + `</a>`
		sentences = append(sentences, element{Span: Span{s.Start, s.End}, open: open, close: "</mark>"})
		for _, m := range s.Mentions {
			t := m.Target
			if m.Coref {
				t += " (referred to)"
			}
			mentions = append(mentions, element{Span: Span{m.Start, m.End}, open: `<b class="org" title="` + html.EscapeString(t) + `">`, close: "</b>"})
		}
	}
	for i, m := range v.Matches {
		matches = append(matches, element{Span: m, open: "<mark>", close: "</mark>", first: `<mark id="` + matchAnchor(i+1) + `">`})
	}
	return template.HTML(nest(v.Text, sentences, mentions, matches)) //nolint:gosec // text escaped in nest, tags built here
}

// element is a span of text to wrap in open and close; first, when set,
// opens it the first time (an id, which the element's other pieces, where
// an outer element cut it, must not repeat).
type element struct {
	Span
	open, close, first string
}

// nest renders text, escaped and with its white space made readable
// (readable), with the elements of each layer around their spans. Layers
// go from outermost to innermost; a layer's elements must not overlap each
// other (a later one overlapping an earlier is dropped). Where an outer
// element starts or ends inside an inner one, the inner one is closed
// before and opened again after, so that tags always nest.
func nest(text string, layers ...[]element) string {
	shown, at := readable(text)
	var bounds []int
	placed := make([][]element, len(layers))
	for l, els := range layers {
		sort.SliceStable(els, func(i, j int) bool { return els[i].Start < els[j].Start })
		end := -1
		for _, e := range els {
			if e.Start < 0 || e.End > len(text) || e.Start >= e.End || e.Start < end {
				continue
			}
			end = e.End
			e.Start, e.End = at[e.Start], at[e.End]
			if e.Start >= e.End {
				continue // only white space
			}
			placed[l] = append(placed[l], e)
			bounds = append(bounds, e.Start, e.End)
		}
	}
	bounds = append(bounds, 0, len(shown))
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)

	var b strings.Builder
	b.Grow(len(shown) + len(shown)/8)
	open := make([]int, len(layers)) // per layer, the element open (index into placed), or -1
	next := make([]int, len(layers)) // per layer, the first element not yet passed
	for l := range open {
		open[l] = -1
	}
	for i := 0; i+1 < len(bounds); i++ {
		from, to := bounds[i], bounds[i+1]
		// The element of each layer that covers [from, to).
		want := make([]int, len(layers))
		first := len(layers) // the outermost layer that changes
		for l, els := range placed {
			for next[l] < len(els) && els[next[l]].End <= from {
				next[l]++
			}
			want[l] = -1
			if k := next[l]; k < len(els) && els[k].Start <= from {
				want[l] = k
			}
			if want[l] != open[l] && first == len(layers) {
				first = l
			}
		}
		for l := len(layers) - 1; l >= first; l-- {
			if open[l] >= 0 {
				b.WriteString(placed[l][open[l]].close)
				open[l] = -1
			}
		}
		for l := first; l < len(layers); l++ {
			if k := want[l]; k >= 0 {
				e := &placed[l][k]
				if e.first != "" {
					b.WriteString(e.first)
					e.first = ""
				} else {
					b.WriteString(e.open)
				}
				open[l] = k
			}
		}
		b.WriteString(html.EscapeString(shown[from:to]))
	}
	for l := len(layers) - 1; l >= 0; l-- {
		if open[l] >= 0 {
			b.WriteString(placed[l][open[l]].close)
		}
	}
	return b.String()
}

// readable returns text with every run of white space or control
// characters made one space, or a blank line where the run holds two line
// breaks or more (a paragraph break; one line break is where a PDF's line
// ended), without leading and trailing white space; at[i] is where byte i
// of text lands in it (len(text)+1 entries), a byte inside a run landing
// where the run's replacement starts.
func readable(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text))
	at := make([]int, len(text)+1)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) && !unicode.IsControl(r) {
			for k := range size {
				at[i+k] = b.Len()
			}
			b.WriteString(text[i : i+size])
			i += size
			continue
		}
		start, breaks := i, 0
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) && !unicode.IsControl(r) {
				break
			}
			if r == '\n' || r == '\u2029' {
				breaks++
			}
			i += size
		}
		for k := start; k < i; k++ {
			at[k] = b.Len()
		}
		switch {
		case start == 0 || i == len(text): // leading or trailing: dropped
		case breaks >= 2:
			b.WriteString("\n\n")
		default:
			b.WriteByte(' ')
		}
	}
	at[len(text)] = b.Len()
	return b.String(), at
}
