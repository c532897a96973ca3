package classify

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/un"
)

// InputFormat is a form of the records `unpv classify --in` labels.
type InputFormat string

// The forms of input records.
const (
	InputJSONL InputFormat = "jsonl" // one JSON object per line
	InputCSV   InputFormat = "csv"   // a header row naming a sentence column, then one row per record
	InputLines InputFormat = "lines" // one sentence per line
)

// ErrInputFormat is an input format unpv does not read.
var ErrInputFormat = errors.New("unknown input format")

// ParseInputFormat reads a format's name (any case); "" is the one path's
// extension implies: csv for .csv, lines for .txt, else jsonl.
func ParseInputFormat(name, path string) (InputFormat, error) {
	switch f := InputFormat(strings.ToLower(name)); f {
	case InputJSONL, InputCSV, InputLines:
		return f, nil
	case "":
	default:
		return "", fmt.Errorf("%w %q", ErrInputFormat, name)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return InputCSV, nil
	case ".txt":
		return InputLines, nil
	}
	return InputJSONL, nil
}

// InputRecord is one record of an input read by ReadInput.
type InputRecord struct {
	// Line is the number of the record's first line (a CSV record's
	// quoted field may go on over several).
	Line int
	// Text is the record as read, white space trimmed.
	Text string
	// Object is the record as LabelRecord reads it: the JSON object, the
	// CSV row under its header's names, or the line as the sentence with
	// its number. It is nil for a bad record, the header or a note.
	Object map[string]any
	// NotUTF8: the record has bytes that are not UTF-8, read as U+FFFD.
	NotUTF8 bool
	// Header: the record is a CSV input's header row, no record to label.
	Header bool
	// Err is why the record is bad and skipped ("line 3: malformed
	// JSON: …", naming its line).
	Err error
	// Note: Err says more of a bad record given before (a dropped CSV
	// record's lines that were passed over); it is no record of its own.
	Note bool
}

// HeaderError is a CSV input whose header row cannot be read: nothing
// after it can be.
type HeaderError struct {
	Line int
	Err  error
}

func (e *HeaderError) Error() string { return fmt.Sprintf("CSV line %d: %v", e.Line, e.Err) }
func (e *HeaderError) Unwrap() error { return e.Err }

// ErrNoHeader is a CSV input with no header row: nothing but blank lines.
var ErrNoHeader = errors.New("CSV: no header row")

// ReadInput yields the records of r in format, lines of at most maxLine
// bytes. A bad record (a line over maxLine, a CSV record whose quoted field
// runs on past maxLine or never closes, malformed JSON or CSV) is yielded
// with its Err, and reading goes on; blank lines are passed over. A
// non-nil error ends the sequence: a read error, a CSV header row that
// cannot be read (a *HeaderError) or none (ErrNoHeader).
//
// The line reader and the CSV record gatherer are here, not in the
// command, so that the pipeline and tests read an input as `unpv classify
// --in` does.
func ReadInput(r io.Reader, format InputFormat, maxLine int) iter.Seq2[InputRecord, error] {
	return func(yield func(InputRecord, error) bool) {
		var header []string // of a CSV input
		var rec csvRecord   // a CSV record whose quoted field goes on to the next line
		for l, err := range limit.Lines(r, maxLine) {
			n := l.N
			if errors.Is(err, limit.ErrTooLarge) {
				rec.drop() // a record it was part of is lost with it
				if !yield(InputRecord{Line: n, Err: fmt.Errorf("%w (--max-line)", err)}, nil) {
					return
				}
				continue
			}
			if err != nil {
				yield(InputRecord{}, fmt.Errorf("reading input: %w", err))
				return
			}
			line := string(l.Text)
			if format == InputCSV {
				var ok bool
				if line, n, ok = rec.add(line, n); !ok {
					if rec.over(maxLine) {
						at := rec.start
						rec.drop()
						if !yield(InputRecord{Line: at, Err: &LineError{at, fmt.Errorf("a quoted field runs on past %s (--max-line)", limit.Format(int64(maxLine)))}}, nil) {
							return
						}
					}
					continue
				}
			}
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			out := InputRecord{Line: n, Text: line, NotUTF8: !utf8.ValidString(line)}
			if format == InputCSV && header == nil {
				out.Header = true
				if header, err = csvHeader(line); err != nil {
					if yield(out, nil) { // its NotUTF8 told first
						yield(InputRecord{}, &HeaderError{n, err})
					}
					return
				}
			} else if out.Object, err = inputObject(format, header, line, n); err != nil {
				out.Err = &LineError{n, err}
			}
			if !yield(out, nil) {
				return
			}
		}
		if rec.open() {
			if !yield(InputRecord{Line: rec.start, Err: &LineError{rec.start, errors.New("malformed CSV: a quoted field opened here is never closed")}}, nil) {
				return
			}
		}
		if rec.dropped {
			if !yield(InputRecord{Line: rec.droppedAt, Note: true, Err: &LineError{rec.droppedAt,
				fmt.Errorf("malformed CSV: its quoted field is never closed: the %d lines past --max-line were read as part of it", rec.passed)}}, nil) {
				return
			}
		}
		if format == InputCSV && header == nil {
			yield(InputRecord{}, ErrNoHeader)
		}
	}
}

