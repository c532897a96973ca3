package index

import (
	"strings"
	"sync"
	gounicode "unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SchemaVersion changes whenever the mapping or the stored fields change; an
// index built with another version fails Open with ErrCorrupt so that callers
// rebuild it from the store.
//
// 3: sentence documents (kind), dates with their span and precision,
// record and session, canonical delegation names.
// 4: the store document of every index document (incremental updates);
// the text no longer stored (TextSource), no _all, no word pairs (issue 12).
// 5: keyword fields without term vectors, resumption and words not
// indexed (issue 12).
// 6: a sentence's lowest stance confidence (Query.MinConfidence).
// 7: whether a speech was read for organisation mentions (FieldRead);
// speaker labels folded for accents (speakerAnalyzer).
// 8: each stance's confidence with its target and label
// (FieldStanceConfidence), which Query.MinConfidence filters on.
// 9: FieldStanceConfidence holds one term per target:label and per
// *:label (the highest confidence of the label), none with a "*" label,
// and has doc values, so that one search counts every organisation and
// stance facet value under a MinConfidence (confidentCounts).
// 10: FieldRead "unread" on every document not read for mentions
// (sentences too), so that an organisation query keeps them with a term
// rather than with a negation that walked every document (mentioned).
// 11: FieldDateOrder and FieldNewestOrder, one sort key per direction
// that holds the export's whole order, so that a page sorted by date
// lists ties as the export does, after incremental updates too
// (setDateOrder); no doc values on fields that are neither faceted nor
// sorted on any more (date, symbol, seq and the other keyword fields
// outside facetSpec), which pays for the keys' size.
// 12: the text and agenda analyzer folds accents and typographic
// apostrophes in each word (textAnalyzer), so that "Côte d'Ivoire" finds
// "Côte d’Ivoire" and "Cote d'Ivoire".
// 13: term vectors on the agenda (FieldAgendaText), so that a phrase on
// it (agenda_text:"…") finds its speeches.
// 14: every spelling of a word indexed as the UN's (spelling.go: the
// compounds' halves joined, "peace-keeping" as "peacekeeping"; British
// and American spellings, "organisation" as "organization", "defense" as
// "defence"), and ø, ł, ß, æ, œ, đ, þ, ð, ı folded as accents are.
const SchemaVersion = 14

// speakerAnalyzer folds accents and case of speaker labels (FieldSpeakerText).
const speakerAnalyzer = "speaker"

// textAnalyzer is Bleve's English analyzer (possessives, lower case, stop
// words, Porter stems) with each word's accents and apostrophes folded
// (foldFilterName) before its stop words and stem: the records spell a
// name both ways ("Côte d’Ivoire" and "Cote d'Ivoire" in the demo's 2020
// Council records) and people type the straight apostrophe, so that
// "Côte d'Ivoire" found none of the 5 speeches that print it with a curly
// one, nor the 6 without the accent. The folding is a token filter, not a
// character filter like the speaker's: a character filter changes the
// text's length before the words are cut, and the term vectors' offsets,
// which place the highlights in the stored text, would drift. Since
// schema 14 its tokenizer joins a compound's halves and a filter after the
// accents gives each word the UN's spelling (spelling.go), so that
// "peace-keeping" and "organisation" find "peacekeeping" and
// "organization".
const textAnalyzer = "unpv_en"

// foldFilterName names the token filter foldWord applies.
const foldFilterName = "unpv_fold"

func init() {
	registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
}

// foldFilter folds each token's term with foldWord; the token keeps its
// offsets in the text.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		tok.Term = foldWord(tok.Term)
	}
	return in
}

// unaccent removes the combining marks of a decomposed word (é → e,
// İ → I); letters without a decomposition are letters (below). A chain
// keeps state: one per word, as words are analysed concurrently.
func unaccent() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(gounicode.Mn)), norm.NFC)
}

