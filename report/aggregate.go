package report

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/oneline"
	"github.com/unpv/unpv/un"
)

// acc accumulates one cell of one table.
type acc struct {
	r, c, n, building, endorse, nonState, unattr, counterMember int
	hand                                                        int // rows whose label is hand-coded
	// Per speech: interned id, R − C, R, and sentences. Most cells hold a
	// few speeches, so lookups scan sp and only large cells build spIndex.
	sp, d, rr, m                     []int32
	spIndex                          map[int32]int32
	lastSpeech, lastIdx, lastMeeting int32
	meetings                         []int32 // distinct, same scheme
	mtIndex                          map[int32]struct{}
	first, last                      string
	quotes                           [len(unpv.Labels)][]*Row // top quotes per label, in unpv.Labels order
	relations                        uint8                    // bit set of relationOrder
	stats                            Stats
}

func newAcc() *acc { return &acc{} }

// smallScan is the size up to which a linear scan beats a map.
const smallScan = 16

func (x *acc) speechIndex(speech int32) int32 {
	if x.spIndex != nil {
		if i, ok := x.spIndex[speech]; ok {
			return i
		}
	} else {
		for i, s := range x.sp {
			if s == speech {
				return int32(i)
			}
		}
	}
	i := int32(len(x.sp))
	x.sp = append(x.sp, speech)
	x.d = append(x.d, 0)
	x.rr = append(x.rr, 0)
	x.m = append(x.m, 0)
	switch {
	case x.spIndex != nil:
		x.spIndex[speech] = i
	case len(x.sp) > smallScan:
		x.spIndex = make(map[int32]int32, 2*len(x.sp))
		for j, s := range x.sp {
			x.spIndex[s] = int32(j)
		}
	}
	return i
}

func (x *acc) addMeeting(meeting int32) {
	if x.mtIndex != nil {
		if _, ok := x.mtIndex[meeting]; ok {
			return
		}
		x.mtIndex[meeting] = struct{}{}
		x.meetings = append(x.meetings, meeting)
		return
	}
	for _, m := range x.meetings {
		if m == meeting {
			return
		}
	}
	x.meetings = append(x.meetings, meeting)
	if len(x.meetings) > smallScan {
		x.mtIndex = make(map[int32]struct{}, 2*len(x.meetings))
		for _, m := range x.meetings {
			x.mtIndex[m] = struct{}{}
		}
	}
}

// who is whom a row is counted for: a delegation code, or, for a speaker
// without one, the group (un.SpeakerGroup) the speaker falls in. Reports
// never count a person as a delegation.
type who struct {
	code  string
	group un.Group
}

type aggregator struct {
	opts        Options
	speechIDs   map[string]int32
	speechNames []string
	meetingIDs  map[string]int32

	targets, delegs map[string]bool // filters, folded
	seen            map[string]bool // with filters: "t:" targets and "d:" delegations the rows hold, folded
	orgCase         map[string]string

	total     *acc
	cells     map[cellKey]*acc
	pairs     map[pairKey]*acc
	points    map[pointKey]*acc
	orgs      map[string]*acc
	dels      map[who]*acc
	delPoints map[delPointKey]*acc // delegation × organisation × period × body, for the delegation pages

	// The sentences counted, and each delegation's: the accumulators count
	// (sentence, organisation) pairs, and a sentence naming two
	// organisations is two of them (Report.DistinctSentences). A sentence
	// maps to the first delegation it was counted for (its number in
	// sentenceDelIdx: a map keyed by who as well took 16% more memory over
	// 350,000 rows); rows of it under another delegation, a slip of a file,
	// go to otherSentences, so every (delegation, sentence) counts once
	// whatever the order of the rows.
	sentences      map[string]int32
	sentenceDelIdx map[who]int32
	otherSentences map[delSentence]struct{}
	delDistinct    map[who]int

	periodKey map[string]string
	delNames  map[who]map[string]int
	delRoles  map[who]map[unpv.Role]int
	held      map[heldKey]*Coverage // what the corpus holds per period × body (× delegation)
	models    map[string]bool
	byModel   map[string]int // the classifier's labels counted (not hand-coded), by model version

	badLabel, noRelation, resolvedCodes, resolvedRelations, anonymous, noMeeting, noTarget, lowConfidence int
	handChanged, handAdded                                                                                int
	codeCache                                                                                             map[string]string
	printedCodes                                                                                          map[string]string // printedCode's cache
}

func newAggregator(opts Options) *aggregator {
	a := &aggregator{
		opts:           opts,
		speechIDs:      map[string]int32{},
		meetingIDs:     map[string]int32{},
		total:          newAcc(),
		cells:          map[cellKey]*acc{},
		pairs:          map[pairKey]*acc{},
		points:         map[pointKey]*acc{},
		orgs:           map[string]*acc{},
		dels:           map[who]*acc{},
		delPoints:      map[delPointKey]*acc{},
		sentences:      map[string]int32{},
		sentenceDelIdx: map[who]int32{},
		otherSentences: map[delSentence]struct{}{},
		delDistinct:    map[who]int{},
		periodKey:      map[string]string{},
		delNames:       map[who]map[string]int{},
		delRoles:       map[who]map[unpv.Role]int{},
		held:           map[heldKey]*Coverage{},
		models:         map[string]bool{},
		byModel:        map[string]int{},
		orgCase:        map[string]string{},
		codeCache:      map[string]string{},
	}
	if len(opts.Targets) > 0 {
		a.targets = map[string]bool{}
		for _, t := range opts.Targets {
			// A name ("Council of Europe") stands for the acronym rows carry.
			if acr, ok := un.CanonicalOrganisation(t); ok {
				t = acr
			}
			a.targets[strings.ToUpper(strings.TrimSpace(t))] = true
		}
	}
	if len(opts.Delegations) > 0 {
		a.delegs = map[string]bool{}
		for _, d := range opts.Delegations {
			a.delegs[fold(d)] = true
			// A name the delegation table knows stands for its code too:
			// "Russian Federation" must also keep the rows printed "Russia".
			if del, ok := un.LookupDelegation(d); ok {
				a.delegs[fold(del.Code)] = true
			}
		}
	}
	if a.targets != nil || a.delegs != nil {
		a.seen = map[string]bool{}
	}
	return a
}

