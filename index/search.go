package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/un"
)

// Limits that keep one request cheap.
const (
	// MaxQueryLen bounds the query string in bytes.
	MaxQueryLen = 1000
	// MaxWindow bounds Offset+Size of one page; Each pages past it with
	// search-after.
	MaxWindow = 10000
	// DefaultSize is the page size when Query.Size is zero.
	DefaultSize = 20
)

// eachPage is the page size Each uses to walk all hits (a variable so that
// tests can force many pages).
var eachPage = 500

// Query is a search with its filters. Text uses Bleve query-string syntax
// (phrases, +must, -not, field:value) with AND, OR and NOT read as
// operators (booleanWords); the filters are separate term and
// date-range queries that restrict the hits without changing their scores.
type Query struct {
	Text        string   `json:"q,omitempty"`
	Delegations []string `json:"delegation,omitempty"` // codes, any of: RUS, UKR
	Bodies      []string `json:"body,omitempty"`       // SC, GA
	From        string   `json:"from,omitempty"`       // YYYY-MM-DD inclusive
	To          string   `json:"to,omitempty"`         // YYYY-MM-DD inclusive
	Targets     []string `json:"target,omitempty"`     // organisations, any of
	Stances     []string `json:"stance,omitempty"`     // labels, any of; per target when Targets is set
	Speaker     string   `json:"speaker,omitempty"`    // words of the speaker label or name
	Roles       []string `json:"role,omitempty"`
	Years       []string `json:"year,omitempty"`
	Symbol      string   `json:"symbol,omitempty"` // one record

	Sort   string `json:"sort,omitempty"` // score, date, -date; default score, or -date without Text
	Offset int    `json:"offset,omitempty"`
	Size   int    `json:"size,omitempty"` // DefaultSize when 0

	// MinConfidence, when above 0, keeps only sentences with a stance the
	// query asks about (Targets × Stances) that the model gave at least
	// this confidence (confidenceFilter);
	// it searches sentences, like a stance filter.
	MinConfidence float64 `json:"min_confidence,omitempty"`

	// Literal searches the query's words and phrases as written: an
	// organisation's name or acronym is not expanded into its other names.
	Literal bool `json:"literal,omitempty"`

	Facets    bool `json:"facets,omitempty"`
	KWICWidth int  `json:"kwic,omitempty"` // >0: compute one KWIC line per hit with this context width
	FragSize  int  `json:"-"`              // fragment length in bytes; 0: 240

	// sentences makes q search sentences without a stance or confidence
	// filter (the facets' counts of what a stance filter would find).
	sentences bool
}

// Kind is the kind of document q searches: sentences (those that carry a
// stance) when it filters by stance, else speeches.
func (q Query) Kind() string {
	if len(q.Stances) > 0 || q.MinConfidence > 0 || q.sentences {
		return KindSentence
	}
	return KindSpeech
}

// Result is one page of hits.
type Result struct {
	Total  uint64        `json:"total"`
	Offset int           `json:"offset"`
	Hits   []Hit         `json:"hits"`
	Facets []Facet       `json:"facets,omitempty"`
	Took   time.Duration `json:"took_ns"`
}

