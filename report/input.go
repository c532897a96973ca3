package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ReadRows reads rows as JSON Lines (one Row per line, the field names of
// Row's JSON tags). Blank lines are skipped; a bad line is an error naming
// its line number.
func ReadRows(r io.Reader) ([]Row, error) { return readJSONL[Row](r, "row") }

// ReadVotes reads votes as JSON Lines (unpv.Vote fields plus date and body).
func ReadVotes(r io.Reader) ([]Vote, error) { return readJSONL[Vote](r, "vote") }

func readJSONL[T any](r io.Reader, what string) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", what, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s line %d: %w", what, line+1, err)
	}
	return out, nil
}
