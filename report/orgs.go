package report

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// The organisations come from un's table (un.OrganisationTable): they label
// report sections and find the votes that concern an organisation;
// membership is not decided here (rows carry Relation).

// Organisations lists the organisations the report knows by name, in the
// codebook's order.
func Organisations() []unpv.Organisation { return un.Organisations() }

// acronymOf returns the canonical spelling of an organisation's acronym
// written in any case ("au" → "AU", "COE" → "CoE"); ok is false for
// anything else, names included.
func acronymOf(s string) (string, bool) {
	a, ok := un.CanonicalOrganisation(s)
	return a, ok && strings.EqualFold(a, strings.TrimSpace(s))
}

// KnownOrganisation reports whether acronym (any case) is a codebook target.
func KnownOrganisation(acronym string) bool {
	_, ok := acronymOf(acronym)
	return ok
}

// OrgName returns an organisation's full name, or the acronym itself.
func OrgName(acronym string) string {
	if a, ok := acronymOf(acronym); ok {
		return un.OrganisationName(a)
	}
	return acronym
}

// normTitle folds the spelling variants resolutions use ("Co-operation",
// "Organisation", "South-East") so that names match across eras.
func normTitle(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("co-operation", "cooperation", "organisation", "organization",
		"south-east", "southeast", "south east", "southeast", "’", "'", "\u00a0", " ", "-", " ").Replace(s)
	return " " + strings.Join(strings.Fields(s), " ") + " "
}

// titleMatcher finds one organisation in resolution titles: by any of its
// names (not its missions'), or by an acronym written as a word.
type titleMatcher struct {
	acronym  string
	names    []string // normTitle forms
	acronyms *regexp.Regexp
}

var titleMatchers = func() []titleMatcher {
	var out []titleMatcher
	for _, o := range un.OrganisationTable() {
		m := titleMatcher{acronym: o.Acronym, names: []string{normTitle(o.Name)}}
		acrs := []string{regexp.QuoteMeta(o.Acronym)}
		for _, n := range o.Names {
			switch {
			case n.Mission:
			case n.Acronym:
				acrs = append(acrs, regexp.QuoteMeta(n.Text))
			default:
				m.names = append(m.names, normTitle(n.Text))
			}
		}
		m.acronyms = regexp.MustCompile(`\b(?:` + strings.Join(acrs, "|") + `)\b`)
		out = append(out, m)
	}
	return out
}()

// OrgsInTitle returns the organisations a resolution title or vote subject
// names, by full name (any spelling variant) or by acronym written as a
// word in capitals. "Cooperation between the United Nations and the
// Collective Security Treaty Organization" → [CSTO].
func OrgsInTitle(title string) []string {
	if strings.TrimSpace(title) == "" {
		return nil
	}
	norm := normTitle(title)
	var out []string
	for _, m := range titleMatchers {
		hit := m.acronyms.MatchString(title)
		for _, n := range m.names {
			if strings.Contains(norm, n) {
				hit = true
			}
		}
		if hit {
			out = append(out, m.acronym)
		}
	}
	return out
}
