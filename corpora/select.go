package corpora

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// RegionalCooperationAgenda matches every Security Council agenda item on
// cooperation between the UN and regional (and subregional) organisations
// as the meeting tables print it, whatever the spelling: "Cooperation
// between the United Nations and regional and subregional organizations in
// maintaining international peace and security", "… the UN and regional and
// sub-regional organizations (African Union)", "… regional organizations in
// stabilization processes".
const RegionalCooperationAgenda = "Cooperation between the United Nations and regional"

// Selection chooses meetings to fetch. Empty fields do not restrict; a
// meeting must pass every non-empty one. Agenda phrases match the agenda
// text ignoring case, accents, punctuation, hyphens ("sub-regional" =
// "subregional"), "UN" for "United Nations" and British "-isation"
// spellings; any one phrase is enough.
type Selection struct {
	Symbols  []string    `json:"symbols,omitempty"` // any spelling CanonicalSymbol reads
	FromYear int         `json:"from_year,omitempty"`
	ToYear   int         `json:"to_year,omitempty"`
	Bodies   []unpv.Body `json:"bodies,omitempty"`
	Agenda   []string    `json:"agenda,omitempty"`
}

// IsZero reports whether the selection restricts nothing.
func (s Selection) IsZero() bool {
	return len(s.Symbols) == 0 && s.FromYear == 0 && s.ToYear == 0 && len(s.Bodies) == 0 && len(s.Agenda) == 0
}

// ParseYears reads a year range flag: "2014-2024", "2016", "2014-" or "-1999".
func ParseYears(v string) (from, to int, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(v, "-")
	conv := func(s string) (int, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1945 || n > 2200 {
			return 0, fmt.Errorf("bad year %q in %q", s, v)
		}
		return n, nil
	}
	if from, err = conv(a); err != nil {
		return 0, 0, err
	}
	if !isRange {
		return from, from, nil
	}
	if to, err = conv(b); err != nil {
		return 0, 0, err
	}
	if from > 0 && to > 0 && from > to {
		return 0, 0, fmt.Errorf("year range %q runs backwards", v)
	}
	return from, to, nil
}

// Match reports whether a meeting with these attributes is selected. year
// 0 takes the year from the date (ISO or as printed, "25 July 2019").
func (s Selection) Match(symbol string, body unpv.Body, year int, date, agenda string) bool {
	if len(s.Symbols) > 0 {
		want, _ := un.CanonicalSymbol(symbol)
		if !slices.ContainsFunc(s.Symbols, func(x string) bool { c, _ := un.CanonicalSymbol(x); return c == want }) {
			return false
		}
	}
	if len(s.Bodies) > 0 && !slices.Contains(s.Bodies, body) {
		return false
	}
	if s.FromYear > 0 || s.ToYear > 0 {
		if year == 0 {
			year, _ = strconv.Atoi(yearRe.FindString(date))
		}
		if year == 0 || (s.FromYear > 0 && year < s.FromYear) || (s.ToYear > 0 && year > s.ToYear) {
			return false
		}
	}
	if len(s.Agenda) > 0 {
		text := " " + agendaKey(agenda) + " "
		if !slices.ContainsFunc(s.Agenda, func(p string) bool {
			k := agendaKey(p)
			return k != "" && strings.Contains(text, " "+k+" ")
		}) {
			return false
		}
	}
	return true
}

// MatchListing applies the selection to a meeting-table row.
func (s Selection) MatchListing(l MeetingListing) bool {
	return l.Symbol != "" && s.Match(l.Symbol, unpv.SecurityCouncil, l.Year, l.Date, l.Topic)
}

// MatchRecord applies the selection to a UN Digital Library record; the
// agenda is its title and 991 agenda titles, the body its 981 $a.
func (s Selection) MatchRecord(r UNDLRecord) bool {
	body := unpv.Body("")
	switch {
	case strings.HasPrefix(r.Symbol, "A/"), r.Body == "General Assembly":
		body = unpv.GeneralAssembly
	case strings.HasPrefix(r.Symbol, "S/"), r.Body == "Security Council":
		body = unpv.SecurityCouncil
	}
	agenda := r.Title
	for _, a := range r.Agenda {
		agenda += " | " + a.Title
	}
	return s.Match(r.Symbol, body, 0, r.Date, agenda)
}

// SelectListings returns the selected meetings among table rows, one per
// symbol (a meeting is selected when any of its rows — continuation rows
// list further agenda items — matches), in date then symbol order. Rows of
// VTC meetings without a verbatim record are never selected: there is no PV
// to fetch.
func (s Selection) SelectListings(ls []MeetingListing) []MeetingListing {
	seen := map[string]bool{}
	var out []MeetingListing
	for _, l := range ls {
		if l.Symbol == "" || seen[l.Symbol] || !s.MatchListing(l) {
			continue
		}
		seen[l.Symbol] = true
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b MeetingListing) int {
		return cmp.Or(strings.Compare(a.Date, b.Date), compareSymbols(a.Symbol, b.Symbol))
	})
	return out
}

var (
	yearRe     = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	hyphenRe   = regexp.MustCompile(`(\pL)[-\x{2010}\x{2011}](\pL)`)
	isationRe  = regexp.MustCompile(`isation`)
	unTokensRe = regexp.MustCompile(`(^| )un( |$)`)
)

// agendaKey folds agenda text for matching: lower case, no accents, words
// joined across hyphens, punctuation to spaces, "un" → "united nations",
// "-isation" → "-ization".
func agendaKey(s string) string {
	s = norm.NFKD.String(strings.ToLower(s))
	s = hyphenRe.ReplaceAllString(s, "$1$2")
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	k := strings.Join(strings.Fields(b.String()), " ")
	k = isationRe.ReplaceAllString(k, "ization")
	for unTokensRe.MatchString(k) {
		k = unTokensRe.ReplaceAllString(k, "${1}united nations${2}")
	}
	return k
}
