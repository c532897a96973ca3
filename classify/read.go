package classify

import (
	"strings"
)

// The reading of one (sentence, target) pair: which words belong to which
// actor, where clauses end, which cues are negated, reported or contrasted,
// so that a cue counts for the organisation it is about and not for any
// organisation that happens to share the sentence.

// Actor kinds, per token.
const (
	actNone    byte = iota
	actTarget       // the organisation the pair is about (with "NATO countries", "members of ASEAN")
	actOrg          // another organisation of the gazetteer
	actOther        // a State, a UN organ, a government or armed group
	actSpeaker      // we, our, I, my
)

// Roles of a cue relative to the target.
const (
	roleTarget   = "tgt" // the target does or is what the cue says: "NATO expansion", "the AU has played a key role"
	roleSpeaker  = "spk" // the speaker says it of the target: "we commend the AU", "we reject the CSTO intervention"
	roleOnTarget = "o2t" // another actor does it to the target: "the Council should support the AU"
	roleOther    = "oth" // it belongs to another actor: "Armenia violated the ceasefire the OSCE brokered"
	roleVictim   = "vic" // the target suffers it: "attacks against AMISOM"
	roleGeneral  = "gen" // no actor in the clause: the speaker's statement in the target's clause
	roleOut      = "out" // in another clause than the target's
	roleReported = "rep" // after a reporting verb: a stance the speaker reports without taking
)

// cueHit is a cue found in a sentence.
type cueHit struct {
	cue      *cue
	first    int // token index
	last     int // token index, inclusive
	negated  bool
	negToken int  // index of the negator, or -1
	reported bool // after "<actor> rejects/welcomes…": someone else's stance
	role     string
}

// analysis is the shared view of a (sentence, target) pair that the
// lexicon baseline and the model's features both use.
type analysis struct {
	s        string
	toks     []token
	wc       []uint16 // word classes (wNeg…)
	clause   []int    // clause number of each token
	isTgt    []bool   // token belongs to a target mention
	isOrg    []bool   // token belongs to another organisation's mention
	inName   []bool   // token is inside a multi-word proper name other than an organisation's
	actor    []byte   // actor kind of each token
	anchor   []int    // token indices of the target's mentions (first token of each)
	dist     []int    // words from each token to the nearest target token
	tgtAfter []bool   // the nearest target token comes after this token
	negator  []bool
	rel      []int  // id (from 1) of the comma-delimited relative clause a token is in ("…, with which we have excellent relations, …"), or 0
	report   int    // token of a reporting verb whose subject is the target, or -1
	topic    string // cueSec if the sentence has a peace and security word, else cueDev if it has a development/trade/health word, else ""
	hits     []cueHit
	unlike   bool // the target is introduced by a contrast cue: "Unlike NATO, …"
	list     bool // the target stands in a list of organisations or States
}

// analyse reads s for target, given the organisation mentions ms (in text order).
func (lx *lexicon) analyse(s string, ms []mention, target string) *analysis {
	a := &analysis{s: s, toks: tokenize(s), report: -1}
	n := len(a.toks)
	a.wc = make([]uint16, n)
	for i := range a.toks {
		t := &a.toks[i]
		t.stem = stem(t.low)
		a.wc[i] = lx.classes(t.low, t.stem)
	}
	a.markMentions(ms, target)
	a.absorbGroups()
	a.markClauses()
	a.markRelatives()
	a.markNames()
	a.markActors()
	a.markNegators()
	a.markDistances()
	a.markTopic()
	a.findCues(lx)
	a.markReported()
	a.propagateNegation()
	for k := range a.hits {
		h := &a.hits[k]
		h.role = a.attribute(h)
		if h.cue.verb && h.role == roleTarget {
			// "The AU welcomed the agreement", "movements recognized by
			// the OAU": the organisation's own stance, reported.
			h.role = roleReported
		}
	}
	a.unlike = a.contrastIntro(lx)
	a.list = a.inList()
	return a
}

func (a *analysis) markMentions(ms []mention, target string) {
	n := len(a.toks)
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
}

