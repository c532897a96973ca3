package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/unpv/unpv/un"
)

// expandOrgs rewrites every word or phrase of a query that names an
// organisation of un's table into any of the names the table gives it, so
// that CSTO also finds "Collective Security Treaty Organization" and ODKB,
// and "African Union" finds AU and the Organization of African Unity. An
// acronym counts as written in the table's case ("CSTO", "CoE"; "csto" is a
// word), a name in any case. Missions and forces (AMISOM, KFOR) are not
// added: they are not the organisation's name. Query.Literal turns this
// off.
func expandOrgs(q query.Query) query.Query { return rewriteLeaves(q, expandOrg) }

func expandOrg(q query.Query) query.Query {
	switch x := q.(type) {
	case *query.MatchQuery:
		if x.Fuzziness == 0 && textField(x.FieldVal) {
			if names := orgNames(x.Match); names != nil {
				return orgQuery(names, x.FieldVal, x.BoostVal)
			}
		}
	case *query.MatchPhraseQuery:
		if x.Fuzziness == 0 && textField(x.FieldVal) {
			if names := orgNames(x.MatchPhrase); names != nil {
				return orgQuery(names, x.FieldVal, x.BoostVal)
			}
		}
	}
	return q
}

// textField reports whether a query on field searches the text (the
// default field, the speech text or the agenda).
func textField(field string) bool {
	return field == "" || field == FieldText || field == FieldAgendaText
}

// orgNames returns every name of the organisation that s names, or nil.
func orgNames(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	acr, ok := un.CanonicalOrganisation(s)
	if !ok {
		return nil
	}
	var names []string
	named := false
	for _, o := range un.OrganisationTable() {
		if o.Acronym != acr {
			continue
		}
		names = append(names, o.Acronym)
		named = s == o.Acronym || strings.EqualFold(s, o.Name)
		for _, n := range o.Names {
			if n.Mission {
				continue
			}
			if n.Acronym && s == n.Text || !n.Acronym && strings.EqualFold(s, n.Text) {
				named = true
			}
			if !containsString(names, n.Text) {
				names = append(names, n.Text)
			}
		}
	}
	if !named {
		return nil // an acronym in another case: a word
	}
	return names
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orgQuery matches any of names on field: words as words, names as phrases.
func orgQuery(names []string, field string, boost *query.Boost) query.Query {
	qs := make([]query.Query, 0, len(names))
	for _, n := range names {
		var q query.FieldableQuery
		if strings.Contains(n, " ") {
			q = query.NewMatchPhraseQuery(n)
		} else {
			q = query.NewMatchQuery(n)
		}
		q.SetField(field)
		qs = append(qs, q)
	}
	d := query.NewDisjunctionQuery(qs)
	if boost != nil {
		d.SetBoost(boost.Value())
	}
	return d
}
