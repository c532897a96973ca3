package extract

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
	"gopkg.in/neurosnap/sentences.v1"
	punktdata "gopkg.in/neurosnap/sentences.v1/data"
)

// SegmenterVersion identifies the segmentation rules; bump it whenever
// Split's output can change so that stored sentences are redone. (seg-4:
// sentences longer than MaxSentenceBytes are split.)
const SegmenterVersion = "seg-4"

// MaxSentenceBytes bounds one sentence (unpv.MaxSentenceBytes). Text that
// runs on longer without a sentence end is split at the last space before
// the limit, or at a character boundary when there is none.
const MaxSentenceBytes = unpv.MaxSentenceBytes

// Span is a sentence as byte offsets into the segmented text: text[Start:End].
type Span struct{ Start, End int }

// Segmenter splits speech text into sentences.
//
// It is a rule-based scanner driven by the parameters that prose/v2's Punkt
// model learned from English news text (abbreviation types, orthographic
// context, frequent sentence starters), loaded once, plus rules for UN
// verbatim records: titles before names ("Mr. President", "H.E."), document
// symbols ("S/PV.7796", "A/RES/73/331"), references before numbers
// ("No. 5", "para. 3", "art. 51"), numbered lists, interpreter notes such as
// "(spoke in French)" and quotes or parentheses closing a sentence. Running
// Punkt itself, even loaded once, is an order of magnitude slower (see
// docs/extract.md, Sentence segmentation). A Segmenter is immutable once built and safe for
// concurrent use.
type Segmenter struct {
	// ortho holds Punkt's orthographic-context flags per lower-cased word.
	ortho map[string]int
	// starters are Punkt's frequent sentence starters.
	starters map[string]bool
	// abbrev are abbreviations that end a sentence only when the next word
	// looks like a sentence start (Punkt's rule).
	abbrev map[string]bool
	// title are abbreviations that never end a sentence: a name follows.
	title map[string]bool
	// numeric are abbreviations that precede a number ("No. 5"); before
	// anything else they are ordinary words ("I said no.").
	numeric map[string]bool
}

// Punkt's orthographic-context flags (gopkg.in/neurosnap/sentences.v1, ortho.go).
const (
	orthoMidUc = 1 << 2
	orthoLc    = 1<<4 | 1<<5 | 1<<6
)

// Abbreviations the Punkt model learned from news text that are ordinary
// words in UN speeches and must be allowed to end a sentence.
var punktNotAbbrev = []string{"ok", "ill", "wash", "ore", "ala", "sales", "no", "mt", "fri", "wed"}

// titleAbbrev precede a name or an office and never end a sentence.
var titleAbbrev = []string{
	"mr", "mrs", "ms", "messrs", "mmes", "mme", "mlle", "m", "dr", "prof", "h.e", "hh", "h.h", "h.r.h",
	"st", "ste", "sr", "sra", "srta", "hon", "rt", "rev", "fr", "msgr", "mgr", "sen", "rep", "gov",
	"gen", "lt", "col", "capt", "cdr", "cmdr", "maj", "adm", "sgt", "brig", "amb", "pres", "dip",
}

// numericAbbrev precede a number, a roman numeral or a letter: "No. 5",
// "paras. 3-7", "art. 51", "vol. II", "p. 12", "op. 4".
// ("agenda item.", "the annex." and "Add.1" show why "item", "annex" and
// "add" are not here: spaced, they are words; as abbreviations they are glued.)
var numericAbbrev = []string{
	"no", "nos", "nr", "para", "paras", "art", "arts", "p", "pp", "vol", "vols", "op", "ch", "chap",
	"sect", "fig", "figs", "suppl",
}

// extraAbbrev are UN and Latin abbreviations Punkt's news model lacks;
// like Punkt's own they end a sentence only before a sentence starter.
// (the months' abbreviations, "Jan.", "Sept.", are un.MonthAbbreviations).
var extraAbbrev = []string{
	"e.g", "i.e", "etc", "cf", "viz", "vs", "v", "al", "ibid", "inc", "ltd", "co", "corp", "jr",
	"dept", "govt", "est", "incl", "resp", "ca", "u.s", "u.n", "u.k", "u.s.a", "u.s.s.r", "a.m", "p.m",
}

// neverBreak are abbreviations after which no sentence ends in practice,
// whatever follows.
var neverBreak = []string{"e.g", "i.e", "cf", "viz", "vs", "incl", "resp"}

