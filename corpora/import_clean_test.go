package corpora

import (
	"iter"
	"regexp"
	"strings"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/un"
)

// furnitureLeft finds what page furniture looks like in a speech's text,
// independently of un.CleanText's own rules: job numbers ("20-00911"),
// barcodes, rules, the notice on corrections, header dates ("16/01/2020")
// and the record's own symbol outside a citation.
func furnitureLeft(sp unpv.Speech) []string {
	var out []string
	for _, re := range []*regexp.Regexp{reLeftJob, reLeftBarcode, reLeftRule, reLeftNotice, reLeftDate} {
		for _, m := range re.FindAllStringIndex(sp.Text, -1) {
			out = append(out, sp.Text[max(0, m[0]-60):min(len(sp.Text), m[1]+60)])
		}
	}
	if strings.Contains(sp.Symbol, "/PV.") {
		for off := 0; ; {
			i := strings.Index(sp.Text[off:], sp.Symbol)
			if i < 0 {
				break
			}
			at := off + i
			before := sp.Text[max(0, at-80):at]
			if !strings.Contains(before, "(") && !strings.Contains(before, "see") {
				out = append(out, sp.Text[max(0, at-60):min(len(sp.Text), at+len(sp.Symbol)+60)])
			}
			off = at + len(sp.Symbol)
		}
	}
	return out
}

var (
	reLeftJob     = regexp.MustCompile(`\b\d{2}-\d{5}\b`)
	reLeftBarcode = regexp.MustCompile(`\*\d{7,9}\*`)
	reLeftRule    = regexp.MustCompile(`_{4,}`)
	reLeftNotice  = regexp.MustCompile(`This record contains the text|Corrections should be submitted`)
	reLeftDate    = regexp.MustCompile(`\b\d{2}/\d{2}/\d{4}\b`)
	// Strong emphasis, a heading, a block quote or a thematic break (the
	// 2024 statements' Markdown, docs/sources.md).
	reLeftMarkdown = regexp.MustCompile(`\*\*|(?m)^(?:#{1,6} |> |---|\*\*\*)`)
)

// TestBundledImportsHaveNoFurniture imports the bundled corpus (the 2020
// Security Council speeches and the general-debate subset, both with page
// furniture left inside the text) and checks that none is left in any
// speech, nor Markdown, that cited records survive, and that the general-debate
// statements whose text printed their record's header are placed in that
// meeting on that day.
func TestBundledImportsHaveNoFurniture(t *testing.T) {
	unsc, err := bundled.UNSCSpeeches()
	if err != nil {
		t.Fatal(err)
	}
	ungdc, err := bundled.UNGDC()
	if err != nil {
		t.Fatal(err)
	}
	speeches, placed, cited := 0, 0, 0
	for _, it := range []iter.Seq2[ImportedMeeting, error]{
		ImportUNSCDebates(unsc, UNSCDebatesOptions{}), ImportUNGDC(ungdc, UNGDCOptions{}),
	} {
		for im, err := range it {
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range im.Speeches {
				speeches++
				for _, f := range furnitureLeft(sp) {
					t.Errorf("%s: furniture left: %q", sp.ID, f)
				}
				for _, m := range reLeftMarkdown.FindAllStringIndex(sp.Text, -1) {
					t.Errorf("%s: Markdown left: %q", sp.ID, sp.Text[max(0, m[0]-40):min(len(sp.Text), m[1]+40)])
				}
				cited += strings.Count(sp.Text, "(see S/PV.")
				if sp.Meeting == un.BaseSymbol(sp.Symbol) {
					continue
				}
				if im.Source != "ungdc" {
					t.Errorf("%s: meeting %s differs from its record %s", sp.ID, sp.Meeting, sp.Symbol)
					continue
				}
				placed++
				info, ok := un.ParseSymbol(sp.Meeting)
				if !ok || info.Session != im.Meeting.Session || len(sp.Date) != 10 || sp.Date[:4] != im.Meeting.Date {
					t.Errorf("%s: placed in %q on %q (session %d, %s)", sp.ID, sp.Meeting, sp.Date, im.Meeting.Session, im.Meeting.Date)
				}
			}
		}
	}
	// 1,600 Council speeches and 207 statements; 12 statements printed a
	// header of their plenary meeting when this was written.
	if speeches < 1800 || placed < 12 || cited < 100 {
		t.Errorf("%d speeches, %d statements placed in their meeting, %d cited records", speeches, placed, cited)
	}
}
