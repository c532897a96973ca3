package classify

import (
	"fmt"
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
		sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].words) > len(fs[j].words) })
	}
	return g
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
func (g *gazetteer) find(s string, out []mention) []mention {
	var buf [64]byte
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
				if f.org != "" {
					out = append(out, mention{org: f.org, start: st, end: end, mission: f.mission, force: f.force})
				}
				i = end
				break
			}
		}
	}
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
