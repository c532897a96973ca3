package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestMinConfidenceStated: a report with --min-confidence says the
// threshold as given, in its notes and wherever it states its selection
// (the page, the Markdown, each delegation page). On all of ungdc-full,
// --min-confidence 0.605 (confidences are stored at 3 decimals) left out
// 4,989 stances and the note said they had "a confidence below 0.60",
// below which there are 4,795; the selection lines did not name the
// threshold at all, so a delegation page did not show that stances were
// left out.
func TestMinConfidenceStated(t *testing.T) {
	kept := row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)
	kept.Confidence = 0.61
	out := row("S/PV.1#2", "KEN", "AU", "2020-01-08", C, unpv.RelMember)
	out.Confidence = 0.6
	r, err := Build([]Row{kept, out}, nil, Options{Targets: []string{"AU"}, MinConfidence: 0.605})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Sentences != 1 {
		t.Fatalf("kept %d stances, want 1", r.Total.Sentences)
	}
	checkOutputs(t, []outputCase{
		{"notes", func(b *bytes.Buffer) error { _, err := b.WriteString(strings.Join(r.Notes, "\n")); return err },
			[]string{"1 stance with a confidence below 0.605 was left out"}, nil},
		{"html", func(b *bytes.Buffer) error { return r.WriteHTML(b) }, []string{"Selection: organisations AU; min-confidence 0.605 ·"}, nil},
		{"markdown", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) }, []string{"Selection: organisations AU; min-confidence 0.605."}, nil},
		{"delegation page", func(b *bytes.Buffer) error { return r.WriteDelegationHTML(b, "KEN", "report.html") },
			[]string{"Selection: organisations AU; min-confidence 0.605 ·"}, nil},
	})
}
