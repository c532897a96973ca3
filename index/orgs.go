package index

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/unpv/unpv/un"
)

// expandOrgs rewrites every word or phrase of a query that names an
// organisation of un's table into any of the names the table gives it, so
// that CSTO also finds "Collective Security Treaty Organization" and ODKB,
// and "African Union" finds AU and the Organization of African Unity. An
// acronym counts as written in the table's case ("CSTO", "CoE"; "csto" is a
// word), a name in any case. Missions and forces (AMISOM, KFOR) are not
// added: they are not the organisation's name. Query.Literal turns this
// off. A name typed without quotes reaches it as a phrase: quoteOrgNames
// quotes it in the query string first.
func expandOrgs(q query.Query) query.Query { return rewriteLeaves(q, expandOrg) }

func expandOrg(q query.Query) query.Query {
	switch x := q.(type) {
	case *query.MatchQuery:
		if x.Fuzziness == 0 && textField(x.FieldVal) {
			if names := orgNames(x.Match); names != nil {
				return mentioned(orgQuery(names, x.FieldVal, x.BoostVal), names[0], x.FieldVal)
			}
		}
	case *query.MatchPhraseQuery:
		if x.Fuzziness == 0 && textField(x.FieldVal) {
			if names := orgNames(x.MatchPhrase); names != nil {
				return mentioned(orgQuery(names, x.FieldVal, x.BoostVal), names[0], x.FieldVal)
			}
		}
	}
	return q
}

// mentioned keeps, of the speeches and sentences q finds in the text, those
// where the organisation acr was found by name, when the document was read
// for mentions (FieldRead): the text is lower-cased, stemmed and without
// stop words, so its words alone find "au" in Port-au-Prince for AU, "La"
// (Lime) for LAS and "Security Council and Europe" for the Council of
// Europe, while the target field holds what the mention finder saw
// (case-sensitive acronyms, whole names). A document not read for mentions
// is kept on its words (FieldRead "unread": a term, where "not read" was a
// negation whose searcher walked every document of the index, about 75 ms
// of an organisation query at 100k speeches). Agenda text is left as it
// is: an agenda names an organisation a speech may not.
func mentioned(q query.Query, acr, field string) query.Query {
	if field != "" && field != FieldText {
		return q
	}
	target := query.NewTermQuery(acr)
	target.SetField(FieldTarget)
	unread := query.NewTermQuery(readUnread)
	unread.SetField(FieldRead)
	either := query.NewDisjunctionQuery([]query.Query{target, unread})
	either.SetBoost(0) // the text decides the score
	return query.NewConjunctionQuery([]query.Query{q, either})
}

// textField reports whether a query on field searches the text (the
// default field, the speech text or the agenda).
func textField(field string) bool {
	return field == "" || field == FieldText || field == FieldAgendaText
}

// orgNames returns every name of the organisation that s names, or nil.
// Hyphens may stand for the spaces of a name ("G5-Sahel" is the G5 Sahel),
// as the mention finder reads them in the text (classify's gazetteer):
// the query found the one speech printing "G5 Sahel" as words where the
// name found 46.
func orgNames(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	acr, ok := un.CanonicalOrganisation(s)
	if !ok && strings.Contains(s, "-") {
		s = strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " ")), " ")
		acr, ok = un.CanonicalOrganisation(s)
	}
	if !ok {
		return nil
	}
	var names []string
	named := false
	for _, o := range un.OrganisationTable() {
		if o.Acronym != acr {
			continue
		}
		names = append(names, o.Acronym)
		named = s == o.Acronym || strings.EqualFold(s, o.Name)
		for _, n := range o.Names {
			if n.Mission {
				continue
			}
			if n.Acronym && s == n.Text || !n.Acronym && strings.EqualFold(s, n.Text) {
				named = true
			}
			if !containsString(names, n.Text) {
				names = append(names, n.Text)
			}
		}
	}
	if !named {
		return nil // an acronym in another case: a word
	}
	return names
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orgQuery matches any of names on field: words as words, names as phrases.
func orgQuery(names []string, field string, boost *query.Boost) query.Query {
	qs := make([]query.Query, 0, len(names))
	for _, n := range names {
		var q query.FieldableQuery
		if strings.Contains(n, " ") {
			q = query.NewMatchPhraseQuery(n)
		} else {
			q = query.NewMatchQuery(n)
		}
		q.SetField(field)
		qs = append(qs, q)
	}
	d := query.NewDisjunctionQuery(qs)
	if boost != nil {
		d.SetBoost(boost.Value())
	}
	return d
}