// absorbGroups extends a mention over the nouns that stand for the
// organisation's members acting together: "NATO countries", "ECOWAS
// troops", "the members of ASEAN".
func (a *analysis) absorbGroups() {
	n := len(a.toks)
	for i := 0; i < n; i++ {
		if !(a.isTgt[i] || a.isOrg[i]) {
			continue
		}
		tgt := a.isTgt[i]
		for j := i + 1; j < n && j <= i+2 && a.wc[j]&wGrp != 0 && !a.isTgt[j] && !a.isOrg[j] && a.gapIsSpace(j); j++ {
			a.isTgt[j], a.isOrg[j] = tgt, !tgt
		}
	}
	for i := 0; i+2 < n; i++ {
		if a.wc[i]&wGrp == 0 || a.isTgt[i] || a.isOrg[i] || a.toks[i+1].low != "of" {
			continue
		}
		k := i + 2
		if a.toks[k].low == "the" && k+1 < n {
			k++
		}
		if a.isTgt[k] || a.isOrg[k] {
			for j := i; j < k; j++ {
				a.isTgt[j], a.isOrg[j] = a.isTgt[k], a.isOrg[k]
			}
		}
	}
}

// gapIsSpace reports whether only spaces or a hyphen separate token j from the one before.
func (a *analysis) gapIsSpace(j int) bool {
	g := a.s[a.toks[j-1].end:a.toks[j].start]
	return strings.Trim(g, " -\n") == ""
}

// nameHeads are nouns that end a multi-word proper name.
var nameHeads = map[string]bool{
	"council": true, "commission": true, "committee": true, "agenda": true, "programme": true, "program": true,
	"conference": true, "summit": true, "mission": true, "office": true, "fund": true, "bank": true,
	"organization": true, "organisation": true, "union": true, "community": true, "treaty": true, "agreement": true,
	"accord": true, "accords": true, "declaration": true, "strategy": true, "initiative": true, "group": true,
	"forum": true, "court": true, "tribunal": true, "assembly": true, "secretariat": true, "department": true,
	"ministry": true, "party": true, "front": true, "movement": true, "army": true, "goals": true,
	"framework": true, "plan": true, "charter": true, "convention": true, "protocol": true, "process": true,
	"architecture": true, "facility": true, "operation": true, "institute": true, "centre": true, "center": true,
	"network": true, "partnership": true, "platform": true, "zone": true, "compact": true, "roadmap": true,
	"decade": true, "nations": true, "states": true, "force": true, "forces": true, "team": true, "panel": true,
}

// actorHeads are name heads that make the name an actor.
var actorHeads = map[string]bool{
	"council": true, "commission": true, "committee": true, "court": true, "tribunal": true, "assembly": true,
	"secretariat": true, "party": true, "front": true, "movement": true, "army": true, "nations": true,
	"states": true, "force": true, "forces": true, "group": true, "government": true, "union": true,
	"organization": true, "organisation": true, "community": true, "mission": true, "panel": true, "team": true,
}

var nameGlue = map[string]bool{"of": true, "and": true, "for": true, "the": true, "on": true, "in": true, "to": true}

// markNames finds multi-word proper names (two or more capitalised words,
// possibly joined by of/and/for/the, ending in a name head such as
// "Council" or "Agenda") that are not organisations of the gazetteer.
// Words inside them are names, not cues or topic words.
func (a *analysis) markNames() {
	n := len(a.toks)
	a.inName = make([]bool, n)
	a.actor = make([]byte, n)
	for i := 0; i < n; {
		if !a.capital(i) || a.isTgt[i] || a.isOrg[i] {
			i++
			continue
		}
		j, caps, lastHead := i, 0, -1
		for j < n && !a.isTgt[j] && !a.isOrg[j] {
			if a.capital(j) {
				caps++
				if nameHeads[a.toks[j].low] {
					lastHead = j
				}
				j++
				continue
			}
			if nameGlue[a.toks[j].low] && j+1 < n && a.capital(j+1) && a.gapIsSpace(j) {
				j++
				continue
			}
			break
		}
		if caps >= 2 && lastHead >= 0 {
			kind := actNone
			if actorHeads[a.toks[lastHead].low] {
				kind = actOther
			}
			for k := i; k <= lastHead; k++ {
				a.inName[k] = true
				a.actor[k] = kind
			}
			i = lastHead + 1
			continue
		}
		i = max(j, i+1)
	}
}

// capital reports whether token i starts with an upper-case letter.
func (a *analysis) capital(i int) bool {
	c := a.s[a.toks[i].start]
	return c >= 'A' && c <= 'Z'
}

