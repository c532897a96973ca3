package index

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
)

// TestUnquotedOrganisationNames: an organisation's name typed without
// quotes finds what the quoted name finds ("Council of Europe" found 1365
// demo speeches, every one with Council or Europe, and "African Union"
// marked "Central [African] Republic" first), unless an operator, a field
// or a pattern makes the words more than words, or the query is literal.
// Each case names the query the text must search like and, where the test
// could otherwise pass by accident, one it must not.
func TestUnquotedOrganisationNames(t *testing.T) {
	ix, _ := sharedIndex(t)
	for _, c := range []struct {
		name   string
		text   string
		like   Query
		unlike string // "" when like differs from the words OR'd by itself
	}{
		{"name", "African Union", Query{Text: `"African Union"`}, ""},
		{"any case and spacing", "african   UNION", Query{Text: `"African Union"`}, ""},
		{"long name", "Economic Community of West African States", Query{Text: "ECOWAS"}, ""},
		{"generated spelling", "Organization for Security and Co-operation in Europe", Query{Text: "OSCE"}, ""},
		// "African Union" is a name of the AU too: taken first, it would
		// leave Commission a word of its own.
		{"longest first", "African Union Commission", Query{Text: `"African Union"`}, `"African Union" Commission`},
		{"among words", "European Union sanctions", Query{Text: `"European Union" sanctions`}, ""},
		{"two names", "African Union European Union", Query{Text: `"African Union" "European Union"`}, ""},
		{"after a country", "Central African Republic African Union", Query{Text: `Central African Republic "African Union"`}, ""},
		{"before an operator", "African Union -Somalia", Query{Text: `"African Union" -Somalia`}, ""},
		// Left as written.
		{"prefix operator", "+African Union", Query{Text: "+African Union", Literal: true}, `+"African Union"`},
		{"not operator", "-African Union", Query{Text: "-African Union", Literal: true}, `-"African Union"`},
		{"field", "agenda_text:African Union", Query{Text: "agenda_text:African Union", Literal: true}, `agenda_text:"African Union"`},
		{"fuzzy", "African Union~1", Query{Text: "African Union~1", Literal: true}, `"African Union"`},
		{"boost", "African Union^3", Query{Text: "African Union^3", Literal: true}, `"African Union"^3`},
		{"wildcard", "African Unio*", Query{Text: "African Unio*", Literal: true}, `"African Union"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, want := allIDs(t, ix, Query{Text: c.text}), allIDs(t, ix, c.like)
			if len(want) == 0 {
				t.Fatalf("%q finds nothing in the fixture", c.like.Text)
			}
			if !cmp.Equal(want, got) {
				t.Errorf("%q: %d speeches, %q %d (-want +got):\n%s", c.text, len(got), c.like.Text, len(want), cmp.Diff(want, got))
			}
			other := c.unlike
			if other == "" {
				other = c.text // the words as Bleve reads them without the rewrite
			}
			lit := Query{Text: other, Literal: c.unlike == ""}
			if cmp.Equal(want, allIDs(t, ix, lit)) {
				t.Errorf("the fixture cannot tell %q from %+v", c.like.Text, lit)
			}
		})
	}

	// Literal: the words as written, each on its own.
	var either []string
	for _, w := range []string{"African", "Union"} {
		either = append(either, allIDs(t, ix, Query{Text: w, Literal: true})...)
	}
	slices.Sort(either)
	either = slices.Compact(either)
	if got := allIDs(t, ix, Query{Text: "African Union", Literal: true}); !cmp.Equal(either, got) {
		t.Errorf("literal African Union (-African or Union +got):\n%s", cmp.Diff(either, got))
	}

	// What the walkthrough saw: every keyword is a name of the African Union.
	names := regexp.MustCompile(`^(African\s+Union|AU|Organi[sz]ation\s+of\s+African\s+Unity)\b`)
	res, err := ix.Search(context.Background(), Query{Text: "African Union", Size: 100, KWICWidth: 30})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		if h.KWIC == nil || !names.MatchString(h.KWIC.Match) {
			t.Errorf("%s: keyword %+v", h.ID, h.KWIC)
		}
	}
}

// TestQuoteOrgNames: which runs of words the rewrite quotes, and that it
// leaves everything else as written.
func TestQuoteOrgNames(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Council of Europe", `"Council of Europe"`},
		{"council  of   EUROPE", `"council of EUROPE"`},
		{"  Council of Europe  ", `  "Council of Europe"  `},
		{"Collective Security Treaty Organization", `"Collective Security Treaty Organization"`},
		{"Collective Security Treaty", `"Collective Security Treaty"`},
		{"the African Union and the European Union", `the "African Union" and the "European Union"`},
		{"African Union +peace -war", `"African Union" +peace -war`},
		{"2020 African Union", `2020 "African Union"`},
		{`"x"African Union`, `"x""African Union"`},
		{"Organisation for Security and Co-operation in Europe", `"Organisation for Security and Co-operation in Europe"`},
		// Overlapping names: the longer.
		{"Organization of the Islamic Conference on Security and Cooperation in Europe",
			`Organization of the Islamic "Conference on Security and Cooperation in Europe"`},
		{"Organization of the Islamic Conference on Security", `"Organization of the Islamic Conference" on Security`},
		// A mission is not the organisation; the organisation's name in it is.
		{"African Union Mission in Somalia", `"African Union" Mission in Somalia`},
		// Another body's name holding one is not the organisation (un.OtherNames).
		{"Western European Union", "Western European Union"},
		{"western european union and the European Union", `western european union and the "European Union"`},
		{"South-East Asia Collective Security Treaty", "South-East Asia Collective Security Treaty"},
		{"European Commission of Human Rights", "European Commission of Human Rights"},
		// Unchanged: not a name, one word, or more than plain words.
		{"Central African Republic", "Central African Republic"},
		{"CSTO", "CSTO"},
		{"Europe", "Europe"},
		{`"African Union"`, `"African Union"`},
		{"+African Union", "+African Union"},
		{"+ African Union", "+ African Union"},
		{"-African Union", "-African Union"},
		{"African Union:x", "African Union:x"},
		{"African Union :x", "African Union :x"},
		{"agenda_text:African Union", "agenda_text:African Union"},
		{"agenda_text: African Union", "agenda_text: African Union"},
		{"African Union~1", "African Union~1"},
		{"African Union ~1", "African Union ~1"},
		{"African Union^2", "African Union^2"},
		{"African Unio*", "African Unio*"},
		{"African Uni?n", "African Uni?n"},
		{"/African/ Union", "/African/ Union"},
		{`African\ Union`, `African\ Union`},
		{`African\Union Union`, `African\Union Union`},
		{"African\tUnion", "African\tUnion"}, // one word to Bleve: only a space ends a word
		{`"unclosed African Union`, `"unclosed African Union`},
		{"African Union,", "African Union,"},
	} {
		if got := quoteOrgNames(c.in); got != c.want {
			t.Errorf("quoteOrgNames(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzQuoteOrgNames: the rewrite only adds quotes around runs of words
// (and closes up the spaces between them), each run an organisation's
// name; it parses exactly when the query does, and a second pass changes
// nothing.
func FuzzQuoteOrgNames(f *testing.F) {
	for _, s := range []string{"Council of Europe", "+African Union", `"x"African Union~1`, "african union:x",
		"a Collective Security Treaty Organization b", `African\ Union`, "African Union^2 European Union", `"`, "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := quoteOrgNames(in)
		if again := quoteOrgNames(out); again != out {
			t.Fatalf("second pass: %q → %q → %q", in, out, again)
		}
		pin, errIn := bleve.NewQueryStringQuery(in).Parse()
		pout, errOut := bleve.NewQueryStringQuery(out).Parse()
		if (errIn == nil) != (errOut == nil) {
			t.Fatalf("%q (%v) → %q (%v)", in, errIn, out, errOut)
		}
		if out == in {
			return
		}
		unquote := func(s string) []string { return strings.Fields(strings.ReplaceAll(s, `"`, "")) }
		if !slices.Equal(unquote(in), unquote(out)) {
			t.Fatalf("%q → %q: not only quotes and spaces", in, out)
		}
		was := map[string]int{}
		walkQuery(pin, func(q query.Query) error { was[leafKey(q)]++; return nil })
		walkQuery(pout, func(q query.Query) error {
			k := leafKey(q)
			if was[k] > 0 {
				was[k]--
				return nil
			}
			if p, ok := q.(*query.MatchPhraseQuery); !ok || orgNames(p.MatchPhrase) == nil {
				t.Errorf("%q → %q: new clause %s", in, out, k)
			}
			return nil
		})
	})
}

