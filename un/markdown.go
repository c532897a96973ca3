package un

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Some statements of the UNGDC corpus's 2024 session were converted to
// text through Markdown and kept its markup: emphasis ("**BRICS, SCO,
// CIS**", "*Pact for the Future*"), headings ("### II. Armed Conflicts"),
// bullets, block quotes and thematic breaks ("---", "*****"). Older
// statements have "*" only as OCR noise ("the** natural", "cc-operate
// fully *with") or a footnote mark ("war.*"), never as a "**…**" pair, and
// "-" at a line start often as a dash a line break moved ("Europe\n- more
// Europe rather than less Europe - would"). markdown removes the markup and
// leaves those alone (docs/sources.md has the counts).

var (
	// A line of markers only: a thematic break ("---", "*****", "* * *") or
	// an empty bullet ("*").
	reMDBreak = regexp.MustCompile(`^[ \t]*(?:[-*_•][ \t]*)+$`)
	// A thematic break as Markdown writes it: with a heading or a "**…**"
	// pair, what shows that a text is Markdown.
	reMDRule = regexp.MustCompile(`^ {0,3}(?:(?:- *){3,}|(?:\* *){3,})$`)
	// An ATX heading, its optional closing hashes dropped.
	reMDHeading = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	// Block-quote markers, nested or not.
	reMDQuote = regexp.MustCompile(`^(?: {0,3}>[ \t]?)+`)
	// A bullet: "-", "*" or "+" before white space, or "•".
	reMDBullet = regexp.MustCompile(`^[ \t]*(?:[-*+][ \t]+|•[ \t]*)`)
	// A thematic break printed at the start of a paragraph's first line
	// ("*************** Youth represents our common future.", UZB_79_2024).
	reMDRuleLead = regexp.MustCompile(`^[ \t]*(?:\*{3,}|-{3,})[ \t]+`)
	// One glued to the end of a paragraph's last line ("debt
	// vulnerabilities. ***", KAZ_76_2021).
	reMDRuleTrail = regexp.MustCompile(`[ \t]+(?:\*{3,}|-{3,})[ \t]*$`)
	// A heading that only counts pages ("### Page 3 (continued):"): furniture.
	reMDPage = regexp.MustCompile(`^Page \d+(?: \(continued\))?:?$`)
)

// markdown removes Markdown markup from text whose page furniture has been
// replaced by mark bytes: emphasis delimiters paired in a paragraph,
// heading hashes (a heading becomes a paragraph of its own; a heading that
// only counts pages becomes furniture, a mark), block-quote markers, bullet
// markers at a line start and lines of markers only (thematic breaks,
// which end a paragraph). A "-", "*" or "+" is a bullet only where a list
// can start or go on: on the first line, after a blank line, a heading, a
// line that ends a sentence, clause or lead-in (un.EndsParagraph) or
// another bullet of the same paragraph; elsewhere it continues the line
// before. Unpaired asterisks stay, and single ones pair only in a text
// that shows Markdown otherwise (emphasis). changed reports whether
// anything was removed.
func markdown(text string, mark byte) (out string, changed bool) {
	if !strings.ContainsAny(text, "*#>-+•_") {
		return text, false
	}
	lines := strings.Split(text, "\n")
	prev := ""            // the line before, quote markers removed
	inList := false       // a bullet was seen in this paragraph
	afterHeading := false // the line before was a heading
	structure := false    // a heading or a thematic break was seen
	for i, l := range lines {
		raw := l
		if m := reMDQuote.FindString(l); m != "" {
			l = l[len(m):]
		}
		heading := false
		switch {
		case strings.TrimSpace(l) == "":
			inList = false
		case reMDBreak.MatchString(l):
			structure = structure || reMDRule.MatchString(strings.TrimRight(l, " \t"))
			l = ""
			inList = false
		case reMDHeading.MatchString(l):
			h := strings.TrimSpace(reMDHeading.FindStringSubmatch(l)[1])
			if reMDPage.MatchString(h) {
				l = string(mark)
			} else {
				l = "\n" + h + "\n"
			}
			inList, heading, structure = false, true, true
		case reMDRuleLead.MatchString(l):
			l = "\n" + l[len(reMDRuleLead.FindString(l)):]
			inList, structure = false, true
		default:
			if m := reMDBullet.FindString(l); m != "" {
				p := strings.TrimSpace(prev)
				if strings.Contains(m, "•") || i == 0 || p == "" || inList || afterHeading || EndsParagraph(p) {
					l = l[len(m):]
					inList = true
				}
			}
		}
		if m := reMDRuleTrail.FindStringIndex(l); m != nil && !heading {
			l = l[:m[0]] + "\n"
			inList, structure = false, true
		}
		prev, afterHeading = l, heading
		if l != raw {
			changed = true
			lines[i] = l
		}
	}
	out = strings.Join(lines, "\n")
	cut := emphasis(out, structure)
	if len(cut) > 0 && !structure {
		// Paired strong emphasis shows Markdown as well as structure does.
		cut = emphasis(out, true)
	}
	if len(cut) > 0 {
		var b strings.Builder
		b.Grow(len(out))
		last := 0
		for _, c := range cut {
			b.WriteString(out[last:c[0]])
			last = c[1]
		}
		b.WriteString(out[last:])
		out, changed = b.String(), true
	}
	if !changed {
		return text, false
	}
	return out, true
}

// emphasis returns the byte spans of the emphasis delimiters in text, in
// order: runs of asterisks that open (white space or punctuation before,
// none after) and close (none before, white space or punctuation after) a
// span of the same paragraph, matched as CommonMark matches them, the
// nearest opener of the same length first. A run that cannot be matched is
// text. Single asterisks count only when single is true: OCR'd statements
// scatter them in pairs that look like emphasis ("cc-operate fully *with
// these multilateral agencies … in order* to help", JPN_16_1961), so they
// are taken for emphasis only in a text that shows Markdown otherwise.
func emphasis(text string, single bool) [][2]int {
	type run struct{ start, end int }
	var stack []run
	var cut [][2]int
	space := func(r rune) bool { return r == 0 || unicode.IsSpace(r) } // NUL: removed furniture
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(text); {
		switch text[i] {
		case '\n':
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == 0) {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				stack = stack[:0] // a blank line ends the paragraph
			}
			i = j
			continue
		case '*':
		default:
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] == '*' {
			j++
		}
		if j-i == 1 && !single {
			i = j
			continue
		}
		before, after := ' ', ' '
		if i > 0 {
			before, _ = utf8.DecodeLastRuneInString(text[:i])
		}
		if j < len(text) {
			after, _ = utf8.DecodeRuneInString(text[j:])
		}
		// Inside a word ("the** natural" is OCR noise, "Sahel**ian" would
		// be intraword emphasis) a run neither opens nor closes.
		inside := word(before) && word(after)
		closes := !space(before) && !inside
		opens := !space(after) && !inside
		matched := false
		if closes {
			for k := len(stack) - 1; k >= 0; k-- {
				if o := stack[k]; o.end-o.start == j-i {
					cut = append(cut, [2]int{o.start, o.end}, [2]int{i, j})
					stack = stack[:k]
					matched = true
					break
				}
			}
		}
		if !matched && opens {
			stack = append(stack, run{i, j})
		}
		i = j
	}
	// An outer pair is found after the pairs inside it.
	slices.SortFunc(cut, func(a, b [2]int) int { return a[0] - b[0] })
	return cut
}
