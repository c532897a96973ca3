package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
)

// goldenRecord is the extraction of a real record (testdata/extract's
// golden output of its pages) as an imported record, its symbol and date
// changed old to new, as extract's TestCoverMeta makes an emergency
// special session's record of A/76/PV.102: no emergency session's record
// and no Assembly record numbered before 1976 is at hand.
func goldenRecord(t *testing.T, file string, replace ...string) store.ImportedRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "extract", file))
	if err != nil {
		t.Fatal(err)
	}
	var rec store.ImportedRecord
	if err := json.Unmarshal([]byte(strings.NewReplacer(replace...).Replace(string(b))), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestReportAndSearchAgreeOnSession: a report's quote and a search hit on
// one sentence give it one General Assembly session, also for the records
// whose symbol names none: an emergency special session's (A/ES-11/PV.1 of
// 28 February 2022: 76) and one numbered before 1976 (A/PV.2444 of 1
// December 1975: 30), which the report and the index place by one rule
// (un.RecordSession); a Council record has none.
func TestReportAndSearchAgreeOnSession(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rc := recordCorpus{
		"test:A/ES-11/PV.1": goldenRecord(t, "A_76_PV.102_p1-3.mutool.golden.json", "A/76/PV.102", "A/ES-11/PV.1", "2022-09-08", "2022-02-28"),
		"test:A/PV.2444":    goldenRecord(t, "A_61_PV.107_p1-2.mutool.golden.json", "A/61/PV.107", "A/PV.2444", "2007-09-13", "1975-12-01"),
		"test:A/76/PV.102":  goldenRecord(t, "A_76_PV.102_p1-3.mutool.golden.json"),
		"test:S/PV.8701":    goldenRecord(t, "S_PV.8701.mutool.golden.json"),
	}
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	stages := f.stages()[:1:1]
	// Every speech's first sentence is a recognition of the EU.
	stages = append(stages, Stage{Name: StageClassify, Upstream: StageExtract, Version: "c1",
		Document: func(ctx context.Context, in Input) (Output, error) {
			var out Output
			for _, sp := range in.Speeches {
				if ss := in.Sentences[sp.ID]; len(ss) > 0 {
					out.Stances = append(out.Stances, unpv.Stance{SentenceID: ss[0].ID, Target: "EU", Label: unpv.Recognition,
						Confidence: 0.8, Relation: unpv.RelThird, Model: "c1"})
				}
			}
			return out, nil
		}}, IndexStage(nil))
	if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{rc.source()}, Stages: stages, Command: "test", Workers: 2}); err != nil {
		t.Fatal(err)
	}

	// The session of each record as the report's quotes and the search's
	// hits give it, with how many sentences gave it.
	type seen struct {
		record  string
		session int
	}
	quotes, hits := map[seen]int{}, map[seen]int{}
	in, err := StoredReportInput(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(in.Rows, in.Votes, report.Options{Targets: []string{"EU"}, Quotes: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Cells {
		for _, q := range c.Quotes {
			quotes[seen{q.Symbol, q.Session}]++
		}
	}
	ix, err := index.Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Each(ctx, index.Query{Stances: []string{"recognition"}}, func(h index.Hit) error {
		hits[seen{h.Symbol, h.Session}]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := map[seen]int{{"A/ES-11/PV.1", 76}: 8, {"A/PV.2444", 30}: 6, {"A/76/PV.102", 76}: 8, {"S/PV.8701", 0}: 2}
	if d := cmp.Diff(want, quotes, cmp.AllowUnexported(seen{})); d != "" {
		t.Errorf("the report's quotes (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, hits, cmp.AllowUnexported(seen{})); d != "" {
		t.Errorf("the search's hits (-want +got):\n%s", d)
	}
}
