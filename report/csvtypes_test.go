package report

import (
	"bytes"
	"encoding/csv"
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
			var b bytes.Buffer
			if err := r.WriteTableCSV(&b, table); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
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
