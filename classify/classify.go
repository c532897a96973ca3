// Package classify finds regional and subregional organisations named in
// UN meeting records and labels each (sentence, organisation) pair with the
// speaker's stance toward the organisation as a peace and security actor:
// recognition, counter or neutral, as ../shared/stance/CODEBOOK.md defines
// them.
//
// It reads three tables that anyone can read and correct: the organisations
// and their names (un/organisations.tsv) and membership with join and leave
// dates (un/membership.tsv), both in package un, and its own cue lexicon of
// the readable baseline (lexicon.tsv); and it ships one trained model (model.json), a
// multinomial logistic regression over words, cues, averaged word vectors
// (vectors.bin.gz) and target-relative features that `unpv classify train`
// rebuilds deterministically from the labelled pairs of classify/data: the
// dev sets and the training-only sets (DevFiles, ExtraFiles).
package classify

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

//go:embed model.json
var modelJSON []byte

// Classifier labels stances with a model, the gazetteer, the membership
// tables and the lexicon. It is safe for concurrent use.
type Classifier struct {
	gaz     *gazetteer
	lex     *lexicon
	model   *Model
	vec     *Vectors // the word vectors the model was trained with, or nil
	version string
}

var (
	defaultOnce sync.Once
	defaultC    *Classifier
	defaultErr  error
)

// Default returns the classifier with the shipped model (embedded), loaded once.
func Default() (*Classifier, error) {
	defaultOnce.Do(func() {
		var m *Model
		m, defaultErr = UnmarshalModel(modelJSON)
		if defaultErr != nil {
			return
		}
		defaultC, defaultErr = New(m)
	})
	return defaultC, defaultErr
}

var (
	tablesOnce sync.Once
	tGaz       *gazetteer
	tMembers   memberships
	tLex       *lexicon
	tErr       error
)

func loadTables() error {
	tablesOnce.Do(func() {
		tGaz, tMembers = newGazetteer(un.OrganisationTable()), loadMemberships()
		tLex, tErr = parseLexicon(lexiconTSV)
	})
	return tErr
}

// New returns a classifier using model m and the embedded tables. A nil
// model gives the lexicon baseline alone.
func New(m *Model) (*Classifier, error) {
	if err := loadTables(); err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	c := &Classifier{gaz: tGaz, lex: tLex, model: m}
	if m != nil && m.Reading != "" && m.Reading != readingID() {
		return nil, fmt.Errorf("classify: %w: it was trained on sentences read as %s, and this unpv reads them as %s (%s and its lexicon): retrain it with this unpv ('unpv classify train')", ErrStaleModel, m.Reading, readingID(), rulesVersion)
	}
	if m != nil && m.Vectors != "" {
		v, err := defaultVectors()
		if err != nil {
			return nil, fmt.Errorf("classify: %w", err)
		}
		if v == nil || vectorsID(v) != m.Vectors {
			return nil, fmt.Errorf("classify: the model was trained with word vectors %s, which are not the ones built in", m.Vectors)
		}
		c.vec = v
	}
	h := sha256.New()
	for _, part := range []string{gazetteerTSV, un.MembershipTSV(), lexiconTSV, rulesVersion} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	if m != nil {
		// The reading is already hashed above (the tables and rules):
		// recording it in the model file does not change the version, nor
		// do the hand pairs it lists.
		b, err := marshalModel(m, false)
		if err != nil {
			return nil, err
		}
		h.Write(b)
	} else {
		h.Write([]byte("lexicon-baseline"))
	}
	c.version = "stance-" + hex.EncodeToString(h.Sum(nil))[:12]
	return c, nil
}

// ErrStaleModel is a model trained on features this unpv no longer makes
// (another lexicon, gazetteer or reading rules): its labels would be
// wrong without any error, so New refuses it.
var ErrStaleModel = errors.New("the model was trained for another version of the reading rules")

// readingID identifies what turns a sentence into features: the
// gazetteer, the lexicon and the reading rules (not the membership tables,
// which give a stance's relation, never its label).
var readingID = sync.OnceValue(func() string {
	h := sha256.New()
	for _, part := range []string{gazetteerTSV, lexiconTSV, rulesVersion} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "reading-" + hex.EncodeToString(h.Sum(nil))[:12]
})

// Version identifies the model, gazetteer, membership tables and lexicon;
// it changes whenever any of them changes, so the pipeline knows to
// classify again.
func (c *Classifier) Version() string { return c.version }

// Organisations lists the organisations of the gazetteer in its order
// (un.Organisations).
func Organisations() []unpv.Organisation { return un.Organisations() }

