package classify

import (
	"strconv"
	"strings"
)

// feat is one feature occurrence with the sentence span that carries it,
// so the model can point at its evidence.
type feat struct {
	name       string
	val        float64
	start, end int // byte span in the sentence; -1 when it has none
	// w are the weights of the model the feature was made with
	// (featurise with a model), which is the only model that may score
	// it; nil without a model.
	w *[3]float64
}

// window is how many words either side of a target mention count as near it.
const window = 4

// featurise turns an analysed (sentence, target) pair into features: the
// word stems of the target's clause and of the words near the target
// (target words replaced by _t_, other organisations by _o_, proper names
// by _n_; words under a negator marked not_), the lexicon cues with the
// role of the actor they belong to (see read.go), and, with word vectors
// v, the averaged vectors of the clause, the words near the target and the
// sentence. Stems of the whole sentence did worse in cross-validation
// grouped by delegation (docs/benchmarks.md#classify), and so did bigrams
// and TF-IDF weights of the sentence. Nothing about
// who speaks or which organisation is the target enters: the codebook
// labels the sentence, so the same sentence gets the same label from any
// speaker. With a model m, only features m knows are kept.
func featurise(a *analysis, m *Model, v *Vectors) []feat {
	fb := featBuilder{m: m}
	n := 3*len(a.toks) + 16
	if v != nil {
		n += len(denseParts) * v.Dim
	}
	fb.fs = make([]feat, 0, n)
	fb.build(a)
	fb.addDense(a, v)
	return fb.fs
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
		name, w, ok := fb.m.feature(fb.buf)
		if !ok {
			return
		}
		fb.fs = append(fb.fs, feat{name, val, st, en, w})
		return
	}
	fb.fs = append(fb.fs, feat{string(fb.buf), val, st, en, nil})
}

func (fb *featBuilder) build(a *analysis) {
	words := a.words()
	for i, w := range words {
		if w == "" {
			continue
		}
		st, en := a.toks[i].start, a.toks[i].end
		if len(a.anchor) > 0 && a.targetClause(a.clause[i]) {
			fb.add("c:", w, 1, st, en)
		}
		if d := a.dist[i]; d <= window && d > 0 {
			side := "nr:"
			if a.tgtAfter[i] {
				side = "nl:"
			}
			fb.add(side, w, 1, st, en)
		}
	}
	for _, h := range a.hits {
		class, w, st, en := a.effective(h)
		kind := class
		if h.cue.verb {
			kind += "v"
		}
		fb.add("lx:", kind+":"+h.role, w, st, en)
		if h.cue.strong && !h.negated {
			fb.add("lx!:", h.role, w, st, en)
		}
		if class == cueRec && a.topic != cueSec {
			// Praise of a role outside peace and security is neutral.
			fb.add("lxt:", class+":"+h.role+":"+topicName(a.topic), w, st, en)
		}
		switch h.role {
		case roleTarget, roleSpeaker, roleGeneral, roleOnTarget:
			fb.add("cue:", h.cue.text+neg(h.negated)+":"+h.role, 1, st, en)
		}
		if a.unlike && (h.role == roleOther || h.role == roleGeneral) && h.first > a.anchor[0] {
			// "Unlike NATO, the CSTO has kept the peace": what the
			// sentence grants the other actor, it denies the target.
			fb.add("lx:", flip(class)+":contrast", w, st, en)
		}
	}
	fb.add("topic:", topicName(a.topic), 1, -1, -1)
	if a.report >= 0 {
		fb.add("t:", "reports", 1, a.toks[a.report].start, a.toks[a.report].end)
	}
	if a.list {
		fb.add("t:", "list", 1, -1, -1)
	}
	if a.unlike {
		fb.add("t:", "unlike", 1, -1, -1)
	}
	if len(a.anchor) == 0 {
		fb.add("t:", "absent", 1, -1, -1)
	} else {
		if a.anchor[0] == 0 || (a.anchor[0] == 1 && a.toks[0].low == "the") {
			fb.add("t:", "first", 1, -1, -1)
		}
		fb.add("t:count", strconv.Itoa(min(len(a.anchor), 3)), 1, -1, -1)
	}
}

