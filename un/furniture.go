package un

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page furniture is what a verbatim record prints on every page besides the
// speeches: the running header (date, agenda item and symbol, in either
// order: "16/01/2020 The situation in the Middle East S/PV.8704", "A/70/PV.16
// 29/09/2015"), the footer (job number and page counter "15-29431 27/51",
// "17-29597 (E) *1729597*"), rules ("________________") and the cover's
// notice on corrections. The extract stage drops it by position on the
// page; text that was OCR'd or extracted elsewhere (the UN Security Council
// Debates and UNGDC corpora) keeps it inside the speeches, often in the
// middle of a sentence. CleanText removes it there.

// RunningHeader is a record's running header found in a speech: the symbol
// and date of the record the page belongs to.
type RunningHeader struct {
	Symbol string // canonical: "A/70/PV.16"
	Date   string // ISO: "2015-09-29"; "" when the header prints none
}

var (
	// A verbatim-record symbol as a header prints it.
	reFurnSymbol = regexp.MustCompile(`\b` + printedSymbolExpr)
	// A header date: 16/01/2020.
	reFurnDate = regexp.MustCompile(`^` + headerDateExpr + `\b`)
	// The footer: job number, "(E)", barcode and page counter in any order
	// around the job number: "15-29431 27/51", "2/42 17-29597", "17-29597
	// (E) *1729597*", "20-00911".
	reFooter = regexp.MustCompile(footerExpr)
	// The footer of the records of sessions 60-66 as the UNGDC corpus
	// prints it: a bare page number beside the job number, on a line of
	// its own ("29 06-52879", "06-52879 28"). Only a whole line is taken:
	// inside a line a number before a job number may be text, and reFooter
	// alone left the page number glued to the next paragraph, splitting
	// the sentence the page break cut ("…respond today to the recent" /
	// "29 initiative of the League of Arab States…") in 1,178 + 1,196
	// footers of about 900 statements.
	lnFooter = regexp.MustCompile(`^[ \t]*(?:\d{1,3}[ \t]+` + jobExpr + `|` + jobExpr + `[ \t]+\d{1,3})[ \t]*$`)
	// The running header of the records of session 48 (1993), which gives
	// no symbol: "Forty-eighth session - 7 October l993 35" (odd pages:
	// date and page number, OCR's "l" for "1" included) and "36 General
	// Assembly - Forty-eighth session" (even pages), each a line of its
	// own. Left in, 607 of them in 171 statements sat inside sentences
	// ("…on which the United States Forty-eighth session - 7 October l993
	// 37 Government has based its decision"). The session's ordinal and
	// the month are the cover's words (ordinalWordExpr, monthExpr): on the
	// 1,569,011 lines of ungdc-full the same 607 lines match as when any
	// capitalised word stood for them.
	lnSessionHeader = regexp.MustCompile(`^[ \t]*(?:\d{1,3}[ \t]+General Assembly[ \t]*-[ \t]*` + ordinalWordExpr + `[ \t]+session|` + ordinalWordExpr + `[ \t]+session[ \t]*-[ \t]*\d{1,2}[ \t]+(?:` + monthExpr + `)[ \t]+[0-9l]{4}[ \t]+\d{1,3})[ \t]*$`)
	// The page number of the records of sessions 49-60 (1994-2005) as the
	// UNGDC corpus prints it: a line holding only the number, followed by
	// a blank line or by the header "General Assembly 21st plenary
	// meeting" ("22nd meeting" in session 49; in sessions 50-51 followed
	// by "Fiftieth session 9 October 1995").
	// Only the number line is cut (lineFurniture): 5,996 such lines in
	// 2,070 statements ended a sentence that went on after the page
	// ("…a peacekeeping operation engaging the 8" / "Commonwealth of
	// Independent States (CIS), whereby…", GEO_57_2002). A number alone on
	// a line that text follows is not taken.
	lnNumber = regexp.MustCompile(`^[ \t]*\d{1,3}[ \t]*$`)
	// That header, the number's neighbour, and the line of session and
	// date that may follow it (39 lines of ungdc-full, the same with the
	// cover's ordinals and date as with any capitalised words).
	lnPlenary     = regexp.MustCompile(`^General Assembly ` + meetingNumberExpr + `[ \t]*$`)
	lnSessionDate = regexp.MustCompile(`^` + ordinalWordExpr + ` session ` + printedDateExpr + `[ \t]*$`)
	reBarcode     = regexp.MustCompile(barcodeExpr)
	reRule        = regexp.MustCompile(`_{5,}`)
	// The cover's notice on corrections (noticeExpr).
	reNotice = regexp.MustCompile(noticeExpr)
	// The stamp of the Dag Hammarskjöld Library's scans, which the OCR of
	// the General Debate Corpus kept on a line of its own or inside a word
	// ("the delibera" "Digitized by Dag Hammarskjold Library" "Let us address",
	// USA 1975): 11 times in sessions 30 and 31.
	reScanStamp = regexp.MustCompile(`(?i)digiti[sz]ed by dag hammarskj[oö][il1]d library`)
)

