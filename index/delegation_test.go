package index

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIndexedDelegationCodes: a delegation code that un/delegations.tsv
// does not know but the index holds (a General Debate statement filed as
// ATL_79_2024.txt) is a filter like any other, in any case, on the command
// line's path (Normalise, Each) and the web's (Validate, Search, the page
// and the API); the facet offered it and its link answered 400. A code
// neither knows is still refused with the hint, and so is one whose
// speeches have been removed from the index.
func TestIndexedDelegationCodes(t *testing.T) {
	ctx := context.Background()
	docs := fixtureDocs(t)[:30]
	var atl []string
	for i := range docs {
		if i%10 == 3 {
			docs[i].Speech.DelegationCode = "ATL"
			docs[i].Document = "test:ATL"
			atl = append(atl, docs[i].Speech.ID)
		}
	}
	slices.Sort(atl)
	dir, ix := buildIndex(t, docs)

	// Validate looks the code up in the index under the caller's context
	// (a server's request): it used context.Background().
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.Validate(cancelled, Query{Delegations: []string{"ATL"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Validate with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := (Query{Delegations: []string{"ATL"}}).Normalise(); !errors.Is(err, ErrBadQuery) {
		t.Fatalf("Query.Normalise without the index: %v, want the table's refusal", err)
	}
	for _, d := range []string{"ATL", "atl", " Atl "} {
		q := Query{Delegations: []string{d}}
		n, err := ix.Normalise(ctx, q)
		if err != nil || !slices.Equal(n.Delegations, []string{"ATL"}) {
			t.Errorf("Normalise %q: %v %v, want ATL", d, n.Delegations, err)
		}
		if err := ix.Validate(ctx, q); err != nil {
			t.Errorf("Validate %q: %v", d, err)
		}
		if got := allIDs(t, ix, q); !cmp.Equal(atl, got) {
			t.Errorf("Each %q (-want +got):\n%s", d, cmp.Diff(atl, got))
		}
		res, err := ix.Search(ctx, Query{Delegations: []string{d, "rus"}, Facets: true})
		if err != nil {
			t.Fatalf("Search %q,rus: %v", d, err)
		}
		if res.Total <= uint64(len(atl)) {
			t.Errorf("Search %q,rus: %d hits, want ATL's %d and RUS's", d, res.Total, len(atl))
		}
	}
	h := NewHandler(ix, HandlerOptions{})
	if res, body := get(t, h, "/?delegation=ATL"); res.StatusCode != http.StatusOK || !strings.Contains(body, "ATL") {
		t.Errorf("page: %d\n%.500s", res.StatusCode, body)
	}
	res, body := get(t, h, "/api/search?delegation=atl&size=100")
	var api struct {
		Total int
		Hits  []Hit
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &api) != nil || api.Total != len(atl) {
		t.Errorf("API: %d, %d hits, want %d\n%.300s", res.StatusCode, api.Total, len(atl), body)
	}
	for _, h := range api.Hits {
		if h.Delegation != "ATL" {
			t.Errorf("API hit %s: delegation %q", h.ID, h.Delegation)
		}
	}

	refused := func(what string, d string) {
		t.Helper()
		q := Query{Delegations: []string{d}}
		if _, err := ix.Normalise(ctx, q); !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), "Russian Federation") {
			t.Errorf("%s: Normalise %q: %v, want a bad query with the hint", what, d, err)
		}
		if err := ix.Validate(ctx, q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%s: Validate %q: %v", what, d, err)
		}
		if _, err := ix.Search(ctx, q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%s: Search %q: %v", what, d, err)
		}
		if res, _ := get(t, h, "/api/search?delegation="+d); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: API %q: %d, want 400", what, d, res.StatusCode)
		}
	}
	refused("unknown", "XXX")
	refused("unknown", "AT") // a prefix of a held code is not it

	// Removed from the index: the code may stay in the term dictionary of
	// an unmerged segment, but no speech has it.
	if _, err := Update(ctx, dir, Build{Fingerprint: "no ATL", Remove: []string{"test:ATL"}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	refused("removed", "ATL")
}

// TestNormaliseDates: dates are spelled in ISO by Normalise, as delegations
// and organisations are spelled as the index holds them, so that the query
// an export echoes reads as the index's dates ("8 January 2020" was echoed
// as typed).
func TestNormaliseDates(t *testing.T) {
	for _, tc := range []struct{ from, to, wantFrom, wantTo string }{
		{"8 January 2020", "January 2020", "2020-01-08", "2020-01"},
		{"2019", " 2020-02-03 ", "2019", "2020-02-03"},
		{"", "Jan 8, 2021", "", "2021-01-08"},
	} {
		n, err := (Query{From: tc.from, To: tc.to}).Normalise()
		if err != nil || n.From != tc.wantFrom || n.To != tc.wantTo {
			t.Errorf("Normalise(from %q, to %q) = %q, %q, %v; want %q, %q", tc.from, tc.to, n.From, n.To, err, tc.wantFrom, tc.wantTo)
		}
	}
}

// TestNormaliseLists: Normalise drops a list filter's blank values and
// keeps a repeated one once, as its doc says (a mutant resolving blank
// values, which refused Query{Delegations: {"RUS", " "}} as a bad
// delegation, survived: the command line and the page drop blanks before).
func TestNormaliseLists(t *testing.T) {
	tests := []struct {
		name     string
		in, want Query
	}{
		{"blank values", Query{Delegations: []string{"RUS", " "}, Bodies: []string{""}, Targets: []string{"", "OSCE"}, Years: []string{" "}},
			Query{Delegations: []string{"RUS"}, Targets: []string{"OSCE"}}},
		{"repeats, in other spellings", Query{Delegations: []string{"rus", "Russian Federation", "RUS"}, Stances: []string{"counter", "Counter"},
			Roles: []string{"member", " member "}, Years: []string{"2020", "2020"}},
			Query{Delegations: []string{"RUS"}, Stances: []string{"counter"}, Roles: []string{"member"}, Years: []string{"2020"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Normalise()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(Query{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