// Hit is one matching speech, or one matching sentence when the query
// filters by stance (Kind "sentence"; ID is then the sentence's id).
//
// Every hit has the same JSON keys, a list is a list ([] when empty), so
// that a script reading the export or the API need not test for each key:
// Session is 0 outside a known General Assembly session, Confidence 0 on a
// speech, and only KWIC is left out unless asked for.
type Hit struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`      // speech or sentence
	SpeechID string `json:"speech_id"` // the speech, or a sentence's speech
	Sentence int    `json:"sentence"`  // a sentence's number in its speech (from 1); 0 on a speech
	// Symbol is the verbatim record the speech is printed in; "" for a
	// general-debate statement whose plenary meeting is not known (its
	// session is in Session).
	Symbol  string `json:"symbol"`
	Session int    `json:"session"`
	// EmergencySession is the emergency special session of a record whose
	// symbol names one ("A/ES-11/PV.1": 11; Session is then the regular
	// session of its date), 0 for any other (un.EmergencySession).
	EmergencySession int      `json:"emergency_session"`
	Meeting          string   `json:"meeting"`
	Body             string   `json:"body"`
	Date             string   `json:"date"`           // ISO 8601 at its precision: "2020-01-09", or "2018"
	DatePrecision    string   `json:"date_precision"` // day, month or year
	Seq              int      `json:"seq"`
	Speaker          string   `json:"speaker"`
	SpeakerName      string   `json:"speaker_name"`
	Delegation       string   `json:"delegation"`
	DelegationName   string   `json:"delegation_name"`
	Role             string   `json:"role"`
	Language         string   `json:"language"`
	Agenda           string   `json:"agenda"`
	Targets          []string `json:"targets"`
	Stances          []string `json:"stances"` // target:label
	// Confidence is, on a sentence, the lowest confidence of the stances
	// the query asks about (Query.asks: toward its targets, with its
	// labels, at least its MinConfidence; a hand-coded one counting as 1;
	// every stance when the query names none of these). A sentence hit
	// always has such a stance, the one its filter found it by; only a
	// sentence whose stored stances cannot be read shows the index's
	// lowest confidence of all its stances (FieldConfidence).
	Confidence float64 `json:"confidence"`
	// HandCoded lists, for a sentence hit, the target:label stances whose
	// label researchers coded by hand (the store's codings, which override
	// the classifier's).
	HandCoded []string `json:"hand_coded"`
	Words     int      `json:"words"`
	Score     float64  `json:"score"`
	URL       string   `json:"url"` // the record on undocs.org
	// Fragment is the best passage with the matches marked; render it with
	// Plain, HTML or Marked.
	Fragment Fragment `json:"fragment"`
	// Matches are the byte spans of the matches in the speech text.
	Matches []Span `json:"matches"`
	KWIC    *KWIC  `json:"kwic,omitempty"`

	sort []string
}

// Facet is the count of hits per value of one field.
type Facet struct {
	Name    string      `json:"name"`
	Field   string      `json:"field"`
	Total   int         `json:"total"`
	Missing int         `json:"missing"` // hits without the field
	Other   int         `json:"other"`   // hits in values beyond the listed ones
	Terms   []FacetTerm `json:"terms"`
}

// FacetTerm is one value of a facet.
type FacetTerm struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// facetSpec lists the facets in display order, each with the number of
// values it lists (the rest are counted in Facet.Other). The year facet
// lists every year: Bleve keeps the largest counts and breaks ties by
// value, so at 40 of the General Debate Corpus's 79 years one delegation's
// statements (one a year) listed 1946–1988 and none of its later years.
var facetSpec = []struct {
	name, field string
	size        int
}{
	{"delegation", FieldDelegation, 25},
	{"body", FieldBody, 5},
	{"year", FieldYear, maxYears},
	{"role", FieldRole, 10},
	{"target", FieldTarget, 20},
	{"stance", FieldLabel, 5},
	{"target_stance", FieldStance, 30},
}

// maxYears is more than the years a date the index holds can have
// (1677–2262, Bleve's date range).
const maxYears = 600

var storedFields = []string{FieldTextHash, FieldSymbol, FieldMeeting, FieldBody, FieldDate, FieldSeq,
	FieldSpeaker, FieldSpeakerName, FieldDelegation, FieldDelegationName, FieldRole, FieldLanguage,
	FieldAgenda, FieldTarget, FieldStance, FieldWords, FieldKind, FieldSpeechID, FieldSentenceN,
	FieldDateText, FieldRecord, FieldSession}

// fields are the stored fields a hit of q loads: a sentence's stances too,
// to mark their evidence, and its confidence.
func (q Query) fields() []string {
	if q.Kind() == KindSentence {
		return append(slices.Clip(storedFields), FieldStancesJSON, FieldConfidence)
	}
	return storedFields
}

func badQuery(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadQuery, fmt.Sprintf(format, args...))
}

// parseDay reads a --from or --to date at day, month or year precision:
// --from gives its first day, --to its last ("--to 2020" is 31 December).
func parseDay(s, name string) (time.Time, error) {
	iso, ok := unpv.ParseDate(s)
	first, last, _ := unpv.DateSpan(iso)
	if !ok {
		return time.Time{}, &ParamError{Param: name, Value: s, Want: "want " + unpv.DateForms}
	}
	if name == "to" {
		return last, nil
	}
	return first, nil
}

func terms(field string, values []string) query.Query {
	if len(values) == 0 {
		return nil
	}
	var qs []query.Query
	for _, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		qs = append(qs, t)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// build turns q, Normalised, into a Bleve query: the text as the scored
// part and the filters as a non-scoring Filter clause. It returns the exact
// query and the fast one (phrases as word-pair terms, see fastPhrases) that
// finds and ranks the hits.
func (q Query) build(l Limits, compile bool) (exact, fast query.Query, err error) {
	if len(q.Text) > MaxQueryLen {
		return nil, nil, badQuery("query longer than %d bytes", MaxQueryLen)
	}
	var must, mustFast query.Query
	if strings.TrimSpace(q.Text) == "" {
		must = bleve.NewMatchAllQuery()
		mustFast = must
	} else {
		if must, err = q.textQuery(l, compile); err != nil {
			return nil, nil, err
		}
		mustFast = fastPhrases(must)
	}
	var filters []query.Query
	add := func(f query.Query) {
		if f != nil {
			filters = append(filters, f)
		}
	}
	// Speeches are the documents without a kind (sentences have one); a
	// speech query excludes the sentences.
	var sentences query.Query = terms(FieldKind, []string{KindSentence})
	if q.Kind() == KindSentence {
		add(sentences)
		sentences = nil
	}
	add(terms(FieldDelegation, q.Delegations))
	add(terms(FieldBody, q.Bodies))
	add(terms(FieldRole, q.Roles))
	add(terms(FieldYear, q.Years))
	switch {
	case len(q.Targets) > 0 && len(q.Stances) > 0:
		var pairs []string
		for _, t := range q.Targets {
			for _, s := range q.Stances {
				pairs = append(pairs, t+":"+s)
			}
		}
		add(terms(FieldStance, pairs))
	case len(q.Targets) > 0:
		add(terms(FieldTarget, q.Targets))
	case len(q.Stances) > 0:
		add(terms(FieldLabel, q.Stances))
	}
	if q.MinConfidence > 0 {
		add(q.confidenceFilter())
	}
	if q.Symbol != "" {
		add(terms(FieldSymbol, []string{q.Symbol}))
	}
	if sp := strings.TrimSpace(q.Speaker); sp != "" {
		// Every word, in any order: the field has no term positions for a
		// phrase to be checked with (a phrase query on it found nothing).
		m := bleve.NewMatchQuery(sp)
		m.SetField(FieldSpeakerText)
		m.SetOperator(query.MatchQueryOperatorAnd)
		add(m)
	}
	from, to, err := q.dateRange()
	if err != nil {
		return nil, nil, err
	}
	// Bleve's date range holds nanoseconds since 1970 in an int64 and
	// refuses an end outside query.MinRFC3339CompatibleTime to
	// MaxRFC3339CompatibleTime (1677 to 2262); the index holds no date
	// outside them either (Bleve does not index it). So an end beyond them
	// is an open one ("--to 3000" is everything, "--from 0000" too), and a
	// range wholly beyond them holds nothing ("--from 3000").
	earliest, latest := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
	if from.Before(earliest) {
		from = time.Time{}
	}
	if to.After(latest) {
		to = time.Time{}
	}
	switch {
	case from.After(latest) || !to.IsZero() && to.Before(earliest):
		add(bleve.NewMatchNoneQuery())
	case !from.IsZero() || !to.IsZero():
		// A speech matches when the span its date stands for overlaps the
		// range: a statement dated 2018 is inside --from 2018-06 --to 2019.
		// The index holds the span's first day and its precision; a span
		// ends on or after from exactly when it starts on or after from,
		// or, for a month or a year, on or after the first day of from's
		// month or year.
		yes := true
		dates := func(from, to time.Time) query.Query {
			r := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
			r.SetField(FieldDate)
			return r
		}
		if !to.IsZero() {
			add(dates(time.Time{}, to))
		}
		if !from.IsZero() {
			starts := func(p unpv.Precision, first time.Time) query.Query {
				if first.Before(earliest) {
					first = earliest // no earlier date is indexed
				}
				return bleve.NewConjunctionQuery(terms(FieldPrecision, []string{string(p)}), dates(first, time.Time{}))
			}
			add(bleve.NewDisjunctionQuery(dates(from, time.Time{}),
				starts(unpv.PrecisionMonth, time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)),
				starts(unpv.PrecisionYear, time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC))))
		}
	}
	var filter query.Query = bleve.NewConjunctionQuery(filters...)
	if len(filters) == 1 {
		filter = filters[0]
	}
	withFilter := func(m query.Query) query.Query {
		b := bleve.NewBooleanQuery()
		b.AddMust(m)
		if len(filters) > 0 {
			b.AddFilter(filter)
		}
		if sentences != nil {
			b.AddMustNot(sentences)
		}
		return b
	}
	return withFilter(must), withFilter(mustFast), nil
}

// typographicQuotes are the double quotes word processors, news sites and
// phones put around a phrase, and Bleve's parser does not know: pasted, a
// “phrase” was searched as its separate words (3 times the hits).
var typographicQuotes = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "‟", `"`, "«", `"`, "»", `"`)