// CleanText removes page furniture from the text of a speech: running
// headers, footers, rules and the notice on corrections, and joins the
// lines a page break split mid-sentence. symbol and agenda are the
// record's own symbol and agenda item when known (they let a header
// without a date be recognised: "Maintenance of international peace and
// security S/PV.8699 (Resumption 1)"); pass "" for a general-debate
// statement, whose record the corpus does not name. It also returns the
// running headers it removed, which name the record a statement was
// printed in. Markdown markup that converted statements kept (emphasis,
// headings, bullets, block quotes, thematic breaks) goes too; see markdown.
//
// A symbol the speaker cites ("(see S/PV.8585)", "in S/PV.8699 (Resumption
// 1) and …") is text, not furniture: only the record's own symbol, or a
// symbol printed right beside a header date, is taken for a header.
func CleanText(text, symbol, agenda string) (string, []RunningHeader) {
	own, _ := CanonicalSymbol(symbol)
	if !strings.Contains(symbol, "/PV") {
		own = ""
	}
	agendas := agendaForms(agenda)
	type span struct{ start, end int }
	var cut []span
	var headers []RunningHeader
	for _, m := range reFurnSymbol.FindAllStringIndex(text, -1) {
		sym, ok := CanonicalSymbol(text[m[0]:m[1]])
		if !ok || cited(text, m[0]) {
			continue
		}
		start, end := m[0], m[1]
		var date string
		// Extend over the date and the agenda item on either side.
		for changed := true; changed; {
			changed = false
			if n, d := dateAfter(text, end); n > 0 {
				end, date, changed = end+n, d, true
			} else if n := agendaAfter(text, end, agendas); n > 0 {
				end, changed = end+n, true
			} else if n, d := agendaThenDate(text, end); n > 0 && date == "" {
				end, date, changed = end+n, d, true
			}
			if n, d := dateBefore(text, start); n > 0 {
				start, date, changed = start-n, d, true
			} else if n := agendaBefore(text, start, agendas); n > 0 {
				start, changed = start-n, true
			}
		}
		if sym != own && date == "" {
			if lineHolds(text, start, end) {
				// A header that prints no date, on a line of its own
				// (the General Debate Corpus's statements of session 63:
				// "A/63/PV.13" beside the footer "08-53122 26"): no
				// speaker sets a symbol on a line alone. Left in, it sat
				// inside the sentence the page break cut. Not a running
				// header to place the statement by: it gives no date.
				cut = append(cut, span{start, end})
			}
			continue // a symbol in the text, not a header
		}
		cut = append(cut, span{start, end})
		headers = append(headers, RunningHeader{Symbol: sym, Date: date})
	}
	for _, re := range []*regexp.Regexp{reFooter, reBarcode, reRule, reNotice, reScanStamp} {
		if re == reScanStamp && !strings.Contains(text, "by Dag") && !strings.Contains(text, "BY DAG") {
			// A case-insensitive pattern costs seconds over the whole
			// corpus: it is tried only where the stamp can be.
			continue
		}
		for _, m := range re.FindAllStringIndex(text, -1) {
			cut = append(cut, span{m[0], m[1]})
		}
	}
	for _, sp := range lineFurniture(text) {
		cut = append(cut, span{sp[0], sp[1]})
	}
	// Each removed span becomes one mark, so that tidyLines knows where
	// the page breaks were.
	mark := byte(0)
	if strings.IndexByte(text, 0) >= 0 {
		mark = ' '
	}
	marked := text
	if len(cut) > 0 {
		// The spans may overlap; each run of them becomes one mark.
		keep := make([]bool, len(text))
		for i := range keep {
			keep[i] = true
		}
		for _, s := range cut {
			for i := s.start; i < s.end; i++ {
				keep[i] = false
			}
		}
		var b strings.Builder
		b.Grow(len(text))
		for i := 0; i < len(text); {
			if keep[i] {
				b.WriteByte(text[i])
				i++
				continue
			}
			for i < len(text) && !keep[i] {
				i++
			}
			b.WriteByte(mark)
		}
		marked = b.String()
	}
	// Markdown after furniture: a barcode ("*1729597*") is not emphasis.
	// Every text is tidied, whether or not it held furniture: a
	// statement's shape (lines joined, blank lines inside a sentence
	// gone, spaces collapsed) does not depend on whether its pages left
	// furniture in it. Until 2026-12-07 a text without furniture was
	// returned as it came: 7,108 of the 10,657 statement files of
	// ungdc-full, where 1,840 blank lines inside a sentence (a page break
	// the file kept: "…continued international" / "" / "financing, and…")
	// cut the sentence in two for the sentence splitter.
	marked, _ = markdown(marked, mark)
	return tidyLines(marked, mark, NewVocabulary(text)), headers
}

