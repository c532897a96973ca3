package index

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

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
// 2) and the web page and API (400) share this one check, through
// Index.Normalise (which Search, Each and Validate apply): it also accepts
// a delegation code that the table does not know but the index holds.
func (q Query) Normalise() (Query, error) {
	return q.normalise(delegationCode, delegationHint)
}

// delegationHint is what a delegation the table does not know is told.
const delegationHint = `not a delegation code or name in un/delegations.tsv (a code such as RUS, or a name as records print it, such as "Russian Federation")`

// normalise is Normalise with delegations resolved by delegation.
func (q Query) normalise(delegation func(string) (string, bool), hint string) (Query, error) {
	var err error
	if q.Delegations, err = canonicalValues("delegation", q.Delegations, delegation, hint); err != nil {
		return q, err
	}
	if q.Bodies, err = canonicalValues("body", q.Bodies, bodyCode, "want SC or GA"); err != nil {
		return q, err
	}
	if q.Targets, err = canonicalValues("target", q.Targets, un.CanonicalOrganisation,
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
		return q, &ParamError{Param: "min_confidence", Value: strconv.FormatFloat(q.MinConfidence, 'g', -1, 64), Want: "want a number from 0 to 1"}
	}
	if q.KWICWidth < 0 || q.KWICWidth > 0 && (q.KWICWidth < MinKWICWidth || q.KWICWidth > MaxKWICWidth) {
		return q, &ParamError{Param: "kwic", Value: strconv.Itoa(q.KWICWidth), Want: fmt.Sprintf("want %d to %d characters of context", MinKWICWidth, MaxKWICWidth)}
	}
	if _, _, err := q.dateRange(); err != nil {
		return q, err
	}
	// Spelled as the index holds dates, as the other values are: a query
	// echoed in an export reads "2020-01-08", not "8 January 2020".
	for _, d := range []*string{&q.From, &q.To} {
		if iso, ok := unpv.ParseDate(*d); ok {
			*d = iso
		}
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
		return from, to, &ParamError{Param: "to", Value: q.To, Want: "before", Other: "from", OtherValue: q.From}
	}
	return from, to, nil
}

// A ParamError is a search parameter whose value is malformed or names
// nothing: a bad query (it wraps ErrBadQuery). Param is the parameter's name
// on the web page and the API (from, target, min_confidence, kwic). Error
// names it as the command line does (--from, --target, --min-confidence,
// --width); the web page and the API name it as their users wrote it
// (from=), so that nobody is told of a flag they never typed.
type ParamError struct {
	Param, Value string
	Want         string // what is wrong, or what a value should be
	// Other and OtherValue name a second parameter the problem is about
	// (to before from).
	Other, OtherValue string
}

func (e *ParamError) Error() string { return e.message(flagName) }

func (e *ParamError) Unwrap() error { return ErrBadQuery }

// WebMessage is Error with the parameters named as URL parameters.
func (e *ParamError) WebMessage() string {
	return e.message(func(p string) string { return p + "=" })
}

func (e *ParamError) message(name func(string) string) string {
	msg := fmt.Sprintf("%v: %s%q: %s", ErrBadQuery, name(e.Param), e.Value, e.Want)
	if e.Other != "" {
		msg += fmt.Sprintf(" %s%q", name(e.Other), e.OtherValue)
	}
	return msg
}

// flagName is the command-line flag that sets a URL parameter, with the
// space it is followed by.
func flagName(param string) string {
	switch param {
	case "min_confidence":
		return "--min-confidence "
	case "kwic":
		return "--width "
	}
	return "--" + param + " "
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
			return nil, &ParamError{Param: what, Value: s, Want: hint}
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

// Normalise is Query.Normalise with what the index holds: a delegation
// code that un/delegations.tsv does not know is accepted, in any case and
// spelled as stored, when the index has speeches with exactly that code.
// Importers keep a code they cannot place (a General Debate statement
// filed as ATL_79_2024.txt is indexed as ATL), the delegation facet offers
// it, and its own link must then search it rather than be refused; a
// value that neither the table nor the index knows (XXX) is still a bad
// query with a hint. Search, Each and Validate apply it; the command line
// and the web page share it through them.
func (ix *Index) Normalise(ctx context.Context, q Query) (Query, error) {
	g := ix.acquire()
	defer ix.release(g)
	return g.normalise(ctx, q)
}

func (g *generation) normalise(ctx context.Context, q Query) (Query, error) {
	var lookupErr error
	type found struct {
		code string
		ok   bool
	}
	seen := map[string]found{} // a value repeated in the list is looked up once
	q, err := q.normalise(func(s string) (string, bool) {
		if c, ok := delegationCode(s); ok {
			return c, true
		}
		if f, ok := seen[s]; ok {
			return f.code, f.ok
		}
		c, ok, err := g.indexedDelegation(ctx, s)
		if err != nil && lookupErr == nil {
			lookupErr = err
		}
		seen[s] = found{c, ok}
		return c, ok
	}, delegationHint+", nor a delegation code of the index's speeches")
	if lookupErr != nil {
		return q, lookupErr
	}
	return q, err
}

// indexedDelegation returns the delegation code the index holds that is s
// in any case (s itself first when several cases are held), if a speech
// still has it: the term dictionary may keep the code of a removed speech
// until its segment is merged, so each candidate is counted.
func (g *generation) indexedDelegation(ctx context.Context, s string) (string, bool, error) {
	dict, err := g.idx.FieldDict(FieldDelegation)
	if err != nil {
		return "", false, fmt.Errorf("delegation codes of the index: %w", err)
	}
	var codes []string
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return "", false, fmt.Errorf("delegation codes of the index: %w", err)
		}
		if e == nil {
			break
		}
		if strings.EqualFold(e.Term, s) {
			codes = append(codes, e.Term)
		}
	}
	if err := dict.Close(); err != nil {
		return "", false, fmt.Errorf("delegation codes of the index: %w", err)
	}
	if i := slices.Index(codes, s); i > 0 {
		codes[0], codes[i] = codes[i], codes[0]
	}
	for _, c := range codes {
		req := bleve.NewSearchRequestOptions(terms(FieldDelegation, []string{c}), 0, 0, false)
		res, err := g.idx.SearchInContext(ctx, req)
		if err != nil {
			return "", false, fmt.Errorf("delegation %s in the index: %w", c, err)
		}
		if res.Total > 0 {
			return c, true, nil
		}
	}
	return "", false, nil
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
