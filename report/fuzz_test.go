package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzReport feeds arbitrary JSON Lines through ReadRows, Build and every
// writer: nothing may panic, the CSV must parse back with one record per
// cell, and intervals must contain the net stance within [−1, 1].
func FuzzReport(f *testing.F) {
	f.Add(`{"speech_id":"S/PV.1#1","target":"AU","label":"recognition","relation":"member","date":"2020-01-01","delegation_code":"KEN","sentence":"We support the AU."}`, "year")
	f.Add(`{"target":"CSTO","label":"counter","date":"8 January 2020","speaker":"Mr. X (Ukraine)","symbol":"A/73/PV (general debate)","sentence":"<script>\"x\"</script>"}`+"\n"+`{"target":"csto","label":"neutral","date":"2019"}`, "session")
	f.Add(`{"target":"EU","label":"weird","date":"","symbol":"S/PV.8699 (Resumption 1)"}`, "meeting")
	f.Fuzz(func(t *testing.T, in, by string) {
		rows, _, err := ReadRows(strings.NewReader(in), 1<<10)
		if err != nil {
			return
		}
		period, err := ParsePeriod(by)
		if err != nil {
			period = ByYear
		}
		r, err := Build(rows, nil, Options{By: period, Resamples: 50})
		if err != nil {
			if !errors.Is(err, ErrEmptySelection) {
				t.Fatalf("Build: %v", err)
			}
			return
		}
		for _, c := range r.Cells {
			if c.Low > c.Net+1e-9 || c.High < c.Net-1e-9 || c.Low < -1 || c.High > 1 {
				t.Fatalf("cell %+v: net %v outside [%v, %v]", c, c.Net, c.Low, c.High)
			}
		}
		var b bytes.Buffer
		if err := r.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil || len(recs) != len(r.Cells)+1 {
			t.Fatalf("csv: %d records for %d cells: %v", len(recs), len(r.Cells), err)
		}
		for _, format := range Formats {
			if err := r.WriteFormat(io.Discard, format); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}

// FuzzReportVotes feeds arbitrary vote lines (report --votes) through
// ReadVotes, Build with the fixture's rows and every writer: nothing may
// panic or fail, whatever the lists, totals, dates and bodies say.
func FuzzReportVotes(f *testing.F) {
	rows, votes := loadFixture(f)
	for _, v := range votes {
		b, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"symbol":"S/PV.1","subject":"The African Union and the AU","in_favour":["Russian Federation","Russian Federation",""],"total_in_favour":-3,"date":"2020","body":"SC"}`)
	f.Add(`{"draft":"A/1/L.1","agenda":"European Union","against":["EU","Ukraine"],"date":"January 2020","body":"xx"}` + "\n" + `{}`)
	f.Fuzz(func(t *testing.T, in string) {
		vs, _, err := ReadVotes(strings.NewReader(in), 1<<12)
		if err != nil {
			return
		}
		r, err := Build(rows, vs, Options{By: BySession, Resamples: 20})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		for _, format := range Formats {
			if err := r.WriteFormat(io.Discard, format); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}