// markActors sets the actor of each token: organisations, the speaker,
// States named in the delegation table, and actor nouns.
func (a *analysis) markActors() {
	n := len(a.toks)
	for i := 0; i < n; i++ {
		switch {
		case a.isTgt[i]:
			a.actor[i] = actTarget
		case a.isOrg[i]:
			a.actor[i] = actOrg
		case a.inName[i]:
		case a.wc[i]&wSpk != 0 && (a.toks[i].low != "us" || a.s[a.toks[i].start] == 'u'):
			a.actor[i] = actSpeaker
		case a.capital(i):
			if end := a.stateAt(i); end > i {
				kind := actOther
				if a.selfReference(i, end) {
					kind = actSpeaker
				}
				for k := i; k < end; k++ {
					a.actor[k] = kind
				}
				i = end - 1
			}
		case a.wc[i]&wAct != 0:
			a.actor[i] = actOther
		}
	}
}

// selfAdverbs may stand between a State's name and its verb: "Ghana fully supports".
var selfAdverbs = map[string]bool{"also": true, "fully": true, "strongly": true, "firmly": true, "therefore": true,
	"further": true, "once": true, "again": true, "always": true, "highly": true, "warmly": true, "resolutely": true, "consistently": true}

// selfReference reports whether the State named by tokens [i, end) is the
// speaker naming itself: at the head of its clause, with a verb of stance
// or of saying in the present tense ("Israel welcomes the signature…",
// "Zambia remains committed…"), which in a statement to the Assembly or the
// Council is the speaker's own voice far more often than a report of
// another State's. The rule reads the sentence alone, never who speaks,
// so the same sentence gets the same reading from any speaker.
func (a *analysis) selfReference(i, end int) bool {
	j := i - 1
	if j >= 0 && a.toks[j].low == "the" {
		j--
	}
	if j >= 0 && a.clause[j] == a.clause[i] && !strings.Contains(a.s[a.toks[j].end:a.toks[j+1].start], ",") {
		return false
	}
	k := end
	for k < len(a.toks) && k < end+3 && selfAdverbs[a.toks[k].low] {
		k++
	}
	if k >= len(a.toks) {
		return false
	}
	w := a.toks[k].low
	if !strings.HasSuffix(w, "s") {
		return false
	}
	return a.wc[k]&(wRep|wStance) != 0 || w == "remains" || w == "stands" || w == "attaches" || w == "hopes"
}

// stateAt returns the end (exclusive) of the longest State name of up to
// five words starting at token i, or i when there is none.
func (a *analysis) stateAt(i int) int {
	n := len(a.toks)
	for l := min(5, n-i); l >= 1; l-- {
		end := i + l
		if !a.capital(end-1) || nameGlue[a.toks[end-1].low] {
			continue
		}
		ok := true
		for k := i; k < end; k++ {
			if a.isTgt[k] || a.isOrg[k] || (k > i && !a.gapIsSpace(k)) {
				ok = false
				break
			}
		}
		if ok && isStateName(a.s[a.toks[i].start:a.toks[end-1].end]) {
			return end
		}
	}
	return i
}

// markClauses numbers clauses: a semicolon, colon or dash, or a boundary
// word ("but", "while") starts a new one, and a clause opened by a
// subordinator ("While the OSCE has…,") ends at the next comma.
func (a *analysis) markClauses() {
	n := len(a.toks)
	a.clause = make([]int, n)
	cl, pendingSub := 0, false
	for i, t := range a.toks {
		if i > 0 {
			gap := a.s[a.toks[i-1].end:t.start]
			switch {
			case strings.ContainsAny(gap, ";:.?!") || strings.Contains(gap, "—") || strings.Contains(gap, " – "):
				cl++
				pendingSub = false
			case pendingSub && strings.Contains(gap, ","):
				cl++
				pendingSub = false
			case a.wc[i]&wBound != 0 && !a.idiomaticBut(i):
				cl++
			}
		}
		if a.wc[i]&wSub != 0 && (i == 0 || a.clause[i-1] != cl || strings.Contains(a.s[a.toks[i-1].end:t.start], ",")) {
			pendingSub = true
		}
		a.clause[i] = cl
	}
}

// butIdiom are the words after which "but" means "only" or "other
// than", and opens no clause: "is nothing but a military bloc", "none but
// the Council", "we cannot (could not, can't) but welcome". ("anything
// but" is left a boundary: it denies what follows.)
var butIdiom = map[string]bool{"nothing": true, "none": true, "cannot": true, "not": true}

