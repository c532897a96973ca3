package un

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The words a record's cover prints to say which meeting it is, written
// once here for the extract stage's cover (SessionOrdinal, CoverDate,
// MeetingNumber, AssemblyTitle, EmergencyLine), for the page furniture
// that repeats them (the 1990s running header, MeetingHeaderRight; the
// distribution block's date, DistributionLine; the General Debate Corpus's
// "General Assembly 21st plenary meeting" lines, CleanText), so that a
// cover and a header that print the same date or meeting number are read
// by the same rule.

// monthExpr is an English month's name in full, as records print a date
// ("21 March 1997"): the names Go's time package spells, so that they are
// written nowhere in unpv.
var monthExpr = func() string {
	names := make([]string, 12)
	for m := time.January; m <= time.December; m++ {
		names[m-1] = m.String()
	}
	return strings.Join(names, "|")
}()

var (
	// printedDateExpr is a date as a cover, the distribution block and
	// the 1990s running header print it: "21 March 1997" (day, month's
	// name, year), with single spaces; spaced() lets any white space part
	// its words.
	printedDateExpr = `(\d{1,2}) (` + monthExpr + `) (\d{4})`
	// meetingNumberExpr is a meeting's number as the cover and the
	// running headers print it: "3756th meeting" (Security Council),
	// "46th plenary meeting" (General Assembly), "22nd meeting" (session
	// 49's headers). Its one group is the number.
	meetingNumberExpr = `(\d+) ?(?:st|nd|rd|th) (?:plenary )?meeting`
)

var (
	reCoverDate     = regexp.MustCompile(`\b` + spaced(printedDateExpr) + `\b`)
	reMeetingNumber = regexp.MustCompile(`\b` + meetingNumberExpr + `\b`)
	// The General Assembly's title on a cover: "General Assembly", and as
	// the 1993 covers space it, "G E N E R A L A S S E M B L Y" (an
	// engine may drop the spaces or cut the line after any letter of
	// "ASSEMBLY").
	reAssemblyTitle = regexp.MustCompile(`(?i)^G\s*E\s*N\s*E\s*R\s*A\s*L\s*A?\s*S?\s*S?\s*E?\s*M?\s*B?\s*L?\s*Y?$|^General Assembly$`)
	// The session line of an emergency special session's cover ("Eleventh
	// emergency special session", "ELEVENTH EMERGENCY SPECIAL SESSION"),
	// at the start of a line and capitalised, as the cover prints it: a
	// speech's line that a wrap begins with "seventh emergency special
	// session" (the session its resolutions were adopted at) on a regular
	// session's first page is not taken for it, which made a symbol-less
	// 1993 cover's record one of ES-7.
	reEmergencyLine = regexp.MustCompile(`^([A-Z][A-Za-z]*(?:-[A-Za-z]+)?)\s+(?i:emergency\s+special\s+session)\b`)
	// The right-hand half of the 1990s two-line running header, printed
	// flush right: "3756th meeting" (beside "Security Council"), "21
	// March 1997" (beside "Fifty-second year"), S/PV.3756.
	reMeetingHeaderRight = regexp.MustCompile(`^(?:` + meetingNumberExpr + `|` + printedDateExpr + `)$`)
)

// months numbers the month names of monthExpr.
var months = func() map[string]int {
	m := map[string]int{}
	for mo := time.January; mo <= time.December; mo++ {
		m[mo.String()] = int(mo)
	}
	return m
}()

// CoverDate finds the first date printed in full in text ("Friday, 21
// March 1997, 10.30 a.m.", a cover's date line; the words may be parted by
// any white space, line breaks included) and returns it in ISO form,
// "1997-03-21". A cover prints the meeting's date so; its running headers
// since 2014 print "21/03/1997" (RunningHeaderLine).
func CoverDate(text string) (iso string, ok bool) {
	d := reCoverDate.FindStringSubmatch(text)
	if d == nil {
		return "", false
	}
	day, _ := strconv.Atoi(d[1])
	return fmt.Sprintf("%s-%02d-%02d", d[3], months[d[2]], day), true
}

