package un

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/unpv/unpv"
)

// Symbol patterns as they appear in symbols, PDF file names
// ("S_PV.8699_Resumption1_E.pdf"), UNSC-Debates ids ("UNSC_2020_SPV.8699Resumption1")
// and table cells ("S/PV.6870(Resumption1)"). Each is anchored on a
// non-alphanumeric boundary so that "UNSC_…" or "DATA_…" never match.
var (
	gaSymbolRe    = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])A\s*[/_]\s*(\d{1,3})\s*[/_]\s*PV\s*\.?\s*(\d{1,5})`)
	gaOldSymbolRe = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])A\s*[/_]\s*PV\s*\.?\s*(\d{1,5})`)
	scSymbolRe    = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])S\s*[/_]?\s*PV\s*\.?\s*(\d{1,6})`)
	// An emergency special session's record: "A/ES-11/PV.1",
	// "A_ES-11_PV.1_E.pdf" (ODS), "A_ES-11_PV.1-EN.pdf" (Digital Library),
	// "A /ES-11/PV. 1" as PDF engines space it; the hyphen as any
	// emergencyDashExpr, or dropped ("ES11", as A/76/PV.102 prints
	// "resolutions ES11/1").
	gaEmergencySymbolRe = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9])A\s*[/_]\s*ES\s*` + emergencyDashExpr + `?\s*(` + emergencyNumberExpr + `)\s*[/_]\s*PV\s*\.?\s*(\d{1,5})`)
	resumptionRe        = regexp.MustCompile(`(?i)^\s*[_(]?\s*Resumption\s*[_\s]?\s*(\d{1,3}|[IVX]{1,4}\b)?\s*\)?`)
)

// emergencyDashExpr is the dash between "ES" and an emergency special
// session's number ("A/ES-11/PV.1") as texts carry it: the hyphen-minus, or
// the hyphen (U+2010), the non-breaking hyphen (U+2011, which word
// processors put in a symbol to keep it on one line) or the en dash
// (U+2013) that a text converted or typed elsewhere has instead. ParseSymbol
// and printedSymbolExpr take the same ones (FuzzPrintedSymbolAgrees), so
// that a line CleanText or SymbolLine passes over is not one ParseSymbol
// would read as the record's symbol, nor the other way round. A range
// written with a dash (reDashRange) is refused for any of them.
const emergencyDashExpr = `[-\x{2010}\x{2011}\x{2013}]`

// emergencyNumberExpr is an emergency special session's number: 1 to 99,
// without a leading zero (there is no "ES-0", and "ES-01" is no symbol).
const emergencyNumberExpr = `[1-9]\d?`

// printedSymbolExpr is a verbatim-record symbol as the record itself
// prints it on its cover and in its running headers, with the spaces PDF
// engines put into it ("S/PV.8699 (Resumption 1)", "S/PV. 8422", "A
// /76/PV.102", "A/60/PV.25", an emergency special session's "A/ES-11/PV.1",
// its dash any emergencyDashExpr; a session only in an Assembly symbol, as
// in ParseSymbol: "S/76/PV.1" is none), and no more: not the file-name and corpus
// spellings ParseSymbol also reads ("S_PV.8699_Resumption1"), which a
// line of a record never holds, nor an emergency session's number without
// its dash ("ES11/1" is how A/76/PV.102 cites a resolution, never how a
// record prints its own symbol). CleanText finds running headers with it,
// SymbolLine reads the cover's symbol and RecordMarks finds any.
const printedSymbolExpr = `(?:S\s?/\s?|A\s?/\s?(?:(?:\d{1,3}|ES` + emergencyDashExpr + emergencyNumberExpr + `)\s?/\s?)?)PV\.\s?\d{1,5}(?: ?\((?:Resumption|Part) ?\d{0,2}\))?`

// reSymbolLine is a line holding a printed symbol and nothing else but a
// closed meeting's note ("S/PV.77 (closed)", as the Library's tables and
// the early records print it).
var reSymbolLine = regexp.MustCompile(`^` + printedSymbolExpr + `(?:\s?\(closed\))?$`)