// idiomaticBut reports whether token i is such a "but": right after one of
// butIdiom with nothing but spaces between ("nothing, but the OSCE…" is
// a contrast).
func (a *analysis) idiomaticBut(i int) bool {
	return i > 0 && a.toks[i].low == "but" && butIdiom[a.toks[i-1].low] &&
		strings.TrimSpace(a.s[a.toks[i-1].end:a.toks[i].start]) == ""
}

var relPronouns = map[string]bool{"which": true, "who": true, "whom": true, "whose": true}

var relPreps = map[string]bool{"with": true, "in": true, "of": true, "to": true, "for": true, "by": true,
	"through": true, "under": true, "on": true, "at": true, "from": true}

// markRelatives finds relative clauses set off by commas ("ASEAN, with
// which we have excellent relations, constitutes…"): their words belong to
// an aside, so a cue outside does not take its actor from inside.
func (a *analysis) markRelatives() {
	n := len(a.toks)
	a.rel = make([]int, n)
	id := 0
	for i := 1; i < n; i++ {
		if !strings.Contains(a.s[a.toks[i-1].end:a.toks[i].start], ",") {
			continue
		}
		w := a.toks[i].low
		if !relPronouns[w] && !(relPreps[w] && i+1 < n && relPronouns[a.toks[i+1].low]) {
			continue
		}
		id++
		for j := i; j < n && a.clause[j] == a.clause[i]; j++ {
			if j > i && strings.Contains(a.s[a.toks[j-1].end:a.toks[j].start], ",") {
				break
			}
			a.rel[j] = id
		}
	}
}

// aside reports whether token k is in a relative clause that token from is not in.
func (a *analysis) aside(k, from int) bool { return a.rel[k] != 0 && a.rel[k] != a.rel[from] }

// notNegating follow a negator that does not negate: "not only", "no doubt", "without delay" (and an idiomatic "but": "cannot but").
var notNegating = map[string]bool{"only": true, "doubt": true, "delay": true, "exception": true, "hesitation": true, "least": true}

func (a *analysis) markNegators() {
	n := len(a.toks)
	a.negator = make([]bool, n)
	for i := range a.toks {
		if a.wc[i]&wNeg == 0 || a.inName[i] {
			continue
		}
		if i+1 < n && (notNegating[a.toks[i+1].low] || a.idiomaticBut(i+1)) {
			continue
		}
		a.negator[i] = true
	}
}

// markDistances computes, in two linear sweeps, each token's distance to
// the nearest target token and whether that token lies to its right.
func (a *analysis) markDistances() {
	n := len(a.toks)
	a.dist = make([]int, n)
	a.tgtAfter = make([]bool, n)
	const far = 1 << 30
	last := -far
	for i := 0; i < n; i++ {
		if a.isTgt[i] {
			last = i
		}
		a.dist[i] = i - last
	}
	next := far
	for i := n - 1; i >= 0; i-- {
		if a.isTgt[i] {
			next = i
		}
		if d := next - i; d < a.dist[i] {
			a.dist[i], a.tgtAfter[i] = d, true
		}
		if a.dist[i] > far/2 {
			a.dist[i] = far
		}
	}
}

func (a *analysis) markTopic() {
	sec, dev := false, false
	for i := range a.toks {
		if a.inName[i] || a.isTgt[i] || a.isOrg[i] {
			continue
		}
		sec = sec || a.wc[i]&wSec != 0
		dev = dev || a.wc[i]&wDev != 0
	}
	switch {
	case sec:
		a.topic = cueSec
	case dev:
		a.topic = cueDev
	}
}

// blocked reports tokens cues may not match: organisation names and other proper names.
func (a *analysis) blocked(i int) bool { return a.isTgt[i] || a.isOrg[i] || a.inName[i] }

// findCues finds recognition, counter and neutral cues, longest first at
// each position, never across a clause boundary or into a name.
func (a *analysis) findCues(lx *lexicon) {
	n := len(a.toks)
	for i := 0; i < n; i++ {
		if a.blocked(i) {
			continue
		}
		var best *cue
		try := func(k *cue) {
			if a.matchAt(k, i) && (best == nil || len(k.words) > len(best.words)) {
				best = k
			}
		}
		for _, k := range lx.byFirst[a.toks[i].stem] {
			try(k)
		}
		for _, k := range lx.byWord[a.toks[i].low] {
			try(k)
		}
		if w := a.toks[i].low; len(w) >= 3 {
			for _, k := range lx.prefix[w[:3]] {
				try(k)
			}
		}
		if best == nil {
			continue
		}
		h := cueHit{cue: best, first: i, last: i + len(best.words) - 1, negToken: -1}
		if best.class != cueNeu {
			h.negToken = a.negatorBefore(i)
			h.negated = h.negToken >= 0
		}
		a.hits = append(a.hits, h)
		i = h.last
	}
}

