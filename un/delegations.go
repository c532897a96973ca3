package un

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/tsv"
)

// delegationsTSV is the delegation table: every UN Member State under the
// names records have printed across eras, former Members, observers,
// organisations and the Secretariat. Its header documents the columns.
//
//go:embed delegations.tsv
var delegationsTSV string

// delegationTable is the parsed table with its lookup index.
type delegationTable struct {
	list   []unpv.Delegation
	index  map[string]int // normalised printed form → position in list
	byCode map[string]int // code → position in list
}

var delegations = sync.OnceValue(func() *delegationTable {
	t, err := parseDelegations(delegationsTSV)
	if err != nil {
		// The table is embedded: an error is a defect caught by the tests.
		panic(fmt.Sprintf("un: delegations.tsv: %v", err))
	}
	return t
})

// parseDelegations reads the TSV table and checks that no printed form
// names two delegations once normalised.
func parseDelegations(data string) (*delegationTable, error) {
	t := &delegationTable{index: map[string]int{}, byCode: map[string]int{}}
	for n, f := range tsv.Rows(data) {
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("line %d: %d fields, want 3 or 4", n+1, len(f))
		}
		d := unpv.Delegation{Code: f[0], Kind: f[1], Name: f[2]}
		switch d.Kind {
		case "state", "historical", "observer", "organisation", "secretariat":
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q", n+1, d.Kind)
		}
		if _, dup := t.byCode[d.Code]; d.Code == "" || dup {
			return nil, fmt.Errorf("line %d: empty or repeated code %q", n+1, d.Code)
		}
		i := len(t.list)
		t.byCode[d.Code] = i
		t.list = append(t.list, d)
		forms := []string{d.Name, d.Code}
		if len(f) == 4 {
			forms = append(forms, strings.Split(f[3], " | ")...)
		}
		for _, form := range forms {
			for _, k := range formKeys(form) {
				if k == "" {
					return nil, fmt.Errorf("line %d: form %q normalises to nothing", n+1, form)
				}
				if j, ok := t.index[k]; ok && j != i {
					return nil, fmt.Errorf("line %d: form %q also names %s", n+1, form, t.list[j].Code)
				}
				t.index[k] = i
			}
		}
	}
	return t, nil
}

// LookupDelegation maps a delegation as printed in a record ("Russian
// Federation", "United Kingdom of Great Britain and Northern Ireland",
// "Türkiye", "Iran (Islamic Republic of)", "Union of Soviet Socialist
// Republics", "European Union"…) to its code, canonical name and kind.
//
// Matching ignores case, diacritics, apostrophe and quote styles, spacing,
// hyphens (including words hyphenated across lines), punctuation, a leading
// "the" and surrounding parentheses, and reads the inverted forms "Iran
// (Islamic Republic of)" and "Iran, Islamic Republic of" as "Islamic
// Republic of Iran".
//
// Digits that OCR made of letters inside a word ("C6te d'Ivoire") are read
// as the letters they stand for when the name is not found as printed.
func LookupDelegation(printed string) (unpv.Delegation, bool) {
	t := delegations()
	for _, k := range formKeys(printed) {
		if i, ok := t.index[k]; ok {
			return t.list[i], true
		}
	}
	for _, v := range ocrVariants(printed) {
		for _, k := range formKeys(v) {
			if i, ok := t.index[k]; ok {
				return t.list[i], true
			}
		}
	}
	return unpv.Delegation{}, false
}

// ocrLetters are the letters OCR misreads as digits in names.
var ocrLetters = map[byte]string{'0': "o", '1': "li", '5': "s", '6': "o", '8': "B"}