// unknownFilter returns an error wrapping ErrUnknownFilter for the first
// --target or --delegation value that names nothing: neither an
// organisation or delegation of un's tables nor a value the rows hold.
func (a *aggregator) unknownFilter() error {
	for _, t := range a.opts.Targets {
		if _, ok := un.CanonicalOrganisation(t); !ok && !a.seen["t:"+strings.ToUpper(strings.TrimSpace(t))] {
			return fmt.Errorf("report: %w: organisation %q: not an organisation of un/organisations.tsv (an acronym such as AU or CSTO, or its name), nor a target of the data", ErrUnknownFilter, t)
		}
	}
	for _, d := range a.opts.Delegations {
		if _, ok := un.LookupDelegation(d); !ok && !a.seen["d:"+fold(d)] {
			return fmt.Errorf("report: %w: delegation %q: not a delegation code or name in un/delegations.tsv (a code such as RUS, or a name as records print it, such as \"Russian Federation\"), nor a delegation of the data", ErrUnknownFilter, d)
		}
	}
	return nil
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// speakerOf is whom a row is counted for: its delegation code, or the
// group of a speaker without one.
func speakerOf(r *Row) who {
	g := un.SpeakerGroup(r.DelegationCode, r.Role)
	if r.DelegationCode == "" {
		return who{group: g}
	}
	return who{code: r.DelegationCode, group: g}
}

func (a *aggregator) keep(r *Row) bool {
	if a.targets != nil && !a.targets[strings.ToUpper(r.Target)] {
		return false
	}
	if a.delegs != nil && !a.delegs[fold(r.DelegationCode)] && !a.delegs[fold(r.Delegation)] && !a.delegs[fold(a.printedCode(r.Delegation))] {
		return false
	}
	if a.opts.Body != "" && !strings.EqualFold(string(r.Body), string(a.opts.Body)) {
		return false
	}
	return inRange(r.Date, a.opts.From, a.opts.To)
}

// printedCode is the table's code of a delegation name as printed, "" if
// the table does not know it. A row is kept for the code its name has as
// well as for its own: a corpus files a row under its own code, which need
// not be the table's (a store that imported the General Debate Corpus
// before corpora.PlaceStatement holds the Soviet Union's statements under
// RUS until its next run), and the filter reads every name of a code alike. Of
// the Soviet Union's names "Union of Soviet Socialist Republics" kept the
// rows printed so, USSR those printed USSR and "Soviet Union" or SUN none.
func (a *aggregator) printedCode(printed string) string {
	if printed == "" {
		return ""
	}
	code, ok := a.printedCodes[printed]
	if !ok {
		if a.printedCodes == nil {
			a.printedCodes = map[string]string{}
		}
		if del, found := un.LookupDelegation(printed); found {
			code = del.Code
		}
		a.printedCodes[printed] = code
	}
	return code
}

// add counts one stance row in every table it belongs to.
func (a *aggregator) add(r *Row) {
	r = normaliseRow(r)
	if r.Target == "" {
		// A sentence naming no organisation (`unpv classify --in` writes
		// it back with no_organisation): nothing to count it toward.
		a.noTarget++
		return
	}
	r, resolved := a.resolveCode(r)
	if a.seen != nil {
		a.seen["t:"+strings.ToUpper(r.Target)] = true
		a.seen["d:"+fold(r.DelegationCode)] = true
		a.seen["d:"+fold(r.Delegation)] = true
	}
	if !a.keep(r) {
		return
	}
	if r.Label.Index() < 0 {
		a.badLabel++
		return
	}
	if r.Confidence < a.opts.MinConfidence && !r.Hand { // a researcher's label is certain
		a.lowConfidence++
		return
	}
	if resolved {
		a.resolvedCodes++
	}
	if r.Model != "" {
		a.models[r.Model] = true
		if !r.Hand {
			a.byModel[r.Model]++
		}
	}
	if r.Hand && r.ModelLabel == "" {
		a.handAdded++
	} else if r.Hand && r.ModelLabel != r.Label {
		a.handChanged++
	}
	r, rel := a.resolveRelation(r)
	org := a.canonOrg(r.Target)
	del := speakerOf(r)
	period := a.notePeriod(r)
	a.noteDelegation(del, r)
	speech := a.speechID(r)
	meeting := a.meetingID(r, speech)

	a.noteSentence(del, r, speech)
	quote := a.opts.Quotes
	a.total.add(r, rel, del.group, speech, meeting, 0)
	get(a.cells, cellKey{del, org, period, rel}).add(r, rel, del.group, speech, meeting, quote)
	get(a.pairs, pairKey{del, org}).add(r, rel, del.group, speech, meeting, quote)
	get(a.points, pointKey{org, period, r.Body}).add(r, rel, del.group, speech, meeting, 0)
	get(a.orgs, org).add(r, rel, del.group, speech, meeting, quote)
	get(a.dels, del).add(r, rel, del.group, speech, meeting, 0)
	if del.group.IsDelegation() {
		// The delegation pages draw their quotes from the pairs: none kept here.
		get(a.delPoints, delPointKey{del.code, org, period, r.Body}).add(r, rel, del.group, speech, meeting, 0)
	}
}

// delSentence is a sentence of a delegation's (its speaker's key and the
// sentence's).
type delSentence struct {
	del      who
	sentence string
}

// noteSentence counts the row's sentence once, for the report and for its
// delegation, whatever the number of organisations it names. A row without
// a sentence id (read from a file) is its speech's sentence of that text.
func (a *aggregator) noteSentence(del who, r *Row, speech int32) {
	key := r.SentenceID
	if key == "" {
		key = a.speechNames[speech] + "\x00" + r.Sentence
	}
	d, ok := a.sentenceDelIdx[del]
	if !ok {
		d = int32(len(a.sentenceDelIdx))
		a.sentenceDelIdx[del] = d
	}
	first, seen := a.sentences[key]
	switch {
	case !seen:
		a.sentences[key] = d
		a.delDistinct[del]++
	case first != d:
		if _, ok := a.otherSentences[delSentence{del, key}]; !ok {
			a.otherSentences[delSentence{del, key}] = struct{}{}
			a.delDistinct[del]++
		}
	}
}

// resolveCode gives a row without a delegation code the one
// Options.DelegationCode finds from its delegation or speaker label (on a
// copy: the caller's rows stay untouched).
func (a *aggregator) resolveCode(r *Row) (*Row, bool) {
	if r.DelegationCode != "" || a.opts.DelegationCode == nil {
		return r, false
	}
	for _, label := range []string{r.Delegation, r.Speaker} {
		if label == "" {
			continue
		}
		code, ok := a.codeCache[label]
		if !ok {
			code = a.opts.DelegationCode(label)
			a.codeCache[label] = code
		}
		if code != "" {
			rc := *r
			rc.DelegationCode = code
			return &rc, true
		}
	}
	return r, false
}

// resolveRelation returns the row's relation, working it out (the
// organisation itself, else Options.Relation) when the row has none, and
// the row as counted, carrying that relation so its quotes show it.
func (a *aggregator) resolveRelation(r *Row) (*Row, unpv.Relation) {
	if r.Relation != "" {
		return r, r.Relation
	}
	var rel unpv.Relation
	switch {
	case r.DelegationCode != "" && strings.EqualFold(r.DelegationCode, r.Target):
		rel = unpv.RelSelf
	case a.opts.Relation != nil && r.DelegationCode != "":
		rel = a.opts.Relation(r.DelegationCode, r.Target, r.Date)
	}
	if rel != "" {
		a.resolvedRelations++
	} else {
		a.noRelation++
		rel = RelUnknown
	}
	rc := *r
	rc.Relation = rel
	return &rc, rel
}

// notePeriod returns the row's period, remembering its sort key: a
// meeting's resumptions may fall on later days, and it sorts by its first.
func (a *aggregator) notePeriod(r *Row) string {
	period, pkey := periodOf(a.opts.By, r)
	if k, ok := a.periodKey[period]; !ok || pkey < k {
		a.periodKey[period] = pkey
	}
	return period
}

// noteDelegation counts the printed names and roles a delegation key is
// seen under, for its display name and role.
func (a *aggregator) noteDelegation(del who, r *Row) {
	if r.Delegation != "" {
		if a.delNames[del] == nil {
			a.delNames[del] = map[string]int{}
		}
		a.delNames[del][r.Delegation]++
	}
	if r.Role != "" {
		if a.delRoles[del] == nil {
			a.delRoles[del] = map[unpv.Role]int{}
		}
		a.delRoles[del][r.Role]++
	}
}

// speechID interns the row's speech, the bootstrap's resampling unit.
func (a *aggregator) speechID(r *Row) int32 {
	sid := r.SpeechID
	if sid == "" {
		// A row without a speech is its own cluster.
		sid = r.SentenceID
		if sid == "" {
			// Named by content, not by position, so the row order does
			// not change the bootstrap; the same words said on another
			// day are another speech.
			a.anonymous++
			sid = "\x00" + r.Symbol + "\x00" + r.Date + "\x00" + r.Speaker + "\x00" + r.Sentence
		}
	}
	speech, ok := a.speechIDs[sid]
	if !ok {
		speech = int32(len(a.speechNames))
		a.speechIDs[sid] = speech
		a.speechNames = append(a.speechNames, sid)
	}
	return speech
}

// meetingID interns the row's meeting (all resumptions together). A row
// that names neither its meeting nor its record (a row read from a file)
// counts its speech as a meeting of its own, as a row without a speech is
// its own speech: counting every such row as one meeting would report one
// meeting behind sentences spoken years apart.
func (a *aggregator) meetingID(r *Row, speech int32) int32 {
	mname := r.Meeting
	if mname == "" {
		mname = un.BaseSymbol(r.Symbol)
	}
	if mname == "" {
		a.noMeeting++
		mname = "\x00speech\x00" + a.speechNames[speech]
	}
	meeting, ok := a.meetingIDs[mname]
	if !ok {
		meeting = int32(len(a.meetingIDs))
		a.meetingIDs[mname] = meeting
	}
	return meeting
}

type cellKey struct {
	del         who
	org, period string
	rel         unpv.Relation
}

type pairKey struct {
	del who
	org string
}

type pointKey struct {
	org, period string
	body        unpv.Body
}

type delPointKey struct {
	code, org, period string
	body              unpv.Body
}

func get[K comparable](m map[K]*acc, key K) *acc {
	x := m[key]
	if x == nil {
		x = newAcc()
		m[key] = x
	}
	return x
}

// canonOrg spells an organisation the way it was first seen upper-cased
// (CoE stays CoE), so that "au" and "AU" count together.
func (a *aggregator) canonOrg(t string) string {
	up := strings.ToUpper(t)
	if c, ok := a.orgCase[up]; ok {
		return c
	}
	c := t
	if a, ok := acronymOf(t); ok {
		c = a
	}
	a.orgCase[up] = c
	return c
}

func (x *acc) add(r *Row, rel unpv.Relation, group un.Group, speech, meeting int32, quotes int) {
	builder := rel == unpv.RelSelf || rel == unpv.RelMember
	var d, rec int32
	switch r.Label {
	case unpv.Recognition:
		x.r++
		d, rec = 1, 1
		switch {
		case !group.IsDelegation() && group != un.GroupUnknown:
			x.nonState++
		case builder:
			x.building++
		case rel == unpv.RelThird:
			x.endorse++
		default:
			x.unattr++
		}
	case unpv.Counter:
		x.c++
		d = -1
		if builder {
			x.counterMember++
		}
	case unpv.Neutral:
		x.n++
	}
	if r.Hand {
		x.hand++
	}
	x.relations |= 1 << relationOrder(rel)
	// Rows of one speech usually arrive together: remember the last one.
	i := x.lastIdx
	if len(x.d) == 0 || x.lastSpeech != speech {
		i = x.speechIndex(speech)
		x.lastSpeech, x.lastIdx = speech, i
	}
	x.d[i] += d
	x.rr[i] += rec
	x.m[i]++
	if len(x.meetings) == 0 || x.lastMeeting != meeting {
		x.addMeeting(meeting)
		x.lastMeeting = meeting
	}
	if r.Date != "" {
		if x.first == "" || r.Date < x.first {
			x.first = r.Date
		}
		if r.Date > x.last {
			x.last = r.Date
		}
	}
	if quotes > 0 {
		i := r.Label.Index()
		x.quotes[i] = insertQuote(x.quotes[i], r, quotes)
	}
}

// betterQuote ranks evidence: hand-coded labels first (a researcher read
// them), then higher confidence, then the earlier record and sentence, so
// that ties resolve the same on every run.
func betterQuote(a, b *Row) bool {
	if a.Hand != b.Hand {
		return a.Hand
	}
	if a.Confidence != b.Confidence {
		return a.Confidence > b.Confidence
	}
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	if a.SentenceID != b.SentenceID {
		return a.SentenceID < b.SentenceID
	}
	return a.Sentence < b.Sentence
}

func insertQuote(qs []*Row, r *Row, k int) []*Row {
	if len(qs) == k && !betterQuote(r, qs[k-1]) {
		return qs
	}
	i := len(qs)
	for i > 0 && betterQuote(r, qs[i-1]) {
		i--
	}
	if len(qs) < k {
		qs = append(qs, nil)
	}
	copy(qs[i+1:], qs[i:len(qs)-1])
	qs[i] = r
	return qs
}

// pickQuotes returns up to k quotes, alternating the best recognition and
// counter sentences so that contrary evidence is never crowded out, and
// filling with neutral ones only when there are too few polar sentences.
func (x *acc) pickQuotes(k int) []Quote {
	out := make([]Quote, 0, k)
	rec, ctr := x.quotes[unpv.Recognition.Index()], x.quotes[unpv.Counter.Index()]
	for i := 0; len(out) < k && (i < len(rec) || i < len(ctr)); i++ {
		if i < len(rec) {
			out = append(out, quoteOf(rec[i]))
		}
		if i < len(ctr) && len(out) < k {
			out = append(out, quoteOf(ctr[i]))
		}
	}
	for _, r := range x.quotes[unpv.Neutral.Index()] {
		if len(out) == k {
			break
		}
		out = append(out, quoteOf(r))
	}
	return out
}

// quoteOf is the quote of a row as every output shows it: its text on one
// line, since text imported from PDFs keeps the record's line breaks and
// double spaces inside sentences (and speaker labels).
func quoteOf(r *Row) Quote {
	record := un.RecordSymbol(r.Symbol, r.Meeting)
	return Quote{
		SentenceID: r.SentenceID, Sentence: flat(r.Sentence), Target: r.Target, Label: r.Label,
		Relation: r.Relation, Confidence: r.Confidence, Evidence: flat(r.Evidence), Hand: r.Hand, ModelLabel: r.ModelLabel,
		Speaker: flat(r.Speaker), SpeakerName: flat(r.SpeakerName), Delegation: flat(r.Delegation), DelegationCode: r.DelegationCode,
		Symbol: record, Session: sessionOf(r), EmergencySession: un.EmergencySession(record), Date: r.Date,
		DatePrecision: string(unpv.DatePrecision(r.Date)), Link: un.DocumentURL(record),
	}
}

// flat is s on one line, without white space at its ends.
func flat(s string) string { return strings.TrimSpace(oneline.Collapse(s)) }

// sessionOf is a General Assembly row's session, 0 for the Security
// Council: the session the extract stage gives its record and the search
// index its hits (un.RecordSession), so that a quote and a search hit on
// one sentence show one session: an emergency special session's record
// (A/ES-11/PV.1) and one numbered before 1976 (A/PV.2444) that of their
// date. A row whose symbol is none of the Assembly's (an --in row that
// names no record, or spells it otherwise) is placed by its date, as
// un.Session places any date and as reports placed every such row before;
// an imported statement of the store names its session's general debate
// (A/73/PV (general debate): 73). The symbol is not parsed: rows of the
// store are canonical, and this runs for every row of a report by session.
func sessionOf(r *Row) int {
	if r.Body != unpv.GeneralAssembly {
		return 0
	}
	if un.BodyOf(r.Symbol) != unpv.GeneralAssembly {
		return un.Session("", r.Date)
	}
	return un.RecordSession(r.Symbol, r.Date)
}

// finish computes every cell's statistics and intervals and lays out the
// report tables.
func (a *aggregator) finish(ctx context.Context) (*Report, error) {
	all := []*acc{a.total}
	for _, x := range a.orgs {
		all = append(all, x)
	}
	for _, x := range a.dels {
		all = append(all, x)
	}
	for _, x := range a.cells {
		all = append(all, x)
	}
	for _, x := range a.pairs {
		all = append(all, x)
	}
	for _, x := range a.points {
		all = append(all, x)
	}
	for _, x := range a.delPoints {
		all = append(all, x)
	}
	if err := a.computeAll(ctx, all); err != nil {
		return nil, err
	}

	o := a.opts
	r := &Report{
		Title:     o.Title,
		Generated: o.Generated,
		Selection: Selection{
			Targets: o.Targets, Delegations: o.Delegations, Body: o.Body, From: o.From, To: o.To,
			By: o.By, MinSpeeches: o.MinSpeeches, Resamples: o.Resamples, Seed: o.Seed, MinConfidence: o.MinConfidence,
		},
		Method:            Method,
		Total:             a.total.stats,
		DistinctSentences: len(a.sentences),
		Model:             o.Model,
		Coding: Coding{Sentences: a.total.stats.Sentences, Model: a.total.stats.Sentences - a.total.stats.HandCoded,
			Hand: a.total.stats.HandCoded, Changed: a.handChanged, Added: a.handAdded, ByModel: a.byModel},
	}
	if len(a.byModel) > 1 {
		// A store classified in part before its model changed (a run
		// stopped before classifying every document again): the counts
		// mix two models' readings, which the reader must be told.
		r.Notes = append(r.Notes, "The classifier's labels are by more than one model: "+modelCounts(a.byModel)+
			". The store was classified in part by another model than the rest; the next run of unpv classifies those documents again with its model.")
	}
	if o.Provenance != nil {
		p := *o.Provenance
		r.Provenance = &p
		r.Provenance.Models = sortedKeys(a.models)
	}
	if m := r.Model; m != nil && len(a.models) > 0 && !a.models[m.Model] {
		// The card describes another model than the one that labelled
		// these rows (a model retrained for the store, DATA/model.json).
		r.Notes = append(r.Notes, fmt.Sprintf("The stance model's card is not shown: it describes %s, and the labels counted are by %s.",
			m.Model, strings.Join(sortedKeys(a.models), ", ")))
		r.Model = nil
	}
	r.Periods = sortedKeys(a.periodKey)
	slices.SortFunc(r.Periods, func(x, y string) int { return cmp.Compare(a.periodKey[x], a.periodKey[y]) })
	r.Coverage, r.coverageKnown = a.coverage(r.Periods)
	held := map[string]Coverage{}
	for _, c := range r.Coverage {
		held[c.Period+"\x00"+string(c.Body)] = c
	}

	for org, x := range a.orgs {
		or := OrgReport{Acronym: org, Name: OrgName(org), Stats: x.stats, Quotes: x.pickQuotes(o.Quotes)}
		for _, body := range []unpv.Body{unpv.SecurityCouncil, unpv.GeneralAssembly, ""} {
			for _, p := range r.Periods {
				if pt, ok := a.points[pointKey{org, p, body}]; ok {
					c := held[p+"\x00"+string(body)]
					first, last := periodBounds(o.By, p)
					or.Series = append(or.Series, Point{Period: p, PeriodStart: first, PeriodEnd: last, Body: body, Stats: pt.stats,
						SpeechesHeld: c.Speeches, SentencesHeld: c.Sentences, heldUnknown: !r.coverageKnown})
				}
			}
		}
		r.Orgs = append(r.Orgs, or)
	}
	slices.SortFunc(r.Orgs, func(x, y OrgReport) int {
		return cmp.Or(cmpStatsDesc(&x.Stats, &y.Stats), cmp.Compare(x.Acronym, y.Acronym))
	})
	for _, t := range o.Targets {
		if _, ok := a.orgCase[strings.ToUpper(strings.TrimSpace(t))]; !ok {
			acr := strings.TrimSpace(t)
			if a, ok := acronymOf(acr); ok {
				acr = a
			}
			r.Orgs = append(r.Orgs, OrgReport{Acronym: acr, Name: OrgName(acr), NoData: true, Stats: noDataStats(o.MinSpeeches)})
			r.Notes = append(r.Notes, fmt.Sprintf("No classified sentence about %s in this selection.", acr))
		}
	}

	for del, x := range a.dels {
		r.Delegations = append(r.Delegations, Delegation{Code: del.code, Name: a.delName(del), Group: del.group,
			Role: a.delRole(del), Stats: x.stats, DistinctSentences: a.delDistinct[del]})
	}
	slices.SortFunc(r.Delegations, func(x, y Delegation) int {
		return cmp.Or(cmpStatsDesc(&x.Stats, &y.Stats), cmp.Compare(x.Code, y.Code), cmp.Compare(x.Group, y.Group))
	})
	for _, d := range o.Delegations {
		// A name the table knows stands for its code, as in keep: "Zaire"
		// and "russia" have data when COD and RUS have.
		code, name := d, d
		if del, ok := un.LookupDelegation(d); ok {
			code, name = del.Code, del.Name
		}
		found := false
		for _, have := range r.Delegations {
			if have.Code != "" && (fold(have.Code) == fold(code) || a.delNames[who{have.Code, have.Group}][d] > 0 || fold(have.Name) == fold(d)) {
				found = true
				break
			}
		}
		if !found {
			r.Delegations = append(r.Delegations, Delegation{Code: code, Name: name, Group: un.SpeakerGroup(code, ""), NoData: true,
				Stats: noDataStats(o.MinSpeeches)})
			r.Notes = append(r.Notes, fmt.Sprintf("No classified sentence by delegation %s in this selection.", d))
		}
	}

	for key, x := range a.pairs {
		p := Pair{Delegation: key.del.code, DelegationName: a.delName(key.del), SpeakerGroup: key.del.group,
			Organisation: key.org, Stats: x.stats, Quotes: x.pickQuotes(o.Quotes)}
		for _, rel := range []unpv.Relation{unpv.RelSelf, unpv.RelMember, unpv.RelThird, RelUnknown} {
			if x.relations&(1<<relationOrder(rel)) != 0 {
				p.Relations = append(p.Relations, rel)
			}
		}
		r.Pairs = append(r.Pairs, p)
	}
	slices.SortFunc(r.Pairs, func(x, y Pair) int {
		return cmp.Or(cmp.Compare(x.Organisation, y.Organisation), cmpStatsDesc(&x.Stats, &y.Stats),
			cmp.Compare(x.Delegation, y.Delegation), cmp.Compare(x.SpeakerGroup, y.SpeakerGroup))
	})
	rankOrgs(r)

	for key, x := range a.cells {
		first, last := periodBounds(o.By, key.period)
		r.Cells = append(r.Cells, Cell{PeriodStart: first, PeriodEnd: last,
			Delegation: key.del.code, DelegationName: a.delName(key.del), SpeakerGroup: key.del.group,
			Organisation: key.org, Period: key.period, Relation: key.rel, Stats: x.stats, Quotes: x.pickQuotes(o.Quotes),
		})
	}
	slices.SortFunc(r.Cells, func(x, y Cell) int {
		return cmp.Or(cmp.Compare(x.Organisation, y.Organisation), cmp.Compare(x.Delegation, y.Delegation),
			cmp.Compare(x.SpeakerGroup, y.SpeakerGroup),
			cmp.Compare(a.periodKey[x.Period], a.periodKey[y.Period]),
			cmp.Compare(relationOrder(x.Relation), relationOrder(y.Relation)))
	})
	r.pages = a.delegationPages(r)
	if a.lowConfidence > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s with a confidence below %s %s left out (--min-confidence).", count(a.lowConfidence, "stance", "stances"), confidenceText(o.MinConfidence), were(a.lowConfidence)))
	}
	if a.noTarget > 0 {
		r.Notes = append(r.Notes, count(a.noTarget, "sentence", "sentences")+" named no organisation and "+were(a.noTarget)+" not counted.")
	}
	if a.anonymous > 0 {
		r.Notes = append(r.Notes, count(a.anonymous, "mention", "mentions")+" had no speech or sentence id; each was counted as a speech of its own.")
	}
	if a.noMeeting > 0 {
		r.Notes = append(r.Notes, count(a.noMeeting, "mention", "mentions")+" named no meeting or record; the speech of each was counted as a meeting of its own, so meetings may be overcounted where they share one.")
	}
	if a.resolvedCodes > 0 {
		r.Notes = append(r.Notes, count(a.resolvedCodes, "mention", "mentions")+" came without a delegation code; it was read from the delegation or speaker label.")
	}
	if a.resolvedRelations > 0 {
		r.Notes = append(r.Notes, count(a.resolvedRelations, "mention", "mentions")+" came without a membership relation; it was computed from the delegation code and date.")
	}
	if a.noRelation > 0 {
		r.Notes = append(r.Notes, count(a.noRelation, "mention", "mentions")+" "+pick(a.noRelation, "has", "have")+" no known relation to the organisation (speaker without a delegation code, or no membership table): recognition by a delegation among them is counted as unattributed, neither building nor endorsement.")
	}
	if a.total.nonState > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s %s spoken by the UN Secretariat, presiding officers or briefers without a State; they are reported apart (non_state), not as any delegation's.", count(a.total.nonState, "recognition mention", "recognition mentions"), were(a.total.nonState)))
	}
	if a.badLabel > 0 {
		r.Notes = append(r.Notes, count(a.badLabel, "mention", "mentions")+" with an unknown label "+were(a.badLabel)+" skipped.")
	}
	if !r.coverageKnown {
		r.Notes = append(r.Notes, "The input gives no coverage (rows read from a file): how many speeches the corpus holds per period is unknown, so periods without classified sentences cannot be told from periods without records.")
	}
	return r, nil
}

