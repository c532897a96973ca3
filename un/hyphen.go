package un

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A hyphen at a line's end, after a letter and before a line that starts
// with one, is nearly always part of a compound in UN records and the texts
// delegations give the General Debate Corpus: of its 7,607 line-end hyphens
// (2026-12-07), 2,353 come before a capital ("Secretary-" / "General",
// "Guinea-" / "Bissau"), and of the rest the corpus prints the hyphenated
// form elsewhere for 4,905 ("sixty-eighth", "well-being",
// "peace-keeping"), while only about twenty are words the typesetter broke
// ("interna-" / "tional", "de-" / "velopment", "is-" / "lands"). So the
// hyphen stays and the halves are joined without a space ("sixty-eighth"),
// unless the text itself spells the word joined and never hyphenated: that
// took 16 of the 7,607 in ungdc-full, all words broken by the typesetter or
// spelt joined by the same statement ("interna-tional" → "international",
// "man-kind", "to-day", "on-going" → "ongoing"). The extract stage joins a
// record's lines by the same rule.

// JoinHyphenated joins line, which ends in a hyphen after a letter, and
// next, which starts with a letter: the hyphen is kept and no space put
// between them, unless next starts in lower case, the word before the
// hyphen is no prefix UN records always hyphenate (CompoundPrefix), and the
// text spells the two halves as one word (has(joined)) but never
// hyphenated. has is asked about lower-case words; nil means no vocabulary
// (the hyphen always stays). ok is false, and joined "", when the lines do
// not meet that way: a dash ("policy -" or "--"), or a line that starts with
// no letter.
func JoinHyphenated(line, next string, has func(word string) bool) (joined string, ok bool) {
	if !strings.HasSuffix(line, "-") || len(line) < 2 {
		return "", false
	}
	r, _ := utf8.DecodeLastRuneInString(line[:len(line)-1])
	n, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLetter(r) || !unicode.IsLetter(n) {
		return "", false
	}
	if unicode.IsLower(n) && has != nil && !CompoundPrefix(line) {
		head := lastWord(line[:len(line)-1])
		tail := firstWord(next)
		word := strings.ToLower(head + tail)
		if has(word) && !has(strings.ToLower(head+"-"+tail)) {
			return line[:len(line)-1] + next, true
		}
	}
	return line + next, true
}

// CompoundPrefix reports whether the word before the hyphen line ends with
// is a prefix UN records always write with a hyphen ("Secretary-", "non-",
// "co-", "twenty-"), so the vocabulary need not be consulted.
func CompoundPrefix(line string) bool {
	h := strings.ToLower(lastWord(strings.TrimSuffix(line, "-")))
	switch h {
	case "non", "co", "anti", "self", "well", "so", "post", "pre", "inter", "cross", "multi", "counter",
		"long", "short", "high", "low", "vice", "ex", "twenty", "thirty", "forty", "fifty", "sixty",
		"seventy", "eighty", "ninety", "secretary", "under", "decision", "peace", "state", "country", "follow":
		return true
	}
	return false
}

// lastWord is the run of letters s ends with; firstWord the run it starts
// with.
func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	return s[i:]
}

func firstWord(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += size
	}
	return s[:i]
}

// Vocabulary answers whether a text holds a word, ignoring case: the
// words JoinHyphenated asks about. The lower-cased text is made on the
// first question, and each answer kept: most texts ask none.
type Vocabulary struct {
	text string
	low  string
	memo map[string]bool
}

// NewVocabulary is the vocabulary of text.
func NewVocabulary(text string) *Vocabulary { return &Vocabulary{text: text} }

// Has reports whether word (lower case) occurs in the text as a whole
// word: not inside a longer run of letters and hyphens ("inter" is not in
// "international", nor "operation" in "co-operation").
func (v *Vocabulary) Has(word string) bool {
	if b, ok := v.memo[word]; ok {
		return b
	}
	if v.low == "" {
		v.low = strings.ToLower(v.text)
	}
	found := false
	for off := 0; word != ""; {
		i := strings.Index(v.low[off:], word)
		if i < 0 {
			break
		}
		at := off + i
		before, _ := utf8.DecodeLastRuneInString(v.low[:at])
		after, _ := utf8.DecodeRuneInString(v.low[at+len(word):])
		if (at == 0 || !vocabRune(before)) && (at+len(word) == len(v.low) || !vocabRune(after)) {
			found = true
			break
		}
		off = at + 1
	}
	if v.memo == nil {
		v.memo = map[string]bool{}
	}
	v.memo[word] = found
	return found
}

func vocabRune(r rune) bool { return unicode.IsLetter(r) || r == '-' }
