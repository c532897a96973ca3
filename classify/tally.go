package classify

import (
	"errors"
	"fmt"
	"strings"

	"github.com/unpv/unpv/internal/limit"
)

// InputTally counts what labelling an input made of its records, as
// `unpv classify --in` reports it: the counts are the library's so that
// the command only prints them, and so that what counts as a line, a bad
// line or a stance is written once, beside ReadInput and LabelRecord.
type InputTally struct {
	// Format is the input's form; the JSON Lines hint is given only for
	// JSON Lines.
	Format InputFormat
	// Lines counts the records labelled or skipped as bad; a CSV input's
	// header row and a note on a bad record before are none.
	Lines int
	// Classified counts the records naming an organisation, Stances
	// their stances (one per organisation labelled).
	Classified, Stances int
	// NoOrganisation counts the records naming none.
	NoOrganisation int
	// Bad counts the records skipped: unreadable, or refused by
	// LabelRecord.
	Bad int
	// NotUTF8 counts every record read with bytes that are not UTF-8,
	// the header row included.
	NotUTF8 int
	// UnknownSpeakers counts the records whose speaker is no delegation
	// unpv knows (speaker_unknown: no relation is computed).
	UnknownSpeakers int
}

// jsonlHint is said once, at the first bad record of a JSON Lines input
// that does not begin as JSON: the likeliest mistake is a file of plain
// sentences or a CSV file given without --in-format.
const jsonlHint = `--in reads JSON Lines, one {"sentence": …} object per line; for one sentence per line give --in-format lines, for a CSV file with a sentence column --in-format csv`

// Add counts one record as ReadInput yielded it, with what LabelRecord
// made of it: outs, or err, why it is bad (the record's own Err or
// LabelRecord's). hint is, at the first bad record of a JSON Lines input
// that does not look like JSON (and is not merely too long), what the
// input may be instead; "" otherwise.
func (t *InputTally) Add(rec InputRecord, outs []map[string]any, err error) (hint string) {
	if rec.NotUTF8 {
		t.NotUTF8++
	}
	if rec.Header || rec.Note {
		return ""
	}
	t.Lines++
	if err != nil {
		t.Bad++
		if t.Bad == 1 && t.Format == InputJSONL && !errors.Is(err, limit.ErrTooLarge) && !strings.HasPrefix(rec.Text, "{") {
			return jsonlHint
		}
		return ""
	}
	if len(outs) == 0 {
		return "" // LabelRecord gives one at least
	}
	if outs[0]["speaker_unknown"] == true {
		t.UnknownSpeakers++
	}
	if outs[0]["no_organisation"] == true {
		t.NoOrganisation++
	} else {
		t.Classified++
		t.Stances += len(outs)
	}
	return ""
}

// String is the tally as the command's summary line gives it: "3 lines: 1
// classified (2 stances), 1 naming no organisation, 1 bad (skipped)",
// with the records not UTF-8 and those of unknown speakers after it when
// there are any.
func (t InputTally) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d classified (%s), %d naming no organisation, %d bad (skipped)",
		plural(t.Lines, "line", "lines"), t.Classified, plural(t.Stances, "stance", "stances"), t.NoOrganisation, t.Bad)
	if t.NotUTF8 > 0 {
		fmt.Fprintf(&b, ", %d not UTF-8", t.NotUTF8)
	}
	if t.UnknownSpeakers > 0 {
		fmt.Fprintf(&b, ", %d with a speaker that is no delegation unpv knows (speaker_unknown: no relation)", t.UnknownSpeakers)
	}
	return b.String()
}

// plural is "1 line" or "n lines".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