// straightQuotes reads typographic double quotes as the query syntax's ",
// unless the text's own " are balanced: then whoever wrote it used the
// syntax, and a “ inside their phrase is text. A phrase quoted half and
// half, as an edited paste leaves it (“African Union", "African Union”),
// has an odd number of " that the typographic ones make even: they are
// read as " too, where “African Union" found the words apart (541
// speeches of the demo, against 235) and "African Union” peace was a
// parse error.
func straightQuotes(text string) string {
	fixed := typographicQuotes.Replace(text)
	if own := syntaxQuotes(text); own == 0 || own%2 == 1 && syntaxQuotes(fixed)%2 == 0 {
		return fixed
	}
	return text
}

// syntaxQuotes counts the " of a query text that are not escaped.
func syntaxQuotes(text string) int {
	return strings.Count(text, `"`) - strings.Count(text, `\"`)
}

// textQuery parses q's text into the query that finds its matches, the
// same for the hits and for the speech page's highlights: refused over the
// limits, an organisation's names expanded unless q.Literal (an unquoted
// name read as the quoted one first), AND, OR and NOT read as operators
// (booleanWords), words without a field searching the text and the agenda.
func (q Query) textQuery(l Limits, compile bool) (query.Query, error) {
	text := straightQuotes(q.Text)
	if !q.Literal {
		text = quoteOrgNames(text)
	}
	text = joinCompounds(text)
	text, err := booleanWords(text)
	if err != nil {
		return nil, err
	}
	parsed, err := bleve.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil, badQuery("query %q: %v", q.Text, err)
	}
	if err := checkQuery(parsed, l, compile); err != nil {
		return nil, err
	}
	if err := indexedWords(parsed, q.Text); err != nil {
		return nil, err
	}
	if !q.Literal {
		parsed = expandOrgs(parsed)
	}
	return lowerPatterns(defaultFields(compoundWords(parsed))), nil
}

// indexedWords refuses a query whose words are all stop words or
// punctuation, and a required clause (+the, NATO AND the) that is: the
// index holds no such word, so Bleve's clause matched nothing and the
// search said "No speeches match." (exit 0, on the demo for `the of and`,
// `!!!` and `+the +NATO`, where `NATO` alone found 44) rather than that
// the word cannot be searched. An optional or excluded clause of stop
// words changes nothing and is left.
func indexedWords(parsed query.Query, text string) error {
	empty := func(leaf query.Query) (string, bool) {
		var words, field string
		switch x := leaf.(type) {
		case *query.MatchQuery:
			words, field = x.Match, x.FieldVal
		case *query.MatchPhraseQuery:
			words, field = x.MatchPhrase, x.FieldVal
		default:
			return "", false
		}
		if !textField(field) {
			return "", false
		}
		toks, err := analysisMapping().AnalyzeText(textAnalyzer, []byte(words))
		return words, err == nil && len(toks) == 0
	}
	all := true
	_ = walkQuery(parsed, func(leaf query.Query) error {
		_, e := empty(leaf)
		all = all && e
		return nil
	})
	if all {
		return badQuery("query %q: no word to search: stop words (the, of, and…) and punctuation are not indexed", text)
	}
	b, ok := parsed.(*query.BooleanQuery)
	if !ok {
		return nil
	}
	return walkQuery(b.Must, func(leaf query.Query) error {
		if words, e := empty(leaf); e {
			return badQuery("query %q: %q is required but is only stop words (the, of, and…) or punctuation, which are not indexed, so it would match nothing: leave it out", text, words)
		}
		return nil
	})
}

