package classify

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/unpv/unpv"
)

//go:embed membership.tsv
var membershipTSV string

// span is one period of membership: [join, leave), ISO dates; leave "" while a member.
type span struct {
	join, leave string
	note        string
}

// memberships maps organisation acronym → delegation code → periods.
type memberships map[string]map[string][]span

func parseMemberships(src string) (memberships, error) {
	m := memberships{}
	for n, c := range tsvRows(src) {
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
			m[c[0]] = map[string][]span{}
		}
		m[c[0]][c[1]] = append(m[c[0]][c[1]], span{join: c[2], leave: c[3], note: c[4]})
	}
	return m, nil
}

// normDate turns the date forms found in records into an ISO date. A bare
// year (general-debate statements) becomes 20 September of that year, when
// the general debate is held; "8 January 2020" and "2020-01" are accepted.
func normDate(d string) (string, bool) {
	d = strings.TrimSpace(d)
	switch {
	case len(d) == 4 && isDigits(d):
		return d + "-09-20", true
	case len(d) == 7 && isDigits(d[:4]) && d[4] == '-':
		return d + "-15", true
	case len(d) >= 10 && isDigits(d[:4]) && d[4] == '-':
		if _, err := time.Parse(time.DateOnly, d[:10]); err == nil {
			return d[:10], true
		}
	}
	for _, layout := range []string{"2 January 2006", "January 2, 2006", "2 Jan 2006"} {
		if t, err := time.Parse(layout, d); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// member reports membership on date (any form normDate accepts). With no
// usable date it reports whether the code was ever a member.
func (m memberships) member(code, org, date string) bool {
	spans := m[org][strings.ToUpper(strings.TrimSpace(code))]
	if len(spans) == 0 {
		return false
	}
	d, ok := normDate(date)
	if !ok {
		return true
	}
	for _, s := range spans {
		if s.join <= d && (s.leave == "" || d < s.leave) {
			return true
		}
	}
	return false
}

// relation classifies the speaker's relation to org. It is empty when the
// speaker is unknown or no membership table exists for org and the speaker
// is not the organisation itself.
func (c *Classifier) relation(code, org, date string) unpv.Relation {
	code = strings.TrimSpace(code)
	if code == "" {
		return ""
	}
	if a, ok := c.gaz.canonical(code); ok && a == org {
		return unpv.RelSelf
	}
	if _, ok := c.members[org]; !ok {
		return ""
	}
	if c.members.member(code, org, date) {
		return unpv.RelMember
	}
	return unpv.RelThird
}