// ocrVariants returns s with every digit that stands between letters
// replaced by the letters OCR turns into it (at most two such digits, so at
// most four variants), or nil when there is none.
func ocrVariants(s string) []string {
	var at []int
	for i := 1; i+1 < len(s); i++ {
		if ocrLetters[s[i]] != "" && isASCIILetter(s[i-1]) && isASCIILetter(s[i+1]) {
			at = append(at, i)
		}
	}
	if len(at) == 0 || len(at) > 2 {
		return nil
	}
	out := []string{s}
	for _, i := range at {
		var next []string
		for _, v := range out {
			for _, c := range ocrLetters[s[i]] {
				next = append(next, v[:i]+string(c)+v[i+1:])
			}
		}
		out = next
	}
	return out
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// DelegationTableVersion identifies the embedded table's rows and those of
// seats.tsv (a hash that ignores their # comments), so that stored
// extractions are redone when a delegation code, form or seat holder
// changes, and only then.
func DelegationTableVersion() string {
	h := sha256.New()
	for _, table := range []string{delegationsTSV, seatsTSV} {
		for _, cols := range tsv.Rows(table) {
			h.Write([]byte(strings.Join(cols, "\t")))
			h.Write([]byte{'\n'})
		}
	}
	return "deleg-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// DelegationByCode returns the delegation with code ("ARM", "EU", "SUN").
func DelegationByCode(code string) (unpv.Delegation, bool) {
	t := delegations()
	i, ok := t.byCode[code]
	if !ok {
		return unpv.Delegation{}, false
	}
	return t.list[i], true
}

// Delegations returns every delegation in the table, Member States first.
func Delegations() []unpv.Delegation {
	return append([]unpv.Delegation(nil), delegations().list...)
}

// formKeys returns the lookup keys of a printed form: the form itself and,
// for "X (Y)" and "X, Y", the reordered "Y X".
func formKeys(s string) []string {
	s = strings.TrimSpace(s)
	// "(Russian Federation)" as cut from a speaker label.
	for len(s) > 2 && s[0] == '(' && s[len(s)-1] == ')' && strings.Count(s, "(") == 1 {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	keys := []string{normaliseDelegation(s)}
	if i := strings.LastIndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		keys = append(keys, normaliseDelegation(s[i+1:len(s)-1]+" "+s[:i]))
	}
	if i := strings.IndexByte(s, ','); i > 0 {
		keys = append(keys, normaliseDelegation(s[i+1:]+" "+s[:i]))
	}
	return keys
}

// normaliseDelegation folds a printed name to its lookup key: lower-case
// ASCII letters and digits only, without diacritics and without a leading
// "the". Spaces, hyphens and punctuation are dropped, so "Guinea-\nBissau",
// "Guinea Bissau", "Timor- Leste" and "Côte d’Ivoire"/"Cote d'Ivoire" meet.
func normaliseDelegation(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		// Invalid bytes are dropped below anyway; dropped first, they cannot
		// stop NFKD from decomposing what follows them (found by fuzzing).
		s = norm.NFKD.String(strings.ToValidUTF8(s, ""))
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
		case r < utf8.RuneSelf:
			// spaces, hyphens, apostrophes, punctuation
		case unicode.Is(unicode.Mn, r):
			// combining marks left by NFKD: diacritics
		default:
			switch r = unicode.ToLower(r); r {
			case 'ß':
				b.WriteString("ss")
			case 'æ':
				b.WriteString("ae")
			case 'œ':
				b.WriteString("oe")
			case 'ø':
				b.WriteByte('o')
			case 'ı':
				b.WriteByte('i')
			default:
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					b.WriteRune(r)
				}
			}
		}
	}
	// Drop a leading article ("the Niger", "The former Yugoslav…"); no
	// delegation's name starts with "the".
	return strings.TrimPrefix(b.String(), "the")
}

// SplitDelegations splits a comma-separated list of delegation codes and
// names as the --delegation flags and the delegation parameter take it,
// keeping together the pieces of a name that itself holds a comma ("Korea,
// Republic of", "Moldova, Republic of", as the General Debate Corpus
// prints them): at each place, the longest run of pieces that
// LookupDelegation knows as one name is one item. Split on every comma,
// "Korea, Democratic People's Republic of" was the Republic of Korea and a
// name nobody knows.
func SplitDelegations(s string) []string {
	parts := strings.Split(s, ",")
	var out []string
	for i := 0; i < len(parts); {
		j := len(parts)
		for ; j > i+1; j-- {
			if slices.ContainsFunc(parts[i:j], func(p string) bool { return strings.TrimSpace(p) == "" }) {
				continue // "RUS,,": matching ignores punctuation
			}
			if _, ok := LookupDelegation(strings.Join(parts[i:j], ",")); ok {
				break
			}
		}
		if p := strings.TrimSpace(strings.Join(parts[i:j], ",")); p != "" {
			out = append(out, p)
		}
		i = j
	}
	return out
}
