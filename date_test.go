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
