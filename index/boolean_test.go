package index

import (
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
)

func TestBooleanWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NATO AND CSTO", "+NATO +CSTO"},
		{"NATO NOT Russia", "NATO -Russia"},
		{"NATO OR CSTO", "NATO CSTO"},
		{"NATO AND NOT Russia", "+NATO -Russia"},
		{`"African Union" AND delegation:RUS`, `+"African Union" +delegation:RUS`},
		{"year:>=2010 AND CSTO^2", "+year:>=2010 +CSTO^2"},
		{"-sanctions AND ECOWAS", "-sanctions +ECOWAS"},
		{"+NATO NOT +CSTO", "+NATO -CSTO"},
		{"NOT NATO", "-NATO"},
		{"NATO AND", "+NATO"},
		{"peace~1 AND secur*", "+peace~1 +secur*"},
		// Left as written: lower case, inside a phrase, no boolean word,
		// or a rewrite that would not parse.
		{"NATO and CSTO", "NATO and CSTO"},
		{`"peace AND security"`, `"peace AND security"`},
		{"ANDORRA OR", "ANDORRA"},
		{"NORTH", "NORTH"},
		{`unterminated "AND`, `unterminated "AND`},
		{"AND", "AND"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, err := booleanWords(tt.in); got != tt.want || err != nil {
				t.Errorf("booleanWords(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
	// No grouping: AND with OR would be read A +B +C, where A only ranks.
	for _, q := range []string{"peacekeeping OR mediation AND CSTO", "NATO AND CSTO OR OSCE", "NOT NOT NATO"} {
		if _, err := booleanWords(q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("booleanWords(%q): %v, want ErrBadQuery", q, err)
		}
	}
}

// TestBooleanSearch: AND, OR and NOT work as operators in a search (they
// were words, dropped as stop words: `NATO AND CSTO` found either, `NATO
// NOT Russia` found Russia).
func TestBooleanSearch(t *testing.T) {
	docs := fixtureDocs(t)[:4]
	for i, text := range []string{
		"NATO expanded eastwards.",
		"The CSTO and NATO should talk.",
		"Russia criticised NATO again.",
		"Russia praised the CSTO.",
	} {
		docs[i].Speech.Text, docs[i].Stances, docs[i].Mentions = text, nil, nil
		docs[i].Sentences = fixtureSentences(docs[i].Speech)
	}
	_, ix := buildIndex(t, docs)
	ids := func(is ...int) []string { return speechIDs(docs, is...) }
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"NATO AND CSTO", ids(1)},
		{"NATO OR CSTO", ids(0, 1, 2, 3)},
		{"NATO NOT Russia", ids(0, 1)},
		{"Russia AND NOT NATO", ids(3)},
		{"NOT NATO", ids(3)}, // as -NATO: everything but
	} {
		t.Run(c.query, func(t *testing.T) {
			for _, literal := range []bool{false, true} {
				if got := allIDs(t, ix, Query{Text: c.query, Literal: literal}); !cmp.Equal(c.want, got) {
					t.Errorf("%q literal %v (-want +got):\n%s", c.query, literal, cmp.Diff(c.want, got))
				}
			}
		})
	}
}

// FuzzBooleanWords: the rewrite never breaks a query: it parses wherever
// it changed anything.
func FuzzBooleanWords(f *testing.F) {
	for _, s := range []string{"NATO AND CSTO", "a OR b AND NOT c", `"x AND" AND y:z^2`, "+ AND -", "year:>=2 NOT", `\AND OR~`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := booleanWords(s)
		if err != nil || out == s {
			return
		}
		if _, err := query.NewQueryStringQuery(out).Parse(); err != nil {
			t.Fatalf("%q -> %q does not parse: %v", s, out, err)
		}
	})
}
