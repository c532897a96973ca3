package index

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMappingGolden(t *testing.T) {
	m := NewMapping()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "testdata", "index", "mapping.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./index -run TestMappingGolden -update)", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
		t.Errorf("mapping changed (bump SchemaVersion and run with -update) (-want +got):\n%s", diff)
	}
}

func TestMappingFields(t *testing.T) {
	ix, docs := sharedIndex(t)
	ctx := context.Background()
	count := func(q string) uint64 {
		t.Helper()
		r, err := ix.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return r.Total
	}
	nRUS := 0
	for _, d := range docs {
		if d.Speech.DelegationCode == "RUS" {
			nRUS++
		}
	}
	tests := []struct {
		q    string
		want uint64
	}{
		{"+delegation:RUS", uint64(nRUS)}, // keyword: exact
		{"+delegation:rus", 0},            // keyword: case-sensitive in the query string
		{`+symbol:"S/PV.8714"`, 23},
		{`+meeting:"S/PV.8699"`, 46},
		{`+symbol:"S/PV.8699 (Resumption 2)"`, 46},
		{`+delegation_name:"Russian Federation"`, uint64(nRUS)},
		{"+body:SC", uint64(len(docs))},
		{"+role:president", 45},
		{"+nosuchfield:x", 0}, // static mapping: nothing dynamic
		{"+seq:>=20", 0},      // counted below
		{`+date:>="2020-08-01"`, 21},
		{"+agenda_text:bissau", 21}, // agenda analysed and searchable
	}
	for _, d := range docs {
		if d.Speech.Seq >= 20 {
			tests[9].want++
		}
	}
	for _, tt := range tests {
		if got := count(tt.q); got != tt.want {
			t.Errorf("%s: %d hits, want %d", tt.q, got, tt.want)
		}
	}
	// English analyzer: stemming makes "elections" find "election".
	if a, b := count("+text:elections"), count("+text:election"); a == 0 || a != b {
		t.Errorf("stemming: elections %d, election %d", a, b)
	}
}