// apostrophes are the typographic apostrophes a word may hold (Côte
// d’Ivoire), read as the straight one; and the letters that have no
// decomposition, which unaccent leaves, read as a typist without them
// writes them (Støre as Store, Łukasz as Lukasz, Strauß as Strauss, Đukanović
// as Dukanovic, Þór as Thor), as Bleve's ASCII folding (the
// speaker field's) reads them. Lower case only: the filter runs after
// lower-casing. Before index schema 14 they stayed, so that Store did not
// find Støre while Jimenez found Jiménez.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'",
	"ø", "o", "ł", "l", "ß", "ss", "æ", "ae", "œ", "oe", "đ", "d", "þ", "th", "ð", "d", "ı", "i")

// foldWord returns term without accents and with straight apostrophes;
// an ASCII term is returned as it is.
func foldWord(term []byte) []byte {
	ascii := true
	for _, b := range term {
		if b >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return term
	}
	out, _, err := transform.Bytes(unaccent(), []byte(apostrophes.Replace(string(term))))
	if err != nil || len(out) == 0 {
		return term
	}
	return out
}

// FieldRead's values: readMentions on a speech read for organisation
// mentions, readUnread on every other document (a speech not read, a
// sentence).
const (
	readMentions = "mentions"
	readUnread   = "unread"
)

// Field names, usable as field:value in query strings and listed in docs/search.md.
const (
	FieldText           = "text"            // speech text, English analyzer, term vectors; not stored (TextSource)
	FieldTextHash       = "text_hash"       // stored only: a hash of the text the term vectors were made from
	FieldAgendaText     = "agenda_text"     // agenda item, English analyzer
	FieldSpeakerText    = "speaker_text"    // speaker label and name, accents and case folded (for --speaker)
	FieldSymbol         = "symbol"          // "S/PV.8699 (Resumption 1)"
	FieldMeeting        = "meeting"         // "S/PV.8699"
	FieldBody           = "body"            // SC, GA
	FieldDelegation     = "delegation"      // delegation code: RUS, UKR, AU, UN
	FieldDelegationName = "delegation_name" // the delegation's name in un's table, else as printed
	FieldSpeaker        = "speaker"         // speaker label as printed
	FieldSpeakerName    = "speaker_name"    // "Mr. Nebenzia"
	FieldRole           = "role"            // president, member, …
	FieldLanguage       = "language"        // language spoken, as printed
	FieldAgenda         = "agenda"          // agenda item, exact
	FieldOnBehalfOf     = "on_behalf_of"
	FieldTarget         = "target"         // organisations with a classified sentence: CSTO, AU…
	FieldLabel          = "label"          // stance labels present: recognition, counter, neutral
	FieldStance         = "stance"         // target:label pairs: "CSTO:counter"
	FieldDate           = "date"           // datetime: first day the date stands for
	FieldYear           = "year"           // "2020", for facets
	FieldSeq            = "seq"            // numeric
	FieldResumption     = "resumption"     // numeric
	FieldWords          = "words"          // numeric: word count of the text
	FieldStancesJSON    = "stances_json"   // stored only: the stances, for the speech view
	FieldKind           = "kind"           // "sentence" on a sentence that carries a stance; absent on speeches
	FieldSpeechID       = "speech_id"      // a sentence's speech
	FieldSentenceN      = "sentence_n"     // numeric: a sentence's position in its speech
	FieldDateText       = "date_text"      // the date as given: "2020-01-09", "2018"
	FieldPrecision      = "date_precision" // month or year; absent for a day (the date filter reads it)
	FieldRecord         = "record"         // the verbatim record, when known (un.RecordSymbol)
	FieldSession        = "session"        // numeric: General Assembly session (GA records only)
	FieldDocument       = "document"       // the store document (Update replaces by it)
	FieldRead           = "read"           // "mentions" on a speech read for organisation mentions (Doc.MentionsRead), else "unread"
	FieldConfidence     = "confidence"     // numeric: the lowest confidence of a sentence's stances
	FieldDateOrder      = "date_order"     // sort key of sort=date: date, symbol, seq, id (setDateOrder)
	FieldNewestOrder    = "newest_order"   // sort key of sort=-date: date descending, then symbol, seq, id
	// FieldStanceConfidence holds, for each stance of a sentence, its
	// confidence with its target and label, and for each label the highest
	// confidence of the sentence's stances with that label, its target
	// "*" ("OSCE:recognition:0.73199999999999998", "*:recognition:…"):
	// what Query.MinConfidence filters on, so that a stance the query does
	// not ask about never decides (see stanceConfidence), and what its
	// facets count (confidentCounts), one term per target:label.
	FieldStanceConfidence = "stance_confidence"
)

