package extract

import (
	"strings"

	"github.com/unpv/unpv/un"
)

// maxLabelLines is how many lines a wrapped label may span.
const maxLabelLines = 8

// Speaker labels are read by un.ReadLabel; this file finds them in a
// record's lines, where justified or wrapped labels span several lines.

// isLabelStart reports whether a single line opens with a complete label.
func isLabelStart(l string) bool {
	_, _, ok := un.ReadLabel(l)
	return ok
}

// labelAt tries to read a label starting at line i, joining up to
// maxLabelLines non-blank lines. It returns the label, the index of the
// line holding the colon, and the text after the colon on that line.
func labelAt(ls []line, i int) (lb un.Label, last int, rest string, ok bool) {
	if !un.CouldStartLabel(ls[i].text) {
		return lb, 0, "", false
	}
	joined := ""
	var ends []int // byte offset in joined where each line ends
	var idx []int
	for j := i; j < len(ls) && len(idx) < maxLabelLines; j++ {
		t := ls[j].text
		if t == "" {
			continue
		}
		if joined != "" {
			joined += " "
		}
		joined += t
		ends = append(ends, len(joined))
		idx = append(idx, j)
		lb, n, ok := un.ReadLabel(joined)
		if ok {
			// Map n back onto the line holding the colon.
			for k, e := range ends {
				if n <= e {
					return lb, idx[k], strings.TrimSpace(joined[n:e]), true
				}
			}
		}
		if strings.Contains(t, ":") && strings.Count(joined, "(") <= strings.Count(joined, ")") {
			break
		}
	}
	return lb, 0, "", false
}
