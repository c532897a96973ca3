package pipeline

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// Workspace is the labelling page's side of the store (annotate.Workspace):
// sessions, queues of pairs with their context, codings, and agreement.
// With an index, a queue can be restricted to a search's sentences.
type Workspace struct {
	st *store.Store
	ix *index.Index
	// OnChange, when set, is called after every coding or undo (unpv
	// serve: a Reindexer's Touch).
	OnChange func()
	// searchCap bounds a search-restricted queue's sentences; 0 means
	// MaxSearchPairs (tests lower it).
	searchCap int
}

// NewWorkspace serves the labelling page from st, and from ix (nil: no
// search-restricted queues).
func NewWorkspace(st *store.Store, ix *index.Index) *Workspace { return &Workspace{st: st, ix: ix} }

var _ annotate.Workspace = (*Workspace)(nil)

// MaxSearchPairs bounds the sentences a search-restricted queue draws from.
const MaxSearchPairs = 2000

// PutSession records a login.
func (w *Workspace) PutSession(ctx context.Context, tokenHash, coder string, expires time.Time) error {
	return w.st.PutSession(ctx, tokenHash, coder, expires)
}

// SessionCoder is the coder of a live session.
func (w *Workspace) SessionCoder(ctx context.Context, tokenHash string) (string, error) {
	return w.st.SessionCoder(ctx, tokenHash)
}

// EndSession logs out.
func (w *Workspace) EndSession(ctx context.Context, tokenHash string) error {
	return w.st.EndSession(ctx, tokenHash)
}

// storeQueue turns a page queue into the store's, running its search.
func (w *Workspace) storeQueue(ctx context.Context, q annotate.Queue, coder string) (store.Queue, error) {
	sq := store.Queue{Order: q.Order, Seed: q.Seed, Target: q.Target, Delegation: q.Delegation, Body: q.Body,
		From: q.From, To: q.To, Coder: coder, Fresh: q.Fresh}
	if q.Order == annotate.OrderRandom {
		sq.Sample = q.String() // the accuracy sample: every pair of its order
	}
	// The delegation and the dates are checked as the search page checks
	// them (a code or name; a code only the index holds; real dates, to not
	// before from): delegation=NARNIA was an empty queue, to=2020-13 a
	// queue of everything.
	fq := index.Query{From: q.From, To: q.To}
	if q.Delegation != "" {
		fq.Delegations = []string{q.Delegation}
	}
	var err error
	if w.ix != nil {
		fq, err = w.ix.Normalise(ctx, fq)
	} else {
		fq, err = fq.Normalise()
	}
	if err != nil {
		return sq, queueError(err)
	}
	if len(fq.Delegations) == 1 {
		sq.Delegation = fq.Delegations[0]
	}
	if q.Query == "" {
		return sq, nil
	}
	if w.ix == nil {
		return sq, fmt.Errorf("%w: searching needs the search index (unpv serve)", annotate.ErrBadQueue)
	}
	limit := cmp.Or(w.searchCap, MaxSearchPairs)
	iq := index.Query{Text: q.Query, Size: limit, Sort: "score"}
	for _, l := range unpv.Labels {
		iq.Stances = append(iq.Stances, string(l)) // sentences with any stance
	}
	if q.Target != "" {
		iq.Targets = []string{q.Target}
	}
	res, err := w.ix.Search(ctx, iq)
	if err != nil {
		return sq, queueError(err)
	}
	// A random queue over the best-scoring hits only is a sample of those,
	// not of what the search finds, and its accuracy and kappa would be
	// read as the search's: it is refused, where it sampled the top 2,000
	// by score unsaid. Other orders are no sample and keep the best hits.
	if q.Order == annotate.OrderRandom && res.Total > uint64(limit) {
		return sq, fmt.Errorf("%w: q=%q finds %d sentences, and a random queue draws from at most %d: "+
			"it would sample only the best-scoring %d, not all the hits; narrow the search (a period, a delegation, "+
			"an organisation) or pick another order", annotate.ErrBadQueue, q.Query, res.Total, limit, limit)
	}
	sq.Sentences = []string{}
	for _, h := range res.Hits {
		sq.Sentences = append(sq.Sentences, h.ID)
	}
	return sq, nil
}

