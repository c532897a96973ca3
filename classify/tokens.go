package classify

import (
	"unicode"
	"unicode/utf8"
)

// token is one word of a sentence: a maximal run of letters and digits.
// Hyphens, apostrophes and punctuation separate words, so "EU-led" yields
// "EU" and "led", and "AUD" never contains the word "AU".
type token struct {
	start, end int    // byte offsets in the sentence
	low        string // lower-cased text; "n't" endings become "not"
	stem       string // Snowball English stem of low, set by analyse
}

// isWordByte reports whether an ASCII byte belongs to a word.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// nextWord returns the bounds of the next word at or after i, or start = -1.
// It is the allocation-free scanner the gazetteer runs over every sentence.
func nextWord(s string, i int) (start, end int) {
	start = -1
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			if isWordByte(b) {
				if start < 0 {
					start = i
				}
				i++
				continue
			}
			if start >= 0 {
				return start, i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return start, i
		}
		i += n
	}
	if start >= 0 {
		return start, len(s)
	}
	return -1, -1
}

// tokenize splits s into lower-cased words with their offsets.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+1)
	for i := 0; ; {
		st, en := nextWord(s, i)
		if st < 0 {
			break
		}
		w := lower(s[st:en])
		if w == "t" && st > 0 && (s[st-1] == '\'' || (st >= 3 && s[st-3:st] == "’")) {
			w = "not" // can't, don’t, won't
		}
		toks = append(toks, token{start: st, end: en, low: w})
		i = en
	}
	return toks
}

// lower lower-cases ASCII without allocating when s is already lower case.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return lowerSlow(s)
		}
		if c >= 'A' && c <= 'Z' {
			return lowerSlow(s)
		}
	}
	return s
}

func lowerSlow(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, unicode.ToLower(r))
	}
	return string(b)
}

// Words returns the words of s as the classifier reads them: lower-cased
// runs of letters and digits, "n't" as "not". The word vectors are trained
// on text split this way.
func Words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.low
	}
	return out
}