// quoteOrgNames puts quotes around every run of unquoted words in a query
// string that is exactly one of un's names of an organisation (in any
// case, however many spaces apart; missions and forces are not
// organisation names), the longest name first (orgRuns): "Council of Europe" becomes
// `"Council of Europe"`, which expandOrgs then reads as the organisation,
// as it reads the quoted name. Single words are left to expandOrgs (an
// acronym is one word).
//
// It rewrites the string, not the parsed query: Bleve's query-string
// parser turns every unquoted word into a clause of its own and keeps
// neither their order against the +must and -not clauses nor what stood
// between them (`Council +peace of Europe` parses to the same optional
// clauses Council, of, Europe as `Council of Europe`, plus a required
// one), so the parsed leaves cannot tell a run of words from words
// scattered around operators. The quoted phrase is what the user could
// have typed, and the parser, the limits and expandOrgs then treat it
// exactly so.
//
// A word counts only when it is a plain optional word: not a phrase, not
// prefixed by + or - (`+African Union` keeps its required word African and
// optional Union: the operator binds one word, and quoting the run would
// make Union required or African optional), not a field or a field's
// value (`agenda_text:African Union`), and without wildcards, a regular
// expression, a fuzziness, a boost or an escape. Anything else ends a
// run. The scanner follows Bleve's lexer (query_string_lex.go) only as far
// as telling such words apart; should the rewrite not parse where the
// query does, the query is left as written.
func quoteOrgNames(text string) string {
	return rewriteRuns(text, orgRuns, func(words []string) string { return `"` + strings.Join(words, " ") + `"` })
}

// rewriteRuns replaces every run of plain words (as quoteOrgNames reads
// them) that runs finds by what as makes of its words, leaving the text as
// written should the rewrite not parse.
func rewriteRuns(text string, runs func([]string) [][2]int, as func([]string) string) string {
	toks, ok := scanQueryString(text)
	if !ok {
		return text
	}
	var b strings.Builder
	last := 0 // text[:last] is written
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && plainWord(toks, j) {
			j++
		}
		if j == i {
			i++
			continue
		}
		words := make([]string, j-i)
		for k := range words {
			words[k] = toks[i+k].text
		}
		for _, m := range runs(words) {
			start, end := toks[i+m[0]].start, toks[i+m[1]-1].end
			b.WriteString(text[last:start])
			b.WriteString(as(words[m[0]:m[1]]))
			last = end
		}
		i = j
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	out := b.String()
	if _, err := query.NewQueryStringQuery(out).Parse(); err != nil {
		return text
	}
	return out
}