// SymbolLine reads a line of a record (spaces trimmed) that holds its
// symbol and nothing else: the symbol at the top of the cover, which names
// the record ("S/PV.8699 (Resumption 1)", "A/76/PV.102", as mutool writes
// it "A /76/PV.102"), and the same symbol as a running header or footer
// on a line of its own ("S/PV. 8699", pdftotext), which is furniture. A
// line that holds more is not the cover's symbol: "S/PV.8702 Colom" is a
// running header cut by pdftotext's layout, "(see S/PV.8706)." a
// citation. On the engine texts of every record at hand (docs/un.md;
// 1,395 symbol lines) it reads the same lines as the extract stage's own
// patterns did before extract/8.
func SymbolLine(l string) (SymbolInfo, bool) {
	if !reSymbolLine.MatchString(l) {
		return SymbolInfo{}, false
	}
	return ParseSymbol(l)
}

// SymbolInfo is a verbatim-record symbol split into the parts a Meeting needs.
type SymbolInfo struct {
	Symbol  string    // canonical: "S/PV.8699 (Resumption 1)", "A/60/PV.25", "A/PV.2444"
	Body    unpv.Body // SC or GA
	Meeting string    // without resumption: "S/PV.8699"
	Number  int       // meeting number: 8699, 25
	Session int       // GA session; 0 for SC, pre-1976 GA and emergency-session symbols
	// Emergency is the emergency special session of an Assembly record
	// whose symbol names one ("A/ES-11/PV.1": 11), 0 for any other. Such a
	// symbol does not name the regular session the emergency session met
	// during (ES-10 has been resumed from 1997 into the 2020s), so Session
	// stays 0 for it; Session(symbol, date) places it by its date.
	Emergency  int
	Resumption int // 0 for the opening part
}

// ParseSymbol recognises a Security Council or General Assembly verbatim
// record symbol anywhere in s, in any of the spellings seen in symbols, PDF
// file names and corpus ids, and returns its canonical parts. ok is false
// when s holds no such symbol. An emergency special session's symbol
// ("A/ES-11/PV.1") is looked for last, so that a string that held another
// record's symbol, which ParseSymbol read before it read these, reads the
// same.
func ParseSymbol(s string) (info SymbolInfo, ok bool) {
	info, _, _, ok = parseSymbol(s)
	return info, ok
}

// parseSymbol is ParseSymbol, also giving where in s the symbol it read
// starts and ends (its resumption included; the boundary its pattern
// takes before it, the "/" of a link, excluded), for SymbolAlone.
func parseSymbol(s string) (info SymbolInfo, start, end int, ok bool) {
	if m := gaSymbolRe.FindStringSubmatchIndex(s); m != nil {
		info.Body = unpv.GeneralAssembly
		info.Session, _ = strconv.Atoi(s[m[2]:m[3]])
		info.Number, _ = strconv.Atoi(s[m[4]:m[5]])
		info.Meeting = AssemblySymbol(info.Session, info.Number)
		start, end = m[0], m[1]
	} else if m := scSymbolRe.FindStringSubmatchIndex(s); m != nil {
		info.Body = unpv.SecurityCouncil
		info.Number, _ = strconv.Atoi(s[m[2]:m[3]])
		info.Meeting = CouncilSymbol(info.Number, 0)
		start, end = m[0], m[1]
	} else if m := gaOldSymbolRe.FindStringSubmatchIndex(s); m != nil {
		info.Body = unpv.GeneralAssembly
		info.Number, _ = strconv.Atoi(s[m[2]:m[3]])
		info.Meeting = "A/PV." + strconv.Itoa(info.Number)
		start, end = m[0], m[1]
	} else if m := gaEmergencySymbolRe.FindStringSubmatchIndex(s); m != nil {
		info.Body = unpv.GeneralAssembly
		info.Emergency, _ = strconv.Atoi(s[m[2]:m[3]])
		info.Number, _ = strconv.Atoi(s[m[4]:m[5]])
		info.Meeting = EmergencySymbol(info.Emergency, info.Number)
		start, end = m[0], m[1]
	} else {
		return SymbolInfo{}, 0, 0, false
	}
	// The patterns take the character before the symbol as its boundary.
	if c := s[start]; c != 'A' && c != 'a' && c != 'S' && c != 's' {
		_, n := utf8.DecodeRuneInString(s[start:])
		start += n
	}
	info.Symbol = info.Meeting
	if r := resumptionRe.FindStringSubmatchIndex(s[end:]); r != nil {
		info.Resumption = 1
		if r[2] >= 0 {
			digits := s[end+r[2] : end+r[3]]
			if n, err := strconv.Atoi(digits); err == nil {
				info.Resumption = n
			} else {
				info.Resumption = romanValue(digits)
			}
		}
		info.Symbol = withResumption(info.Meeting, info.Resumption)
		end += r[1]
	}
	return info, start, end, true
}

