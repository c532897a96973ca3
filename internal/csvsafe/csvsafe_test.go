package csvsafe

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
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
		"-Inf":                           "-Inf",
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

// FuzzCell: no escaped cell can start a formula unless it is a number, and
// removing the apostrophe gives the original back.
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
			if _, err := strconv.ParseFloat(c, 64); err != nil || c[0] == '=' || c[0] == '@' || c[0] == '\t' || c[0] == '\r' {
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
