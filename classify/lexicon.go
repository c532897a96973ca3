package classify

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed lexicon.tsv
var lexiconTSV string

// Cue classes of the lexicon.
const (
	cueRec   = "rec"
	cueCtr   = "ctr"
	cueNeu   = "neu"
	cueNeg   = "neg"
	cueBound = "bound"
	cueRep   = "rep"
	cueSec   = "sec"
	cueDev   = "dev"
)

// negScope is how many words after a negator its scope reaches.
const negScope = 4

// cue is one lexicon entry.
type cue struct {
	class  string
	weight float64
	strong bool     // a delegitimising counter cue ("ctr!")
	text   string   // as listed, e.g. "commend*"
	words  []string // lower-case words; a trailing "*" marks a prefix
}

// lexicon matches cues over tokens.
type lexicon struct {
	cues   []*cue
	exact  map[string][]*cue // first word → cues whose first word is exact
	prefix map[string][]*cue // first three bytes → cues whose first word is a prefix
	words  map[string][]*cue // negator, reporting-verb and topic cues by first three letters (or whole word if shorter)
	bounds map[string]bool
}

func parseLexicon(src string) (*lexicon, error) {
	lx := &lexicon{exact: map[string][]*cue{}, prefix: map[string][]*cue{}, bounds: map[string]bool{}, words: map[string][]*cue{}}
	for n, c := range tsvRows(src) {
		if len(c) != 3 {
			return nil, fmt.Errorf("lexicon line %d: want 3 tab-separated columns", n+1)
		}
		w, err := strconv.ParseFloat(c[1], 64)
		if err != nil {
			return nil, fmt.Errorf("lexicon line %d: weight: %w", n+1, err)
		}
		k := &cue{class: c[0], weight: w, text: c[2], words: strings.Fields(c[2])}
		if k.class == cueCtr+"!" {
			k.class, k.strong = cueCtr, true
		}
		if len(k.words) == 0 {
			return nil, fmt.Errorf("lexicon line %d: empty cue", n+1)
		}
		switch k.class {
		case cueBound:
			lx.bounds[k.text] = true
			continue
		case cueRep, cueSec, cueDev, cueNeg:
			if len(k.words) != 1 {
				return nil, fmt.Errorf("lexicon line %d: %s cues are single words", n+1, k.class)
			}
			key := strings.TrimSuffix(k.text, "*")
			if strings.HasSuffix(k.text, "*") && len(key) < 3 {
				return nil, fmt.Errorf("lexicon line %d: prefix %q shorter than 3 letters", n+1, k.text)
			}
			if len(key) > 3 {
				key = key[:3]
			}
			lx.words[key] = append(lx.words[key], k)
			continue
		case cueRec, cueCtr, cueNeu:
		default:
			return nil, fmt.Errorf("lexicon line %d: unknown class %q", n+1, k.class)
		}
		lx.cues = append(lx.cues, k)
		if strings.HasSuffix(k.words[0], "*") {
			if len(k.words[0]) < 4 {
				return nil, fmt.Errorf("lexicon line %d: prefix %q shorter than 3 letters", n+1, k.words[0])
			}
			key := k.words[0][:3]
			lx.prefix[key] = append(lx.prefix[key], k)
		} else {
			lx.exact[k.words[0]] = append(lx.exact[k.words[0]], k)
		}
	}
	return lx, nil
}

func wordMatches(pat, w string) bool {
	if strings.HasSuffix(pat, "*") {
		return strings.HasPrefix(w, pat[:len(pat)-1])
	}
	return pat == w
}

// cueHit is a cue found in a sentence.
type cueHit struct {
	cue      *cue
	first    int // token index
	last     int // token index, inclusive
	negated  bool
	negToken int  // index of the negator, or -1
	reported bool // after "<target> rejects/welcomes…": the organisation's stance, not the speaker's
}

// analysis is the shared view of a sentence that the baseline and the
// model's features both use.
type analysis struct {
	s       string
	toks    []token
	clause  []int  // clause number of each token
	isTgt   []bool // token belongs to a target mention
	isOrg   []bool // token belongs to another organisation's mention
	anchor  []int  // token indices of the target's mentions (first token of each)
	negator []bool // token is a negator
	report  int    // token of a reporting verb whose subject is the target, or -1
	topic   string // cueSec if the sentence has a peace and security word, else cueDev if it has a development/trade/health word, else ""
	hits    []cueHit
}