// queueError makes a bad query a bad queue, a parameter named as the
// page's form names it (delegation=, from=).
func queueError(err error) error {
	if !errors.Is(err, index.ErrBadQuery) {
		return err
	}
	msg := err.Error()
	var pe *index.ParamError
	if errors.As(err, &pe) {
		msg = pe.WebMessage()
	}
	// "bad queue: …", not "bad queue: bad query: …".
	return fmt.Errorf("%w: %s", annotate.ErrBadQueue, strings.TrimPrefix(msg, index.ErrBadQuery.Error()+": "))
}

// Next is the coder's next pair on q, nil when none is left.
func (w *Workspace) Next(ctx context.Context, q annotate.Queue, coder string) (*annotate.Item, error) {
	sq, err := w.storeQueue(ctx, q, coder)
	if err != nil {
		return nil, err
	}
	ps, err := w.st.NextPairs(ctx, sq, 1)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return w.Item(ctx, annotate.Pair{SentenceID: ps[0].SentenceID, Target: ps[0].Target}, coder)
}

// Progress counts q's pairs and those the coder did.
func (w *Workspace) Progress(ctx context.Context, q annotate.Queue, coder string) (annotate.Progress, error) {
	sq, err := w.storeQueue(ctx, q, coder)
	if err != nil {
		return annotate.Progress{}, err
	}
	total, done, err := w.st.QueueProgress(ctx, sq)
	return annotate.Progress{Total: total, Done: done}, err
}

// contextSentences is how many sentences the page shows before and after.
const contextSentences = 2

// Item is one pair with its context as coder sees it: the model's stance,
// the coder's own latest act, never another coder's.
func (w *Workspace) Item(ctx context.Context, p annotate.Pair, coder string) (*annotate.Item, error) {
	notFound := fmt.Errorf("pair %s %s: %w", p.SentenceID, p.Target, unpv.ErrNotFound)
	speechID, n := unpv.SplitSentenceID(p.SentenceID)
	target, known := un.CanonicalOrganisation(p.Target)
	if n < 1 || !known {
		return nil, notFound
	}
	// One read of the speech and its sentences gives the pair's sentence
	// and its context.
	sp, err := w.st.Speech(ctx, speechID)
	if errors.Is(err, unpv.ErrNotFound) {
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	ses, err := w.st.Sentences(ctx, sp.ID)
	if err != nil {
		return nil, err
	}
	if n > len(ses) || ses[n-1].ID != p.SentenceID {
		return nil, notFound
	}
	ref := ses[n-1]
	it := &annotate.Item{Pair: annotate.Pair{SentenceID: p.SentenceID, Target: target}, TargetName: un.OrganisationName(target),
		Sentence: ref.Text, N: ref.N, SpeechID: sp.ID, Symbol: sp.Symbol, Date: sp.Date, Body: string(sp.Body),
		Speaker: sp.Speaker, Code: sp.DelegationCode, Delegation: sp.Delegation}
	if d, ok := un.DelegationByCode(sp.DelegationCode); ok {
		it.Delegation = d.Name
	}
	it.Record = un.RecordSymbol(sp.Symbol, sp.Meeting)
	it.Link = un.DocumentURL(it.Record)
	if m, err := w.st.Meeting(ctx, sp.Symbol); err == nil {
		it.Agenda = m.Agenda
	}
	it.Sentences = len(ses)
	for _, se := range ses {
		switch {
		case se.N < ref.N && se.N >= ref.N-contextSentences:
			it.Before = append(it.Before, se.Text)
		case se.N > ref.N && se.N <= ref.N+contextSentences:
			it.After = append(it.After, se.Text)
		}
	}
	ms, err := w.st.SentenceMentions(ctx, p.SentenceID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Target == target {
			it.Mentions = append(it.Mentions, annotate.Span{Start: m.Start, End: m.End})
		}
	}
	st, err := w.st.Stance(ctx, p.SentenceID, target)
	switch {
	case err == nil:
		it.ModelLabel, it.Confidence, it.Evidence = st.Label, st.Confidence, st.Evidence
	case !errors.Is(err, unpv.ErrNotFound):
		return nil, err
	}
	cs, err := w.st.PairCodings(ctx, p.SentenceID, target)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		// A stale coding was of another text: not a label of this one.
		if c.Coder == coder && !c.Adjudication && !c.Stale {
			it.Mine = &c
			if c.Label != "" {
				it.MyLabel = &c
			}
		}
	}
	return it, nil
}

