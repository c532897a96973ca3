package classify

import (
	"strconv"
	"strings"

	"github.com/unpv/unpv"
)

// feat is one feature occurrence with the sentence span that carries it,
// so the model can point at its evidence.
type feat struct {
	name       string
	val        float64
	start, end int // byte span in the sentence; -1 when it has none
}

// window is how many words either side of a target mention count as near it.
const window = 4

// featurise turns an analysed (sentence, target) pair into features:
// unigrams (target words replaced by _t_, other organisations by _o_;
// bigrams did no better in cross-validation), words of the target's
// clause, words near the target, lexicon cues with negation, scope,
// topic and position relative to the target, the speaker's relation to
// the target and the target itself. With a model m, only features m
// knows are kept.
func featurise(a *analysis, target string, rel unpv.Relation, m *Model) []feat {
	fb := featBuilder{m: m}
	fb.fs = make([]feat, 0, 2*len(a.toks)+16)
	return fb.build(a, target, rel)
}

// featBuilder collects features; with a model it keeps only the features
// the model knows, reusing the model's name strings, so classification
// does not allocate a string per word.
type featBuilder struct {
	m   *Model
	buf []byte
	fs  []feat
}

func (fb *featBuilder) add(prefix, w string, val float64, st, en int) {
	fb.buf = append(append(fb.buf[:0], prefix...), w...)
	if fb.m != nil {
		name, ok := fb.m.name(fb.buf)
		if !ok {
			return
		}
		fb.fs = append(fb.fs, feat{name, val, st, en})
		return
	}
	fb.fs = append(fb.fs, feat{string(fb.buf), val, st, en})
}

func (fb *featBuilder) build(a *analysis, target string, rel unpv.Relation) []feat {
	words := make([]string, len(a.toks))
	for i, t := range a.toks {
		switch {
		case a.isTgt[i]:
			words[i] = "_t_"
		case a.isOrg[i]:
			words[i] = "_o_"
		default:
			words[i] = t.low
		}
	}
	// Words after a negator, to the next comma or clause end, are marked
	// (Das and Chen's negation tagging), so "not support" does not count
	// as "support".
	negated := make([]bool, len(words))
	for i := range words {
		if a.negator[i] {
			for j := i + 1; j < len(words) && a.clause[j] == a.clause[i]; j++ {
				if strings.Contains(a.s[a.toks[j-1].end:a.toks[j].start], ",") {
					break
				}
				negated[j] = true
			}
		}
	}
	for i, w := range words {
		if negated[i] && w != "_t_" && w != "_o_" {
			words[i] = "not_" + w
		}
	}
	clauses := a.targetClauses()
	for i, w := range words {
		if i > 0 && w == words[i-1] && (w == "_t_" || w == "_o_") {
			continue // a multi-word name counts once
		}
		st, en := a.toks[i].start, a.toks[i].end
		fb.add("u:", w, 1, st, en)
		if len(clauses) > 0 && clauses[a.clause[i]] {
			fb.add("c:", w, 1, st, en)
		}
		if d := a.distance(i); d <= window && d > 0 {
			side := "nr:"
			if a.before(i) {
				side = "nl:"
			}
			fb.add(side, w, 1, st, en)
		}
	}
	for _, h := range a.hits {
		scope := "in"
		if len(clauses) > 0 && !clauses[a.clause[h.first]] {
			scope = "out"
		}
		name, w, st, en := a.effective(h)
		if h.reported {
			scope = "reported"
		}
		fb.add("lx:", name+":"+scope, w, st, en)
		if name == cueRec && a.topic != cueSec {
			// Praise of a role outside peace and security is neutral.
			fb.add("lxt:", name+":"+scope+":"+topicName(a.topic), w, st, en)
		}
		fb.add("cue:", h.cue.text+neg(h.negated), 1, st, en)
		if len(a.anchor) > 0 {
			side := "after"
			if a.before(h.first) {
				side = "before"
			}
			fb.add("lxp:", name+":"+side, 1, st, en)
			if d := a.distance(h.first); d <= window {
				fb.add("lxn:", name, 1, st, en)
			}
		}
	}
	fb.add("topic:", topicName(a.topic), 1, -1, -1)
	if a.report >= 0 {
		fb.add("t:", "reports", 1, a.toks[a.report].start, a.toks[a.report].end)
	}
	if len(a.anchor) == 0 {
		fb.add("t:", "absent", 1, -1, -1)
	} else {
		if a.anchor[0] == 0 || (a.anchor[0] == 1 && a.toks[0].low == "the") {
			fb.add("t:", "first", 1, -1, -1)
		}
		fb.add("t:count", strconv.Itoa(min(len(a.anchor), 3)), 1, -1, -1)
	}
	if rel == "" {
		rel = "unknown"
	}
	fb.add("rel:", string(rel), 1, -1, -1)
	fb.add("tgt:", target, 1, -1, -1)
	fb.add("tgtrel:", target+":"+string(rel), 1, -1, -1)
	return fb.fs
}

func topicName(t string) string {
	if t == "" {
		return "none"
	}
	return t
}

func neg(b bool) string {
	if b {
		return ":neg"
	}
	return ""
}

// distance is the number of words from token i to the nearest target mention.
func (a *analysis) distance(i int) int {
	best := 1 << 30
	for _, j := range a.anchor {
		d := i - j
		if d < 0 {
			d = -d
		}
		best = min(best, d)
	}
	return best
}

// before reports whether token i precedes the nearest target mention.
func (a *analysis) before(i int) bool {
	best, at := 1<<30, -1
	for _, j := range a.anchor {
		d := i - j
		if d < 0 {
			d = -d
		}
		if d < best {
			best, at = d, j
		}
	}
	return at >= 0 && i < at
}

// evidenceText trims a span of s for display.
func evidenceText(s string, st, en int) string {
	if st < 0 || en > len(s) || st >= en {
		return ""
	}
	return strings.TrimSpace(s[st:en])
}
