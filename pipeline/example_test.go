package pipeline_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// A run with a source and one per-document stage; the second run finds
// nothing to do.
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "unpv-example")
	defer os.RemoveAll(dir)
	source := pipeline.Source{Name: "import", Run: func(ctx context.Context, st *store.Store, _ string) (int, int, error) {
		changed, err := st.PutSource(ctx, store.Source{Document: "note:1", Kind: store.KindRecord, SHA256: "c0ffee",
			Content: []byte(`{"meeting":{"symbol":"S/PV.1","body":"SC","meeting":"S/PV.1"},"speeches":[]}`)})
		if changed {
			return 1, 0, err
		}
		return 0, 1, err
	}}
	extract := pipeline.Stage{Name: "extract", Version: "v1", Document: func(ctx context.Context, in pipeline.Input) (pipeline.Output, error) {
		m := unpv.Meeting{Symbol: "S/PV.1", Body: unpv.SecurityCouncil, Meeting: "S/PV.1", Date: "1946-01-17"}
		sp := unpv.Speech{ID: "S/PV.1#1", Symbol: m.Symbol, Body: m.Body, Meeting: m.Meeting, Seq: 1, Text: "I declare the meeting open."}
		return pipeline.Output{Extraction: &store.Extraction{Meeting: m, Speeches: []unpv.Speech{sp}}}, nil
	}}
	for i := 0; i < 2; i++ {
		sum, err := pipeline.Run(context.Background(), pipeline.Options{DataDir: dir, Sources: []pipeline.Source{source},
			Stages: []pipeline.Stage{extract}, Logger: quiet()})
		if err != nil {
			log.Fatal(err)
		}
		var parts []string
		for _, s := range sum.Stages {
			parts = append(parts, fmt.Sprintf("%s processed %d unchanged %d", s.Stage, s.Processed, s.Skipped))
		}
		fmt.Println(strings.Join(parts, "; "))
	}
	// Output:
	// import processed 1 unchanged 0; extract processed 1 unchanged 0
	// import processed 0 unchanged 1; extract processed 0 unchanged 1
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