// Code records a coding act; a pair the store does not hold is an error
// wrapping annotate.ErrBadCoding.
func (w *Workspace) Code(ctx context.Context, c unpv.Coding) (unpv.Coding, error) {
	if t, ok := un.CanonicalOrganisation(c.Target); ok {
		c.Target = t
	} else {
		return c, fmt.Errorf("%w: unknown organisation %q", annotate.ErrBadCoding, c.Target)
	}
	out, err := w.st.AddCoding(ctx, c)
	if errors.Is(err, store.ErrBadCoding) {
		return out, fmt.Errorf("%w: %v", annotate.ErrBadCoding, err)
	}
	w.changed(err)
	return out, err
}

// Drawn reports whether the random queue q drew pair p: it is the coder's
// next pair on q, or has a coding (still applying) made from q.
func (w *Workspace) Drawn(ctx context.Context, q annotate.Queue, coder string, p annotate.Pair) (bool, error) {
	cs, err := w.st.PairCodings(ctx, p.SentenceID, p.Target)
	if err != nil {
		return false, err
	}
	text := q.String()
	for _, c := range cs {
		if c.Queue == text && !c.Adjudication && !c.Stale {
			return true, nil
		}
	}
	next, err := w.Next(ctx, q, coder)
	if err != nil || next == nil {
		return false, err
	}
	return next.Pair == p, nil
}

// Undo takes back the coder's latest act.
func (w *Workspace) Undo(ctx context.Context, coder string) (unpv.Coding, error) {
	c, err := w.st.UndoCoding(ctx, coder)
	w.changed(err)
	return c, err
}

func (w *Workspace) changed(err error) {
	if err == nil && w.OnChange != nil {
		w.OnChange()
	}
}

// Stats are the agreement, accuracy and disagreements of the store's codings.
func (w *Workspace) Stats(ctx context.Context) (annotate.Stats, error) {
	return AnnotationStats(ctx, w.st)
}

// AnnotationStats computes `unpv annotate stats` from the store: every
// coding, and the model's current label of each coded pair.
func AnnotationStats(ctx context.Context, st *store.Store) (annotate.Stats, error) {
	var cs []unpv.Coding
	if err := st.EachCoding(ctx, func(c unpv.Coding) error { cs = append(cs, c); return nil }); err != nil {
		return annotate.Stats{}, err
	}
	labels, err := st.CodedModelLabels(ctx)
	if err != nil {
		return annotate.Stats{}, err
	}
	model := make(map[annotate.Pair]unpv.Label, len(labels))
	for k, l := range labels {
		model[annotate.Pair{SentenceID: k[0], Target: k[1]}] = l
	}
	trained, err := trainedPairs(st.Dir())
	if err != nil {
		return annotate.Stats{}, err
	}
	return annotate.Compute(cs, model, trained), nil
}

// trainedPairs are the pairs whose hand labels the data directory's
// retrained model (ModelFile) was trained on; nil without one.
func trainedPairs(dataDir string) (map[annotate.Pair]bool, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, ModelFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("annotation stats: %w", err)
	}
	var m struct {
		HandPairs []string `json:"hand_pairs"` // classify.Model's; the weights are not needed here
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("annotation stats: %s: %w", ModelFile, err)
	}
	out := make(map[annotate.Pair]bool, len(m.HandPairs))
	for _, id := range m.HandPairs {
		if p, ok := annotate.ParsePairID(id); ok {
			out[p] = true
		}
	}
	return out, nil
}

// ExportOptions choose what ExportCodings writes.
type ExportOptions struct {
	// Codings writes every coding act, labels and skips (each coder's,
	// with notes, times, queues and adjudications), instead of one line
	// per pair with its hand label: what moves all the work to another
	// store.
	Codings bool
}

