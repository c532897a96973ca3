// Package csvsafe writes CSV that is safe to open in a spreadsheet. A cell
// that Excel, LibreOffice or Google Sheets would read as a formula — one
// starting with =, +, -, @, a tab or a carriage return, such as a quoted
// sentence "=HYPERLINK(…)" or "-sanctions" — is written with a leading
// apostrophe, which spreadsheets show as text and hide. Plain numbers
// ("-0.2500") are left alone. (OWASP's CSV injection advice; see
// docs/reports.md.)
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
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
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s // a number: -0.25, +3
		}
		return "'" + s
	}
	return s
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