// delName is how a report names whom it counts: a delegation's name in
// un's table, else the name most often printed; a group's label.
func (a *aggregator) delName(del who) string {
	if del.code == "" {
		return del.group.Label()
	}
	if d, ok := un.DelegationByCode(del.code); ok {
		return d.Name
	}
	best, n := del.code, 0
	for name, c := range a.delNames[del] {
		if c > n || (c == n && name < best) {
			best, n = name, c
		}
	}
	return best
}

func (a *aggregator) delRole(del who) unpv.Role {
	var best unpv.Role
	n := 0
	for role, c := range a.delRoles[del] {
		if c > n || (c == n && role < best) {
			best, n = role, c
		}
	}
	return best
}

// computeAll fills every accumulator's Stats, spreading the bootstrap over
// the available cores.
// It returns ctx's error when ctx ended before every cell was computed.
func (a *aggregator) computeAll(ctx context.Context, all []*acc) error {
	workers := min(runtime.GOMAXPROCS(0), 8)
	var wg sync.WaitGroup
	next := make(chan *acc, 256)
	var panicked atomic.Pointer[error]
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := &booter{ctx: ctx}
			err := guard.Call(func() error {
				for x := range next {
					if ctx.Err() == nil && panicked.Load() == nil {
						x.compute(a, b)
					}
				}
				return nil
			})
			if err != nil {
				panicked.CompareAndSwap(nil, &err)
				for range next { // let the sender finish
				}
			}
		}()
	}
	for _, x := range all {
		if ctx.Err() != nil {
			break
		}
		next <- x
	}
	close(next)
	wg.Wait()
	if err := panicked.Load(); err != nil {
		return fmt.Errorf("report: %w", *err)
	}
	return ctx.Err()
}