// orgRuns returns the [start, end) spans of words that are an
// organisation's name, in order, the longest name first: the CSTO's
// "Collective Security Treaty Organization" rather than its "Collective
// Security Treaty" and a word Organization, and, where names overlap (the
// OIC's "Organization of the Islamic Conference" and the CSCE's
// "Conference on Security and Cooperation in Europe"), the longer one.
// At most maxOrgNameWords lookups a word.
func orgRuns(words []string) [][2]int {
	var found [][3]int // start, end, 1 for an organisation's name
	for i := range words {
		for n := 2; n <= min(len(words)-i, maxOrgNameWords()); n++ {
			switch run := strings.Join(words[i:i+n], " "); {
			case orgNames(run) != nil:
				found = append(found, [3]int{i, i + n, 1})
			case otherBodyName(run):
				found = append(found, [3]int{i, i + n, 0})
			}
		}
	}
	// Longest first, then leftmost; a name that overlaps one taken is not one.
	// Another body's name is taken like one and left unquoted.
	slices.SortFunc(found, func(a, b [3]int) int {
		return cmp.Or(cmp.Compare(b[1]-b[0], a[1]-a[0]), cmp.Compare(a[0], b[0]))
	})
	taken := make([]bool, len(words))
	var out [][2]int
	for _, r := range found {
		if !slices.Contains(taken[r[0]:r[1]], true) {
			if r[2] == 1 {
				out = append(out, [2]int{r[0], r[1]})
			}
			for k := r[0]; k < r[1]; k++ {
				taken[k] = true
			}
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// maxOrgNameWords is the number of words of the longest name in un's
// organisation table: no longer run needs looking up.
var maxOrgNameWords = sync.OnceValue(func() int {
	n := 1
	for _, o := range un.OrganisationTable() {
		n = max(n, len(strings.Fields(o.Name)))
		for _, nm := range o.Names {
			n = max(n, len(strings.Fields(nm.Text)))
		}
	}
	for _, nm := range un.OtherNames() {
		n = max(n, len(strings.Fields(nm.Text)))
	}
	return n
})

// otherBodyName reports whether s is the name of another body that holds
// an organisation's name (un.OtherNames): typed unquoted, "Western European
// Union" is the WEU, not the word Western and the European Union, as the
// classifier reads it.
func otherBodyName(s string) bool {
	for _, nm := range un.OtherNames() {
		if nm.Acronym && s == nm.Text || !nm.Acronym && strings.EqualFold(s, nm.Text) {
			return true
		}
	}
	return false
}

// qsToken is a token of a query string as Bleve's lexer cuts it.
type qsToken struct {
	kind       byte // 'w' word, '"' phrase, '^' boost, '~' fuzziness, or the operator: + - : > < =
	start, end int  // bytes of text
	text       string
	plain      bool // a word with none of the syntax that makes it more than a word
}

// notPlain are the characters that make a word more than a word to Bleve
// (wildcards, a regular expression, an escape, a quote) or that no
// organisation's name holds; a hyphen inside a word (Co-operation) is a
// letter.
const notPlain = `+=&|><!(){}[]^"~*?:\/`

// scanQueryString cuts a query string into tokens as Bleve's query-string
// lexer does: white space separates tokens, but only a space ends a word,
// a boost or a fuzziness; a word also ends before ':', '^' or '~'; a
// phrase runs to the next unescaped quote; + - : > < = are operators where
// a token starts. It returns false for an unterminated phrase (Bleve
// refuses the query).
func scanQueryString(s string) ([]qsToken, bool) {
	var toks []qsToken
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i
		switch {
		case r == '"':
			var closed bool
			if i, closed = past(s, i+size, '"'); !closed {
				return nil, false
			}
			toks = append(toks, qsToken{kind: '"', start: start, end: i})
		case strings.ContainsRune("+-:><=", r):
			i += size
			toks = append(toks, qsToken{kind: byte(r), start: start, end: i})
		case r == '^' || r == '~':
			i, _ = past(s, i+size, ' ') // or to the end
			toks = append(toks, qsToken{kind: byte(r), start: start, end: i})
		case unicode.IsSpace(r):
			i += size
		default:
			// A word (or a number): to an unescaped space, ':', '^' or
			// '~'; a starting backslash escapes the next character.
			escaped, plain := false, !unicode.IsDigit(r)
			for i < len(s) {
				c, n := utf8.DecodeRuneInString(s[i:])
				if escaped {
					escaped = false
				} else if c == '\\' {
					escaped, plain = true, false
				} else if c == ' ' || c == ':' || c == '^' || c == '~' {
					break
				}
				if unicode.IsSpace(c) || strings.ContainsRune(notPlain, c) {
					plain = false
				}
				i += n
			}
			toks = append(toks, qsToken{kind: 'w', start: start, end: i, text: s[start:i], plain: plain})
		}
	}
	return toks, true
}

// past returns the index in s just past the first unescaped end at or
// after i, and whether there was one (else len(s)).
func past(s string, i int, end rune) (int, bool) {
	escaped := false
	for i < len(s) {
		c, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = true
		case c == end:
			return i, true
		}
	}
	return i, false
}

// plainWord reports whether toks[i] is a plain optional word: a word
// without syntax of its own, after no operator (+, -, a field's ':') and
// before no field's ':', boost or fuzziness.
func plainWord(toks []qsToken, i int) bool {
	t := toks[i]
	if t.kind != 'w' || !t.plain {
		return false
	}
	if i > 0 && strings.IndexByte("+-:><=", toks[i-1].kind) >= 0 {
		return false
	}
	if i+1 < len(toks) && strings.IndexByte(":><=^~", toks[i+1].kind) >= 0 {
		return false
	}
	return true
}
