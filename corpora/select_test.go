package corpora

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

func TestSelectionMatch(t *testing.T) {
	coop := Selection{Agenda: []string{RegionalCooperationAgenda}}
	tests := []struct {
		name   string
		sel    Selection
		sym    string
		body   unpv.Body
		date   string
		agenda string
		want   bool
	}{
		{"agenda exact", coop, "S/PV.7796", unpv.SecurityCouncil, "2016-10-28", "Cooperation between the United Nations and regional and subregional organizations in maintaining international peace and security", true},
		{"agenda UN abbreviation", coop, "S/PV.1", unpv.SecurityCouncil, "2010-01-01", "Cooperation between the UN and regional and subregional organizations (African Union)", true},
		{"agenda hyphen", Selection{Agenda: []string{"regional and subregional organisations"}}, "S/PV.1", unpv.SecurityCouncil, "2010-01-01", "Cooperation between the United Nations and regional and sub-regional organizations", true},
		{"agenda other", coop, "S/PV.6888", unpv.SecurityCouncil, "2012-12-13", "Non-proliferation", false},
		{"agenda partial word", Selection{Agenda: []string{"region"}}, "S/PV.1", unpv.SecurityCouncil, "", "regional organizations", false},
		{"years in", Selection{FromYear: 2014, ToYear: 2024}, "A/73/PV.101", unpv.GeneralAssembly, "2019-07-25", "", true},
		{"years out", Selection{FromYear: 2014, ToYear: 2024}, "S/PV.6888", unpv.SecurityCouncil, "2012-12-13", "", false},
		{"year unknown", Selection{FromYear: 2014}, "S/PV.1", unpv.SecurityCouncil, "", "", false},
		{"year printed", Selection{FromYear: 2019, ToYear: 2019}, "A/73/PV.101", unpv.GeneralAssembly, "25 July 2019", "", true},
		{"body", Selection{Bodies: []unpv.Body{unpv.GeneralAssembly}}, "S/PV.7796", unpv.SecurityCouncil, "2016-10-28", "", false},
		{"symbols any spelling", Selection{Symbols: []string{"S_PV.8699_Resumption1_E.pdf"}}, "S/PV.8699 (Resumption 1)", unpv.SecurityCouncil, "2020-01-10", "", true},
		{"symbols other", Selection{Symbols: []string{"S/PV.8699"}}, "S/PV.8699 (Resumption 1)", unpv.SecurityCouncil, "2020-01-10", "", false},
		{"zero", Selection{}, "anything", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sel.Match(tt.sym, tt.body, 0, tt.date, tt.agenda); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseYears(t *testing.T) {
	tests := []struct {
		in       string
		from, to int
		bad      bool
	}{
		{"2014-2024", 2014, 2024, false}, {"2016", 2016, 2016, false}, {"2014-", 2014, 0, false},
		{"-1999", 0, 1999, false}, {"", 0, 0, false}, {"2024-2014", 0, 0, true}, {"abc", 0, 0, true}, {"20-30", 0, 0, true},
	}
	for _, tt := range tests {
		from, to, err := ParseYears(tt.in)
		if from != tt.from || to != tt.to || (err != nil) != tt.bad {
			t.Errorf("ParseYears(%q) = %d, %d, %v", tt.in, from, to, err)
		}
	}
}

// TestSelectRegionalMeetingsShared selects every regional-cooperation
// meeting from all real tables and checks the meetings the corpus README
// names: in (S/PV.7402, 7796, 8548, 8626, 8711, 8967) and out (S/PV.6888).
func TestSelectRegionalMeetingsShared(t *testing.T) {
	dir := filepath.Join(sharedDir(t, "corpora/unsc-meeting-tables"), "html")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all []MeetingListing
	for _, e := range ents {
		m := tableFileRe.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		var year int
		fmt.Sscan(m[1], &year)
		ls, err := ParseDHLTable(bytes.NewReader(b), year)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ls...)
	}
	sel := Selection{Agenda: []string{RegionalCooperationAgenda}}
	got := sel.SelectListings(all)
	var syms []string
	for _, l := range got {
		syms = append(syms, l.Symbol)
	}
	// 38 distinct symbols: the CSV index has 42 rows whose topic starts
	// "Cooperation between the United Nations/UN and regional", 4 of them
	// VTC rows without a record.
	if len(got) != 38 {
		t.Errorf("%d regional-cooperation meetings 1946–2022, want 38", len(got))
	}
	for _, s := range []string{"S/PV.7402", "S/PV.7796", "S/PV.8548", "S/PV.8626", "S/PV.8711", "S/PV.8967"} {
		if !slices.Contains(syms, s) {
			t.Errorf("%s not selected", s)
		}
	}
	if slices.Contains(syms, "S/PV.6888") {
		t.Error("S/PV.6888 (non-proliferation) selected")
	}
	// Narrowed by years, in date order.
	sel.FromYear, sel.ToYear = 2016, 2016
	got = sel.SelectListings(all)
	if len(got) == 0 || got[0].Year != 2016 || !slices.IsSortedFunc(got, func(a, b MeetingListing) int { return compareDates(a.Date, b.Date) }) {
		t.Errorf("2016 selection %+v", got)
	}
}

func compareDates(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestSelectListingsTestdata(t *testing.T) {
	b, err := os.ReadFile("testdata/dhl/scact1948_table_en.html")
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := ParseDHLTable(bytes.NewReader(b), 1948)
	// S/PV.396 lists "The Indonesian question" and, on a continuation row,
	// "The Palestine question": selecting Palestine selects the meeting once.
	got := Selection{Agenda: []string{"Palestine question"}, Symbols: []string{"S/PV.396", "S/PV.395"}}.SelectListings(ls)
	var syms []string
	for _, l := range got {
		syms = append(syms, l.Symbol+" "+l.Topic)
	}
	want := []string{"S/PV.395 The Palestine question", "S/PV.396 The Palestine question"}
	if diff := cmp.Diff(want, syms); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSelectionMatchRecord(t *testing.T) {
	r := UNDLRecord{Symbol: "A/73/PV.101", Date: "2019-07-25", Title: "General Assembly, 73rd session : 101st plenary meeting",
		Agenda: []UNDLAgenda{{Title: "Cooperation between the United Nations and regional and other organizations."}}}
	if !(Selection{Bodies: []unpv.Body{unpv.GeneralAssembly}, Agenda: []string{"cooperation between the UN and regional"}, FromYear: 2019}).MatchRecord(r) {
		t.Error("GA record not matched")
	}
	if (Selection{Bodies: []unpv.Body{unpv.SecurityCouncil}}).MatchRecord(r) {
		t.Error("GA record matched as SC")
	}
}

func ExampleSelection_SelectListings() {
	b, _ := os.ReadFile("testdata/dhl/scact2016_table_en.html")
	rows, _ := ParseDHLTable(bytes.NewReader(b), 2016)
	sel := Selection{Agenda: []string{RegionalCooperationAgenda}}
	for _, l := range sel.SelectListings(rows) {
		fmt.Println(l.Symbol, l.Date, l.PressRelease)
	}
	// Output:
	// S/PV.7694 2016-05-24 SC/12370
	// S/PV.7705 2016-06-06 SC/12389
	// S/PV.7796 2016-10-28 SC/12566
	// S/PV.7813 2016-11-17 SC/12590
	// S/PV.7816 2016-11-18 SC/12595
}