// What SymbolAlone lets stand around a symbol: before it, an undocs.org
// link's address ("https://undocs.org/en/") or a UNSC Debates corpus id's
// "UNSC_2020_"; after it, a closed meeting's note ("(closed)") or the
// rest of a file name or corpus id ("_E.pdf" from ODS, "-EN.pdf" from the
// Digital Library, "_E_N0553261.pdf", ".txt", "_spch042").
var (
	reSymbolPrefix = regexp.MustCompile(`(?i)^(?:(?:https?://)?(?:www\.)?undocs\.org/(?:[a-z]{2}/)?|UNSC_\d{4}_)?$`)
	reSymbolSuffix = regexp.MustCompile(`(?i)^(?:\s*\(closed\)|(?:[_-][A-Z]{1,2}(?:_[A-Z0-9]{1,12})?)?(?:_spch\d{1,4})?(?:\.(?:pdf|txt))?)$`)
)

// SymbolAlone reads s (spaces trimmed) as one record's symbol and nothing
// else, in any form ParseSymbol reads that a person names a record by: the
// symbol ("S/PV.8699 (Resumption 1)", "A /76/PV.102" as PDF engines space
// it), its ODS or Digital Library file name ("A_ES-10_PV.21_E.pdf"), its
// corpus id ("UNSC_2020_SPV.8699Resumption1") or its undocs.org link. A
// value with anything more around the symbol ("S/PV.8699x", "A/ES-11/PV.1
// and 2", "see S/PV.8699") is none: ParseSymbol finds a symbol anywhere in
// a string, and fetch --symbols read such values as their first symbol
// without a word.
func SymbolAlone(s string) (SymbolInfo, bool) {
	s = strings.TrimSpace(s)
	info, start, end, ok := parseSymbol(s)
	if !ok || !reSymbolPrefix.MatchString(s[:start]) || !reSymbolSuffix.MatchString(s[end:]) {
		return SymbolInfo{}, false
	}
	return info, true
}

// MaxSymbolRange is the most records a SymbolRange names: ranges are typed
// by a person (fetch --symbols), and a session's plenary meetings number
// a few hundred at most (the Assembly's 76th held 104; the Council meets
// some 300 times a year).
const MaxSymbolRange = 1000

// A range's parts. Its start is one record's symbol as a person writes it
// (printedSymbolExpr, in any case) and nothing more: ParseSymbol finds a
// symbol anywhere in a string, so that "see A/ES-11/PV.1..3" or
// "A/ES-11/PV.1 draft..3" read as A/ES-11/PV.1 to 3. Its end is a meeting
// number, digits only ("+3" is none). reDashRange is a range written with
// a dash ("A/ES-11/PV.1-3"), which ParseSymbol reads as its first record
// alone, without a word.
var (
	reRangeStart = regexp.MustCompile(`(?i)^` + printedSymbolExpr + `$`)
	reRangeEnd   = regexp.MustCompile(`^\d{1,6}$`)
	reDashRange  = regexp.MustCompile(`(?i)PV\.\s?\d{1,6}\s?` + emergencyDashExpr + `\s?\d{1,6}\s*$`)
)

