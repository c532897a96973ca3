// Package csvsafe writes CSV that is safe to open in a spreadsheet. A cell
// that Excel, LibreOffice or Google Sheets would read as a formula — one
// starting with =, +, -, @, a tab or a carriage return, such as a quoted
// sentence "=HYPERLINK(…)" or "-sanctions" — is written with a leading
// apostrophe, which spreadsheets show as text and hide. (OWASP's CSV
// injection advice; see docs/reports.md.)
//
// Plain numbers ("-0.2500", "+3", "-1e-05") are left alone: a spreadsheet
// reads a signed decimal as a number, not a formula, and R and pandas read
// it as one too. Only a decimal is such a number: "-Inf", "+Inf", "-NaN",
// "+Infinity" and hexadecimal "-0x1p-2", which Go's strconv reads as
// numbers, are none to a spreadsheet, which has no such literal and
// takes the sign for a formula's, over a name; so they are escaped like
// any text ("'-Inf"), shown as written, and a script reads that one cell
// as text. None of unpv's writers gives them today: search's score
// column could, for a field's boost of 0, 1e-200 or -1e-320
// ("text:Europe^1e-200" made Bleve's score NaN, +Inf or -Inf), until
// index refused such boosts as bad queries (index.checkBoost); the
// reports' numbers are finite (a rate or interval is computed only over
// sentences that exist). "NaN" and "Inf" unsigned start no formula and
// stay as they are.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Cell returns s as it is written: with a leading apostrophe when a
// spreadsheet would take it for a formula.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s // no number starts so (strconv.ParseFloat reads none)
	case '+', '-':
		if decimal(s) {
			return s // a number: -0.25, +3
		}
		return "'" + s
	}
	return s
}

// decimal reports whether s is a number written in decimal, as
// spreadsheets read numbers: digits, a point and an exponent after the
// sign, which leaves out strconv's Inf, NaN and hexadecimal forms.
func decimal(s string) bool {
	if strings.Trim(s[1:], "0123456789.eE+-") != "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Writer is a csv.Writer whose records pass through Cell.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, its cells escaped.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.Writer.Write(w.buf)
}

// WriteAll writes records, their cells escaped, and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
