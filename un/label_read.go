package un

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLabelWords is how many words a personal name in a label may have.
const maxLabelWords = 7

// ReadLabel reads a speaker label at the start of s (a PDF's lines already
// joined with single spaces) and returns it with the byte length of the
// label including its colon, or ok=false when s does not open with a label
// ("Mr. President, I thank you: …" is running text).
func ReadLabel(s string) (lb Label, n int, ok bool) {
	i, ok := readLabelName(s, &lb)
	if !ok {
		return lb, 0, false
	}
	// Parenthesised parts (delegation and/or language, in any order) and a
	// ", title" or ", on behalf of …" clause, up to the colon.
	for step := 0; step < 4; step++ {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return lb, 0, false
		}
		switch s[i] {
		case ':':
			return labelColon(s, i, lb)
		case '(':
			i, ok = labelGroup(s, i, &lb)
		case ',':
			i, ok = labelClause(s, i, &lb)
		default:
			ok = false
		}
		if !ok {
			return lb, 0, false
		}
	}
	return lb, 0, false
}

// readLabelName reads the name that opens a label: an officer ("The
// President"), a personal name after an honorific ("Mr. Ma Zhaoxu"), or a
// bare name followed by a language note ("Hadiza (spoke in French)"). It
// returns the offset after the name.
func readLabelName(s string, lb *Label) (int, bool) {
	if m := reOfficer.FindString(s); m != "" {
		lb.Name = m
		return len(m), true
	}
	h := honorificAt(s)
	if h == "" && !bareNameWithLanguage(s) {
		return 0, false
	}
	j, ok := nameWords(s, len(h))
	if !ok {
		return 0, false
	}
	lb.Name = strings.TrimSpace(s[:j])
	return j, true
}

// bareNameWithLanguage accepts a briefer printed without honorific
// ("Hadiza (spoke in French):", S/PV.8754) only with a language note after
// at most four capitalised name words.
func bareNameWithLanguage(s string) bool {
	k := strings.Index(s, " ("+spokeIn+" ")
	if k <= 0 || k > 60 || strings.Count(s[:k], " ") > 3 {
		return false
	}
	for _, w := range strings.Fields(s[:k]) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) || !nameWord(w) {
			return false
		}
	}
	return true
}

// nameWords reads the words of a personal name from j up to a
// parenthesis, colon or comma; it fails on a word that cannot be part of a
// name, on more than maxLabelWords words, or on none.
func nameWords(s string, j int) (int, bool) {
	words := 0
	for j < len(s) {
		for j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && s[k] != ' ' && s[k] != '(' && s[k] != ':' && s[k] != ',' {
			k++
		}
		w := s[j:k]
		if w == "" {
			break
		}
		if !nameWord(w) {
			return 0, false
		}
		words++
		j = k
		if words > maxLabelWords {
			return 0, false
		}
		if j < len(s) && (s[j] == '(' || s[j] == ':' || s[j] == ',') {
			break
		}
		// Stop before "(…" after a space.
		if j+1 < len(s) && s[j] == ' ' && (s[j+1] == '(' || s[j+1] == ':') {
			break
		}
	}
	return j, words > 0
}

// labelColon ends a label at the colon at i. A misplaced colon, "Mr. Briz
// Gutiérrez: (Guatemala) (spoke in Spanish): My delegation…"
// (A/61/PV.107), is read past when a delegation follows.
func labelColon(s string, i int, lb Label) (Label, int, bool) {
	n := i + 1
	lb.Printed = strings.TrimSpace(s[:i])
	if lb.Delegation != "" || lb.Language != "" {
		return lb, n, true
	}
	j := n
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && s[j] == '(' {
		if strings.Count(s[j:], "(") > strings.Count(s[j:], ")") {
			return lb, 0, false // wrapped: read the next line first
		}
		if lb2, n2, ok := ReadLabel(lb.Name + " " + s[j:]); ok && lb2.Delegation != "" {
			return lb2, j + n2 - len(lb.Name) - 1, true
		}
	}
	return lb, n, true
}

// labelGroup reads the parenthesised group at i: a language note or the
// delegation (with the group it speaks for, if named). It returns the
// offset after the closing parenthesis.
func labelGroup(s string, i int, lb *Label) (int, bool) {
	end := matchParen(s, i)
	if end < 0 {
		return 0, false
	}
	inner := s[i+1 : end]
	if lang, displaced, ok := languageNote(inner); ok {
		lb.Language, lb.Displaced = lang, displaced
		return end + 1, true
	}
	if lb.Delegation != "" {
		return 0, false
	}
	d := strings.TrimSpace(inner)
	if d == "" || strings.ContainsAny(d, ":;") || len(d) > 90 || !startsUpper(d) {
		return 0, false
	}
	d, group := delegationGroup(d)
	lb.Delegation = d
	if group != "" {
		lb.OnBehalfOf = group
	}
	return end + 1, true
}

// labelClause reads a ", title" or ", on behalf of …" clause at i, up to
// the colon or the next parenthesis.
func labelClause(s string, i int, lb *Label) (int, bool) {
	k := i + 1
	for k < len(s) && s[k] != ':' && s[k] != '(' && s[k] != '.' {
		k++
	}
	if k >= len(s) || k-i > 140 {
		return 0, false
	}
	if s[k] == '.' {
		// Abbreviations like "No." are rare in titles; a full stop means
		// this is running text, not a label.
		return 0, false
	}
	t := strings.TrimSpace(s[i+1 : k])
	if t == "" {
		return 0, false
	}
	if m := reOnBehalfClause.FindStringSubmatch(t); m != nil {
		lb.OnBehalfOf = strings.TrimPrefix(m[1], "the ")
		return k, true
	}
	if lb.Delegation == "" && !reOfficer.MatchString(lb.Name) {
		// A comma straight after a bare name is running text ("Mr.
		// President, I thank you", "Mr. Guterres, who…").
		return 0, false
	}
	lb.Title = t
	return k, true
}

// matchParen returns the index of the parenthesis closing the one at i,
// allowing one level of nesting ("(Bolivia (Plurinational State of))").
func matchParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s) && j < i+160; j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}