// ExportCodings writes the store's hand labels as JSON Lines in the
// gold-dev schema (HandRecords) and returns how many lines it wrote.
func ExportCodings(ctx context.Context, st *store.Store, w io.Writer, opt ExportOptions) (int, error) {
	recs, err := HandRecords(ctx, st, opt)
	if err != nil {
		return 0, err
	}
	return len(recs), annotate.WriteRecords(w, recs)
}

// HandRecords are the store's hand labels as records in the gold-dev
// schema: one per pair with a hand label (disputed pairs are left out, and
// stale labels carried over to their text's new ID; other stale ones are
// marked Stale), or
// with opt.Codings one per coding act, skips included (Kind says which):
// a skip and its note are work a store holds, and an export of codings is
// the whole of it.
func HandRecords(ctx context.Context, st *store.Store, opt ExportOptions) ([]annotate.Record, error) {
	var cs []unpv.Coding
	if err := st.EachCoding(ctx, func(c unpv.Coding) error {
		cs = append(cs, c)
		return nil
	}); err != nil {
		return nil, err
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.SentenceID)
	}
	refs, err := st.SentenceRefs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var recs []annotate.Record
	if opt.Codings {
		for _, c := range cs {
			r := exportRecord(refs, c.SentenceID, c.Target, c.Sentence, c.Label)
			r.Kind = annotate.KindLabel
			if c.Label == "" {
				r.Kind = annotate.KindSkip
			}
			r.Coder, r.Note, r.At, r.Queue, r.Adjudication, r.ModelLabel, r.Model, r.Stale = c.Coder, c.Note, c.At, c.Queue,
				&c.Adjudication, c.ModelLabel, c.Model, c.Stale
			recs = append(recs, r)
		}
		return recs, nil
	}
	hand, err := st.HandLabels(ctx)
	if err != nil {
		return nil, err
	}
	model, err := st.CodedModelLabels(ctx)
	if err != nil {
		return nil, err
	}
	coders := map[[3]string][]string{}    // who labelled each pair, by pair and the text it was coded on
	adjudicator := map[[3]string]string{} // who adjudicated it last (cs are in time order, as hand_labels reads them)
	for _, c := range cs {
		k := [3]string{c.SentenceID, c.Target, c.Sentence}
		switch {
		case c.Adjudication:
			adjudicator[k] = c.Coder
		case c.Label != "" && !slices.Contains(coders[k], c.Coder):
			coders[k] = append(coders[k], c.Coder)
		}
	}
	// A stale label whose text a current row of the pair's organisation
	// holds was carried over (export, import): that row is its label now,
	// and the stale one went out too, a second labelled pair whose ID joins
	// to another sentence.
	current := map[[2]string]bool{}
	for _, h := range hand {
		if !h.Stale {
			current[[2]string{h.Target, normText(h.Sentence)}] = true
		}
	}
	for _, h := range hand {
		if h.Label == "" || h.Stale && current[[2]string{h.Target, normText(h.Sentence)}] {
			continue
		}
		// A stale label goes out with the text it was coded on, so that an
		// import finds its sentence again by text.
		r := exportRecord(refs, h.SentenceID, h.Target, h.Sentence, h.Label)
		k := [3]string{h.SentenceID, h.Target, h.Sentence}
		r.Status, r.Coders, r.At = h.Status, coders[k], h.At
		if h.Status == unpv.HandAdjudicated {
			r.Adjudicator = adjudicator[k]
		}
		if !h.Stale {
			r.ModelLabel = model[[2]string{h.SentenceID, h.Target}]
		}
		r.Stale = h.Stale
		recs = append(recs, r)
	}
	return recs, nil
}

// exportRecord is a pair's record with its sentence and speech; text is
// the coded sentence, used when the store's reads differently or is gone.
func exportRecord(refs map[string]store.SentenceRef, sentenceID, target, text string, label unpv.Label) annotate.Record {
	r := annotate.Record{ID: annotate.PairID(sentenceID, target), SentenceID: sentenceID, Target: target, Label: label, Sentence: text}
	ref, ok := refs[sentenceID]
	if !ok {
		r.Symbol, _, _ = strings.Cut(sentenceID, "#")
		return r
	}
	r.Source, _, _ = strings.Cut(ref.Document, ":")
	r.Symbol, r.Date, r.Speaker = ref.Symbol, ref.Date, cmp.Or(ref.Speaker, ref.DelegationCode)
	r.DelegationCode = ref.DelegationCode
	if text == "" || text == ref.Text {
		r.Sentence, r.Context = ref.Text, ref.Previous
	}
	return r
}

