package un

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is a speaker label as printed at the start of a turn, split into
// its parts: "Mr. Nebenzia (Russian Federation) (spoke in Russian):".
//
// Records are read in two ways. A PDF's text is a stream in which a label
// must be told from running text: ReadLabel accepts only what reads as a
// label and says where its colon is. An imported corpus gives each speech
// with its label first: SplitLabel cuts the label off and ParseLabel splits
// it, tolerating the OCR damage such corpora carry. Both share the
// vocabulary below (honorifics, officers, language notes, "on behalf of"),
// and RoleOf gives the same role and delegation code for the same label
// whichever way it was read.
type Label struct {
	Printed    string // the label without its colon, spaces normalised
	Name       string // "Mr. Nebenzia", "The President"
	Delegation string // "Russian Federation"; "" for briefers and presiding officers
	Title      string // text after a comma: "Rapporteur of panel 5", "Vice-President"
	Language   string // "Russian" from "(spoke in Russian)" or "(interpretation from Russian)"
	OnBehalfOf string // group named in the label ("on behalf of the Group of 77")
	// Displaced is body text that OCR column mixing moved inside the
	// language note ("(spoke I thank Mr. Lowcock for his briefing. in
	// French)"); it belongs at the start of the speech.
	Displaced string
}

// reOfficer matches presiding officers and the Secretary-General as label
// names: "The President", "The Acting President", "The Secretary-General".
var reOfficer = regexp.MustCompile(`^The (?:(?:Acting|ACTING|Temporary|TEMPORARY|Interim) )?(?:President|PRESIDENT|Chair|Chairman|CHAIRMAN|Chairperson|Co-Chair|Vice-President|Secretary-General|SECRETARY-GENERAL|Deputy Secretary-General|DEPUTY SECRETARY-GENERAL)\b`)

// IsOfficer reports whether a label's name is a presiding officer or the
// Secretary-General, who speak without a delegation.
func IsOfficer(name string) bool { return reOfficer.MatchString(name) }

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

// Language notes: "(spoke in Russian)", 1990s "(interpretation from
// Arabic)", 1950 "(translated from Russian)", and OCR-damaged "(spoke I
// thank Mr. Lowcock for his briefing. in French)".
var (
	reLangNote = regexp.MustCompile(`(?i)^\s*(?:spoke|speaking|interpretation|interpreted|translated|translation)\b`)
	reLangTail = regexp.MustCompile(`\b(?:in|from)(?:\s+the)?\s+([\p{L}-]+)\s*$`)
	reLangAny  = regexp.MustCompile(`\b(?:in|from)\s+([A-Z][a-z]+)`)
	reLangBare = regexp.MustCompile(`^\s*\S+\s+([\p{L}-]+)\s*$`)
)

// languageNote reads the inside of a parenthesised group as a language
// note. It returns the language (possibly "" when none is named: "(spoke
// in; English text provided)") and the body text OCR displaced into it.
func languageNote(group string) (language, displaced string, ok bool) {
	if !reLangNote.MatchString(group) || strings.Contains(strings.ToLower(group), "on behalf of") {
		return "", "", false
	}
	if m := reLangTail.FindStringSubmatchIndex(group); m != nil {
		mid := strings.TrimSpace(reLangNote.ReplaceAllString(group[:m[0]], ""))
		return group[m[2]:m[3]], mid, true
	}
	// "(spoke in Spanish; English text provided by the delegation)": the
	// first language named, nothing displaced.
	if m := reLangAny.FindStringSubmatch(group); m != nil {
		return m[1], "", true
	}
	// "(spoke Russian)".
	if m := reLangBare.FindStringSubmatch(group); m != nil {
		return m[1], "", true
	}
	return "", "", true
}

// reOnBehalfGroup splits a delegation group naming a group it speaks for:
// "(Jamaica, on behalf of the Group of 77 and China)".
var reOnBehalfGroup = regexp.MustCompile(`(?i)^(.*?),?\s+(?:speaking\s+)?on behalf of\s+(.+)$`)

// delegationGroup splits the inside of a delegation's parenthesised group
// into the delegation and the group it speaks for.
func delegationGroup(group string) (delegation, onBehalfOf string) {
	if m := reOnBehalfGroup.FindStringSubmatch(group); m != nil {
		return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	}
	return group, ""
}

// reOnBehalfClause reads a ", on behalf of …" clause after the label's
// parenthesised groups.
var reOnBehalfClause = regexp.MustCompile(`(?i)^(?:speaking |also )?on behalf of (.+)$`)

// honorificAt returns the honorific that opens s followed by a space, or "".
func honorificAt(s string) string {
	for _, h := range honorifics {
		if strings.HasPrefix(s, h) && len(s) > len(h) && s[len(h)] == ' ' {
			return h
		}
	}
	return ""
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

// CouldStartLabel is a cheap test of whether a line may open a speaker
// label (possibly wrapped over the next lines), before trying ReadLabel.
func CouldStartLabel(l string) bool {
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
		if k := strings.Index(l, " ("+spokeIn); k > 0 && k <= 60 {
			return true
		}
	}
	return false
}
