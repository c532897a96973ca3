package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// checkedPhrase finds speeches with the candidate query (the phrase's word
// pairs) and keeps those where the exact phrase occurs, checked with the
// term positions of that speech only.
//
// Bleve's phrase searcher gives the same hits but walks every speech that
// holds all the phrase's words, building a term-location map for each: for
// a phrase of common words ("international peace and security") that cost
// ~10 µs a speech and most of the query. Here the position readers are only
// advanced to candidates, and the check allocates nothing.
type checkedPhrase struct {
	candidates query.Query
	phrase     *query.MatchPhraseQuery
}

// Searcher implements query.Query.
func (q *checkedPhrase) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	field := q.phrase.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	var terms [][]string
	if a := m.AnalyzerNamed(m.AnalyzerNameForPath(field)); a != nil {
		terms = phraseTerms(a.Analyze([]byte(q.phrase.MatchPhrase)))
	}
	simple := len(terms) > 0
	for _, t := range terms {
		simple = simple && len(t) <= 1
	}
	if !simple || len(terms[0]) == 0 { // what fastPhrases never builds: leave it to Bleve
		return query.NewConjunctionQuery([]query.Query{q.candidates, q.phrase}).Searcher(ctx, r, m, options)
	}
	cand, err := q.candidates.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	s := &phraseCheckSearcher{cand: cand}
	for off, t := range terms {
		if len(t) == 0 { // a removed stop word: any word matches here
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t[0]), field, true, false, true)
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("phrase %q: %w", q.phrase.MatchPhrase, err)
		}
		s.terms = append(s.terms, phraseTerm{reader: tfr, offset: uint64(off)})
	}
	return s, nil
}

// phraseTerms mirrors Bleve's tokenStreamToPhrase: one slot per position,
// empty where the analyser removed a word.
func phraseTerms(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

type phraseTerm struct {
	reader bindex.TermFieldReader
	offset uint64 // position relative to the phrase's first word
	doc    bindex.TermFieldDoc
	at     bool // doc holds the reader's current posting
	done   bool // the reader is exhausted
}

// seek moves the reader to id unless it is already there or past it (a
// backward Advance restarts the reader) and reports whether id holds the term.
func (t *phraseTerm) seek(id bindex.IndexInternalID) (bool, error) {
	if t.done {
		return false, nil
	}
	if !t.at || t.doc.ID.Compare(id) < 0 {
		d, err := t.reader.Advance(id, t.doc.Reset())
		if err != nil {
			return false, err
		}
		if d == nil {
			t.done = true
			return false, nil
		}
		if d != &t.doc {
			t.doc = *d
		}
		t.at = true
	}
	return t.doc.ID.Equals(id), nil
}

type phraseCheckSearcher struct {
	cand  search.Searcher
	terms []phraseTerm
	// starts holds, during matches, the positions of the first word at
	// which the phrase can still begin.
	starts []*bindex.TermFieldVector
}

// matches reports whether the phrase occurs in id, with the rules of
// Bleve's findPhrasePaths without slop: word k of the phrase at the first
// word's position plus k, in the same field and array positions. The words
// are read one after the other and the check stops at the first that
// leaves no start, so a speech that has the words but not the phrase
// often costs the positions of two words only.
func (s *phraseCheckSearcher) matches(id bindex.IndexInternalID) (bool, error) {
	ok, err := s.terms[0].seek(id)
	if err != nil || !ok {
		return false, err
	}
	s.starts = append(s.starts[:0], s.terms[0].doc.Vectors...)
	for i := 1; i < len(s.terms) && len(s.starts) > 0; i++ {
		t := &s.terms[i]
		ok, err := t.seek(id)
		if err != nil || !ok {
			return false, err
		}
		kept := s.starts[:0]
		for _, v := range s.starts {
			want := v.Pos + t.offset
			for _, w := range t.doc.Vectors {
				if w.Pos == want && w.Field == v.Field && slices.Equal(w.ArrayPositions, v.ArrayPositions) {
					kept = append(kept, v)
					break
				}
			}
		}
		s.starts = kept
	}
	return len(s.starts) > 0, nil
}

func (s *phraseCheckSearcher) check(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for dm != nil && err == nil {
		var ok bool
		if ok, err = s.matches(dm.IndexInternalID); err != nil || ok {
			break
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = s.cand.Next(ctx)
	}
	if err != nil {
		return nil, err
	}
	return dm, nil
}

func (s *phraseCheckSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.cand.Next(ctx)
	return s.check(ctx, dm, err)
}

func (s *phraseCheckSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.cand.Advance(ctx, id)
	return s.check(ctx, dm, err)
}

func (s *phraseCheckSearcher) Close() error {
	var first error
	if s.cand != nil {
		first = s.cand.Close()
	}
	for _, t := range s.terms {
		if err := t.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *phraseCheckSearcher) Weight() float64            { return s.cand.Weight() }
func (s *phraseCheckSearcher) SetQueryNorm(n float64)     { s.cand.SetQueryNorm(n) }
func (s *phraseCheckSearcher) Count() uint64              { return s.cand.Count() }
func (s *phraseCheckSearcher) Min() int                   { return s.cand.Min() }
func (s *phraseCheckSearcher) DocumentMatchPoolSize() int { return s.cand.DocumentMatchPoolSize() }

func (s *phraseCheckSearcher) Size() int {
	n := s.cand.Size()
	for _, t := range s.terms {
		n += t.reader.Size() + t.doc.Size()
	}
	return n
}
