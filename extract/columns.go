package extract

import (
	"strings"

	"github.com/unpv/unpv/un"
)

// Text made with "pdftotext -layout" prints the two columns of General
// Assembly and 2018–2022 Security Council pages side by side. splitColumns
// finds the gutter of each such page and rewrites it column after column,
// so that layout text reads like the engines' default output.

// isLayoutText reports whether many lines hold two blocks of text separated
// by a wide run of spaces.
func isLayoutText(text string) bool {
	n, wide := 0, 0
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if len(t) < 20 {
			continue
		}
		n++
		if strings.Contains(t, "     ") {
			wide++
		}
	}
	return n > 0 && wide*4 > n
}

// splitColumns rewrites one page of layout text.
func splitColumns(page string) string {
	lines := strings.Split(page, "\n")
	rs := make([][]rune, len(lines))
	width := 0
	for i, l := range lines {
		rs[i] = []rune(strings.TrimRight(l, " \t"))
		width = max(width, len(rs[i]))
	}
	gutter := findGutter(rs, width)
	if gutter < 0 {
		return page
	}
	var left, right []string
	top := 0 // non-blank lines seen
	for _, r := range rs {
		if len(strings.TrimSpace(string(r))) > 0 {
			top++
		}
		if len(r) <= gutter || runningHeader(r) || top <= 2 && meetingHeader(r, gutter) {
			left = append(left, string(r))
			continue
		}
		// A line that runs through the gutter without a gap is full width
		// (headers, the cover): keep it whole in the left column.
		if r[gutter-1] != ' ' || (gutter < len(r) && r[gutter] != ' ' && gutter >= 2 && r[gutter-2] != ' ') {
			if !hasGapNear(r, gutter) {
				left = append(left, string(r))
				continue
			}
		}
		cut := gapStart(r, gutter)
		left = append(left, strings.TrimRight(string(r[:cut]), " "))
		right = append(right, strings.TrimSpace(string(r[cut:])))
	}
	return strings.Join(left, "\n") + "\n" + strings.Join(right, "\n")
}

// findGutter returns the column where right-hand text starts on most
// two-block lines of the page, or -1 when the page is single-column.
func findGutter(rs [][]rune, width int) int {
	if width < 60 {
		return -1
	}
	starts := make([]int, width+1)
	lines := 0
	for _, r := range rs {
		if len(strings.TrimSpace(string(r))) == 0 {
			continue
		}
		lines++
		// A line with only right-hand text starts at the right column.
		lead := 0
		for lead < len(r) && r[lead] == ' ' {
			lead++
		}
		if lead >= width/4 {
			if lead <= width*3/4+5 {
				starts[lead]++
			}
			continue
		}
		// Otherwise the first run of 3+ spaces after text, in the middle of
		// the page, is followed by the right column.
		for i := width / 4; i < len(r) && i < width*3/4; i++ {
			if r[i] == ' ' && i+2 < len(r) && r[i+1] == ' ' && r[i+2] == ' ' && i > 0 && r[i-1] != ' ' {
				j := i
				for j < len(r) && r[j] == ' ' {
					j++
				}
				if j < len(r) && j <= width*3/4+5 {
					starts[j]++
				}
				break
			}
		}
	}
	best, bestN := -1, 0
	for x := 1; x < len(starts)-1; x++ {
		if n := starts[x-1] + starts[x] + starts[x+1]; n > bestN {
			best, bestN = x-1, n
		}
	}
	if bestN*4 < lines || bestN < 5 {
		return -1
	}
	// The gutter is the earliest start in the peak (right text may be
	// indented by a space or two).
	return best
}

func hasGapNear(r []rune, g int) bool {
	for i := max(1, g-12); i < g+2 && i+1 < len(r); i++ {
		if r[i] == ' ' && r[i+1] == ' ' {
			return true
		}
	}
	return false
}

// gapStart returns where to cut a line near the gutter: the start of the
// run of spaces before the right column.
func gapStart(r []rune, g int) int {
	if g > len(r) {
		return len(r)
	}
	i := g
	for i > 0 && r[i-1] == ' ' {
		i--
	}
	if i < g-12 || i == 0 {
		// No gap right before the gutter: cut at the nearest double space.
		for k := g; k > max(0, g-12); k-- {
			if k+1 < len(r) && r[k] == ' ' && r[k+1] == ' ' {
				return k
			}
		}
		return g
	}
	return i
}

// runningHeader reports whether a layout line is a running header across
// the page ("S/PV.8702    Colombia    13/01/2020"): its agenda item may
// straddle the gutter with gaps on both sides, where a cut left "S/PV.8702
// Colom" and "bia 13/01/2020" inside the speeches of S/PV.8702's -layout
// text. Whole, the page's edge drops it as furniture.
func runningHeader(r []rune) bool {
	_, ok := un.RunningHeaderLine(collapseSpaces(strings.TrimSpace(string(r))))
	return ok
}

// meetingHeader reports whether a line at a page's top is the two-line
// running header of the 1990s records ("Security Council    3756th
// meeting" / "Fifty-second year    21 March 1997", S/PV.3756): its right
// half is flush right, far past the gutter, and would otherwise begin the
// right column and stay in a speech ("… 3756th meeting 21 March 1997 …").
func meetingHeader(r []rune, gutter int) bool {
	cut := gapStart(r, gutter)
	if strings.TrimSpace(string(r[:cut])) == "" {
		return false
	}
	return un.MeetingHeaderRight(strings.TrimSpace(string(r[cut:])))
}
