package index

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// KWIC context widths a query may ask for: narrower lines show too little
// to read, wider ones no longer fit a terminal or a page.
const (
	MinKWICWidth = 5
	MaxKWICWidth = 500
)

// Normalise checks q's filters and returns q with their values spelled as
// the index holds them: a delegation by its code in any case or a name as
// records print it ("rus", "Russian Federation" → RUS, "coe" → CoE), an
// organisation by its acronym or any of its names in any case (un's
// tables, so a mixed-case acronym such as CoE is found however it is
// typed), bodies, roles and stance labels in their one case. A value that
// names nothing the index can hold is a bad query (ErrBadQuery) with a
// hint, not a search that silently finds nothing. The command line (exit
// 2) and the web page and API (400) share this one check; Search, Each and
// Validate apply it.
func (q Query) Normalise() (Query, error) {
	var err error
	if q.Delegations, err = canonicalValues("delegation", q.Delegations, delegationCode,
		`not a delegation code or name in un/delegations.tsv (a code such as RUS, or a name as records print it, such as "Russian Federation")`); err != nil {
		return q, err
	}
	if q.Bodies, err = canonicalValues("body", q.Bodies, bodyCode, "want SC or GA"); err != nil {
		return q, err
	}
	if q.Targets, err = canonicalValues("organisation", q.Targets, un.CanonicalOrganisation,
		"not an organisation of un/organisations.tsv (one of "+strings.Join(organisationAcronyms(), ", ")+", or its name)"); err != nil {
		return q, err
	}
	if q.Stances, err = canonicalValues("stance", q.Stances, stanceLabel, "want "+orList(labelNames())); err != nil {
		return q, err
	}
	if q.Roles, err = canonicalValues("role", q.Roles, roleName, "want "+orList(roleNames())); err != nil {
		return q, err
	}
	if q.Years, err = canonicalValues("year", q.Years, yearTerm, "want a year such as 2020"); err != nil {
		return q, err
	}
	// Not NaN either (strconv reads "NaN"): every comparison with it is false.
	if !(q.MinConfidence >= 0 && q.MinConfidence <= 1) {
		return q, badQuery("minimum confidence %v: want a number from 0 to 1", q.MinConfidence)
	}
	if q.KWICWidth < 0 || q.KWICWidth > 0 && (q.KWICWidth < MinKWICWidth || q.KWICWidth > MaxKWICWidth) {
		return q, badQuery("KWIC width %d: want %d to %d characters", q.KWICWidth, MinKWICWidth, MaxKWICWidth)
	}
	if _, _, err := q.dateRange(); err != nil {
		return q, err
	}
	return q, nil
}

// dateRange reads From and To: the first day From stands for and the last
// day To does ("--to 2020" is 31 December), zero for an open end.
func (q Query) dateRange() (from, to time.Time, err error) {
	if q.From != "" {
		if from, err = parseDay(q.From, "from"); err != nil {
			return from, to, err
		}
	}
	if q.To != "" {
		if to, err = parseDay(q.To, "to"); err != nil {
			return from, to, err
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, badQuery("--to %s is before --from %s", q.To, q.From)
	}
	return from, to, nil
}

// canonicalValues resolves each value of a list filter (blank ones
// dropped, repeats kept once), or refuses the first that resolve does not
// know.
func canonicalValues(what string, in []string, resolve func(string) (string, bool), hint string) ([]string, error) {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		c, ok := resolve(s)
		if !ok {
			return nil, badQuery("%s %q: %s", what, s, hint)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// delegationCode resolves a delegation as un's table does for records: its
// code in any case or any printed form of its name.
func delegationCode(s string) (string, bool) {
	d, ok := un.LookupDelegation(s)
	return d.Code, ok
}

func bodyCode(s string) (string, bool) {
	switch b := unpv.Body(strings.ToUpper(s)); b {
	case unpv.SecurityCouncil, unpv.GeneralAssembly:
		return string(b), true
	}
	return "", false
}

func stanceLabel(s string) (string, bool) {
	l := unpv.Label(strings.ToLower(s))
	return string(l), l.Index() >= 0
}

func roleName(s string) (string, bool) {
	r := unpv.Role(strings.ToLower(s))
	return string(r), slices.Contains(unpv.Roles[:], r)
}

// yearTerm is a year as the year field holds it ("2020").
func yearTerm(s string) (string, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 9999 || strings.ContainsAny(s, "+-") {
		return "", false
	}
	return strconv.Itoa(n), true
}

func organisationAcronyms() []string {
	var out []string
	for _, o := range un.Organisations() {
		out = append(out, o.Acronym)
	}
	return out
}

func labelNames() []string {
	var out []string
	for _, l := range unpv.Labels {
		out = append(out, string(l))
	}
	return out
}

func roleNames() []string {
	var out []string
	for _, r := range unpv.Roles {
		out = append(out, string(r))
	}
	return out
}

// orList joins choices as a hint reads them: "a, b or c".
func orList(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