func (x *acc) compute(a *aggregator, b *booter) {
	s := &x.stats
	s.Recognition, s.Counter, s.Neutral = x.r, x.c, x.n
	s.Building, s.Endorsement, s.NonState, s.Unattributed, s.CounterByMembers = x.building, x.endorse, x.nonState, x.unattr, x.counterMember
	s.Sentences = x.r + x.c + x.n
	s.HandCoded = x.hand
	s.Speeches = len(x.d)
	s.Meetings = len(x.meetings)
	s.FirstDate, s.LastDate = x.first, x.last
	s.Small = s.Speeches < a.opts.MinSpeeches
	if s.Sentences == 0 {
		return
	}
	total := float64(s.Sentences)
	s.Net = float64(x.r-x.c) / total
	s.Low, s.High = wilsonNet(x.r, x.c, x.n)
	s.RecognitionRate, s.CounterRate = float64(x.r)/total, float64(x.c)/total
	s.RecognitionLow, s.RecognitionHigh = wilson(s.RecognitionRate, total)
	s.CounterLow, s.CounterHigh = wilson(s.CounterRate, total)
	if n := len(x.d); n >= 2 {
		cc := make([]int32, n)
		for i := range cc {
			cc[i] = x.rr[i] - x.d[i]
		}
		nums := [][]int32{x.d, x.rr, cc}
		var iv [][2]float64
		switch {
		case n <= maxExactSpeeches:
			iv = b.exactIntervals(nums, x.m)
		case n > maxMCSpeeches:
			iv = make([][2]float64, len(nums))
			for k, d := range nums {
				iv[k][0], iv[k][1] = ratioNormal(d, x.m)
			}
		default:
			iv = x.monteCarlo(a, b, cc)
		}
		s.Low, s.High = min(s.Low, iv[0][0]), max(s.High, iv[0][1])
		s.RecognitionLow, s.RecognitionHigh = max(0, min(s.RecognitionLow, iv[1][0])), min(1, max(s.RecognitionHigh, iv[1][1]))
		s.CounterLow, s.CounterHigh = max(0, min(s.CounterLow, iv[2][0])), min(1, max(s.CounterHigh, iv[2][1]))
	}
	s.Net, s.Low, s.High = round6(s.Net), round6(s.Low), round6(s.High)
	// Rates per 100 mentions (classified sentences naming the organisation).
	for _, v := range []*float64{&s.RecognitionRate, &s.RecognitionLow, &s.RecognitionHigh, &s.CounterRate, &s.CounterLow, &s.CounterHigh} {
		*v = round6(*v * 100)
	}
	// Free what only the aggregation needed.
	x.sp, x.d, x.rr, x.m, x.spIndex, x.meetings, x.mtIndex = nil, nil, nil, nil, nil, nil, nil
}