// ImportOptions say whose labels an import holds when its lines do not.
type ImportOptions struct {
	Coder string // for lines without a coder
	Queue string // for lines that are not exported coding acts (no kind) and have no queue; default "import"
}

// ImportResult is what an import did.
type ImportResult struct {
	Records int // records read: labelled pairs and coding acts
	Matched int // records whose sentence the store holds (some may lack a coder)
	Added   int // codings added (the rest of the matched were already stored, or lack a coder)
	// Unmatched lists the records not imported, with why, by record number
	// from 1: those whose sentence the store does not hold (or holds more
	// than once), and those without a coder.
	Unmatched []string
}

// ImportCodings records labelled pairs and coding acts (annotate.Record,
// as `unpv annotate export` writes them, skips included, or as
// gold-dev.jsonl holds them) as codings. Each record's sentence is found
// by its SentenceID when the stored sentence reads the same, else by its
// text (runs of white space compared as one space) among the sentences of
// its Symbol, else among all sentences; a text found more than once is
// told apart by the speaker, or not matched.
// Importing the same records twice adds nothing.
func ImportCodings(ctx context.Context, st *store.Store, recs []annotate.Record, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{Records: len(recs)}
	found := make([]string, len(recs)) // sentence ID per record
	why := make([]string, len(recs))
	// By ID.
	var ids []string
	for _, r := range recs {
		if r.SentenceID != "" {
			ids = append(ids, r.SentenceID)
		}
	}
	refs, err := st.SentenceRefs(ctx, ids)
	if err != nil {
		return res, err
	}
	for i, r := range recs {
		if ref, ok := refs[r.SentenceID]; ok && (r.Sentence == "" || normText(r.Sentence) == normText(ref.Text)) {
			found[i] = r.SentenceID
		}
	}
	// By text within the record's symbol, then anywhere.
	bySymbol := map[string][]int{}
	for i, r := range recs {
		if found[i] == "" {
			bySymbol[r.Symbol] = append(bySymbol[r.Symbol], i)
		}
	}
	var rest []int
	for symbol, idx := range bySymbol {
		if symbol == "" {
			rest = append(rest, idx...)
			continue
		}
		if err := matchText(ctx, st, symbol, recs, idx, found, why); err != nil {
			return res, err
		}
		for _, i := range idx {
			if found[i] == "" && why[i] == "" {
				rest = append(rest, i)
			}
		}
	}
	if len(rest) > 0 {
		if err := matchText(ctx, st, "", recs, rest, found, why); err != nil {
			return res, err
		}
	}
	queue := cmp.Or(opt.Queue, "import")
	var cs []unpv.Coding
	var stored map[string]store.SentenceRef
	var foundIDs []string
	for _, id := range found {
		if id != "" {
			foundIDs = append(foundIDs, id)
		}
	}
	if stored, err = st.SentenceRefs(ctx, foundIDs); err != nil {
		return res, err
	}
	for i, r := range recs {
		coder := cmp.Or(r.Coder, opt.Coder)
		switch {
		case found[i] == "":
			res.Unmatched = append(res.Unmatched, fmt.Sprintf("record %d (%s): %s", i+1, cmp.Or(r.ID, r.SentenceID),
				cmp.Or(why[i], "sentence not in the store")))
			continue
		}
		res.Matched++
		if coder == "" {
			res.Unmatched = append(res.Unmatched, fmt.Sprintf("record %d (%s): %s", i+1, cmp.Or(r.ID, r.SentenceID), noCoder(r)))
			continue
		}
		q := r.Queue
		if r.Kind == "" {
			// Not an exported coding act (which has a kind and keeps its
			// queue as it was, empty or not) but a labelled pair, of a
			// gold file or a labels export (which has a time): say where
			// the label came from.
			q = cmp.Or(q, queue)
		}
		cs = append(cs, unpv.Coding{SentenceID: found[i], Target: r.Target, Coder: coder, Label: r.Label, Note: r.Note,
			At: r.At, Queue: q, Adjudication: r.Adjudicates(), Sentence: stored[found[i]].Text,
			ModelLabel: r.ModelLabel, Model: r.Model})
	}
	res.Added, err = st.ImportCodings(ctx, cs)
	return res, err
}