func leafKey(q query.Query) string {
	switch x := q.(type) {
	case *query.MatchQuery:
		return fmt.Sprintf("match %q:%q~%d", x.FieldVal, x.Match, x.Fuzziness)
	case *query.MatchPhraseQuery:
		return fmt.Sprintf("phrase %q:%q", x.FieldVal, x.MatchPhrase)
	}
	b, _ := json.Marshal(q) // not %+v: numbers are pointers
	return fmt.Sprintf("%T %s", q, b)
}

// TestOrganisationNotAWord: an organisation's acronym or name keeps, of the
// speeches read for mentions, those that name the organisation, not its
// letters as a word of the lower-cased, stemmed, stop-word-free text ("au"
// in Port-au-Prince for AU, "La" Lime for LAS, "Security Council and
// Europe" for the Council of Europe). A speech not read for mentions is
// kept on its words, and --literal searches the words.
func TestOrganisationNotAWord(t *testing.T) {
	docs := fixtureDocs(t)[:7]
	texts := []struct {
		text     string
		mentions []string
		read     bool
	}{
		{"The situation in Port-au-Prince remains grave.", nil, true},
		{"We commend the AU and its mission.", []string{"AU"}, true},
		{"Special Representative Helen La Lime briefed the Council.", nil, true},
		{"The League of Arab States (LAS) met in Cairo.", []string{"LAS"}, true},
		{"The Security Council and Europe cannot act alone.", nil, true},
		{"The Council of Europe adopted a convention.", []string{"CoE"}, true},
		{"Roads to Port-au-Prince are closed.", nil, false},
	}
	for i, x := range texts {
		docs[i].Speech.Text, docs[i].Stances, docs[i].Mentions, docs[i].MentionsRead = x.text, nil, x.mentions, x.read
		docs[i].Sentences = fixtureSentences(docs[i].Speech)
	}
	_, ix := buildIndex(t, docs)
	ids := func(is ...int) []string { return speechIDs(docs, is...) }
	for _, c := range []struct {
		query         string
		want, literal []string
	}{
		{"AU", ids(1, 6), ids(0, 1, 6)},
		{"LAS", ids(3), ids(2, 3)},
		{`"Council of Europe"`, ids(5), ids(4, 5)},
		{"Council of Europe", ids(5), nil},
	} {
		t.Run(c.query, func(t *testing.T) {
			if got := allIDs(t, ix, Query{Text: c.query}); !cmp.Equal(c.want, got) {
				t.Errorf("%q (-want +got):\n%s", c.query, cmp.Diff(c.want, got))
			}
			if c.literal == nil {
				return
			}
			if got := allIDs(t, ix, Query{Text: c.query, Literal: true}); !cmp.Equal(c.literal, got) {
				t.Errorf("--literal %q (-want +got):\n%s", c.query, cmp.Diff(c.literal, got))
			}
		})
	}
}

