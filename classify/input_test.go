package classify

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv/internal/limit"
)

// readRecord is an InputRecord as the tests compare it: its error as the
// command prints it.
type readRecord struct {
	Line                  int
	Text                  string
	Object                map[string]any
	NotUTF8, Header, Note bool
	Err                   string
}

// readAll reads in with ReadInput and returns its records and the error
// that ended it ("" when none).
func readAll(in string, format InputFormat, maxLine int) ([]readRecord, string) {
	var got []readRecord
	for rec, err := range ReadInput(strings.NewReader(in), format, maxLine) {
		if err != nil {
			return got, err.Error()
		}
		r := readRecord{Line: rec.Line, Text: rec.Text, Object: rec.Object, NotUTF8: rec.NotUTF8, Header: rec.Header, Note: rec.Note}
		if rec.Err != nil {
			r.Err = rec.Err.Error()
		}
		got = append(got, r)
	}
	return got, ""
}

// TestReadInput: the records of `unpv classify --in` in its three forms,
// with the line each starts on, as the command reports them: a CSV
// record's quoted field goes on over lines (a spreadsheet's cell of
// several paragraphs), a record too long is skipped and the next read.
func TestReadInput(t *testing.T) {
	const sentence = "We commend the African Union."
	long := strings.Repeat("x", 120)
	for _, tc := range []struct {
		name    string
		in      string
		format  InputFormat
		maxLine int // 0: 100
		want    []readRecord
		wantErr string
	}{
		{name: "jsonl", format: InputJSONL,
			in: "\ufeff{\"sentence\":\"" + sentence + "\",\"target\":\"AU\"}\n\n  \r\n{\"sentence\": oops\nnull\n[1]\n",
			want: []readRecord{
				{Line: 1, Text: `{"sentence":"` + sentence + `","target":"AU"}`, Object: map[string]any{"sentence": sentence, "target": "AU"}},
				{Line: 4, Text: `{"sentence": oops`, Err: "line 4: malformed JSON: invalid character 'o' looking for beginning of value"},
				{Line: 5, Text: "null", Err: "line 5: not a JSON object"},
				{Line: 6, Text: "[1]", Err: "line 6: malformed JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
			}},
		{name: "jsonl line over the limit", format: InputJSONL, maxLine: 100,
			in: `{"sentence":"` + long + `"}` + "\n" + `{"sentence":"ok"}`,
			want: []readRecord{
				{Line: 1, Err: "line 1: longer than 100 B: over the size limit (--max-line)"},
				{Line: 2, Text: `{"sentence":"ok"}`, Object: map[string]any{"sentence": "ok"}},
			}},
		{name: "lines", format: InputLines,
			in: "  " + sentence + "  \n\nsecond\xff line\n",
			want: []readRecord{
				{Line: 1, Text: sentence, Object: map[string]any{"line": 1, "sentence": sentence}},
				{Line: 3, Text: "second\xff line", Object: map[string]any{"line": 3, "sentence": "second\xff line"}, NotUTF8: true},
			}},
		{name: "csv", format: InputCSV,
			in: "id, sentence ,speaker\n1,\"" + sentence + "\",KEN\n\n2,\"first paragraph\n\nsecond, \"\"quoted\"\"\",RUS\n3,too,many,fields\n4,\"a\"b\"\",x\n",
			want: []readRecord{
				{Line: 1, Text: "id, sentence ,speaker", Header: true},
				{Line: 2, Text: `1,"` + sentence + `",KEN`, Object: map[string]any{"id": "1", "sentence": sentence, "speaker": "KEN"}},
				{Line: 4, Text: "2,\"first paragraph\n\nsecond, \"\"quoted\"\"\",RUS", Object: map[string]any{"id": "2", "sentence": "first paragraph\n\nsecond, \"quoted\"", "speaker": "RUS"}},
				{Line: 7, Text: "3,too,many,fields", Err: "line 7: 4 fields, the header has 3"},
				{Line: 8, Text: `4,"a"b"",x`, Err: `line 8: malformed CSV: extraneous or missing " in quoted-field`},
			}},
		{name: "csv quoted field never closed", format: InputCSV,
			in: "sentence\n\"open\nstill open\n",
			want: []readRecord{
				{Line: 1, Text: "sentence", Header: true},
				{Line: 2, Err: "line 2: malformed CSV: a quoted field opened here is never closed"},
			}},
		{name: "csv quoted field past the limit", format: InputCSV, maxLine: 100,
			in: "id,sentence\n1,\"" + long[:60] + "\n" + long[:60] + "\nend.\"\n2,We commend the AU.\n",
			want: []readRecord{
				{Line: 1, Text: "id,sentence", Header: true},
				{Line: 2, Err: "line 2: a quoted field runs on past 100 B (--max-line)"},
				{Line: 5, Text: "2,We commend the AU.", Object: map[string]any{"id": "2", "sentence": "We commend the AU."}},
			}},
		{name: "csv quoted field past the limit, never closed", format: InputCSV, maxLine: 100,
			in: "id,sentence\n1,\"open\n" + strings.Repeat("filler\n", 30),
			want: []readRecord{
				{Line: 1, Text: "id,sentence", Header: true},
				{Line: 2, Err: "line 2: a quoted field runs on past 100 B (--max-line)"},
				{Line: 2, Note: true, Err: "line 2: malformed CSV: its quoted field is never closed: the 16 lines past --max-line were read as part of it"},
			}},
		{name: "csv line over the limit inside a record", format: InputCSV, maxLine: 100,
			in: "sentence\n\"open\n" + long + "\nclosed\"\nWe commend the AU.\n",
			want: []readRecord{
				{Line: 1, Text: "sentence", Header: true},
				{Line: 3, Err: "line 3: longer than 100 B: over the size limit (--max-line)"},
				{Line: 5, Text: "We commend the AU.", Object: map[string]any{"sentence": "We commend the AU."}},
			}},
		{name: "csv header naming no sentence", format: InputCSV,
			in:      "\n\xffid,text\n1,x\n",
			want:    []readRecord{{Line: 2, Text: "\xffid,text", Header: true, NotUTF8: true}},
			wantErr: `CSV line 2: the header row "\xffid,text" names no sentence column (and target, speaker, date as it likes)`},
		{name: "csv without a header", format: InputCSV, in: "\n \n", wantErr: "CSV: no header row"},
		{name: "jsonl empty", format: InputJSONL, in: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(tc.in, tc.format, max(tc.maxLine, 100))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if err != tc.wantErr {
				t.Errorf("error %q, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestReadInputErrors: the errors ReadInput ends with are the kinds the
// command tells apart, and a bad record's error is the input's (an
// overlong one wraps limit.ErrTooLarge, which the command's hint for
// JSON Lines leaves alone).
func TestReadInputErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		format InputFormat
		want   error
	}{
		{"", InputCSV, ErrNoHeader},
		{"id\n", InputCSV, new(HeaderError)},
		{strings.Repeat("x", 200) + "\n", InputJSONL, limit.ErrTooLarge},
	} {
		var got error
		for rec, err := range ReadInput(strings.NewReader(tc.in), tc.format, 100) {
			got = cmpOr(err, rec.Err)
		}
		if he, ok := tc.want.(*HeaderError); ok {
			if !errors.As(got, &he) {
				t.Errorf("%q: %v, want a *HeaderError", tc.in, got)
			}
		} else if !errors.Is(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
	// A read error ends the sequence as one.
	broken := errors.New("disk gone")
	var got error
	for _, err := range ReadInput(failingReader{broken}, InputJSONL, 100) {
		got = err
	}
	if !errors.Is(got, broken) || got.Error() != "reading input: line 1: disk gone" {
		t.Errorf("read error: %v", got)
	}
}

func cmpOr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestParseInputFormat(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		want       InputFormat
		err        bool
	}{
		{"", "rows.jsonl", InputJSONL, false},
		{"", "ROWS.CSV", InputCSV, false},
		{"", "sentences.txt", InputLines, false},
		{"", "-", InputJSONL, false},
		{"CSV", "rows.jsonl", InputCSV, false},
		{"lines", "rows.csv", InputLines, false},
		{"xlsx", "rows.xlsx", "", true},
	} {
		got, err := ParseInputFormat(tc.name, tc.path)
		if got != tc.want || (err != nil) != tc.err || (err != nil && !errors.Is(err, ErrInputFormat)) {
			t.Errorf("ParseInputFormat(%q, %q) = %q, %v; want %q", tc.name, tc.path, got, err, tc.want)
		}
	}
}

// TestLabelRecord: a record is written back with its own fields, once per
// stance (or once naming no organisation), and a field of the wrong kind
// is the record's error, not a silent default.
func TestLabelRecord(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		obj     map[string]any
		targets []string
		check   map[string]any // fields every output must have
		err     string
	}{
		{name: "two organisations", obj: map[string]any{"id": "a", "sentence": "We commend the African Union and ECOWAS for their mediation.", "label": "recognition"},
			targets: []string{"AU", "ECOWAS"}, check: map[string]any{"id": "a", "gold_label": "recognition"}},
		{name: "target given", obj: map[string]any{"sentence": "We commend the African Union and ECOWAS.", "target": "ECOWAS", "speaker": "Mr. Adamu (Nigeria)", "date": "2020"},
			targets: []string{"ECOWAS"}, check: map[string]any{"relation": "member"}},
		{name: "speaker unknown: no relation", obj: map[string]any{"sentence": "We commend ECOWAS.", "speaker_code": "KNE"},
			targets: []string{"ECOWAS"}, check: map[string]any{"speaker_unknown": true, "relation": nil}},
		// S/PV.8711 (Russian Federation): "the Association" is the ASEAN
		// of the sentence before.
		{name: "context resolves the Association", obj: map[string]any{"sentence": "We share Viet Nam's priorities in the Association, including the focus on increasing its contribution to the maintenance of peace and stability in the region.",
			"context": []any{"In January, Hanoi became the President of ASEAN."}}, targets: []string{"ASEAN"}},
		{name: "context as one string", obj: map[string]any{"sentence": "We share Viet Nam's priorities in the Association.",
			"context": "In January, Hanoi became the President of ASEAN."}, targets: []string{"ASEAN"}},
		{name: "no organisation", obj: map[string]any{"sentence": "Peace is good.", "target": nil, "label": "neutral"},
			targets: []string{""}, check: map[string]any{"no_organisation": true, "label": nil, "model": c.Version()}},
		{name: "no sentence", obj: map[string]any{"text": "x"}, err: `missing "sentence" string`},
		{name: "blank sentence", obj: map[string]any{"sentence": " \n"}, err: "empty sentence"},
		{name: "date not a string", obj: map[string]any{"sentence": "x", "date": 2020.0}, err: `"date" is not a string`},
		{name: "date not a date", obj: map[string]any{"sentence": "x", "date": "banana"}, err: `"date" "banana": want YYYY`},
		{name: "target not a string", obj: map[string]any{"sentence": "x", "target": []any{"AU"}}, err: `"target" is not a string`},
		{name: "context of numbers", obj: map[string]any{"sentence": "x", "context": []any{1.0}}, err: `"context" is not a string or a list of strings`},
		{name: "context a number", obj: map[string]any{"sentence": "x", "context": 1.0}, err: `"context" is not a string or a list of strings`},
		{name: "unknown target", obj: map[string]any{"sentence": "We commend the AU.", "target": "Narnia League"}, err: "Narnia League"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outs, err := c.LabelRecord(tc.obj)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var targets []string
			for _, o := range outs {
				target, _ := o["target"].(string)
				targets = append(targets, target)
				for k, v := range tc.check {
					if fmt.Sprint(o[k]) != fmt.Sprint(v) {
						t.Errorf("%s: %v, want %v (%v)", k, o[k], v, o)
					}
				}
				if _, ok := o["label"]; ok == (target == "") {
					t.Errorf("label %v with target %q", o["label"], target)
				}
			}
			if diff := cmp.Diff(tc.targets, targets); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzReadInputCSV: whatever the bytes, ReadInput's CSV records start on
// a line of the input, in order (a note may name an earlier one), a complete record holds as many fields as
// the header, a record with an object holds no error, and every record's
// text is a record of the input no longer than the line limit allows.
func FuzzReadInputCSV(f *testing.F) {
	f.Add("id,sentence\n1,\"We commend the AU.\"\n", 60)
	f.Add("sentence,speaker\n\"a\nb\",KEN\n\"open\n", 10)
	f.Add("sentence\n\"\"\"\n\"\n", 5)
	f.Add("\ufeffsentence\r\nx\r\n\"a,\"\"b\"\"\"\r\n", 8)
	f.Add("id,text\n", 100)
	f.Fuzz(func(t *testing.T, in string, maxLine int) {
		maxLine = 1 + abs(maxLine)%200
		lines := strings.Count(in, "\n") + 1
		last, headerText := 0, ""
		for rec, err := range ReadInput(strings.NewReader(in), InputCSV, maxLine) {
			if err != nil {
				return
			}
			// A note tells more of a record given before: it may name
			// the line that record began on.
			if rec.Line < 1 || rec.Line > lines || (rec.Line < last && !rec.Note) {
				t.Fatalf("record at line %d after %d, of %d lines: %+v", rec.Line, last, lines, rec)
			}
			last = max(last, rec.Line)
			if rec.NotUTF8 == utf8.ValidString(rec.Text) {
				t.Fatalf("NotUTF8 %v for %q", rec.NotUTF8, rec.Text)
			}
			switch {
			case rec.Header:
				// Yielded before the error that ends a header that
				// cannot be read; a record after it reads it.
				if headerText != "" {
					t.Fatalf("a second header at line %d", rec.Line)
				}
				headerText = rec.Text
			case rec.Object != nil:
				names, err := csvRow(headerText)
				if err != nil {
					t.Fatalf("a record after the header %q, which is malformed: %v", headerText, err)
				}
				for i := range names {
					names[i] = strings.TrimSpace(names[i])
				}
				if rec.Err != nil || len(rec.Object) > len(names) || !slices.Contains(names, "sentence") {
					t.Fatalf("record %+v under the header %q", rec, headerText)
				}
				if s, ok := rec.Object["sentence"].(string); !ok || len(s) > len(rec.Text) {
					t.Fatalf("record %+v has no sentence of its text", rec)
				}
			case rec.Err == nil:
				t.Fatalf("a record with neither object nor error: %+v", rec)
			}
			// A record is read up to maxLine bytes, and the line that
			// closes its quoted field after them.
			if len(rec.Text) > 2*maxLine+1 {
				t.Fatalf("a record of %d bytes (limit %d)", len(rec.Text), maxLine)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
