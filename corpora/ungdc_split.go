package corpora

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/unpv/unpv/un"
)

// secondStatementSeq is what a statement file's later statements add to
// the delegation's speech number (DelegationSeq): the file's second
// statement is Seq+1,000,000, its third Seq+2,000,000. It is larger than
// any code of up to four letters reads as (ZZZZ = 475,254), so ids never
// collide and stay the same whichever statements are imported.
const secondStatementSeq = 1_000_000

// numberRun is a run of paragraphs numbered one after the other (a gap of
// up to two numbers is a paragraph OCR lost or misread): its first and
// last line and the numbers they carry.
type numberRun struct {
	firstLine, lastLine int
	from, to, n         int
}

// numberingRestarts returns the lines of text where its paragraph
// numbering starts again: the first line of a run of at least two
// numbered paragraphs whose first number is more than three below the
// last of the run of at least two before it (a new meeting's record: "106."
// then "1."), or more than ten above it ("46." then "164."). The General
// Assembly numbers paragraphs per meeting, and the corpus gives each
// speaker's statements of one general debate as one file, one after the
// other: Khrushchev's 1959 statement ends at paragraph 106 and Kuznetsov's
// reply, at a later meeting, starts at 1. A repeated or slightly lower
// number ("93." then "93.") is a paragraph a page break split; a single
// stray number is OCR. Where the statement before ends unnumbered, the
// line is moved up to the paragraph standing right above the run, without
// a blank line between: the corpus removed the speaker's label from each
// statement's first paragraph, and its number with it ("First, I should
// like to thank the President…" then "4. It is a great pleasure…").
func numberingRestarts(lines []string) []int {
	var runs []numberRun
	for i, l := range lines {
		// A paragraph the verbatim record numbered: "38.\tI had never
		// imagined…", "2. Madam President".
		n, length, _ := un.ParagraphNumber(l)
		if length == 0 {
			continue
		}
		if k := len(runs) - 1; k >= 0 && n-runs[k].to >= 1 && n-runs[k].to <= 3 {
			runs[k].lastLine, runs[k].to = i, n
			runs[k].n++
			continue
		}
		runs = append(runs, numberRun{firstLine: i, lastLine: i, from: n, to: n, n: 1})
	}
	var out []int
	var prev *numberRun
	for i := range runs {
		r := &runs[i]
		if r.n < 2 {
			continue
		}
		if prev != nil && (r.from < prev.to-3 || r.from > prev.to+10) {
			out = append(out, statementStart(lines, prev.lastLine, r.firstLine))
		}
		prev = r
	}
	return out
}

// statementStart is the line a statement whose first numbered paragraph
// is at line first starts at: the block of non-blank lines right above it,
// when no numbered line (the statement before, last numbered at line
// after) is part of that block; else first.
func statementStart(lines []string, after, first int) int {
	start := first
	for i := first - 1; i > after; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			return start
		}
		start = i
	}
	return first
}

// splitStatements cuts a statement file's text into the statements it
// holds when the speakers table names more than one speaker for it: at its
// numbering restarts (numberingRestarts), when there is one fewer of them
// than speakers and the text numbers its paragraphs (paragraphNumbered),
// each statement going to the speaker in the table's order. Otherwise the
// text is one statement. Of the 17 (session, code) pairs the UNGDC table
// names twice, 14 files restart their numbering exactly once
// (docs/sources.md).
func splitStatements(text string, speakers int) []string {
	if speakers < 2 {
		return []string{text}
	}
	lines := strings.Split(text, "\n")
	cuts := numberingRestarts(lines)
	if len(cuts) != speakers-1 || !paragraphNumbered(lines) {
		return []string{text}
	}
	parts := make([]string, 0, speakers)
	from := 0
	for _, c := range append(cuts, len(lines)) {
		parts = append(parts, strings.TrimSpace(strings.Join(lines[from:c], "\n")))
		from = c
	}
	return parts
}

// paragraphNumbered reports whether at least half of the text's non-blank
// lines are numbered paragraphs, as in a verbatim record (the 14 files
// split on the whole corpus: 85 to 100%). In unnumbered prose, numbered
// lines are a list, and two lists restart the numbering without a second
// statement (the Soviet Union's 1947 statement: points 1–8, then 1–4, 12
// of its 135 lines), which must not be split when the speakers table
// names its speaker twice.
func paragraphNumbered(lines []string) bool {
	var numbered, nonBlank int
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		nonBlank++
		if _, n, _ := un.ParagraphNumber(l); n > 0 {
			numbered++
		}
	}
	return 2*numbered >= nonBlank
}

// openingLabelRe matches a speaker's label the corpus left at a statement's
// start: "1.\tMr. JAWAD (Iraq): The thirteenth session…".
var openingLabelRe = regexp.MustCompile(`^\s*(?:\d{1,3}\.\s*)?[^:\n]{1,80}\([^()\n]{2,80}\)\s*:`)

// pickSpeaker chooses, of the speakers-table rows naming two or more
// people for one statement the file holds whole, the one who gave it: the
// first row whose name the statement does not mention. A statement names
// other people in the third person, its head of State among them (the
// Ethiopian Foreign Minister's 1960 statement reads the Emperor's message
// and names "Haile Selassie"), but not its speaker, whose label the corpus
// removed (a label left at the start is not counted as a mention). When
// every row's name is mentioned, or none is, the first row stands.
func pickSpeaker(rows []ungdcSpeaker, text string) ungdcSpeaker {
	if loc := openingLabelRe.FindStringIndex(text); loc != nil {
		text = text[loc[1]:]
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words[strings.ToLower(w)] = true
	}
	for _, r := range rows {
		if !mentioned(r.name, words) {
			return r
		}
	}
	return rows[0]
}

// mentioned reports whether a word of name (one of four letters or more,
// not a title: "Mr. Nikita S. KHRUSHCHEV" → nikita, khrushchev) is among
// words.
func mentioned(name string, words map[string]bool) bool {
	for _, w := range strings.Fields(name) {
		w = strings.ToLower(strings.Trim(w, ".,;:"))
		if len([]rune(w)) < 4 || strings.Contains(w, ".") || nameTitles[w] {
			continue
		}
		if words[w] {
			return true
		}
	}
	return false
}

// nameTitles are the titles the speakers table puts before names ("H.M.
// King FREDERIK IX", "Sheikh …"): words of no one name.
var nameTitles = map[string]bool{
	"king": true, "queen": true, "prince": true, "princess": true, "emperor": true, "sheikh": true,
	"shaikh": true, "sultan": true, "emir": true, "amir": true, "lord": true, "dame": true,
	"madam": true, "madame": true, "mme": true, "mrs": true, "miss": true, "general": true,
	"president": true, "prime": true, "minister": true, "excellency": true, "highness": true,
	"majesty": true, "prof": true,
}
