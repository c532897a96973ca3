package un

import (
	"slices"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

func TestCanonicalOrganisation(t *testing.T) {
	for in, want := range map[string]string{"osce": "OSCE", "African Union": "AU", "ODKB": "CSTO",
		"Organisation for Security and Co-operation in Europe": "OSCE", "g5s": "G5S", "coe": "CoE",
		"Organization of African Unity": "AU", " Arab League ": "LAS", "Organisation of Islamic Co-operation": "OIC"} {
		if got, ok := CanonicalOrganisation(in); !ok || got != want {
			t.Errorf("CanonicalOrganisation(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"WHO", "", "Union"} {
		if got, ok := CanonicalOrganisation(in); ok {
			t.Errorf("CanonicalOrganisation(%q) = %q, want not found", in, got)
		}
	}
	if got := OrganisationName("csto"); got != "Collective Security Treaty Organization" {
		t.Errorf("OrganisationName(csto) = %q", got)
	}
	if got := OrganisationName("WHO"); got != "WHO" {
		t.Errorf("OrganisationName(WHO) = %q", got)
	}
}

func TestOrganisationTable(t *testing.T) {
	orgs := OrganisationTable()
	if len(orgs) != 20 || len(Organisations()) != 20 {
		t.Fatalf("%d organisations, want the 20 of the codebook", len(orgs))
	}
	for _, o := range orgs {
		if d, ok := DelegationByCode(o.Acronym); !ok || d.Kind != "organisation" {
			t.Errorf("%s is not an organisation in the delegation table", o.Acronym)
		}
		if len(o.Names) == 0 {
			t.Errorf("%s has no names", o.Acronym)
		}
		for _, n := range o.Names {
			if a, ok := CanonicalOrganisation(n.Text); !ok || (a != o.Acronym && !n.Acronym) {
				t.Errorf("%s name %q canonicalises to %q, %v", o.Acronym, n.Text, a, ok)
			}
		}
	}
	var osce Organisation
	for _, o := range orgs {
		if o.Acronym == "OSCE" {
			osce = o
		}
	}
	var names []string
	for _, n := range osce.Names[:3] {
		names = append(names, n.Text)
	}
	if got := strings.Join(names, " | "); got != "Organization for Security and Cooperation in Europe | Organisation for Security and Cooperation in Europe | Organization for Security and Co-operation in Europe" {
		t.Errorf("OSCE spellings: %s", got)
	}
	if osce.Head != "organization" {
		t.Errorf("OSCE head %q", osce.Head)
	}
	// A copy: callers cannot change the table.
	orgs[0].Names[0].Text = "x"
	if OrganisationTable()[0].Names[0].Text == "x" {
		t.Error("OrganisationTable exposes the table")
	}
}

func TestParseOrganisationsErrors(t *testing.T) {
	for name, data := range map[string]string{
		"columns":   "AU\tAfrican Union\tUnion\n",
		"duplicate": "AU\tAfrican Union\tUnion\tAU\nAU\tAfrican Union\tUnion\tAU\n",
		"empty":     "AU\tAfrican Union\tUnion\tAfrican Union | =\n",
		// Another body's name cannot be a mission of the table's.
		"other body's mission": "!\tnames of other bodies\t-\t@Western European Union\n",
		// Nor one of the table's forms, in any case, before or after its row.
		"other body's name a form":       "AU\tAfrican Union\tUnion\tAfrican Union | =AU\n!\tnames of other bodies\t-\tafrican union\n",
		"other body's name a later form": "!\tnames of other bodies\t-\t=AU\nAU\tAfrican Union\tUnion\tAfrican Union | =AU\n",
		"other body's spelling a form":   "OSCE\tOrganisation for Security\t-\t=OSCE\n!\tnames of other bodies\t-\tOrganization for Security\n",
	} {
		if _, err := parseOrganisations(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParseMembershipsErrors(t *testing.T) {
	for name, data := range map[string]string{
		"columns":  "AU\tKEN\t1963-05-25\n",
		"bad date": "AU\tKEN\t1963\t\tnote\n",
		"reversed": "AU\tKEN\t1990-01-01\t1980-01-01\tnote\n",
	} {
		if _, err := parseMemberships(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRelation(t *testing.T) {
	for _, tt := range []struct {
		code, org, date string
		want            unpv.Relation
	}{
		{"CSTO", "CSTO", "2020", unpv.RelSelf},
		{"RUS", "CSTO", "2020-01-09", unpv.RelMember},
		{"UZB", "CSTO", "2015", unpv.RelThird},
		{"USA", "CSTO", "2015", unpv.RelThird},
		{"", "CSTO", "2015", ""},
		{"RUS", "WHO", "2015", ""},          // no membership table
		{"EU", "AU", "2020", unpv.RelThird}, // an organisation about another
		{"African Union", "AU", "2020", unpv.RelSelf},
	} {
		if got := Relation(tt.code, tt.org, tt.date); got != tt.want {
			t.Errorf("Relation(%q, %s, %s) = %q, want %q", tt.code, tt.org, tt.date, got, tt.want)
		}
	}
}

func TestSpeakerCode(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{"", "Russian Federation", "Mr. Nebenzia (Russian Federation)"}, "RUS"},
		{[]string{"", "", "Mr. Nebenzia (Russian Federation) (spoke in Russian)"}, "RUS"},
		{[]string{"Mr. Nobody"}, ""},
		{nil, ""},
	} {
		if got := SpeakerCode(tt.in...); got != tt.want {
			t.Errorf("SpeakerCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDelegationFormsAreMentions: a name under which one of the twenty
// organisations speaks (delegations.tsv) is also a name the mention finder
// reads as it (organisations.tsv), so a predecessor folded into its
// successor in one table is folded in the other ("European Community" was
// the EU as a speaker but no mention of it). The exceptions name an organ
// or office, not the organisation.
func TestDelegationFormsAreMentions(t *testing.T) {
	offices := map[string]bool{
		"Delegation of the European Union": true, "Commission of the European Communities": true,
		"Council of the European Union": true, "European External Action Service": true,
		"ECOWAS Commission": true, "Pacific Islands Forum Secretariat": true,
		"League of the Arab States": true, // a label's spelling; the records' text has "League of Arab States"
	}
	for _, line := range strings.Split(delegationsTSV, "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || f[1] != "organisation" || !slices.ContainsFunc(OrganisationTable(), func(o Organisation) bool { return o.Acronym == f[0] }) {
			continue
		}
		forms := []string{f[2]}
		if len(f) > 3 {
			forms = append(forms, strings.Split(f[3], " | ")...)
		}
		for _, form := range forms {
			if a, ok := CanonicalOrganisation(form); !offices[form] && (!ok || a != f[0]) {
				t.Errorf("%s speaks as %q, which the mention finder reads as %q (%v)", f[0], form, a, ok)
			}
		}
	}
}