// noCoder says why a record without a coder is not imported, and what to
// do. A labels export's line names the pair's coders, not one: --coder
// would give them all to one coder (two coders' agreed label became one
// coder's), so it points to the codings export, which keeps each coder's.
func noCoder(r annotate.Record) string {
	if len(r.Coders) == 0 && r.Status == "" {
		return "no coder (give --coder)"
	}
	return fmt.Sprintf("a line of a labels export (%s, coders %s) names no one coder: import a codings export "+
		"(unpv annotate export --codings) to keep who labelled what, or give --coder to take the labels as one coder's",
		cmp.Or(string(r.Status), "no status"), strings.Join(r.Coders, ", "))
}

// normText is the text a label is matched by: spaces folded, and without
// the paragraph number a sentence imported before import-9 began with
// ("63. I want also to pay a tribute…"), so that its label finds the
// sentence as it reads now.
func normText(s string) string {
	if _, n, _ := un.ParagraphNumber(s); n > 0 {
		s = s[n:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// matchText finds the records idx by their sentence text among the
// sentences of symbol ("" for all), setting found or, for a text found
// more than once that the speaker does not settle, why.
func matchText(ctx context.Context, st *store.Store, symbol string, recs []annotate.Record, idx []int, found, why []string) error {
	want := map[string]bool{}
	for _, i := range idx {
		want[normText(recs[i].Sentence)] = true
	}
	cands := map[string][]string{} // text → sentence IDs
	err := st.EachSentenceText(ctx, symbol, func(id, _, text string) error {
		if t := normText(text); want[t] {
			cands[t] = append(cands[t], id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, i := range idx {
		ids := cands[normText(recs[i].Sentence)]
		if len(ids) > 1 {
			ids, err = bySpeaker(ctx, st, ids, recs[i].Speaker)
			if err != nil {
				return err
			}
		}
		switch len(ids) {
		case 0:
		case 1:
			found[i] = ids[0]
		default:
			why[i] = fmt.Sprintf("the sentence is stored %d times (%s, …); give its sentence_id", len(ids), ids[0])
		}
	}
	return nil
}

// bySpeaker keeps the sentences whose speaker (as printed) or delegation
// code is speaker.
func bySpeaker(ctx context.Context, st *store.Store, ids []string, speaker string) ([]string, error) {
	if speaker == "" {
		return ids, nil
	}
	refs, err := st.SentenceRefs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		if r := refs[id]; strings.EqualFold(r.Speaker, speaker) || strings.EqualFold(r.DelegationCode, speaker) {
			out = append(out, id)
		}
	}
	return out, nil
}

// openStore opens dataDir's existing store for the annotate commands and
// the labelling page (an error wrapping ErrNoStore when there is none),
// quick-checked unless unchanged since the last check; read-only for the
// commands that only read it (store.OpenReadOnly).
func openStore(ctx context.Context, dataDir string, write bool) (*store.Store, error) {
	open := store.OpenReadOnly
	if write {
		open = store.OpenExisting
	}
	return openChecked(ctx, dataDir, open, true)
}

// ErrReadOnly: the store can be read but not written by this process (a
// read-only mount, a directory or file it may not write): store.ErrReadOnly.
var ErrReadOnly = store.ErrReadOnly

// ExportAnnotations is ExportCodings over dataDir's store.
func ExportAnnotations(ctx context.Context, dataDir string, w io.Writer, opt ExportOptions) (int, error) {
	st, err := openStore(ctx, dataDir, false)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	return ExportCodings(ctx, st, w, opt)
}

// ImportAnnotations is ImportCodings into dataDir's store.
func ImportAnnotations(ctx context.Context, dataDir string, recs []annotate.Record, opt ImportOptions) (ImportResult, error) {
	st, err := openStore(ctx, dataDir, true)
	if err != nil {
		return ImportResult{}, err
	}
	defer st.Close()
	return ImportCodings(ctx, st, recs, opt)
}

// ReadAnnotationStats is AnnotationStats of dataDir's store.
func ReadAnnotationStats(ctx context.Context, dataDir string) (annotate.Stats, error) {
	st, err := openStore(ctx, dataDir, false)
	if err != nil {
		return annotate.Stats{}, err
	}
	defer st.Close()
	return AnnotationStats(ctx, st)
}

// OpenWorkspace opens the labelling page's workspace over dataDir's store
// and ix (may be nil); close it when done. A store this process can read
// but not write is an error wrapping ErrReadOnly.
func OpenWorkspace(ctx context.Context, dataDir string, ix *index.Index) (ws *Workspace, closeFn func() error, err error) {
	st, err := openStore(ctx, dataDir, true)
	// The store says when it cannot be written (ErrReadOnly) or is busy;
	// another failure to open it for writing where it opens for reading is
	// taken for the first.
	if err != nil && !errors.Is(err, ErrNoStore) && !errors.Is(err, store.ErrDamaged) && !errors.Is(err, ErrReadOnly) && !errors.Is(err, store.ErrBusy) {
		if r, rerr := store.OpenReadOnly(ctx, dataDir); rerr == nil {
			r.Close()
			err = fmt.Errorf("%w: %w", ErrReadOnly, err)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return NewWorkspace(st, ix), st.Close, nil
}

// AccessKeyFile, in the data directory, keeps the labelling page's access
// key (`unpv serve` beyond loopback): coders keep logging in with the same
// key after a restart, which made a new one each time. Delete it for a new
// key; sessions already open stay open.
const AccessKeyFile = "annotate.key"

// ErrKeyExposed: the access key file can be read or written by users other
// than its owner (Unix). unpv serve refuses it rather than warn, as ssh
// refuses such a private key: a warning scrolls by in a service's log, and
// the key lets whoever read it code and undo as any coder.
var ErrKeyExposed = errors.New("readable or writable by others than its owner")

// AccessKey returns the data directory's access key, made (random, 26
// characters, readable only by its owner on Unix) the first time. The key
// is written whole under a temporary name and then linked into place, which
// never replaces a file: two serves starting together share one key, and
// neither reads a half-written one.
func AccessKey(dataDir string) (string, error) {
	path := filepath.Join(dataDir, AccessKeyFile)
	for range 2 {
		key, err := readAccessKey(path)
		if !errors.Is(err, fs.ErrNotExist) {
			return key, err
		}
		key, err = writeAccessKey(dataDir, path)
		if !errors.Is(err, fs.ErrExist) {
			return key, err
		}
		// Another serve made it meanwhile: read that one.
	}
	return "", fmt.Errorf("access key %s: there, but it cannot be read (a link to nothing?): delete it for a new one", path)
}

// maxKeyFile is more than any key a person would write into the file.
const maxKeyFile = 4 << 10

func readAccessKey(path string) (string, error) {
	// limit.Open: a FIFO named like the key is refused before it is
	// opened, since opening one waits for a writer (serve hung there).
	f, _, err := limit.Open(path, maxKeyFile)
	if errors.Is(err, limit.ErrNotRegular) {
		return "", fmt.Errorf("access key %s: not a regular file: delete it for a new one", path)
	}
	if err != nil {
		return "", fmt.Errorf("access key: %w", err)
	}
	defer f.Close()
	// The file opened, not its name: a link is judged by what it leads to.
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("access key: %w", err)
	}
	if err := checkKeyMode(path, fi); err != nil {
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile))
	if err != nil {
		return "", fmt.Errorf("access key: %w", err)
	}
	key := strings.TrimSpace(string(b))
	if len(key) < 16 || strings.ContainsAny(key, " \t\r\n") {
		return "", fmt.Errorf("access key %s: not a key (16 characters or more, no spaces): delete it for a new one", path)
	}
	return key, nil
}

func writeAccessKey(dataDir, path string) (string, error) {
	key := rand.Text()
	f, err := os.CreateTemp(dataDir, ".annotate.key-*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("access key: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(key + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(f.Name(), path)
	}
	if err != nil {
		return "", fmt.Errorf("access key: %w", err)
	}
	return key, nil
}