// analyse tokenises s, marks target and other mentions and finds cues.
func (lx *lexicon) analyse(s string, ms []mention, target string) *analysis {
	a := &analysis{s: s, toks: tokenize(s)}
	n := len(a.toks)
	a.clause = make([]int, n)
	a.isTgt = make([]bool, n)
	a.isOrg = make([]bool, n)
	mi := 0
	for i, t := range a.toks {
		for mi < len(ms) && ms[mi].end <= t.start {
			mi++
		}
		if mi < len(ms) && t.start >= ms[mi].start && t.end <= ms[mi].end {
			if ms[mi].org == target {
				a.isTgt[i] = true
				if i == 0 || !a.isTgt[i-1] || t.start == ms[mi].start {
					a.anchor = append(a.anchor, i)
				}
			} else {
				a.isOrg[i] = true
			}
		}
	}
	// Clauses: a boundary word or a semicolon, colon or dash starts a new one.
	cl := 0
	for i, t := range a.toks {
		if i > 0 {
			gap := s[a.toks[i-1].end:t.start]
			if strings.ContainsAny(gap, ";:") || strings.Contains(gap, "—") || strings.Contains(gap, " – ") {
				cl++
			} else if lx.bounds[t.low] {
				cl++
			}
		}
		a.clause[i] = cl
	}
	a.negator = make([]bool, n)
	sec, dev := false, false
	for i, t := range a.toks {
		a.negator[i] = lx.isNegator(t.low)
		switch lx.topicOf(t.low) {
		case cueSec:
			sec = true
		case cueDev:
			dev = true
		}
	}
	switch {
	case sec:
		a.topic = cueSec
	case dev:
		a.topic = cueDev
	}
	// Cues, longest first at each position.
	for i := 0; i < n; i++ {
		if a.isTgt[i] || a.isOrg[i] {
			continue
		}
		var best *cue
		for _, k := range lx.exact[a.toks[i].low] {
			if lx.matchAt(a, k, i) && (best == nil || len(k.words) > len(best.words)) {
				best = k
			}
		}
		if w := a.toks[i].low; len(w) >= 3 {
			for _, k := range lx.prefix[w[:3]] {
				if lx.matchAt(a, k, i) && (best == nil || len(k.words) > len(best.words)) {
					best = k
				}
			}
		}
		if best == nil {
			continue
		}
		h := cueHit{cue: best, first: i, last: i + len(best.words) - 1, negToken: -1}
		if best.class != cueNeu {
			h.negToken = lx.negatorBefore(a, i)
			h.negated = h.negToken >= 0
		}
		a.hits = append(a.hits, h)
		i = h.last
	}
	// "The League of Arab States rejects foreign interference": cues after
	// a reporting verb whose subject is the target report its stance.
	a.report = -1
	for _, i := range a.anchor {
		j := i
		for j+1 < n && a.isTgt[j+1] {
			j++
		}
		for k := j + 1; k < n && k <= j+4 && a.clause[k] == a.clause[i]; k++ {
			if lx.isReport(a.toks[k].low) {
				a.report = k
				break
			}
		}
		if a.report >= 0 {
			break
		}
	}
	if a.report >= 0 {
		for k := range a.hits {
			if a.hits[k].first > a.report && a.clause[a.hits[k].first] == a.clause[a.report] {
				a.hits[k].reported = true
			}
		}
	}
	// A negated recognition cue negates the recognition cues of its
	// complement too: in "we cannot support a resolution recognizing the
	// CSTO as a partner", "recognizing" and "partner" are under "cannot".
	negFrom := map[int]int{} // clause → negator token
	for k := range a.hits {
		h := &a.hits[k]
		if h.cue.class != cueRec {
			continue
		}
		if h.negated {
			if _, ok := negFrom[a.clause[h.first]]; !ok {
				negFrom[a.clause[h.first]] = h.negToken
			}
		} else if j, ok := negFrom[a.clause[h.first]]; ok {
			h.negated, h.negToken = true, j
		}
	}
	return a
}

func (lx *lexicon) matchAt(a *analysis, k *cue, i int) bool {
	if i+len(k.words) > len(a.toks) {
		return false
	}
	for j, w := range k.words {
		t := i + j
		if j > 0 && a.clause[t] != a.clause[i] {
			return false
		}
		if !wordMatches(w, a.toks[t].low) {
			return false
		}
	}
	return true
}

// negatorBefore finds a negator up to negScope words before token i in the
// same clause, with no comma in between. Negation is cancelled by a second
// negator before it ("would not conclude without commending"), by litotes
// ("cannot overemphasize", "cannot thank enough") and in a clause opening
// with "how" or "why" ("How could we not congratulate the AU…").
func (lx *lexicon) negatorBefore(a *analysis, i int) int {
	for j := i - 1; j >= 0 && j >= i-negScope; j-- {
		if a.clause[j] != a.clause[i] || strings.Contains(a.s[a.toks[j].end:a.toks[j+1].start], ",") {
			return -1
		}
		if !a.negator[j] {
			continue
		}
		for k := j - 1; k >= 0 && k >= j-negScope && a.clause[k] == a.clause[j]; k-- {
			if a.negator[k] {
				return -1
			}
		}
		for k := j + 1; k <= i+1 && k < len(a.toks); k++ {
			if litotes(a.toks[k].low) {
				return -1
			}
		}
		for k := j - 1; k >= 0 && a.clause[k] == a.clause[j]; k-- {
			if k == 0 || a.clause[k-1] != a.clause[k] {
				if w := a.toks[k].low; w == "how" || w == "why" {
					return -1
				}
			}
		}
		return j
	}
	return -1
}