// cited reports whether the symbol at i is cited by the speaker: inside
// parentheses ("(see S/PV.8585)", "(S/PV.8185, p. 3)") or after "see".
func cited(text string, i int) bool {
	before := text[max(0, i-80):i]
	if open := strings.LastIndexByte(before, '('); open >= 0 && !strings.Contains(before[open:], ")") {
		return true
	}
	t := strings.TrimRight(before, " ")
	return strings.HasSuffix(t, "see") || strings.HasSuffix(t, "See") || strings.HasSuffix(t, "and") || strings.HasSuffix(t, ",")
}

// dateAfter reads a header date right after i (spaces between): its
// length from i and the ISO date.
func dateAfter(text string, i int) (int, string) {
	j := skipSpace(text, i)
	m := reFurnDate.FindStringSubmatch(text[j:])
	if m == nil {
		return 0, ""
	}
	return j - i + len(m[0]), m[3] + "-" + m[2] + "-" + m[1]
}

// dateBefore reads a header date right before i (spaces between).
func dateBefore(text string, i int) (int, string) {
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\n') {
		j--
	}
	if j < 10 {
		return 0, ""
	}
	m := reFurnDate.FindStringSubmatch(text[j-10 : j])
	if m == nil || (j > 10 && text[j-11] >= '0' && text[j-11] <= '9') {
		return 0, ""
	}
	return i - (j - 10), m[3] + "-" + m[2] + "-" + m[1]
}

// agendaThenDate reads "<agenda item> <date>" right after i: up to 150
// bytes of one line without a sentence end, then a date ("S/PV.8773
// Election of five members of the International Court of Justice
// 11/11/2020").
func agendaThenDate(text string, i int) (int, string) {
	rest := text[i:min(len(text), i+170)]
	for k := 0; k < len(rest) && k <= 150; k++ {
		c := rest[k]
		if c == '\n' || (c == '.' || c == '?' || c == '!') && k+1 < len(rest) && rest[k+1] == ' ' {
			return 0, ""
		}
		if c >= '0' && c <= '9' && k > 0 && rest[k-1] == ' ' {
			if m := reFurnDate.FindStringSubmatch(rest[k:]); m != nil {
				return k + len(m[0]), m[3] + "-" + m[2] + "-" + m[1]
			}
		}
	}
	return 0, ""
}

// agendaAfter and agendaBefore read one of the record's agenda forms right
// after or before i, ignoring case.
func agendaAfter(text string, i int, forms []string) int {
	j := skipSpace(text, i)
	for _, f := range forms {
		if len(text)-j >= len(f) && strings.EqualFold(text[j:j+len(f)], f) && !wordContinues(text, j+len(f)) {
			return j - i + len(f)
		}
	}
	return 0
}

func agendaBefore(text string, i int, forms []string) int {
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\n') {
		j--
	}
	for _, f := range forms {
		if j >= len(f) && strings.EqualFold(text[j-len(f):j], f) {
			return i - (j - len(f))
		}
	}
	return 0
}