// TestOrganisationQueryNegatesNothing: an organisation query keeps the
// documents not read for mentions with a term (read:unread), not with a
// negation: a boolean query with only a must-not clause searches every
// document of the index and drops the read ones, which cost "AU" about 75
// of its 175 ms at 100k speeches.
func TestOrganisationQueryNegatesNothing(t *testing.T) {
	var negations func(q query.Query) int
	negations = func(q query.Query) int {
		n := 0
		switch x := q.(type) {
		case *query.BooleanQuery:
			if x.Must == nil && x.Should == nil && x.MustNot != nil {
				n++
			}
			for _, sub := range []query.Query{x.Must, x.Should, x.MustNot, x.Filter} {
				if sub != nil {
					n += negations(sub)
				}
			}
		case *query.ConjunctionQuery:
			for _, sub := range x.Conjuncts {
				n += negations(sub)
			}
		case *query.DisjunctionQuery:
			for _, sub := range x.Disjuncts {
				n += negations(sub)
			}
		}
		return n
	}
	for _, text := range []string{"AU", `"African Union"`, "Council of Europe", "CSTO peace", "+LAS -NATO"} {
		t.Run(text, func(t *testing.T) {
			q, err := Query{Text: text}.textQuery(DefaultLimits, false)
			if err != nil {
				t.Fatal(err)
			}
			if n := negations(q); n > 0 {
				b, _ := json.Marshal(q)
				t.Errorf("%d negation-only clauses in %s", n, b)
			}
		})
	}
}

// TestSpeakerFolded: --speaker matches names as people type them, without
// accents, in any case, with either apostrophe ("Jimenez" did not find
// "Jiménez", nor "ilkin" "İlkin").
func TestSpeakerFolded(t *testing.T) {
	docs := fixtureDocs(t)[:3]
	for i, sp := range []string{"Mr. Jiménez Ávila (Mexico)", "Mr. İlkin Hüseynov (Azerbaijan)", "Mr. Zhang Jun (People’s Republic of China)"} {
		docs[i].Speech.Speaker, docs[i].Speech.SpeakerName = sp, ""
	}
	_, ix := buildIndex(t, docs)
	for _, c := range []struct {
		speaker string
		want    int
	}{
		{"Jimenez", 0}, {"jiménez avila", 0}, {"ILKIN", 1}, {"Hüseynov", 1}, {"huseynov", 1},
		{"People's Republic", 2}, {"people’s republic of china", 2},
	} {
		if got := allIDs(t, ix, Query{Speaker: c.speaker}); !cmp.Equal([]string{docs[c.want].Speech.ID}, got) {
			t.Errorf("--speaker %q found %v, want %s", c.speaker, got, docs[c.want].Speech.ID)
		}
	}
}
