package csvsafe

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","click")`: `'=HYPERLINK("http://x","click")`,
		"+CSTO":                          "'+CSTO",
		"-sanctions":                     "'-sanctions",
		"@SUM(A1:A9)":                    "'@SUM(A1:A9)",
		"\t=1":                           "'\t=1",
		"\r=1":                           "'\r=1",
		"-0.2500":                        "-0.2500",
		"+3":                             "+3",
		"-Inf":                           "'-Inf",
		"+Inf":                           "'+Inf",
		"-Infinity":                      "'-Infinity",
		"+NaN":                           "'+NaN",
		"-nan":                           "'-nan",
		"-0x1p-2":                        "'-0x1p-2",
		"NaN":                            "NaN",
		"Inf":                            "Inf",
		"-1e-05":                         "-1e-05",
		"+.5":                            "+.5",
		"-5.":                            "-5.",
		"-1E+300":                        "-1E+300",
		"-1e999":                         "'-1e999", // out of range: no number
		"--1":                            "'--1",
		"=1":                             "'=1",
		"RUS":                            "RUS",
		"":                               "",
		"S/PV.8422":                      "S/PV.8422",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCellScores: search's score column, as FormatFloat spells Bleve's
// score, is written as a number when it is one and as text when a
// degenerate boost made it infinite or not a number.
func TestCellScores(t *testing.T) {
	for _, tc := range []struct {
		score float64
		want  string
	}{
		{0.00726282, "0.00726282"},
		{-0.0337676, "-0.0337676"},
		{math.Copysign(0, -1), "-0"},
		{math.Inf(1), "'+Inf"},
		{math.Inf(-1), "'-Inf"},
		{math.NaN(), "NaN"},
	} {
		if got := Cell(strconv.FormatFloat(tc.score, 'g', 6, 64)); got != tc.want {
			t.Errorf("score %v: %q, want %q", tc.score, got, tc.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	if err := w.WriteAll([][]string{{"net", "quote"}, {"-0.5", "=1+1"}}); err != nil {
		t.Fatal(err)
	}
	if want := "net,quote\n-0.5,'=1+1\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// FuzzCell: no escaped cell can start a formula unless it is a decimal
// number, and removing the apostrophe gives the original back.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1", "-0.5", "+x", "@a", "\tb", "plain", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if c != s && c != "'"+s {
			t.Fatalf("Cell(%q) = %q changes more than a leading apostrophe", s, c)
		}
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			if _, err := strconv.ParseFloat(c, 64); err != nil || c[0] == '=' || c[0] == '@' || c[0] == '\t' || c[0] == '\r' ||
				strings.ContainsAny(strings.ToLower(c), "abcdfghijklmnopqrstuvwxyz_") {
				t.Fatalf("Cell(%q) = %q starts a formula", s, c)
			}
		}
		var b strings.Builder
		w := NewWriter(&b)
		if err := w.WriteAll([][]string{{s, "x"}}); err != nil {
			return
		}
		recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err == nil && len(recs) == 1 && recs[0][0] != c && !strings.ContainsAny(s, "\r") {
			t.Errorf("round trip of %q: %q, want %q", s, recs[0][0], c)
		}
	})
}

// cellBefore is Cell as it was before its '=', '@', tab and CR cells
// stopped going through strconv.ParseFloat, which reads no number starting
// with them, and before signed numbers that are no decimal were escaped:
// TestCellAsBefore and FuzzCellAsBefore check the two agree but there
// (cellNow).
func cellBefore(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '=' && s[0] != '@' && s[0] != '\t' && s[0] != '\r' {
			return s
		}
		return "'" + s
	}
	return s
}

// cellNow is cellBefore with the one change of behaviour since: a
// signed cell that ParseFloat reads as a number but that holds a letter
// other than an exponent's e (Inf, NaN, a hexadecimal 0x…p) or an
// underscore is text.
func cellNow(s string) string {
	c := cellBefore(s)
	if c == s && s != "" && (s[0] == '+' || s[0] == '-') && strings.IndexFunc(s, func(r rune) bool {
		return r == '_' || r != 'e' && r != 'E' && unicode.IsLetter(r)
	}) >= 0 {
		return "'" + s
	}
	return c
}

// TestCellAsBefore compares Cell with cellNow on every formula lead
// followed by what ParseFloat reads as a number or part of one (digits,
// signs, exponents, hex floats, underscores, Inf, NaN, spaces), and on
// every string of up to three bytes over those leads and a number's bytes.
func TestCellAsBefore(t *testing.T) {
	leads := []string{"=", "+", "-", "@", "\t", "\r", "", " ", "'"}
	bodies := []string{"", "0", "1", "-1", "+1", "0.25", ".5", "5.", "1e5", "1E-5", "0x1p-2", "0x_1p0", "1_000",
		"Inf", "inf", "Infinity", "NaN", "nan", "+Inf", "-NaN", " 1", "1 ", "\t1", "\r1", "=1", "@1", "1,5", "١"}
	n := 0
	check := func(s string) {
		n++
		if got, want := Cell(s), cellNow(s); got != want {
			t.Errorf("Cell(%q) = %q, want %q", s, got, want)
		}
	}
	for _, l := range leads {
		for _, b := range bodies {
			check(l + b)
			for _, l2 := range leads {
				check(l + l2 + b)
			}
		}
	}
	alphabet := []byte("=+-@\t\r 0159.eEpxXinaINA_'")
	var rec func(prefix []byte)
	rec = func(prefix []byte) {
		check(string(prefix))
		if len(prefix) == 3 {
			return
		}
		for _, c := range alphabet {
			rec(append(prefix, c))
		}
	}
	rec(nil)
	t.Logf("%d strings compared", n)
}

// FuzzCellAsBefore: Cell and cellNow agree on any string.
func FuzzCellAsBefore(f *testing.F) {
	for _, s := range []string{"=1", "-0.5", "+x", "@a", "\tb", "\r1", "-Inf", "+0x1p-2", "plain", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Cell(s), cellNow(s); got != want {
			t.Fatalf("Cell(%q) = %q, want %q", s, got, want)
		}
	})
}
