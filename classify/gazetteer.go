package classify

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/unpv/unpv"
)

//go:embed gazetteer.tsv
var gazetteerTSV string

// orgInfo is one organisation of the gazetteer.
type orgInfo struct {
	unpv.Organisation
	head string // noun of "the Union", "the Organization"…; "" when none
}

// form is one way of writing an organisation's name, as words.
type form struct {
	org     string   // canonical acronym
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
	lookup  map[string]string  // lower-cased acronym or name → acronym
	byFirst map[string][]*form // first lower-cased word → forms, longest first
}

// parseGazetteer reads the embedded gazetteer table.
func parseGazetteer(src string) (*gazetteer, error) {
	g := &gazetteer{byAcr: map[string]int{}, lookup: map[string]string{}, byFirst: map[string][]*form{}}
	seen := map[string]bool{}
	for n, cols := range tsvRows(src) {
		if len(cols) != 4 {
			return nil, fmt.Errorf("gazetteer line %d: want 4 tab-separated columns, got %d", n+1, len(cols))
		}
		acr, name, head := cols[0], cols[1], cols[2]
		if head == "-" {
			head = ""
		}
		if _, dup := g.byAcr[acr]; dup {
			return nil, fmt.Errorf("gazetteer line %d: duplicate acronym %s", n+1, acr)
		}
		g.byAcr[acr] = len(g.orgs)
		g.orgs = append(g.orgs, orgInfo{Organisation: unpv.Organisation{Acronym: acr, Name: name}, head: strings.ToLower(head)})
		g.lookup[strings.ToLower(acr)] = acr
		g.lookup[strings.ToLower(name)] = acr
		for _, f := range strings.Split(cols[3], "|") {
			f = strings.TrimSpace(f)
			var fm form
			fm.org = acr
			if strings.HasPrefix(f, "@") {
				fm.mission = true
				f = f[1:]
			}
			if strings.HasPrefix(f, "=") {
				fm.acronym = true
				f = f[1:]
			}
			if f == "" {
				return nil, fmt.Errorf("gazetteer line %d: empty form", n+1)
			}
			for _, v := range spellings(f, fm.acronym) {
				key := strings.ToLower(v)
				if _, taken := g.lookup[key]; !taken {
					g.lookup[key] = acr
				}
				if seen[key+"\x00"+fmt.Sprint(fm.acronym)] {
					continue
				}
				seen[key+"\x00"+fmt.Sprint(fm.acronym)] = true
				v2 := fm
				for i := 0; ; {
					st, en := nextWord(v, i)
					if st < 0 {
						break
					}
					v2.raw = append(v2.raw, v[st:en])
					v2.words = append(v2.words, strings.ToLower(v[st:en]))
					i = en
				}
				for _, w := range v2.words {
					v2.force = v2.force || v2.mission && (w == "force" || w == "forces" || w != "for" && strings.HasSuffix(w, "for"))
				}
				g.byFirst[v2.words[0]] = append(g.byFirst[v2.words[0]], &v2)
			}
		}
	}
	for _, fs := range g.byFirst {
		sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].words) > len(fs[j].words) })
	}
	return g, nil
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
				out = append(out, mention{org: f.org, start: st, end: end, mission: f.mission, force: f.force})
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

// canonical maps an acronym or name, in any case, to the canonical acronym.
func (g *gazetteer) canonical(s string) (string, bool) {
	a, ok := g.lookup[strings.ToLower(strings.TrimSpace(s))]
	return a, ok
}