// litotes reports words that turn a negation into emphasis.
func litotes(w string) bool {
	for _, p := range []string{"overemphas", "overstat", "exaggerat", "underestimat", "enough"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// wordCues lists the negator, reporting-verb and topic cues that may match
// w, found through the first three letters so that each word costs one
// map lookup.
func (lx *lexicon) wordCues(w string) []*cue {
	if len(w) < 3 {
		return lx.words[w]
	}
	return lx.words[w[:3]]
}

func (lx *lexicon) wordClass(w, class string) bool {
	for _, k := range lx.wordCues(w) {
		if k.class == class && wordMatches(k.words[0], w) {
			return true
		}
	}
	return false
}

func (lx *lexicon) topicOf(w string) string {
	for _, k := range lx.wordCues(w) {
		if (k.class == cueSec || k.class == cueDev) && wordMatches(k.words[0], w) {
			return k.class
		}
	}
	return ""
}

func (lx *lexicon) isReport(w string) bool { return lx.wordClass(w, cueRep) }

func (lx *lexicon) isNegator(w string) bool { return lx.wordClass(w, cueNeg) }

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

// targetClauses lists the clauses that hold the target.
func (a *analysis) targetClauses() map[int]bool {
	m := map[int]bool{}
	for _, i := range a.anchor {
		m[a.clause[i]] = true
	}
	return m
}

// baseline is the lexicon classifier: it sums cue weights in the target's
// clauses (the whole sentence when the target is not found in it), turns
// negated recognition cues into counter evidence and negated counter cues
// into nothing, and picks the stronger polar class when it reaches
// baselineMin and beats the neutral cues; otherwise neutral (codebook rule 5).
func (a *analysis) baseline() (label string, conf float64, evStart, evEnd int) {
	const baselineMin = 1.5
	clauses := a.targetClauses()
	var rec, ctr, neu float64
	type best struct {
		w          float64
		start, end int
	}
	var bRec, bCtr, bNeu best
	for _, h := range a.hits {
		if len(clauses) > 0 && !clauses[a.clause[h.first]] {
			continue
		}
		if h.reported && h.cue.class != cueNeu {
			continue // the organisation's stance, reported: no evaluation by the speaker
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
	case ctr >= baselineMin && ctr >= rec && ctr > neu:
		return cueCtr, margin(ctr - rec), bCtr.start, bCtr.end
	case rec >= baselineMin && rec > ctr && rec > neu && a.topic != cueDev:
		return cueRec, margin(rec - ctr), bRec.start, bRec.end
	}
	if bNeu.w > 0 {
		return cueNeu, 0.6, bNeu.start, bNeu.end
	}
	return cueNeu, 0.5, -1, -1
}

// delegitimization finds a delegitimising counter cue ("so-called",
// "a vehicle for", "no added value", "vote against") stated by the speaker
// in the target's clause; "so-called" must be within delegitWindow words
// of the target.
func (a *analysis) delegitimization() (cueHit, bool) {
	const delegitWindow = 6
	clauses := a.targetClauses()
	for _, h := range a.hits {
		if !h.cue.strong || h.negated || h.reported {
			continue
		}
		if len(clauses) > 0 && !clauses[a.clause[h.first]] {
			continue
		}
		// "so-called" and "puppet" qualify the words next to them; "vote
		// against", "no added value", "a vehicle for" judge the whole clause.
		clauseWide := h.cue.text != "so called" && h.cue.text != "puppet"
		if clauseWide || len(a.anchor) == 0 || a.distance(h.first) <= delegitWindow || a.distance(h.last) <= delegitWindow {
			return h, true
		}
	}
	return cueHit{}, false
}

// strongNegators govern a whole endorsement; "without" or "lack of" do not.
var strongNegators = map[string]bool{"not": true, "cannot": true, "never": true, "oppose": true, "opposes": true, "opposed": true, "refuse": true, "refuses": true}

// negatedEndorsement finds a recognition cue of weight 1 or more that a
// strong negator governs in the target's clause, stated by the speaker.
func (a *analysis) negatedEndorsement() (cueHit, bool) {
	clauses := a.targetClauses()
	for _, h := range a.hits {
		if h.cue.class != cueRec || !h.negated || h.reported || h.cue.weight < 1 {
			continue
		}
		if len(clauses) > 0 && !clauses[a.clause[h.first]] {
			continue
		}
		if !strongNegators[a.toks[h.negToken].low] {
			continue
		}
		// The target must be what is not endorsed, after the negator: in
		// "the EU will not recognize any changes" the EU is the subject.
		after := len(a.anchor) == 0
		for _, t := range a.anchor {
			after = after || t > h.negToken
		}
		if after {
			return h, true
		}
	}
	return cueHit{}, false
}
