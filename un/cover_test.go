package un

import (
	"regexp"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// The cover lines below are real: the pdftotext and mutool text of the
// records in shared/corpora/raw-samples and testdata/extract, as the
// extract stage joins a cover's first lines (spaces collapsed).

func TestCoverDate(t *testing.T) {
	tests := []struct {
		text string
		want string // "" for none
	}{
		{"Security Council Fifty-second year 3756th meeting Friday, 21 March 1997, 6 p.m. New York", "1997-03-21"}, // S/PV.3756
		{"46th PLENARY MEETING GENERAL ASSEMBLY Monday, 1 November 1993 at 3 p.m.", "1993-11-01"},                  // A/48/PV.46
		{"8699th meeting Thursday, 9 January 2020, 10 a.m. New York", "2020-01-09"},                                // S/PV.8699
		{"Thursday, 9\nJanuary  2020, 10 a.m.", "2020-01-09"},                                                      // an engine's line break and spaces between its words
		{"Letter dated 19 March 1997 from the Permanent Representative of Qatar", "1997-03-19"},                    // the first date wins, as on the cover
		{"9 Jan 2020", ""},     // only the month's whole name
		{"19 march 1997", ""},  // as printed: capitalised
		{"119 March 1997", ""}, // not a day
		{"21 March 19970", ""}, // not a year
		{"Seventy-fifth year", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, ok := CoverDate(tc.text)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("CoverDate(%q) = %q, %v; want %q", tc.text, got, ok, tc.want)
			}
		})
	}
}

func TestMeetingNumber(t *testing.T) {
	tests := []struct {
		low  string
		want int // 0 for none
	}{
		{"security council fifty-second year 3756th meeting friday, 21 march 1997", 3756}, // S/PV.3756
		{"united nations 46th plenary meeting general assembly", 46},                      // A/48/PV.46: "46th" / "PLENARY MEETING"
		{"seventy-fifth year 8701st meeting", 8701},                                       // S/PV.8701
		{"seventy-sixth session 3rd plenary meeting", 3},                                  // A/76/PV.3
		{"general assembly 22nd meeting", 22},                                             // session 49's header
		{"the 22 nd meeting", 22},                                                         // an engine's space before the suffix
		{"at its 3756th meetings", 0},                                                     // not the word "meeting"
		{"a3756th meeting", 0},
		{"the fifth meeting", 0}, // in words: no cover prints it so
		{"99999999999999999999th meeting", 0},
	}
	for _, tc := range tests {
		t.Run(tc.low, func(t *testing.T) {
			got, ok := MeetingNumber(tc.low)
			if got != tc.want || ok != (tc.want != 0) {
				t.Errorf("MeetingNumber(%q) = %d, %v; want %d", tc.low, got, ok, tc.want)
			}
		})
	}
}

func TestMeetingHeaderRight(t *testing.T) {
	testLines(t, "MeetingHeaderRight", MeetingHeaderRight, []lineCase{
		{"3756th meeting", true}, // S/PV.3756 by pdftotext -layout
		{"21 March 1997", true},
		{"46th plenary meeting", true}, // the Assembly's header prints "plenary"
		{"Security Council 3756th meeting", false},
		{"Fifty-second year", false},
		{"21 March 1997, 6 p.m.", false},
		{"the 3756th meeting of the Council", false},
	})
}

func TestAssemblyTitle(t *testing.T) {
	testLines(t, "AssemblyTitle", AssemblyTitle, []lineCase{
		{"General Assembly", true},
		{"G E N E R A L A S S E M B L Y", true}, // the 1993 covers
		{"GENERAL", true},                       // A/48/PV.46 by pdftotext: "GENERAL" / "ASSEMBLY"
		{"GENERAL ASSEMBLY", true},
		{"General", true}, // the title cut after its first word, in any case
		{"General Assembly Hall", false},
		{"Security Council", false},
		{"", false},
	})
}

// lineCase is a line and whether a predicate on lines holds for it.
type lineCase struct {
	line string
	want bool
}

// testLines checks a predicate on lines against its cases.
func testLines(t *testing.T, name string, f func(string) bool, tests []lineCase) {
	t.Helper()
	for _, tc := range tests {
		if got := f(tc.line); got != tc.want {
			t.Errorf("%s(%q) = %v, want %v", name, tc.line, got, tc.want)
		}
	}
}

func TestEmergencyLine(t *testing.T) {
	tests := []struct {
		l    string
		want int
	}{
		{"Eleventh emergency special session", 11}, // A/ES-11/PV.1
		{"ELEVENTH EMERGENCY SPECIAL SESSION", 11},
		{"Tenth emergency special session", 10},
		// A speech's line that a wrap begins so (extract's test of a
		// symbol-less 1993 cover): not capitalised, not the cover's.
		{"seventh emergency special session summit.", 0},
		{"Seventy-sixth session", 0},
		{"Special emergency special session", 0}, // no number's word
	}
	for _, tc := range tests {
		if got := EmergencyLine(tc.l); got != tc.want {
			t.Errorf("EmergencyLine(%q) = %d, want %d", tc.l, got, tc.want)
		}
	}
}

