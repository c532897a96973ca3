package annotate

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// TestReadRecordsKinds: a codings export line is a label or a skip by its
// kind, and a line without one (a labels export, a gold file) is a label;
// a skip must carry no label nor adjudication, a label a known label.
func TestReadRecordsKinds(t *testing.T) {
	const pair = `"sentence_id":"S/PV.1#1.1","target":"AU","sentence":"The AU leads.",`
	tests := []struct {
		name string
		line string
		want *Record // nil: the line is refused
	}{
		{"gold line, no kind", `{` + pair + `"label":"recognition"}`,
			&Record{SentenceID: "S/PV.1#1.1", Target: "AU", Sentence: "The AU leads.", Label: unpv.Recognition}},
		{"label", `{` + pair + `"label":"counter","kind":"label","coder":"ann"}`,
			&Record{SentenceID: "S/PV.1#1.1", Target: "AU", Sentence: "The AU leads.", Label: unpv.Counter, Kind: KindLabel, Coder: "ann"}},
		{"skip with a note", `{` + pair + `"label":"","kind":"skip","coder":"ann","note":"which AU?","at":"2025-01-01T10:00:00Z"}`,
			&Record{SentenceID: "S/PV.1#1.1", Target: "AU", Sentence: "The AU leads.", Kind: KindSkip, Coder: "ann",
				Note: "which AU?", At: "2025-01-01T10:00:00Z"}},
		{"skip without a label field", `{` + pair + `"kind":"skip","coder":"bob"}`,
			&Record{SentenceID: "S/PV.1#1.1", Target: "AU", Sentence: "The AU leads.", Kind: KindSkip, Coder: "bob"}},
		{"no label and no kind", `{` + pair + `"label":"","coder":"ann"}`, nil},
		{"label kind without a label", `{` + pair + `"label":"","kind":"label","coder":"ann"}`, nil},
		{"skip with a label", `{` + pair + `"label":"neutral","kind":"skip","coder":"ann"}`, nil},
		{"skip as adjudication", `{` + pair + `"kind":"skip","adjudication":true,"coder":"ann"}`, nil},
		{"unknown kind", `{` + pair + `"label":"neutral","kind":"pass","coder":"ann"}`, nil},
		{"time with an offset", `{` + pair + `"label":"neutral","coder":"ann","at":"2025-01-01T11:00:00.5+01:00"}`,
			&Record{SentenceID: "S/PV.1#1.1", Target: "AU", Sentence: "The AU leads.", Label: unpv.Neutral, Coder: "ann",
				At: "2025-01-01T11:00:00.5+01:00"}},
		{"time not RFC 3339", `{` + pair + `"label":"neutral","coder":"ann","at":"yesterday"}`, nil},
		{"date without a time", `{` + pair + `"label":"neutral","coder":"ann","at":"2025-01-01"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad, err := ReadRecords(strings.NewReader(tt.line+"\n"), 1<<16)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(recs) != 0 || len(bad) != 1 || !errors.Is(bad[0], ErrBadRecord) {
					t.Errorf("read %+v, %v; want the line refused as a bad record", recs, bad)
				}
				return
			}
			if len(bad) > 0 {
				t.Fatalf("refused: %v", bad[0])
			}
			if d := cmp.Diff([]Record{*tt.want}, recs); d != "" {
				t.Errorf("records (-want +got):\n%s", d)
			}
		})
	}
}

// FuzzReadRecords: ReadRecords never panics on any input; every record it
// keeps passes its own checks (a canonical target, a known label, or a
// skip without one), and what WriteRecords writes of them reads back the
// same, with no line refused.
func FuzzReadRecords(f *testing.F) {
	for _, s := range []string{
		`{"sentence_id":"S/PV.1#1.1","target":"au","sentence":"The AU leads.","label":"recognition"}`,
		`{"sentence":"x","target":"African Union","label":"","kind":"skip","coder":"ann","at":"2025-01-01T10:00:00Z"}` + "\n\n" + `{"sentence":"y","target":"EU","label":"counter","adjudication":true}`,
		"\ufeff{\"sentence\":\"x\",\"target\":\"ASEAN\",\"label\":\"neutral\",\"note\":\"\\u2028\"}\r\n{",
		`{"sentence":"x","target":"EU","label":"neutral","kind":"label","stale":true,"coders":["a","b"],"status":"agreed"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		recs, _, err := ReadRecords(strings.NewReader(in), 1<<12)
		if err != nil {
			t.Fatalf("error from a string reader: %v", err)
		}
		for _, rec := range recs {
			if rec.Kind != KindSkip && rec.Label.Index() < 0 {
				t.Errorf("kept a label %q", rec.Label)
			}
			if c, ok := un.CanonicalOrganisation(rec.Target); !ok || c != rec.Target {
				t.Errorf("kept a target %q", rec.Target)
			}
		}
		var b strings.Builder
		if err := WriteRecords(&b, recs); err != nil {
			t.Fatal(err)
		}
		back, bad, err := ReadRecords(strings.NewReader(b.String()), 1<<20)
		if err != nil || len(bad) > 0 {
			t.Fatalf("reading back what WriteRecords wrote: %v %v\n%s", err, bad, b.String())
		}
		if diff := cmp.Diff(recs, back); diff != "" {
			t.Errorf("written and read back (-read +again):\n%s", diff)
		}
	})
}
