package un

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/tsv"
)

// membershipTSV is the membership of the organisations by date; its header
// documents the columns and sources.
//
//go:embed membership.tsv
var membershipTSV string

// Period is one period of membership: from Join up to, not including,
// Leave (ISO dates; Leave is "" while a member).
type Period struct {
	Join, Leave string
	Note        string
}

// membershipTable maps organisation acronym → delegation code → periods.
type membershipTable map[string]map[string][]Period

var memberships = sync.OnceValue(func() membershipTable {
	m, err := parseMemberships(membershipTSV)
	if err != nil {
		// The table is embedded: an error is a defect caught by the tests.
		panic(fmt.Sprintf("un: membership.tsv: %v", err))
	}
	return m
})

func parseMemberships(src string) (membershipTable, error) {
	m := membershipTable{}
	for n, c := range tsv.Rows(src) {
		if len(c) != 5 {
			return nil, fmt.Errorf("membership line %d: want 5 tab-separated columns, got %d", n+1, len(c))
		}
		for i, d := range []string{c[2], c[3]} {
			if i == 1 && d == "" {
				continue // still a member
			}
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return nil, fmt.Errorf("membership line %d: bad date %q", n+1, d)
			}
		}
		if c[3] != "" && c[3] <= c[2] {
			return nil, fmt.Errorf("membership line %d: leaves before joining", n+1)
		}
		if m[c[0]] == nil {
			m[c[0]] = map[string][]Period{}
		}
		m[c[0]][c[1]] = append(m[c[0]][c[1]], Period{Join: c[2], Leave: c[3], Note: c[4]})
	}
	return m, nil
}

// Memberships returns a copy of the membership table: organisation acronym
// → delegation code → periods, in table order.
func Memberships() map[string]map[string][]Period {
	out := map[string]map[string][]Period{}
	for org, byCode := range memberships() {
		out[org] = map[string][]Period{}
		for code, ps := range byCode {
			out[org][code] = append([]Period(nil), ps...)
		}
	}
	return out
}

// HasMembershipTable reports whether the membership of org (canonical
// acronym) is known.
func HasMembershipTable(org string) bool {
	_, ok := memberships()[org]
	return ok
}

// IsMember reports whether the delegation (ISO 3166-1 alpha-3 or
// historical code) was a member of org on date: an ISO date, "2018" (read
// as the September general debate of that year), "2020-01" or "8 January
// 2020". With no readable date it reports whether the delegation was ever a
// member.
func IsMember(code, org, date string) bool {
	spans := memberships()[org][strings.ToUpper(strings.TrimSpace(code))]
	if len(spans) == 0 {
		return false
	}
	d, ok := normDate(date)
	if !ok {
		return true
	}
	for _, s := range spans {
		if s.Join <= d && (s.Leave == "" || d < s.Leave) {
			return true
		}
	}
	return false
}

// Relation tells who is speaking about org: the organisation itself, a
// member on the date, or a third party. It is "" when the speaker is unknown
// or when org has no membership table and the speaker is not org itself.
func Relation(code, org, date string) unpv.Relation {
	code = strings.TrimSpace(code)
	if code == "" {
		return ""
	}
	if a, ok := CanonicalOrganisation(code); ok && a == org {
		return unpv.RelSelf
	}
	if !HasMembershipTable(org) {
		return ""
	}
	if IsMember(code, org, date) {
		return unpv.RelMember
	}
	return unpv.RelThird
}

// normDate turns a date into the day the relation compares: the forms
// unpv.ParseDate reads, a bare year (general-debate statements) as 20
// September of that year, when the general debate is held, a month as its
// 15th; an ISO day followed by more (a timestamp) as that day.
func normDate(d string) (string, bool) {
	iso, ok := unpv.ParseDate(d)
	if !ok {
		d = strings.TrimSpace(d)
		if len(d) > 10 && isDigits(d[:4]) && d[4] == '-' {
			iso, ok = unpv.ParseDate(d[:10])
		}
		if !ok || len(iso) != 10 {
			return "", false
		}
	}
	switch unpv.DatePrecision(iso) {
	case unpv.PrecisionYear:
		return iso + "-09-20", true
	case unpv.PrecisionMonth:
		return iso + "-15", true
	}
	return iso, true
}

// ReadableDate reports whether d is a date the relation can use (one
// unpv.ParseDate reads), so that a caller can refuse one it would otherwise
// silently compute without. An ISO day followed by more ("2020-01-01
// junk") is not: normDate would take its prefix.
func ReadableDate(d string) bool {
	_, ok := unpv.ParseDate(d)
	return ok
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MembershipTSV is the membership table as embedded, for the version hashes
// of what is derived from it.
func MembershipTSV() string { return membershipTSV }
