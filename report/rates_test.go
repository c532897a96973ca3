package report

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/unpv/unpv"
)

// TestRateText: a rate per 100 mentions under 10 keeps a decimal, so that
// its interval does not print as a point. On all of ungdc-full the five
// organisations' report showed the total's counter rate 1.80 [1.56, 2.03]
// as "2 [2, 2]", and the EU's 1.96 [1.58, 2.34] the same way.
func TestRateText(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{{0, "0"}, {1.798978, "1.8"}, {1.563314, "1.6"}, {2.034642, "2.0"}, {0.04, "0.0"}, {9.94, "9.9"}, {9.97, "10"}, {10, "10"}, {35.720613, "36"}, {100, "100"}} {
		if got := rateText(tc.in); got != tc.want {
			t.Errorf("rateText(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// 100 speeches of 10 sentences, 18 of them counter: 1.8 per 100.
	var rows []Row
	for i := range 100 {
		for j := range 10 {
			label := N
			if i*10+j < 18 {
				label = C
			} else if j < 5 {
				label = R
			}
			r := row(fmt.Sprintf("S/PV.%d#1", 8000+i), "KEN", "AU", "2020-01-08", label, unpv.RelMember)
			r.SentenceID = fmt.Sprintf("%s.%d", r.SpeechID, j)
			rows = append(rows, r)
		}
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := rateText(r.Total.CounterLow), rateText(r.Total.CounterHigh)
	checkOutputs(t, []outputCase{
		{"html summary", func(b *bytes.Buffer) error { return r.WriteHTML(b) }, []string{"<b>1.8</b><span>counter per 100 mentions [" + lo + ", " + hi + "]"}, nil},
		{"html organisation", func(b *bytes.Buffer) error { return r.WriteHTML(b) }, []string{"and counter 1.8 [" + lo + ", " + hi + "]"}, nil},
		{"markdown", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) }, []string{"and counter 1.8 [" + lo + ", " + hi + "] per 100 mentions"}, nil},
		{"markdown series", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) }, []string{"| 1.8 [" + lo + ", " + hi + "] |"}, nil},
	})
}
