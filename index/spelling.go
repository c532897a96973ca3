package index

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// The records spell one word in several ways, and a search for one spelling
// missed the others: on the General Debate Corpus `organisation` found 580
// speeches and `organization` 10,596, `peacekeeping` missed the 1946–1990s
// statements that print "peace-keeping". The text analyzer (textAnalyzer)
// therefore indexes and searches every spelling below as one word, in two
// steps: the tokenizer (wordsTokenizer) joins the halves of the compounds
// the records print both joined and apart (compounds), and a token filter
// (spellingFilter) gives every other spelling of a word the UN's own
// (spellings). Both keep each word's offsets in the text, so highlights
// mark the word as printed ("peace-keeping" whole).
//
// Where the spellings come from: the UN's editorial usage (the United
// Nations Editorial Manual, which follows the Concise Oxford Dictionary)
// prints British spelling with -ize: "organization", "recognize",
// "programme", "labour", "centre", "defence", "favour", "neighbour",
// "analyse"; since the 1990s it prints "peacekeeping", "peacebuilding",
// "cooperation" and "ceasefire" as one word, where older records print
// "peace-keeping", "co-operation", "cease-fire". Delegations' own texts
// (the General Debate Corpus holds what each delegation submitted) use
// American spelling ("organization", "defense", "program", "labor",
// "center") or British -ise ("organisation", "recognise"). Each word is
// indexed in the UN's spelling; which one is a detail of the index, what
// matters is that every spelling is the same word. The pairs are those that
// recur in the corpora: counted on ungdc-full (2026-12-07, statements
// printing each form) they range from programme 5,709 / program 892,
// neighbour 4,454 / neighbor 837, labour 1,355 / labor 240 and
// co-operation 3,937 / cooperation 6,692 down to about ten of the rarer
// form (saviour, rumour); a pair seen fewer times than that is left out.

// spellingFamily generates the pairs of one kind of spelling difference:
// for each stem, the other spelling's word (stem+other+ending) and the
// UN's (stem+un+ending), for each ending.
type spellingFamily struct {
	why       string   // the difference, and why it is folded
	un, other string   // the differing letters: "iz" and "is"
	endings   []string // what may follow them in a word
	stems     []string // the words' stems
}

// izeEndings follow -ize/-ise in a word: organize, organizes,
// organized, organizing, organizer(s), organization(s), organizational,
// recognizable, recognizably. Never "m" or "t": realism, specialist,
// economist stay as they are.
var izeEndings = []string{"e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able", "ably"}

// spellingFamilies are the regular differences; see the comment above for
// where they come from.
var spellingFamilies = []spellingFamily{
	{why: "-ize: the UN prints organization, recognize, stabilize; delegations' texts and British usage -ise (organisation 649 statements of ungdc-full, organization 9,876)",
		un: "iz", other: "is", endings: izeEndings, stems: []string{
			"organ", "reorgan", "recogn", "stabil", "destabil", "real", "mobil", "demobil", "immobil",
			"emphas", "character", "critic", "priorit", "util", "minim", "maxim", "final", "author",
			"harmon", "modern", "normal", "summar", "special", "symbol", "sympath", "civil",
			"colon", "decolon", "democrat", "demilitar", "militar", "central", "decentral",
			"international", "marginal", "global", "industrial", "liberal", "privat", "revital",
			"neutral", "operational", "institutional", "rational", "jeopard", "scrutin", "standard",
			"subsid", "material", "penal", "sensit", "galvan", "familiar", "immun", "local",
			"polar", "antagon", "terror", "optim", "victim", "national", "politic", "radical",
			"stigmat", "legitim", "apolog", "capital", "categor", "visual", "equal", "memor",
			"public", "energ", "econom", "epitom", "ideal", "legal", "monopol", "moral", "social",
			"urban", "digit", "hospital", "trivial", "traumat", "natural", "synchron", "agon",
			"patron", "human", "dehuman", "commercial", "commun", "crystall", "fertil",
		}},
	{why: "-yse: the UN prints analyse, paralyse; American texts analyze",
		un: "ys", other: "yz", endings: []string{"e", "es", "ed", "ing", "er", "ers"},
		stems: []string{"anal", "paral", "catal"}},
	{why: "-our: the UN prints labour, favour, neighbour, honour, endeavour; American texts -or (neighbour 4,454 statements, neighbor 837)",
		un: "our", other: "or", endings: []string{"", "s", "ed", "ing", "er", "ers", "able", "ably", "al", "hood", "hoods", "ly", "ite", "ites"},
		stems: []string{"lab", "fav", "unfav", "disfav", "neighb", "hon", "dishon", "behavi", "misbehavi",
			"endeav", "harb", "vig", "rig", "col", "rum", "savi", "arm", "tum", "val", "cand", "ferv", "ard", "splend", "od"}},
	{why: "-re: the UN prints centre, theatre, metre; American texts -er (centre 2,736 statements, center 474)",
		un: "re", other: "er", endings: []string{"", "s"},
		stems: []string{"cent", "epicent", "theat", "met", "kilomet", "centimet", "millimet", "fib", "lit", "calib", "spect", "somb"}},
	{why: "-red: centred, theatred (the -re words above with -ed); American centered",
		un: "red", other: "ered", endings: []string{""},
		stems: []string{"cent"}},
	{why: "-ence: the UN prints defence, offence, pretence, licence; American texts -ense (defence 2,407 statements, defense 559)",
		un: "ence", other: "ense", endings: []string{"", "s", "less"},
		stems: []string{"def", "off", "pret", "lic"}},
}