// Canonical maps an organisation's acronym or name, in any case ("osce",
// "African Union", "ODKB"), to its canonical acronym
// (un.CanonicalOrganisation).
func Canonical(name string) (string, bool) { return un.CanonicalOrganisation(name) }

// IsMember reports whether the delegation (ISO 3166-1 alpha-3 code) was a
// member of org on date: an ISO date, "2018" (read as the September general
// debate of that year) or "8 January 2020". With no readable date it
// reports whether the delegation was ever a member (un.IsMember).
func IsMember(delegationCode, org, date string) bool { return un.IsMember(delegationCode, org, date) }

// Relation tells whether the speaker is the organisation itself, a member
// on the date, or a third party; "" when the speaker is unknown or there is
// no membership table for org.
func (c *Classifier) Relation(delegationCode, org, date string) unpv.Relation {
	return c.relation(delegationCode, org, date)
}

// Speech finds organisation mentions in each sentence of a speech
// (coreference like "the Organization" resolved within the speech), and
// classifies each (sentence, target) pair once per distinct target. The
// relation comes from sp.DelegationCode (else the delegation or speaker
// label as printed) and sp.Date.
func (c *Classifier) Speech(sp unpv.Speech, sents []unpv.Sentence) ([]unpv.Mention, []unpv.Stance) {
	var mentions []unpv.Mention
	var stances []unpv.Stance
	r := resolver{g: c.gaz}
	var buf []mention
	code := sp.DelegationCode
	if code == "" { // fall back on the delegation or speaker label as printed
		if code = DelegationCode(sp.Delegation); code == "" {
			code = DelegationCode(sp.Speaker)
		}
	}
	for _, s := range sents {
		s.Text = bounded(s.Text)
		buf = r.sentence(s.Text, buf[:0])
		if len(buf) == 0 {
			continue
		}
		for _, m := range buf {
			mentions = append(mentions, unpv.Mention{SentenceID: s.ID, Target: m.org,
				Surface: s.Text[m.start:m.end], Start: m.start, End: m.end, Coref: m.coref})
		}
		for _, t := range targets(buf) {
			st := c.classify(s.Text, buf, t, code, sp.Date)
			st.SentenceID = s.ID
			stances = append(stances, st)
		}
	}
	return mentions, stances
}

// targets lists the distinct organisations of ms in order of first mention.
func targets(ms []mention) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.org] {
			seen[m.org] = true
			out = append(out, m.org)
		}
	}
	return out
}

// Bounded reports whether the classifier reads all of sentence: a
// sentence longer than unpv.MaxSentenceBytes (run-on text the segmenter
// did not split, a line of --in) is read up to the last space before that
// length, so that the work on one sentence stays bounded.
func Bounded(sentence string) bool { return len(sentence) <= unpv.MaxSentenceBytes }

// bounded cuts sentence to what the classifier reads (see Bounded).
func bounded(s string) string {
	if len(s) <= unpv.MaxSentenceBytes {
		return s
	}
	cut := unpv.MaxSentenceBytes
	if i := strings.LastIndexByte(s[:cut], ' '); i > 0 {
		cut = i
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// ErrUnknownTarget is returned by Sentence for a target that is not an
// organisation of un's table.
var ErrUnknownTarget = errors.New("unknown target")

// Sentence classifies one sentence the way Speech classifies a speech's
// sentences: for target (acronym or name) when given, else once for each
// organisation the sentence names, in order of first mention. The
// speaker's delegation code, for the relation, is the first of speaker's
// descriptions (a code, a delegation or a label as printed) that
// un.SpeakerCode resolves.
func (c *Classifier) Sentence(sentence, target, date string, speaker ...string) ([]unpv.Stance, error) {
	return c.SentenceInContext(sentence, nil, target, date, speaker...)
}

// SentenceInContext classifies sentence as Sentence does, reading context
// first (the sentences before it in its speech, in order; nil for none), as
// Speech reads a speech and cross-validation a pair with its Context: an
// anaphor ("the Organization", "the Alliance") then resolves to an
// organisation the context names, as it did when the pipeline labelled the
// sentence. Speech resolves from up to corefWindow sentences before, through
// anaphors they resolved in turn, so the speech's sentences up to this one
// give its stored label; the sentence before alone gives it for most.
func (c *Classifier) SentenceInContext(sentence string, context []string, target, date string, speaker ...string) ([]unpv.Stance, error) {
	code := un.SpeakerCode(speaker...)
	var t string
	if target != "" {
		var ok bool
		if t, ok = un.CanonicalOrganisation(target); !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownTarget, target)
		}
	}
	// One reading of the sentence for all its organisations, as Speech does.
	s := bounded(sentence)
	ms := c.mentionsAfter(s, context)
	if t != "" {
		if ct, ok := c.gaz.canonical(t); ok {
			t = ct
		}
		return []unpv.Stance{c.classify(s, ms, t, code, date)}, nil
	}
	var out []unpv.Stance
	for _, t := range targets(ms) {
		out = append(out, c.classify(s, ms, t, code, date))
	}
	return out, nil
}