// compoundWords reads a query word that the analyzer cuts into several
// (Guinea-Bissau, 2020-2021; not peace-keeping, which the tokenizer joins:
// spelling.go) as those words together, not
// as any one of them: Bleve's match query ORs a word's tokens, so on the
// demo Guinea-Bissau found the 76 speeches naming Guinea or Bissau
// (Equatorial Guinea, Papua New Guinea), where "Guinea-Bissau" found 46.
// On the text the word is its phrase (as quoted); on the agenda, which
// has no positions, all its words; a hyphenated word also finds its
// words joined (socio-economic finds socioeconomic), as the records spell
// both. The query is copied where it changes.
func compoundWords(q query.Query) query.Query {
	return rewriteLeaves(q, func(q query.Query) query.Query {
		x, ok := q.(*query.MatchQuery)
		if !ok || x.Fuzziness != 0 || x.Analyzer != "" || !textField(x.FieldVal) {
			return q
		}
		toks, err := analysisMapping().AnalyzeText(textAnalyzer, []byte(x.Match))
		if err != nil || len(toks) < 2 {
			return q
		}
		var alts []query.Query
		if x.FieldVal != FieldAgendaText {
			p := query.NewMatchPhraseQuery(x.Match)
			p.SetField(x.FieldVal) // none: the text (defaultFields)
			alts = append(alts, p)
		}
		if x.FieldVal != FieldText {
			a := *x
			a.Operator = query.MatchQueryOperatorAnd
			a.SetField(FieldAgendaText)
			a.SetBoost(1)
			alts = append(alts, &a)
		}
		if strings.Contains(x.Match, "-") {
			j := *x
			j.Match = strings.ReplaceAll(x.Match, "-", "")
			j.SetBoost(1)
			alts = append(alts, &j)
		}
		if len(alts) == 1 {
			if b, ok := alts[0].(query.BoostableQuery); ok {
				b.SetBoost(x.Boost())
			}
			return alts[0]
		}
		d := query.NewDisjunctionQuery(alts)
		d.SetBoost(x.Boost())
		return d
	})
}