// noDataStats are the numbers of an organisation or delegation asked for
// that has no classified sentence in the selection: no counts, flagged
// small as every row with fewer speeches than the threshold is, and the
// intervals of no information, those wilsonNet and Wilson give for no
// sentences ([-1, 1], and [0, 100] per 100 mentions). Left at zero, such an
// entry read in report.json as a net stance of 0 known to be exactly 0
// ([0, 0]) from enough speeches (small false), which no_data alone did not
// undo for a script that reads the numbers.
func noDataStats(minSpeeches int) Stats {
	s := Stats{Small: 0 < minSpeeches}
	s.Low, s.High = wilsonNet(0, 0, 0)
	lo, hi := wilson(0, 0)
	s.RecognitionLow, s.RecognitionHigh = lo*100, hi*100
	s.CounterLow, s.CounterHigh = lo*100, hi*100
	return s
}

// normaliseRow fills what exported rows often lack or spell differently:
// dates printed as in records ("8 January 2020") become ISO, the body is
// read from the symbol, an organisation named by any of un's names for it
// (a predecessor's: OAU, CSCE; a name; any case) becomes its acronym, so
// that its rows count with the acronym's, find its membership table and
// answer --target as the store's do, and a delegation code in another case
// becomes the table's. The caller's row is never modified.
func normaliseRow(r *Row) *Row {
	date := isoDate(r.Date)
	body := r.Body
	if body == "" {
		body = un.BodyOf(r.Symbol)
	}
	target := r.Target
	if acr, ok := un.CanonicalOrganisation(target); ok {
		target = acr
	}
	code := r.DelegationCode
	if _, ok := un.DelegationByCode(code); !ok && code != "" {
		// A code in another case ("ken", "coe") is the table's code.
		if d, ok := un.LookupDelegation(code); ok && strings.EqualFold(d.Code, code) {
			code = d.Code
		}
	}
	if date == r.Date && body == r.Body && target == r.Target && code == r.DelegationCode {
		return r
	}
	c := *r
	c.Date, c.Body, c.Target, c.DelegationCode = date, body, target, code
	return &c
}

