package classify

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

var update = flag.Bool("update", false, "rewrite testdata/classify golden files")

// TestGoldenSpeeches pins mentions and stances (labels, confidences,
// evidence, relations) for the first ten speeches of S/PV.8711. After a
// deliberate change to the model or the tables, review the diff and run
// go test ./classify -run Golden -update.
func TestGoldenSpeeches(t *testing.T) {
	c := mustDefault(t)
	ps, _ := prepare(loadSpeeches(t, "../testdata/classify/speeches-8711-8714.jsonl"))
	type row struct {
		Mentions []unpv.Mention `json:"mentions"`
		Stances  []unpv.Stance  `json:"stances"`
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, p := range ps[:10] {
		ms, sts := c.Speech(p.sp, p.sents)
		for i := range sts {
			sts[i].Model = "" // the version changes with every table edit; the labels are what matter
		}
		if err := enc.Encode(row{ms, sts}); err != nil {
			t.Fatal(err)
		}
	}
	const path = "../testdata/classify/speeches-8711.golden.jsonl"
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("speeches differ from %s (-want +got); rerun with -update if intended:\n%s", path, diff)
	}
}
