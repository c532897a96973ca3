package report

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unpv/unpv/internal/csvsafe"
)

// Tables the CSV writer knows, in the order WriteDefault writes them.
var Tables = []string{"cells", "series", "pairs", "votes", "quotes"}

// WriteJSON writes the whole report as one compact JSON object (indenting
// doubles the time and size of a corpus-wide report; use jq to read it).
func (r *Report) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return bw.Flush()
}

// WriteCSV writes the tidy cell table: one row per delegation ×
// organisation × period × relation (columns in docs/reports.md).
func (r *Report) WriteCSV(w io.Writer) error { return r.WriteTableCSV(w, "cells") }

// WriteTableCSV writes one of Tables as CSV with a header row. Cells a
// spreadsheet would read as formulas are escaped (internal/csvsafe).
func (r *Report) WriteTableCSV(w io.Writer, table string) error {
	cw := csvsafe.NewWriter(w)
	var rows [][]string
	switch table {
	case "cells":
		rows = append(rows, append([]string{"delegation", "delegation_name", "organisation", "period", "relation"}, statsHeader...))
		rows[0] = append(rows[0], "top_quote", "top_quote_label", "top_quote_symbol", "top_quote_date", "top_quote_link")
		for _, c := range r.Cells {
			row := append([]string{c.Delegation, c.DelegationName, c.Organisation, c.Period, string(c.Relation)}, statsFields(&c.Stats)...)
			var q Quote
			if len(c.Quotes) > 0 {
				q = c.Quotes[0]
			}
			rows = append(rows, append(row, q.Sentence, string(q.Label), q.Symbol, q.Date, q.Link))
		}
	case "series":
		rows = append(rows, append([]string{"organisation", "period"}, statsHeader...))
		for _, o := range r.Orgs {
			for _, p := range o.Series {
				rows = append(rows, append([]string{o.Acronym, p.Period}, statsFields(&p.Stats)...))
			}
		}
	case "pairs":
		rows = append(rows, append([]string{"delegation", "delegation_name", "organisation", "relations"}, statsHeader...))
		for _, p := range r.Pairs {
			rels := make([]string, len(p.Relations))
			for i, x := range p.Relations {
				rels[i] = string(x)
			}
			rows = append(rows, append([]string{p.Delegation, p.DelegationName, p.Organisation, strings.Join(rels, ";")}, statsFields(&p.Stats)...))
		}
	case "votes":
		rows = append(rows, []string{"organisation", "symbol", "draft", "date", "delegation", "delegation_name", "vote",
			"stance_net", "stance_ci_low", "stance_ci_high", "stance_sentences", "stance_speeches", "stance_small"})
		for _, p := range r.Positions {
			row := []string{p.Organisation, p.Symbol, p.Draft, p.Date, p.Delegation, p.DelegationName, p.Vote}
			if s := p.Stance; s != nil {
				row = append(row, ff(s.Net), ff(s.Low), ff(s.High), strconv.Itoa(s.Sentences), strconv.Itoa(s.Speeches), strconv.FormatBool(s.Small))
			} else {
				row = append(row, "", "", "", "0", "0", "")
			}
			rows = append(rows, row)
		}
	case "quotes":
		rows = append(rows, []string{"delegation", "organisation", "period", "relation", "rank", "label", "confidence",
			"sentence", "speaker", "delegation_as_printed", "symbol", "date", "link", "sentence_id", "evidence"})
		for _, c := range r.Cells {
			for i, q := range c.Quotes {
				rows = append(rows, []string{c.Delegation, c.Organisation, c.Period, string(c.Relation), strconv.Itoa(i + 1),
					string(q.Label), ff(q.Confidence), q.Sentence, q.Speaker, q.Delegation, q.Symbol, q.Date, q.Link, q.SentenceID, q.Evidence})
			}
		}
	default:
		return fmt.Errorf("report: unknown table %q (want one of %s)", table, strings.Join(Tables, ", "))
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("report: write %s csv: %w", table, err)
	}
	return nil
}

var statsHeader = []string{"recognition", "counter", "neutral", "building", "endorsement", "unattributed", "counter_by_members",
	"sentences", "speeches", "meetings", "net_stance", "ci_low", "ci_high", "small", "first_date", "last_date"}

func statsFields(s *Stats) []string {
	return []string{
		strconv.Itoa(s.Recognition), strconv.Itoa(s.Counter), strconv.Itoa(s.Neutral),
		strconv.Itoa(s.Building), strconv.Itoa(s.Endorsement), strconv.Itoa(s.Unattributed), strconv.Itoa(s.CounterByMembers),
		strconv.Itoa(s.Sentences), strconv.Itoa(s.Speeches), strconv.Itoa(s.Meetings),
		ff(s.Net), ff(s.Low), ff(s.High), strconv.FormatBool(s.Small), s.FirstDate, s.LastDate,
	}
}

func ff(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// Formats a report can be written in.
var Formats = []string{"html", "csv", "json", "md"}

// WriteFormat writes the report in one format to w; "csv" writes the cell
// table.
func (r *Report) WriteFormat(w io.Writer, format string) error {
	switch format {
	case "html":
		return r.WriteHTML(w)
	case "csv":
		return r.WriteCSV(w)
	case "json":
		return r.WriteJSON(w)
	case "md", "markdown":
		return r.WriteMarkdown(w)
	}
	return fmt.Errorf("report: unknown format %q (want html, csv, json or md)", format)
}

// WriteFiles writes the report into dir in each format and returns the
// paths written: report.html, report.json, report.md, and for "csv" one
// file per table (cells.csv, series.csv, pairs.csv, votes.csv, quotes.csv).
// Each file is written to a temporary name and renamed, so a reader never
// sees half a report.
func (r *Report) WriteFiles(dir string, formats []string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var written []string
	put := func(name string, write func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		f, err := os.CreateTemp(dir, "."+name+".*")
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		defer os.Remove(f.Name())
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := os.Rename(f.Name(), path); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		written = append(written, path)
		return nil
	}
	for _, format := range formats {
		var err error
		switch format {
		case "csv":
			for _, t := range Tables {
				if err = put(t+".csv", func(w io.Writer) error { return r.WriteTableCSV(w, t) }); err != nil {
					break
				}
			}
		case "html", "json", "md":
			err = put("report."+format, func(w io.Writer) error { return r.WriteFormat(w, format) })
		default:
			err = fmt.Errorf("report: unknown format %q (want html, csv, json or md)", format)
		}
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// WriteDefault builds the default report (everything, by year) and writes
// every format into outDir. The pipeline calls it after each run. With no
// classified sentence it writes nothing and returns an error wrapping
// ErrEmptySelection.
//
// Options are optional (at most one); pass the classifier's DelegationCode
// and Relation so that rows stored without them are still placed.
func WriteDefault(ctx context.Context, outDir string, rows []Row, votes []Vote, opts ...Options) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	r, err := BuildContext(ctx, rows, votes, o)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.WriteFiles(outDir, Formats)
}
