package index

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// TestRecount: a recounted facet lists its largest values (ties by value)
// as many as its field shows, counts the rest as Other and leaves out the
// values counted 0. With un's 20 organisations, target_stance has 60
// organisation:label values for its 30 places (a mutant that dropped
// Other survived every test: the fixture names fewer).
func TestRecount(t *testing.T) {
	pairs := map[string]int{}
	wantPairs := Facet{Name: "target_stance", Field: FieldStance, Terms: []FacetTerm{}}
	var all []FacetTerm
	n := 0
	for _, o := range un.Organisations() {
		for _, l := range unpv.Labels {
			n++
			term := o.Acronym + ":" + string(l)
			pairs[term] = n
			all = append(all, FacetTerm{Term: term, Count: n})
			wantPairs.Total += n
		}
	}
	if n <= 30 {
		t.Fatalf("%d organisation:label values: the case cannot overflow target_stance's 30", n)
	}
	for i := n - 1; i >= n-30; i-- {
		wantPairs.Terms = append(wantPairs.Terms, all[i])
	}
	for _, ft := range all[:n-30] {
		wantPairs.Other += ft.Count
	}
	tests := []struct {
		name string
		f    Facet
		m    map[string]int
		want Facet
	}{
		{"more values than places", Facet{Name: "target_stance", Field: FieldStance, Total: 5, Other: 2, Missing: 1}, pairs, wantPairs},
		{"zeros left out, ties by value", Facet{Name: "stance", Field: FieldLabel, Total: 9, Other: 4, Missing: 3},
			map[string]int{"recognition": 5, "neutral": 5, "counter": 0},
			Facet{Name: "stance", Field: FieldLabel, Total: 10, Terms: []FacetTerm{{"neutral", 5}, {"recognition", 5}}}},
		{"nothing", Facet{Name: "target", Field: FieldTarget, Total: 3, Terms: []FacetTerm{{"AU", 3}}}, map[string]int{"AU": 0},
			Facet{Name: "target", Field: FieldTarget, Terms: []FacetTerm{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, recount(tt.f, tt.m)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestYearFacet: the year facet lists the newest year first, and a year
// or record filter counts only its speeches (mutants listing the oldest
// first and serving a year or a record filter the cached facets of every
// speech survived every test: the fixture's speeches are all of 2020).
// The fixture's real speeches are re-dated: S/PV.8698's to 2019,
// S/PV.8754's to the year 2018 alone, as the General Debate Corpus dates
// a statement.
func TestYearFacet(t *testing.T) {
	docs := redatedFixture(t, map[string]func(string) string{
		"S/PV.8698": func(day string) string { return "2019" + day[4:] },
		"S/PV.8754": func(string) string { return "2018" },
	})
	_, ix := buildIndex(t, docs)
	count := map[string]int{}
	for _, d := range docs {
		count[d.Speech.Date[:4]]++
	}
	if len(count) != 3 {
		t.Fatalf("years %v, want three", count)
	}
	tests := []struct {
		years  []string
		symbol string
		want   []FacetTerm
	}{
		{nil, "", []FacetTerm{{"2020", count["2020"]}, {"2019", count["2019"]}, {"2018", count["2018"]}}},
		{[]string{"2019"}, "", []FacetTerm{{"2019", count["2019"]}}},
		{[]string{"2018", "2020"}, "", []FacetTerm{{"2020", count["2020"]}, {"2018", count["2018"]}}},
		// One record (the page's symbol=), whose speeches are of 2019.
		{nil, "S/PV.8698", []FacetTerm{{"2019", count["2019"]}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.years, tt.symbol), func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Years: tt.years, Symbol: tt.symbol, Facets: true, Size: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := facetByName(res.Facets, "year")
			if f == nil {
				t.Fatal("no year facet")
			}
			if diff := cmp.Diff(tt.want, f.Terms); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestYearFacetListsEveryYear: the year facet lists every year its hits
// have, however many. It listed 40, the largest counts with ties broken by
// value, so one delegation's general-debate statements (one a year, 1946–
// 2024) listed 1946–1988 and none of its later years, in a chronological
// list that read as complete. Here the fixture's speeches are re-dated, one
// a year from 1946 to 2024 and the rest to 2024, as the General Debate
// Corpus dates a statement (its year alone).
func TestYearFacetListsEveryYear(t *testing.T) {
	docs := fixtureDocs(t)
	const first, last = 1946, 2024
	count := map[string]int{}
	for i := range docs {
		y := strconv.Itoa(min(first+i, last))
		docs[i].Speech.Date = y
		count[y]++
	}
	if len(count) != last-first+1 {
		t.Fatalf("%d years, want %d (the fixture has %d speeches)", len(count), last-first+1, len(docs))
	}
	var want []FacetTerm
	for y := last; y >= first; y-- {
		want = append(want, FacetTerm{strconv.Itoa(y), count[strconv.Itoa(y)]})
	}
	_, ix := buildIndex(t, docs)
	res, err := ix.Search(context.Background(), Query{Facets: true, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := facetByName(res.Facets, "year")
	if f == nil {
		t.Fatal("no year facet")
	}
	if diff := cmp.Diff(want, f.Terms); diff != "" {
		t.Errorf("year facet (-want +got):\n%s", diff)
	}
	if f.Other != 0 {
		t.Errorf("year facet: other %d, want 0", f.Other)
	}
}
