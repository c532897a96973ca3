package extract

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

var (
	reDate      = regexp.MustCompile(`\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b`)
	reMeetingNo = regexp.MustCompile(`\b(\d+) ?(?:st|nd|rd|th) (?:plenary )?meeting\b`)
	reGAtitle   = regexp.MustCompile(`(?i)^G\s*E\s*N\s*E\s*R\s*A\s*L\s*A?\s*S?\s*S?\s*E?\s*M?\s*B?\s*L?\s*Y?$|^General Assembly$`)
	// reEmergency is the session line of an emergency special session's
	// cover ("Eleventh emergency special session", "ELEVENTH EMERGENCY
	// SPECIAL SESSION"), at the start of a line and capitalised, as the
	// cover prints it: a speech's line that a wrap begins with "seventh
	// emergency special session" (the session its resolutions were adopted
	// at) on a regular session's first page is not taken for it, which made
	// a symbol-less 1993 cover's record one of ES-7.
	reEmergency = regexp.MustCompile(`^([A-Z][A-Za-z]*(?:-[A-Za-z]+)?)\s+(?i:emergency\s+special\s+session)\b`)
)

var months = map[string]int{"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
	"July": 7, "August": 8, "September": 9, "October": 10, "November": 11, "December": 12}

var ordUnits = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
	"eightieth": 80, "ninetieth": 90, "hundredth": 100}

var tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90}

// ordinal parses "Seventy-fifth" or "FORTY-EIGHTH" into 75 or 48.
func ordinal(s string) int {
	s = strings.ToLower(s)
	if n, ok := ordUnits[s]; ok {
		return n
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		if t, ok := tens[a]; ok {
			if u, ok := ordUnits[b]; ok && u < 10 {
				return t + u
			}
		}
	}
	return 0
}

// coverMeta reads the meeting metadata from the first page (and the file
// name as a fallback for the symbol).
func coverMeta(first []string, name string) unpv.Meeting {
	var m unpv.Meeting
	var meetingNo string
	ga := false
	emergency := 0 // the emergency special session the cover prints
	for _, l := range first {
		if l == "" {
			continue
		}
		if m.Symbol == "" {
			// The symbol printed at the top of the cover.
			if info, ok := un.SymbolLine(l); ok {
				m.Symbol, m.Meeting, m.Resumption = info.Symbol, info.Meeting, info.Resumption
			}
		}
		if (l[0] == 'G' || l[0] == 'g') && reGAtitle.MatchString(l) {
			ga = true
		}
		if e := reEmergency.FindStringSubmatch(strings.TrimSpace(l)); e != nil && emergency == 0 {
			emergency = ordinal(e[1])
		}
	}
	// The cover block is at the top of page 1; on General Assembly records
	// the first speeches follow on the same page, so look no further.
	head := first
	if len(head) > 80 {
		head = head[:80]
	}
	all := collapseSpaces(strings.Join(head, " "))
	if d := reDate.FindStringSubmatch(all); d != nil {
		day, _ := strconv.Atoi(d[1])
		m.Date = fmt.Sprintf("%s-%02d-%02d", d[3], months[d[2]], day)
	}
	low := strings.ToLower(all)
	m.Session = sessionOrdinal(low)
	if s := reMeetingNo.FindStringSubmatch(low); s != nil {
		meetingNo = s[1]
	}
	// The 1993 GA cover prints no symbol: build it from session and number.
	if m.Symbol == "" && ga && meetingNo != "" {
		switch {
		case emergency > 0:
			m.Meeting = fmt.Sprintf("A/ES-%d/PV.%s", emergency, meetingNo)
		case m.Session > 0:
			m.Meeting = fmt.Sprintf("A/%d/PV.%s", m.Session, meetingNo)
		}
		m.Symbol = m.Meeting
	}
	if m.Symbol == "" && name != "" {
		// The record's name (its file name: "S_PV.8699_Resumption1_E.pdf").
		if info, ok := un.ParseSymbol(filepath.Base(name)); ok {
			m.Symbol, m.Meeting, m.Resumption = info.Symbol, info.Meeting, info.Resumption
		}
	}
	if m.Symbol == "" {
		// No symbol anywhere (a page excerpt stored under a hashed name):
		// leave it for the caller, who may know it, and guess the body.
		switch {
		case ga:
			m.Body = unpv.GeneralAssembly
		case strings.Contains(all, "Security Council"):
			m.Body = unpv.SecurityCouncil
		}
		return m
	}
	m.Body = un.BodyOf(m.Meeting)
	// An emergency special session meets during a regular session its
	// symbol and cover do not name (its cover's only ordinal is the
	// emergency session's): the regular session is the one running on the
	// meeting's date, as for a Security Council meeting in reports
	// (un.Session); un.RecordSession places it so.
	m.Emergency = un.EmergencySession(m.Meeting)
	if m.Emergency > 0 || (m.Body == unpv.GeneralAssembly && m.Session == 0) {
		m.Session = un.RecordSession(m.Meeting, m.Date)
	}
	return m
}

// coverAgenda returns the agenda printed on a Security Council cover: the
// lines after "Agenda" on page 1 up to the corrections notice or the job
// number. It reads the raw page because the agenda title is also the
// running header that furniture removal drops.
func coverAgenda(first []string) string {
	var parts []string
	in := false
	for _, l := range first {
		switch {
		case l == "Agenda":
			in = true
		case !in || strings.Trim(l, ". ") == "":
		case noticeStart(l) || anywhereFurniture(l):
			return joinLines(parts, nil)
		default:
			parts = append(parts, l)
		}
	}
	return joinLines(parts, nil)
}

// noticeStart reports whether l opens the notice on corrections.
func noticeStart(l string) bool {
	start, _, _ := un.NoticeLine(l)
	return start
}

// sessionOrdinal finds "sixtieth session" or "seventy-fifth year" in lower
// case cover text and returns the number.
func sessionOrdinal(low string) int {
	for _, key := range []string{" session", " year"} {
		for off := 0; ; {
			i := strings.Index(low[off:], key)
			if i < 0 {
				break
			}
			at := off + i
			j := strings.LastIndexByte(low[:at], ' ') + 1
			if n := ordinal(low[j:at]); n > 0 {
				return n
			}
			off = at + len(key)
		}
	}
	return 0
}