func (a *analysis) matchAt(k *cue, i int) bool {
	if i+len(k.words) > len(a.toks) {
		return false
	}
	for j, w := range k.words {
		t := i + j
		if j > 0 && (a.clause[t] != a.clause[i] || a.blocked(t)) {
			return false
		}
		if !wordMatches(w, &a.toks[t]) {
			return false
		}
	}
	return true
}

// negScope is how many words after a negator its scope reaches; after a
// negated belief verb ("we do not believe…") it reaches cogScope words.
const (
	negScope = 4
	cogScope = 12
)

// negatorBefore finds the negator whose scope covers token i: in the same
// clause, with no comma in between, at most negScope words before (or
// cogScope words when a belief verb follows the negator), and not past
// "until" or "unless": in "we will not rest until we achieve EU
// membership" or "cannot succeed unless it cooperates with the OAU" what
// follows is the condition, not what is denied. (Stopping at every
// subordinator scored the same in grouped cross-validation but would also
// cut "not because…", where the reason is what is denied.) Negation is
// cancelled by a second negator before it ("would not conclude without
// commending"), by litotes ("cannot overemphasize", "cannot thank
// enough"), by "fail" or "cease" between it and the cue ("we cannot fail
// to commend", "has never ceased to support"), by "remiss" shortly before
// it ("we would be remiss if we did not acknowledge", "remiss of me not
// to thank": the "if" clause does not stop this look back) and in a
// clause opening with "how" or "why" ("How could we not congratulate the
// AU…").
func (a *analysis) negatorBefore(i int) int {
	for j := i - 1; j >= 0 && j >= i-cogScope; j-- {
		if a.clause[j] != a.clause[i] || strings.Contains(a.s[a.toks[j].end:a.toks[j+1].start], ",") {
			return -1
		}
		if w := a.toks[j].low; w == "until" || w == "unless" {
			return -1
		}
		if !a.negator[j] {
			continue
		}
		if i-j > negScope && !a.cogAfter(j, i) {
			continue
		}
		for k := j - 1; k >= 0 && k >= j-negScope && a.clause[k] == a.clause[j]; k-- {
			if a.negator[k] {
				return -1
			}
		}
		for k := j + 1; k <= i+1 && k < len(a.toks); k++ {
			if litotes(a.toks[k].low) || (k < i && emphaticAfterNegator(a.toks[k].low)) {
				return -1
			}
		}
		for k := j - 1; k >= 0 && k >= j-remissScope; k-- {
			if strings.HasPrefix(a.toks[k].low, "remiss") {
				return -1
			}
		}
		for k := j; k >= 0 && a.clause[k] == a.clause[j]; k-- {
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

// cogAfter reports whether a belief verb follows negator j closely, before token i.
func (a *analysis) cogAfter(j, i int) bool {
	for k := j + 1; k < i && k <= j+2; k++ {
		if a.wc[k]&wCog != 0 {
			return true
		}
	}
	return false
}

// remissScope is how many words before a negator "remiss" may stand:
// "would be remiss if we did not", "remiss of me not to".
const remissScope = 5

// emphaticAfterNegator reports verbs that, negated, affirm what follows
// them: "cannot fail to commend", "never ceased to support".
func emphaticAfterNegator(w string) bool {
	switch w {
	case "fail", "fails", "failed", "failing", "cease", "ceases", "ceased", "ceasing":
		return true
	}
	return false
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

// markReported finds a reporting verb whose subject is an actor other
// than the speaker ("The League of Arab States rejects…", "Armenia
// welcomed…") or that is passive with "by" an actor ("as condemned by the
// AU"): the cues after it in its clause report a stance the speaker does
// not take.
func (a *analysis) markReported() {
	n := len(a.toks)
	next := 0 // hits before it are settled
	for i := 0; i < n; i++ {
		if a.wc[i]&wRep == 0 || a.blocked(i) {
			continue
		}
		subj := false
		for k := i - 1; k >= 0 && k >= i-4 && a.clause[k] == a.clause[i]; k-- {
			if act := a.actor[k]; act != actNone {
				subj = act != actSpeaker
				break
			}
		}
		if !subj && i+2 < n && a.toks[i+1].low == "by" {
			k := i + 2
			if a.toks[k].low == "the" && k+1 < n {
				k++
			}
			subj = a.actor[k] != actNone && a.actor[k] != actSpeaker
		}
		if !subj {
			continue
		}
		if a.report < 0 {
			for k := i - 1; k >= 0 && k >= i-4 && a.clause[k] == a.clause[i]; k-- {
				if a.isTgt[k] {
					a.report = i
					break
				}
			}
		}
		// Hits are in text order: mark those from i to the clause's end,
		// each hit visited once over the whole sentence.
		for next < len(a.hits) && a.hits[next].first < i {
			next++
		}
		for k := next; k < len(a.hits) && a.clause[a.hits[k].first] == a.clause[i]; k++ {
			a.hits[k].reported = true
		}
	}
}

// propagateNegation: a negated recognition cue negates the recognition
// cues of its complement too: in "we cannot support a resolution
// recognizing the CSTO as a partner", "recognizing" and "partner" are
// under "cannot".
func (a *analysis) propagateNegation() {
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
}

// targetClause reports whether clause c holds a target mention (every
// clause does when the sentence names no target).
func (a *analysis) targetClause(c int) bool {
	if len(a.anchor) == 0 {
		return true
	}
	for _, i := range a.anchor {
		if a.clause[i] == c {
			return true
		}
	}
	return false
}

// actorRole maps the actor of token k (on the target's side of a cue) to a role.
func (a *analysis) actorRole(k int) string {
	switch a.actor[k] {
	case actTarget:
		if a.victimBefore(k) {
			return roleVictim
		}
		return roleTarget
	case actSpeaker:
		return roleSpeaker
	default:
		return roleOther
	}
}

// victimBefore reports whether the mention at token k is preceded by a
// preposition that makes it the one acted upon ("against the AU").
func (a *analysis) victimBefore(k int) bool {
	for k > 0 && a.actor[k-1] == a.actor[k] && a.isTgt[k-1] == a.isTgt[k] {
		k--
	}
	j := k - 1
	if j >= 0 && a.toks[j].low == "the" {
		j--
	}
	return j >= 0 && a.wc[j]&wVictim != 0
}

// maxScan is how many words a cue looks either side for its actor: far
// enough for any clause of real debate, and a bound on the work a run-on
// sentence costs.
const maxScan = 40

// attribute decides which actor a cue belongs to.
func (a *analysis) attribute(h *cueHit) string {
	c := a.clause[h.first]
	if !a.targetClause(c) {
		return roleOut
	}
	if h.reported {
		return roleReported
	}
	n := len(a.toks)
	// "NATO's expansion": the possessor.
	if f := h.first; f >= 2 && a.toks[f-1].low == "s" && a.actor[f-2] != actNone && a.clause[f-2] == c {
		if g := a.s[a.toks[f-2].end:a.toks[f-1].start]; g == "'" || g == "’" {
			return a.actorRole(f - 2)
		}
	}
	// "the expansion of NATO", "efforts by the AU".
	if j := h.last + 1; j+1 < n && (a.toks[j].low == "of" || a.toks[j].low == "by") && a.clause[j] == c {
		k := j + 1
		if a.toks[k].low == "the" && k+1 < n {
			k++
		}
		if a.actor[k] != actNone && a.clause[k] == c {
			return a.actorRole(k)
		}
	}
	left := -1
	for k := h.first - 1; k >= 0 && k >= h.first-maxScan && a.clause[k] == c; k-- {
		if a.actor[k] != actNone && !a.aside(k, h.first) {
			left = k
			break
		}
	}
	if left >= 0 && a.actor[left] != actTarget && a.addressed(left) {
		// "We call on all Member States to vote against…": the States
		// are asked; the stance is the one asking's.
		left = a.asker(left)
	}
	right, victim := a.rightGroup(h.last+1, c, h.first)
	switch {
	case left >= 0 && a.actor[left] == actSpeaker:
		switch {
		case right == actTarget && victim:
			return roleVictim
		case right == actTarget:
			return roleSpeaker
		case right != actNone:
			return roleOther
		}
		return roleSpeaker
	case left >= 0 && a.actor[left] == actTarget:
		return a.actorRole(left)
	case left >= 0:
		if right == actTarget && !victim {
			return roleOnTarget
		}
		return roleOther
	}
	switch {
	case right == actTarget && victim:
		return roleVictim
	case right == actTarget:
		return roleTarget
	case right != actNone:
		return roleOther
	}
	return roleGeneral
}

// directives are verbs by which a speaker asks others to act.
var directives = map[string]bool{"call": true, "calls": true, "called": true, "urge": true, "urges": true, "urged": true,
	"appeal": true, "appeals": true, "invite": true, "invites": true, "encourage": true, "encourages": true, "ask": true, "asks": true}

// addressed reports whether the actor at token k is the one a directive
// addresses: "calls on [all] [the] Member States", "urge the Council".
func (a *analysis) addressed(k int) bool {
	for k > 0 && a.actor[k-1] == a.actor[k] {
		k--
	}
	j := k - 1
	for j >= 0 && (a.toks[j].low == "the" || a.toks[j].low == "all" || a.toks[j].low == "member") {
		j--
	}
	if j >= 0 && (a.toks[j].low == "on" || a.toks[j].low == "upon" || a.toks[j].low == "to") {
		j--
	}
	return j >= 0 && directives[a.toks[j].low]
}

// asker returns the actor before the directive that addresses token k
// (the speaker, or whoever asks), or -1.
func (a *analysis) asker(k int) int {
	for j := k - 1; j >= 0 && j >= k-maxScan && a.clause[j] == a.clause[k]; j-- {
		if a.actor[j] != actNone && a.actor[j] != a.actor[k] {
			return j
		}
	}
	return -1
}

// rightGroup finds the first group of actors after token from in clause
// c (actors joined by "and", "or", commas, "the", "between", "with"): it
// returns actTarget when the target is among them, else the first actor's
// kind, and whether a victim preposition introduces the group.
func (a *analysis) rightGroup(from, c, cue int) (byte, bool) {
	n := min(len(a.toks), from+maxScan)
	k := from
	for k < n && a.clause[k] == c && (a.actor[k] == actNone || a.aside(k, cue)) {
		k++
	}
	if k >= n || a.clause[k] != c {
		return actNone, false
	}
	victim := false
	j := k - 1
	if j >= from && a.toks[j].low == "the" {
		j--
	}
	if j >= from && a.wc[j]&wVictim != 0 {
		victim = true
	}
	first := a.actor[k]
	for ; k < n && a.clause[k] == c; k++ {
		if a.actor[k] == actTarget {
			return actTarget, victim
		}
		if a.actor[k] != actNone {
			continue
		}
		switch a.toks[k].low {
		case "and", "or", "the", "between", "with", "its", "their":
			continue
		}
		break
	}
	return first, victim
}

// contrastIntro reports whether the first target mention is introduced by
// a contrast cue ("Unlike NATO, …", "contrary to the OSCE").
func (a *analysis) contrastIntro(lx *lexicon) bool {
	if len(a.anchor) == 0 {
		return false
	}
	i := a.anchor[0] - 1
	if i >= 0 && a.toks[i].low == "the" {
		i--
	}
	for _, words := range lx.contrast {
		st := i - len(words) + 1
		if st < 0 {
			continue
		}
		ok := true
		for j, w := range words {
			if a.toks[st+j].low != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// inList reports whether the target stands in a list: three or more
// organisations named, or another actor joined to the target by a comma,
// "and" or "or" on both sides.
func (a *analysis) inList() bool {
	orgs := 0
	for i := range a.toks {
		if (a.isOrg[i] || a.isTgt[i]) && (i == 0 || a.actor[i-1] != a.actor[i]) {
			orgs++
		}
	}
	if orgs >= 3 {
		return true
	}
	for _, i := range a.anchor {
		j := i
		for j+1 < len(a.toks) && a.isTgt[j+1] {
			j++
		}
		l, r := a.joinedActor(i-1, -1), a.joinedActor(j+1, 1)
		if l && r {
			return true
		}
	}
	return false
}

// joinedActor reports whether, stepping from token k in direction dir over
// "and", "or", "the" and commas, the next word is another actor's.
func (a *analysis) joinedActor(k, dir int) bool {
	for k >= 0 && k < len(a.toks) {
		switch a.toks[k].low {
		case "and", "or", "the":
			k += dir
			continue
		}
		return a.actor[k] == actOrg || a.actor[k] == actOther
	}
	return false
}
