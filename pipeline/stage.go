// Package pipeline runs unpv's stages over the store: which documents need
// which stage, the data directory lock, the run log and quarantine.
//
// A Stage is a value with a name, a version and a function over stored
// inputs. Per-document stages (extract, classify) record for each document
// the hash of their input and their version, skip what is unchanged and redo
// a document when its input (the upstream stage's output) or the stage's
// version changes; each document's new rows replace the old ones in one
// transaction. Corpus stages (index, report) bring derived files up to date
// when anything they read changed: the index by updating the documents that
// changed (rebuilt when it is missing, unusable, or more than a quarter of
// the documents changed; docs/search.md), the reports anew. A source step (import, fetch) runs first and records
// documents in the store.
package pipeline

import (
	"context"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/store"
)

// Input is what a per-document stage reads for one document.
type Input struct {
	// Source is the document with its content (for the first stage).
	Source store.Source
	// RawPath is the absolute path of the source's raw file, when it has one.
	RawPath string
	// Speeches and Sentences are the document's stored extraction (for
	// stages after the first); Sentences is keyed by speech ID.
	Speeches  []unpv.Speech
	Sentences map[string][]unpv.Sentence
}

// Output is what a per-document stage produces for one document: an
// Extraction (the first stage) or mentions and stances (a later stage).
type Output struct {
	Extraction *store.Extraction
	Mentions   []unpv.Mention
	Stances    []unpv.Stance
}

// Stage is one step of the pipeline. Exactly one of Document and Corpus is set.
type Stage struct {
	Name string
	// Upstream names the per-document stage whose output is this stage's
	// input; empty means the stage reads sources. A stage can thus run alone
	// (`unpv classify --store`) and still read what its upstream stored.
	Upstream string
	// Version changes whenever the stage's output for the same input would
	// change (a new parser, a retrained model); documents are then redone.
	Version string
	// Document computes one document's output from its stored input. It may
	// run concurrently for several documents and must not write to the store.
	// An error wrapping unpv.ErrBadDocument quarantines the document.
	Document func(ctx context.Context, in Input) (Output, error)
	// Corpus brings corpus-wide derived output (an index, reports) up to date
	// with the store in DATA/<Output>, atomically: a crash must leave either
	// the old output or the new one.
	Corpus func(ctx context.Context, st *store.Store, dataDir string) error
	// Output is the file or directory under the data directory a corpus stage
	// writes; when it is missing the stage runs even if nothing changed.
	Output string
}

// Source adds or refreshes documents in the store (import, fetch). It
// returns how many documents it added or changed and how many were unchanged.
type Source struct {
	Name string
	Run  func(ctx context.Context, st *store.Store, dataDir string) (changed, unchanged int, err error)
}
