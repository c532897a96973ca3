package unpv

import (
	"strings"
	"time"
)

// Precision is how much of a date the source gives. Dates are ISO 8601 at
// that precision: "2020-01-09" (a meeting's day), "2020-01", or "2018" (a
// general-debate statement whose corpus gives only the year). A date at
// year precision stands for the whole year: filters, facets and sorting
// treat it as the span DateSpan gives.
type Precision string

// Date precisions.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
)

// DatePrecision returns the precision of an ISO 8601 date written to the
// day, the month or the year, or "" when date is none of these.
func DatePrecision(date string) Precision {
	if _, _, p, ok := dateSpan(date); ok {
		return p
	}
	return ""
}

// DateSpan returns the first and last day an ISO 8601 date stands for:
// "2018" → 2018-01-01 to 2018-12-31, "2020-02" → 2020-02-01 to 2020-02-29,
// "2020-01-09" → that day twice. ok is false when date is not an ISO date
// at day, month or year precision.
func DateSpan(date string) (first, last time.Time, ok bool) {
	first, last, _, ok = dateSpan(date)
	return first, last, ok
}

func dateSpan(date string) (first, last time.Time, p Precision, ok bool) {
	var err error
	switch len(date) {
	case 10:
		first, err = time.Parse(time.DateOnly, date)
		last, p = first, PrecisionDay
	case 7:
		first, err = time.Parse("2006-01", date)
		last, p = first.AddDate(0, 1, -1), PrecisionMonth
	case 4:
		first, err = time.Parse("2006", date)
		last, p = first.AddDate(1, 0, -1), PrecisionYear
	default:
		return time.Time{}, time.Time{}, "", false
	}
	if err != nil || first.Year() == 0 {
		// Year 0000 is a placeholder for an unknown date, not a year of
		// any record: read as one, it would silently date a statement
		// before every organisation and membership.
		return time.Time{}, time.Time{}, "", false
	}
	return first, last, p, true
}

// DateForms names the date forms ParseDate reads, for messages.
const DateForms = `YYYY, YYYY-MM, YYYY-MM-DD, or as records print it: "8 January 2020", "January 8, 2020", "January 2020" (month names in full or in three letters)`

// recordLayouts are the spellings of a date in verbatim records and corpus
// metadata that ParseDate reads, each with the ISO layout of its precision.
var recordLayouts = []struct{ in, out string }{
	{"2 January 2006", time.DateOnly}, {"January 2, 2006", time.DateOnly},
	{"2 Jan 2006", time.DateOnly}, {"Jan 2, 2006", time.DateOnly},
	{"January 2006", "2006-01"}, {"Jan 2006", "2006-01"},
}

// ParseDate reads a date as a person or a record writes it and returns it
// as ISO 8601 at the precision given (day, month or year): "2020-01-08",
// "2020-01", "2020", "8 January 2020", "January 8, 2020", "8 Jan 2020",
// "Jan 8, 2020", "January 2020", "Jan 2020" (month names in any case). ok
// is false for anything else, for a date that does not exist
// ("2020-02-30") and for year 0000. It is the one reading of dates the
// command line, the JSON Lines inputs and the reports share.
func ParseDate(s string) (iso string, ok bool) {
	s = strings.Join(strings.Fields(s), " ")
	if _, _, ok := DateSpan(s); ok {
		return s, true
	}
	for _, l := range recordLayouts {
		if t, err := time.Parse(l.in, s); err == nil && t.Year() != 0 {
			return t.Format(l.out), true
		}
	}
	return "", false
}