// csvHeader reads a CSV input's header row: its column names, which must
// include sentence.
func csvHeader(line string) ([]string, error) {
	names, err := csvRow(line)
	if err != nil {
		return nil, err
	}
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	if !slices.Contains(names, "sentence") {
		return nil, fmt.Errorf("the header row %q names no sentence column (and target, speaker, date as it likes)", line)
	}
	return names, nil
}

// csvRecord gathers the lines of one CSV record: a quoted field may hold
// line breaks (spreadsheets write a cell with several paragraphs that way),
// and the record ends on the line where the count of quotes so far is even,
// since an RFC 4180 field's quotes, escaped ones included, come in pairs.
type csvRecord struct {
	text  strings.Builder
	start int // line number of the record's first line; 0 when none is open
	// dropped: the open record was given up (too long), and its lines are
	// passed over until its quoted field closes; the next record starts
	// after it, not at the closing line. passed counts them, from the
	// record that began at line droppedAt.
	dropped           bool
	droppedAt, passed int
}

// drop gives up the open record: its remaining lines are passed over.
func (r *csvRecord) drop() {
	open, at := r.open(), r.start
	*r = csvRecord{}
	r.dropped, r.droppedAt = open, at
}

// add takes input line n; it returns the whole record and the number of
// its first line once the record is complete, or ok false while a quoted
// field is still open (or a dropped record's lines are passed over).
func (r *csvRecord) add(line string, n int) (record string, first int, ok bool) {
	if r.dropped {
		r.dropped = strings.Count(line, `"`)%2 == 0
		r.passed++
		return "", 0, false
	}
	if r.start == 0 {
		if strings.Count(line, `"`)%2 == 0 {
			return line, n, true
		}
		r.start = n
		r.text.WriteString(line)
		return "", 0, false
	}
	r.text.WriteByte('\n')
	r.text.WriteString(line)
	if strings.Count(line, `"`)%2 == 0 {
		return "", 0, false
	}
	record, first = r.text.String(), r.start
	*r = csvRecord{}
	return record, first, true
}

// open reports whether a record's quoted field is still open.
func (r *csvRecord) open() bool { return r.start != 0 }

// over reports whether the open record has grown past max bytes.
func (r *csvRecord) over(max int) bool { return r.open() && r.text.Len() > max }

// csvRow reads one CSV record (its quoted fields may span lines).
func csvRow(line string) ([]string, error) {
	cr := csv.NewReader(strings.NewReader(line))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if pe, ok := err.(*csv.ParseError); ok {
		err = pe.Err // its line and column are of this record alone
	}
	if err != nil {
		return nil, fmt.Errorf("malformed CSV: %v", err)
	}
	if _, err := cr.Read(); err != io.EOF {
		return nil, fmt.Errorf("malformed CSV: more than one record on the line")
	}
	return rec, nil
}

// inputObject is one record as LabelRecord reads it: the JSON object, the
// CSV row under its header's names, or the line as the sentence with its
// number.
func inputObject(format InputFormat, header []string, line string, n int) (map[string]any, error) {
	switch format {
	case InputLines:
		return map[string]any{"line": n, "sentence": line}, nil
	case InputCSV:
		rec, err := csvRow(line)
		if err != nil {
			return nil, err
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%d fields, the header has %d", len(rec), len(header))
		}
		obj := make(map[string]any, len(rec))
		for i, v := range rec {
			obj[header[i]] = v
		}
		return obj, nil
	}
	return JSONObject(line)
}

