package un

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

func TestCanonicalSymbol(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"S_PV.8699_Resumption1_E.pdf", "S/PV.8699 (Resumption 1)", true},
		{"S_PV.8699(Resumption1)_E.pdf", "S/PV.8699 (Resumption 1)", true},
		{"A_60_PV.25_E_N0553261.pdf", "A/60/PV.25", true},
		{"A/73/PV.101", "A/73/PV.101", true},
		{"A /76/PV.102", "A/76/PV.102", true},
		{"S/PV.7796", "S/PV.7796", true},
		{"s/pv.7796", "S/PV.7796", true},
		{"S/PV.77 (closed)", "S/PV.77", true},
		{"S/PV.6870(Resumption1)", "S/PV.6870 (Resumption 1)", true},
		{"S/PV.6865 (Resumption1)", "S/PV.6865 (Resumption 1)", true},
		{"S/PV.3454 (Resumption 2)", "S/PV.3454 (Resumption 2)", true},
		{"S/PV.4753 (Resumption)", "S/PV.4753 (Resumption 1)", true},
		{"S/PV.5629(ResumptionI)", "S/PV.5629 (Resumption 1)", true},
		{"S/PV.5629 (Resumption II)", "S/PV.5629 (Resumption 2)", true},
		{"S/PV.6950 (Resumption1 )", "S/PV.6950 (Resumption 1)", true},
		{"S/PV.9042 Resumption 1)", "S/PV.9042 (Resumption 1)", true},
		{"S/PV.100 Resumption Index", "S/PV.100 (Resumption 1)", true},
		{"UNSC_2020_SPV.8699Resumption1_spch042", "S/PV.8699 (Resumption 1)", true},
		{"UNSC_1995_SPV.3487", "S/PV.3487", true},
		{"https://undocs.org/en/S/PV.7796", "S/PV.7796", true},
		{"A/PV.2444", "A/PV.2444", true},
		{"A_48_PV.46_E.pdf", "A/48/PV.46", true},
		{"S_PV.10100_E.pdf", "S/PV.10100", true},
		{"S/PV.08422", "S/PV.8422", true},
		// Emergency special sessions: the symbol, ODS's and the Digital
		// Library's file names, as mutool and pdftotext space it, undocs.
		{"A/ES-11/PV.1", "A/ES-11/PV.1", true},
		{"A_ES-11_PV.1_E.pdf", "A/ES-11/PV.1", true},
		{"A_ES-11_PV.1-EN.pdf", "A/ES-11/PV.1", true},
		{"A /ES-11/PV. 1", "A/ES-11/PV.1", true},
		{"a/es-10/pv.21", "A/ES-10/PV.21", true},
		{"A/ES–10/PV.21", "A/ES-10/PV.21", true},
		{"A/ES-10/PV.21 (Resumption 1)", "A/ES-10/PV.21 (Resumption 1)", true},
		{"A_ES-10_PV.21_Resumption1_E.pdf", "A/ES-10/PV.21 (Resumption 1)", true},
		{"A/ES-10/PV.21(Resumption1)", "A/ES-10/PV.21 (Resumption 1)", true},
		{"https://undocs.org/en/A/ES-6/PV.7", "A/ES-6/PV.7", true},
		{"A/ES-11/L.1", "A/ES-11/L.1", false}, // the draft, no record
		{"resolution ES-11/1", "resolution ES-11/1", false},
		{"A/ES-0/PV.1", "A/ES-0/PV.1", false}, // there is no session 0
		{"DATA_ES-11_PV.1", "DATA_ES-11_PV.1", false},
		{"A/C.3/78/SR.16", "A/C.3/78/SR.16", false},
		{"  S/2020/1311 ", "S/2020/1311", false},
		{"DATA_60_PV.1", "DATA_60_PV.1", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalSymbol(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalSymbol(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseSymbol(t *testing.T) {
	got, ok := ParseSymbol("S_PV.8699_Resumption2_E.pdf")
	want := SymbolInfo{Symbol: "S/PV.8699 (Resumption 2)", Body: unpv.SecurityCouncil, Meeting: "S/PV.8699", Number: 8699, Resumption: 2}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("ParseSymbol (-want +got):\n%s", diff)
	}
	got, _ = ParseSymbol("A/64/PV.121")
	want = SymbolInfo{Symbol: "A/64/PV.121", Body: unpv.GeneralAssembly, Meeting: "A/64/PV.121", Number: 121, Session: 64}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseSymbol (-want +got):\n%s", diff)
	}
	m := got.AsMeeting()
	if m.Symbol != "A/64/PV.121" || m.Session != 64 || m.Body != unpv.GeneralAssembly {
		t.Errorf("AsMeeting %+v", m)
	}
	// An emergency special session's record names the emergency session,
	// not the regular one it met during.
	got, _ = ParseSymbol("A_ES-11_PV.5_Resumption2_E.pdf")
	want = SymbolInfo{Symbol: "A/ES-11/PV.5 (Resumption 2)", Body: unpv.GeneralAssembly, Meeting: "A/ES-11/PV.5", Number: 5, Emergency: 11, Resumption: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseSymbol (-want +got):\n%s", diff)
	}
}

var canonicalRe = regexp.MustCompile(`^(S/PV\.[1-9]\d*|A/ES-[1-9]\d?/PV\.(?:0|[1-9]\d*)|A/[1-9]\d*/PV\.[1-9]\d*|A/PV\.[1-9]\d*|S/PV\.0|A/0/PV\.0|A/PV\.0|A/[1-9]\d*/PV\.0|A/0/PV\.[1-9]\d*)( \(Resumption [1-9]\d*\))?$`)

func FuzzCanonicalSymbol(f *testing.F) {
	for _, s := range []string{"S_PV.8699_Resumption1_E.pdf", "A_60_PV.25_E_N0553261.pdf", "A/PV.2444",
		"UNSC_2020_SPV.8699Resumption1_spch042", "S/PV.6870(Resumption1)", "A /76/PV.102", "s pv 1", "A/C.3/78/SR.16",
		"A_ES-11_PV.1_E.pdf", "A/ES-10/PV.21 (Resumption 1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := CanonicalSymbol(s)
		if !ok {
			return
		}
		if !canonicalRe.MatchString(got) {
			t.Fatalf("CanonicalSymbol(%q) = %q, not canonical", s, got)
		}
		again, ok2 := CanonicalSymbol(got)
		if !ok2 || again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
		info, _ := ParseSymbol(got)
		if info.Symbol != got || (info.Resumption > 0) != (info.Meeting != got) {
			t.Fatalf("ParseSymbol(%q) = %+v", got, info)
		}
	})
}

