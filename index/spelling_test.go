package index

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// printed is a sentence as a General Debate statement prints it (ungdc-full,
// the file named), which the spelling tests index as a speech of its own.
type printed struct{ file, text string }

// spellingSentences are real sentences of ungdc-full, two spellings of one
// word each, and the words that must find both.
var spellingSentences = []struct {
	name  string
	a, b  printed
	words []string
}{
	{"peace-keeping", printed{"Session 17 - 1962/CAN_17_1962.txt", "This authoritative opinion should be endorsed by the General Assembly and should form the basis for financing peace-keeping operations."},
		printed{"Session 17 - 1962/CAN_17_1962.txt", "Of fundamental importance are the United Nations peacekeeping operations in the Middle East, in the Congo and now in West New Guinea."},
		[]string{"peacekeeping", "peace-keeping", "Peace-Keeping", `"peace keeping"`, "peacekeeping^2"}},
	{"peace keeping", printed{"Session 19 - 1964/ITA_19_1964.txt", "There are problems of economic development and international trade, of disarmament and peace keeping, which await solution."},
		printed{"Session 51 - 1996/FIN_51_1996.txt", "Finland believes in United Nations peacekeeping."},
		[]string{"peacekeeping", "peace-keeping", "peace keeping", "Peace Keeping"}},
	{"peace-building", printed{"Session 20 - 1965/LKA_20_1965.txt", "My Government, however, attaches the deepest significance and importance to the peace-building activities of the United Nations."},
		printed{"Session 50 - 1995/CAN_50_1995.txt", "(spoke in English) In speaking about the three elements — preventive action, rapid reaction and peacebuilding — I wish to emphasize the need to see them as mutually reinforcing."},
		[]string{"peacebuilding", "peace-building"}},
	{"organisation", printed{"Session 02 - 1947/ARG_02_1947.txt", "Was it for this that forty-five nations met at San Francisco and voluntarily tied their hands by a treaty from which — so it is said — they cannot free themselves without dissolving the Organisation?"},
		printed{"Session 01 - 1946/BEL_01_1946.txt", "The Security Council occupies an eminent position in our Organization."},
		[]string{"organisation", "organization", "Organization", `"the Organisation"`}},
	{"defence", printed{"Session 01 - 1946/ARG_01_1946.txt", "Even the hottest debates in the defence of conflicting points of view are not incompatible with the desire to reach a solution."},
		printed{"Session 01 - 1946/UKR_01_1946.txt", "This was a defense line which it was impossible to cross with the Iranian, Greek, Spanish, Lebanese and other questions."},
		[]string{"defence", "defense"}},
	{"programme", printed{"Session 01 - 1946/GBR_01_1946.txt", "To say such things is to challenge the very foundations of the programme on which hitherto we have all agreed."},
		printed{"Session 06 - 1951/RUS_06_1951.txt", "Can it not be inferred from his speech that the United States will not be ready to implement the arms reduction program until this fair and safe international procedure has been developed?"},
		[]string{"programme", "program", "programmes"}},
	{"labour", printed{"Session 01 - 1946/USA_01_1946.txt", "The remedy for the labour pains at Moscow, at Dumbarton Oaks, at Yalta and at San Francisco was the unanimity of the Great Powers."},
		printed{"Session 25 - 1970/TTO_25_1970.txt", "At the root of this problem of access to markets is the fundamental question of the division of labor between the developed and the developing countries."},
		[]string{"labour", "labor"}},
	{"centre", printed{"Session 01 - 1946/BLR_01_1946.txt", "Even after the war, the Franco regime continues to serve as a centre for propaganda and the dissemination of dangerous fascist activity."},
		printed{"Session 17 - 1962/RUS_17_1962.txt", "What is wrong with a proposal that the United Nations should show itself and demonstrate its will to peace in such an important area, as the center of Europe?"},
		[]string{"centre", "center"}},
	{"favour", printed{"Session 01 - 1946/ARG_01_1946.txt", "A decision must be taken in favour of one of them, and clearly that must be the one which reconciles the greatest possible number of opinions."},
		printed{"Session 08 - 1953/ISL_08_1953.txt", "Some of them — those which were naive enough — -have even gained unanimity: 60 votes in favor, none against."},
		[]string{"favour", "favor"}},
	{"neighbouring", printed{"Session 02 - 1947/DOM_02_1947.txt", "It is evident that the Greek people is in the throes of a civil war which, it is alleged, is sustained by the interested assistance the insurgent bands are receiving from neighbouring countries."},
		printed{"Session 25 - 1970/AUS_25_1970.txt", "The spillover of the VietNam conflict into neighboring Laos and Cambodia is well enough known to this Assembly, at least in general terms."},
		[]string{"neighbouring", "neighboring"}},
	{"recognise", printed{"Session 33 - 1978/HTI_33_1978.txt", "Yet, must we not recognise that we cannot in every case revive doubts about all the injustices and all the abuses to which this party and that have fallen Victim during colonial domination?"},
		printed{"Session 01 - 1946/BEL_01_1946.txt", "Finally, in a special clause, the Statute of the Court, which is an integral part of the Charter, provides that States may recognize as compulsory the jurisdiction of the Court in legal disputes."},
		[]string{"recognise", "recognize"}},
	{"stabilise", printed{"Session 45 - 1990/MEX_45_1990.txt", "We consider it an absolute priority to maintain strict fiscal discipline, as the size of the public deficit defines the margins for action to stabilise the economy and carry out structural reforms."},
		printed{"Session 04 - 1949/UKR_04_1949.txt", "Crafty United States politicians, on the pretext of aiding the countries of western Europe to stabilize their economy, had first sent to those countries useless war stocks."},
		[]string{"stabilise", "stabilize"}},
	{"co-operation", printed{"Session 01 - 1946/AUS_01_1946.txt", "One of the outstanding tasks of the United Nations is to promote and facilitate international co-operation in the economic, social, cultural and related fields."},
		printed{"Session 01 - 1946/GBR_01_1946.txt", "While these emergency campaigns were going on, plans for long-term reconstruction and cooperation have been matured."},
		[]string{"cooperation", "co-operation"}},
	{"cease-fire", printed{"Session 02 - 1947/UKR_02_1947.txt", "Despite the Security Council’s “cease-fire” order in Indonesia, Netherlands troops continue their offensive."},
		printed{"Session 06 - 1951/BLR_06_1951.txt", "All the world knows that the Kaesong talks on a ceasefire and armistice in Korea have frequently been interrupted owing to the provocative acts of the Americans."},
		[]string{"ceasefire", "cease-fire"}},
	{"non-aligned", printed{"Session 15 - 1960/EGY_15_1960.txt", "We are of the opinion that non-aligned countries have a big role to play on this stage."},
		printed{"Session 25 - 1970/BOL_25_1970.txt", `"Unity in diversity", which was the theme of the last meeting of nonaligned countries in Lusaka, sums up very succinctly the concept that I have set forth.`},
		[]string{"nonaligned", "non-aligned", `"non-aligned countries"`}},
	{"well-being", printed{"Session 01 - 1946/BRA_01_1946.txt", "Peace rests, no doubt, in the hands of the great Powers; but the world will never accept the idea that their conflicts of interest can justify the sacrifice of the well-being of mankind."},
		printed{"Session 01 - 1946/SYR_01_1946.txt", "The Economic and Social Council has studied a number of vital questions which are of great importance for the promotion of human wellbeing and welfare."},
		[]string{"wellbeing", "well-being"}},
	{"analyse", printed{"Session 04 - 1949/BLR_04_1949.txt", "He wished himself to analyse the activities of the United Nations during those years."},
		printed{"Session 13 - 1958/IRQ_13_1958.txt", "We do not intend at present to analyze the different aspects of the Secretary-General's report."},
		[]string{"analyse", "analyze"}},
	{"endeavour", printed{"Session 01 - 1946/GRC_01_1946.txt", "These beautiful and impressive surroundings are a symbol of high endeavour and achievement."},
		printed{"Session 25 - 1970/AUT_25_1970.txt", "There was no lack of earnest endeavor from various sides."},
		[]string{"endeavour", "endeavor"}},
	{"honour", printed{"Session 01 - 1946/LBN_01_1946.txt", "I have the honour to belong to one of the smallest countries that are Members of the United Nations."},
		printed{"Session 25 - 1970/AUT_25_1970.txt", "resolved to honor its commitments under the proposed solution."},
		[]string{"honour", "honor"}},
	{"behaviour", printed{"Session 02 - 1947/ARG_02_1947.txt", "We must conclude that its behaviour has been dictated by the “do-nothing” policy which it has pursued up to now, and for which, of course, a police force is hardly necessary."},
		printed{"Session 25 - 1970/VEN_25_1970.txt", "The important leaders of the major countries of the world assert in their speeches rules for international behavior which are admirable for their beauty and content."},
		[]string{"behaviour", "behavior"}},
	{"dialogue", printed{"Session 06 - 1951/HTI_06_1951.txt", "The dialogue conducted yesterday from this rostrum by Mr. Vyshinsky."},
		printed{"Session 25 - 1970/DOM_25_1970.txt", "However that may be, under the sheltering umbrella of the principles of the Charter we have been able to demonstrate how useful dialog is at the high level of this Organization."},
		[]string{"dialogue", "dialog"}},
	{"Wałęsa", printed{"Session 73 - 2018/EU_73_2018.txt", "In the next few hours, we will also celebrate the seventy-fifth birthday of another Nobel Peace Prize winner, a great Pole named Lech Wałęsa."},
		printed{"Session 37 - 1982/USA_37_1982.txt", "A single man speaking out—a Lech Walesa, for example—is more dangerous than an armored division."},
		[]string{"Wałęsa", "Walesa", `"Lech Walesa"`}},
}

