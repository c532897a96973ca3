package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// TestDemoOutputsAgree cross-checks the demo's outputs as a researcher
// loading each into pandas would: the report's CSV tables and report.json
// hold the same rows with the same values (at the CSV's rounding); the
// report's counts are the store's stances; search finds, per label and
// under --min-confidence, the sentences the store holds with such a
// stance, and its pairs facet counts what the report counts at the same
// threshold; every quote's sentence id finds its stance in the store.
func TestDemoOutputsAgree(t *testing.T) {
	ctx := context.Background()
	data := demoData(t)
	reports := filepath.Join(data, pipeline.ReportDir)
	var rep struct {
		Total         map[string]any   `json:"total"`
		Cells         []map[string]any `json:"cells"`
		Pairs         []map[string]any `json:"pairs"`
		Organisations []struct {
			Acronym string           `json:"acronym"`
			Series  []map[string]any `json:"series"`
		} `json:"organisations"`
	}
	raw, err := os.ReadFile(filepath.Join(reports, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	var series []map[string]any
	for _, o := range rep.Organisations {
		for _, s := range o.Series {
			s["organisation"] = o.Acronym
			series = append(series, s)
		}
	}

	t.Run("CSV tables and report.json", func(t *testing.T) {
		for _, tc := range []struct {
			table string
			rows  []map[string]any
			key   []string
		}{
			{"cells", rep.Cells, []string{"delegation", "speaker_group", "organisation", "period", "relation"}},
			{"pairs", rep.Pairs, []string{"delegation", "speaker_group", "organisation"}},
			{"series", series, []string{"organisation", "body", "period"}},
		} {
			csvRowsAgree(t, tc.table, readCSV(t, filepath.Join(reports, tc.table+".csv")), tc.rows, tc.key)
		}
	})

	st := demoStore(t)
	var rows []store.StanceRow
	if err := st.EachStance(ctx, func(r store.StanceRow) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// sentences are the sentence ids of the store's stances that keep.
	sentences := func(keep func(store.StanceRow) bool) []string {
		var ids []string
		for _, r := range rows {
			if keep(r) && !slices.Contains(ids, r.SentenceID) {
				ids = append(ids, r.SentenceID)
			}
		}
		slices.Sort(ids)
		return ids
	}
	confident := func(r store.StanceRow) bool { return r.Hand || r.Confidence >= 0.6 }

	t.Run("report and store", func(t *testing.T) {
		want := map[string]int{}
		for _, r := range rows {
			want[r.DelegationCode+" "+r.Target+" "+string(r.Label)]++
		}
		got := map[string]int{}
		for _, p := range rep.Pairs {
			for _, lab := range []string{"recognition", "counter", "neutral"} {
				if n := int(p[lab].(float64)); n > 0 {
					got[fmt.Sprint(p["delegation"], " ", p["organisation"], " ", lab)] += n
				}
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("delegation x organisation x label: (-store +pairs):\n%s", d)
		}
		if n := int(rep.Total["sentences"].(float64)); n != len(rows) {
			t.Errorf("report counts %d sentences, the store %d stances", n, len(rows))
		}
	})

	t.Run("search and store", func(t *testing.T) {
		ix := demoIndex(t)
		for _, min := range []float64{0, 0.6} {
			for _, lab := range []string{"recognition", "counter", "neutral"} {
				var got []string
				if _, err := ix.Each(ctx, index.Query{Stances: []string{lab}, MinConfidence: min}, func(h index.Hit) error {
					got = append(got, h.ID)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				want := sentences(func(r store.StanceRow) bool { return string(r.Label) == lab && (r.Hand || r.Confidence >= min) })
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("search --stance %s --min-confidence %v (-store +search):\n%s", lab, min, d)
				}
			}
		}
		// The report's pairs at 0.6 are the search's pairs facet at 0.6.
		code, out, errOut := cli(t, nil, "--data", data, "report", "--min-confidence", "0.6", "--format", "json", "--out", "-")
		if code != 0 {
			t.Fatalf("report: exit %d\n%s", code, errOut)
		}
		var r06 struct {
			Total struct{ Sentences int } `json:"total"`
		}
		if err := json.Unmarshal([]byte(out), &r06); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(ctx, index.Query{MinConfidence: 0.6, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		kept := 0
		for _, r := range rows {
			if confident(r) {
				kept++
			}
		}
		for _, f := range res.Facets {
			if f.Name == "target_stance" && (f.Total != r06.Total.Sentences || f.Total != kept) {
				t.Errorf("at --min-confidence 0.6: search's pairs facet %d, report %d, store %d", f.Total, r06.Total.Sentences, kept)
			}
		}
		if want := sentences(confident); res.Total != uint64(len(want)) {
			t.Errorf("search --min-confidence 0.6 finds %d sentences, the store holds %d", res.Total, len(want))
		}
	})

	t.Run("quotes join the store", func(t *testing.T) {
		byPair := map[string]store.StanceRow{}
		for _, r := range rows {
			byPair[r.SentenceID+" "+r.Target] = r
		}
		q := readCSV(t, filepath.Join(reports, "quotes.csv"))
		col := func(name string) int { return columnIndex(t, q[0], name) }
		for _, line := range q[1:] {
			r, ok := byPair[line[col("sentence_id")]+" "+line[col("organisation")]]
			switch {
			case !ok:
				t.Errorf("quote %s %s: no such stance in the store", line[col("sentence_id")], line[col("organisation")])
			case line[col("label")] != string(r.Label) || line[col("date")] != r.Date ||
				line[col("confidence")] != strconv.FormatFloat(r.Confidence, 'f', 4, 64):
				t.Errorf("quote %s %s: %s %s %s, the store %s %s %.4f", r.SentenceID, r.Target,
					line[col("label")], line[col("date")], line[col("confidence")], r.Label, r.Date, r.Confidence)
			}
		}
	})
}

// csvRowsAgree checks that a CSV table (header first) and report.json's
// rows of it hold the same rows, found by key, with the same values: a
// number the same at the CSV's decimals, a boolean TRUE or FALSE (as R's
// read.csv reads it), null an empty cell, a list its values joined by ";".
func csvRowsAgree(t *testing.T, table string, csvRows [][]string, jsonRows []map[string]any, key []string) {
	t.Helper()
	if len(csvRows)-1 != len(jsonRows) {
		t.Errorf("%s: %d CSV rows, %d in report.json", table, len(csvRows)-1, len(jsonRows))
	}
	h := csvRows[0]
	cell := func(v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case bool:
			return strings.ToUpper(strconv.FormatBool(v))
		case []any:
			s := make([]string, len(v))
			for i, x := range v {
				s[i] = fmt.Sprint(x)
			}
			return strings.Join(s, ";")
		}
		return fmt.Sprint(v)
	}
	byKey := map[string][]string{}
	for _, r := range csvRows[1:] {
		var k []string
		for _, c := range key {
			k = append(k, r[columnIndex(t, h, c)])
		}
		byKey[strings.Join(k, "|")] = r
	}
	for _, j := range jsonRows {
		var k []string
		for _, c := range key {
			k = append(k, cell(j[c]))
		}
		r, ok := byKey[strings.Join(k, "|")]
		if !ok {
			t.Errorf("%s: report.json row %v is not in the CSV", table, k)
			continue
		}
		for i, c := range h {
			v, ok := j[c]
			if !ok {
				continue // top_quote_…: the JSON row has its quotes
			}
			got := r[i]
			if x, isNum := v.(float64); isNum {
				_, frac, _ := strings.Cut(got, ".")
				f, err := strconv.ParseFloat(got, 64)
				if err != nil || math.Abs(f-x) > 0.5*math.Pow10(-len(frac))+1e-9 {
					t.Errorf("%s %v: %s is %q in the CSV, %v in report.json", table, k, c, got, x)
				}
				continue
			}
			if want := cell(v); got != want && got != "'"+want {
				t.Errorf("%s %v: %s is %q in the CSV, %q in report.json", table, k, c, got, want)
			}
		}
	}
}

// TestDemoSearchCSVIsJSON: search's CSV export has a column for every key
// of its JSON hits (but the fragment's pieces and match offsets, which the
// CSV gives as the fragment's text), named alike, with the same values row
// for row: a number the same, a list joined by ";", 0 empty where it means
// none (a speech's sentence, session and confidence). The CSV had no
// confidence, meeting or speaker_name, so a --min-confidence export could
// not be checked against its threshold.
func TestDemoSearchCSVIsJSON(t *testing.T) {
	data := demoData(t)
	for _, args := range [][]string{{"--stance", "counter", "--min-confidence", "0.6"}, {"CSTO"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := cli(t, nil, append([]string{"--data", data, "search", "--format", "json"}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			var js struct{ Hits []map[string]any }
			if err := json.Unmarshal([]byte(out), &js); err != nil {
				t.Fatal(err)
			}
			code, out, errOut = cli(t, nil, append([]string{"--data", data, "search", "--format", "csv"}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(js.Hits) == 0 || len(rows)-1 != len(js.Hits) {
				t.Fatalf("%d CSV rows, %d JSON hits", len(rows)-1, len(js.Hits))
			}
			h := rows[0]
			for k := range js.Hits[0] {
				if k != "matches" && !slices.Contains(h, k) {
					t.Errorf("JSON key %q is no CSV column (columns %v)", k, h)
				}
			}
			for i, hit := range js.Hits {
				for c, name := range h {
					v, ok := hit[name]
					if !ok {
						t.Errorf("CSV column %q is no JSON key", name)
						continue
					}
					want := ""
					switch v := v.(type) {
					case float64:
						if v != 0 || name == "seq" || name == "words" || name == "score" {
							want = strconv.FormatFloat(v, 'g', 6, 64)
						}
					case []any:
						s := make([]string, len(v))
						for j, x := range v {
							s[j] = fmt.Sprint(x)
						}
						want = strings.Join(s, ";")
					case map[string]any: // the fragment: its text
						for _, p := range v["pieces"].([]any) {
							want += p.(map[string]any)["text"].(string)
						}
					default:
						want = fmt.Sprint(v)
					}
					if got := rows[i+1][c]; got != want && got != "'"+want && !(name == "fragment" && strings.Trim(got, "…") == strings.Trim(want, "…")) {
						t.Errorf("%s: %s is %q in the CSV, %q in JSON", hit["id"], name, got, want)
					}
				}
			}
		})
	}
}