// isoDate rewrites a date unpv.ParseDate reads ("8 January 2020",
// "January 2020") as ISO at its precision; anything else is returned as it
// is.
func isoDate(d string) string {
	if iso, ok := unpv.ParseDate(d); ok {
		return iso
	}
	return d
}

// monteCarlo runs the seeded bootstrap over the cell's speeches in
// identifier order, so that the result does not depend on the order rows
// arrived in. The seed comes from the speeches themselves: identical data
// (a cell and its organisation total when only one delegation speaks) get
// an identical interval, and a cell's interval does not depend on what else
// is selected.
func (x *acc) monteCarlo(a *aggregator, b *booter, counter []int32) [][2]float64 {
	idx := make([]int32, len(x.sp))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(p, q int32) int { return cmp.Compare(a.speechNames[x.sp[p]], a.speechNames[x.sp[q]]) })
	r, c, m := make([]int32, len(idx)), make([]int32, len(idx)), make([]int32, len(idx))
	h := fnv.New64a()
	var buf [8]byte
	for i, j := range idx {
		r[i], c[i], m[i] = x.rr[j], counter[j], x.m[j]
		io.WriteString(h, a.speechNames[x.sp[j]])
		binary.LittleEndian.PutUint32(buf[:4], uint32(x.d[j]))
		binary.LittleEndian.PutUint32(buf[4:], uint32(m[i]))
		h.Write(buf[:])
	}
	net, rec, ctr := b.stanceIntervals(r, c, m, a.opts.Resamples, h.Sum64()^a.opts.Seed)
	return [][2]float64{net, rec, ctr}
}

