package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// SchemaVersion changes whenever the mapping or the stored fields change; an
// index built with another version fails Open with ErrCorrupt so that callers
// rebuild it from the store.
const SchemaVersion = 1

// Field names, usable as field:value in query strings and listed in docs/index.md.
const (
	FieldText           = "text"            // speech text, English analyzer, term vectors
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
)

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
	im.DefaultMapping = doc
	im.TypeField = "_unpv_type" // never present: every document uses the default mapping
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultField = "_all"
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}
