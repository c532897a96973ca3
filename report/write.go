package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unpv/unpv/internal/csvsafe"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/internal/outfile"
)

// Tables the CSV writer knows, in the order WriteDefault writes them.
var Tables = []string{"cells", "series", "pairs", "votes", "quotes", "coverage"}

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
		rows = append(rows, append([]string{"delegation", "delegation_name", "speaker_group", "organisation", "period", "period_start", "period_end", "relation"}, statsHeader...))
		rows[0] = append(rows[0], "top_quote", "top_quote_label", "top_quote_symbol", "top_quote_date", "top_quote_link")
		for _, c := range r.Cells {
			row := append([]string{c.Delegation, c.DelegationName, string(c.SpeakerGroup), c.Organisation, c.Period, c.PeriodStart, c.PeriodEnd, string(c.Relation)}, statsFields(&c.Stats)...)
			var q Quote
			if len(c.Quotes) > 0 {
				q = c.Quotes[0]
			}
			rows = append(rows, append(row, q.Sentence, string(q.Label), q.Symbol, q.Date, q.Link))
		}
	case "series":
		rows = append(rows, append([]string{"organisation", "body", "period", "period_start", "period_end", "speeches_held", "sentences_held"}, statsHeader...))
		for _, o := range r.Orgs {
			for _, p := range o.Series {
				rows = append(rows, append([]string{o.Acronym, string(p.Body), p.Period, p.PeriodStart, p.PeriodEnd, heldField(r, p.SpeechesHeld), heldField(r, p.SentencesHeld)},
					statsFields(&p.Stats)...))
			}
		}
	case "pairs":
		rows = append(rows, append([]string{"delegation", "delegation_name", "speaker_group", "organisation", "relations"}, statsHeader...))
		for _, p := range r.Pairs {
			rels := make([]string, len(p.Relations))
			for i, x := range p.Relations {
				rels[i] = string(x)
			}
			rows = append(rows, append([]string{p.Delegation, p.DelegationName, string(p.SpeakerGroup), p.Organisation, strings.Join(rels, ";")}, statsFields(&p.Stats)...))
		}
	case "coverage":
		rows = append(rows, []string{"period", "body", "speeches", "sentences"})
		for _, c := range r.Coverage {
			rows = append(rows, []string{c.Period, string(c.Body), strconv.Itoa(c.Speeches), strconv.Itoa(c.Sentences)})
		}
	case "votes":
		rows = append(rows, []string{"organisation", "symbol", "draft", "date", "delegation", "delegation_name", "delegation_as_printed", "vote",
			"stance_net", "stance_ci_low", "stance_ci_high", "stance_sentences", "stance_speeches", "stance_small"})
		for _, p := range r.Positions {
			row := []string{p.Organisation, p.Symbol, p.Draft, p.Date, p.Delegation, p.DelegationName, p.DelegationAsPrinted, p.Vote}
			if s := p.Stance; s != nil {
				row = append(row, ff(s.Net), ff(s.Low), ff(s.High), strconv.Itoa(s.Sentences), strconv.Itoa(s.Speeches), csvBool(s.Small))
			} else {
				row = append(row, "", "", "", "0", "0", "")
			}
			rows = append(rows, row)
		}
	case "quotes":
		rows = append(rows, []string{"delegation", "speaker_group", "organisation", "period", "relation", "rank", "label", "confidence",
			"sentence", "speaker", "delegation_as_printed", "symbol", "session", "date", "date_precision", "link", "sentence_id", "evidence",
			"hand_coded", "model_label", "emergency_session"})
		for _, c := range r.Cells {
			for i, q := range c.Quotes {
				session, emergency := "", ""
				if q.Session > 0 {
					session = strconv.Itoa(q.Session)
				}
				if q.EmergencySession > 0 {
					emergency = strconv.Itoa(q.EmergencySession)
				}
				rows = append(rows, []string{c.Delegation, string(c.SpeakerGroup), c.Organisation, c.Period, string(c.Relation), strconv.Itoa(i + 1),
					string(q.Label), ff(q.Confidence), q.Sentence, q.Speaker, q.Delegation, q.Symbol, session, q.Date, q.DatePrecision,
					q.Link, q.SentenceID, q.Evidence, csvBool(q.Hand), string(q.ModelLabel), emergency})
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

var statsHeader = []string{"recognition", "counter", "neutral", "building", "endorsement", "non_state", "unattributed",
	"counter_by_members", "sentences", "speeches", "meetings", "net_stance", "ci_low", "ci_high",
	"recognition_rate", "recognition_rate_low", "recognition_rate_high", "counter_rate", "counter_rate_low", "counter_rate_high",
	"small", "first_date", "last_date", "hand_coded"}

func statsFields(s *Stats) []string {
	return []string{
		strconv.Itoa(s.Recognition), strconv.Itoa(s.Counter), strconv.Itoa(s.Neutral),
		strconv.Itoa(s.Building), strconv.Itoa(s.Endorsement), strconv.Itoa(s.NonState), strconv.Itoa(s.Unattributed),
		strconv.Itoa(s.CounterByMembers), strconv.Itoa(s.Sentences), strconv.Itoa(s.Speeches), strconv.Itoa(s.Meetings),
		ff(s.Net), ff(s.Low), ff(s.High),
		f2(s.RecognitionRate), f2(s.RecognitionLow), f2(s.RecognitionHigh), f2(s.CounterRate), f2(s.CounterLow), f2(s.CounterHigh),
		csvBool(s.Small), s.FirstDate, s.LastDate, strconv.Itoa(s.HandCoded),
	}
}

// csvBool spells a flag as R's read.csv and pandas' read_csv both read as
// a boolean with their defaults: R reads only T, F, TRUE and FALSE as
// logical (it kept "true"/"false" as character strings), pandas reads
// TRUE/FALSE as bool as well as true/false.
func csvBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// heldField is a coverage count, empty when the input gave no coverage.
func heldField(r *Report, n int) string {
	if !r.coverageKnown {
		return ""
	}
	return strconv.Itoa(n)
}

func ff(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// ProvenanceFile is the CSV tables' sidecar: the report's provenance and
// selection as JSON.
const ProvenanceFile = "provenance.json"

// writeProvenance writes the provenance and the selection, indented.
func (r *Report) writeProvenance(w io.Writer) error {
	b, err := json.MarshalIndent(struct {
		Provenance *Provenance `json:"provenance"`
		Selection  Selection   `json:"selection"`
		Tables     []string    `json:"tables"`
	}{r.Provenance, r.Selection, Tables}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

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
// sees half a report. With "html", delegation pages an earlier report left
// in dir that this one does not write are removed; other files stay.
func (r *Report) WriteFiles(dir string, formats []string) ([]string, error) {
	if err := os.MkdirAll(dir, outfile.DirMode); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var written []string
	put := func(name string, write func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		f, err := outfile.CreateTemp(dir, "."+name+".*")
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
			if err == nil {
				// The tables' sidecar: how they were made.
				err = put(ProvenanceFile, r.writeProvenance)
			}
		case "html":
			err = put("report.html", r.WriteHTML)
			pages := map[string]bool{}
			for _, code := range r.DelegationPages() {
				if err != nil {
					break
				}
				pages[DelegationFile(code)] = true
				err = put(DelegationFile(code), func(w io.Writer) error {
					return r.WriteDelegationHTML(w, code, "report.html")
				})
			}
			if err == nil {
				err = removeOtherPages(dir, pages)
			}
		case "json", "md":
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

// removeOtherPages removes the delegation pages in dir that are not of
// this report: an earlier report's pages there would link back to this
// report.html and tell of another selection. Only pages unpv wrote (their
// head names it as generator) are removed: a file of the user's that
// happens to share the name pattern stays.
func removeOtherPages(dir string, keep map[string]bool) error {
	old, err := filepath.Glob(filepath.Join(dir, DelegationFile("*")))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, p := range old {
		if keep[filepath.Base(p)] || !writtenByUnpv(p) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// generatorMeta is in the head of every HTML page a report writes.
const generatorMeta = `<meta name="generator" content="unpv">`

// legacyMark is in the head of the pages reports wrote before they named
// unpv as generator (until 2026-12-06): the first colour rule of their
// style sheet, which a page of the user's would not share. Without it an
// older unpv's pages in a directory 'report --out' writes again were never
// removed.
const legacyMark = `.b-build{color:#2166ac}`

// writtenByUnpv reports whether the HTML file at path names unpv as its
// generator in its first kilobytes, or has the head of an older unpv's
// page (legacyMark).
func writtenByUnpv(path string) bool {
	// limit.Open: a FIFO named like a page is no page of ours, and opening
	// it would wait for a writer. Only the head is read, so any size goes.
	f, _, err := limit.Open(path, math.MaxInt64)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 2048)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(generatorMeta)) || bytes.Contains(head[:n], []byte(legacyMark))
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
