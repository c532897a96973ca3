package classify

import "github.com/unpv/unpv/internal/tsv"

// tsvRows reads the lexicon's rows (the gazetteer and membership tables
// moved to package un, which reads them with the same reader).
var tsvRows = tsv.Rows