func TestOrdinal(t *testing.T) {
	tests := map[string]int{
		"Sixty-eighth": 68, "FORTY-EIGHTH": 48, "Seventy-fifth": 75, "Fifty-second": 52, "eleventh": 11,
		"Twentieth": 20, "hundredth": 100, "first": 1, "Ninety-ninth": 99,
		"twenty-eleventh": 0, "sixty": 0, "fifth-sixty": 0, "session": 0, "": 0, "-": 0,
	}
	for word, want := range tests {
		if got := Ordinal(word); got != want {
			t.Errorf("Ordinal(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestSessionOrdinal(t *testing.T) {
	tests := []struct {
		low  string
		want int
	}{
		{"united nations a/76/pv.102 general assembly seventy-sixth session 102nd plenary meeting", 76}, // A/76/PV.102
		{"46th plenary meeting general assembly monday, 1 november 1993 at 3 p.m. forty-eighth session", 48},
		{"s/pv.3756 security council fifty-second year 3756th meeting", 52},
		{"seventy-fifth year 8699th meeting", 75},
		// The emergency session's ordinal comes after the regular
		// session's; "special session" is passed over.
		{"seventy-sixth session eleventh emergency special session", 76},
		{"eleventh emergency special session", 0},
		{"the session of the year", 0},
		{" session", 0},
	}
	for _, tc := range tests {
		if got := SessionOrdinal(tc.low); got != tc.want {
			t.Errorf("SessionOrdinal(%q) = %d, want %d", tc.low, got, tc.want)
		}
	}
}

// TestDistributionDate: the distribution block's date is the cover's date
// as CoverDate reads it, on a line of its own.
func TestDistributionDate(t *testing.T) {
	for _, l := range []string{"21 March 1997", "1 November 1993"} {
		if !DistributionLine(l) {
			t.Errorf("DistributionLine(%q) = false", l)
		}
		if _, ok := CoverDate(l); !ok {
			t.Errorf("CoverDate(%q) read no date", l)
		}
	}
	if DistributionLine("21 March 1997, 6 p.m.") {
		t.Error("a cover's date line with more is not the distribution block's")
	}
}

func TestAssemblySymbols(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{AssemblySymbol(48, 46), "A/48/PV.46"},
		{EmergencySymbol(11, 1), "A/ES-11/PV.1"},
		{EmergencySymbol(10, 21), "A/ES-10/PV.21"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
		// ParseSymbol reads back what the builders write.
		info, ok := ParseSymbol(tc.got)
		if !ok || info.Symbol != tc.want {
			t.Errorf("ParseSymbol(%q) = %+v, %v", tc.got, info, ok)
		}
	}
	if d := gocmp.Diff(SymbolInfo{Symbol: "A/ES-11/PV.1", Body: "GA", Meeting: "A/ES-11/PV.1", Number: 1, Emergency: 11},
		mustParse(t, EmergencySymbol(11, 1))); d != "" {
		t.Errorf("EmergencySymbol's parts (-want +got):\n%s", d)
	}
}

func mustParse(t *testing.T, s string) SymbolInfo {
	t.Helper()
	info, ok := ParseSymbol(s)
	if !ok {
		t.Fatalf("ParseSymbol(%q) failed", s)
	}
	return info
}

// FuzzCover: the cover readers never panic; a date read is ISO-shaped and
// is the date of some month's name in the text; a meeting number is
// positive.
func FuzzCover(f *testing.F) {
	for _, s := range []string{"Friday, 21 March 1997, 6 p.m.", "46th plenary meeting", "Seventy-fifth year",
		"Eleventh emergency special session", "G E N E R A L A S S E M B L Y", "3756th meeting"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := CoverDate(s); ok {
			if len(d) != len("2006-01-02") || d[4] != '-' || d[7] != '-' {
				t.Errorf("CoverDate(%q) = %q, not ISO", s, d)
			}
		}
		if n, ok := MeetingNumber(strings.ToLower(s)); ok && n < 0 {
			t.Errorf("MeetingNumber(%q) = %d", s, n)
		}
		if n := SessionOrdinal(strings.ToLower(s)); n < 0 || n > 100 {
			t.Errorf("SessionOrdinal(%q) = %d", s, n)
		}
		if n := EmergencyLine(s); n < 0 || n > 100 {
			t.Errorf("EmergencyLine(%q) = %d", s, n)
		}
		_ = AssemblyTitle(s)
		_ = MeetingHeaderRight(s)
	})
}

// TestOrdinalWordExpr: the running headers' session ordinal is a word
// Ordinal reads, capitalised as the header prints it.
func TestOrdinalWordExpr(t *testing.T) {
	re := regexp.MustCompile(`^` + ordinalWordExpr + `$`)
	for _, w := range []string{"Forty-eighth", "Fiftieth", "Forty-ninth", "Fifty-first", "Sixty-third", "Eleventh", "Twentieth", "Ninety-ninth", "Hundredth"} {
		if !re.MatchString(w) || Ordinal(w) == 0 {
			t.Errorf("%q: expr %v, Ordinal %d", w, re.MatchString(w), Ordinal(w))
		}
	}
	for _, w := range []string{"Forty", "Special", "Regular", "forty-eighth", "Forty-Eighth", "Twenty-eleventh", "Fifty-tenth"} {
		if re.MatchString(w) {
			t.Errorf("%q read as an ordinal", w)
		}
	}
}