// Document kinds: every speech is indexed, and so is every sentence that
// carries a classified stance, so that stance filters match the sentence
// that carries the stance.
const (
	KindSpeech   = "speech"
	KindSentence = "sentence"
)

// NewMapping returns the static index mapping: one document per speech and
// per sentence that carries a stance, no
// dynamic fields, so a field typo in a query finds nothing rather than
// silently creating an untyped field.
func NewMapping() mapping.IndexMapping {
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(name string) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeInAll = false
		// No term vectors: a quoted value ("S/PV.8699 (Resumption 2)",
		// delegation_name:"Russian Federation") is one term of a keyword
		// field, searched as such (keywordPhrase), not as a phrase.
		f.IncludeTermVectors = false
		// Doc values cost index size on every document; only facets read
		// them (sorting reads the order keys: setDateOrder).
		f.DocValues = faceted(name)
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	// The text is searched and its term vectors give match positions
	// (phrases, highlights), but it is not stored: the store holds it, and
	// fragments read it from there (TextSource). No field combines text and
	// agenda (Bleve's _all, a second copy of every text term): words
	// without a field search both (defaultFields).
	doc.AddFieldMappingsAt(FieldText, text(textAnalyzer, true))
	// The agenda's term vectors are what a phrase on it is checked with
	// (agenda_text:"Peace and Security in Africa" found nothing without
	// them); agendas are a few words a speech, so they cost little.
	doc.AddFieldMappingsAt(FieldAgendaText, text(textAnalyzer, true))
	doc.AddFieldMappingsAt(FieldSpeakerText, text(speakerAnalyzer, false))
	for _, name := range []string{FieldSymbol, FieldMeeting, FieldBody, FieldDelegation, FieldDelegationName,
		FieldSpeaker, FieldSpeakerName, FieldRole, FieldLanguage, FieldAgenda, FieldOnBehalfOf,
		FieldTarget, FieldLabel, FieldStance, FieldYear} {
		doc.AddFieldMappingsAt(name, kw(name))
	}
	// Fields only filtered on or only shown: no term vectors, no doc
	// values (each costs time on every document indexed).
	light := func(store, index bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store, f.Index = store, index
		f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false
		return f
	}
	doc.AddFieldMappingsAt(FieldKind, light(true, true))
	doc.AddFieldMappingsAt(FieldSpeechID, light(true, true))
	doc.AddFieldMappingsAt(FieldRecord, light(true, false))
	doc.AddFieldMappingsAt(FieldDateText, light(true, false))
	doc.AddFieldMappingsAt(FieldPrecision, light(false, true))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = false // filtered on; sorting reads the order keys
	doc.AddFieldMappingsAt(FieldDate, date)
	doc.AddFieldMappingsAt(FieldDocument, light(false, true)) // only searched, by Update
	doc.AddFieldMappingsAt(FieldRead, light(false, true))     // only searched, by organisation queries
	seq := num()
	seq.DocValues = false // filtered on and shown; sorting reads the order keys
	doc.AddFieldMappingsAt(FieldSeq, seq)
	// Only shown: a numeric field's index holds several prefix terms per
	// value (5% of the index for resumption and words).
	for _, name := range []string{FieldResumption, FieldWords, FieldSentenceN, FieldSession} {
		f := num()
		f.Index, f.DocValues = false, false
		doc.AddFieldMappingsAt(name, f)
	}
	conf := num()
	conf.DocValues = false // shown (and searchable: confidence:<0.6), never sorted or faceted
	doc.AddFieldMappingsAt(FieldConfidence, conf)
	stanceConf := light(false, true) // searched by MinConfidence, and faceted: doc values
	stanceConf.DocValues = true
	doc.AddFieldMappingsAt(FieldStanceConfidence, stanceConf)
	for _, name := range []string{FieldDateOrder, FieldNewestOrder} {
		order := light(false, true) // sorted on: doc values, which Bleve makes of the indexed term
		order.DocValues = true
		doc.AddFieldMappingsAt(name, order)
	}
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false
	doc.AddFieldMappingsAt(FieldStancesJSON, stored)
	doc.AddFieldMappingsAt(FieldTextHash, stored)

	im := bleve.NewIndexMapping()
	// Speaker labels are matched as people type names: "Jimenez" finds
	// "Jiménez", "ilkin" "İlkin", a straight apostrophe a curly one; no
	// stop words, so every word typed must be there.
	if err := im.AddCustomAnalyzer(speakerAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name},
	}); err != nil {
		panic(err) // a fixed configuration: fails in every test or never
	}
	if err := im.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     wordsTokenizerName,
		"token_filters": []any{en.PossessiveName, lowercase.Name, foldFilterName, spellingFilterName, en.StopName, porter.Name},
	}); err != nil {
		panic(err) // a fixed configuration: fails in every test or never
	}
	im.DefaultMapping = doc
	im.TypeField = "_unpv_type" // never present: every document uses the default mapping
	im.DefaultAnalyzer = textAnalyzer
	im.DefaultField = FieldText
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// analysisMapping is a mapping instance used only to analyse query phrases.
var analysisMapping = sync.OnceValue(func() *mapping.IndexMappingImpl {
	return NewMapping().(*mapping.IndexMappingImpl)
})