// unStarters are words that open sentences in UN speeches and that Punkt's
// news model does not know as starters (it has seen "We" or "Our"
// capitalised inside quotations).
var unStarters = map[string]bool{
	"we": true, "our": true, "i": true, "my": true, "it": true, "its": true, "this": true, "that": true,
	"these": true, "those": true, "the": true, "let": true, "allow": true, "as": true, "at": true,
	"on": true, "for": true, "to": true, "with": true, "by": true, "from": true, "finally": true,
	"first": true, "firstly": true, "second": true, "secondly": true, "third": true, "thirdly": true,
	"lastly": true, "furthermore": true, "also": true, "today": true, "such": true, "all": true,
	"what": true, "why": true, "how": true, "who": true, "where": true, "we're": true, "they": true,
	"she": true, "he": true, "you": true, "your": true, "their": true, "his": true, "her": true,
	"there": true, "here": true, "a": true, "an": true, "one": true, "every": true, "each": true,
	"only": true, "after": true, "before": true, "against": true, "over": true, "unfortunately": true,
	"regrettably": true, "clearly": true, "given": true, "accordingly": true, "consequently": true,
	"likewise": true, "further": true, "additionally": true, "thank": true, "nothing": true, "no": true,
}

// NewSegmenter builds a segmenter, loading Punkt's English parameters once.
func NewSegmenter() *Segmenter {
	s := &Segmenter{
		ortho:    map[string]int{},
		starters: map[string]bool{},
		abbrev:   map[string]bool{},
		title:    map[string]bool{},
		numeric:  map[string]bool{},
	}
	// The model is embedded in the sentences module, so failing to decode
	// it is a build defect, not a runtime condition.
	b, err := punktdata.Asset("data/english.json")
	if err != nil {
		panic(fmt.Sprintf("extract: punkt model: %v", err))
	}
	st, err := sentences.LoadTraining(b)
	if err != nil {
		panic(fmt.Sprintf("extract: punkt model: %v", err))
	}
	for k, v := range st.OrthoContext {
		s.ortho[k] = v
	}
	for k := range st.SentStarters {
		s.starters[k] = true
	}
	for k := range st.AbbrevTypes {
		if !strings.ContainsRune(k, ' ') {
			s.abbrev[k] = true
		}
	}
	for _, k := range punktNotAbbrev {
		delete(s.abbrev, k)
	}
	for _, k := range extraAbbrev {
		s.abbrev[k] = true
	}
	for _, k := range un.MonthAbbreviations() {
		s.abbrev[k] = true
	}
	for _, k := range titleAbbrev {
		s.title[k] = true
	}
	for _, k := range neverBreak {
		s.title[k] = true
	}
	for _, k := range numericAbbrev {
		s.numeric[k] = true
	}
	return s
}

var defaultSegmenter = sync.OnceValue(NewSegmenter)

// Sentences segments a speech with a shared segmenter. IDs are
// unpv.SentenceID(sp.ID, n) with n counted from 1.
func Sentences(sp unpv.Speech) []unpv.Sentence {
	out, _ := SentencesSplit(sp)
	return out
}

// SentencesSplit is Sentences that also counts the runs of text longer
// than MaxSentenceBytes it split (callers warn about them).
func SentencesSplit(sp unpv.Speech) ([]unpv.Sentence, int) {
	spans, long := defaultSegmenter().split(sp.Text)
	out := make([]unpv.Sentence, len(spans))
	for i, p := range spans {
		out[i] = unpv.Sentence{
			ID:       unpv.SentenceID(sp.ID, i+1),
			SpeechID: sp.ID,
			N:        i + 1,
			Start:    p.Start,
			End:      p.End,
			Text:     sp.Text[p.Start:p.End],
		}
	}
	return out, long
}

// Bytes that can start something Split must look at: sentence-final
// punctuation, newlines (blank-line paragraph breaks), "(" (interpreter
// notes) and 0xE2, the lead byte of "…".
var interesting = func() (t [256]bool) {
	for _, c := range []byte(".?!\n(\xe2") {
		t[c] = true
	}
	return t
}()

// Split returns the sentences of text in order. Spans never overlap, start
// and end on non-space bytes, are at most MaxSentenceBytes long and
// together cover all of text except white space and the interpreter's
// notes such as "(spoke in French)" or "(interpretation from Arabic)" that
// stand between sentences.
func (s *Segmenter) Split(text string) []Span {
	spans, _ := s.split(text)
	return spans
}