// spellingDoc is a General Debate speech of its own holding text.
func spellingDoc(n int, code, year, text string) Doc {
	return Doc{Speech: unpv.Speech{ID: fmt.Sprintf("A/PV (spellings)#%d", n), Symbol: "A/PV (spellings)", Body: unpv.GeneralAssembly,
		Meeting: "A/PV (spellings)", Date: year, Seq: n, Speaker: "(" + code + ")", DelegationCode: code,
		Role: unpv.RoleMember, Text: text}}
}

// spellingDocs indexes each sentence of spellingSentences as a speech of
// its own, the pair's first as #2i+1 and its second as #2i+2.
func spellingDocs() []Doc {
	var docs []Doc
	add := func(p printed) {
		code, year := "", ""
		if f := strings.Split(strings.TrimSuffix(p.file[strings.LastIndex(p.file, "/")+1:], ".txt"), "_"); len(f) == 3 {
			code, year = f[0], f[2]
		}
		docs = append(docs, spellingDoc(len(docs)+1, code, year, p.text))
	}
	for _, s := range spellingSentences {
		add(s.a)
		add(s.b)
	}
	return docs
}

// TestSpellingsFindEachOther: each spelling of a word finds the speeches
// that print the other (spelling.go), in real sentences of the General
// Debate Corpus: before index schema 14 `peacekeeping` did not find
// "peace-keeping operations", `organisation` not "our Organization",
// `Walesa` not "Wałęsa".
func TestSpellingsFindEachOther(t *testing.T) {
	docs := spellingDocs()
	_, ix := buildIndex(t, docs)
	for i, s := range spellingSentences {
		pair := []string{docs[2*i].Speech.ID, docs[2*i+1].Speech.ID}
		slices.Sort(pair)
		for _, w := range s.words {
			t.Run(s.name+"/"+w, func(t *testing.T) {
				var got []string
				for _, id := range allIDs(t, ix, Query{Text: w}) {
					if slices.Contains(pair, id) {
						got = append(got, id)
					}
				}
				if diff := cmp.Diff(pair, got); diff != "" {
					t.Errorf("%s: the pair's speeches (-printed +found):\n%s\n%q\n%q", w, diff, s.a.text, s.b.text)
				}
			})
		}
	}
}

