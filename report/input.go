package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
)

// MaxLine is the longest input line ReadRows and ReadVotes read by default.
const MaxLine = limit.LineSize

// ReadRows reads rows as JSON Lines (one Row per line, the field names of
// Row's JSON tags). Blank lines are skipped. A line that is not a JSON
// object, whose date unpv.ParseDate does not read, or longer than maxLine
// bytes (0: MaxLine), is skipped and reported in bad, naming its line
// number; err is a read error.
func ReadRows(r io.Reader, maxLine int) (rows []Row, bad []error, err error) {
	return readJSONL[Row](r, "row", maxLine)
}

// ReadVotes reads votes as JSON Lines (unpv.Vote fields plus date and
// body), as ReadRows reads rows.
func ReadVotes(r io.Reader, maxLine int) (votes []Vote, bad []error, err error) {
	return readJSONL[Vote](r, "vote", maxLine)
}

func readJSONL[T any](r io.Reader, what string, maxLine int) (out []T, bad []error, err error) {
	if maxLine <= 0 {
		maxLine = MaxLine
	}
	for l, err := range limit.Lines(r, maxLine) {
		switch {
		case errors.Is(err, limit.ErrTooLarge):
			bad = append(bad, fmt.Errorf("%s %w", what, err))
			continue
		case err != nil:
			return out, bad, fmt.Errorf("%s %w", what, err)
		}
		text := bytes.TrimSpace(l.Text)
		if len(text) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(text, &v); err != nil {
			bad = append(bad, fmt.Errorf("%s line %d: %w", what, l.N, err))
			continue
		}
		if d, ok := any(&v).(dated); ok {
			if err := checkDate(d.date()); err != nil {
				bad = append(bad, fmt.Errorf("%s line %d: %w", what, l.N, err))
				continue
			}
		}
		out = append(out, v)
	}
	return out, bad, nil
}

// dated is an input line with a date: one no command would read as a date
// makes the line bad, as in classify --in, rather than a period of its own
// ("0000", "unknown") or a row every date range leaves out.
type dated interface{ date() string }

func (r *Row) date() string  { return r.Date }
func (v *Vote) date() string { return v.Date }

func checkDate(d string) error {
	if d = strings.TrimSpace(d); d == "" {
		return nil
	}
	if _, ok := unpv.ParseDate(d); !ok {
		return fmt.Errorf(`"date" %q: want %s`, d, unpv.DateForms)
	}
	return nil
}