// split is Split that also counts the over-long sentences it cut.
func (s *Segmenter) split(text string) (spans []Span, long int) {
	start := 0 // start of the current sentence (may point at white space)
	emit := func(end int) {
		a, b := trimSpace(text, start, end)
		if b-a > MaxSentenceBytes {
			long++
			spans = cutLong(text, a, b, spans)
			return
		}
		if a < b {
			spans = append(spans, Span{a, b})
		}
	}
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		if !interesting[c] {
			i++
			continue
		}
		switch c {
		case '\n':
			// A blank line is a paragraph break: a sentence boundary even
			// without punctuation (headings, list items).
			j := i + 1
			for j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < n && text[j] == '\n' {
				emit(i)
				start = j + 1
				i = j + 1
				continue
			}
			i++
		case '(':
			// An interpreter's note between sentences belongs to none; inside
			// a sentence ("He stated: (spoke in English) \"Those…") it stays.
			if end := un.InterpreterNote(text, i); end > 0 && onlySpaceBefore(text, start, i) {
				start = end
				i = end
				continue
			}
			i++
		case 0xE2:
			if strings.HasPrefix(text[i:], "…") {
				j := i + len("…")
				if end, ok := s.afterTerminator(text, start, i, j, '.', true); ok {
					emit(end)
					start = end
					i = end
					continue
				}
				i = j
				continue
			}
			i++
		default: // '.', '?', '!'
			j := i + 1
			ellipsis := false
			for j < n && (text[j] == '.' || text[j] == '?' || text[j] == '!') {
				if text[j] == '.' && c == '.' {
					ellipsis = true
				}
				j++
			}
			if end, ok := s.afterTerminator(text, start, i, j, c, ellipsis); ok {
				emit(end)
				start = end
				i = end
				continue
			}
			i = j
		}
	}
	emit(n)
	return spans, long
}

// cutLong appends text[a:b], longer than MaxSentenceBytes, as pieces of at
// most that length, each cut after the last white space that fits, or at a
// character boundary when none does.
func cutLong(text string, a, b int, spans []Span) []Span {
	for a < b {
		end := b
		if end-a > MaxSentenceBytes {
			end = a + MaxSentenceBytes
			if sp := strings.LastIndexAny(text[a:end], " \t\n"); sp > 0 {
				end = a + sp
			} else {
				for end > a && !utf8.RuneStart(text[end]) {
					end--
				}
			}
		}
		x, y := trimSpace(text, a, end)
		if x < y {
			spans = append(spans, Span{x, y})
		}
		a = end
	}
	return spans
}

// afterTerminator decides whether the punctuation text[p:q] (kind '.', '?'
// or '!') ends the sentence that began at start. It returns the end of the
// sentence, after any closing quotes and brackets.
func (s *Segmenter) afterTerminator(text string, start, p, q int, kind byte, ellipsis bool) (int, bool) {
	end := skipClosers(text, q)
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsSpace(r) {
			// "S/PV.7796", "3.5", "U.S.", "A/RES/73/331.": the period is
			// inside a token, unless OCR or a lost line break glued two
			// sentences: "of children.Ireland", "for action.(spoke in French)".
			if end == q && !ellipsis && gluedSentence(text, start, p, q) {
				return q, true
			}
			if text[end] == '(' && un.InterpreterNote(text, end) > 0 {
				return end, true
			}
			return 0, false
		}
	}
	end, ok := s.decide(text, start, p, q, end, kind, ellipsis)
	if ok {
		end = attachCitation(text, end, hasQuote(text[q:end]))
	}
	return end, ok
}

// citationStart matches the start of a parenthesised reference: a document
// symbol (also as OCR misreads it: "$/2020/139", "4/74/PV.9"), a number,
// "ibid.", "see…", "resolution…", "para.…", "p.…".
var citationStart = regexp.MustCompile(`^(?i:[ASE$4]/|\d|ibid|see\b|resolution|paras?\b|pp?\.)`)