// fastPhrases rewrites every phrase on the speech text (or the default
// field) into the conjunction of its words' terms, and, for two words or
// more, a check of the phrase itself in the speeches that have them all
// (checkedPhrase), so the hits are those of Bleve's phrase query. Searches
// use it to find and rank hits; highlighting runs the exact phrase over the
// page's hits only.
func fastPhrases(q query.Query) query.Query { return rewriteLeaves(q, fastPhrase) }

// rewriteLeaves returns q with every query inside its boolean, conjunction
// and disjunction clauses replaced by leaf(query); the composites are
// copied, never changed.
func rewriteLeaves(q query.Query, leaf func(query.Query) query.Query) query.Query {
	switch x := q.(type) {
	case nil:
		return nil
	case *query.BooleanQuery:
		b := *x
		b.Must, b.Should, b.MustNot, b.Filter = rewriteLeaves(x.Must, leaf), rewriteLeaves(x.Should, leaf),
			rewriteLeaves(x.MustNot, leaf), rewriteLeaves(x.Filter, leaf)
		return &b
	case *query.ConjunctionQuery:
		c := *x
		c.Conjuncts = make([]query.Query, len(x.Conjuncts))
		for i, sub := range x.Conjuncts {
			c.Conjuncts[i] = rewriteLeaves(sub, leaf)
		}
		return &c
	case *query.DisjunctionQuery:
		d := *x
		d.Disjuncts = make([]query.Query, len(x.Disjuncts))
		for i, sub := range x.Disjuncts {
			d.Disjuncts[i] = rewriteLeaves(sub, leaf)
		}
		return &d
	}
	return leaf(q)
}

