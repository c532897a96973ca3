// Package oneline flattens text to one line of running text. Text imported
// from PDFs (the general-debate statements) keeps the record's line breaks
// and double spaces inside sentences; a search fragment, a KWIC line or a
// report's quote shows it as one line.
package oneline

import (
	"strings"
	"unicode"
)

// Collapse turns every run of white space or control characters (line
// breaks, tabs, double and non-breaking spaces) into one space. A leading or
// trailing run stays as one space, so that pieces of one text collapsed
// apart still join with their spaces.
func Collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
