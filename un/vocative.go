package un

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A statement's forms of address ("Mr. President,", "Excellencies, Ladies
// and Gentlemen,", "Your Excellency Mr. Volkan Bozkır, President of the
// General Assembly at its seventy-fifth session,") often stand on lines of
// their own with no blank line after them, as in most general-debate
// statements since 2015. With no sentence-final punctuation they were read
// as the start of the first sentence ("Mr. President, At the outset, I
// would like…").

// vocativeHeads are the words a form of address starts with, besides the
// first words of the honorifics that open a speaker's label ("Sheikh",
// "Dr.", "Sir", "Prince"…).
var vocativeHeads = wordSet(`mr mr. mrs mrs. ms ms. mister madam madame your his her their
	excellency excellencies excellences dear distinguished honourable honorable ladies
	president secretary-general secretary majesty majesties highness highnesses
	colleagues friends esteemed head heads fellow members brothers sisters delegates
	ministers ambassadors respected`)

// vocativeWords are the lower-case words a form of address may hold
// besides capitalised names and titles.
var vocativeWords = wordSet(`of the and to at its in this for all my our your his her their
	session general assembly united nations organization dear distinguished honourable
	honorable honoured honored respected esteemed excellency excellencies excellences
	ladies gentlemen colleagues friends delegates delegate heads head state states
	government governments delegation delegations ministers minister ambassadors
	ambassador representatives representative members member fellow brothers sisters
	majesty majesties highness highnesses president secretary-general secretary mr mrs
	ms madam mister madame guests observers permanent other h.e.`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func init() {
	for _, h := range honorifics {
		vocativeHeads[strings.ToLower(strings.Fields(h)[0])] = true
	}
}

// MaxVocativeBytes bounds a line read as a form of address; longer lines
// are prose.
const MaxVocativeBytes = 240

// Vocative reports whether line is nothing but forms of address: it starts
// with one of their head words ("Mr.", "Excellencies", "Dear", "Your"…)
// and every other word is a capitalised name or title, a number, a name's
// particle ("de", "bin", "al"), or one of the few lower-case words such
// forms use ("of the", "and", "ladies and gentlemen", "heads of State"). The line's trailing punctuation is not
// looked at; callers decide what may end it.
func Vocative(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" || len(s) > MaxVocativeBytes {
		return false
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:!?…()–—\"“”", r)
	})
	if len(words) == 0 || !vocativeHeads[strings.ToLower(words[0])] {
		return false
	}
	for _, w := range words[1:] {
		w = strings.Trim(w, "'’-")
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if lw := strings.ToLower(w); unicode.IsUpper(r) || unicode.IsDigit(r) || vocativeWords[lw] || nameParticles[lw] {
			continue
		}
		return false
	}
	return true
}
