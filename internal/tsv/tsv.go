// Package tsv reads the embedded tab-separated tables (delegations,
// organisations, memberships, the stance lexicon): one row per line, blank
// lines and # comments skipped.
package tsv

import (
	"iter"
	"strings"
)

// Rows yields the zero-based line number and tab-separated columns of
// every line of an embedded table, skipping blank lines and # comments, so
// table parsers only check their columns.
func Rows(src string) iter.Seq2[int, []string] {
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