// attachCitation moves a sentence end at text[end] past a following
// parenthesised citation, which belongs to the sentence it cites for:
// "…this threat." (S/2020/105, para. 89) In that regard…" and, after a
// closing quote, any parenthesis: "…raped me." (The Washington Post) Those…".
func attachCitation(text string, end int, quoted bool) int {
	k, _ := trimSpace(text, end, len(text))
	if k >= len(text) || text[k] != '(' || un.InterpreterNote(text, k) > 0 {
		return end
	}
	closeAt, depth := -1, 0
	for j := k; j < len(text) && j < k+120; j++ {
		if text[j] == '(' {
			depth++
		} else if text[j] == ')' {
			if depth--; depth == 0 {
				closeAt = j
				break
			}
		}
	}
	if closeAt < 0 || !(quoted || citationStart.MatchString(text[k+1:closeAt])) {
		return end
	}
	e := closeAt + 1
	if e < len(text) && text[e] == '.' {
		e++
	}
	if e < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[e:]); !unicode.IsSpace(r) {
			return end
		}
		if r, _ := utf8.DecodeRuneInString(nextWord(text, e)); unicode.IsLower(r) {
			return end
		}
	}
	return e
}

// hasQuote reports whether s contains a closing quotation mark.
func hasQuote(s string) bool { return strings.ContainsAny(s, "\"'”’»") }

