package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/un"
)

// TestStripPageOwnSymbol: the record's own symbol that pdftotext puts
// alone between a paragraph's lines (the running header of InDesign
// pages) is dropped, as is the cover's symbol with its distribution date
// below the first column (A/48/PV.46); another document's symbol on a
// line of its own, a symbol inside a sentence and the first part's symbol
// in a resumption's record stay. The page's own number between blank
// lines (page 2 here) is marked (pageMark) for the vote lists; any other
// number stays. Lines are the records' own (pdftotext) unless marked.
func TestStripPageOwnSymbol(t *testing.T) {
	const (
		top = "United Nations"
		end = "The resolution adopted today is one of major"
	)
	tests := []struct {
		name string
		own  string
		in   []string
		want []string
	}{
		{
			name: "A/76/PV.102 header inside a paragraph",
			own:  "A/76/PV.102",
			in: []string{
				"delegations for their constructive engagement, flexibility",
				"and accommodation, which resulted in a consensus",
				"",
				"A/76/PV.102",
				"",
				"outcome for this important intergovernmental process.",
			},
			want: []string{
				"delegations for their constructive engagement, flexibility",
				"and accommodation, which resulted in a consensus",
				"",
				"",
				"outcome for this important intergovernmental process.",
			},
		},
		{
			name: "S/PV.8706 (Resumption 1) header, pdftotext's space",
			own:  "S/PV.8706 (Resumption 1)",
			in: []string{
				"of Syria’s territorial integrity will bring about lasting",
				"",
				"S/PV. 8706 (Resumption 1)",
				"",
				"peace and allow for the relief of the humanitarian",
			},
			want: []string{
				"of Syria’s territorial integrity will bring about lasting",
				"",
				"",
				"peace and allow for the relief of the humanitarian",
			},
		},
		{
			name: "A/48/PV.46 cover symbol and date below the column",
			own:  "A/48/PV.46",
			in: []string{
				"the full implementation of their safeguards agreement.",
				"",
				"Distr. GENERAL",
				"A/48/PV.46",
				"22 November 1993",
				"",
				"These inspections are essential to give the international",
			},
			want: []string{
				"the full implementation of their safeguards agreement.",
				"",
				"",
				"These inspections are essential to give the international",
			},
		},
		{
			name: "a date after text is text",
			own:  "A/48/PV.46",
			in: []string{
				"the full implementation of their safeguards agreement.",
				"22 November 1993",
				"These inspections are essential to give the international",
			},
		},
		{
			name: "another document's symbol alone stays",
			own:  "A/76/PV.102",
			in: []string{
				"Assembly to adopt draft resolution A/76/L.86?",
				"",
				"A/76/L.86",
				"",
				"adopted",
			},
		},
		{
			name: "the first part's symbol in a resumption's record stays",
			own:  "S/PV.8706 (Resumption 1)",
			in: []string{
				"Ursula Mueller, for their valuable briefings",
				"",
				"S/PV.8706",
				"",
				"which reminded us of the gravity of the situation",
			},
		},
		{
			name: "a citation of the record itself stays",
			own:  "S/PV.8706",
			in: []string{
				"Ursula Mueller, for their valuable briefings",
				"(see S/PV.8706), which reminded us of the gravity",
				"of the situation",
			},
		},
		{
			name: "A/60/PV.25 page number inside a paragraph",
			own:  "A/60/PV.25",
			in: []string{
				"contains provisions on improved transit transport",
				"",
				"2",
				"",
				"capacity of landlocked countries and their access to",
			},
			want: []string{
				"contains provisions on improved transit transport",
				"",
				pageMark,
				"",
				"capacity of landlocked countries and their access to",
			},
		},
		{
			name: "another number alone stays (A/61/PV.107 by mutool, one word a line)",
			own:  "A/61/PV.107",
			in: []string{
				"Brooks-Randolph",
				"on",
				"",
				"9",
				"",
				"September",
			},
		},
		{
			name: "the page's number inside a line flow stays (composed)",
			own:  "A/61/PV.107",
			in: []string{
				"Brooks-Randolph",
				"on",
				"2",
				"September",
			},
		},
		{
			name: "no symbol known",
			own:  "",
			in: []string{
				"and accommodation, which resulted in a consensus",
				"",
				"A/76/PV.102",
				"",
				"outcome for this important intergovernmental process.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A line of text above and below keeps the lines tested away
			// from the page's edges, where any symbol line is furniture.
			in := append(append([]string{top}, tt.in...), end)
			want := tt.want
			if want == nil {
				want = tt.in
			}
			want = append(append([]string{top}, want...), end)
			got := stripPage(in, nil, 2, 31, tt.own)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("stripPage (-want +got):\n%s", d)
			}
		})
	}
}

// reAnySymbol finds verbatim-record symbols in a speech's text as the
// records print them, with pdftotext's space after "PV." and a resumption.
var reAnySymbol = regexp.MustCompile(`[SA] ?/ ?(?:\d{1,3} ?/ ?)?PV\. ?\d{1,5}(?: \(Resumption \d{1,2}\))?`)

// TestSharedTextsOwnSymbol: no speech read from the pdftotext texts of
// the shared records holds its record's own symbol (before, 197 times in
// 18 of them: "…a consensus A/76/PV.102 outcome…"); symbols the speakers
// cite, the first part's in a resumption ("(see S/PV.8706)"), stay. Nor
// does any hold the running header's date ("13/01/2020"), which the column
// split of S/PV.8702's -layout text left there, cut from its header.
func TestSharedTextsOwnSymbol(t *testing.T) {
	cited := 0
	for _, p := range sharedTexts(t) {
		base := filepath.Base(p)
		if strings.HasPrefix(base, "S_PV.492_") {
			continue // the 1950 scan is a bad document
		}
		t.Run(base, func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := Parse(string(b), base)
			if err != nil {
				t.Fatal(err)
			}
			d := strings.Split(rec.Meeting.Date, "-") // the header's date: day/month/year
			if len(d) != 3 {
				t.Fatalf("date %q", rec.Meeting.Date)
			}
			date := d[2] + "/" + d[1] + "/" + d[0]
			for _, s := range rec.Speeches {
				if i := strings.Index(s.Text, date); i >= 0 {
					t.Errorf("speech %d holds the header's date: …%s…", s.Seq, s.Text[max(0, i-60):min(len(s.Text), i+60)])
				}
				for _, at := range reAnySymbol.FindAllStringIndex(s.Text, -1) {
					info, ok := un.ParseSymbol(s.Text[at[0]:at[1]])
					if !ok {
						continue
					}
					if info.Symbol != rec.Meeting.Symbol {
						cited++
						continue
					}
					t.Errorf("speech %d holds the record's symbol: …%s…", s.Seq, s.Text[max(0, at[0]-60):min(len(s.Text), at[1]+60)])
				}
			}
		})
	}
	if cited == 0 {
		t.Error("no cited symbol found: the check reads no symbol")
	}
}

// sharedTexts lists the pdftotext and pdftotext -layout texts of the
// shared records, skipping the test in -short mode or without ../shared.
func sharedTexts(t *testing.T) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("short")
	}
	texts, _ := filepath.Glob("../../shared/corpora/raw-samples/verbatim-pdftotext/*.txt")
	if len(texts) == 0 {
		t.Skip("../shared not present")
	}
	return texts
}
