package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDropNotice drops the notice on corrections and nothing else, on the
// lines of A/48/PV.46's cover (pdftotext), whose second paragraph stands
// apart from the first below the distribution block.
func TestDropNotice(t *testing.T) {
	in := []string{
		"the full implementation of their safeguards agreement.",
		"",
		"This record is subject to correction.",
		"Corrections should be sent under the signature of a member of the delegation concerned",
		"within one week of the date of publication to the Chief of the Verbatim Reporting Section,",
		"Room C-178, and incorporated in a copy of the record.",
		"",
		"Distr. GENERAL",
		"A/48/PV.46",
		"22 November 1993",
		"",
		"Corrections will be issued after the end of the session in a consolidated corrigendum.",
		"",
		"ENGLISH",
		"These inspections are essential to give the international",
	}
	want := []string{
		"the full implementation of their safeguards agreement.",
		"",
		"",
		"Distr. GENERAL",
		"A/48/PV.46",
		"22 November 1993",
		"",
		"",
		"ENGLISH",
		"These inspections are essential to give the international",
	}
	var ls []line
	for _, l := range in {
		ls = append(ls, line{text: l, page: 1})
	}
	var got []string
	for _, l := range dropNotice(ls) {
		got = append(got, l.text)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("dropNotice (-want +got):\n%s", d)
	}
}

// TestSharedTextsNotice: no speech and no agenda item read from the
// pdftotext and pdftotext -layout texts of the shared records keeps a word
// of the notice on corrections (A/48/PV.46's second paragraph stayed in a
// speech, S/PV.3756's -layout cover put the whole notice into the agenda
// item, behind the footer printed on its first line).
func TestSharedTextsNotice(t *testing.T) {
	texts := sharedTexts(t)
	notice := []string{"This record contains", "This record is subject", "Corrections should be", "Corrections will be issued", "Verbatim Reporting"}
	for _, p := range texts {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := Parse(string(b), filepath.Base(p))
			if strings.HasPrefix(filepath.Base(p), "S_PV.492_") {
				return // the 1950 scan: no text layer, a bad document
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range notice {
				if strings.Contains(rec.Meeting.Agenda, w) {
					t.Errorf("agenda holds %q: %q", w, rec.Meeting.Agenda)
				}
				for _, s := range rec.Speeches {
					if i := strings.Index(s.Text, w); i >= 0 {
						t.Errorf("speech %d holds %q: …%s…", s.Seq, w, s.Text[max(0, i-60):min(len(s.Text), i+100)])
					}
				}
			}
		})
	}
}
