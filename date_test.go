package unpv_test

import (
	"testing"

	"github.com/unpv/unpv"
)

func TestDateSpan(t *testing.T) {
	tests := []struct {
		date        string
		p           unpv.Precision
		first, last string
	}{
		{"2020-01-09", unpv.PrecisionDay, "2020-01-09", "2020-01-09"},
		{"2020-02", unpv.PrecisionMonth, "2020-02-01", "2020-02-29"},
		{"2019-02", unpv.PrecisionMonth, "2019-02-01", "2019-02-28"},
		{"2018", unpv.PrecisionYear, "2018-01-01", "2018-12-31"},
		{"", "", "", ""},
		{"8 January 2020", "", "", ""},
		{"2020-13-01", "", "", ""},
		{"20", "", "", ""},
		{"0000", "", "", ""},
	}
	for _, tt := range tests {
		first, last, ok := unpv.DateSpan(tt.date)
		if p := unpv.DatePrecision(tt.date); p != tt.p {
			t.Errorf("DatePrecision(%q) = %q, want %q", tt.date, p, tt.p)
		}
		if !ok {
			if tt.first != "" {
				t.Errorf("DateSpan(%q) not ok", tt.date)
			}
			continue
		}
		if f, l := first.Format("2006-01-02"), last.Format("2006-01-02"); f != tt.first || l != tt.last {
			t.Errorf("DateSpan(%q) = %s, %s; want %s, %s", tt.date, f, l, tt.first, tt.last)
		}
	}
}

// TestParseDate: the one set of date forms the command line (report and
// search --from/--to, classify --date), classify --in lines and report --in
// rows accept. "January 2020" was refused by classify --in while "8 Jan
// 2020" and the placeholder "0000" were accepted (the relation then dated
// the statement before every membership).
func TestParseDate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2020-01-08", "2020-01-08"},
		{"2020-01", "2020-01"},
		{"2020", "2020"},
		{" 2020-01-08 ", "2020-01-08"},
		{"8 January 2020", "2020-01-08"},
		{"8  january\t2020", "2020-01-08"},
		{"January 8, 2020", "2020-01-08"},
		{"8 Jan 2020", "2020-01-08"},
		{"Jan 8, 2020", "2020-01-08"},
		{"January 2020", "2020-01"},
		{"Sep 2019", "2019-09"},
		{"31 December 1991", "1991-12-31"},
		{"0000", ""},
		{"0000-01-01", ""},
		{"8 January 0000", ""},
		{"2020-02-30", ""},
		{"30 February 2020", ""},
		{"2020-13", ""},
		{"2020-01-01 junk", ""},
		{"2020/01/08", ""},
		{"banana", ""},
		{"", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := unpv.ParseDate(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// FuzzParseDate: a date ParseDate reads is an ISO date at day, month or
// year precision (DateSpan takes it) that reads back as itself; anything
// else it refuses.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-01-08", "2020-01", "2020", "8 January 2020", "January 8, 2020", "8 jan 2020",
		"Jan 2020", " 8  January\t2020 ", "2020-02-30", "0000", "0000-01-01", "1 January 0000", "+2020"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iso, ok := unpv.ParseDate(s)
		if !ok {
			if iso != "" {
				t.Errorf("ParseDate(%q) = %q, false", s, iso)
			}
			return
		}
		if _, _, ok := unpv.DateSpan(iso); !ok {
			t.Errorf("ParseDate(%q) = %q, which is no ISO date", s, iso)
		}
		if again, ok := unpv.ParseDate(iso); !ok || again != iso {
			t.Errorf("ParseDate(%q) = %q, which reads back as %q, %v", s, iso, again, ok)
		}
	})
}
