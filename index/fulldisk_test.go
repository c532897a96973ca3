package index

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// panickyIndex is an index whose Batch panics, as Bleve's did on a full disk.
type panickyIndex struct{ bleveIndex }

type bleveIndex = bleve.Index

func (panickyIndex) Batch(*bleve.Batch) error { panic("assignment to entry in nil map") }

// TestBatchPanicIsAnError: a panic inside Bleve while a batch is applied
// (seen on a full disk, in one run of five on a 37 MB file system) is the
// build's error; it crashed unpv with exit status 2, the usage error's.
func TestBatchPanicIsAnError(t *testing.T) {
	ix, err := bleve.NewMemOnly(NewMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := newWriter(context.Background(), panickyIndex{ix}, &Stats{}, nil)
	if err := w.batch.Index("S/PV.8711#1", map[string]any{"text": "ASEAN"}); err != nil {
		t.Fatal(err)
	}
	err = w.close()
	if err == nil || !strings.Contains(err.Error(), "panicked: assignment to entry in nil map") {
		t.Errorf("close: %v, want the panic as an error", err)
	}
}
