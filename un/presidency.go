package un

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/tsv"
)

// presidenciesTSV lists the Presidents of the Security Council by month;
// its header says how it was made and which years it covers.
//
//go:embed presidencies.tsv
var presidenciesTSV string

var presidencies = sync.OnceValue(func() map[string]string {
	m, err := parsePresidencies(presidenciesTSV)
	if err != nil {
		// The table is embedded: an error is a defect caught by the tests.
		panic(fmt.Sprintf("un: presidencies.tsv: %v", err))
	}
	return m
})

func parsePresidencies(src string) (map[string]string, error) {
	out := map[string]string{}
	for n, cols := range tsv.Rows(src) {
		if len(cols) != 2 || unpv.DatePrecision(cols[0]) != unpv.PrecisionMonth {
			return nil, fmt.Errorf("line %d: want YYYY-MM and a code", n+1)
		}
		if _, ok := DelegationByCode(cols[1]); !ok {
			return nil, fmt.Errorf("line %d: unknown code %q", n+1, cols[1])
		}
		if _, dup := out[cols[0]]; dup {
			return nil, fmt.Errorf("line %d: month %s twice", n+1, cols[0])
		}
		out[cols[0]] = cols[1]
	}
	return out, nil
}

// SecurityCouncilPresident is the State that held the Council's presidency
// in the month of date (an ISO date, or a month), or "" for a month the
// table does not cover.
func SecurityCouncilPresident(date string) string {
	if len(date) < 7 {
		return ""
	}
	return presidencies()[date[:7]]
}

// reNationalCapacity finds the President announcing a national statement
// without naming the State: "I shall now make a statement in my national
// capacity", "now I am speaking in my national capacity" (not "I should
// reserve that for my statement in my national capacity").
var reNationalCapacity = regexp.MustCompile(`\b(?:[Mm]ake|making|deliver|[Nn]ow|shall|will)\b[^.;]{0,40}\bin my national capacity\b`)

// MarkPresidents gives a Security Council President's turn the code of
// the State that held the presidency that month when the turn announces a
// statement "in my national capacity" without naming the State (when it
// names it, RoleOf has read it already).
func MarkPresidents(sps []unpv.Speech) {
	for i := range sps {
		s := &sps[i]
		if s.Role != unpv.RolePresident || s.DelegationCode != "" || !strings.HasPrefix(s.Symbol, "S/") {
			continue
		}
		if code := SecurityCouncilPresident(s.Date); code != "" && reNationalCapacity.MatchString(s.Text) {
			s.DelegationCode = code
		}
	}
}

// MarkSpeakers applies what a record says about its speakers beyond their
// labels to a record's (or an imported meeting's) speeches together:
// MarkBriefers, then MarkPresidents.
func MarkSpeakers(sps []unpv.Speech) {
	MarkBriefers(sps)
	MarkPresidents(sps)
}
