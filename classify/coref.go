package classify

import "strings"

// Coreference within a speech. Records use "the Organization", "the Union",
// "the Alliance"… for an organisation named just before; but in UN records
// "the Organization" most often means the United Nations itself. So an
// anaphor resolves only to a compatible organisation named in the same
// sentence or the corefWindow sentences before it, and never when the
// United Nations was named after that organisation.
const corefWindow = 2

// rulesVersion enters Version: bump it whenever the hand-written rules
// (coreference here, negation, scope and reported stance in read.go, the
// negated-endorsement rule and abstention in classify.go, evidence choice
// in model.go) change behaviour.
const rulesVersion = "rules-15"

// anaphor is a candidate referring expression found in a sentence.
type anaphor struct {
	start, end int
	head       string // organisation head noun ("union"), "mission", "force", "its" (its troops…) or "itspk" (its peacekeeping forces)
}

// findAnaphors lists "the Organization"-style references in s that are not
// inside an explicit mention.
func findAnaphors(s string, explicit []mention) []anaphor {
	var out []anaphor
	prevStart, prevEnd := -1, -1
	mi := 0 // explicit is in text order, and so are the words: one pass over both
	for i := 0; ; {
		st, en := nextWord(s, i)
		if st < 0 {
			return out
		}
		i = en
		for mi < len(explicit) && explicit[mi].end <= st {
			mi++
		}
		in := mi < len(explicit) && st >= explicit[mi].start && st < explicit[mi].end
		if prevStart >= 0 && !in {
			prev := s[prevStart:prevEnd]
			cur := s[st:en]
			switch {
			case (prev == "the" || prev == "The") && cur[0] >= 'A' && cur[0] <= 'Z':
				h := strings.ToLower(cur)
				if anaphorHeads[h] && !followedByOf(s, en) {
					a := anaphor{start: prevStart, end: en, head: h}
					if h == "joint" { // "the Joint Force"
						if ns, ne := nextWord(s, en); ns == en+1 && s[ns:ne] == "Force" {
							a.end, a.head = ne, "force"
						} else {
							break
						}
					}
					out = append(out, a)
				}
			case prev == "its" || prev == "Its":
				if ne, pk, ok := forcesPhrase(s, st, en); ok {
					h := "its"
					if pk {
						h = "itspk"
					}
					out = append(out, anaphor{start: prevStart, end: ne, head: h})
				}
			}
		}
		prevStart, prevEnd = st, en
	}
}

// anaphorHeads are the capitalised nouns that, after "the", may refer back
// to an organisation.
var anaphorHeads = map[string]bool{
	"organization": true, "organisation": true, "union": true, "alliance": true,
	"community": true, "commonwealth": true, "association": true, "league": true,
	"authority": true, "forum": true, "mission": true, "force": true, "joint": true,
}

// forcesPhrase matches, after "its", "peacekeeping forces", "peacekeepers",
// "collective forces" (peacekeeping: true) or "forces", "troops",
// "mission", "military operation"… (peacekeeping: false).
func forcesPhrase(s string, st, en int) (end int, peacekeeping, ok bool) {
	switch strings.ToLower(s[st:en]) {
	case "peacekeepers":
		return en, true, true
	case "forces", "troops", "mission", "contingents", "operation":
		return en, false, true
	case "peacekeeping", "collective", "military":
		if ns, ne := nextWord(s, en); ns == en+1 {
			switch strings.ToLower(s[ns:ne]) {
			case "forces", "force", "mission", "operation", "operations", "contingent", "contingents", "troops":
				w := strings.ToLower(s[st:en])
				return ne, w == "peacekeeping" || w == "collective", true
			}
		}
	}
	return 0, false, false
}

func followedByOf(s string, en int) bool {
	ns, ne := nextWord(s, en)
	if ns < 0 || ns != en+1 {
		return false
	}
	switch s[ns:ne] {
	case "of", "for", "on":
		return true
	}
	return false
}

// compatible reports whether an anaphor with head h may refer to a mention m
// of organisation o.
func compatible(h string, o *orgInfo, m mention) bool {
	switch h {
	case "itspk":
		return true
	case "mission":
		return m.mission && !m.force
	case "force":
		return m.force || o.head == "force"
	case "organisation":
		h = "organization"
	}
	return o.head == h
}

// unNamed reports where "United Nations" occurs in s (byte offsets of starts).
func unNamed(s string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], "United Nations")
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + len("United Nations")
	}
}

// resolver resolves anaphors across the sentences of one speech.
type resolver struct {
	g    *gazetteer
	hist []histEntry // mentions (explicit and resolved) and UN mentions, in text order
	sent int         // index of the current sentence
}

