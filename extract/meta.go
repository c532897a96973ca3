package extract

import (
	"path/filepath"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// coverMeta reads the meeting metadata from the first page (and the file
// name as a fallback for the symbol).
func coverMeta(first []string, name string) unpv.Meeting {
	var m unpv.Meeting
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
		if un.AssemblyTitle(l) {
			ga = true
		}
		if emergency == 0 {
			emergency = un.EmergencyLine(strings.TrimSpace(l))
		}
	}
	// The cover block is at the top of page 1; on General Assembly records
	// the first speeches follow on the same page, so look no further.
	head := first
	if len(head) > 80 {
		head = head[:80]
	}
	all := collapseSpaces(strings.Join(head, " "))
	m.Date, _ = un.CoverDate(all)
	low := strings.ToLower(all)
	m.Session = un.SessionOrdinal(low)
	// The 1993 GA cover prints no symbol: build it from session and number.
	if n, ok := un.MeetingNumber(low); m.Symbol == "" && ga && ok {
		switch {
		case emergency > 0:
			m.Meeting = un.EmergencySymbol(emergency, n)
		case m.Session > 0:
			m.Meeting = un.AssemblySymbol(m.Session, n)
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