// SymbolRange reads a range of one series' consecutive meetings, written
// as the first meeting's symbol, "..", and the last one's number:
// "A/ES-11/PV.1..5" is A/ES-11/PV.1 to A/ES-11/PV.5, "S/PV.8699..8701",
// "A/PV.2440..2444". It gives their canonical symbols in order. A list of
// an emergency special session's records needs it: no meeting list the UN
// publishes is read for them (docs/pipeline.md), so a user names them. ok
// is false when s is no range (it holds no "..", and is no symbol with a
// dash and a number after it); err says why a range is not one: it is
// written with a dash, its start is not a record's symbol alone or is a
// resumption (a meeting's resumptions are not numbered in a series), its
// end is no number or before its start, or it names more than
// MaxSymbolRange records.
func SymbolRange(s string) (symbols []string, ok bool, err error) {
	first, last, ok := strings.Cut(strings.TrimSpace(s), "..")
	if !ok {
		if reDashRange.MatchString(s) {
			return nil, true, fmt.Errorf("range %q: a range is written with \"..\" (A/ES-11/PV.1..5), not a dash", s)
		}
		return nil, false, nil
	}
	info, isSymbol := ParseSymbol(first)
	switch {
	case !isSymbol || !reRangeStart.MatchString(strings.TrimSpace(first)):
		return nil, true, fmt.Errorf("range %q: %q is not a verbatim-record symbol", s, first)
	case info.Resumption > 0:
		return nil, true, fmt.Errorf("range %q: starts at a resumption; name resumptions one by one", s)
	}
	last = strings.TrimSpace(last)
	end, err := strconv.Atoi(last)
	switch {
	case err != nil || !reRangeEnd.MatchString(last):
		return nil, true, fmt.Errorf("range %q: %q is not the last meeting's number (A/ES-11/PV.1..5)", s, last)
	case end < info.Number:
		return nil, true, fmt.Errorf("range %q: ends before it starts", s)
	case end-info.Number >= MaxSymbolRange:
		return nil, true, fmt.Errorf("range %q: %d records, more than %d", s, end-info.Number+1, MaxSymbolRange)
	}
	series := info.Meeting[:strings.LastIndexByte(info.Meeting, '.')+1] // "A/ES-11/PV."
	for n := info.Number; n <= end; n++ {
		symbols = append(symbols, series+strconv.Itoa(n))
	}
	return symbols, true, nil
}

// CouncilSymbol is the canonical symbol of Security Council meeting n, or
// of its resumption r when r > 0 ("S/PV.8699 (Resumption 1)"): for tables
// that give the meeting's number and resumption in columns of their own.
func CouncilSymbol(n, r int) string {
	return withResumption("S/PV."+strconv.Itoa(n), r)
}

// withResumption is the canonical symbol of a meeting's resumption r (0:
// the meeting's own).
func withResumption(meeting string, r int) string {
	if r > 0 {
		return meeting + " (Resumption " + strconv.Itoa(r) + ")"
	}
	return meeting
}

// CanonicalSymbol returns the canonical form of a verbatim-record symbol
// found in s ("S_PV.8699_Resumption1_E.pdf" → "S/PV.8699 (Resumption 1)",
// "A_60_PV.25_E_N0553261.pdf" → "A/60/PV.25", "s/pv.7796 (closed)" →
// "S/PV.7796"). For anything else (letters, resolutions, summary records) it
// returns s with runs of white space collapsed and ok=false, so callers can
// still use it as a key.
func CanonicalSymbol(s string) (symbol string, ok bool) {
	if info, ok := ParseSymbol(s); ok {
		return info.Symbol, true
	}
	return strings.Join(strings.Fields(s), " "), false
}

// AsMeeting returns a Meeting with the symbol fields filled in.
func (i SymbolInfo) AsMeeting() unpv.Meeting {
	return unpv.Meeting{Symbol: i.Symbol, Body: i.Body, Meeting: i.Meeting, Resumption: i.Resumption, Session: i.Session, Emergency: i.Emergency}
}