// decide is afterTerminator's decision for punctuation followed by white
// space; end is past the closing quotes and brackets.
func (s *Segmenter) decide(text string, start, p, q, end int, kind byte, ellipsis bool) (int, bool) {
	next := nextWord(text, end)
	if next == "" || noteFollows(text, end) {
		// End of text, or an interpreter's note: "… peace. (spoke in French) As…".
		return end, true
	}
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(r) {
		// Sentences in records start with a capital, a digit or a symbol;
		// a lower-case word continues the sentence ("etc. and", "U.N. and").
		return 0, false
	}
	if kind != '.' || end > q && !ellipsis {
		// "?" and "!" end a sentence before anything not lower-case, as does a
		// period followed by a closing quote or bracket.
		return end, true
	}
	if ellipsis {
		return end, unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	// A period right after a word: is the word an abbreviation?
	ws := p
	for ws > start && !isSpaceByte(text[ws-1]) {
		ws--
	}
	word := text[ws:p]
	word = strings.TrimLeft(word, "([{\"'“‘«")
	if word == "" || endsWithCloser(word) {
		// "(see S/PV.8699 et seq.). We": a period after a closing bracket
		// or quote ends the sentence.
		return end, true
	}
	var buf [24]byte
	lw, ok := lowerASCII(buf[:0], word)
	if !ok {
		// Long or non-ASCII word: not an abbreviation we know.
		return end, true
	}
	if s.title[string(lw)] {
		return 0, false
	}
	if s.numeric[string(lw)] && startsNumber(next) {
		return 0, false
	}
	if isListLabel(word) && onlySpaceBefore(text, start, ws) {
		// "1. Strengthen…" at the start of a sentence is a list label.
		return 0, false
	}
	initial := len(word) == 1 && isLetterByte(word[0])
	if initial || s.abbrev[string(lw)] || strings.IndexByte(word, '.') > 0 && !hasDigit(word) {
		// Punkt's orthographic heuristic: after an abbreviation or initial
		// the sentence ends only if the next word is known as a sentence
		// starter.
		if s.startsSentence(next) {
			return end, true
		}
		return 0, false
	}
	return end, true
}

// gluedSentence reports whether the punctuation text[p:q] sits between a
// lower-case word and a capitalised one with no space: "children.Ireland".
func gluedSentence(text string, start, p, q int) bool {
	if q+1 >= len(text) || !('A' <= text[q] && text[q] <= 'Z') || !('a' <= text[q+1] && text[q+1] <= 'z') {
		return false
	}
	n := 0
	for k := p - 1; k >= start && 'a' <= text[k] && text[k] <= 'z'; k-- {
		n++
	}
	// At least three lower-case letters, and the whole word: not "e.g" or
	// the "x" of "www.x.Org".
	return n >= 3 && (p-n == start || isSpaceByte(text[p-n-1]))
}

// startsSentence applies Punkt's orthographic heuristic to a capitalised
// word: it starts a sentence if it is seen lower-case but never capitalised
// mid-sentence, or if it is a frequent sentence starter.
func (s *Segmenter) startsSentence(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(r) {
		return false
	}
	if len(word) >= 2 && word[1] == '.' {
		// Another initial: "J. A. Smith".
		return false
	}
	w := word
	for k := 0; k < len(w); k++ {
		if c := w[k]; !(isLetterByte(c) || c == '-' || c == '\'') {
			w = w[:k]
			break
		}
	}
	var buf [32]byte
	lw, ok := lowerASCII(buf[:0], w)
	if !ok {
		return false
	}
	if s.starters[string(lw)] || unStarters[string(lw)] {
		return true
	}
	o := s.ortho[string(lw)]
	return o&orthoLc != 0 && o&orthoMidUc == 0
}

// noteFollows reports whether an interpreter's note follows text[i:] after white space.
func noteFollows(text string, i int) bool {
	j, _ := trimSpace(text, i, len(text))
	return j < len(text) && text[j] == '(' && un.InterpreterNote(text, j) > 0
}

// skipClosers returns the index after the closing quotes and brackets at text[i:].
func skipClosers(text string, i int) int {
	for i < len(text) {
		switch {
		case text[i] == '"' || text[i] == '\'' || text[i] == ')' || text[i] == ']':
			i++
		case strings.HasPrefix(text[i:], "”"), strings.HasPrefix(text[i:], "’"):
			i += len("”")
		case strings.HasPrefix(text[i:], "»"):
			i += len("»")
		default:
			return i
		}
	}
	return i
}

// nextWord returns the word after white space at text[i:], without
// opening quotes and brackets; "" at the end of text.
func nextWord(text string, i int) string {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	for i < len(text) {
		switch {
		case text[i] == '"' || text[i] == '\'' || text[i] == '(' || text[i] == '[':
			i++
			continue
		case strings.HasPrefix(text[i:], "“"), strings.HasPrefix(text[i:], "‘"):
			i += len("“")
			continue
		case strings.HasPrefix(text[i:], "«"):
			i += len("«")
			continue
		}
		break
	}
	j := i
	for j < len(text) && !isSpaceByte(text[j]) {
		j++
	}
	if i == j && i < len(text) {
		// Opening punctuation followed by white space: report the
		// punctuation itself so that the caller sees "not lower-case".
		return text[i-1 : i]
	}
	return text[i:j]
}

// trimSpace narrows text[a:b] to its non-space content.
func trimSpace(text string, a, b int) (int, int) {
	for a < b {
		r, size := utf8.DecodeRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += size
	}
	for a < b {
		r, size := utf8.DecodeLastRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= size
	}
	return a, b
}

// lowerASCII appends the lower-case form of an ASCII word to dst; it
// reports false for non-ASCII or over-long words.
func lowerASCII(dst []byte, w string) ([]byte, bool) {
	if len(w) > cap(dst) {
		return nil, false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// startsNumber reports whether w begins with a digit or is a roman numeral
// or a single letter, as after "No.", "para." or "vol.".
func startsNumber(w string) bool {
	if w == "" {
		return false
	}
	if '0' <= w[0] && w[0] <= '9' {
		return true
	}
	core := strings.TrimRight(w, ",;:.)")
	if core == "I" || core == "A" {
		// Far more often the pronoun or the article: "agenda item. I challenge…".
		return false
	}
	if len(core) == 1 && isLetterByte(core[0]) {
		return true
	}
	return isRoman(core)
}

// isListLabel reports whether w is a list label such as "1", "12", "iv", "IV" or "a".
func isListLabel(w string) bool {
	if w == "" || len(w) > 3 {
		return false
	}
	digits := true
	for k := 0; k < len(w); k++ {
		if w[k] < '0' || w[k] > '9' {
			digits = false
			break
		}
	}
	return digits || len(w) == 1 && isLetterByte(w[0]) || isRoman(w)
}

func isRoman(w string) bool {
	if w == "" || len(w) > 7 {
		return false
	}
	upper := strings.Trim(w, "IVXLC") == ""
	lower := strings.Trim(w, "ivxlc") == ""
	return upper || lower
}

// onlySpaceBefore reports whether text[start:i] is all white space.
func onlySpaceBefore(text string, start, i int) bool {
	return strings.TrimSpace(text[start:i]) == ""
}

// endsWithCloser reports whether w ends with a closing bracket or quote.
func endsWithCloser(w string) bool {
	return strings.HasSuffix(w, ")") || strings.HasSuffix(w, "]") || strings.HasSuffix(w, "\"") ||
		strings.HasSuffix(w, "”") || strings.HasSuffix(w, "’")
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