// agendaForms are the ways a header prints an agenda item: as listed, and
// its title before a colon or a parenthesis ("Maintenance of international
// peace and security: Upholding the United Nations Charter" →
// "Maintenance of international peace and security"), longest first.
// Forms shorter than three words are left out: they could be text.
func agendaForms(agenda string) []string {
	agenda = strings.Join(strings.Fields(agenda), " ")
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;:"))
		if len(strings.Fields(s)) >= 3 && !containsFold(out, s) {
			out = append(out, s)
		}
	}
	add(agenda)
	for _, sep := range []string{":", " (", " [", " - ", " — "} {
		if k := strings.Index(agenda, sep); k > 0 {
			add(agenda[:k])
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func skipSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\n') {
		i++
	}
	return i
}

func wordContinues(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tidyLines collapses spaces (those furniture left are marked by NUL
// bytes, or by spaces: mark), drops lines furniture emptied and joins the lines a page break split
// mid-sentence: across removed furniture when the line before does not end
// a sentence, elsewhere when it does not and the next line starts in lower
// case. A line ending in a hyphen after a letter joins the next without a
// space when that starts with a letter (JoinHyphenated, with the words of
// vocab, the text before cleaning): "sixty-" / "eighth" is "sixty-eighth",
// not "sixty- eighth" as before in every statement that held furniture.
func tidyLines(s string, mark byte, vocab *Vocabulary) string {
	type line struct {
		text      string
		furniture bool // emptied by furniture removal
	}
	var lines []line
	for _, l := range strings.Split(s, "\n") {
		// The marks are NUL bytes unless the text holds some (mark is
		// then a space, and furniture lines are not told apart).
		furn := mark == 0 && strings.IndexByte(l, 0) >= 0
		if furn {
			l = strings.ReplaceAll(l, "\x00", " ")
		}
		l = strings.Join(strings.Fields(l), " ")
		lines = append(lines, line{l, furn && l == ""})
	}
	b := make([]byte, 0, len(s))
	last := ""
	blank, pageBreak := false, false
	for _, l := range lines {
		switch {
		case l.furniture:
			pageBreak = true
			continue
		case l.text == "":
			blank = true
			continue
		}
		if last != "" {
			r, _ := utf8.DecodeRuneInString(l.text)
			// A line holding a paragraph (longer than a page's line) that
			// ends in a hyphen before a capital ends with the OCR's hyphen
			// for a full stop ("…is unacceptable-" / "I turn now to…",
			// TTO_42_1987): it is not joined.
			if joined, ok := JoinHyphenated(last, l.text, vocab.Has); ok && (len(last) <= MaxWrappedLine || !unicode.IsUpper(r)) {
				// A word broken after a hyphen: joined without a space,
				// across a page break or a blank line too ("sixty-" /
				// "eighth"; "interna-" / "tional" loses its hyphen).
				b = append(b[:len(b)-len(last)], joined...)
				blank, pageBreak = false, false
				last = l.text
				continue
			}
			switch {
			case !EndsParagraph(last) && (pageBreak || unicode.IsLower(r)):
				b = append(b, ' ')
			case blank:
				b = append(b, "\n\n"...)
			default:
				b = append(b, '\n')
			}
		}
		blank, pageBreak = false, false
		b = append(b, l.text...)
		last = l.text
	}
	return string(b)
}

// EndsParagraph reports whether text ends like a paragraph: a full stop,
// question or exclamation mark, colon or semicolon, possibly inside quotes
// or brackets. Text cleaning here and in the extract stage joins lines that
// do not.
func EndsParagraph(s string) bool {
	s = strings.TrimRight(s, "”’\")] ")
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', '?', '!', ':', ';':
		return true
	}
	return false
}

// MaxWrappedLine is the longest line a hard-wrapped page of the General
// Debate Corpus holds: a longer line is a paragraph (the statements where a
// fifth of the lines are longer hold a paragraph a line: most sessions
// before 1992 and since 2015). CleanText and the UNGDC importer share it.
const MaxWrappedLine = 110

// lineHolds reports whether text[start:end] is all its line holds but
// spaces and tabs.
func lineHolds(text string, start, end int) bool {
	before := text[:start]
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	after := text[end:]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	return strings.Trim(before, " \t\r") == "" && strings.Trim(after, " \t\r") == ""
}

// lineFurniture returns the spans of the furniture that fills lines of
// its own (lnFooter, lnSessionHeader, lnPlenary with the lnSessionDate
// line after it, and an lnNumber line before a blank line or that header).
// It reads the text line by line, and tries a pattern only on a line that
// can start it: scanning the whole text with multi-line patterns took
// about 18 of the 60 CPU-seconds of importing every general-debate
// statement.
func lineFurniture(text string) [][2]int {
	type line struct{ start, end int } // text[start:end], without "\n"
	var lines []line
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			lines = append(lines, line{start, len(text)})
			break
		}
		lines = append(lines, line{start, start + end})
		start += end + 1
	}
	// terminated: the line is followed by "\n".
	terminated := func(i int) bool { return i < len(lines)-1 }
	str := func(i int) string { return text[lines[i].start:lines[i].end] }
	first := func(i int) byte {
		l := strings.TrimLeft(str(i), " \t")
		if l == "" {
			return 0
		}
		return l[0]
	}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	isUpper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	// plenary reports how many lines the header at line i holds (0: none):
	// the optional session line is taken when it follows.
	plenary := func(i int) int {
		if !strings.HasPrefix(str(i), "General Assembly ") || !lnPlenary.MatchString(str(i)) {
			return 0
		}
		if terminated(i) && lnSessionDate.MatchString(str(i+1)) {
			return 2
		}
		return 1
	}
	var out [][2]int
	// Each kind is read over the whole text on its own, as its own
	// pattern would be: their spans may overlap, and CleanText merges them.
	for i := range lines {
		switch c := first(i); {
		case isDigit(c) && lnFooter.MatchString(str(i)),
			(isDigit(c) || isUpper(c)) && lnSessionHeader.MatchString(str(i)):
			out = append(out, [2]int{lines[i].start, lines[i].end})
		}
	}
	for i := 0; i < len(lines); i++ {
		if n := plenary(i); n > 0 {
			out = append(out, [2]int{lines[i].start, lines[i+n-1].end})
			i += n - 1
		}
	}
	for i := 0; i < len(lines); i++ {
		if !terminated(i) || !isDigit(first(i)) || !lnNumber.MatchString(str(i)) {
			continue
		}
		next := i + 1
		switch {
		case strings.Trim(str(next), " \t") == "" && terminated(next):
			out = append(out, [2]int{lines[i].start, lines[i].end})
			i = next // the match ends with the blank line
		case plenary(next) == 2 && terminated(next+1):
			out = append(out, [2]int{lines[i].start, lines[i].end})
			i = next + 1
		case plenary(next) > 0 && terminated(next):
			out = append(out, [2]int{lines[i].start, lines[i].end})
			i = next
		}
	}
	return out
}