// lowerPatterns lower-cases the wildcard, prefix and regular-expression
// terms on the analysed text fields, whose index words are lower-cased:
// Bleve does not analyse such terms, so `Peacekeep*` and `text:Côte*`
// found nothing where `peacekeep*` found 227 speeches of the demo. A
// regular expression holding a backslash is left as written (lower-casing
// \S or \P{Lu} would change what it means); keyword fields keep their case
// (`delegation:RU*`). A wildcard or prefix loses its hyphens, which no
// index word holds (the tokenizer cuts at them, and joins a compound's
// halves: spelling.go), so that `peace-keep*` is `peacekeep*`, as
// `peace-keeping` is `peacekeeping`; one whose start is spelt another way
// than the UN's is searched in both spellings (patternSpelling), since the
// index holds the UN's alone. The query is copied where it changes.
func lowerPatterns(q query.Query) query.Query {
	return rewriteLeaves(q, func(q query.Query) query.Query {
		switch x := q.(type) {
		case *query.WildcardQuery:
			if analysedField(x.FieldVal) {
				return patternQuery(x.Wildcard, func(p string) query.Query { c := *x; c.Wildcard = p; return &c })
			}
		case *query.PrefixQuery:
			if analysedField(x.FieldVal) {
				return patternQuery(x.Prefix, func(p string) query.Query { c := *x; c.Prefix = p; return &c })
			}
		case *query.RegexpQuery:
			if analysedField(x.FieldVal) && !strings.Contains(x.Regexp, `\`) {
				c := *x
				c.Regexp = strings.ToLower(x.Regexp)
				return &c
			}
		}
		return q
	})
}

// patternQuery is the query with pattern p (of a wildcard or prefix, on
// an analysed field) as the index's words read it, in lower case and
// without hyphens, made by with; a pattern with another spelling than the
// UN's is a disjunction of both.
func patternQuery(p string, with func(string) query.Query) query.Query {
	p = strings.ReplaceAll(strings.ToLower(p), "-", "")
	if alt, ok := patternSpelling(p); ok {
		return bleve.NewDisjunctionQuery(with(p), with(alt))
	}
	return with(p)
}

// analysedField reports whether a field's index words are lower-cased by
// its analyzer (after defaultFields, every term has its field).
func analysedField(field string) bool {
	return field == FieldText || field == FieldAgendaText || field == FieldSpeakerText
}

// confidenceFilter keeps the sentences with a stance toward one of
// q.Targets (any target without them) labelled one of q.Stances (any label
// without them) that reached q.MinConfidence, a hand-coded one counting as
// 1: the pairs a report with the same filters and --min-confidence counts.
// A sentence's other stances, however unsure, do not decide.
func (q Query) confidenceFilter() query.Query {
	targets, labels := q.Targets, q.Stances
	if len(targets) == 0 {
		targets = []string{anyValue}
	}
	if len(labels) == 0 {
		labels = labelNames()
	}
	var qs []query.Query
	inclusive := true
	for _, t := range targets {
		for _, l := range labels {
			r := bleve.NewTermRangeInclusiveQuery(stanceConfidence(t, l, q.MinConfidence), stanceConfidence(t, l, 1), &inclusive, &inclusive)
			r.SetField(FieldStanceConfidence)
			qs = append(qs, r)
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// confidenceTerms bounds the index terms confidenceFilter searches: one
// stance_confidence term per confidence of each target:label range, and
// confidences are kept to three decimals (1,001 values from 0 to 1). The
// facets' search (confidentCounts) asks for every label's, with any target.
func (q Query) confidenceTerms() int {
	if q.MinConfidence <= 0 {
		return 0
	}
	labels := len(q.Stances)
	if labels == 0 {
		labels = len(unpv.Labels)
	}
	return max(max(1, len(q.Targets))*labels, len(unpv.Labels)) * 1001
}

// sortOrder returns the sort for one page and, for exports walked with
// search-after, a total order; the two are the same order, so that a page
// is a slice of the export. By date, one key holds the whole order (date,
// symbol, seq, id: setDateOrder): each key loads its doc values for every
// matching document, which costs more than the scoring itself on common
// words. By score, ties break by id, as Bleve's own tests sort ("-_score",
// "_id"): on the score alone a page listed ties in index order, which an
// incremental update changes, and the export by id (docs/search.md).
func (q Query) sortOrder() (page, export search.SortOrder, err error) {
	s := q.Sort
	if s == "" {
		s = "score"
		if strings.TrimSpace(q.Text) == "" {
			s = "-date"
		}
	}
	// The key ends with the id: it is a total order alone, and the export
	// need not load every hit's id to break ties. A sort keeps
	// per-document state, so the page and the export each get their own.
	by := func(field string) search.SortOrder {
		return search.SortOrder{&search.SortField{Field: field, Type: search.SortFieldAsString}}
	}
	switch s {
	case "score", "-score":
		byScore := func() search.SortOrder { return search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}} }
		return byScore(), byScore(), nil
	case "date":
		return by(FieldDateOrder), by(FieldDateOrder), nil
	case "-date":
		return by(FieldNewestOrder), by(FieldNewestOrder), nil
	}
	return nil, nil, &ParamError{Param: "sort", Value: q.Sort, Want: "want score, date or -date"}
}

func (q Query) request(size int, export bool, l Limits) (*bleve.SearchRequest, query.Query, error) {
	exact, fast, err := q.build(l, true)
	if err != nil {
		return nil, nil, err
	}
	order, total, err := q.sortOrder()
	if err != nil {
		return nil, nil, err
	}
	if export {
		order = total
	}
	req := bleve.NewSearchRequestOptions(fast, size, 0, false)
	req.SortByCustom(order)
	if strings.TrimSpace(q.Text) == "" {
		req.Fields = q.fields() // nothing to highlight: one pass
	}
	return req, exact, nil
}

// hydrate loads the stored fields of a page of hits and, when the query has
// text, the match locations for highlighting. Doing this in a second pass
// over only the page's ids keeps Bleve from computing term locations for
// every matching speech.
func (q Query) hydrate(ctx context.Context, ix *Index, g *generation, req *bleve.SearchRequest, exact query.Query, dms search.DocumentMatchCollection) ([]Hit, error) {
	hits := make([]Hit, 0, len(dms))
	if len(dms) == 0 {
		return hits, nil
	}
	ids := make([]string, len(dms))
	for i, dm := range dms {
		ids[i] = dm.ID
	}
	texts, err := ix.texts(ctx, ids)
	if err != nil {
		return nil, err
	}
	if req.Fields != nil {
		for _, dm := range dms {
			hits = append(hits, toHit(dm, q, texts[dm.ID]))
		}
		return hits, g.fillFromSpeeches(ctx, hits)
	}
	req2 := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), exact), len(ids), 0, false)
	req2.Fields = q.fields()
	req2.IncludeLocations = true
	res, err := g.idx.SearchInContext(ctx, req2)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, dm := range res.Hits {
		byID[dm.ID] = dm
	}
	for _, dm := range dms {
		if full, ok := byID[dm.ID]; ok {
			full.Score, full.Sort = dm.Score, dm.Sort
			dm = full
		}
		hits = append(hits, toHit(dm, q, texts[dm.ID]))
	}
	return hits, g.fillFromSpeeches(ctx, hits)
}

// sentenceShown are the fields a sentence hit shows from its speech: a
// sentence document holds only what filters and facets need, so that
// indexing every stance sentence stays cheap.
var sentenceShown = []string{FieldMeeting, FieldSpeaker, FieldSpeakerName, FieldDelegationName, FieldLanguage,
	FieldAgenda, FieldRecord, FieldSession, FieldDateText, FieldResumption}

// fillFromSpeeches completes sentence hits with their speech's fields.
func (g *generation) fillFromSpeeches(ctx context.Context, hits []Hit) error {
	var ids []string
	for _, h := range hits {
		if h.Kind == KindSentence {
			ids = append(ids, h.SpeechID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = sentenceShown
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return searchErr(ctx, err)
	}
	bySpeech := make(map[string]map[string]any, len(res.Hits))
	for _, dm := range res.Hits {
		bySpeech[dm.ID] = dm.Fields
	}
	for i := range hits {
		h := &hits[i]
		f, ok := bySpeech[h.SpeechID]
		if h.Kind != KindSentence || !ok {
			continue
		}
		h.Meeting, h.Speaker, h.SpeakerName = str(f, FieldMeeting), str(f, FieldSpeaker), str(f, FieldSpeakerName)
		h.DelegationName, h.Language, h.Agenda = str(f, FieldDelegationName), str(f, FieldLanguage), str(f, FieldAgenda)
		h.Symbol, h.Session, h.Date = str(f, FieldRecord), num(f, FieldSession), str(f, FieldDateText)
		h.EmergencySession = un.EmergencySession(h.Symbol)
		h.DatePrecision, h.URL = string(unpv.DatePrecision(h.Date)), un.DocumentURL(h.Symbol)
	}
	return nil
}

// Search runs one page of q within the index's Limits. Errors wrapping
// ErrBadQuery are the caller's to fix; one wrapping
// context.DeadlineExceeded means the search ran out of time.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	g := ix.acquire()
	defer ix.release(g)
	q, err := g.normalise(ctx, q)
	if err != nil {
		return nil, err
	}
	size := q.Size
	if size <= 0 {
		size = DefaultSize
	}
	if q.Offset < 0 || q.Offset+size > MaxWindow {
		return nil, badQuery("result window offset %d + size %d exceeds %d; narrow the query or export with Each", q.Offset, size, MaxWindow)
	}
	l := ix.Limits()
	req, exact, err := q.request(size, false, l)
	if err != nil {
		return nil, err
	}
	req.From = q.Offset
	start := time.Now()
	var cached []Facet
	if q.Facets {
		if q.unfiltered() {
			if cached, err = g.wholeFacets(ctx); err != nil {
				return nil, err
			}
		} else {
			addFacets(req)
		}
	}
	sctx, cancel := l.limited(ctx, q)
	defer cancel()
	// The facets' recounts (clickFacets) need nothing of this search's
	// results: they run beside it, on the other core, and are waited for
	// before the generation is released.
	type clickResult struct {
		c   clicks
		err error
	}
	var clicked chan clickResult
	if q.Facets && cached == nil {
		clicked = make(chan clickResult, 1)
		go func() {
			var r clickResult
			r.err = guard.Call(func() (err error) {
				r.c, err = g.clickCounts(sctx, q, l)
				return err
			})
			clicked <- r
		}()
		defer func() {
			cancel()
			if clicked != nil {
				<-clicked
			}
		}()
	}
	res, err := g.idx.SearchInContext(sctx, req)
	if err != nil {
		return nil, searchErr(sctx, overBudget(err, l))
	}
	out := &Result{Total: res.Total, Offset: q.Offset}
	if out.Hits, err = q.hydrate(sctx, ix, g, req, exact, res.Hits); err != nil {
		return nil, searchErr(sctx, overBudget(err, l))
	}
	switch {
	case cached != nil:
		out.Facets = cached
	case q.Facets:
		r := <-clicked
		clicked = nil
		if r.err != nil {
			return nil, searchErr(sctx, overBudget(r.err, l))
		}
		out.Facets = r.c.apply(facets(res.Facets))
	}
	out.Took = time.Since(start) // the facets' searches included
	return out, nil
}

func addFacets(req *bleve.SearchRequest) {
	req.Facets = bleve.FacetsRequest{}
	for _, f := range facetSpec {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
}

// unfiltered reports whether q matches every speech (a query on sentences,
// by stance or confidence, never does).
func (q Query) unfiltered() bool {
	return q.Kind() == KindSpeech && strings.TrimSpace(q.Text) == "" && len(q.Delegations) == 0 && len(q.Bodies) == 0 &&
		q.From == "" && q.To == "" && len(q.Targets) == 0 &&
		strings.TrimSpace(q.Speaker) == "" && len(q.Roles) == 0 && len(q.Years) == 0 && q.Symbol == ""
}

// wholeFacets returns the facets of every speech in g, computed once.
// A cancelled first attempt is not cached.
func (g *generation) wholeFacets(ctx context.Context) ([]Facet, error) {
	g.allFacetsOnce.Do(func() {
		speeches := bleve.NewBooleanQuery()
		speeches.AddMust(bleve.NewMatchAllQuery())
		speeches.AddMustNot(terms(FieldKind, []string{KindSentence}))
		req := bleve.NewSearchRequestOptions(speeches, 0, 0, false)
		addFacets(req)
		res, err := g.idx.SearchInContext(context.WithoutCancel(ctx), req)
		if err != nil {
			g.allFacetsErr = fmt.Errorf("facets: %w", err)
			return
		}
		g.allFacets, g.allFacetsErr = g.clickFacets(context.WithoutCancel(ctx), Query{}, Limits{}, facets(res.Facets))
	})
	return g.allFacets, g.allFacetsErr
}

func searchErr(ctx context.Context, err error) error {
	if errors.Is(err, ErrBadQuery) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("search: %w", ctx.Err())
	}
	return fmt.Errorf("search: %w", err)
}

// Each calls fn for every hit of q in sort order, paging with search-after
// so that exports are not limited by MaxWindow. Offset and Size are ignored;
// fn may stop the walk by returning an error, which Each returns. It returns
// the total number of hits.
func (ix *Index) Each(ctx context.Context, q Query, fn func(Hit) error) (uint64, error) {
	// One generation for the whole walk, so that a swap mid-export does
	// not mix two builds.
	g := ix.acquire()
	defer ix.release(g)
	q, err := g.normalise(ctx, q)
	if err != nil {
		return 0, err
	}
	l := ix.Limits()
	req, exact, err := q.request(eachPage, true, l)
	if err != nil {
		return 0, err
	}
	var total uint64
	var after []string
	for {
		if after != nil {
			req.SetSearchAfter(after)
		}
		// Each page has the time budget of one search: an export of every
		// hit may take longer than one page may.
		sctx, cancel := l.limited(ctx, q)
		res, err := g.idx.SearchInContext(sctx, req)
		var hits []Hit
		if err == nil {
			total = res.Total
			hits, err = q.hydrate(sctx, ix, g, req, exact, res.Hits)
		}
		if err != nil {
			err = searchErr(sctx, overBudget(err, l))
		}
		cancel()
		if err != nil {
			return total, err
		}
		for _, h := range hits {
			if err := fn(h); err != nil {
				return total, err
			}
		}
		if len(res.Hits) < eachPage {
			return total, nil
		}
		last := res.Hits[len(res.Hits)-1]
		after = append([]string(nil), last.Sort...)
		for i, v := range after {
			if v == "_score" { // Bleve reports a placeholder; search-after wants the value
				after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			}
		}
	}
}

func facets(fr search.FacetResults) []Facet {
	var out []Facet
	for _, spec := range facetSpec {
		r, ok := fr[spec.name]
		if !ok || r == nil {
			continue
		}
		f := Facet{Name: spec.name, Field: spec.field, Total: r.Total, Missing: r.Missing, Other: r.Other, Terms: []FacetTerm{}}
		if r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				f.Terms = append(f.Terms, FacetTerm{Term: t.Term, Count: t.Count})
			}
		}
		if spec.name == "year" { // chronological reads better than by count
			sort.Slice(f.Terms, func(i, j int) bool { return f.Terms[i].Term > f.Terms[j].Term })
		}
		out = append(out, f)
	}
	return out
}

func str(fields map[string]any, k string) string {
	switch v := fields[k].(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

func strs(fields map[string]any, k string) []string {
	switch v := fields[k].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{} // a list in JSON, as Hit promises
}

// conf reads a sentence's lowest stance confidence, as stored.
func conf(fields map[string]any) float64 {
	v, _ := fields[FieldConfidence].(float64)
	return v
}

// stanceConf is a stance's confidence as filters read it: a hand-coded
// label counts as 1, whatever the model's confidence in its own.
func stanceConf(st unpv.Stance) float64 {
	if st.Hand {
		return 1
	}
	return st.Confidence
}

// asks reports whether st is one of the stances q searches for: toward
// one of its targets, with one of its labels (any without them), and at
// least its MinConfidence. A sentence hit is found by such a stance
// (confidenceFilter) and shows the lowest confidence among them.
func (q Query) asks(st unpv.Stance) bool {
	return (len(q.Stances) == 0 || slices.Contains(q.Stances, string(st.Label))) &&
		(len(q.Targets) == 0 || slices.Contains(q.Targets, st.Target)) &&
		reached(stanceConf(st), q.MinConfidence)
}

// reached reports whether confidence c reached the threshold min as
// confidenceFilter finds it: compared as index terms (confidenceText, 17
// decimals), so that the stance a sentence was found by is always one q
// asks about. Compared as numbers, a stance one float64 step under 0.05
// (written 0.05000000000000000) found its sentence but was not asked, and
// the hit showed another stance's confidence, under the threshold.
func reached(c, min float64) bool {
	if min <= 0 {
		return true // no threshold: confidenceFilter is not applied
	}
	t := confidenceText(c)
	return t >= confidenceText(min) && t <= confidenceText(1)
}

// LowConfidence is the confidence under which the search page and the
// speech page mark a sentence's stance as uncertain: the model's
// confidences are calibrated on cross-validation grouped by delegation,
// where it had about two labels in three right below 0.6 and seven in
// eight from 0.7 up (classify/card.json; docs/search.md).
const LowConfidence = 0.6

func num(fields map[string]any, k string) int {
	if v, ok := fields[k].(float64); ok {
		return int(v)
	}
	return 0
}

// toHit makes a hit of a match and the speech's text (empty when the text
// cannot be read: the hit then has no fragment).
func toHit(dm *search.DocumentMatch, q Query, text string) Hit {
	f := dm.Fields
	h := Hit{
		ID:             dm.ID,
		Kind:           cmp.Or(str(f, FieldKind), KindSpeech),
		SpeechID:       str(f, FieldSpeechID),
		Sentence:       num(f, FieldSentenceN),
		Confidence:     conf(f),
		Symbol:         str(f, FieldRecord),
		Session:        num(f, FieldSession),
		Meeting:        str(f, FieldMeeting),
		Body:           str(f, FieldBody),
		Date:           str(f, FieldDateText),
		Seq:            num(f, FieldSeq),
		Speaker:        str(f, FieldSpeaker),
		SpeakerName:    str(f, FieldSpeakerName),
		Delegation:     str(f, FieldDelegation),
		DelegationName: str(f, FieldDelegationName),
		Role:           str(f, FieldRole),
		Language:       str(f, FieldLanguage),
		Agenda:         str(f, FieldAgenda),
		Targets:        strs(f, FieldTarget),
		Stances:        strs(f, FieldStance),
		Words:          num(f, FieldWords),
		Score:          dm.Score,
		sort:           dm.Sort,
	}
	if h.SpeechID == "" {
		h.SpeechID = h.ID
	}
	h.DatePrecision = string(unpv.DatePrecision(h.Date))
	h.URL = un.DocumentURL(h.Symbol)
	h.EmergencySession = un.EmergencySession(h.Symbol)
	if textHash(text) == str(f, FieldTextHash) {
		// The positions are those of this text (not of an older one the
		// index was built from, before the store changed).
		h.Matches = matchSpans(text, dm.Locations[FieldText])
	}
	h.HandCoded = []string{}
	if h.Kind == KindSentence {
		var sts []unpv.Stance
		json.Unmarshal([]byte(str(f, FieldStancesJSON)), &sts)
		low, asked := 1.0, false
		for _, st := range sts {
			if st.Hand {
				h.HandCoded = append(h.HandCoded, st.Target+":"+string(st.Label))
			}
			if q.asks(st) {
				low, asked = min(low, stanceConf(st)), true
			}
		}
		if asked {
			h.Confidence = low
		}
		if len(h.Matches) == 0 {
			// A stance filter without words: mark what carries the stance.
			h.Matches = stanceSpans(text, sts, q)
		}
	}
	if h.Matches == nil {
		h.Matches = []Span{}
	}
	size := q.FragSize
	if size <= 0 {
		size = 240
	}
	h.Fragment = fragment(text, h.Matches, size)
	if q.KWICWidth > 0 {
		k := kwic(text, h.Matches, q.KWICWidth)
		h.KWIC = &k
	}
	return h
}

// IsHand reports whether the hit's stance (target:label) is hand-coded.
func (h Hit) IsHand(stance string) bool { return slices.Contains(h.HandCoded, stance) }

// stanceSpans marks, in a sentence found by a stance filter, the evidence
// of the stances the filter asked for (the cue the classifier read), else
// the first name of their organisation.
func stanceSpans(text string, sts []unpv.Stance, q Query) []Span {
	for _, st := range sts {
		if !q.asks(st) {
			continue
		}
		if ev := strings.TrimSpace(st.Evidence); ev != "" {
			if i := strings.Index(text, ev); i >= 0 {
				return []Span{{Start: i, End: i + len(ev)}}
			}
		}
		for _, name := range orgNames(st.Target) {
			if i := strings.Index(text, name); i >= 0 {
				return []Span{{Start: i, End: i + len(name)}}
			}
		}
	}
	return nil
}

// Speech returns one speech by id with its stances; when q has text, its
// matches are marked in the speech as a search marks them (an
// organisation's names expanded unless q.Literal): the page a hit links to
// shows what found it. Only q's Text and Literal count. It returns an
// error wrapping unpv.ErrNotFound for unknown ids and for a sentence's id
// (symbol#seq.n: open its speech at SentenceSpan.Anchor).
func (ix *Index) Speech(ctx context.Context, id string, q Query) (*SpeechView, error) {
	if len(q.Text) > MaxQueryLen {
		return nil, badQuery("query longer than %d bytes", MaxQueryLen)
	}
	if sp, n := unpv.SplitSentenceID(id); n > 0 {
		// The index holds the sentence as a document of its own, which
		// is no speech: its page had no speaker, date or record.
		return nil, fmt.Errorf("%q is sentence %d of speech %q, not a speech: %w", id, n, sp, unpv.ErrNotFound)
	}
	l := ix.Limits()
	ids := bleve.NewDocIDQuery([]string{id})
	var sq query.Query = ids
	if strings.TrimSpace(q.Text) != "" {
		// A query that cannot be parsed or is over the limits only marks nothing.
		if m, err := q.textQuery(l, true); err == nil {
			// Should, not must: the speech shows even when the query does not match it.
			b := bleve.NewBooleanQuery()
			b.AddMust(ids)
			b.AddShould(m)
			sq = b
		}
	}
	req := bleve.NewSearchRequestOptions(sq, 1, 0, false)
	req.Fields = append(append([]string{}, storedFields...), FieldStancesJSON)
	req.IncludeLocations = true
	g := ix.acquire()
	defer ix.release(g)
	sctx, cancel := l.limited(ctx, q)
	defer cancel()
	res, err := g.idx.SearchInContext(sctx, req)
	if err != nil {
		return nil, searchErr(sctx, overBudget(err, l))
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("speech %q: %w", id, unpv.ErrNotFound)
	}
	dm := res.Hits[0]
	texts, err := ix.texts(sctx, []string{dm.ID})
	if err != nil {
		return nil, searchErr(sctx, err)
	}
	v := &SpeechView{Hit: toHit(dm, Query{}, texts[dm.ID]), Text: texts[dm.ID]}
	if js := str(dm.Fields, FieldStancesJSON); js != "" {
		if err := json.Unmarshal([]byte(js), &v.Details); err != nil {
			return nil, fmt.Errorf("speech %q: stored stances: %v: %w", id, err, ErrCorrupt)
		}
	}
	if v.Text != "" {
		ses, ms, err := ix.sentences(sctx, dm.ID, v.stanceSentences())
		if err != nil {
			return nil, searchErr(sctx, err)
		}
		v.Sentences = sentenceMarks(v.Text, ses, ms)
	}
	return v, nil
}