// rankOrgs fills each organisation's lists of delegations that do most
// recognition-building, third-party endorsement and counter-recognition.
// Each list ranks by one measure, the number of sentences of its kind, and
// shows it with n, the delegation's sentences naming the organisation. A
// list admits only delegations whose own balance agrees with it (more
// recognition than counter for the first two, more counter for the last),
// so no delegation appears both as an endorser and as a contester. Only
// delegations are ranked: the Secretariat, presiding officers and briefers
// are reported apart.
func rankOrgs(r *Report) {
	byOrg := map[string][]*Pair{}
	for i := range r.Pairs {
		if p := &r.Pairs[i]; p.SpeakerGroup.IsDelegation() {
			byOrg[p.Organisation] = append(byOrg[p.Organisation], p)
		}
	}
	top := func(ps []*Pair, measure string, count func(*Pair) int, admit func(*Pair) bool) []Ranked {
		var out []Ranked
		for _, p := range ps {
			if n := count(p); n > 0 && admit(p) {
				out = append(out, Ranked{Delegation: p.Delegation, DelegationName: p.DelegationName, Measure: measure,
					Count: n, Sentences: p.Sentences, Speeches: p.Speeches, Net: p.Net})
			}
		}
		slices.SortFunc(out, func(x, y Ranked) int {
			return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Sentences, y.Sentences), cmp.Compare(x.Delegation, y.Delegation))
		})
		return out[:min(len(out), 5)]
	}
	recognising := func(p *Pair) bool { return p.Recognition > p.Counter }
	contesting := func(p *Pair) bool { return p.Counter > p.Recognition }
	for i := range r.Orgs {
		ps := byOrg[r.Orgs[i].Acronym]
		r.Orgs[i].TopBuilding = top(ps, "building", func(p *Pair) int { return p.Building }, recognising)
		r.Orgs[i].TopEndorsement = top(ps, "endorsement", func(p *Pair) int { return p.Endorsement }, recognising)
		r.Orgs[i].TopCounter = top(ps, "counter", func(p *Pair) int { return p.Counter }, contesting)
	}
}
