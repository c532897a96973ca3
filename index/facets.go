package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/unpv/unpv/un"
)

// clickFacets recounts the facets whose values do not narrow q's hits but
// search something else, so that every count is what its value finds as a
// filter (the search page links each value to q with it set):
//
//   - stance and target_stance: a stance filter searches sentences, so a
//     speech query's facets, which counted the speeches with such a
//     sentence anywhere, promised hits the link did not find (CSTO: counter
//     6, then no sentence); they count the sentences of q's text and other
//     filters with that stance (toward q's organisations, if any);
//   - target, under an organisation or stance filter: its value replaces the
//     organisation (and under a stance filter pairs with that stance), so it
//     counts what that replacement finds, not the hits that also name it.
//
// fs are q's own facets, which stay for the other fields.
func (g *generation) clickFacets(ctx context.Context, q Query, l Limits, fs []Facet) ([]Facet, error) {
	c, err := g.clickCounts(ctx, q, l)
	if err != nil {
		return nil, err
	}
	return c.apply(fs), nil
}

// clicks are the recounted facets of clickFacets: counts per stance, per
// organisation:stance pair and (nil when not recounted) per organisation.
type clicks struct{ stance, pairs, target map[string]int }

// clickCounts makes clickFacets' searches, which need none of q's own
// results, so Search runs them beside its own.
func (g *generation) clickCounts(ctx context.Context, q Query, l Limits) (clicks, error) {
	if q.MinConfidence > 0 {
		return g.confidentCounts(ctx, q, l)
	}
	// The sentences of q's text and its other filters, whatever their
	// stance and organisation: their labels and organisation:label pairs.
	base := q
	base.Targets, base.Stances, base.sentences = nil, nil, true
	counts, err := g.facetSearch(ctx, base, l, FieldLabel, FieldStance)
	if err != nil {
		return clicks{}, err
	}
	labels, pairs := counts[0], counts[1]
	stance := make(map[string]int)
	for _, lab := range labelNames() {
		switch {
		case len(q.Targets) == 0:
			stance[lab] = labels[lab]
		case len(q.Targets) == 1:
			// One stance per sentence and organisation: the pair's count.
			stance[lab] = pairs[q.Targets[0]+":"+lab]
		default:
			// A sentence may hold the label toward two of them: count.
			c := q
			c.Stances, c.Facets, c.sentences = []string{lab}, false, false
			n, err := g.count(ctx, c, l)
			if err != nil {
				return clicks{}, err
			}
			stance[lab] = n
		}
	}
	var target map[string]int
	switch {
	case len(q.Stances) > 0:
		target = make(map[string]int)
		for p, n := range pairs {
			for _, lab := range q.Stances {
				if t, ok := strings.CutSuffix(p, ":"+lab); ok && t != "" {
					target[t] += n
				}
			}
		}
	case len(q.Targets) > 0:
		c := q
		c.Targets = nil
		counts, err := g.facetSearch(ctx, c, l, FieldTarget)
		if err != nil {
			return clicks{}, err
		}
		target = counts[0]
	}
	return clicks{stance: stance, pairs: pairs, target: target}, nil
}