// reParagraphNumber matches the number the General Assembly's records gave
// each paragraph until 1984 ("63.\tI want also to pay a tribute…", "2.
// Madam President"), as the General Debate Corpus keeps it at a line's
// start: up to three digits, a full stop, then a tab or spaces before the
// text, or before the line's end when the text begins on the next line
// ("64.\t", 22 lines of ungdc-full).
var reParagraphNumber = regexp.MustCompile(`^[ \t\r]*(\d{1,3})\.([ \t]+)(?:\S|$)`)

// ParagraphNumber returns the paragraph number line starts with (number),
// the length of its text, the spaces after it included (n, 0 when there is
// none), and whether a tab follows it. A record's paragraph numbers are
// not the speaker's words: left in, they open a sentence in every quote
// ("82. Principles of mutual restraint…"), and a sentence coded before
// they were removed is found again without them. Where a statement file
// holds two statements, its numbering starting again tells where
// (corpora's splitting).
func ParagraphNumber(line string) (number, n int, tab bool) {
	m := reParagraphNumber.FindStringSubmatchIndex(line)
	if m == nil {
		return 0, 0, false
	}
	number, _ = strconv.Atoi(line[m[2]:m[3]])
	return number, m[5], strings.IndexByte(line[m[4]:m[5]], '\t') >= 0
}
