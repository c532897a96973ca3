package classify

import (
	"iter"
	"strings"
)

// tsvRows yields the zero-based line number and tab-separated columns of
// every line of an embedded table, skipping blank lines and # comments, so
// the gazetteer, lexicon and membership parsers only check their columns.
func tsvRows(src string) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		for n, line := range strings.Split(src, "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if !yield(n, strings.Split(line, "\t")) {
				return
			}
		}
	}
}