// confidentCounts recounts the stance, organisation and pair facets of a
// query with a MinConfidence as the searches their links make count: a
// sentence a stance kept also holds its other labels and organisations,
// whose stances may be under the threshold and so not found by their link
// (a report with --min-confidence does not count them either).
//
// One search counts them all: the sentences of q's text and other filters
// with any stance that reached the threshold, faceted on
// FieldStanceConfidence, which holds one term per target:label of a
// sentence and one per *:label (the highest confidence of that label); a
// value's link finds the sentences whose term for it is within the range
// confidenceFilter searches (an organisation's, those of its labels; a
// sentence holds one stance toward an organisation). Only a stance facet
// under two or more organisations needs searches of its own (a sentence
// may hold the label toward both). It was one search per facet value,
// about 80 on the demo.
func (g *generation) confidentCounts(ctx context.Context, q Query, l Limits) (clicks, error) {
	base := q
	base.Targets, base.Stances = nil, nil // any stance that reached MinConfidence
	counts, err := g.facetSearch(ctx, base, l, FieldStanceConfidence)
	if err != nil {
		return clicks{}, err
	}
	reached := map[[2]string]int{} // sentences per target:label whose term is in range
	// A term is target:label:confidence (stanceConfidence), the
	// confidence's text ordered as the numbers are.
	least := confidenceText(q.MinConfidence)
	for term, n := range counts[0] {
		t, rest, ok := strings.Cut(term, ":")
		lab, conf, ok2 := strings.Cut(rest, ":")
		if ok && ok2 && conf >= least {
			reached[[2]string{t, lab}] += n
		}
	}
	c := clicks{stance: map[string]int{}, pairs: map[string]int{}, target: map[string]int{}}
	for k, n := range reached {
		if t, lab := k[0], k[1]; t != anyValue {
			c.pairs[t+":"+lab] = n
			if len(q.Stances) == 0 || slices.Contains(q.Stances, lab) {
				c.target[t] += n // one stance per sentence and organisation
			}
		}
	}
	for _, lab := range labelNames() {
		switch len(q.Targets) {
		case 0:
			c.stance[lab] = reached[[2]string{anyValue, lab}]
		case 1:
			c.stance[lab] = reached[[2]string{q.Targets[0], lab}]
		default:
			v := q
			v.Stances, v.sentences = []string{lab}, false
			if c.stance[lab], err = g.count(ctx, v, l); err != nil {
				return clicks{}, err
			}
		}
	}
	return c, nil
}

// apply puts the recounted facets in place of fs's.
func (c clicks) apply(fs []Facet) []Facet {
	out := slices.Clone(fs)
	for i, f := range out {
		switch f.Name {
		case "stance":
			out[i] = recount(f, c.stance)
		case "target_stance":
			out[i] = recount(f, c.pairs)
		case "target":
			if c.target != nil {
				out[i] = recount(f, c.target)
			}
		}
	}
	return out
}

// facetSearch counts the hits of q per value of each field: every value
// (an organisation:label pair at most 3 per organisation; a
// FieldStanceConfidence term, one per confidence, unbounded).
func (g *generation) facetSearch(ctx context.Context, q Query, l Limits, fields ...string) ([]map[string]int, error) {
	q.Facets, q.Offset, q.KWICWidth = false, 0, 0
	req, _, err := q.request(0, false, l)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		size := 3*len(un.Organisations()) + 10
		if f == FieldStanceConfidence {
			size = math.MaxInt32
		}
		req.AddFacet(f, bleve.NewFacetRequest(f, size))
	}
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	out := make([]map[string]int, len(fields))
	for i, f := range fields {
		out[i] = termCounts(res.Facets[f])
	}
	return out, nil
}

func termCounts(r *search.FacetResult) map[string]int {
	m := map[string]int{}
	if r != nil && r.Terms != nil {
		for _, t := range r.Terms.Terms() {
			m[t.Term] = t.Count
		}
	}
	return m
}

// count is the number of hits of q.
func (g *generation) count(ctx context.Context, q Query, l Limits) (int, error) {
	q.Facets, q.Offset, q.KWICWidth = false, 0, 0
	req, _, err := q.request(0, false, l)
	if err != nil {
		return 0, err
	}
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("facets: %w", err)
	}
	return int(res.Total), nil
}

// recount gives f the counts of m, the largest first (ties by value) and as
// many as f's field shows; values counted 0 are left out.
func recount(f Facet, m map[string]int) Facet {
	size := len(f.Terms)
	for _, spec := range facetSpec {
		if spec.name == f.Name {
			size = spec.size
		}
	}
	f.Terms, f.Total, f.Other, f.Missing = []FacetTerm{}, 0, 0, 0
	for term, n := range m {
		if n > 0 {
			f.Terms = append(f.Terms, FacetTerm{Term: term, Count: n})
			f.Total += n
		}
	}
	slices.SortFunc(f.Terms, func(a, b FacetTerm) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term)) })
	if len(f.Terms) > size {
		for _, t := range f.Terms[size:] {
			f.Other += t.Count
		}
		f.Terms = f.Terms[:size]
	}
	return f
}