// spellingPairs are the differences that are no regular family, each
// with its reason: the other spelling first, then the UN's.
var spellingPairs = [][3]string{
	{"program", "programme", "the UN prints programme for the noun (5,709 statements of ungdc-full) and American texts program (892); the computer program, which the UN too prints program, is rare in its records, so program is read as programme"},
	{"programs", "programmes", "as program"},
	{"dialog", "dialogue", "the UN prints dialogue; 679 statements print dialog"},
	{"dialogs", "dialogues", "as dialog"},
	{"catalog", "catalogue", "the UN prints catalogue"},
	{"catalogs", "catalogues", "as catalog"},
	{"counselor", "counsellor", "the UN prints counsellor"},
	{"counselors", "counsellors", "as counselor"},
	{"maneuver", "manoeuvre", "the UN prints manoeuvre"},
	{"maneuvers", "manoeuvres", "as maneuver"},
	{"maneuvered", "manoeuvred", "as maneuver"},
	{"maneuvering", "manoeuvring", "as maneuver"},
	{"practise", "practice", "the UN prints the verb practise and the noun practice, American texts practice for both: folded to the noun's spelling, the one both share"},
	{"practises", "practices", "as practise"},
	{"practised", "practiced", "as practise"},
	{"practising", "practicing", "as practise"},
}

// compound is a word the records print joined, hyphenated, or (when
// spaced) as two words: the first half and the second halves it joins.
type compound struct {
	first  string
	second []string
	// spaced joins the halves printed with a space too, as ungdc-full
	// prints them where a PDF's line-end hyphen or OCR lost the hyphen
	// ("peace keeping" in 20 statements, "co operation" 27 times, "non
	// aligned" 56, "well being" 59, "cease fire" 27, each read there as
	// the compound): only where the first half is no word that the second
	// may follow otherwise ("peace makes", "peace builds" are left apart,
	// as second halves of "peace" are nouns and -ing forms only; "world
	// wide", "long standing" are not joined).
	spaced bool
}

