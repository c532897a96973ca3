// Package corpora is where records come from: the UN's live sources
// (meeting lists from the Dag Hammarskjöld Library, the UN Digital Library
// catalogue, record PDFs from the Official Document System) behind one
// polite HTTP client (rate limit, retries, conditional requests, challenge
// pages), the content-addressed raw file store (DATA/raw), and the
// importers of corpora a user already holds (UN Security Council Debates
// per-speech files, UNGDC general-debate statements, folders of PDFs).
//
// It knows nothing of the SQLite store: package pipeline records what
// corpora yields as store sources. Symbols, delegations and speaker labels
// are read with package un, so an imported speech gets the same speaker as
// the same speech read from a PDF. docs/sources.md describes each source.
package corpora