// fastPhrase rewrites one phrase on the speech text (see fastPhrases).
func fastPhrase(q query.Query) query.Query {
	switch x := q.(type) {
	case *query.MatchPhraseQuery:
		if (x.FieldVal != "" && x.FieldVal != FieldText) || x.Fuzziness != 0 || x.Analyzer != "" {
			return x
		}
		tokens, err := analysisMapping().AnalyzeText(textAnalyzer, []byte(x.MatchPhrase))
		if err != nil || len(tokens) == 0 {
			return x
		}
		seen := map[string]bool{}
		var terms []query.Query
		for _, tok := range tokens {
			if seen[string(tok.Term)] {
				continue
			}
			seen[string(tok.Term)] = true
			t := query.NewTermQuery(string(tok.Term))
			t.SetField(FieldText)
			terms = append(terms, t)
		}
		c := query.NewConjunctionQuery(terms)
		if x.BoostVal != nil {
			c.SetBoost(x.BoostVal.Value())
		}
		if len(tokens) > 1 {
			// The words alone may all occur apart; the exact phrase, checked
			// only on speeches that have every word, keeps the result exact.
			return &checkedPhrase{candidates: c, phrase: x}
		}
		return c
	}
	return q
}

// defaultFields gives every term without a field the two fields Bleve's
// _all combined before: the speech text and the agenda (a disjunction, so
// a speech matches on either). A phrase without a field searches the text.
// The query is copied where it changes.
func defaultFields(q query.Query) query.Query { return rewriteLeaves(q, defaultField) }

func defaultField(q query.Query) query.Query {
	switch x := q.(type) {
	case *query.MatchPhraseQuery:
		if x.FieldVal == "" {
			c := *x
			c.FieldVal = FieldText
			return &c
		}
		if keywordFields()[x.FieldVal] {
			return keywordPhrase(x)
		}
	case *query.MatchQuery:
		return textOrAgenda(x)
	case *query.WildcardQuery:
		return textOrAgenda(x)
	case *query.RegexpQuery:
		return textOrAgenda(x)
	case *query.FuzzyQuery:
		return textOrAgenda(x)
	case *query.PrefixQuery:
		return textOrAgenda(x)
	case *query.TermQuery:
		return textOrAgenda(x)
	}
	return q
}

// keywordFields are the fields indexed whole, as one term (keyword
// analyzer), read from the mapping so that the list cannot drift from it.
var keywordFields = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	im, ok := NewMapping().(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return out
	}
	for name, dm := range im.DefaultMapping.Properties {
		for _, f := range dm.Fields {
			if f.Index && f.Analyzer == keyword.Name {
				out[name] = true
			}
		}
	}
	return out
})

// keywordPhrase is a quoted value on a keyword field as the one term it
// is: the field has no term vectors for a phrase to be checked with.
func keywordPhrase(x *query.MatchPhraseQuery) query.Query {
	t := query.NewTermQuery(x.MatchPhrase)
	t.SetField(x.FieldVal)
	if x.BoostVal != nil {
		t.SetBoost(x.BoostVal.Value())
	}
	return t
}

// textOrAgenda is x on the text or x on the agenda, when x has no field.
func textOrAgenda[T any, P interface {
	*T
	query.FieldableQuery
	query.BoostableQuery
}](x P) query.Query {
	if x.Field() != "" {
		return x
	}
	text, agenda := P(new(T)), P(new(T))
	*text, *agenda = *x, *x
	text.SetField(FieldText)
	agenda.SetField(FieldAgendaText)
	text.SetBoost(1)
	agenda.SetBoost(1)
	d := query.NewDisjunctionQuery([]query.Query{text, agenda})
	d.SetBoost(x.Boost())
	return d
}

// faceted reports whether a facet (facetSpec) counts a keyword field:
// only those keep doc values.
func faceted(field string) bool {
	for _, f := range facetSpec {
		if f.field == field {
			return true
		}
	}
	return false
}