// compounds are the words the UN now prints joined and older records and
// delegations' texts hyphenated (statements of ungdc-full printing each
// form, 2026-12-07: peace-keeping 1,273 / peacekeeping 2,051,
// co-operation 3,937 / cooperation 6,692, cease-fire 963 / ceasefire 651,
// non-aligned 1,946 / nonaligned 183, well-being 2,499 / wellbeing 211).
// A hyphen at a line's end ("peace-" and "keeping" on the next line, 91
// statements) joins them too. The halves are one word: `peace` no longer
// finds "peace-keeping", as it never found "peacekeeping", and `operation`
// no longer finds "co-operation". Compounds whose second half researchers
// search alone (counter-terrorism, socio-economic, post-war) are left
// out; non-proliferation, the UN's term for its treaty and regime, is
// in. A hyphenated query still finds the words joined (compoundWords).
var compounds = []compound{
	{first: "peace", spaced: true, second: []string{"keeping", "keeper", "keepers", "building", "builder", "builders", "making", "maker", "makers"}},
	{first: "cease", spaced: true, second: []string{"fire", "fires"}},
	{first: "co", spaced: true, second: []string{"operation", "operations", "operate", "operates", "operated", "operating", "operative", "operatives", "operatively", "operator", "operators",
		"ordination", "ordinate", "ordinates", "ordinated", "ordinating", "ordinator", "ordinators",
		"existence", "exist", "exists", "existed", "existing",
		"sponsor", "sponsors", "sponsored", "sponsoring", "sponsorship"}},
	{first: "non", spaced: true, second: []string{"aligned", "alignment", "governmental", "proliferation"}},
	{first: "world", second: []string{"wide"}},
	{first: "land", second: []string{"locked"}},
	{first: "well", spaced: true, second: []string{"being"}},
	{first: "under", second: []string{"developed", "development"}},
	{first: "super", second: []string{"power", "powers"}},
	{first: "anti", second: []string{"personnel"}},
	{first: "long", second: []string{"standing"}},
	{first: "inter", second: []string{"governmental"}},
	{first: "sub", second: []string{"regional"}},
	{first: "break", second: []string{"through", "throughs"}},
}

// spellingFolds maps each other spelling to the UN's (spellingFamilies and
// spellingPairs).
var spellingFolds = func() map[string]string {
	m := map[string]string{}
	for _, f := range spellingFamilies {
		for _, s := range f.stems {
			for _, e := range f.endings {
				m[s+f.other+e] = s + f.un + e
			}
		}
	}
	for _, p := range spellingPairs {
		m[p[0]] = p[1]
	}
	return m
}()

// compoundHalves maps a compound's first half to its second halves and
// whether a space may part them.
var compoundHalves = func() map[string]compound {
	m := map[string]compound{}
	for _, c := range compounds {
		m[c.first] = c
	}
	return m
}()

// longestFirstHalf is the length of the longest first half: a longer word
// is no compound's, and the tokenizer need not lower-case it to look.
var longestFirstHalf = func() int {
	n := 0
	for _, c := range compounds {
		n = max(n, len(c.first))
	}
	return n
}()

// spellingFilterName and wordsTokenizerName name this file's analysis
// steps in textAnalyzer's configuration.
const (
	spellingFilterName = "unpv_spelling"
	wordsTokenizerName = "unpv_words"
)

func init() {
	registry.RegisterTokenFilter(spellingFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return spellingFilter{}, nil
	})
	registry.RegisterTokenizer(wordsTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordsTokenizer{bunicode.NewUnicodeTokenizer()}, nil
	})
}

// spellingFilter gives each lower-cased, accent-folded word the UN's
// spelling (spellingFolds); the token keeps its offsets.
type spellingFilter struct{}

func (spellingFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if un, ok := spellingFolds[string(tok.Term)]; ok {
			tok.Term = []byte(un)
		}
	}
	return in
}

// wordsTokenizer is Bleve's Unicode tokenizer, which cuts "peace-keeping"
// in two, with the halves of a compound joined into one token spanning
// the word as printed. The joining is done here rather than in a token
// filter because it needs the text between the halves: a hyphen (or a
// hyphen and the line break a PDF's line end puts after it) joins them,
// a comma ("peace, keeping in mind…") does not. The tokens after a joined
// one move up a position, so that a phrase reads "peace-keeping
// operations" as "peacekeeping operations".
type wordsTokenizer struct{ words analysis.Tokenizer }

func (t wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	in := t.words.Tokenize(input)
	out := in[:0]
	for i := 0; i < len(in); i++ {
		tok := in[i]
		if i+1 < len(in) && len(tok.Term) <= longestFirstHalf {
			if c, ok := compoundHalves[lowerASCII(tok.Term)]; ok && joinable(c, input, tok, in[i+1]) {
				next := in[i+1]
				term := make([]byte, 0, len(tok.Term)+len(next.Term))
				tok.Term = append(append(term, tok.Term...), next.Term...)
				tok.End = next.End
				i++
			}
		}
		tok.Position = len(out) + 1
		out = append(out, tok)
	}
	return out
}

