package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is a speaker label as printed at the start of a turn, split into
// its parts: "Mr. Nebenzia (Russian Federation) (spoke in Russian):".
type Label struct {
	Printed    string // the label without the colon, spaces normalised
	Name       string // "Mr. Nebenzia", "The President"
	Delegation string // "Russian Federation", "" for briefers and officers
	Title      string // text after a comma: "Rapporteur of panel 5", "Vice-President"
	Language   string // "Russian" from "(spoke in Russian)" or "(interpretation from Russian)"
	OnBehalfOf string // group named in the label ("on behalf of the Group of 77")
}

// Officer names: "The President", "The Acting President", "The Secretary-General".
var reOfficer = regexp.MustCompile(`^The (?:(?:Acting|ACTING|Temporary|TEMPORARY|Interim) )?(?:President|PRESIDENT|Chair|Chairman|CHAIRMAN|Chairperson|Co-Chair|Vice-President|Secretary-General|SECRETARY-GENERAL|Deputy Secretary-General|DEPUTY SECRETARY-GENERAL)\b`)

// honorifics that open a personal speaker label. Longer forms first.
var honorifics = []string{
	"Mr.", "Mrs.", "Ms.", "Miss", "Mme", "Mlle", "Dr.", "Sir", "Dame", "Lord", "Lady",
	"Baroness", "Baron", "Monsignor", "Msgr.", "Archbishop", "Cardinal", "Bishop",
	"Sheikh", "Sheikha", "Shaikh", "Crown Prince", "Prince", "Princess", "King", "Queen",
	"Emir", "Amir", "Sultan", "Dato’", "Dato'", "Datuk", "Dato", "Tan Sri", "Judge", "Justice",
	"Professor", "Prof.", "Reverend", "Father", "Sister", "Archduke", "Grand Duke",
	"President", "Prime Minister", "Vice-President", "Ambassador", "Mr", "Mrs", "Ms", "Dr",
}

// Particles allowed in lower case inside a personal name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "das": true, "do": true, "dos": true, "del": true, "della": true,
	"di": true, "du": true, "la": true, "le": true, "van": true, "von": true, "der": true,
	"den": true, "ten": true, "ter": true, "bin": true, "binti": true, "bint": true, "ibn": true,
	"al": true, "el": true, "y": true, "e": true, "zu": true, "af": true, "i": true, "et": true,
	"ould": true, "ben": true, "abu": true, "st.": true,
}

// reLang matches the language note: "(spoke in Russian)", 1990s
// "(interpretation from Arabic)", 1950 "(translated from Russian)".
var reLang = regexp.MustCompile(`^\((?:spoke in|spoke|interpretation from|interpreted from|translated from|translation from)(?: the)? ([\p{L}-]+)[^()]*\)`)

var reOnBehalf = regexp.MustCompile(`(?i)^(?:speaking |also )?on behalf of (.+)$`)

// maxLabelLines is how many lines a wrapped label may span.
const maxLabelLines = 8