// brute applies the filter semantics in Go over the fixture.
func brute(docs []Doc, keep func(Doc) bool) []string {
	var ids []string
	for _, d := range docs {
		if keep(d) {
			ids = append(ids, d.Speech.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

func hasStance(d Doc, target string, label unpv.Label) bool {
	for _, s := range d.Stances {
		if (target == "" || s.Target == target) && (label == "" || s.Label == label) {
			return true
		}
	}
	return false
}

func allIDs(t *testing.T, ix *Index, q Query) []string {
	t.Helper()
	var ids []string
	if _, err := ix.Each(context.Background(), q, func(h Hit) error {
		ids = append(ids, h.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(ids)
	return ids
}

func TestFilters(t *testing.T) {
	ix, docs := sharedIndex(t)
	speaker := func(words ...string) func(Doc) bool {
		return func(d Doc) bool {
			label := strings.ToLower(d.Speech.Speaker + " " + d.Speech.SpeakerName)
			for _, w := range words {
				if !strings.Contains(label, w) {
					return false
				}
			}
			return true
		}
	}
	all := func(Doc) bool { return true }
	none := func(Doc) bool { return false }
	tests := []struct {
		name  string
		q     Query
		keep  func(Doc) bool
		whole bool // keeps all of the fixture or none of it, as meant
	}{
		{"delegation", Query{Delegations: []string{"RUS"}}, func(d Doc) bool { return d.Speech.DelegationCode == "RUS" }, false},
		{"delegations any of, lower case", Query{Delegations: []string{"rus", "NER"}}, func(d Doc) bool {
			return d.Speech.DelegationCode == "RUS" || d.Speech.DelegationCode == "NER"
		}, false},
		{"delegation by name", Query{Delegations: []string{"Russian Federation"}}, func(d Doc) bool { return d.Speech.DelegationCode == "RUS" }, false},
		{"body", Query{Bodies: []string{"GA"}}, none, true},
		{"body lower case", Query{Bodies: []string{"sc"}}, all, true},
		{"from", Query{From: "2020-02-06"}, func(d Doc) bool { return d.Speech.Date >= "2020-02-06" }, false},
		{"to inclusive", Query{To: "2020-02-06"}, func(d Doc) bool { return d.Speech.Date <= "2020-02-06" }, false},
		{"range by month", Query{From: "2020-02", To: "2020-02"}, func(d Doc) bool { return strings.HasPrefix(d.Speech.Date, "2020-02") }, false},
		// Bleve's date ranges hold 1677 to 2262: an end beyond them is an
		// open one, a range beyond them holds nothing (it was an error).
		{"from year 1", Query{From: "0001"}, all, true},
		{"from a record's date", Query{From: "6 February 2020"}, func(d Doc) bool { return d.Speech.Date >= "2020-02-06" }, false},
		{"to a record's month", Query{To: "January 2020"}, func(d Doc) bool { return d.Speech.Date <= "2020-01-31" }, false},
		{"from 1000", Query{From: "1000", To: "2020-02-06"}, func(d Doc) bool { return d.Speech.Date <= "2020-02-06" }, false},
		{"from December 1677", Query{From: "1677-12-15"}, all, true},
		{"to 3000", Query{To: "3000"}, all, true},
		{"to 2262", Query{From: "2020-02-06", To: "2262"}, func(d Doc) bool { return d.Speech.Date >= "2020-02-06" }, false},
		{"from 3000", Query{From: "3000"}, none, true},
		{"to 1000", Query{To: "1000-06"}, none, true},
		{"target", Query{Targets: []string{"AU"}}, func(d Doc) bool { return hasStance(d, "AU", "") }, false},
		{"target by name, any case", Query{Targets: []string{"african union"}}, func(d Doc) bool { return hasStance(d, "AU", "") }, false},
		{"speaker", Query{Speaker: "Polyanskiy"}, speaker("polyanskiy"), false},
		{"speaker words in any order and case", Query{Speaker: "polyanskiy MR."}, speaker("polyanskiy", "mr."), false},
		{"speaker's delegation as printed", Query{Speaker: "United Kingdom"}, speaker("united kingdom"), false},
		{"role", Query{Roles: []string{"briefer"}}, func(d Doc) bool { return d.Speech.Role == unpv.RoleBriefer }, false},
		{"role any case", Query{Roles: []string{"President"}}, func(d Doc) bool { return d.Speech.Role == unpv.RolePresident }, false},
		{"year", Query{Years: []string{"2020"}}, all, true},
		{"combined", Query{Delegations: []string{"GBR", "FRA", "CHN"}, From: "2020-02-01", Targets: []string{"OSCE"}}, func(d Doc) bool {
			c := d.Speech.DelegationCode
			return (c == "GBR" || c == "FRA" || c == "CHN") && d.Speech.Date >= "2020-02-01" && hasStance(d, "OSCE", "")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := brute(docs, tt.keep)
			// A filter that keeps none of the fixture, or all of it, cannot
			// tell a working filter from a broken one unless it means to
			// (a speaker the fixture lacks once hid that --speaker found
			// nothing).
			if n := len(want); !tt.whole && (n == 0 || n == len(docs)) {
				t.Fatalf("the fixture keeps %d of %d speeches: the case cannot fail", n, len(docs))
			}
			got := allIDs(t, ix, tt.q)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFiltersImpreciseDates: a date stands for its span, and --from/--to
// keep a speech whose span overlaps the range (docs/search.md, "Dates have
// a precision"): a general-debate statement dated only "2020" is inside
// --from 2020-03, one dated "2020-01" inside --from 2020-01-10 (mutants
// dropping the month or the year clause of Query.build survived every
// test: the fixture's dates were all days). The fixture's real speeches
// are re-dated: S/PV.8698's at month precision, as a record printing
// "January 2020" gives, S/PV.8754's at year precision, as the General
// Debate Corpus gives; the rest keep their days.
func TestFiltersImpreciseDates(t *testing.T) {
	docs := redatedFixture(t, map[string]func(string) string{
		"S/PV.8698": func(day string) string { return day[:7] },
		"S/PV.8754": func(day string) string { return day[:4] },
	})
	_, ix := buildIndex(t, docs)
	tests := []struct {
		name, from, to string
		want           []string // the records kept, each with all its speeches
	}{
		{"from inside a month", "2020-01-10", "", []string{"S/PV.8698", "S/PV.8699 (Resumption 2)", "S/PV.8714", "S/PV.8728", "S/PV.8754"}},
		{"from inside a year", "2020-03", "", []string{"S/PV.8754"}},
		{"a range inside a month", "2020-01-10", "2020-01-12", []string{"S/PV.8698", "S/PV.8754"}},
		{"one day, the month's last", "2020-01-31", "2020-01-31", []string{"S/PV.8698", "S/PV.8754"}},
		{"one day", "2020-02-06", "2020-02-06", []string{"S/PV.8714", "S/PV.8754"}},
		{"to before the month", "", "2019-12-31", nil},
		{"from after the year", "2021", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := brute(docs, func(d Doc) bool { return slices.Contains(tt.want, d.Speech.Symbol) })
			got := allIDs(t, ix, Query{From: tt.from, To: tt.to})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("--from %q --to %q (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}

// TestMixedCaseCodes: the Council of Europe's code, CoE, is found as a
// target and as a delegation however it is typed (the filters upper-cased
// it to COE, which the case-sensitive keyword fields never hold).
func TestMixedCaseCodes(t *testing.T) {
	docs := fixtureDocs(t)[:6]
	docs[1].Speech.DelegationCode = "CoE"
	docs[2].Stances = []unpv.Stance{{SentenceID: docs[2].Sentences[0].ID, Target: "CoE", Label: unpv.Recognition, Confidence: 0.9}}
	docs[3].Stances = []unpv.Stance{{SentenceID: docs[3].Sentences[0].ID, Target: "OSCE", Label: unpv.Recognition, Confidence: 0.9}}
	_, ix := buildIndex(t, docs)
	delegation := []string{docs[1].Speech.ID}
	target := []string{docs[2].Speech.ID}
	sentence := []string{docs[2].Sentences[0].ID}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"target as written", Query{Targets: []string{"CoE"}}, target},
		{"target upper case", Query{Targets: []string{"COE"}}, target},
		{"target lower case", Query{Targets: []string{"coe"}}, target},
		{"target by name", Query{Targets: []string{"Council of Europe"}}, target},
		{"target and stance", Query{Targets: []string{"COE"}, Stances: []string{"Recognition"}}, sentence},
		{"delegation as written", Query{Delegations: []string{"CoE"}}, delegation},
		{"delegation upper case", Query{Delegations: []string{"COE"}}, delegation},
		{"delegation by name", Query{Delegations: []string{"council of europe"}}, delegation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, allIDs(t, ix, tt.q)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStanceFiltersMatchSentences: a stance filter finds the sentences that
// carry that stance (not the speeches that hold one somewhere), with the
// other filters and the query applied to the sentence and its speech.
func TestStanceFiltersMatchSentences(t *testing.T) {
	ix, docs := sharedIndex(t)
	// bruteSentences lists the sentences with a stance that keep accepts.
	bruteSentences := func(keep func(Doc, unpv.Sentence, []unpv.Stance) bool) []string {
		var ids []string
		for _, d := range docs {
			for _, se := range d.Sentences {
				var sts []unpv.Stance
				for _, st := range d.Stances {
					if st.SentenceID == se.ID {
						sts = append(sts, st)
					}
				}
				if len(sts) > 0 && keep(d, se, sts) {
					ids = append(ids, se.ID)
				}
			}
		}
		sort.Strings(ids)
		return ids
	}
	has := func(sts []unpv.Stance, target string, label unpv.Label) bool {
		for _, s := range sts {
			if (target == "" || s.Target == target) && s.Label == label {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name string
		q    Query
		keep func(Doc, unpv.Sentence, []unpv.Stance) bool
	}{
		{"stance any target", Query{Stances: []string{"counter"}}, func(_ Doc, _ unpv.Sentence, sts []unpv.Stance) bool { return has(sts, "", unpv.Counter) }},
		{"stance toward target", Query{Targets: []string{"EU"}, Stances: []string{"recognition"}}, func(_ Doc, _ unpv.Sentence, sts []unpv.Stance) bool {
			return has(sts, "EU", unpv.Recognition)
		}},
		{"stance and delegation", Query{Stances: []string{"recognition"}, Delegations: []string{"NER"}}, func(d Doc, _ unpv.Sentence, sts []unpv.Stance) bool {
			return d.Speech.DelegationCode == "NER" && has(sts, "", unpv.Recognition)
		}},
		{"stance and a word of the sentence", Query{Text: "support", Stances: []string{"recognition"}, Literal: true}, func(_ Doc, se unpv.Sentence, sts []unpv.Stance) bool {
			return regexp.MustCompile(`(?i)\bsupport`).MatchString(se.Text) && has(sts, "", unpv.Recognition)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := bruteSentences(tt.keep)
			if len(want) == 0 {
				t.Fatal("the fixture has no such sentence")
			}
			if got := allIDs(t, ix, tt.q); !cmp.Equal(want, got) {
				t.Errorf("(-want +got):\n%s", cmp.Diff(want, got))
			}
		})
	}
	// KWIC shows the sentence that carries the stance, centred on its cue
	// or its organisation when the query has no words.
	res, err := ix.Search(context.Background(), Query{Stances: []string{"counter"}, KWICWidth: 30, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Kind != KindSentence || h.KWIC == nil || h.KWIC.Match == "" || !strings.HasPrefix(h.ID, h.SpeechID+".") {
			t.Errorf("%s: kind %q, speech %q, kwic %+v", h.ID, h.Kind, h.SpeechID, h.KWIC)
		}
	}
	// A sentence hit shows its speech's record, date, speaker and
	// delegation, as the speech's own hit does (a mutant leaving a
	// sentence hit without its date survived every test of the package).
	type shown struct {
		Symbol, Meeting, Body, Date, DatePrecision, Speaker, SpeakerName string
		Delegation, DelegationName, Role, Language, Agenda, URL          string
		Session, Seq                                                     int
	}
	show := func(h Hit) shown {
		return shown{h.Symbol, h.Meeting, h.Body, h.Date, h.DatePrecision, h.Speaker, h.SpeakerName,
			h.Delegation, h.DelegationName, h.Role, h.Language, h.Agenda, h.URL, h.Session, h.Seq}
	}
	for _, h := range res.Hits {
		sp, err := ix.Speech(context.Background(), h.SpeechID, Query{})
		if err != nil {
			t.Fatal(err)
		}
		if sp.Date == "" {
			t.Fatalf("speech %s has no date", sp.ID)
		}
		if diff := cmp.Diff(show(sp.Hit), show(h)); diff != "" {
			t.Errorf("sentence %s against its speech (-speech +sentence):\n%s", h.ID, diff)
		}
	}
	// Without words, a hit marks the organisation the stance asked for is
	// toward, not another stance's of the sentence (S/PV.8714#2.36 is
	// neutral toward the EU, then the OSCE; a mutant marking the first
	// stance's survived).
	res, err = ix.Search(context.Background(), Query{Targets: []string{"OSCE"}, Stances: []string{"neutral"}, Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	texts := textsOf(docs)
	marked := map[string]string{}
	for _, h := range res.Hits {
		if len(h.Matches) == 0 {
			t.Errorf("%s: nothing marked", h.ID)
			continue
		}
		m := h.Matches[0]
		if name := texts.texts[h.ID][m.Start:m.End]; !slices.Contains(orgNames("OSCE"), name) {
			marked[h.ID] = name
		}
	}
	if _, ok := texts.texts["S/PV.8714#2.36"]; !ok || len(res.Hits) == 0 {
		t.Fatalf("the fixture lacks S/PV.8714#2.36, or OSCE neutral found nothing (%d hits)", len(res.Hits))
	}
	if diff := cmp.Diff(map[string]string{}, marked); diff != "" {
		t.Errorf("marked another name than the OSCE's (-want +got):\n%s", diff)
	}
}

// TestOrganisationNamesExpand: a query naming an organisation finds every
// name the gazetteer gives it (ECOWAS also finds "Economic Community of West
// African States"), unless the query is literal.
func TestOrganisationNamesExpand(t *testing.T) {
	ix, docs := sharedIndex(t)
	names := regexp.MustCompile(`\bECOWAS\b|(?i)\bEconomic\s+Community\s+of\s+West\s+African\s+States\b`)
	acronym := regexp.MustCompile(`(?i)\bECOWAS\b`)
	want := brute(docs, func(d Doc) bool { return names.MatchString(d.Speech.Text) || names.MatchString(d.Agenda) })
	literal := brute(docs, func(d Doc) bool { return acronym.MatchString(d.Speech.Text) || acronym.MatchString(d.Agenda) })
	if len(literal) >= len(want) {
		t.Fatalf("fixture: %d speeches spell ECOWAS out only, want some", len(want)-len(literal))
	}
	for _, text := range []string{"ECOWAS", `"Economic Community of West African States"`, `"economic community of west african states"`} {
		if got := allIDs(t, ix, Query{Text: text}); !cmp.Equal(want, got) {
			t.Errorf("%s (-want +got):\n%s", text, cmp.Diff(want, got))
		}
	}
	if got := allIDs(t, ix, Query{Text: "ECOWAS", Literal: true}); !cmp.Equal(literal, got) {
		t.Errorf("literal ECOWAS (-want +got):\n%s", cmp.Diff(literal, got))
	}
	// An acronym in another case is a word.
	if got := allIDs(t, ix, Query{Text: "ecowas"}); !cmp.Equal(literal, got) {
		t.Errorf("ecowas (-want +got):\n%s", cmp.Diff(literal, got))
	}
	// Every form is highlighted.
	res, err := ix.Search(context.Background(), Query{Text: "ECOWAS", Size: 100, KWICWidth: 30})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.KWIC == nil || !names.MatchString(wsRE.ReplaceAllString(h.KWIC.Match, " ")) && !strings.HasPrefix(h.KWIC.Match, "Economic") {
			t.Errorf("%s: keyword %+v", h.ID, h.KWIC)
		}
	}
}

// TestOrganisationNameHyphenated: a name typed with hyphens for its
// spaces is the organisation, as the mention finder reads it in the text:
// G5-Sahel found only the speeches printing "G5 Sahel" as words (1 of the
// demo's 46 naming the G5 Sahel).
func TestOrganisationNameHyphenated(t *testing.T) {
	ix, _ := sharedIndex(t)
	for _, tc := range [][2]string{{"G5-Sahel", `"G5 Sahel"`}, {"African-Union", `"African Union"`}, {`"Economic-Community-of-West-African-States"`, "ECOWAS"}} {
		want := allIDs(t, ix, Query{Text: tc[1]})
		if len(want) == 0 {
			t.Fatalf("fixture: %s finds nothing", tc[1])
		}
		if got := allIDs(t, ix, Query{Text: tc[0]}); !cmp.Equal(want, got) {
			t.Errorf("%s (-want %s +got):\n%s", tc[0], tc[1], cmp.Diff(want, got))
		}
	}
	// A hyphenated word that names no organisation stays a word.
	if orgNames("Guinea-Bissau") != nil || orgNames("EU-led") != nil {
		t.Error("Guinea-Bissau or EU-led read as an organisation")
	}
}

// A filter restricts hits but must not change their scores, while the same
// clause pasted into the query string is only an optional boost.
func TestFilterDoesNotScore(t *testing.T) {
	ix, _ := sharedIndex(t)
	ctx := context.Background()
	all, err := ix.Search(ctx, Query{Text: "ECOWAS", Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	for _, h := range all.Hits {
		scores[h.ID] = h.Score
	}
	f, err := ix.Search(ctx, Query{Text: "ECOWAS", Delegations: []string{"NER"}, Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	if f.Total == 0 || f.Total >= all.Total {
		t.Fatalf("filtered %d of %d", f.Total, all.Total)
	}
	for _, h := range f.Hits {
		if h.Delegation != "NER" {
			t.Errorf("%s: delegation %q", h.ID, h.Delegation)
		}
		if s, ok := scores[h.ID]; !ok || s != h.Score {
			t.Errorf("%s: score %v filtered, %v unfiltered", h.ID, h.Score, s)
		}
	}
	boost, err := ix.Search(ctx, Query{Text: "ECOWAS delegation:NER", Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	if boost.Total <= f.Total {
		t.Errorf("bare delegation:NER restricted hits to %d (filtered %d)", boost.Total, f.Total)
	}
}

var wsRE = regexp.MustCompile(`\s+`)

func TestPhrase(t *testing.T) {
	ix, docs := sharedIndex(t)
	phrase := regexp.MustCompile(`(?i)\bAfrican\s+Union\b`)
	want := brute(docs, func(d Doc) bool { return phrase.MatchString(d.Speech.Text) })
	got := allIDs(t, ix, Query{Text: `"African Union"`, Literal: true})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("phrase hits (-want +got):\n%s", diff)
	}
	// The words apart match more speeches than the phrase.
	loose := allIDs(t, ix, Query{Text: "+African +Union"})
	if len(loose) <= len(got) {
		t.Errorf("+African +Union: %d hits, phrase %d", len(loose), len(got))
	}
	res, err := ix.Search(context.Background(), Query{Text: `"African Union"`, Size: 50, Literal: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		marked := 0
		for _, p := range h.Fragment.Pieces {
			if p.Hit {
				marked++
				// The English analyzer drops possessives: "African Union's" matches.
				if m := strings.TrimSuffix(wsRE.ReplaceAllString(p.Text, " "), "'s"); !strings.EqualFold(m, "African Union") {
					t.Errorf("%s: marked %q", h.ID, p.Text)
				}
			}
		}
		if marked == 0 {
			t.Errorf("%s: fragment without a mark: %q", h.ID, h.Fragment.Plain())
		}
	}
	// -not excludes.
	not := allIDs(t, ix, Query{Text: `"African Union" -ECOWAS`, Literal: true})
	for _, id := range not {
		for _, d := range docs {
			if d.Speech.ID == id && strings.Contains(d.Speech.Text, "ECOWAS") {
				t.Errorf("%s contains ECOWAS", id)
			}
		}
	}
	if len(not) == 0 || len(not) >= len(got) {
		t.Errorf("-ECOWAS left %d of %d", len(not), len(got))
	}
}

func TestFacets(t *testing.T) {
	// The first query takes the cached whole-index facets, the second (same
	// speeches, through a filter) computes them with the search.
	for _, q := range []Query{{Facets: true, Size: 1}, {Facets: true, Size: 1, Bodies: []string{"SC"}}} {
		t.Run(fmt.Sprint(q.unfiltered()), func(t *testing.T) { testFacets(t, q) })
	}
}

func testFacets(t *testing.T, q Query) {
	ix, docs := sharedIndex(t)
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]int{}
	for _, f := range res.Facets {
		got[f.Name] = map[string]int{}
		for _, term := range f.Terms {
			got[f.Name][term.Term] = term.Count
		}
	}
	want := map[string]map[string]int{"delegation": {}, "body": {}, "year": {}, "role": {}, "target": {}, "stance": {}, "target_stance": {}}
	for _, d := range docs {
		if c := d.Speech.DelegationCode; c != "" {
			want["delegation"][c]++
		}
		want["body"][string(d.Speech.Body)]++
		want["year"][d.Speech.Date[:4]]++
		want["role"][string(d.Speech.Role)]++
		// target counts speeches; stance and target_stance the sentences
		// a stance filter finds (what a click on them searches).
		seen := map[string]bool{}
		for _, s := range d.Stances {
			for k, v := range map[string][2]string{"target": {d.Speech.ID, s.Target}, "stance": {s.SentenceID, string(s.Label)},
				"target_stance": {s.SentenceID, s.Target + ":" + string(s.Label)}} {
				if !seen[k+v[0]+" "+v[1]] {
					seen[k+v[0]+" "+v[1]] = true
					want[k][v[1]]++
				}
			}
		}
	}
	// Facets list the top N values; compare those listed and check the
	// rest adds up.
	for name, w := range want {
		f := facetByName(res.Facets, name)
		if f == nil {
			t.Errorf("facet %s missing", name)
			continue
		}
		sum := f.Other
		for term, n := range got[name] {
			sum += n
			if w[term] != n {
				t.Errorf("facet %s %s: %d, want %d", name, term, n, w[term])
			}
		}
		wsum := 0
		for _, n := range w {
			wsum += n
		}
		if sum != wsum {
			t.Errorf("facet %s: counts sum to %d, want %d", name, sum, wsum)
		}
	}
}

func facetByName(fs []Facet, name string) *Facet {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

func TestKWICAlignment(t *testing.T) {
	ix, docs := sharedIndex(t)
	textOf := func(id string) string {
		for _, d := range docs {
			if d.Speech.ID == id {
				return d.Speech.Text
			}
		}
		return ""
	}
	const width = 30
	res, err := ix.Search(context.Background(), Query{Text: "ECOWAS", KWICWidth: width, Size: 100, Literal: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 5 {
		t.Fatalf("only %d hits", len(res.Hits))
	}
	for _, h := range res.Hits {
		line := h.KWIC.Line(width, "", "")
		r := []rune(line)
		if got := string(r[width : width+len("ECOWAS")]); !strings.EqualFold(got, "ECOWAS") {
			t.Errorf("%s: keyword column holds %q: %q", h.ID, got, line)
		}
		if l := strings.TrimSpace(h.KWIC.Left); l != "" && !strings.Contains(wsRE.ReplaceAllString(textOf(h.ID), " "), l+h.KWIC.Match) &&
			!strings.Contains(wsRE.ReplaceAllString(textOf(h.ID), " "), l+" "+h.KWIC.Match) {
			t.Errorf("%s: left context %q not before the match in the text", h.ID, l)
		}
		if n := utf8.RuneCountInString(h.KWIC.Left); n > width {
			t.Errorf("%s: left context %d runes", h.ID, n)
		}
		if n := utf8.RuneCountInString(h.KWIC.Right); n > width {
			t.Errorf("%s: right context %d runes", h.ID, n)
		}
		if strings.ContainsAny(line, "\n\r\t") {
			t.Errorf("%s: control characters in %q", h.ID, line)
		}
	}
}

func TestEachPagesPastWindow(t *testing.T) {
	ix, docs := sharedIndex(t)
	old := eachPage
	eachPage = 7 // many pages over the 121-speech fixture
	defer func() { eachPage = old }()
	for _, order := range []string{"score", "date", "-date"} {
		var ids []string
		var prev string
		total, err := ix.Each(context.Background(), Query{Text: "Council", Sort: order}, func(h Hit) error {
			if order == "date" && h.Date < prev || order == "-date" && prev != "" && h.Date > prev {
				t.Errorf("%s: %s out of order after %s", order, h.Date, prev)
			}
			prev = h.Date
			ids = append(ids, h.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if uint64(len(ids)) != total || total < 50 {
			t.Errorf("%s: walked %d of %d", order, len(ids), total)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s: %s twice", order, id)
			}
			seen[id] = true
		}
	}
	_ = docs
}

func TestBadQueries(t *testing.T) {
	ix, _ := sharedIndex(t)
	for _, q := range []Query{
		{Text: `"unclosed`},
		{Text: strings.Repeat("a ", MaxQueryLen)},
		{From: "yesterday"},
		{From: "0000"}, // a placeholder, not a year (unpv.ParseDate)
		{From: "2020-05-01", To: "2020-01-01"},
		{Sort: "random"},
		{Stances: []string{"hostile"}},
		{Offset: MaxWindow},
		// Values that name nothing the index holds: a usage error with a
		// hint, not a search that finds nothing.
		{Delegations: []string{"XXX"}},
		{Delegations: []string{"RUS", "Atlantis"}},
		{Targets: []string{"XYZ"}},
		{Roles: []string{"foo"}},
		{Bodies: []string{"XX"}},
		{Years: []string{"abc"}},
		{Years: []string{"-2020"}},
		{KWICWidth: 3},
		{KWICWidth: MaxKWICWidth + 1},
		{KWICWidth: -4},
		// Only stop words or punctuation, or a required clause of them:
		// "No speeches match." (exit 0) where NATO alone found 44.
		{Text: "the of and"},
		{Text: "!!!"},
		{Text: `"of the"`},
		{Text: "+the +council"},
		{Text: "council AND the"},
		{Text: `+council +"the"`},
		{Text: "+council +!!", Stances: []string{"counter"}},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%+v: err %v, want ErrBadQuery", q, err)
		}
		if q.Offset != 0 {
			continue // a page's window: Validate and Each have none
		}
		if err := ix.Validate(context.Background(), q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Validate %+v: err %v, want ErrBadQuery", q, err)
		}
		if _, err := ix.Each(context.Background(), q, func(Hit) error { return nil }); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Each %+v: err %v, want ErrBadQuery", q, err)
		}
	}
}

// TestQueryLimits is issue 14's search reproductions: a query under 1,000
// bytes of wildcards cost 10 s of CPU, `peace~100` and nested regular
// expressions answered 500. Each is now a bad query, found before or while
// the search starts, and the Each export is bounded the same way.
func TestQueryLimits(t *testing.T) {
	ix, _ := sharedIndex(t)
	var alphabet []string
	for c := 'a'; c <= 'z'; c++ {
		alphabet = append(alphabet, "*"+string(c)+"*")
	}
	wild := strings.Repeat(strings.Join(alphabet, " ")+" ", 4)
	for name, text := range map[string]string{
		"104 wildcards":          strings.TrimSpace(wild[:min(len(wild), MaxQueryLen)]),
		"fuzziness 100":          "peace~100",
		"field fuzziness 3":      "text:security~3",
		"nested regexp":          `/(((a{100}){100}){100})/`,
		"repeats multiply":       `/(((a010c}){10,}){100})/`,
		"regexp blows the DFA":   `/[ab]*a[ab]{20}/`,
		"bad regexp":             `/(unclosed/`,
		"lazy regexp":            `/a+?/`,
		"long regexp":            "/" + strings.Repeat("ab", 60) + "/",
		"six fuzzy words":        "peace~1 security~1 union~1 council~1 africa~1 region~1",
		"one broad wildcard":     "*e*",
		"broad, beside a phrase": `"African Union" *a*`,
		"boost 0":                "security^0",
		"boost underflows":       "text:security^1e-200",
		"boost overflows":        "peace security^1e160",
		// A wildcard's or pattern's boost is refused alike (they were let
		// through, as checkQuery returned after their pattern).
		"wildcard boost 0": "secur*^0",
		"pattern boost 0":  "/counc.l/^0",
	} {
		t.Run(name, func(t *testing.T) {
			if name == "one broad wildcard" || name == "broad, beside a phrase" {
				defer ix.SetLimits(ix.Limits())
				l := ix.Limits()
				l.MaxTerms = 50 // the fixture's dictionary is small
				ix.SetLimits(l)
			}
			_, err := ix.Search(context.Background(), Query{Text: text})
			if !errors.Is(err, ErrBadQuery) {
				t.Errorf("Search(%q): %v, want ErrBadQuery", text, err)
			}
			_, err = ix.Each(context.Background(), Query{Text: text}, func(Hit) error { return nil })
			if !errors.Is(err, ErrBadQuery) {
				t.Errorf("Each(%q): %v, want ErrBadQuery", text, err)
			}
		})
	}
	// Within the limits, the same kinds of terms work.
	for _, text := range []string{"peace~2", "secur*", "/counc.l/", "peacekeep* regional* organi?ation", "security^1e-9 peace^1e9", "security^-1 peace"} {
		res, err := ix.Search(context.Background(), Query{Text: text})
		if err != nil || res.Total == 0 {
			t.Errorf("Search(%q): %v, %v hits", text, err, res)
		}
	}
	if !(Query{Text: "secur*"}).Expensive() || (Query{Text: `"African Union" peace`}).Expensive() {
		t.Error("Expensive() misclassifies")
	}
}

// TestSearchTimeBudget: a search that outlasts its budget stops with
// context.DeadlineExceeded (HTTP 503, CLI exit 1) instead of running on.
func TestSearchTimeBudget(t *testing.T) {
	ix, _ := sharedIndex(t)
	defer ix.SetLimits(ix.Limits())
	l := ix.Limits()
	l.Timeout = time.Nanosecond
	ix.SetLimits(l)
	_, err := ix.Search(context.Background(), Query{Text: "peace", Facets: true, Delegations: []string{"RUS"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Search under a 1 ns budget: %v", err)
	}
}

func TestSpeech(t *testing.T) {
	ix, docs := sharedIndex(t)
	var d Doc
	for _, x := range docs {
		if len(x.Stances) > 0 {
			d = x
			break
		}
	}
	v, err := ix.Speech(context.Background(), d.Speech.ID, Query{Text: "Union"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Text != d.Speech.Text || v.Speaker != d.Speech.Speaker || v.Agenda != d.Agenda {
		t.Errorf("speech %s round trip differs", d.Speech.ID)
	}
	if diff := cmp.Diff(d.Stances, v.Details); diff != "" {
		t.Errorf("stances (-want +got):\n%s", diff)
	}
	if _, err := ix.Speech(context.Background(), "S/PV.1#1", Query{}); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

// Phrases run as word-pair conjunctions must find what the exact phrase
// query finds.
func TestFastPhrasesMatchExact(t *testing.T) {
	ix, _ := sharedIndex(t)
	g := ix.acquire()
	defer ix.release(g)
	for _, text := range []string{
		`"African Union"`, `"international peace and security"`, `"regional and subregional organizations"`,
		`"Chapter VIII"`, `"the Council"`, `"peace" +"West Africa"`, `"Security Council" -"African Union"`,
		`text:"Economic Community of West African States"`, `"Union"`,
		// the checked phrase advanced to another clause's hits, not walked
		`+"international peace and security" +"African Union"`, `"international peace and security" -"African Union"`,
		`"regional and subregional organizations" "Chapter VIII"`,
	} {
		exact, fast, err := Query{Text: text}.build(DefaultLimits, true)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(q query.Query) []string {
			req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
			res, err := g.idx.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.ID)
			}
			sort.Strings(out)
			return out
		}
		want, got := ids(exact), ids(fast)
		if len(want) == 0 {
			t.Errorf("%s: no hits; the test proves nothing", text)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-exact +fast):\n%s", text, diff)
		}
	}
}

// Speeches that hold every word pair of a long phrase, but apart, are not hits.
func TestLongPhraseExact(t *testing.T) {
	docs := []Doc{
		{Speech: unpv.Speech{ID: "x#1", Symbol: "x", Date: "2020-01-01", Seq: 1, Text: "We support international peace and security."}},
		{Speech: unpv.Speech{ID: "x#2", Symbol: "x", Date: "2020-01-01", Seq: 2, Text: "International peace and stability matter. Peace and security too."}},
	}
	_, ix := buildIndex(t, docs)
	got := allIDs(t, ix, Query{Text: `"international peace and security"`})
	if diff := cmp.Diff([]string{"x#1"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestWordsSearchTextAndAgenda: a word without a field finds speeches by
// their text or their meeting's agenda, as Bleve's _all field did; a phrase
// without a field searches the text only.
func TestWordsSearchTextAndAgenda(t *testing.T) {
	ix, docs := sharedIndex(t)
	ctx := context.Background()
	for _, w := range []string{"bissau", "bissau*", "/bissa.*/", "bisau~1", "+bissau -council"} {
		neg := strings.Contains(w, "-council")
		want := brute(docs, func(d Doc) bool {
			has := func(word string) bool {
				return strings.Contains(strings.ToLower(d.Speech.Text), word) || strings.Contains(strings.ToLower(d.Agenda), word)
			}
			return has("bissau") && !(neg && has("council"))
		})
		got := allIDs(t, ix, Query{Text: w})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-text or agenda +search):\n%s", w, diff)
		}
	}
	inAgendaOnly := 0
	for _, d := range docs {
		if strings.Contains(strings.ToLower(d.Agenda), "bissau") && !strings.Contains(strings.ToLower(d.Speech.Text), "bissau") {
			inAgendaOnly++
		}
	}
	if inAgendaOnly == 0 {
		t.Fatal("fixture: no speech has bissau in its agenda only")
	}
	res, err := ix.Search(ctx, Query{Text: `"Guinea-Bissau"`})
	if err != nil {
		t.Fatal(err)
	}
	said := regexp.MustCompile(`(?i)\bguinea\W+bissau\b`)
	if want := brute(docs, func(d Doc) bool { return said.MatchString(d.Speech.Text) }); res.Total != uint64(len(want)) {
		t.Errorf(`"Guinea-Bissau": %d hits, %d speeches say it`, res.Total, len(want))
	}
}

// TestAgendaPhrase: a phrase on the agenda finds the speeches whose
// agenda holds it, as docs/search.md says (agenda_text:"…"); without the
// agenda's term vectors it found none.
func TestAgendaPhrase(t *testing.T) {
	ix, docs := sharedIndex(t)
	for _, c := range []struct{ text, re string }{
		{`+agenda_text:"Peace consolidation in West Africa"`, `(?i)\bpeace\s+consolidation\s+in\s+west\s+africa\b`},
		{`+agenda_text:"international peace and security"`, `(?i)\binternational\s+peace\s+and\s+security\b`},
		{`+agenda_text:"west africa"`, `(?i)\bwest\s+africa\b`},
		{`+agenda_text:"Bissau"`, `(?i)\bbissau\b`},
	} {
		said := regexp.MustCompile(c.re)
		want := brute(docs, func(d Doc) bool { return said.MatchString(d.Agenda) })
		if len(want) == 0 || len(want) == len(docs) {
			t.Fatalf("fixture: %d of %d agendas match %s", len(want), len(docs), c.re)
		}
		if diff := cmp.Diff(want, allIDs(t, ix, Query{Text: c.text})); diff != "" {
			t.Errorf("%s (-agendas +found):\n%s", c.text, diff)
		}
	}
}

// TestOptionalStopWords: a stop word beside other words, optional or
// excluded, changes nothing (the required ones are bad queries,
// TestBadQueries).
func TestOptionalStopWords(t *testing.T) {
	ix, _ := sharedIndex(t)
	want := allIDs(t, ix, Query{Text: "council"})
	if len(want) == 0 {
		t.Fatal("fixture: council finds nothing")
	}
	for _, text := range []string{"the council", "council -the", "council NOT of", "+council the", "council OR the"} {
		if diff := cmp.Diff(want, allIDs(t, ix, Query{Text: text})); diff != "" {
			t.Errorf("%s (-council +found):\n%s", text, diff)
		}
	}
}

// TestPatternsIgnoreCase: wildcard, prefix and regular-expression terms
// find what their lower-case form finds, as words do: the text is indexed
// lower-cased and Bleve does not analyse such terms, so `Peacekeep*` found
// nothing on the demo where `peacekeep*` found 227 speeches. A keyword
// field keeps its case.
func TestPatternsIgnoreCase(t *testing.T) {
	ix, _ := sharedIndex(t)
	for _, c := range []struct{ typed, lower string }{
		{"Bissau*", "bissau*"},
		{"BISSA?", "bissa?"},
		{"text:Bissa*", "text:bissa*"},
		{"agenda_text:Bissa*", "agenda_text:bissa*"},
		{"/Bissa.*/", "/bissa.*/"},
		{"+Bissa* +Council", "+bissa* +council"},
	} {
		want := allIDs(t, ix, Query{Text: c.lower})
		if len(want) == 0 {
			t.Fatalf("fixture: %s finds nothing", c.lower)
		}
		if diff := cmp.Diff(want, allIDs(t, ix, Query{Text: c.typed})); diff != "" {
			t.Errorf("%s (-%s +%s):\n%s", c.typed, c.lower, c.typed, diff)
		}
	}
	if upper := allIDs(t, ix, Query{Text: "+delegation:RU*"}); len(upper) == 0 {
		t.Error("delegation:RU* finds nothing: a keyword field's pattern was lower-cased")
	}
	if lower := allIDs(t, ix, Query{Text: "+delegation:ru*"}); len(lower) != 0 {
		t.Errorf("delegation:ru* finds %d speeches: keyword fields keep their case", len(lower))
	}
}

// TestAccentsAndApostrophesFold: a word is found however its accents and
// apostrophe are typed, as the records spell names both ways: the
// fixture prints "Cote d'Ivoire" once and "Cote d’Ivoire" (a curly
// apostrophe) four times, and "Côte d'Ivoire" found neither on the
// demo (schema 12, textAnalyzer). The marks fall on the words as printed,
// multi-byte apostrophe included.
func TestAccentsAndApostrophesFold(t *testing.T) {
	ix, docs := sharedIndex(t)
	said := regexp.MustCompile(`(?i)\bc[oô]te\s+d['’]ivoire`)
	want := brute(docs, func(d Doc) bool { return said.MatchString(d.Speech.Text) })
	printed := func(apostrophe string) []string {
		return brute(docs, func(d Doc) bool {
			for _, m := range said.FindAllString(d.Speech.Text, -1) {
				if strings.Contains(m, apostrophe) {
					return true
				}
			}
			return false
		})
	}
	curly := printed("’")
	if len(curly) == 0 || len(curly) == len(docs) {
		t.Fatalf("fixture: %d speeches print Cote d’Ivoire", len(curly))
	}
	// The fixture prints no accent nor a straight apostrophe here: the
	// analyzer, which indexes and searches alike, folds both.
	terms := func(s string) []string {
		toks, err := analysisMapping().AnalyzeText(textAnalyzer, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tok := range toks {
			out = append(out, string(tok.Term))
		}
		return out
	}
	for _, s := range []string{"Côte d’Ivoire", "COTE D'IVOIRE", "Côte dʼIvoire", "Cote d‘Ivoire"} {
		if diff := cmp.Diff(terms("Cote d'Ivoire"), terms(s)); diff != "" {
			t.Errorf("%s: terms (-Cote d'Ivoire +%s):\n%s", s, s, diff)
		}
	}
	for _, text := range []string{`"Côte d'Ivoire"`, `"Cote d'Ivoire"`, `"Côte d’Ivoire"`, `"COTE D’IVOIRE"`, `+Côte +d'Ivoire`} {
		if diff := cmp.Diff(want, allIDs(t, ix, Query{Text: text})); diff != "" {
			t.Errorf("%s (-printed +found):\n%s", text, diff)
		}
	}
	for _, id := range curly {
		sp, err := ix.Speech(context.Background(), id, Query{Text: `"Côte d'Ivoire"`})
		if err != nil {
			t.Fatal(err)
		}
		if len(sp.Matches) == 0 {
			t.Errorf("%s: no marks", id)
		}
		for _, m := range sp.Matches {
			if w := sp.Text[m.Start:m.End]; !regexp.MustCompile(`(?i)^c[oô]te\s+d['’]ivoire$`).MatchString(w) {
				t.Errorf("%s: marked %q", id, w)
			}
		}
	}
}

// TestCompoundWords: a word the analyzer cuts in several (Guinea-Bissau)
// finds those words together, not any one of them: it found the demo's
// speeches naming Equatorial Guinea. On the text it is the phrase, on the
// agenda all its words; a hyphenated word also finds its words joined.
func TestCompoundWords(t *testing.T) {
	ix, docs := sharedIndex(t)
	inText := regexp.MustCompile(`(?i)\bguinea\W+bissau\b`)
	word := func(w string) *regexp.Regexp { return regexp.MustCompile(`(?i)\b` + w + `\b`) }
	inAgenda := func(d Doc) bool { return word("guinea").MatchString(d.Agenda) && word("bissau").MatchString(d.Agenda) }
	textOnly := brute(docs, func(d Doc) bool { return inText.MatchString(d.Speech.Text) })
	either := brute(docs, func(d Doc) bool { return inText.MatchString(d.Speech.Text) || inAgenda(d) })
	guinea := brute(docs, func(d Doc) bool { return word("guinea").MatchString(d.Speech.Text + " " + d.Agenda) })
	if len(textOnly) == 0 || len(either) == len(textOnly) || len(guinea) == len(either) {
		t.Fatalf("fixture: %d speeches say Guinea-Bissau, %d with their agenda, %d name Guinea", len(textOnly), len(either), len(guinea))
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Guinea-Bissau", either},
		{"+Guinea-Bissau", either},
		{"guinea-bissau^3", either},
		{"text:Guinea-Bissau", textOnly},
		{`"Guinea-Bissau"`, textOnly},
		{"agenda_text:Guinea-Bissau", brute(docs, inAgenda)},
	} {
		if diff := cmp.Diff(c.want, allIDs(t, ix, Query{Text: c.text})); diff != "" {
			t.Errorf("%s (-want +found):\n%s", c.text, diff)
		}
	}
	joined, apart := allIDs(t, ix, Query{Text: "text:peacekeeping"}), allIDs(t, ix, Query{Text: `"peace keeping"`})
	if len(joined) == 0 {
		t.Fatal("fixture: no speech says peacekeeping")
	}
	want := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(joined), apart...))))
	if diff := cmp.Diff(want, allIDs(t, ix, Query{Text: "text:peace-keeping"})); diff != "" {
		t.Errorf("peace-keeping (-peacekeeping or \"peace keeping\" +found):\n%s", diff)
	}
}

// TestStaleTextNotHighlighted: a hit whose text in the store is no longer
// the one indexed shows its fragment without highlights, never misplaced
// ones.
func TestStaleTextNotHighlighted(t *testing.T) {
	docs := fixtureDocs(t)[:20]
	_, ix := buildIndex(t, docs)
	changed := docs[3]
	changed.Speech.Text = "Changed since: " + changed.Speech.Text
	ix.SetTextSource(textsOf(docs, []Doc{changed}))
	res, err := ix.Search(context.Background(), Query{Text: "Council", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, h := range res.Hits {
		if h.ID == changed.Speech.ID {
			seen = true
			if len(h.Matches) != 0 || !strings.HasPrefix(h.Fragment.Plain(), "Changed since") {
				t.Errorf("stale hit: matches %v, fragment %q", h.Matches, h.Fragment.Plain())
			}
		} else if len(h.Matches) == 0 {
			t.Errorf("%s: no highlights", h.ID)
		}
	}
	if !seen {
		t.Fatalf("%s not among the hits", changed.Speech.ID)
	}
}

// TestMinConfidence keeps only the sentences whose stances all reach the
// confidence asked (a hand-coded stance counts as 1, so 1 keeps the
// sentences researchers coded), and refuses a confidence outside [0, 1].
func TestMinConfidence(t *testing.T) {
	docs := fixtureDocs(t)
	var keep []Doc
	for _, d := range docs {
		if len(d.Stances) == 0 {
			continue
		}
		for i := range d.Stances {
			d.Stances[i].Confidence = 0.4
			if len(keep)%2 == 0 && i == 0 {
				d.Stances[i].Confidence = 0.9
			}
			if len(keep)%3 == 1 {
				d.Stances[i].Hand = true
			}
		}
		keep = append(keep, d)
		if len(keep) == 6 {
			break
		}
	}
	// want lists the sentences whose every stance reaches min.
	want := func(min float64) map[string]bool {
		low := map[string]float64{}
		for _, d := range keep {
			for _, st := range d.Stances {
				c := st.Confidence
				if st.Hand {
					c = 1
				}
				if v, ok := low[st.SentenceID]; !ok || c < v {
					low[st.SentenceID] = c
				}
			}
		}
		out := map[string]bool{}
		for id, c := range low {
			if c >= min {
				out[id] = true
			}
		}
		return out
	}
	dir := t.TempDir()
	if _, err := Rebuild(context.Background(), dir, feed(keep)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, min := range []float64{0.6, 1} {
		t.Run(fmt.Sprint(min), func(t *testing.T) {
			w := want(min)
			if len(w) == 0 || len(w) == len(want(0)) {
				t.Fatalf("the test data does not tell %v apart: %d sentences of %d", min, len(w), len(want(0)))
			}
			res, err := ix.Search(context.Background(), Query{MinConfidence: min, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range res.Hits {
				got[h.ID] = true
			}
			if d := cmp.Diff(w, got); d != "" {
				t.Errorf("sentences with every stance at %v or more (-want +got):\n%s", min, d)
			}
		})
	}
	// Facets describe the sentences found, not every speech (a query by
	// confidence alone once got the cached facets of the whole index).
	res, err := ix.Search(context.Background(), Query{MinConfidence: 0.6, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Facets {
		if f.Name == "body" && f.Total+f.Missing != int(res.Total) {
			t.Errorf("body facet counts %d hits (+%d without a body), the search found %d", f.Total, f.Missing, res.Total)
		}
	}
	for _, bad := range []float64{-0.1, 1.01, 2, math.NaN(), math.Inf(1)} {
		if _, err := ix.Search(context.Background(), Query{MinConfidence: bad}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("MinConfidence %v: err %v, want ErrBadQuery", bad, err)
		}
	}
}

// TestKeywordFields: every field indexed whole is searched as one term
// when quoted, the imprecise-date field included.
func TestKeywordFields(t *testing.T) {
	for _, f := range []string{FieldSymbol, FieldDelegation, FieldDelegationName, FieldTarget, FieldKind, FieldSpeechID, FieldDocument, FieldPrecision} {
		if !keywordFields()[f] {
			t.Errorf("%s is not a keyword field", f)
		}
	}
	for _, f := range []string{FieldText, FieldAgendaText, FieldSpeakerText, FieldRecord, FieldDate} {
		if keywordFields()[f] {
			t.Errorf("%s is a keyword field", f)
		}
	}
}

// TestTypographicQuotes: a phrase in the quotes a word processor, a news
// site or a phone types (“…”, „…“, «…») is the phrase (web walkthrough:
// “African Union” pasted into the page found 541 speeches of the demo,
// "African Union" 235), on the hits and the speech page's marks.
func TestTypographicQuotes(t *testing.T) {
	ix, _ := sharedIndex(t)
	ctx := context.Background()
	ids := func(text string) []string {
		t.Helper()
		var out []string
		if _, err := ix.Each(ctx, Query{Text: text, Sort: "date"}, func(h Hit) error {
			out = append(out, h.ID)
			return nil
		}); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		return out
	}
	phrase, words := ids(`"Security Council"`), ids(`Security Council`)
	if len(phrase) == 0 || len(phrase) == len(words) {
		t.Fatalf("fixture: %d phrase hits, %d word hits", len(phrase), len(words))
	}
	for _, text := range []string{`“Security Council”`, `„Security Council“`, `«Security Council»`, `« Security Council »`,
		// Half and half, as an edited paste leaves it: the words apart,
		// or a parse error, before.
		`“Security Council"`, `"Security Council”`} {
		t.Run(text, func(t *testing.T) {
			if diff := cmp.Diff(phrase, ids(text)); diff != "" {
				t.Errorf("hits (-phrase +%s):\n%s", text, diff)
			}
			sp, err := ix.Speech(ctx, phrase[0], Query{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := ix.Speech(ctx, phrase[0], Query{Text: `"Security Council"`})
			if len(sp.Matches) == 0 || !cmp.Equal(sp.Matches, want.Matches) {
				t.Errorf("speech marks %v, want %v", sp.Matches, want.Matches)
			}
		})
	}
}

// TestEmergencySessionHits: a speech of an emergency special session's
// record, and a sentence of it, show its emergency session and the
// regular session of its date; another record's hits show neither (the
// Security Council's) as before.
func TestEmergencySessionHits(t *testing.T) {
	docs := fixtureDocs(t)[:3]
	sp := &docs[0].Speech
	sp.Symbol, sp.Meeting, sp.Body, sp.Date = "A/ES-11/PV.1", "A/ES-11/PV.1", unpv.GeneralAssembly, "2022-02-28"
	sp.ID = unpv.SpeechID(sp.Symbol, sp.Seq)
	docs[0].Sentences = fixtureSentences(*sp)
	docs[0].Stances = []unpv.Stance{{SentenceID: docs[0].Sentences[0].ID, Target: "OSCE", Label: unpv.Recognition, Confidence: 0.9}}
	_, ix := buildIndex(t, docs)
	type shown struct {
		ID                        string
		Session, EmergencySession int
	}
	for _, q := range []Query{{Size: 10}, {Stances: []string{"recognition"}, Targets: []string{"OSCE"}, Size: 10}} {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []shown
		for _, h := range res.Hits {
			got = append(got, shown{h.ID, h.Session, h.EmergencySession})
		}
		want := []shown{{docs[0].Sentences[0].ID, 76, 11}}
		if q.Stances == nil {
			want = []shown{{sp.ID, 76, 11}, {docs[1].Speech.ID, 0, 0}, {docs[2].Speech.ID, 0, 0}}
		}
		slices.SortFunc(got, func(a, b shown) int { return strings.Compare(a.ID, b.ID) })
		slices.SortFunc(want, func(a, b shown) int { return strings.Compare(a.ID, b.ID) })
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%+v (-want +got):\n%s", q, d)
		}
	}
}