// EmergencySession is the emergency special session a canonical record
// symbol names ("A/ES-11/PV.1 (Resumption 1)" → 11), 0 for any other
// symbol. The index and search hits read it from a speech's symbol, which
// is what they keep of its meeting.
func EmergencySession(symbol string) int {
	if !strings.HasPrefix(symbol, "A/ES-") {
		return 0
	}
	info, _ := ParseSymbol(symbol)
	return info.Emergency
}

// RecordSession is the General Assembly session of the record a canonical
// symbol names: the number of an A/NN/… symbol; for an Assembly record
// whose symbol names no session, an emergency special session's
// ("A/ES-11/PV.1") or one numbered before 1976 ("A/PV.2444"), the one
// running on its date (Session), as reports place every Assembly record;
// 0 for a Security Council record, whatever the date. The extract stage,
// the pipeline's symbol override and the search index place a record so.
// (Until 2026-12-07 a pre-1976 record had session 0 in the index and the
// extract stage but its date's session in reports.)
func RecordSession(symbol, date string) int {
	if !strings.HasPrefix(symbol, "A/") {
		return 0
	}
	return Session(symbol, date)
}

// romanValue reads a small Roman numeral ("I", "ii", "IV"); 0 if it is not one.
func romanValue(s string) int {
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10}
	s = strings.ToUpper(s)
	n := 0
	for i := 0; i < len(s); i++ {
		v := vals[s[i]]
		if i+1 < len(s) && vals[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	return n
}

// ODS spells the symbol the way the Official Document System and its PDF
// file names do: resumptions without spaces, "S/PV.8699(Resumption1)".
func (i SymbolInfo) ODS() string {
	if i.Resumption > 0 {
		return fmt.Sprintf("%s(Resumption%d)", i.Meeting, i.Resumption)
	}
	return i.Meeting
}

// ODSSymbol spells a symbol the way ODS and its PDF names do
// ("S/PV.8699 (Resumption 1)" → "S/PV.8699(Resumption1)"); anything that is
// not a verbatim-record symbol is returned trimmed.
func ODSSymbol(symbol string) string {
	if info, ok := ParseSymbol(symbol); ok {
		return info.ODS()
	}
	return strings.TrimSpace(symbol)
}

// documentBase is where the UN document system resolves a symbol.
const documentBase = "https://undocs.org/en/"

// DocumentURL is the one link to a UN document that search hits, reports
// and exports print: undocs.org with the symbol as ODS spells it
// ("https://undocs.org/en/S/PV.8699(Resumption1)"), or with spaces removed
// for other documents (drafts such as "S/2018/1103"). It is "" for what is
// not a document symbol: general-debate statements ("A/73/PV (general
// debate)", see GeneralDebateSymbol), a bare "A/73/PV", or no symbol.
func DocumentURL(symbol string) string {
	s := strings.TrimSpace(symbol)
	if s == "" || !strings.Contains(s, "/") || strings.Contains(s, "general debate") || strings.HasSuffix(s, "/PV") {
		return ""
	}
	if info, ok := ParseSymbol(s); ok {
		return documentBase + info.ODS()
	}
	return documentBase + strings.ReplaceAll(s, " ", "")
}

// GeneralDebateSymbol is the meeting symbol unpv gives a session's general
// debate, as in the stance gold set: "A/73/PV (general debate)", with the
// session zero-padded to two digits as in the UNGDC corpus's file names
// ("A/07/PV (general debate)" for COL_07_1952.txt). The statements are
// spread over a dozen plenary meetings the corpus does not name, so it is
// not a document symbol and has no DocumentURL.
func GeneralDebateSymbol(session int) string {
	return fmt.Sprintf("A/%02d/PV (general debate)", session)
}

// IsGeneralDebate reports whether symbol is a session's general-debate
// key (GeneralDebateSymbol), not a document symbol.
func IsGeneralDebate(symbol string) bool { return strings.HasSuffix(symbol, "(general debate)") }

// RecordSymbol is the verbatim record a speech is printed in, where it is
// known: the speech's symbol for a meeting record; for a general-debate
// statement (symbol "A/73/PV (general debate)") the plenary meeting its
// text named ("A/70/PV.16", kept in Speech.Meeting by the importer), else
// "". Outputs print it, and link it with DocumentURL, instead of the
// general-debate key.
func RecordSymbol(symbol, meeting string) string {
	if !IsGeneralDebate(symbol) {
		return symbol
	}
	if info, ok := ParseSymbol(meeting); ok && !IsGeneralDebate(meeting) {
		return info.Symbol
	}
	return ""
}

// BaseSymbol is the symbol of the meeting a canonical record symbol belongs
// to, without its resumption: "S/PV.8699 (Resumption 1)" → "S/PV.8699".
func BaseSymbol(symbol string) string {
	if i := strings.Index(symbol, " (Resumption"); i > 0 {
		return symbol[:i]
	}
	return symbol
}

// BodyOf is the organ a symbol belongs to: A/… the General Assembly, S/…
// the Security Council, "" otherwise.
func BodyOf(symbol string) unpv.Body {
	switch {
	case strings.HasPrefix(symbol, "A/"):
		return unpv.GeneralAssembly
	case strings.HasPrefix(symbol, "S/"):
		return unpv.SecurityCouncil
	}
	return ""
}

// Session is the General Assembly session of a record: the number in an
// A/NN/… symbol (general-debate symbols included), else the session running
// on the date (an emergency special session's record, "A/ES-11/PV.1",
// names no regular session: its date places it). Session NN opens in September of 1945 + NN on the day
// SessionOpening gives and runs until the next opens, so a Security Council
// meeting on 10 September 2020 is in the 74th session, as is the Assembly's
// own A/74/PV meeting that day; the first session (opened 10 January 1946)
// holds all of 1946 before the second. A month alone is placed by its
// month (September and later: the new session); a year alone is a
// general-debate statement, given in September, in the session of its year.
// 0 when unknown.
func Session(symbol, date string) int {
	if rest, ok := strings.CutPrefix(symbol, "A/"); ok {
		if i := strings.IndexByte(rest, '/'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				return n
			}
		}
	}
	first, _, ok := unpv.DateSpan(date)
	y := first.Year()
	switch {
	case !ok || y < 1946:
		return 0
	case y == 1946:
		return 1
	}
	var opened bool
	switch unpv.DatePrecision(date) {
	case unpv.PrecisionYear:
		opened = true
	case unpv.PrecisionMonth:
		opened = first.Month() >= time.September
	default:
		opened = !first.Before(SessionOpening(y))
	}
	if opened {
		return y - 1945
	}
	return y - 1946
}

