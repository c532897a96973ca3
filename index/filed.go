package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/unpv/unpv/un"
)

// FiledElsewhere says where the speeches of a delegation of un's table are
// when the index files none under its code: the speeches, per delegation
// code, whose speaker label holds every word of the delegation's name, as
// --speaker finds them. It is nil when the index holds a speech under the
// code, or the code is not in the table.
//
// A corpus may file a speech under a code of its own, which need not be
// the table's: a General Debate Corpus file coded with a code the table
// does not know (the speakers table has POR for Portugal) keeps it. The
// corpus's Soviet statements, filed as RUS, were the case that made this
// (--delegation SUN, USSR or "Soviet Union" found none of them); they are
// now filed under SUN (corpora.PlaceStatement).
func (ix *Index) FiledElsewhere(ctx context.Context, code string) (map[string]int, error) {
	del, ok := un.DelegationByCode(code)
	if !ok {
		return nil, nil
	}
	g := ix.acquire()
	defer ix.release(g)
	if _, held, err := g.indexedDelegation(ctx, code); err != nil || held {
		return nil, err
	}
	speaker := bleve.NewMatchQuery(del.Name)
	speaker.SetField(FieldSpeakerText)
	speaker.SetOperator(query.MatchQueryOperatorAnd)
	speeches := bleve.NewBooleanQuery()
	speeches.AddMust(speaker)
	speeches.AddMustNot(terms(FieldKind, []string{KindSentence}))
	req := bleve.NewSearchRequestOptions(speeches, 0, 0, false)
	req.AddFacet(FieldDelegation, bleve.NewFacetRequest(FieldDelegation, 10))
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("speeches printed as %s: %w", del.Name, err)
	}
	counts := termCounts(res.Facets[FieldDelegation])
	delete(counts, code)
	return counts, nil
}