func ExampleCanonicalSymbol() {
	for _, s := range []string{"S_PV.8699_Resumption1_E.pdf", "A_60_PV.25_E_N0553261.pdf", "S/PV.77 (closed)", "S/2020/1311"} {
		sym, ok := CanonicalSymbol(s)
		fmt.Println(sym, ok)
	}
	// Output:
	// S/PV.8699 (Resumption 1) true
	// A/60/PV.25 true
	// S/PV.77 true
	// S/2020/1311 false
}

func ExampleCouncilSymbol() {
	fmt.Println(CouncilSymbol(8698, 0))
	fmt.Println(CouncilSymbol(8699, 1))
	// The symbol it makes reads back as itself.
	info, _ := ParseSymbol(CouncilSymbol(8699, 1))
	fmt.Println(info.Symbol, info.Meeting, info.Resumption)
	// Output:
	// S/PV.8698
	// S/PV.8699 (Resumption 1)
	// S/PV.8699 (Resumption 1) S/PV.8699 1
}

func TestDocumentURL(t *testing.T) {
	for in, want := range map[string]string{
		"S/PV.8699":                "https://undocs.org/en/S/PV.8699",
		"S/PV.8699 (Resumption 1)": "https://undocs.org/en/S/PV.8699(Resumption1)",
		"A/73/PV.101":              "https://undocs.org/en/A/73/PV.101",
		"A/73/PV (general debate)": "",
		"A/73/PV":                  "",
		"":                         "",
	} {
		if got := DocumentURL(in); got != want {
			t.Errorf("DocumentURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBaseSymbol: the meeting a record belongs to, as reports group
// resumptions under it.
func TestBaseSymbol(t *testing.T) {
	for _, tt := range []struct{ symbol, want string }{
		{"S/PV.8699 (Resumption 1)", "S/PV.8699"},
		{"S/PV.8706 (Resumption 1)", "S/PV.8706"},
		{"A/76/PV.102", "A/76/PV.102"},
		{"A/73/PV (general debate)", "A/73/PV (general debate)"},
	} {
		if got := BaseSymbol(tt.symbol); got != tt.want {
			t.Errorf("BaseSymbol(%q) = %q, want %q", tt.symbol, got, tt.want)
		}
	}
}

func TestRecordSymbol(t *testing.T) {
	tests := []struct{ symbol, meeting, want string }{
		{"S/PV.8699 (Resumption 1)", "S/PV.8699", "S/PV.8699 (Resumption 1)"},
		{"A/76/PV.102", "A/76/PV.102", "A/76/PV.102"},
		{"A/70/PV (general debate)", "A/70/PV.16", "A/70/PV.16"},
		{"A/73/PV (general debate)", "A/73/PV (general debate)", ""},
		{"A/73/PV (general debate)", "", ""},
	}
	for _, tt := range tests {
		if got := RecordSymbol(tt.symbol, tt.meeting); got != tt.want {
			t.Errorf("RecordSymbol(%q, %q) = %q, want %q", tt.symbol, tt.meeting, got, tt.want)
		}
	}
}

// TestSession: a record's session from its symbol, else from its date
// around the opening day. An SC meeting on 10 September 2020 was put in the
// 75th session (opened on the 15th), one on 8 September 2022 in the 77th
// while the Assembly's own A/76/PV.102 met that day in the 76th, and 1946
// before September in none.
func TestSession(t *testing.T) {
	for _, tt := range []struct {
		symbol, date string
		want         int
	}{
		{"A/76/PV.102", "2022-09-08", 76},
		{"A/75/PV (general debate)", "2020", 75},
		{"S/PV.8756", "2020-09-10", 74},
		{"S/PV.8756", "2020-09-14", 74},
		{"S/PV.8757", "2020-09-15", 75},
		{"S/PV.1", "2022-09-08", 76},
		{"S/PV.1", "2022-09-13", 77},
		{"S/PV.1", "2023-09-04", 77},
		{"S/PV.1", "2023-09-05", 78},
		{"S/PV.1", "2024-09-09", 78},
		{"S/PV.1", "2024-09-10", 79},
		{"S/PV.1", "2019-09-16", 73},
		{"S/PV.1", "2019-09-17", 74},
		{"S/PV.1", "2020-12-31", 75},
		{"S/PV.1", "2021-01-01", 75},
		{"S/PV.1", "2020-08", 74},
		{"S/PV.1", "2020-09", 75},
		{"", "2018", 73},
		{"S/PV.1", "1946-01-17", 1},
		{"S/PV.1", "1946-10-23", 1},
		{"S/PV.1", "1947-09-16", 2},
		{"S/PV.1", "1945-10-24", 0},
		{"S/PV.1", "", 0},
		{"S/PV.1", "banana", 0},
	} {
		t.Run(tt.symbol+" "+tt.date, func(t *testing.T) {
			if got := Session(tt.symbol, tt.date); got != tt.want {
				t.Errorf("Session(%q, %q) = %d, want %d", tt.symbol, tt.date, got, tt.want)
			}
		})
	}
}

// TestRecordSession: the session a record's symbol places it in, by its
// date only for an emergency special session's record (ES-10 met from
// 1997 into the 2020s, across sessions 51 to 78).
func TestRecordSession(t *testing.T) {
	for _, tt := range []struct {
		symbol, date string
		want         int
	}{
		{"A/ES-11/PV.1", "2022-02-28", 76},
		{"A/ES-11/PV.1 (Resumption 1)", "2022-09-13", 77},
		{"A/ES-10/PV.1", "1997-04-24", 51},
		{"A/ES-11/PV.1", "", 0},
		{"A/76/PV.102", "2022-09-08", 76},
		{"A/76/PV.102", "", 76},
		{"A/75/PV (general debate)", "2020", 75},
		{"A/PV.2444", "1975-12-01", 30},
		{"A/PV.1", "1946-01-10", 1},
		{"A/PV.2444", "", 0},
		{"S/PV.8756", "2020-09-10", 0},
	} {
		t.Run(tt.symbol+" "+tt.date, func(t *testing.T) {
			if got := RecordSession(tt.symbol, tt.date); got != tt.want {
				t.Errorf("RecordSession(%q, %q) = %d, want %d", tt.symbol, tt.date, got, tt.want)
			}
		})
	}
}

// TestSessionOpening: rule 1 against the days sessions opened.
func TestSessionOpening(t *testing.T) {
	for y, want := range map[int]string{
		2003: "2003-09-16", 2005: "2005-09-13", 2012: "2012-09-18", 2013: "2013-09-17",
		2015: "2015-09-15", 2017: "2017-09-12", 2018: "2018-09-18", 2019: "2019-09-17",
		2020: "2020-09-15", 2021: "2021-09-14", 2022: "2022-09-13", 2023: "2023-09-05",
		2024: "2024-09-10", 2025: "2025-09-09",
	} {
		if got := SessionOpening(y).Format(time.DateOnly); got != want {
			t.Errorf("SessionOpening(%d) = %s, want %s", y, got, want)
		}
	}
}

// TestSessionDates: hand-checked spans (the 74th held S/PV.8756 of 10
// September 2020, the 75th opened on the 15th; the 78th opened in the
// second week), and for every session the first and last day are placed in
// it by Session and the days around them in the sessions around it.
func TestSessionDates(t *testing.T) {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	for n, want := range map[int][2]string{
		1:  {"1946-01-01", "1947-09-15"},
		60: {"2005-09-13", "2006-09-11"},
		74: {"2019-09-17", "2020-09-14"},
		77: {"2022-09-13", "2023-09-04"},
		78: {"2023-09-05", "2024-09-09"},
	} {
		first, last, ok := SessionDates(n)
		if got := [2]string{day(first), day(last)}; !ok || got != want {
			t.Errorf("SessionDates(%d) = %v %v, want %v", n, got, ok, want)
		}
	}
	for n := 1; n <= 90; n++ {
		first, last, _ := SessionDates(n)
		for d, want := range map[time.Time]int{first: n, last: n, first.AddDate(0, 0, -1): n - 1, last.AddDate(0, 0, 1): n + 1} {
			if n == 1 && want == 0 {
				continue // 1945: before the first session, Session gives 0
			}
			if got := Session("", day(d)); got != want {
				t.Errorf("session %d: Session(%s) = %d, want %d", n, day(d), got, want)
			}
		}
	}
	if _, _, ok := SessionDates(0); ok {
		t.Error("SessionDates(0) is ok")
	}
}

// TestLooksLikeRecord: the starts of real pdftotext outputs (the 1993
// layout prints no symbol on its front page) are records; notes beside
// them are not.
func TestLooksLikeRecord(t *testing.T) {
	for _, tc := range []struct {
		head string
		want bool
	}{
		{"A/60/PV.25\n\nUnited Nations\n\nGeneral Assembly\n\nOfficial Records\n", true},
		{"United Nations\n\n46th\nPLENARY MEETING\n\nGENERAL\nASSEMBLY\n\nMonday, 1 November 1993\n", true},
		{"               United Nations                    S/PV.8699 (Resumption 1)\n", true},
		{"United Nations\tS/PV.8711\nSecurity Council\nSeventy-fifth year\n", true},
		{"Records of the Security Council, 2020, from undocs.org.\nConverted with pdftotext -layout.\n", false},
		{"TODO: check speaker lists\n", false},
		{"", false},
	} {
		if got := LooksLikeRecord(tc.head); got != tc.want {
			t.Errorf("LooksLikeRecord(%q) = %v, want %v", tc.head, got, tc.want)
		}
	}
}

// TestSymbolLine: real lines of the records in shared/corpora (pdftotext,
// -layout and mutool text): the cover's symbol and the symbol as a header
// on a line of its own are read; a line holding more is not.
func TestSymbolLine(t *testing.T) {
	tests := []struct {
		line, want string // want "": not a symbol line
	}{
		{"S/PV.8699 (Resumption 1)", "S/PV.8699 (Resumption 1)"},
		{"S/PV. 8706 (Resumption 1)", "S/PV.8706 (Resumption 1)"}, // pdftotext
		{"A /76/PV.102", "A/76/PV.102"},                           // mutool
		{"A/48/PV.46", "A/48/PV.46"},
		{"A/ES-11/PV.1", "A/ES-11/PV.1"}, // an emergency special session's cover
		{"A /ES-11/PV. 1", "A/ES-11/PV.1"},
		{"A/ES-11/PV.1 28/02/2022", ""}, // its running header
		{"S/PV.492", "S/PV.492"},
		{"S/PV.77 (closed)", "S/PV.77"}, // as the Library's tables print a closed meeting
		{"S/PV.8702 Colom", ""},         // a running header cut by -layout
		{"S/PV.8708 The situation in the Middle East 29/01/2020", ""},
		{"(see S/PV.8706).", ""},
		{"S/PV.8706).", ""},
		{"A/60/PV.84), I drew attention to the need to respond to", ""},
		{"United Nations S/PV.10100", ""},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			info, ok := SymbolLine(tc.line)
			if ok != (tc.want != "") || info.Symbol != tc.want {
				t.Errorf("SymbolLine(%q) = %q, %v; want %q", tc.line, info.Symbol, ok, tc.want)
			}
		})
	}
}

// FuzzSymbolLine: a symbol line is read as the canonical symbol
// ParseSymbol gives it, and what is read is canonical.
func FuzzSymbolLine(f *testing.F) {
	for _, s := range []string{"S/PV.8699 (Resumption 1)", "A /76/PV.102", "S/PV. 8422", "S/PV.77 (closed)", "A/48/PV.46 (Part 2)", "S/PV.8702 Colom", "A/ES-11/PV.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, l string) {
		info, ok := SymbolLine(l)
		if !ok {
			return
		}
		p, pok := ParseSymbol(l)
		if !pok || p != info {
			t.Fatalf("SymbolLine(%q) = %+v, ParseSymbol %+v %v", l, info, p, pok)
		}
		if c, cok := CanonicalSymbol(info.Symbol); !cok || c != info.Symbol {
			t.Fatalf("SymbolLine(%q) = %q, not canonical", l, info.Symbol)
		}
	})
}

// TestRecordMarks: any pages of a record carry a mark; the notes and the
// letter of TestLooksLikeRecord and extract's tests do not.
func TestRecordMarks(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		// A/48/PV.46 p. 21 (1993): no symbol, the organ in the text.
		{"46th meeting - Monday, 1 November 1993\n\nIf the General Assembly adopts the draft resolution, in\nspite of the facts", true},
		{"GENERAL\nASSEMBLY\n", true},
		{"for cross-border\n13/12/2018 The situation in the Central African Republic S/PV. 8422\n", true},
		{"S/PV.3756\nSecurity Council\n97-85432 (E)", true},
		{"the Russian Federation\nA/ES-11/PV.1 28/02/2022\n", true},
		{"Minutes of the garden club meeting. Tea was served.", false},
		{"TODO: check speaker lists\n", false},
	} {
		if got := RecordMarks(tc.text); got != tc.want {
			t.Errorf("RecordMarks(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestDocumentSymbols: drafts and reports as the records in shared/corpora
// name them before a vote.
func TestDocumentSymbols(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"draft resolution S/2018/1016, submitted by France", []string{"S/2018/1016"}},
		{"draft resolution A/76/L.87/Rev.1 and A/76/L.86", []string{"A/76/L.87/Rev.1", "A/76/L.86"}},
		{"take a decision on draft resolution A/76/L.86, entitled", []string{"A/76/L.86"}},
		{"document A/65/456/Add.1, the adoption of two draft", []string{"A/65/456/Add.1"}},
		{"resolution 2448 (2018) and S/PV.8422", nil},
	} {
		if d := cmp.Diff(tc.want, DocumentSymbols(tc.text)); d != "" {
			t.Errorf("DocumentSymbols(%q) (-want +got):\n%s", tc.text, d)
		}
	}
}

// TestEmergencyHeaders: an emergency special session's record prints its
// symbol in its running headers as the regular sessions' records since
// 2014 do ("A/79/PV.29 29/10/2024", TestRunningHeaderLine), on a line of
// its own or, run into a speech by the engine, inside its text.
func TestEmergencyHeaders(t *testing.T) {
	for _, line := range []string{"A/ES-11/PV.1 28/02/2022", "28/02/2022 A/ES-11/PV.1", "A /ES-11/PV. 1 28/02/2022"} {
		h, ok := RunningHeaderLine(line)
		if want := (RunningHeader{Symbol: "A/ES-11/PV.1", Date: "2022-02-28"}); !ok || h != want {
			t.Errorf("RunningHeaderLine(%q) = %+v, %v; want %+v", line, h, ok, want)
		}
	}
	text, headers := CleanText("We stand with the people of\nA/ES-11/PV.1 28/02/2022\nUkraine.", "A/ES-11/PV.1", "")
	if strings.Contains(text, "PV") || len(headers) != 1 || headers[0].Symbol != "A/ES-11/PV.1" {
		t.Errorf("CleanText = %q, %+v", text, headers)
	}
}

// TestEmergencySession: the emergency session of a canonical symbol, as
// the index and search hits read it; none for any other record or key.
func TestEmergencySession(t *testing.T) {
	for in, want := range map[string]int{
		"A/ES-11/PV.1": 11, "A/ES-10/PV.21 (Resumption 1)": 10, "A/ES-6/PV.7": 6,
		"A/76/PV.102": 0, "S/PV.8699": 0, "A/PV.2444": 0, "A/73/PV (general debate)": 0, "A/ES-11/L.1": 0, "": 0,
	} {
		if got := EmergencySession(in); got != want {
			t.Errorf("EmergencySession(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestPrintedSymbolDashes: an emergency special session's symbol printed
// with any dash ParseSymbol reads in it (the hyphen, U+2010, the
// non-breaking hyphen U+2011, the en dash U+2013) is the record's symbol to
// the line readers and CleanText as it is to ParseSymbol; a dash neither
// reads (the em dash), a dropped one and a session numbered 0 or 01 are
// none (until 2026-12-08 the printed pattern took the hyphen alone, and
// "ES-0").
func TestPrintedSymbolDashes(t *testing.T) {
	for _, tc := range []struct {
		line, want string // want "": neither the cover's symbol nor a header's
	}{
		{"A/ES-11/PV.1", "A/ES-11/PV.1"},
		{"A/ES\u201011/PV.1", "A/ES-11/PV.1"},
		{"A/ES\u201111/PV.1", "A/ES-11/PV.1"},
		{"A/ES\u201310/PV.21 (Resumption 1)", "A/ES-10/PV.21 (Resumption 1)"},
		{"A /ES\u201311/PV. 1", "A/ES-11/PV.1"},
		{"A/ES\u201411/PV.1", ""}, // an em dash: ParseSymbol reads none
		{"A/ES11/PV.1", ""},       // as a resolution is cited ("ES11/1"), no record's own symbol
		{"A/ES-0/PV.1", ""},
		{"A/ES-01/PV.1", ""},
	} {
		t.Run(tc.line, func(t *testing.T) {
			info, ok := SymbolLine(tc.line)
			if ok != (tc.want != "") || info.Symbol != tc.want {
				t.Errorf("SymbolLine(%q) = %q, %v; want %q", tc.line, info.Symbol, ok, tc.want)
			}
			h, ok := RunningHeaderLine(tc.line + " 28/02/2022")
			if ok != (tc.want != "") || h.Symbol != tc.want {
				t.Errorf("RunningHeaderLine(%q) = %+v, %v; want symbol %q", tc.line+" 28/02/2022", h, ok, tc.want)
			}
			if got := RecordMarks("the Russian Federation\n" + tc.line + "\n"); got != (tc.want != "") {
				t.Errorf("RecordMarks(…%q…) = %v, want %v", tc.line, got, tc.want != "")
			}
			if tc.want == "" {
				return
			}
			text, headers := CleanText("We stand with the people of\n"+tc.line+" 28/02/2022\nUkraine.", tc.want, "")
			if text != "We stand with the people of Ukraine." || len(headers) != 1 || headers[0].Symbol != tc.want {
				t.Errorf("CleanText = %q, %+v", text, headers)
			}
		})
	}
}

// printedLine is a line that is a printed symbol and nothing else.
var printedLine = regexp.MustCompile(`^` + printedSymbolExpr + `$`)

// FuzzPrintedSymbolAgrees: ParseSymbol reads every line the printed
// pattern takes for a symbol; and a character put between "ES" and an
// emergency session's number is a dash to both or to neither.
func FuzzPrintedSymbolAgrees(f *testing.F) {
	for _, s := range []string{"A/ES-11/PV.1", "A/ES\u201311/PV.1", "A/ES\u201111/PV.21 (Resumption 1)", "A /ES-11/PV. 1",
		"A/ES-0/PV.1", "A/ES-01/PV.1", "S/PV. 8422", "A/48/PV.46 (Part 2)", "\u2014", "-", "\u2212", "\u2010", "\u2011", "\u2013"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if printedLine.MatchString(s) {
			if _, ok := ParseSymbol(s); !ok {
				t.Fatalf("the printed pattern takes %q, ParseSymbol reads no symbol", s)
			}
		}
		r, _ := utf8.DecodeRuneInString(s)
		if s == "" || unicode.IsSpace(r) {
			return // ParseSymbol reads spaces around the dash, which a record never prints
		}
		line := "A/ES" + string(r) + "11/PV.1"
		info, _ := ParseSymbol(line)
		if (info.Emergency == 11) != printedLine.MatchString(line) {
			t.Fatalf("%q (%U): ParseSymbol reads %+v, the printed pattern matches: %v", line, r, info, printedLine.MatchString(line))
		}
	})
}

// TestSymbolRange: ranges of meetings as a user names an emergency
// special session's records, and what is not one.
func TestSymbolRange(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
		err  string // part of the error; "" none
	}{
		{"A/ES-11/PV.1..3", []string{"A/ES-11/PV.1", "A/ES-11/PV.2", "A/ES-11/PV.3"}, true, ""},
		{" A/ES-11/PV.5 .. 5 ", []string{"A/ES-11/PV.5"}, true, ""},
		{"a/es-10/pv.21..22", []string{"A/ES-10/PV.21", "A/ES-10/PV.22"}, true, ""},
		{"A /ES-10/PV. 21..22", []string{"A/ES-10/PV.21", "A/ES-10/PV.22"}, true, ""},
		// The start is a symbol and nothing else, the end a number: a
		// file name, a symbol with words around it, a signed end or a
		// range written with a dash read as ranges from their first
		// symbol (ParseSymbol finds one anywhere), or as that record alone.
		{"A_ES-10_PV.21_E.pdf..22", nil, true, "not a verbatim-record symbol"},
		{"see A/ES-11/PV.1..3", nil, true, "not a verbatim-record symbol"},
		{"A/ES-11/PV.1 draft..3", nil, true, "not a verbatim-record symbol"},
		{"A/ES-11/PV.1..+3", nil, true, "not the last meeting's number"},
		{"A/ES-11/PV.1-3", nil, true, "not a dash"},
		{"S/PV.8699 – 8701", nil, true, "not a dash"},
		{"A_ES-11_PV.1-EN.pdf", nil, false, ""},
		{"A/ES-11/PV.1 (Resumption 1)", nil, false, ""},
		{"S/PV.8699..8701", []string{"S/PV.8699", "S/PV.8700", "S/PV.8701"}, true, ""},
		{"A/76/PV.101..102", []string{"A/76/PV.101", "A/76/PV.102"}, true, ""},
		{"A/PV.2443..2444", []string{"A/PV.2443", "A/PV.2444"}, true, ""},
		{"A/ES-11/PV.1", nil, false, ""},
		{"A/ES-11/L.1..3", nil, true, "not a verbatim-record symbol"},
		{"A/ES-11/PV.5 (Resumption 1)..7", nil, true, "resumption"},
		{"A/ES-11/PV.5..3", nil, true, "ends before it starts"},
		{"A/ES-11/PV.1..A/ES-11/PV.5", nil, true, "not the last meeting's number"},
		{"A/ES-11/PV.1..", nil, true, "not the last meeting's number"},
		{"S/PV.1..1001", nil, true, "1001 records, more than 1000"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok, err := SymbolRange(tc.in)
			if ok != tc.ok || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("SymbolRange(%q) = %v, %v, %v; want ok %v, error with %q", tc.in, got, ok, err, tc.ok, tc.err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("SymbolRange(%q) (-want +got):\n%s", tc.in, d)
			}
		})
	}
}

// FuzzSymbolRange: a range's symbols are canonical records of its start's
// series, numbered one after the other from its start, at most
// MaxSymbolRange of them.
func FuzzSymbolRange(f *testing.F) {
	for _, s := range []string{"A/ES-11/PV.1..3", "S/PV.8699..8701", "A/PV.2443..2444", "A/ES-11/PV.5 (Resumption 1)..7", "S/PV.1..1000", "..", "S/PV.9..-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		syms, ok, err := SymbolRange(s)
		if !ok || err != nil {
			if len(syms) > 0 {
				t.Fatalf("SymbolRange(%q): %v with ok %v, %v", s, syms, ok, err)
			}
			return
		}
		if len(syms) == 0 || len(syms) > MaxSymbolRange {
			t.Fatalf("SymbolRange(%q): %d symbols", s, len(syms))
		}
		first, _, _ := strings.Cut(strings.TrimSpace(s), "..")
		start, _ := ParseSymbol(first)
		for i, sym := range syms {
			info, ok := ParseSymbol(sym)
			if !ok || info.Symbol != sym || info.Body != start.Body || info.Session != start.Session ||
				info.Emergency != start.Emergency || info.Number != start.Number+i {
				t.Fatalf("SymbolRange(%q)[%d] = %q (%+v), start %+v", s, i, sym, info, start)
			}
		}
	})
}

// TestSymbolAlone: every form fetch --symbols is documented to take reads
// as its record, and a value with anything more around the symbol is none
// (ParseSymbol read "S/PV.8699x" and "A/ES-11/PV.1 and 2" as their first
// symbol).
func TestSymbolAlone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"S/PV.8699", "S/PV.8699"},
		{"  S/PV.8699 (Resumption 1) ", "S/PV.8699 (Resumption 1)"},
		{"s/pv.8699", "S/PV.8699"},
		{"S/PV.6870(Resumption1)", "S/PV.6870 (Resumption 1)"},
		{"S/PV.77 (closed)", "S/PV.77"},
		{"A/PV.2444", "A/PV.2444"},
		{"A/73/PV.101", "A/73/PV.101"},
		{"A/ES-10/PV.21 (Resumption 1)", "A/ES-10/PV.21 (Resumption 1)"},
		{"A/ES\u201111/PV.1", "A/ES-11/PV.1"},
		// PDF engines' spacing.
		{"A /76/PV.102", "A/76/PV.102"},
		{"S/PV. 8422", "S/PV.8422"},
		{"A /ES-11/PV. 1", "A/ES-11/PV.1"},
		// File names: ODS, the Digital Library, the shared corpus.
		{"A_ES-10_PV.21_E.pdf", "A/ES-10/PV.21"},
		{"A_ES-11_PV.1-EN.pdf", "A/ES-11/PV.1"},
		{"S_PV.8699_Resumption2_E.pdf", "S/PV.8699 (Resumption 2)"},
		{"A_ES-10_PV.21_Resumption1_E.pdf", "A/ES-10/PV.21 (Resumption 1)"},
		{"A_60_PV.25_E_N0553261.pdf", "A/60/PV.25"},
		{"S_PV.8699.txt", "S/PV.8699"},
		// UNSC Debates corpus ids.
		{"UNSC_2020_SPV.8699Resumption1", "S/PV.8699 (Resumption 1)"},
		{"UNSC_2020_SPV.8699Resumption1_spch042", "S/PV.8699 (Resumption 1)"},
		// undocs.org links, as DocumentURL prints them and bare.
		{"https://undocs.org/en/S/PV.8699(Resumption1)", "S/PV.8699 (Resumption 1)"},
		{"undocs.org/A/ES-11/PV.1", "A/ES-11/PV.1"},
		{"https://www.undocs.org/A/76/PV.102", "A/76/PV.102"},
		// Anything more: none.
		{"S/PV.8699x", ""},
		{"S/PV.8699.", ""},
		{"A/ES-11/PV.1 and 2", ""},
		{"see S/PV.8699", ""},
		{"S/PV.8699 draft", ""},
		{"S/PV.8699-3", ""},
		{"S/PV.8699 S/PV.8700", ""},
		{"A/ES-11/PV.1..3", ""},
		{"https://example.org/S/PV.8699", ""},
		{"UNSC_20_SPV.8699", ""},
		{"S_PV.8699_E.docx", ""},
		{"S/2020/1311", ""},
		{"A/ES-11/L.1", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			info, ok := SymbolAlone(tc.in)
			if ok != (tc.want != "") || info.Symbol != tc.want {
				t.Errorf("SymbolAlone(%q) = %q, %v; want %q", tc.in, info.Symbol, ok, tc.want)
			}
		})
	}
}

// FuzzSymbolAlone: a value SymbolAlone takes reads as ParseSymbol reads
// it, and its canonical symbol is taken and reads as itself.
func FuzzSymbolAlone(f *testing.F) {
	for _, s := range []string{"S/PV.8699 (Resumption 1)", "A_ES-10_PV.21_E.pdf", "UNSC_2020_SPV.8699Resumption1_spch042",
		"https://undocs.org/en/S/PV.8699(Resumption1)", "S/PV.8699x", "A/ES-11/PV.1 and 2", "A /ES-11/PV. 1", "S/PV.77 (closed)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, ok := SymbolAlone(s)
		if !ok {
			return
		}
		if parsed, _ := ParseSymbol(s); parsed != info {
			t.Fatalf("SymbolAlone(%q) = %+v, ParseSymbol %+v", s, info, parsed)
		}
		again, ok := SymbolAlone(info.Symbol)
		if !ok || again != info {
			t.Fatalf("SymbolAlone(%q) = %+v; its symbol %q reads %+v, %v", s, info, info.Symbol, again, ok)
		}
	})
}
