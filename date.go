package unpv

import "time"

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
	if err != nil {
		return time.Time{}, time.Time{}, "", false
	}
	return first, last, p, true
}