// SessionDates gives the first and last day that Session places in session
// n: from its opening (SessionOpening; 1 January 1946 for the first, which
// holds all of 1946) to the day before the next opens. Reports give them
// beside a period by session, so that a reader can place session 74 (17
// September 2019 to 14 September 2020) without the rules of procedure.
// ok is false for n < 1.
func SessionDates(n int) (first, last time.Time, ok bool) {
	if n < 1 {
		return time.Time{}, time.Time{}, false
	}
	first = SessionOpening(1945 + n)
	if n == 1 {
		first = time.Date(1946, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	return first, SessionOpening(1946+n).AddDate(0, 0, -1), true
}

// SessionOpening is the day the regular session of the General Assembly
// that opens in year y opens, by rule 1 of its rules of procedure: the
// Tuesday of the third week in September, counting from the first week that
// contains at least one working day (as amended by resolution 57/301, from
// the 58th session, 2003; the 77th opened on 13 September 2022), and the
// Tuesday of the second week from the 78th session (5 September 2023; the
// 79th opened on 10 September 2024). For sessions before 2003, which
// opened under earlier rules and sometimes far from them (the sixth on 6
// November 1951, in Paris), it is an approximation.
func SessionOpening(y int) time.Time {
	sep1 := time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC)
	// Monday of the first week (Monday to Sunday) with a working day.
	var monday time.Time
	switch wd := sep1.Weekday(); wd {
	case time.Saturday:
		monday = sep1.AddDate(0, 0, 2)
	case time.Sunday:
		monday = sep1.AddDate(0, 0, 1)
	default:
		monday = sep1.AddDate(0, 0, -int(wd-time.Monday))
	}
	week := 3
	if y >= 2023 {
		week = 2
	}
	return monday.AddDate(0, 0, 7*(week-1)+1)
}

// recordFront is what the first page of a verbatim record prints: the
// organ's name under "United Nations" ("Security Council", "General
// Assembly", or in the 1990s layout "GENERAL ASSEMBLY" over two lines).
var recordFront = regexp.MustCompile(`(?is)\bUnited\s+Nations\b.*\b(?:Security\s+Council|General\s+Assembly)\b`)

// LooksLikeRecord reports whether head, the start of a text file, reads
// like a verbatim record as pdftotext or mutool writes it: its first page
// names the United Nations and the Security Council or General Assembly,
// or it prints a record symbol ("S/PV.8699", "A/60/PV.25"). A README.txt or
// notes.txt beside the PDFs does neither, and is no record.
func LooksLikeRecord(head string) bool {
	if _, ok := ParseSymbol(head); ok {
		return true
	}
	return recordFront.MatchString(head)
}

// reRecordMarks is any of what RecordMarks looks for.
var reRecordMarks = regexp.MustCompile(`(?i)united\s+nations|security\s+council|general\s+assembly|\b` + printedSymbolExpr)

// RecordMarks reports whether text, a whole record or any pages of one,
// prints anything every verbatim record prints somewhere: the
// Organization's name, the organ's ("Security Council", "GENERAL
// ASSEMBLY", in any case or spacing), or a record symbol as records print
// it ("S/PV.8699", "A /76/PV.102"). The extract stage refuses text without
// any, as a letter or an article is no record. It is weaker than
// LooksLikeRecord, which asks a file's start for the cover: page 21 of the
// 1993 record A/48/PV.46 prints no symbol, its running head "46th meeting
// - Monday, 1 November 1993" names no organ, and only its text does ("If
// the General Assembly adopts the draft resolution").
func RecordMarks(text string) bool { return reRecordMarks.MatchString(text) }

// DocumentSymbolExpr is the symbol of a document put to the vote or
// reported on, as a record prints it: a Security Council document
// ("S/2018/1016", "S/2019/1005/Rev.1"), a draft of the General Assembly
// ("A/76/L.86", "A/76/L.87/Rev.1", an emergency session's "A/ES-…/L.…";
// a space after the full stop is allowed: "A/76/L. 86"), or another Assembly
// document such as a committee's report ("A/65/456", "A/65/456/Add.3":
// A/65/PV.71 votes on the drafts of four addenda of one report). It has no
// groups, so that patterns naming the
// draft in a sentence can be built round it (the extract stage's "draft
// resolution A/76/L.86").
const DocumentSymbolExpr = `(?:S/\d{4}/\d+(?:/Rev\.\s?\d+)?|A/(?:ES-\d+/)?\d+/L\.\s?\d+(?:/Rev\.\s?\d+)?(?:/Add\.\s?\d+)?|A/(?:C\.\d/)?\d+/\d+(?:/Add\.\s?\d+)?)`

var reDocumentSymbol = regexp.MustCompile(`\b` + DocumentSymbolExpr)

// DocumentSymbols returns the document symbols (DocumentSymbolExpr) in
// text, in order, without the spaces line breaks left in them
// ("A/76/L. 86" → "A/76/L.86").
func DocumentSymbols(text string) []string {
	ds := reDocumentSymbol.FindAllString(text, -1)
	for i, d := range ds {
		ds[i] = strings.ReplaceAll(d, " ", "")
	}
	return ds
}
