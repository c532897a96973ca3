package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// rType is the type R's read.csv gives a column with its defaults
// (utils::type.convert, as R 4.2 documents it: only "T", "F", "TRUE" and
// "FALSE" are logical; blank fields and "NA" are missing in logical and
// numeric columns). pandas' read_csv reads TRUE/FALSE as bool too, so a
// column R reads as logical is bool in both.
func rType(values []string) string {
	logical, integer, numeric := true, true, true
	for _, v := range values {
		if v == "" || v == "NA" {
			continue
		}
		switch v {
		case "T", "F", "TRUE", "FALSE":
		default:
			logical = false
		}
		if !rInteger.MatchString(v) {
			integer = false
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			numeric = false
		}
	}
	switch {
	case logical:
		return "logical"
	case integer:
		return "integer"
	case numeric:
		return "numeric"
	}
	return "character"
}

var rInteger = regexp.MustCompile(`^[-+]?[0-9]+$`)

// TestCSVColumnTypes reads every CSV table as R's read.csv does with its
// defaults and checks the type of each column that is not text: counts are
// integers, statistics numbers, and the flags logical. The flags were
// written "true"/"false", which R (4.2.2, read.csv) keeps as character
// strings, so that subset(cells, !small) failed; pandas read them as bool.
func TestCSVColumnTypes(t *testing.T) {
	rows, votes := loadFixture(t)
	// One hand-coded row, so that quotes.csv's hand_coded holds both values.
	rows[0].Hand, rows[0].ModelLabel = true, unpv.Counter
	r, err := Build(rows, votes, Options{Coverage: []Held{{Symbol: "S/PV.1", Date: "2020-01-08", Body: unpv.SecurityCouncil, Speeches: 12, Sentences: 300}}})
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]string{
		"recognition": "integer", "counter": "integer", "neutral": "integer", "building": "integer", "endorsement": "integer",
		"non_state": "integer", "unattributed": "integer", "counter_by_members": "integer", "sentences": "integer",
		"speeches": "integer", "meetings": "integer", "hand_coded": "integer",
		"net_stance": "numeric", "ci_low": "numeric", "ci_high": "numeric",
		"recognition_rate": "numeric", "recognition_rate_low": "numeric", "recognition_rate_high": "numeric",
		"counter_rate": "numeric", "counter_rate_low": "numeric", "counter_rate_high": "numeric",
		"small": "logical",
	}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	want := map[string]map[string]string{
		"cells":    stats,
		"pairs":    stats,
		"series":   with(stats, "speeches_held", "integer", "sentences_held", "integer"),
		"votes":    {"stance_net": "numeric", "stance_ci_low": "numeric", "stance_ci_high": "numeric", "stance_sentences": "integer", "stance_speeches": "integer", "stance_small": "logical"},
		"quotes":   {"rank": "integer", "confidence": "numeric", "hand_coded": "logical"},
		"coverage": {"speeches": "integer", "sentences": "integer"},
	}
	for _, table := range Tables {
		t.Run(table, func(t *testing.T) {
			recs := tableCSV(t, r, table)
			if len(recs) < 2 {
				t.Fatalf("%s.csv has no rows to read", table)
			}
			got := map[string]string{}
			for j, col := range recs[0] {
				if _, ok := want[table][col]; !ok {
					continue
				}
				var values []string
				for _, rec := range recs[1:] {
					values = append(values, rec[j])
				}
				got[col] = rType(values)
			}
			if d := cmp.Diff(want[table], got); d != "" {
				t.Errorf("%s.csv: the types R's read.csv reads (-want +got):\n%s", table, d)
			}
		})
	}
}

// TestCSVRoundsOnce: a number of the CSV tables is its value rounded once
// to the table's decimals, as a script recomputing it from R, C and N
// rounds it. The report kept every statistic at 6 decimals and the CSV
// rounded that again: 67/169 = 0.3964497 became 0.396450 and then 0.3965,
// and a Wilson limit of −0.8735498 became −0.8736 (about one (R, C, N) in
// 80 up to 200 sentences had a digit off somewhere).
func TestCSVRoundsOnce(t *testing.T) {
	cases := []struct {
		del     string
		r, c, n int
		col     string // a column the double rounding got wrong (EEE: one it must not change)
		want    string
	}{
		{"AAA", 68, 1, 100, "net_stance", "0.3964"},
		{"BBB", 0, 5, 4, "ci_low", "-0.8735"},
		{"CCC", 5, 0, 4, "ci_high", "0.8735"},
		{"DDD", 68, 1, 62, "ci_high", "0.6426"},
		{"EEE", 3, 1, 4, "net_stance", "0.2500"}, // a value already at 6 decimals: no double rounding to undo
	}
	var rows []Row
	for _, tc := range cases {
		i := 0
		for label, k := range map[unpv.Label]int{R: tc.r, C: tc.c, N: tc.n} {
			for range k {
				x := row("S/PV.1#1"+tc.del, tc.del, "AU", "2020-01-08", label, unpv.RelThird)
				x.SentenceID = fmt.Sprintf("S/PV.1#1%s.%d", tc.del, i)
				rows = append(rows, x)
				i++
			}
		}
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteTableCSV(&b, "pairs"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byDel := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for j, col := range recs[0] {
			m[col] = rec[j]
		}
		byDel[m["delegation"]] = m
	}
	f4 := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	f2 := func(x float64) string { return strconv.FormatFloat(x*100, 'f', 2, 64) }
	for _, tc := range cases {
		t.Run(tc.del, func(t *testing.T) {
			got := byDel[tc.del]
			if got[tc.col] != tc.want {
				t.Errorf("%d, %d, %d: %s = %s, want %s", tc.r, tc.c, tc.n, tc.col, got[tc.col], tc.want)
			}
			// One speech: the interval is the Wilson interval alone.
			total := float64(tc.r + tc.c + tc.n)
			lo, hi := wilsonNet(tc.r, tc.c, tc.n)
			rl, rh := wilson(float64(tc.r)/total, total)
			cl, ch := wilson(float64(tc.c)/total, total)
			want := map[string]string{
				"net_stance": f4(float64(tc.r-tc.c) / total), "ci_low": f4(lo), "ci_high": f4(hi),
				"recognition_rate": f2(float64(tc.r) / total), "recognition_rate_low": f2(rl), "recognition_rate_high": f2(rh),
				"counter_rate": f2(float64(tc.c) / total), "counter_rate_low": f2(cl), "counter_rate_high": f2(ch),
			}
			for col, w := range want {
				if got[col] != w {
					t.Errorf("%s = %s, its value rounded once is %s", col, got[col], w)
				}
			}
		})
	}
}

// TestRound6KeepsTies: a value whose float is a hair off an exact tie at 6
// decimals (23/40 as a percentage is 57.49999999999999) is that tie, not a
// value to keep whole: kept whole, the page's whole-number rate would show
// 57 where 23 of 40 is 57.5, which rounds to 58.
func TestRound6KeepsTies(t *testing.T) {
	pct := func(a, b float64) float64 { return a / b * 100 } // at run time: a constant expression would be exact
	for _, tc := range []struct{ x, want float64 }{
		{pct(23, 40), 57.5},
		{0.25, 0.25},
		{67.0 / 169, 67.0 / 169}, // 0.3964497: at 6 decimals a tie the CSV would round again
		{0.1234564, 0.123456},
	} {
		if got := round6(tc.x); got != tc.want {
			t.Errorf("round6(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}