// MeetingNumber finds the first meeting number in lower-case cover text
// ("3756th meeting", "46th plenary meeting", "22 nd meeting" as an engine
// may space it) and returns it; ok is false when there is none or it is
// too long to be one. The 1993 covers of the General Assembly print no
// symbol: their meeting number and session (SessionOrdinal) make it
// (AssemblySymbol).
func MeetingNumber(low string) (n int, ok bool) {
	m := reMeetingNumber.FindStringSubmatch(low)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, false
	}
	return n, true
}

// MeetingHeaderRight reports whether s is the right-hand half of the 1990s
// running header, which a layout engine prints flush right, far from its
// left half ("Security Council    3756th meeting" / "Fifty-second year
// 21 March 1997", S/PV.3756): the meeting's number or its date, and
// nothing else.
func MeetingHeaderRight(s string) bool { return reMeetingHeaderRight.MatchString(s) }

// AssemblyTitle reports whether a line of a cover is the General
// Assembly's title, "General Assembly" or the 1993 covers' spaced "G E N E
// R A L A S S E M B L Y". A cover that prints no symbol is known for the
// Assembly's by it.
func AssemblyTitle(l string) bool {
	if l == "" || l[0] != 'G' && l[0] != 'g' {
		return false // cheap: most lines of a cover are not it
	}
	return reAssemblyTitle.MatchString(l)
}

// EmergencyLine reads the session line of an emergency special session's
// cover, "Eleventh emergency special session" (any case after the
// capitalised ordinal), and returns the session's number (11); 0 for any
// other line, and for one whose ordinal is not a number's word.
func EmergencyLine(l string) int {
	e := reEmergencyLine.FindStringSubmatch(l)
	if e == nil {
		return 0
	}
	return Ordinal(e[1])
}

// ordinalUnits and ordinalTens are the words of the ordinals a cover
// spells (sessions up to the hundredth, the Council's years).
var ordinalUnits = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
	"eightieth": 80, "ninetieth": 90, "hundredth": 100}

var ordinalTens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90}

// ordinalWordExpr is an ordinal as a running header spells a session,
// capitalised: "Forty-eighth", "Fiftieth", "Eleventh" (lnSessionHeader,
// lnSessionDate). It is built from the words Ordinal reads, longest first.
var ordinalWordExpr = func() string {
	title := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	var units, small, tens []string
	for w, n := range ordinalUnits {
		units = append(units, title(w))
		if n < 10 {
			small = append(small, w)
		}
	}
	for w := range ordinalTens {
		tens = append(tens, title(w))
	}
	for _, l := range [][]string{units, small, tens} {
		slices.SortFunc(l, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	}
	return `(?:(?:` + strings.Join(tens, "|") + `)-(?:` + strings.Join(small, "|") + `)|` + strings.Join(units, "|") + `)`
}()

// Ordinal reads an ordinal written out as a cover spells a session or a
// year, in any case: "Sixty-eighth" is 68, "FORTY-EIGHTH" 48, "eleventh"
// 11. It is 0 for anything else ("twenty-eleventh" included).
func Ordinal(word string) int {
	s := strings.ToLower(word)
	if n, ok := ordinalUnits[s]; ok {
		return n
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		if t, ok := ordinalTens[a]; ok {
			if u, ok := ordinalUnits[b]; ok && u < 10 {
				return t + u
			}
		}
	}
	return 0
}

// SessionOrdinal finds "sixtieth session" (an Assembly cover) or
// "seventy-fifth year" (a Council cover) in lower-case cover text and
// returns the number, 0 when there is none. A " session" or " year" that
// no ordinal precedes ("special session") is passed over.
func SessionOrdinal(low string) int {
	for _, key := range []string{" session", " year"} {
		for off := 0; ; {
			i := strings.Index(low[off:], key)
			if i < 0 {
				break
			}
			at := off + i
			j := strings.LastIndexByte(low[:at], ' ') + 1
			if n := Ordinal(low[j:at]); n > 0 {
				return n
			}
			off = at + len(key)
		}
	}
	return 0
}