// TestSpellingsPhrasesAndPatterns: a phrase, a wildcard and a quoted form
// find every spelling too, and a highlight marks the word as printed, the
// whole of "peace-keeping" (and of "peace-" at a line's end and "keeping"
// on the next), not its halves.
func TestSpellingsPhrasesAndPatterns(t *testing.T) {
	lineEnd := "We are deeply grateful to the United States,\nFrance, Italy and the United Kingdom for their peace-\nkeeping forces in our country and for the support they\nare giving the Government in attaining its broad objectives."
	docs := []Doc{
		spellingDoc(1, "CAN", "1962", spellingSentences[0].a.text),
		spellingDoc(2, "CAN", "1962", spellingSentences[0].b.text),
		// LBN_38_1983.txt as printed, "peace-" at a line's end.
		spellingDoc(3, "LBN", "1983", lineEnd),
		spellingDoc(4, "ITA", "1964", spellingSentences[1].a.text),
	}
	_, ix := buildIndex(t, docs)
	all := []string{"A/PV (spellings)#1", "A/PV (spellings)#2", "A/PV (spellings)#3", "A/PV (spellings)#4"}
	for _, c := range []struct {
		text string
		want []string
		// marked is what each hit's first match marks, by id, KWIC's
		// keyword (white space as one space).
		marked map[string]string
	}{
		{"peacekeeping", all, map[string]string{"A/PV (spellings)#1": "peace-keeping", "A/PV (spellings)#2": "peacekeeping",
			"A/PV (spellings)#3": "peace- keeping", "A/PV (spellings)#4": "peace keeping"}},
		{`"peace-keeping"`, all, nil},
		{`"peace-keeping operations"`, all[:2], map[string]string{"A/PV (spellings)#1": "peace-keeping operations", "A/PV (spellings)#2": "peacekeeping operations"}},
		{`"peacekeeping operations"`, all[:2], nil},
		{`"peace keeping forces"`, all[2:3], map[string]string{"A/PV (spellings)#3": "peace- keeping forces"}},
		{"peacekeep*", all, map[string]string{"A/PV (spellings)#1": "peace-keeping"}},
		{"Peace-Keep*", all, nil},
		{"text:peace-keep*", all, nil},
		// The halves are one word now: "peace" alone is in none of them.
		{"+peace -peacekeeping", nil, nil},
	} {
		t.Run(c.text, func(t *testing.T) {
			if diff := cmp.Diff(c.want, allIDs(t, ix, Query{Text: c.text})); diff != "" {
				t.Errorf("(-want +found):\n%s", diff)
			}
			if c.marked == nil {
				return
			}
			res, err := ix.Search(context.Background(), Query{Text: c.text, KWICWidth: 40, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, h := range res.Hits {
				if _, ok := c.marked[h.ID]; !ok {
					continue
				}
				if h.KWIC == nil || len(h.Matches) == 0 {
					t.Fatalf("%s: no match marked: %+v", h.ID, h)
				}
				text := docs[slices.IndexFunc(docs, func(d Doc) bool { return d.Speech.ID == h.ID })].Speech.Text
				m := h.Matches[0]
				if span := strings.Join(strings.Fields(text[m.Start:m.End]), " "); span != h.KWIC.Match {
					t.Errorf("%s: match %q, keyword %q", h.ID, span, h.KWIC.Match)
				}
				got[h.ID] = h.KWIC.Match
			}
			if diff := cmp.Diff(c.marked, got); diff != "" {
				t.Errorf("marked (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWordsTokenizer: a compound's halves are one token spanning the word
// as printed, and the words after it move up a position; a comma, a dash
// set in spaces, or a verb after "peace" keep them apart.
func TestWordsTokenizer(t *testing.T) {
	type tok struct {
		Term, Printed string
		Pos           int
	}
	for _, c := range []struct {
		text string
		want []tok
	}{
		{"financing peace-keeping operations", []tok{{"financing", "financing", 1}, {"peacekeeping", "peace-keeping", 2}, {"operations", "operations", 3}}},
		{"Peace-Keeping Operations", []tok{{"PeaceKeeping", "Peace-Keeping", 1}, {"Operations", "Operations", 2}}},
		{"their peace-\nkeeping forces", []tok{{"their", "their", 1}, {"peacekeeping", "peace-\nkeeping", 2}, {"forces", "forces", 3}}},
		{"disarmament and peace keeping, which", []tok{{"disarmament", "disarmament", 1}, {"and", "and", 2}, {"peacekeeping", "peace keeping", 3}, {"which", "which", 4}}},
		{"peace\u2010keepers’ role", []tok{{"peacekeepers", "peace\u2010keepers", 1}, {"role", "role", 2}}},
		{"their fullest co¬operation and all support", []tok{{"their", "their", 1}, {"fullest", "fullest", 2}, {"cooperation", "co¬operation", 3}, {"and", "and", 4}, {"all", "all", 5}, {"support", "support", 6}}},
		{"international co-operation", []tok{{"international", "international", 1}, {"cooperation", "co-operation", 2}}},
		{"the Security Council’s “cease-fire” order", []tok{{"the", "the", 1}, {"Security", "Security", 2}, {"Council’s", "Council’s", 3}, {"ceasefire", "cease-fire", 4}, {"order", "order", 5}}},
		// Apart:
		{"to restore peace, keeping in mind", []tok{{"to", "to", 1}, {"restore", "restore", 2}, {"peace", "peace", 3}, {"keeping", "keeping", 4}, {"in", "in", 5}, {"mind", "mind", 6}}},
		{"peace - keeping", []tok{{"peace", "peace", 1}, {"keeping", "keeping", 2}}},
		{"love of peace makes us", []tok{{"love", "love", 1}, {"of", "of", 2}, {"peace", "peace", 3}, {"makes", "makes", 4}, {"us", "us", 5}}},
		{"reactivating their co operation, could", []tok{{"reactivating", "reactivating", 1}, {"their", "their", 2}, {"cooperation", "co operation", 3}, {"could", "could", 4}}},
		{"world wide", []tok{{"world", "world", 1}, {"wide", "wide", 2}}},
		{"Guinea-Bissau", []tok{{"Guinea", "Guinea", 1}, {"Bissau", "Bissau", 2}}},
	} {
		var got []tok
		for _, tk := range (wordsTokenizer{bunicode.NewUnicodeTokenizer()}).Tokenize([]byte(c.text)) {
			got = append(got, tok{string(tk.Term), c.text[tk.Start:tk.End], tk.Position})
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.text, diff)
		}
	}
}

// TestSpellingFoldsAreWords: every spelling folded is a word of its own,
// never the UN's spelling of another (a chain would make the fold depend
// on order), and no two families fold one spelling differently.
func TestSpellingFoldsAreWords(t *testing.T) {
	for other, un := range spellingFolds {
		if other == un {
			t.Errorf("%q folds to itself", other)
		}
		if again, ok := spellingFolds[un]; ok {
			t.Errorf("%q folds to %q, which folds to %q", other, un, again)
		}
	}
	seen := map[string]string{}
	for _, f := range spellingFamilies {
		for _, s := range f.stems {
			for _, e := range f.endings {
				k := s + f.other + e
				if prev, ok := seen[k]; ok && prev != s+f.un+e {
					t.Errorf("%q folds to %q and %q", k, prev, s+f.un+e)
				}
				seen[k] = s + f.un + e
			}
		}
	}
}

// TestSpellingFoldsAreNeeded: every pair folds two spellings that the
// stemmer alone leaves apart (fulfil and fulfill, travelled and traveled,
// judgement and judgment it reads as one, so they are not in the table);
// a family needs it for at least one word of each stem.
func TestSpellingFoldsAreNeeded(t *testing.T) {
	stem := func(w string) string {
		toks := porter.NewPorterStemmer().Filter(analysis.TokenStream{{Term: []byte(w)}})
		return string(toks[0].Term)
	}
	for _, p := range spellingPairs {
		if stem(p[0]) == stem(p[1]) {
			t.Errorf("%s and %s: the stemmer reads both as %s", p[0], p[1], stem(p[0]))
		}
	}
	for _, f := range spellingFamilies {
		for _, s := range f.stems {
			needed := false
			for _, e := range f.endings {
				needed = needed || stem(s+f.other+e) != stem(s+f.un+e)
			}
			if !needed {
				t.Errorf("%s (%s): the stemmer reads every word of it alike", s+f.un, f.why)
			}
		}
	}
}

// BenchmarkTextAnalyzer measures what the spellings cost the analyzer,
// per byte of the fixture's speeches: "unpv_en" as indexed, and the
// analyzer before index schema 14 (Bleve's Unicode tokenizer, no
// spelling filter) beside it.
func BenchmarkTextAnalyzer(b *testing.B) {
	im := NewMapping().(*mapping.IndexMappingImpl)
	if err := im.AddCustomAnalyzer("schema13", map[string]any{
		"type":          custom.Name,
		"tokenizer":     bunicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, foldFilterName, en.StopName, porter.Name},
	}); err != nil {
		b.Fatal(err)
	}
	var texts [][]byte
	size := 0
	for _, d := range fixtureDocs(b) {
		texts = append(texts, []byte(d.Speech.Text))
		size += len(d.Speech.Text)
	}
	for _, name := range []string{textAnalyzer, "schema13"} {
		b.Run(name, func(b *testing.B) {
			a := im.AnalyzerNamed(name)
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, t := range texts {
					a.Analyze(t)
				}
			}
		})
	}
}

// FuzzWordsTokenizer checks that joining a compound's halves loses and
// invents no letter (the terms are the Unicode tokenizer's, some pairs
// run together), that each token spans its term as printed, the text
// between halves left out, and that positions run 1, 2, 3… as a phrase
// reads them; and that a compound printed with a hyphen, set in spaces,
// is one token spanning it.
func FuzzWordsTokenizer(f *testing.F) {
	var pairs []string
	for _, c := range compounds {
		for _, h := range c.second {
			pairs = append(pairs, c.first+"-"+h)
		}
	}
	hyphenated := regexp.MustCompile(`(?i)(?:^|\s)(` + strings.Join(pairs, "|") + `)(?:\s|$)`)
	f.Add("financing peace-keeping operations")
	f.Add("their peace-\nkeeping forces and Peace Keeping")
	f.Add("their fullest co¬operation and co operation, co - operation")
	f.Add("peace, keeping peace -keeping peace- keeping’s Guinea-Bissau")
	f.Fuzz(func(t *testing.T, text string) {
		plain := bunicode.NewUnicodeTokenizer().Tokenize([]byte(text))
		var want strings.Builder
		for _, tk := range plain {
			want.Write(tk.Term)
		}
		var got strings.Builder
		end := 0
		spans := map[[2]int]bool{}
		for i, tk := range (wordsTokenizer{bunicode.NewUnicodeTokenizer()}).Tokenize([]byte(text)) {
			spans[[2]int{tk.Start, tk.End}] = true
			if tk.Position != i+1 {
				t.Fatalf("token %d at position %d", i, tk.Position)
			}
			if tk.Start < end || tk.End > len(text) || tk.Start >= tk.End {
				t.Fatalf("token %q spans [%d,%d) after %d in %d bytes", tk.Term, tk.Start, tk.End, end, len(text))
			}
			printed := text[tk.Start:tk.End]
			if !strings.HasPrefix(printed, string(tk.Term[:1])) || !strings.HasSuffix(printed, string(tk.Term[len(tk.Term)-1:])) {
				t.Fatalf("token %q printed %q", tk.Term, printed)
			}
			end = tk.End
			got.Write(tk.Term)
		}
		if got.String() != want.String() {
			t.Fatalf("letters changed:\n%q\n%q", want.String(), got.String())
		}
		for _, m := range hyphenated.FindAllStringSubmatchIndex(text, -1) {
			if !spans[[2]int{m[2], m[3]}] {
				t.Fatalf("%q is not one token", text[m[2]:m[3]])
			}
		}
	})
}

// TestPatternSpelling: a wildcard or prefix spelt another way than the
// UN's is also searched in the UN's spelling, which alone the index holds
// (`neighbor*` found 2 demo speeches, `neighbour*` 269; `organis*` none).
func TestPatternSpelling(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"organis*", "organiz*"},
		{"reorganis*", "reorganiz*"},
		{"neighbor*", "neighbour*"},
		{"neighbors*", "neighbours*"},
		{"labor*", "labour*"},
		{"center*", "centre*"},
		{"centered*", "centred*"},
		{"defens*", "defenc*"},
		{"defense*", "defence*"},
		{"analyz*", "analys*"},
		{"practis*", "practic*"},
		{"stabilis?ng", "stabiliz?ng"},
		// The UN's spelling, or a start both spellings share: no other.
		{"organiz*", ""},
		{"neighbou*", ""},
		{"organ*", ""},
		{"cent*", ""},
		{"peacekeep*", ""},
	} {
		got, ok := patternSpelling(c.in)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("patternSpelling(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPatternsFindEverySpelling: a pattern in either spelling finds the
// statements of both, and keeps what its own letters find.
func TestPatternsFindEverySpelling(t *testing.T) {
	docs := []Doc{
		spellingDoc(1, "GBR", "1990", "Good relations with our neighbours are the basis of regional stability."),
		spellingDoc(2, "USA", "1990", "Good relations with our neighbors are the basis of regional stability."),
		spellingDoc(3, "CUB", "1990", "The capitalist countries hold the keys of trade."),
	}
	_, ix := buildIndex(t, docs)
	both := []string{"A/PV (spellings)#1", "A/PV (spellings)#2"}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"neighbor*", both},
		{"neighbour*", both},
		{"Neighbor*", both},
		{"text:neighbor*", both},
		{"capitalis*", []string{"A/PV (spellings)#3"}},
	} {
		t.Run(c.text, func(t *testing.T) {
			if diff := cmp.Diff(c.want, allIDs(t, ix, Query{Text: c.text})); diff != "" {
				t.Errorf("(-want +found):\n%s", diff)
			}
		})
	}
}