// words returns the word feature of each token ("" for none): the stem,
// _t_ for the target, _o_ for other organisations, _n_ for proper names
// (once per run), and not_ before words under a negator (Das and Chen's
// negation tagging, so "not support" does not count as "support").
func (a *analysis) words() []string {
	n := len(a.toks)
	words := make([]string, n)
	for i, t := range a.toks {
		switch {
		case a.isTgt[i]:
			words[i] = "_t_"
		case a.isOrg[i]:
			words[i] = "_o_"
		case a.inName[i]:
			words[i] = "_n_"
		default:
			words[i] = t.stem
		}
		if i > 0 && strings.HasPrefix(words[i], "_") && words[i] == words[i-1] {
			words[i] = "" // a multi-word name counts once
		}
	}
	for i := 0; i < n; i++ {
		if !a.negator[i] {
			continue
		}
		for j := i + 1; j < n && j <= i+negScope && a.clause[j] == a.clause[i]; j++ {
			if strings.Contains(a.s[a.toks[j-1].end:a.toks[j].start], ",") {
				break
			}
			if w := words[j]; w != "" && !strings.HasPrefix(w, "_") {
				words[j] = "not_" + w
			}
		}
	}
	return words
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

func flip(class string) string {
	switch class {
	case cueRec:
		return cueCtr
	case cueCtr:
		return cueRec
	}
	return class
}

// cueCtrNeg is a negated counter cue: no evidence either way.
const cueCtrNeg = "ctr_neg"

// effective applies negation to a cue: a negated recognition cue is
// counter evidence at 0.8 of its weight, a negated counter cue becomes
// cueCtrNeg; the span then starts at the negator.
func (a *analysis) effective(h cueHit) (class string, w float64, st, en int) {
	class, w = h.cue.class, h.cue.weight
	st, en = a.span(h.first, h.last)
	if h.negated {
		st, _ = a.span(h.negToken, h.last)
		switch class {
		case cueRec:
			class, w = cueCtr, w*0.8
		case cueCtr:
			class = cueCtrNeg
		}
	}
	return class, w, st, en
}

// span returns the byte span of tokens [first, last].
func (a *analysis) span(first, last int) (int, int) {
	return a.toks[first].start, a.toks[last].end
}

// speakerOwn reports whether a cue in this role is the speaker's own
// judgement of the target: the lexicon baseline and the rules count only
// these.
func speakerOwn(role string) bool {
	switch role {
	case roleTarget, roleSpeaker, roleGeneral:
		return true
	}
	return false
}

// baseline is the lexicon classifier: it sums the weights of the cues
// that are the speaker's own judgement of the target, turns negated
// recognition cues into counter evidence and negated counter cues into
// nothing, and picks the stronger polar class when it reaches baselineMin
// and beats the neutral cues; otherwise neutral (codebook rule 5).
func (a *analysis) baseline() (label string, conf float64, evStart, evEnd int) {
	const baselineMin = 1.5
	var rec, ctr, neu float64
	type best struct {
		w          float64
		start, end int
	}
	var bRec, bCtr, bNeu best
	for _, h := range a.hits {
		if !speakerOwn(h.role) && !(h.cue.class == cueNeu && h.role != roleOut) {
			continue
		}
		class, w, st, en := a.effective(h)
		if class == cueCtrNeg {
			continue
		}
		var sum *float64
		var b *best
		switch class {
		case cueRec:
			sum, b = &rec, &bRec
		case cueCtr:
			sum, b = &ctr, &bCtr
		default:
			sum, b = &neu, &bNeu
		}
		*sum += w
		if w > b.w {
			*b = best{w, st, en}
		}
	}
	// Confidence grows with the margin over the other polar class, from
	// 0.5 toward 0.95; neutral gets 0.6 with a neutral cue, else 0.5.
	margin := func(m float64) float64 { return 0.5 + 0.45*m/(m+2) }
	switch {
	case ctr >= baselineMin && ctr > rec && ctr > neu:
		return cueCtr, margin(ctr - rec), bCtr.start, bCtr.end
	case rec >= baselineMin && rec > ctr && rec > neu && a.topic != cueDev:
		return cueRec, margin(rec - ctr), bRec.start, bRec.end
	}
	if bNeu.w > 0 {
		return cueNeu, 0.6, bNeu.start, bNeu.end
	}
	return cueNeu, 0.5, -1, -1
}

// delegitimization finds a delegitimising counter cue ("so-called", "a
// vehicle for", "no added value", "vote against") that is the speaker's
// own judgement of the target.
func (a *analysis) delegitimization() (cueHit, bool) {
	for _, h := range a.hits {
		if !h.cue.strong || h.negated || (h.role != roleTarget && h.role != roleSpeaker) {
			continue
		}
		if qualifier[h.cue.text] && !a.qualifies(h) {
			continue
		}
		return h, true
	}
	return cueHit{}, false
}

// qualifier cues qualify the words next to them ("the so-called CSTO
// peacekeepers"); the others ("vote against", "no added value") judge
// their whole clause.
var qualifier = map[string]bool{"so called": true, "self proclaimed": true, "self styled": true, "puppet": true}

// qualifies reports whether a qualifier cue stands next to the target:
// the target within three words after it, or just before it.
func (a *analysis) qualifies(h cueHit) bool {
	for k := h.last + 1; k < len(a.toks) && k <= h.last+3; k++ {
		if a.isTgt[k] {
			return true
		}
	}
	return h.first > 0 && a.isTgt[h.first-1]
}

// strongNegators govern a whole endorsement; "without" or "lack of" do not.
var strongNegators = map[string]bool{"not": true, "cannot": true, "never": true, "refuse": true, "refuses": true}

// negatedEndorsement finds a recognition cue of weight 1 or more that a
// strong negator governs, said by the speaker of the target ("we cannot
// support a resolution recognizing the CSTO", "we do not believe the CSTO
// has demonstrated impartiality").
func (a *analysis) negatedEndorsement() (cueHit, bool) {
	for _, h := range a.hits {
		if h.cue.class != cueRec || !h.negated || h.cue.weight < 1 || !speakerOwn(h.role) {
			continue
		}
		if !strongNegators[a.toks[h.negToken].low] {
			continue
		}
		// The target must be what is not endorsed: in "the EU will not
		// recognize any changes" the EU is the subject, not the object.
		subject := false
		for _, t := range a.anchor {
			subject = subject || (t < h.negToken && a.clause[t] == a.clause[h.first] && !a.speakerBetween(t, h.negToken))
		}
		if !subject || a.cogAfter(h.negToken, h.first) {
			return h, true
		}
	}
	return cueHit{}, false
}

// speakerBetween reports whether a speaker word stands between tokens i and j.
func (a *analysis) speakerBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if a.actor[k] == actSpeaker {
			return true
		}
	}
	return false
}

// evidenceText trims a span of s for display.
func evidenceText(s string, st, en int) string {
	if st < 0 || en > len(s) || st >= en {
		return ""
	}
	return strings.TrimSpace(s[st:en])
}