// mentionsAfter finds the organisations a bounded sentence names, its
// anaphors resolved through the sentences before it (context, in order;
// bounded here), as Speech resolves them.
func (c *Classifier) mentionsAfter(sentence string, context []string) []mention {
	r := resolver{g: c.gaz}
	for _, cs := range context {
		r.sentence(bounded(cs), nil)
	}
	return r.sentence(sentence, nil)
}

// Mentions finds the organisations named in one sentence, coreference
// resolved within it and through the sentences before it given as
// context, in order ("the Organization" after a sentence naming the AU).
func (c *Classifier) Mentions(sentence string, context ...string) []unpv.Mention {
	sentence = bounded(sentence)
	var out []unpv.Mention
	for _, m := range c.mentionsAfter(sentence, context) {
		out = append(out, unpv.Mention{Target: m.org, Surface: sentence[m.start:m.end], Start: m.start, End: m.end, Coref: m.coref})
	}
	return out
}

// Classify labels one sentence for one target (acronym or name);
// speakerCode (delegation code) and date are optional and feed the
// relation. A target the sentence does not name is still classified, from
// the sentence as a whole.
func (c *Classifier) Classify(sentence, target, speakerCode, date string) unpv.Stance {
	sentence = bounded(sentence)
	if t, ok := c.gaz.canonical(target); ok {
		target = t
	}
	return c.classify(sentence, c.mentionsAfter(sentence, nil), target, speakerCode, date)
}

// Baseline labels one pair with the cue lexicon alone.
func (c *Classifier) Baseline(sentence, target string) unpv.Stance {
	sentence = bounded(sentence)
	a := c.lex.analyse(sentence, c.mentionsAfter(sentence, nil), target)
	return c.baselineStance(a, target)
}

func (c *Classifier) baselineStance(a *analysis, target string) unpv.Stance {
	l, conf, st, en := a.baseline()
	label := map[string]unpv.Label{cueRec: unpv.Recognition, cueCtr: unpv.Counter, cueNeu: unpv.Neutral}[l]
	return unpv.Stance{Target: target, Label: label, Confidence: round3(conf),
		Evidence: c.evidenceOr(a, st, en), Model: "lexicon-" + c.version}
}

func (c *Classifier) classify(sentence string, ms []mention, target, speaker, date string) unpv.Stance {
	a := c.lex.analyse(sentence, ms, target)
	rel := c.relation(speaker, target, date)
	if c.model == nil {
		st := c.baselineStance(a, target)
		st.Relation = rel
		return st
	}
	fs := featurise(a, c.model, c.vec)
	k, conf, st, en := decide(c.model, a, fs)
	return unpv.Stance{Target: target, Label: classes[k], Confidence: round3(conf),
		Evidence: c.evidenceOr(a, st, en), Relation: rel, Model: c.version}
}

// decide picks the model's most probable class, leaving a counter label
// below abstainBelow for neutral, with two rules on top: an explicit
// negated endorsement of the target ("we cannot support a resolution
// recognizing the CSTO") and a delegitimising cue next to it ("the
// so-called CSTO peacekeepers", "a vehicle for hegemony", "vote against")
// are counter, as the codebook says, although the dev set has too few such
// sentences (and almost no counter pairs outside NATO) for the model to
// learn them.
func decide(m *Model, a *analysis, fs []feat) (k int, conf float64, st, en int) {
	p := m.probs(fs)
	for j := range p {
		if p[j] > p[k] {
			k = j
		}
	}
	if h, ok := a.negatedEndorsement(); ok && (classes[k] != unpv.Counter || p[k] < abstainBelow) {
		// The rule's confidence: the model's, but at least ruleConfidence.
		st, en = a.span(h.negToken, h.last)
		return classIndex(unpv.Counter), math.Max(p[classIndex(unpv.Counter)], ruleConfidence), st, en
	}
	if h, ok := a.delegitimization(); ok && (classes[k] != unpv.Counter || p[k] < abstainBelow) {
		st, en = a.span(h.first, h.last)
		return classIndex(unpv.Counter), math.Max(p[classIndex(unpv.Counter)], ruleConfidence), st, en
	}
	// Codebook rule 5: in doubt between neutral and a polar label,
	// neutral. Applied to counter only: the probabilities come from labels
	// already made under rule 5, and applying it again to recognition
	// cost recognition recall in every partition of the grouped CV.
	if n := classIndex(unpv.Neutral); classes[k] == unpv.Counter && p[k] < abstainBelow {
		k = n
	}
	st, en = m.evidence(fs, k)
	return k, p[k], st, en
}

