package report

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv"
)

// orgNames are the codebook's targets with the names resolutions use for
// them. They label report sections and find the votes that concern an
// organisation; membership is not decided here (rows carry Relation).
var orgNames = []struct {
	unpv.Organisation
	aliases []string
}{
	{unpv.Organisation{Acronym: "AU", Name: "African Union"}, []string{"Organization of African Unity"}},
	{unpv.Organisation{Acronym: "EU", Name: "European Union"}, nil},
	{unpv.Organisation{Acronym: "OSCE", Name: "Organization for Security and Co-operation in Europe"}, nil},
	{unpv.Organisation{Acronym: "CSTO", Name: "Collective Security Treaty Organization"}, nil},
	{unpv.Organisation{Acronym: "CIS", Name: "Commonwealth of Independent States"}, nil},
	{unpv.Organisation{Acronym: "SCO", Name: "Shanghai Cooperation Organization"}, nil},
	{unpv.Organisation{Acronym: "ASEAN", Name: "Association of Southeast Asian Nations"}, []string{"Association of South-East Asian Nations"}},
	{unpv.Organisation{Acronym: "ECOWAS", Name: "Economic Community of West African States"}, nil},
	{unpv.Organisation{Acronym: "LAS", Name: "League of Arab States"}, []string{"Arab League"}},
	{unpv.Organisation{Acronym: "NATO", Name: "North Atlantic Treaty Organization"}, nil},
	{unpv.Organisation{Acronym: "IGAD", Name: "Intergovernmental Authority on Development"}, nil},
	{unpv.Organisation{Acronym: "G5S", Name: "Group of Five for the Sahel"}, []string{"G5 Sahel", "G-5 Sahel"}},
	{unpv.Organisation{Acronym: "SADC", Name: "Southern African Development Community"}, nil},
	{unpv.Organisation{Acronym: "ECCAS", Name: "Economic Community of Central African States"}, nil},
	{unpv.Organisation{Acronym: "OAS", Name: "Organization of American States"}, nil},
	{unpv.Organisation{Acronym: "CARICOM", Name: "Caribbean Community"}, nil},
	{unpv.Organisation{Acronym: "PIF", Name: "Pacific Islands Forum"}, nil},
	{unpv.Organisation{Acronym: "EAEU", Name: "Eurasian Economic Union"}, []string{"Eurasian Economic Community"}},
	{unpv.Organisation{Acronym: "CoE", Name: "Council of Europe"}, nil},
	{unpv.Organisation{Acronym: "OIC", Name: "Organisation of Islamic Cooperation"}, []string{"Organization of the Islamic Conference"}},
}

var orgByUpper = func() map[string]unpv.Organisation {
	m := map[string]unpv.Organisation{}
	for _, o := range orgNames {
		m[strings.ToUpper(o.Acronym)] = o.Organisation
	}
	return m
}()

// Organisations lists the organisations the report knows by name, in the
// codebook's order.
func Organisations() []unpv.Organisation {
	out := make([]unpv.Organisation, len(orgNames))
	for i, o := range orgNames {
		out[i] = o.Organisation
	}
	return out
}

// KnownOrganisation reports whether acronym (any case) is a codebook target.
func KnownOrganisation(acronym string) bool {
	_, ok := orgByUpper[strings.ToUpper(strings.TrimSpace(acronym))]
	return ok
}

// OrgName returns an organisation's full name, or the acronym itself.
func OrgName(acronym string) string {
	if o, ok := orgByUpper[strings.ToUpper(acronym)]; ok {
		return o.Name
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

var orgMatchers = func() []struct {
	acronym string
	names   []string
	re      *regexp.Regexp
} {
	var out []struct {
		acronym string
		names   []string
		re      *regexp.Regexp
	}
	for _, o := range orgNames {
		names := []string{normTitle(o.Name)}
		for _, a := range o.aliases {
			names = append(names, normTitle(a))
		}
		out = append(out, struct {
			acronym string
			names   []string
			re      *regexp.Regexp
		}{o.Acronym, names, regexp.MustCompile(`\b` + regexp.QuoteMeta(o.Acronym) + `\b`)})
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
	for _, m := range orgMatchers {
		hit := m.re.MatchString(title)
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
