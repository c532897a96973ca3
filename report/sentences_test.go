package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestDistinctSentences: a sentence that names two organisations is one
// pair per organisation, so the total's and a delegation's `sentences`
// count it twice; the report says how many sentences those pairs are, and
// its summaries name the pairs as mentions. On all of ungdc-full the five
// organisations' report printed "14,675 classified sentences" for 14,284
// sentences (391 named two or more of them).
func TestDistinctSentences(t *testing.T) {
	two := func(r Row, org string) Row { r.Target = org; return r }
	ken1 := row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)
	ken2 := row("S/PV.1#1", "KEN", "AU", "2020-01-08", N, unpv.RelMember)
	ken2.SentenceID = "S/PV.1#1.y"
	eth := row("S/PV.1#2", "ETH", "AU", "2020-01-08", C, unpv.RelMember)
	// A row read from a file without a sentence id: its speech and text
	// say which sentence it is.
	anon := row("S/PV.1#3", "UGA", "AU", "2020-01-08", R, unpv.RelMember)
	anon.SentenceID = ""
	low := two(eth, "IGAD")
	low.Confidence = 0.3
	rows := []Row{ken1, two(ken1, "IGAD"), ken2, eth, anon, two(anon, "IGAD"), low}
	type counts struct{ Pairs, Sentences int }
	for _, tc := range []struct {
		name  string
		opts  Options
		total counts
		dels  map[string]counts
	}{
		{"all", Options{}, counts{7, 4}, map[string]counts{"KEN": {3, 2}, "ETH": {2, 1}, "UGA": {2, 1}}},
		{"one organisation", Options{Targets: []string{"AU"}}, counts{4, 4}, map[string]counts{"KEN": {2, 2}, "ETH": {1, 1}, "UGA": {1, 1}}},
		{"a stance left out", Options{MinConfidence: 0.5}, counts{6, 4}, map[string]counts{"KEN": {3, 2}, "ETH": {1, 1}, "UGA": {2, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(rows, nil, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.total, counts{r.Total.Sentences, r.DistinctSentences}); d != "" {
				t.Errorf("total (-want +got):\n%s", d)
			}
			dels := map[string]counts{}
			for _, d := range r.Delegations {
				dels[d.Code] = counts{d.Sentences, d.DistinctSentences}
			}
			if d := cmp.Diff(tc.dels, dels); d != "" {
				t.Errorf("delegations (-want +got):\n%s", d)
			}
		})
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, []outputCase{
		{"html", func(b *bytes.Buffer) error { return r.WriteHTML(b) },
			[]string{"<b>7</b><span>classified mentions", "<b>4</b><span>classified sentences"}, []string{"<b>7</b><span>classified sentences"}},
		{"markdown", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) },
			[]string{"**7 classified mentions** (4 sentences", "| mentions | sentences | speeches |", "| KEN | Kenya | state | 3 | 2 | 1 |"}, []string{"7 classified sentences"}},
		{"delegation page", func(b *bytes.Buffer) error { return r.WriteDelegationHTML(b, "KEN", "report.html") },
			[]string{"3 classified mentions (2 sentences)"}, []string{"3 classified sentences"}},
	})
}

// TestDistinctSentencesAnyOrder: a sentence id found under two
// delegations (a file's slip) is a sentence of each, once, in whatever
// order its rows come.
func TestDistinctSentencesAnyOrder(t *testing.T) {
	ken := row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)
	eth := ken
	eth.DelegationCode, eth.Target = "ETH", "IGAD"
	ken2 := ken
	ken2.Target = "IGAD"
	for _, rows := range [][]Row{{ken, eth, ken2}, {eth, ken, ken2}, {ken2, eth, ken}} {
		r, err := Build(rows, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{"": r.DistinctSentences}
		for _, d := range r.Delegations {
			got[d.Code] = d.DistinctSentences
		}
		if d := cmp.Diff(map[string]int{"": 1, "KEN": 1, "ETH": 1}, got); d != "" {
			t.Errorf("distinct sentences, rows %s %s %s (-want +got):\n%s", rows[0].DelegationCode, rows[1].DelegationCode, rows[2].DelegationCode, d)
		}
	}
}

// TestEmptySelectionCountsMentions: the message of an empty selection says
// what the data holds in mentions and sentences. On all of ungdc-full it
// said "the data has 24435 sentences", the store's stances, which are
// 22,566 sentences.
func TestEmptySelectionCountsMentions(t *testing.T) {
	au := row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)
	igad := au
	igad.Target = "IGAD"
	anon := row("S/PV.1#2", "KEN", "AU", "2020-01-08", N, unpv.RelMember)
	anon.SentenceID = ""
	anonIGAD := anon
	anonIGAD.Target = "IGAD"
	_, err := Build([]Row{au, igad, anon, anonIGAD}, nil, Options{Targets: []string{"ECOWAS"}})
	want := "the data has 4 classified mentions (2 sentences) on AU, IGAD, bodies SC, dates 2020-01-08 to 2020-01-08"
	if !errors.Is(err, ErrEmptySelection) || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one saying %q", err, want)
	}
}

// TestHeatMapCutSaysMentions: the heat map keeps the 40 delegations with
// most mentions and says how many it leaves out by that measure, which
// counts (sentence, organisation) pairs, not sentences.
func TestHeatMapCutSaysMentions(t *testing.T) {
	var rows []Row
	for i := range 42 {
		code := string(rune('A'+i/26)) + string(rune('A'+i%26)) + "X"
		rows = append(rows, row(fmt.Sprintf("S/PV.%d#1", 8000+i), code, "AU", "2020-01-08", R, unpv.RelThird))
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, []outputCase{{"html", func(b *bytes.Buffer) error { return r.WriteHTML(b) },
		[]string{"The 2 delegations with fewest mentions are left out here"}, []string{"fewest sentences"}}})
}

// outputCase is an output a test writes, what it must say and what it
// must not.
type outputCase struct {
	name  string
	write func(*bytes.Buffer) error
	want  []string
	never []string
}

// checkOutputs writes each case's output and checks what it says.
func checkOutputs(t *testing.T, cases []outputCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s does not say %q", tc.name, w)
				}
			}
			for _, w := range tc.never {
				if strings.Contains(b.String(), w) {
					t.Errorf("%s says %q", tc.name, w)
				}
			}
		})
	}
}
