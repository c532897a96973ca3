package un

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/tsv"
)

// organisationsTSV is the list of organisations that stances target, with
// every name they go by; its header documents the columns. It is the
// classifier's gazetteer and the reports' list of organisations.
//
//go:embed organisations.tsv
var organisationsTSV string

// Organisation is a regional or subregional organisation that stances
// target, with the names it goes by.
type Organisation struct {
	unpv.Organisation
	// Head is the lower-cased head noun by which a speech refers back to it
	// ("union" for "the Union", "organization"); "" when there is none.
	Head string
	// Names are the ways of writing it, in table order, with the
	// Organisation/Organization and Cooperation/Co-operation variants
	// generated after each listed form.
	Names []Name
}

// Name is one way of writing an organisation's name.
type Name struct {
	Text    string
	Acronym bool // an acronym: matches with exactly this case ("CoE" is not "COE")
	Mission bool // a mission or force of the organisation ("AMISOM", "KFOR")
}

type organisationTable struct {
	list   []Organisation
	lookup map[string]string // lower-cased acronym or name → acronym
	others []Name            // the "!" row: names of other bodies (OtherNames)
}

var organisations = sync.OnceValue(func() *organisationTable {
	t, err := parseOrganisations(organisationsTSV)
	if err != nil {
		// The table is embedded: an error is a defect caught by the tests.
		panic(fmt.Sprintf("un: organisations.tsv: %v", err))
	}
	return t
})

// parseOrganisations reads the organisation table: acronym, canonical name,
// head noun ("-" for none), names separated by " | " ("=" marks an acronym,
// "@" a mission or force).
func parseOrganisations(src string) (*organisationTable, error) {
	t := &organisationTable{lookup: map[string]string{}}
	seen := map[string]bool{}
	for n, cols := range tsv.Rows(src) {
		if len(cols) != 4 {
			return nil, fmt.Errorf("gazetteer line %d: want 4 tab-separated columns, got %d", n+1, len(cols))
		}
		acr, name, head := cols[0], cols[1], cols[2]
		if head == "-" {
			head = ""
		}
		if acr == otherBodies {
			for _, f := range strings.Split(cols[3], "|") {
				nm, err := parseName(strings.TrimSpace(f))
				if err != nil || nm.Mission {
					return nil, fmt.Errorf("gazetteer line %d: another body's name %q: want a name or an =acronym", n+1, strings.TrimSpace(f))
				}
				for _, v := range spellings(nm.Text, nm.Acronym) {
					t.others = append(t.others, Name{Text: v, Acronym: nm.Acronym})
				}
			}
			continue
		}
		if seen[acr] {
			return nil, fmt.Errorf("gazetteer line %d: duplicate acronym %s", n+1, acr)
		}
		seen[acr] = true
		o := Organisation{Organisation: unpv.Organisation{Acronym: acr, Name: name}, Head: strings.ToLower(head)}
		t.lookup[strings.ToLower(acr)] = acr
		t.lookup[strings.ToLower(name)] = acr
		for _, f := range strings.Split(cols[3], "|") {
			nm, err := parseName(strings.TrimSpace(f))
			if err != nil {
				return nil, fmt.Errorf("gazetteer line %d: %w", n+1, err)
			}
			for _, v := range spellings(nm.Text, nm.Acronym) {
				if key := strings.ToLower(v); t.lookup[key] == "" {
					t.lookup[key] = acr
				}
				nm.Text = v
				o.Names = append(o.Names, nm)
			}
		}
		t.list = append(t.list, o)
	}
	// An other body's name that is an organisation's form would never be
	// found (the organisation's form, listed first, wins a tie) and says
	// the form is and is not the organisation.
	for _, nm := range t.others {
		if acr := t.lookup[strings.ToLower(nm.Text)]; acr != "" {
			return nil, fmt.Errorf("gazetteer: another body's name %q is a name of %s", nm.Text, acr)
		}
	}
	return t, nil
}

// otherBodies is the acronym of the table's row of other bodies' names.
const otherBodies = "!"

// parseName reads one form of the table: "@" marks a mission or force,
// "=" an acronym.
func parseName(f string) (Name, error) {
	var nm Name
	if strings.HasPrefix(f, "@") {
		nm.Mission = true
		f = f[1:]
	}
	if strings.HasPrefix(f, "=") {
		nm.Acronym = true
		f = f[1:]
	}
	if f == "" {
		return nm, fmt.Errorf("empty form")
	}
	nm.Text = f
	return nm, nil
}

// spellings expands the British/American and hyphenation variants of a name.
func spellings(f string, acronym bool) []string {
	out := []string{f}
	if acronym {
		return out
	}
	add := func(old, new string) {
		for _, s := range out {
			if strings.Contains(s, old) {
				out = append(out, strings.ReplaceAll(s, old, new))
			}
		}
	}
	add("Organization", "Organisation")
	add("Cooperation", "Co-operation")
	return out
}

// OrganisationTable returns the organisations with their head nouns and
// names, in table order (the codebook's order).
func OrganisationTable() []Organisation {
	t := organisations()
	out := make([]Organisation, len(t.list))
	for i, o := range t.list {
		o.Names = append([]Name(nil), o.Names...)
		out[i] = o
	}
	return out
}

// OtherNames are names of bodies outside the table that hold a listed
// organisation's form: the Western European Union (1954–2011, a defence
// organisation of its own) is not the European Union, nor the South-East
// Asia Collective Security Treaty (SEATO's) the CSTO. A mention finder reads
// them as names of no organisation, so that the form inside is not one.
func OtherNames() []Name { return append([]Name(nil), organisations().others...) }

// Organisations lists the organisations in table order.
func Organisations() []unpv.Organisation {
	t := organisations()
	out := make([]unpv.Organisation, len(t.list))
	for i, o := range t.list {
		out[i] = o.Organisation
	}
	return out
}

// CanonicalOrganisation maps an organisation's acronym or name, in any case
// ("osce", "African Union", "ODKB", "Organisation for Security and
// Co-operation in Europe"), to its canonical acronym.
func CanonicalOrganisation(name string) (string, bool) {
	a, ok := organisations().lookup[strings.ToLower(strings.TrimSpace(name))]
	return a, ok
}

// OrganisationName returns the full name of the organisation an acronym or
// name (any case) denotes, or s itself when it is not one.
func OrganisationName(s string) string {
	if a, ok := CanonicalOrganisation(s); ok {
		for _, o := range organisations().list {
			if o.Acronym == a {
				return o.Name
			}
		}
	}
	return s
}

// OrganisationsTSV is the organisation table as embedded, for the version
// hashes of what is derived from it.
func OrganisationsTSV() string { return organisationsTSV }