type histEntry struct {
	sent int
	off  int
	m    mention
	un   bool // a "United Nations" mention, which blocks "the Organization"
}

// sentence finds explicit mentions and resolved anaphors in s, the next
// sentence of the speech, and appends them to out in text order.
func (r *resolver) sentence(s string, out []mention) []mention {
	base := len(out)
	out = r.g.find(s, out)
	explicit := out[base:]
	var anas []anaphor
	if hasAnaphorCue(s) {
		anas = findAnaphors(s, explicit)
	}
	var uns []int
	if len(anas) > 0 || len(explicit) > 0 || len(r.hist) > 0 {
		uns = unNamed(s)
	}
	// Merge explicit mentions, UN mentions and anaphors in text order so
	// that each anaphor sees only what precedes it.
	ei, ui := 0, 0
	exp := append([]mention(nil), explicit...)
	for _, a := range anas {
		for ei < len(exp) && exp[ei].start < a.start {
			r.hist = append(r.hist, histEntry{sent: r.sent, off: exp[ei].start, m: exp[ei]})
			ei++
		}
		for ui < len(uns) && uns[ui] < a.start {
			r.hist = append(r.hist, histEntry{sent: r.sent, off: uns[ui], un: true})
			ui++
		}
		if a.head == "its" || a.head == "itspk" {
			// "its troops" refers to the subject of the sentence far more
			// often than to the last organisation named ("Russia … withdraw
			// its forces"): resolve it only when an organisation opens the
			// sentence. "Its peacekeeping forces" is specific enough to go to
			// the last organisation named in this or the previous sentence.
			if m, ok := subjectMention(s, out[base:]); ok && m.start < a.start {
				out = append(out, mention{org: m.org, start: a.start, end: a.end, coref: true})
			} else if a.head == "itspk" {
				if m, ok := r.resolve(a); ok {
					out = append(out, m)
				}
			}
			continue
		}
		if m, ok := r.resolve(a); ok {
			out = append(out, m)
			// A resolved anaphor keeps its organisation in view, so a
			// speech can go on saying "the Joint Force" sentence after sentence.
			r.hist = append(r.hist, histEntry{sent: r.sent, off: m.start, m: m})
		}
	}
	for ; ei < len(exp); ei++ {
		r.hist = append(r.hist, histEntry{sent: r.sent, off: exp[ei].start, m: exp[ei]})
	}
	for ; ui < len(uns); ui++ {
		r.hist = append(r.hist, histEntry{sent: r.sent, off: uns[ui], un: true})
	}
	r.sent++
	r.trim()
	sortMentions(out[base:])
	return out
}

// trim forgets history older than the window.
func (r *resolver) trim() {
	k := 0
	for k < len(r.hist) && r.hist[k].sent < r.sent-corefWindow {
		k++
	}
	if k > 0 {
		r.hist = append(r.hist[:0], r.hist[k:]...)
	}
}

func (r *resolver) resolve(a anaphor) (mention, bool) {
	for i := len(r.hist) - 1; i >= 0; i-- {
		h := r.hist[i]
		if a.head == "itspk" && h.sent < r.sent-1 {
			return mention{}, false
		}
		if h.un {
			if a.head == "organization" || a.head == "organisation" || a.head == "itspk" {
				return mention{}, false
			}
			continue
		}
		o := &r.g.orgs[r.g.byAcr[h.m.org]]
		if compatible(a.head, o, h.m) {
			return mention{org: h.m.org, start: a.start, end: a.end, coref: true, mission: h.m.mission, force: h.m.force}, true
		}
	}
	return mention{}, false
}

// subjectMention returns the mention, explicit or resolved, that opens the
// sentence (after an optional "The").
func subjectMention(s string, ms []mention) (mention, bool) {
	st, en := nextWord(s, 0)
	if st >= 0 && (s[st:en] == "The" || s[st:en] == "the") {
		st, _ = nextWord(s, en)
	}
	for _, m := range ms {
		if st >= 0 && m.start == st {
			return m, true
		}
		if st >= 0 && m.start <= st && m.end > st { // "The Organization"
			return m, true
		}
	}
	return mention{}, false
}

// hasAnaphorCue is a cheap filter so that most sentences skip anaphor search.
func hasAnaphorCue(s string) bool {
	return strings.Contains(s, "the ") || strings.Contains(s, "The ") || strings.Contains(s, "its ") || strings.Contains(s, "Its ")
}

func sortMentions(ms []mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].start < ms[j-1].start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
