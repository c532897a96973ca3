package classify

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// gazetteerTSV is the organisation table (package un), hashed into the
// classifier's version.
var gazetteerTSV = un.OrganisationsTSV()

// orgInfo is one organisation of the gazetteer.
type orgInfo struct {
	unpv.Organisation
	head string // noun of "the Union", "the Organization"…; "" when none
}

// form is one way of writing an organisation's name, as words.
type form struct {
	org     string   // canonical acronym; "" for another body's name (un.OtherNames)
	words   []string // lower-cased words
	raw     []string // words as listed, for case-sensitive acronyms
	acronym bool     // match case-sensitively
	mission bool     // a mission or force of the organisation
	force   bool     // a mission form naming a force ("Joint Force", "KFOR")
	// bare: a mission form that does not hold its organisation's name
	// ("Collective Peacekeeping Forces", not "CSTO Collective Peacekeeping
	// Forces"), which "of" another body's name can take (find)
	bare bool
}

// gazetteer finds organisation names in text.
type gazetteer struct {
	orgs    []orgInfo
	byAcr   map[string]int     // acronym → index in orgs
	byFirst map[string][]*form // first lower-cased word → forms, longest first
}

// newGazetteer indexes the names of the organisations (un.OrganisationTable)
// by their first word.
func newGazetteer(orgs []un.Organisation) *gazetteer {
	g := &gazetteer{byAcr: map[string]int{}, byFirst: map[string][]*form{}}
	seen := map[string]bool{}
	for _, o := range orgs {
		g.byAcr[o.Acronym] = len(g.orgs)
		g.orgs = append(g.orgs, orgInfo{Organisation: o.Organisation, head: o.Head})
		for _, n := range o.Names {
			key := strings.ToLower(n.Text) + "\x00" + fmt.Sprint(n.Acronym)
			if seen[key] {
				continue
			}
			seen[key] = true
			f := newForm(o.Acronym, n)
			for _, w := range f.words {
				f.force = f.force || f.mission && (w == "force" || w == "forces" || w != "for" && strings.HasSuffix(w, "for"))
			}
			g.byFirst[f.words[0]] = append(g.byFirst[f.words[0]], f)
		}
	}
	// Other bodies' names that hold a form ("Western European Union"):
	// matched like any name, longest first, and found as no organisation.
	for _, n := range un.OtherNames() {
		f := newForm("", n)
		g.byFirst[f.words[0]] = append(g.byFirst[f.words[0]], f)
	}
	for _, fs := range g.byFirst {
		for _, f := range fs {
			f.bare = f.mission && f.org != "" && !g.holdsName(f)
		}
	}
	for _, fs := range g.byFirst {
		sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].words) > len(fs[j].words) })
	}
	return g
}

// holdsName reports whether mission form f holds a name of its own
// organisation that is not a mission's ("ECOWAS" in "ECOWAS Standby Force").
func (g *gazetteer) holdsName(f *form) bool {
	for _, w := range f.words {
		for _, n := range g.byFirst[w] {
			if n.org == f.org && !n.mission && n.inside(f) {
				return true
			}
		}
	}
	return false
}

// inside reports whether f's words occur, in order and together, in m's.
func (f *form) inside(m *form) bool {
	for i := 0; i+len(f.words) <= len(m.words); i++ {
		if slices.Equal(f.words, m.words[i:i+len(f.words)]) {
			return true
		}
	}
	return false
}

// newForm splits name n of organisation org ("" for another body's) into
// its words.
func newForm(org string, n un.Name) *form {
	f := &form{org: org, acronym: n.Acronym, mission: n.Mission}
	for i := 0; ; {
		st, en := nextWord(n.Text, i)
		if st < 0 {
			return f
		}
		f.raw = append(f.raw, n.Text[st:en])
		f.words = append(f.words, strings.ToLower(n.Text[st:en]))
		i = en
	}
}

// mention is an organisation name found in a sentence.
type mention struct {
	org        string
	start, end int // byte offsets
	mission    bool
	force      bool
	coref      bool
}

// find returns the organisation names in s, longest match first, left to right.
//
// A mission or force named "of" another body belongs to that body: the
// Collective Peacekeeping Forces of the 1990s were the CIS's ("the
// Collective Peacekeeping Forces of the CIS", Kyrgyzstan 1997), years before
// the CSTO, whose form "Collective Peacekeeping Forces" is, existed. So a
// mission form that does not hold its own organisation's name, followed by
// "of" or "of the" and another body's name, takes that body (none, for
// another body's name of un.OtherNames).
func (g *gazetteer) find(s string, out []mention) []mention {
	var buf [64]byte
	last := -1 // index in out of a mission mention that another name may own
	for i := 0; ; {
		st, en := nextWord(s, i)
		if st < 0 {
			return out
		}
		i = en
		w := s[st:en]
		if len(w) > len(buf) {
			continue
		}
		k := buf[:len(w)]
		for j := 0; j < len(w); j++ {
			c := w[j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			k[j] = c
		}
		cands := g.byFirst[string(k)]
		if len(cands) == 0 {
			continue
		}
		for _, f := range cands {
			if end, ok := f.match(s, st, en); ok {
				if last >= 0 && out[last].org != f.org && ownedBy(s[out[last].end:st]) {
					if f.org == "" {
						out = append(out[:last], out[last+1:]...)
					} else {
						out[last].org = f.org
					}
				}
				last = -1
				if f.org != "" {
					if f.bare {
						last = len(out)
					}
					out = append(out, mention{org: f.org, start: st, end: end, mission: f.mission, force: f.force})
				}
				i = end
				break
			}
		}
	}
}

// ownedBy reports whether gap, the text between a mission's name and the
// next name, says the mission is the next name's: " of " or " of the ".
func ownedBy(gap string) bool {
	f := strings.Fields(gap)
	switch len(f) {
	case 1:
		return f[0] == "of" && len(gap) <= 6
	case 2:
		return f[0] == "of" && (f[1] == "the" || f[1] == "The") && len(gap) <= 10
	}
	return false
}

// match checks whether f occurs at the word s[st:en] and returns its end.
func (f *form) match(s string, st, en int) (int, bool) {
	for n := range f.words {
		if n > 0 {
			// Only spaces and hyphens may separate the words of a name.
			gap := en
			st, en = nextWord(s, en)
			if st < 0 || !onlySeparators(s[gap:st]) {
				return 0, false
			}
		}
		w := s[st:en]
		if f.acronym {
			// Exact case only: "CoE" is the Council of Europe, "COE" the
			// contingent-owned equipment of UN peacekeeping.
			if w != f.raw[n] {
				return 0, false
			}
			continue
		}
		if !strings.EqualFold(w, f.words[n]) {
			return 0, false
		}
		if n == 0 && !(w[0] >= 'A' && w[0] <= 'Z') {
			return 0, false
		}
	}
	return en, true
}

func onlySeparators(s string) bool {
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '-', '\n', '\t':
		default:
			return false
		}
	}
	return true
}

// canonical maps an acronym or name, in any case, to the canonical acronym
// (un.CanonicalOrganisation).
func (g *gazetteer) canonical(s string) (string, bool) { return un.CanonicalOrganisation(s) }
