package classify

import (
	"errors"
	"fmt"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/internal/limit"
)

func TestInputTally(t *testing.T) {
	stance := func(kv ...any) map[string]any {
		o := map[string]any{"sentence": "s"}
		for i := 0; i+1 < len(kv); i += 2 {
			o[kv[i].(string)] = kv[i+1]
		}
		return o
	}
	type step struct {
		rec  InputRecord
		outs []map[string]any
		err  error
	}
	bad := errors.New(`line 1: malformed JSON: invalid character 'W' looking for beginning of value`)
	tooLong := fmt.Errorf("line 2: %w (--max-line)", limit.ErrTooLarge)
	tests := []struct {
		name   string
		format InputFormat
		steps  []step
		want   InputTally
		hints  []string
		sum    string
	}{
		{"labelled records: two stances, none, an unknown speaker", InputJSONL,
			[]step{
				{InputRecord{Line: 1, Text: `{"sentence":"We commend the AU and ECOWAS."}`}, []map[string]any{stance("target", "AU"), stance("target", "ECOWAS")}, nil},
				{InputRecord{Line: 2, Text: `{"sentence":"The weather is fine."}`}, []map[string]any{stance("no_organisation", true)}, nil},
				{InputRecord{Line: 3, Text: `{"sentence":"The AU acts.","speaker":"XYZ"}`}, []map[string]any{stance("target", "AU", "speaker_unknown", true)}, nil},
			},
			InputTally{Format: InputJSONL, Lines: 3, Classified: 2, Stances: 3, NoOrganisation: 1, UnknownSpeakers: 1},
			[]string{"", "", ""},
			"3 lines: 2 classified (3 stances), 1 naming no organisation, 0 bad (skipped), 1 with a speaker that is no delegation unpv knows (speaker_unknown: no relation)"},
		{"a plain sentence given as JSON Lines: the hint once, at the first bad line", InputJSONL,
			[]step{
				{InputRecord{Line: 1, Text: "We commend the AU."}, nil, bad},
				{InputRecord{Line: 2, Text: "And ECOWAS."}, nil, bad},
			},
			InputTally{Format: InputJSONL, Lines: 2, Bad: 2},
			[]string{jsonlHint, ""},
			"2 lines: 0 classified (0 stances), 0 naming no organisation, 2 bad (skipped)"},
		{"bad JSON that begins as JSON, and a line too long: no hint", InputJSONL,
			[]step{
				{InputRecord{Line: 1, Text: `{"sentence": 3}`}, nil, errors.New(`line 1: missing "sentence" string`)},
				{InputRecord{Line: 2}, nil, tooLong},
			},
			InputTally{Format: InputJSONL, Lines: 2, Bad: 2},
			[]string{"", ""},
			"2 lines: 0 classified (0 stances), 0 naming no organisation, 2 bad (skipped)"},
		{"a first line too long: no hint, nor at the plain line after", InputJSONL,
			[]step{
				{InputRecord{Line: 1}, nil, tooLong},
				{InputRecord{Line: 2, Text: "We commend the AU."}, nil, bad},
			},
			InputTally{Format: InputJSONL, Lines: 2, Bad: 2},
			[]string{"", ""},
			"2 lines: 0 classified (0 stances), 0 naming no organisation, 2 bad (skipped)"},
		{"CSV: the header row and a note are no lines; not UTF-8 counts every record", InputCSV,
			[]step{
				{InputRecord{Line: 1, Text: "sentence,speaker", Header: true, NotUTF8: true}, nil, nil},
				{InputRecord{Line: 2, Text: `"We commend the AU.,UKR`}, nil, errors.New("CSV line 2: extraneous or missing \" in quoted-field")},
				{InputRecord{Line: 3, Note: true, Err: errors.New("lines 3-4 of the record passed over")}, nil, errors.New("lines 3-4 of the record passed over")},
				{InputRecord{Line: 5, Text: "The AU acts.,UKR", NotUTF8: true}, []map[string]any{stance("target", "AU")}, nil},
			},
			InputTally{Format: InputCSV, Lines: 2, Classified: 1, Stances: 1, Bad: 1, NotUTF8: 2},
			[]string{"", "", "", ""},
			"2 lines: 1 classified (1 stance), 0 naming no organisation, 1 bad (skipped), 2 not UTF-8"},
		{"one line", InputLines,
			[]step{{InputRecord{Line: 1, Text: "Nothing here."}, []map[string]any{stance("no_organisation", true)}, nil}},
			InputTally{Format: InputLines, Lines: 1, NoOrganisation: 1},
			[]string{""},
			"1 line: 0 classified (0 stances), 1 naming no organisation, 0 bad (skipped)"},
		{"empty input", InputJSONL, nil,
			InputTally{Format: InputJSONL},
			nil,
			"0 lines: 0 classified (0 stances), 0 naming no organisation, 0 bad (skipped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tally := InputTally{Format: tt.format}
			var hints []string
			for _, s := range tt.steps {
				hints = append(hints, tally.Add(s.rec, s.outs, s.err))
			}
			if d := gocmp.Diff(tt.want, tally); d != "" {
				t.Errorf("tally (-want +got):\n%s", d)
			}
			if d := gocmp.Diff(tt.hints, hints); d != "" {
				t.Errorf("hints (-want +got):\n%s", d)
			}
			if d := gocmp.Diff(tt.sum, tally.String()); d != "" {
				t.Errorf("summary (-want +got):\n%s", d)
			}
		})
	}
}