// JSONObject reads one JSON Lines record: a JSON object, not null.
func JSONObject(line string) (map[string]any, error) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(line), &obj); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if obj == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	return obj, nil
}

// LabelRecord labels one input record: its "sentence" toward its "target"
// (every organisation it names when none), read after its "context" (a
// string or a list of strings, the sentences before), with the relation of
// its speaker ("delegation_code", "speaker_code", "delegation" or
// "speaker") to each organisation on its "date". It returns the record
// written back once per stance, its other fields kept (a given "label" as
// "gold_label" beside the prediction), or once with "no_organisation" when
// it names none, so that every input record has its output.
func (c *Classifier) LabelRecord(obj map[string]any) ([]map[string]any, error) {
	sentence, ok := obj["sentence"].(string)
	if !ok {
		return nil, fmt.Errorf(`missing "sentence" string`)
	}
	if strings.TrimSpace(sentence) == "" {
		return nil, fmt.Errorf("empty sentence")
	}
	var speaker []string
	unknown := false // a speaker given that is no delegation unpv knows
	for _, k := range []string{"delegation_code", "speaker_code", "delegation", "speaker"} {
		if s, ok := obj[k].(string); ok {
			if strings.TrimSpace(s) != "" && len(speaker) == 0 {
				_, known := un.LookupDelegation(un.SpeakerCode(s))
				unknown = !known
			}
			speaker = append(speaker, s)
		}
	}
	date := ""
	if raw, has := obj["date"]; has && raw != nil {
		ds, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf(`"date" is not a string`)
		}
		if date = strings.TrimSpace(ds); date != "" && !un.ReadableDate(date) {
			// Left alone, the relation would be computed as if no date
			// were given, and the line written back as if all were well.
			return nil, fmt.Errorf(`"date" %q: want %s`, ds, unpv.DateForms)
		}
	}
	target := ""
	if raw, has := obj["target"]; has && raw != nil {
		ts, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf(`"target" is not a string`)
		}
		target = ts
	}
	// The sentence before (annotate export, gold-dev) or the sentences
	// before, in order: what the pipeline read before this one.
	var context []string
	switch raw := obj["context"].(type) {
	case nil:
	case string:
		context = []string{raw}
	case []any:
		for _, x := range raw {
			cs, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf(`"context" is not a string or a list of strings`)
			}
			context = append(context, cs)
		}
	default:
		return nil, fmt.Errorf(`"context" is not a string or a list of strings`)
	}
	stances, err := c.SentenceInContext(sentence, context, target, date, speaker...)
	if err != nil {
		return nil, err
	}
	// written is the record as written back: its fields, a given label
	// kept beside the prediction, and whether the sentence was read only up
	// to unpv.MaxSentenceBytes (docs/limits.md).
	written := func() map[string]any {
		o := make(map[string]any, len(obj)+6)
		maps.Copy(o, obj)
		if gold, ok := obj["label"]; ok {
			o["gold_label"] = gold
		}
		if !Bounded(sentence) {
			o["truncated"] = true
		}
		if unknown {
			// A mistyped code ("KNE") made any organisation's relation
			// "third"; no relation is known for such a speaker.
			o["speaker_unknown"] = true
		}
		return o
	}
	if len(stances) == 0 {
		// Written back all the same, so that every input line has its
		// output: without a target or label, which a report skips.
		o := written()
		for _, k := range []string{"target", "label", "confidence", "evidence", "relation"} {
			delete(o, k)
		}
		o["no_organisation"] = true
		o["model"] = c.Version()
		return []map[string]any{o}, nil
	}
	outs := make([]map[string]any, 0, len(stances))
	for _, st := range stances {
		o := written()
		o["target"] = st.Target
		o["label"] = st.Label
		o["confidence"] = st.Confidence
		o["evidence"] = st.Evidence
		if st.Relation != "" && !unknown {
			o["relation"] = st.Relation
		}
		o["model"] = st.Model
		outs = append(outs, o)
	}
	return outs, nil
}
