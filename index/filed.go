package index

import (
	"context"
	"fmt"
	"slices"
	"strings"

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

// A SeatNote says that another Member held, for a span of days, the seat a
// delegation asked for is filed under, and how many of that Member's
// speeches, filed under its own code, match the rest of the query.
type SeatNote struct {
	Code       string `json:"code"`        // the delegation asked for (RUS)
	Holder     string `json:"holder"`      // the Member that held its seat (SUN)
	HolderName string `json:"holder_name"` // Union of Soviet Socialist Republics
	From       string `json:"from"`        // the days it held the seat, inclusive
	To         string `json:"to"`
	Matches    int    `json:"matches"`
}

// SeatNotes lists, for each delegation q asks for (by code in any case or
// by name) whose seat another Member held within q's dates and years
// (un.SeatsFiledUnder), how many of that Member's speeches match q
// otherwise: --delegation RUS --to 1991 finds none of the Soviet Union's
// speeches, which are filed under SUN, and said only "No speeches match."
// None when the holder is asked for too or none of its speeches match. The
// command line and the web page both say it.
func (ix *Index) SeatNotes(ctx context.Context, q Query) ([]SeatNote, error) {
	codes := make([]string, len(q.Delegations))
	for i, d := range q.Delegations {
		codes[i] = strings.ToUpper(d)
		if c, ok := delegationCode(d); ok {
			codes[i] = c
		}
	}
	var out []SeatNote
	for _, code := range codes {
		for _, s := range un.SeatsFiledUnder(code) {
			if slices.Contains(codes, s.Holder) || !q.reaches(s.From, s.To) {
				continue
			}
			hq := q
			hq.Delegations, hq.Offset, hq.Size, hq.Facets, hq.KWICWidth = []string{s.Holder}, 0, 1, false, 0
			res, err := ix.Search(ctx, hq)
			if err != nil {
				return nil, fmt.Errorf("speeches of %s's seat filed under %s: %w", code, s.Holder, err)
			}
			if res.Total == 0 {
				continue
			}
			holder, _ := un.DelegationByCode(s.Holder)
			out = append(out, SeatNote{Code: code, Holder: s.Holder, HolderName: holder.Name, From: s.From, To: s.To, Matches: int(res.Total)})
		}
	}
	return out, nil
}

// reaches reports whether q's dates (YYYY, YYYY-MM or YYYY-MM-DD, "" for an
// open end) and years overlap the days first–last (YYYY-MM-DD).
func (q Query) reaches(first, last string) bool {
	if !overlaps(q.From, q.To, first, last) {
		return false
	}
	if len(q.Years) == 0 {
		return true
	}
	return slices.ContainsFunc(q.Years, func(y string) bool { return overlaps(y, y, first, last) })
}

// overlaps reports whether the dates from–to overlap the days first–last.
// A partial from stands for its first day, which sorts as its prefix; a
// partial to for its last day.
func overlaps(from, to, first, last string) bool {
	switch len(to) {
	case 4:
		to += "-12-31"
	case 7:
		to += "-31"
	}
	return (from == "" || from <= last) && (to == "" || to >= first)
}