// abstainBelow is the probability under which a counter label gives way
// to neutral (codebook rule 5), chosen by the cross-validation grouped by
// delegation (docs/benchmarks.md#classify: 0.34, 0.4, 0.5 and 0.6 tried
// for both polar labels; then 0, 0.42 and 0.5 for recognition alone, over
// four partitions and checked on four more).
const abstainBelow = 0.5

// ruleConfidence is the least confidence given to a label the
// negated-endorsement rule sets; no labelled data measure it.
const ruleConfidence = 0.6

// evidenceOr returns the evidence span, or the target's first mention when
// nothing in the sentence argued for the label.
func (c *Classifier) evidenceOr(a *analysis, st, en int) string {
	if e := evidenceText(a.s, st, en); e != "" {
		return e
	}
	if len(a.anchor) > 0 {
		i := a.anchor[0]
		j := i
		for j+1 < len(a.toks) && a.isTgt[j+1] {
			j++
		}
		return evidenceText(a.s, a.toks[i].start, a.toks[j].end)
	}
	return ""
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Contribution is one feature's push toward the label the model chose:
// its value times its weight for that label, minus the largest of its
// weights for the other labels.
type Contribution struct {
	Feature string  `json:"feature"` // e.g. "lx:rec:spk", "nl:commend"
	Span    string  `json:"span,omitempty"`
	Value   float64 `json:"value"`
}

// Explain classifies like Classify (after the sentences before it given
// as context, in order, as SentenceInContext) and lists the n features
// that pushed hardest toward the chosen label (negative values pushed away
// from it).
func (c *Classifier) Explain(sentence, target, speakerCode, date string, n int, context ...string) (unpv.Stance, []Contribution) {
	sentence = bounded(sentence)
	if t, ok := c.gaz.canonical(target); ok {
		target = t
	}
	ms := c.mentionsAfter(sentence, context)
	st := c.classify(sentence, ms, target, speakerCode, date)
	if c.model == nil {
		return st, nil
	}
	a := c.lex.analyse(sentence, ms, target)
	fs := featurise(a, c.model, c.vec)
	k := classIndex(st.Label)
	var out []Contribution
	for _, f := range fs {
		w := c.model.Weights[f.name]
		o := math.Inf(-1)
		for j := range w {
			if j != k {
				o = math.Max(o, w[j])
			}
		}
		out = append(out, Contribution{Feature: f.name, Span: evidenceText(sentence, f.start, f.end), Value: round3(f.val * (w[k] - o))})
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].Value) > math.Abs(out[j].Value) })
	if len(out) > n {
		out = out[:n]
	}
	return st, out
}

// CueHit is one lexicon cue found in a sentence, read for one target.
type CueHit struct {
	Cue     string `json:"cue"`   // as listed in lexicon.tsv
	Class   string `json:"class"` // rec, ctr or neu, before negation
	Verb    bool   `json:"verb,omitempty"`
	Strong  bool   `json:"strong,omitempty"`
	Negated bool   `json:"negated,omitempty"`
	// Role is whose the cue is: tgt (the target does or is it), spk (the
	// speaker says it of the target), o2t (another actor does it to the
	// target), oth (another actor's), vic (done to the target), gen (no
	// actor in the target's clause), out (another clause), rep (a
	// reported stance).
	Role string `json:"role"`
	Span string `json:"span"`
}

// Cues lists the lexicon cues of a sentence as read for target, with the
// actor each belongs to: what the baseline counts and the model weighs.
func (c *Classifier) Cues(sentence, target string) []CueHit {
	sentence = bounded(sentence)
	if t, ok := c.gaz.canonical(target); ok {
		target = t
	}
	r := resolver{g: c.gaz}
	a := c.lex.analyse(sentence, r.sentence(sentence, nil), target)
	out := make([]CueHit, len(a.hits))
	for i, h := range a.hits {
		st, en := a.span(h.first, h.last)
		out[i] = CueHit{Cue: h.cue.text, Class: h.cue.class, Verb: h.cue.verb, Strong: h.cue.strong, Negated: h.negated,
			Role: h.role, Span: sentence[st:en]}
	}
	return out
}