// parseLabel reads a speaker label at the start of s (lines already joined
// with single spaces). It returns the label and the byte length of the label
// including its colon, or ok=false.
func parseLabel(s string) (lb Label, n int, ok bool) {
	i := 0
	if m := reOfficer.FindString(s); m != "" {
		i = len(m)
		lb.Name = m
	} else {
		h := ""
		for _, x := range honorifics {
			if strings.HasPrefix(s, x) && len(s) > len(x) && s[len(x)] == ' ' {
				h = x
				break
			}
		}
		j, words := len(h), 0
		if h == "" {
			// A briefer printed without honorific ("Hadiza (spoke in
			// French):", S/PV.8754) is accepted only with a language note.
			k := strings.Index(s, " (spoke in ")
			if k <= 0 || k > 60 || strings.Count(s[:k], " ") > 3 {
				return lb, 0, false
			}
			for _, w := range strings.Fields(s[:k]) {
				if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) || !nameWord(w) {
					return lb, 0, false
				}
			}
			j, words = 0, 0
		}
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
				return lb, 0, false
			}
			words++
			j = k
			if words > 7 {
				return lb, 0, false
			}
			if j < len(s) && (s[j] == '(' || s[j] == ':' || s[j] == ',') {
				break
			}
			// Stop before "(…" after a space.
			if j+1 < len(s) && s[j] == ' ' && (s[j+1] == '(' || s[j+1] == ':') {
				break
			}
		}
		if words == 0 {
			return lb, 0, false
		}
		lb.Name = strings.TrimSpace(s[:j])
		i = j
	}
	// Parenthesised parts: delegation and/or language, in any order, and
	// a ", title" or ", on behalf of …" clause.
	for step := 0; step < 4; step++ {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return lb, 0, false
		}
		switch s[i] {
		case ':':
			n = i + 1
			lb.Printed = strings.TrimSpace(s[:i])
			// A misplaced colon: "Mr. Briz Gutiérrez: (Guatemala) (spoke
			// in Spanish): My delegation…" (A/61/PV.107).
			if lb.Delegation == "" && lb.Language == "" {
				j := n
				for j < len(s) && s[j] == ' ' {
					j++
				}
				if j < len(s) && s[j] == '(' {
					if strings.Count(s[j:], "(") > strings.Count(s[j:], ")") {
						return lb, 0, false // wrapped: read the next line first
					}
					if lb2, n2, ok := parseLabel(lb.Name + " " + s[j:]); ok && lb2.Delegation != "" {
						return lb2, j + n2 - len(lb.Name) - 1, true
					}
				}
			}
			return lb, n, true
		case '(':
			end := matchParen(s, i)
			if end < 0 {
				return lb, 0, false
			}
			inner := s[i : end+1]
			if m := reLang.FindStringSubmatch(inner); m != nil {
				lb.Language = m[1]
			} else {
				if lb.Delegation != "" {
					return lb, 0, false
				}
				d := strings.TrimSpace(inner[1 : len(inner)-1])
				if d == "" || strings.ContainsAny(d, ":;") || len(d) > 90 || !startsUpper(d) {
					return lb, 0, false
				}
				lb.Delegation = d
			}
			i = end + 1
		case ',':
			k := i + 1
			for k < len(s) && s[k] != ':' && s[k] != '(' && s[k] != '.' {
				k++
			}
			if k >= len(s) || k-i > 140 {
				return lb, 0, false
			}
			if s[k] == '.' {
				// Abbreviations like "No." are rare in titles; a full stop
				// means this is running text, not a label.
				return lb, 0, false
			}
			t := strings.TrimSpace(s[i+1 : k])
			if t == "" {
				return lb, 0, false
			}
			if m := reOnBehalf.FindStringSubmatch(t); m != nil {
				lb.OnBehalfOf = strings.TrimPrefix(m[1], "the ")
			} else {
				if lb.Delegation == "" && !reOfficer.MatchString(lb.Name) {
					// A comma straight after a bare name is running text
					// ("Mr. President, I thank you", "Mr. Guterres, who…").
					return lb, 0, false
				}
				lb.Title = t
			}
			i = k
		default:
			return lb, 0, false
		}
	}
	return lb, 0, false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// nameWord accepts one word of a personal name: capitalised ("Zhang",
// "Al-Kidwa", "O’Brien", "CHIRILA", "H."), or a lower-case particle.
func nameWord(w string) bool {
	if nameParticles[strings.ToLower(w)] && (strings.ToLower(w) == w) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		if strings.HasPrefix(w, "al-") || strings.HasPrefix(w, "el-") || strings.HasPrefix(w, "d’") || strings.HasPrefix(w, "d'") || strings.HasPrefix(w, "bin-") {
			return true
		}
		return false
	}
	for _, c := range w {
		if !(unicode.IsLetter(c) || unicode.IsMark(c) || strings.ContainsRune("-’'.", c)) {
			return false
		}
	}
	return true
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

// isLabelStart reports whether a single line opens with a complete label.
func isLabelStart(l string) bool {
	_, _, ok := parseLabel(l)
	return ok
}

// couldStartLabel is a cheap filter before trying to join lines.
func couldStartLabel(l string) bool {
	if strings.HasPrefix(l, "The") {
		// Justified labels may be printed one word per line ("The" /
		// "President" / "(spoke" / …).
		return reOfficer.MatchString(l) || l == "The" || (len(l) < 24 && reOfficer.MatchString(l+" President"))
	}
	for _, h := range honorifics {
		// A lone "Mr." happens when a justified label is printed one word
		// per line.
		if strings.HasPrefix(l, h) && (len(l) == len(h) || l[len(h)] == ' ') {
			return true
		}
	}
	// A bare name with a language note ("Hadiza (spoke in French):").
	if r, _ := utf8.DecodeRuneInString(l); unicode.IsUpper(r) {
		if k := strings.Index(l, " (spoke in"); k > 0 && k <= 60 {
			return true
		}
	}
	return false
}

// labelAt tries to read a label starting at line i, joining up to
// maxLabelLines non-blank lines. It returns the label, the index of the
// line holding the colon, and the text after the colon on that line.
func labelAt(ls []line, i int) (lb Label, last int, rest string, ok bool) {
	if !couldStartLabel(ls[i].text) {
		return lb, 0, "", false
	}
	joined := ""
	var ends []int // byte offset in joined where each line ends
	var idx []int
	for j := i; j < len(ls) && len(idx) < maxLabelLines; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if joined != "" {
			joined += " "
		}
		joined += t
		ends = append(ends, len(joined))
		idx = append(idx, j)
		lb, n, ok := parseLabel(joined)
		if ok {
			// Map n back onto the line holding the colon.
			for k, e := range ends {
				if n <= e {
					return lb, idx[k], strings.TrimSpace(joined[n:e]), true
				}
			}
		}
		if strings.Contains(t, ":") && strings.Count(joined, "(") <= strings.Count(joined, ")") {
			break
		}
	}
	return lb, 0, "", false
}
