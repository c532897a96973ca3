package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"
)

// TestKWIC: a concordance line is the first match with width runes of
// context on each side, line breaks read as spaces (a mutant taking the
// last match survived every test). The sentence is S/PV.8754#4's, with a
// line break added where text from a PDF keeps one.
func TestKWIC(t *testing.T) {
	text := "Additionally, tripartite coordination meetings between UNIOGBIS, ECOWAS\nand UNOWAS are being held to accompany the transition process and for supporting ECOWAS mediation efforts."
	span := func(word string, n int) Span {
		at := 0
		for ; n > 1; n-- {
			at += strings.Index(text[at:], word) + len(word)
		}
		i := at + strings.Index(text[at:], word)
		return Span{Start: i, End: i + len(word)}
	}
	tests := []struct {
		name  string
		spans []Span
		width int
		want  KWIC
	}{
		{"the first of two", []Span{span("ECOWAS", 1), span("ECOWAS", 2)}, 20,
			KWIC{Left: "s between UNIOGBIS, ", Match: "ECOWAS", Right: " and UNOWAS are bein"}},
		{"the second alone", []Span{span("ECOWAS", 2)}, 12,
			KWIC{Left: " supporting ", Match: "ECOWAS", Right: " mediation e"}},
		{"a match at the start", []Span{span("Additionally", 1)}, 5,
			KWIC{Match: "Additionally", Right: ", tri"}},
		{"no match: the start", nil, 10, KWIC{Right: "Additional"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, kwic(text, tt.spans, tt.width)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMatchSpansJoinHyphens: the words of a hyphenated match are one mark,
// so that a concordance line's keyword is the whole word; a dash between
// two matches still parts them.
func TestMatchSpansJoinHyphens(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"situation in Guinea-Bissau today", []string{"Guinea-Bissau"}},
		{"situation in Guinea- Bissau today", []string{"Guinea- Bissau"}},
		{"future peace\u2010keeping operations", []string{"peace\u2010keeping"}},
		{"Guinea \u2014 Bissau", []string{"Guinea", "Bissau"}},
	} {
		locs := search.TermLocationMap{}
		for _, w := range []string{"Guinea", "Bissau", "peace", "keeping"} {
			if i := strings.Index(tt.text, w); i >= 0 {
				locs[strings.ToLower(w)] = search.Locations{{Start: uint64(i), End: uint64(i + len(w))}}
			}
		}
		var got []string
		for _, s := range matchSpans(tt.text, locs) {
			got = append(got, tt.text[s.Start:s.End])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.text, diff)
		}
	}
}
