package index

import (
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SchemaVersion changes whenever the mapping or the stored fields change; an
// index built with another version fails Open with ErrCorrupt so that callers
// rebuild it from the store.
const SchemaVersion = 3

// Field names, usable as field:value in query strings and listed in docs/search.md.
const (
	FieldText           = "text"            // speech text, English analyzer, term vectors
	FieldShingles       = "text_shingles"   // word pairs of the text, for fast phrase search
	FieldAgendaText     = "agenda_text"     // agenda item, English analyzer
	FieldSpeakerText    = "speaker_text"    // speaker label and name, standard analyzer (for --speaker)
	FieldSymbol         = "symbol"          // "S/PV.8699 (Resumption 1)"
	FieldMeeting        = "meeting"         // "S/PV.8699"
	FieldBody           = "body"            // SC, GA
	FieldDelegation     = "delegation"      // delegation code: RUS, UKR, AU, UN
	FieldDelegationName = "delegation_name" // as printed
	FieldSpeaker        = "speaker"         // speaker label as printed
	FieldSpeakerName    = "speaker_name"    // "Mr. Nebenzia"
	FieldRole           = "role"            // president, member, …
	FieldLanguage       = "language"        // language spoken, as printed
	FieldAgenda         = "agenda"          // agenda item, exact
	FieldOnBehalfOf     = "on_behalf_of"
	FieldTarget         = "target"       // organisations with a classified sentence: CSTO, AU…
	FieldLabel          = "label"        // stance labels present: recognition, counter, neutral
	FieldStance         = "stance"       // target:label pairs: "CSTO:counter"
	FieldDate           = "date"         // datetime
	FieldYear           = "year"         // "2020", for facets
	FieldSeq            = "seq"          // numeric
	FieldResumption     = "resumption"   // numeric
	FieldWords          = "words"        // numeric: word count of the text
	FieldStancesJSON    = "stances_json" // stored only: the stances, for the speech view
	FieldDocument       = "document"     // the store document the speech comes from (Update replaces by it)
)

const shingleAnalyzer = "unpv_en_pairs"

// NewMapping returns the static index mapping: one document per speech, no
// dynamic fields, so a field typo in a query finds nothing rather than
// silently creating an untyped field.
func NewMapping() mapping.IndexMapping {
	text := func(analyzer string, store, vectors, all bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = all
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeInAll = false
		// Term vectors let a quoted value ("S/PV.8699 (Resumption 2)",
		// delegation_name:"Russian Federation") match as a phrase.
		f.IncludeTermVectors = true
		f.DocValues = true // facets and sorting
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
	doc.AddFieldMappingsAt(FieldText, text(en.AnalyzerName, true, true, true))
	doc.AddFieldMappingsAt(FieldShingles, text(shingleAnalyzer, false, false, false))
	doc.AddFieldMappingsAt(FieldAgendaText, text(en.AnalyzerName, false, false, true))
	doc.AddFieldMappingsAt(FieldSpeakerText, text(standard.Name, false, false, false))
	for _, name := range []string{FieldSymbol, FieldMeeting, FieldBody, FieldDelegation, FieldDelegationName,
		FieldSpeaker, FieldSpeakerName, FieldRole, FieldLanguage, FieldAgenda, FieldOnBehalfOf,
		FieldTarget, FieldLabel, FieldStance, FieldYear} {
		doc.AddFieldMappingsAt(name, kw())
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = true
	doc.AddFieldMappingsAt(FieldDate, date)
	// Only searched, by Update: neither stored nor sorted on.
	document := bleve.NewKeywordFieldMapping()
	document.Store, document.IncludeInAll, document.IncludeTermVectors, document.DocValues = false, false, false, false
	doc.AddFieldMappingsAt(FieldDocument, document)
	for _, name := range []string{FieldSeq, FieldResumption, FieldWords} {
		doc.AddFieldMappingsAt(name, num())
	}
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false
	doc.AddFieldMappingsAt(FieldStancesJSON, stored)

	im := bleve.NewIndexMapping()
	// shingleAnalyzer is the English analyzer followed by word pairs ("_"
	// stands for a removed stop word), so that a phrase query becomes a
	// conjunction of pair terms instead of a position check over every
	// speech containing its words; see fastPhrases.
	if err := im.AddCustomTokenFilter("unpv_pairs", map[string]any{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false, "separator": " ", "filler": "_",
	}); err != nil {
		panic(err)
	}
	if err := im.AddCustomAnalyzer(shingleAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name, "unpv_pairs"},
	}); err != nil {
		panic(err)
	}
	im.DefaultMapping = doc
	im.TypeField = "_unpv_type" // never present: every document uses the default mapping
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultField = "_all"
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
// field) into a conjunction of word-pair terms on FieldShingles. For two
// words this is exact; longer phrases need all consecutive pairs, and the
// speeches that have them are checked for the phrase itself (checkedPhrase),
// so the hits are those of Bleve's phrase query. Searches use it to find and
// rank hits; highlighting runs the exact phrase over the page's hits only.
func fastPhrases(q query.Query) query.Query {
	switch x := q.(type) {
	case nil:
		return nil
	case *query.BooleanQuery:
		b := *x
		b.Must, b.Should, b.MustNot, b.Filter = fastPhrases(x.Must), fastPhrases(x.Should), fastPhrases(x.MustNot), fastPhrases(x.Filter)
		return &b
	case *query.ConjunctionQuery:
		c := *x
		c.Conjuncts = make([]query.Query, len(x.Conjuncts))
		for i, sub := range x.Conjuncts {
			c.Conjuncts[i] = fastPhrases(sub)
		}
		return &c
	case *query.DisjunctionQuery:
		d := *x
		d.Disjuncts = make([]query.Query, len(x.Disjuncts))
		for i, sub := range x.Disjuncts {
			d.Disjuncts[i] = fastPhrases(sub)
		}
		return &d
	case *query.MatchPhraseQuery:
		if (x.FieldVal != "" && x.FieldVal != FieldText) || x.Fuzziness != 0 || x.Analyzer != "" {
			return x
		}
		tokens, err := analysisMapping().AnalyzeText(shingleAnalyzer, []byte(x.MatchPhrase))
		// Stop words at the edges of a phrase do not constrain the exact
		// phrase query ("the Council" finds "Security Council"): drop the
		// pairs they make.
		for len(tokens) > 0 && strings.HasPrefix(string(tokens[0].Term), "_ ") {
			tokens = tokens[1:]
		}
		for len(tokens) > 0 && strings.HasSuffix(string(tokens[len(tokens)-1].Term), " _") {
			tokens = tokens[:len(tokens)-1]
		}
		if err != nil || len(tokens) == 0 {
			return x
		}
		terms := make([]query.Query, 0, len(tokens))
		for _, tok := range tokens {
			t := query.NewTermQuery(string(tok.Term))
			t.SetField(FieldShingles)
			terms = append(terms, t)
		}
		c := query.NewConjunctionQuery(terms)
		if x.BoostVal != nil {
			c.SetBoost(x.BoostVal.Value())
		}
		if len(terms) > 1 {
			// Pairs alone may all occur apart; the exact phrase, checked only
			// on speeches that have every pair, keeps the result exact.
			return &checkedPhrase{candidates: c, phrase: x}
		}
		return c
	}
	return q
}