// joinable reports whether next is one of c's second halves, printed
// after first with a hyphen between them (and white space after it, a
// line's end) or, if c allows, with white space alone.
func joinable(c compound, input []byte, first, next *analysis.Token) bool {
	word := lowerASCII(bytes.TrimSuffix(bytes.TrimSuffix(next.Term, []byte("'s")), []byte("’s")))
	if !slices.Contains(c.second, word) || first.End > next.Start || next.Start-first.End > 8 {
		return false
	}
	gap := input[first.End:next.Start]
	hyphens, spaces := 0, 0
	for len(gap) > 0 {
		r, n := utf8.DecodeRune(gap)
		switch {
		// The hyphens, the soft hyphen, and ¬, which OCR reads for a
		// hyphen in the 1982 statements ("their fullest co¬operation",
		// MYS_37_1982.txt; 20 times "co¬operation" in ungdc-full).
		case r == '-' || r == '\u2010' || r == '\u2011' || r == '\u00ad' || r == '¬':
			if spaces > 0 { // "peace -keeping", "peace - keeping": a dash, not a hyphen
				return false
			}
			hyphens++
		case unicode.IsSpace(r):
			spaces++
		default:
			return false
		}
		gap = gap[n:]
	}
	return hyphens == 1 || hyphens == 0 && spaces > 0 && c.spaced
}

// lowerASCII is the word in lower case, as compounds spell it (their
// halves are ASCII).
func lowerASCII(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return string(out)
}

// joinCompounds writes a compound that a query gives as two plain words
// with a space ("peace keeping", "cease fire": compounds whose halves a
// space may part) as the one word it is indexed as, so that it searches
// the text and the agenda as `peacekeeping` does: Bleve's query-string
// parser makes each word a clause of its own, which the analyzer never
// sees together, and `peace keeping` found no speech printing "peace
// keeping" once the index held it as one word. Plain words are those
// quoteOrgNames reads (no operator, field, pattern or quotes).
func joinCompounds(text string) string {
	return rewriteRuns(text, compoundRuns, func(words []string) string { return strings.Join(words, "") })
}

// compoundRuns returns the pairs of words that are a compound a space may
// part, in order.
func compoundRuns(words []string) [][2]int {
	var out [][2]int
	for i := 0; i+1 < len(words); i++ {
		c, ok := compoundHalves[strings.ToLower(words[i])]
		if ok && c.spaced && slices.Contains(c.second, strings.ToLower(words[i+1])) {
			out = append(out, [2]int{i, i + 2})
			i++
		}
	}
	return out
}

// patternFolds maps the start of a wildcard's or prefix's literal part in
// another spelling to the UN's: the index holds the UN's spelling alone,
// so `neighbor*` found 2 demo speeches where `neighbour*` finds 269, and
// `organis*` none. Each stem gives its whole differing part ("organis" →
// "organiz", "neighbor" → "neighbour") and, where the spellings share
// letters before they differ, the start up to the first differing letter
// ("defens" → "defenc", so that `defens*` is `defenc*`).
var patternFolds = func() map[string]string {
	m := map[string]string{}
	add := func(other, un string) {
		m[other] = un
		d := 0
		for d < len(other) && d < len(un) && other[d] == un[d] {
			d++
		}
		if d > 0 && d+1 < len(other) && d < len(un) {
			if _, ok := m[other[:d+1]]; !ok {
				m[other[:d+1]] = un[:d+1]
			}
		}
	}
	for _, f := range spellingFamilies {
		for _, s := range f.stems {
			add(s+f.other, s+f.un)
		}
	}
	for _, p := range spellingPairs {
		add(p[0], p[1])
	}
	return m
}()

// patternSpelling is the wildcard or prefix pattern p (lower case) with
// its literal start in the UN's spelling, and false when it has no other
// spelling. The longest fold that starts the literal part decides
// ("centered" → "centred", not "center" → "centre"). A pattern is
// searched in both spellings (lowerPatterns), since a fold may also start
// a word of its own ("capitalis*": capitalism, capitalist).
func patternSpelling(p string) (string, bool) {
	lit := p
	if i := strings.IndexAny(p, "*?"); i >= 0 {
		lit = p[:i]
	}
	from := ""
	for k := range patternFolds {
		if len(k) > len(from) && strings.HasPrefix(lit, k) {
			from = k
		}
	}
	if from == "" || patternFolds[from] == from {
		return p, false
	}
	return patternFolds[from] + p[len(from):], true
}
