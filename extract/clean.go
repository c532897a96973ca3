package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv/un"
)

// line is one non-furniture line of a record with the page it came from.
type line struct {
	text    string
	page    int
	pageEnd bool // the blank that closes a page (not a paragraph break)
	// pageNumber marks, as a blank, the page's own number that pdftotext
	// put inside the page (ownPage): where a column or a page ended.
	pageNumber bool
}

// pageMark stands in stripPage's output for the page's own number found
// inside the page; no line holds a form feed, which parts the pages.
const pageMark = "\f"

// paraBreak marks a blank line inside a speech; joinLines turns it into a
// paragraph break when the text before it ends a sentence.
const paraBreak = "\n"

// reMultiSpace is the gap between the words of a letter-spaced line.
var reMultiSpace = regexp.MustCompile(` {2,}`)

// zoneLines is how many non-blank lines at the top and bottom of a page may
// be running headers or footers.
const zoneLines = 6

// normalise checks the text and unifies engine artefacts: the backspace
// that InDesign PDFs put between footer items becomes a line break,
// no-break spaces become spaces, carriage returns go.
func normalise(text string) (string, string) {
	if !utf8.ValidString(text) {
		return "", "text is not valid UTF-8"
	}
	if strings.ContainsRune(text, 0) {
		return "", "text contains NUL bytes (binary, not text)"
	}
	r := strings.NewReplacer("\x08", "\n", "\u00a0", " ", "\r\n", "\n", "\r", "\n", "\u00ad", "", "\ufeff", "")
	return r.Replace(text), ""
}

// splitPages splits engine output on form feeds; each page is a slice of
// lines with trailing space trimmed.
func splitPages(text string) [][]string {
	raw := strings.Split(text, "\f")
	// A final form feed leaves an empty last page.
	for len(raw) > 0 && strings.TrimSpace(raw[len(raw)-1]) == "" {
		raw = raw[:len(raw)-1]
	}
	pages := make([][]string, len(raw))
	for i, p := range raw {
		ls := strings.Split(p, "\n")
		for j, l := range ls {
			ls[j] = strings.TrimSpace(collapseSpaces(unspace(strings.TrimSpace(l))))
		}
		pages[i] = ls
	}
	return pages
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, "\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// zoneFurniture finds running headers and footers: non-blank lines that
// recur in the header or footer zone of many pages (agenda title,
// "General Assembly - Forty-eighth session", "46th meeting - Monday, 1
// November 1993").
func zoneFurniture(pages [][]string) map[string]bool {
	count := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, l := range zone(p) {
			k := furnitureKey(l)
			if len(l) >= 6 && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	min := len(pages) * 3 / 10
	if min < 2 {
		min = 2
	}
	set := map[string]bool{}
	for l, n := range count {
		if n >= min {
			set[l] = true
		}
	}
	return set
}

// zone returns the first and last zoneLines non-blank lines of a page.
func zone(p []string) []string {
	var nb []string
	for _, l := range p {
		if l != "" {
			nb = append(nb, l)
		}
	}
	if len(nb) <= 2*zoneLines {
		return nb
	}
	return append(nb[:zoneLines:zoneLines], nb[len(nb)-zoneLines:]...)
}

// furnitureKey folds digits so that running headers that carry the page
// number ("46th meeting - Monday, 1 November 1993 3") recur as one line.
func furnitureKey(l string) string {
	if strings.IndexFunc(l, unicode.IsDigit) < 0 {
		return l
	}
	b := []byte(l)
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] >= '0' && b[i] <= '9' {
			if len(out) == 0 || out[len(out)-1] != '#' {
				out = append(out, '#')
			}
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

// anywhereFurniture is the furniture that is never the speakers' text,
// wherever on a page the engine put it: the footer (un.FooterLine) and
// the cover's "Distr. GENERAL".
func anywhereFurniture(l string) bool {
	return un.FooterLine(l) || strings.HasPrefix(l, un.DistributionMark) && un.DistributionLine(l)
}

// zoneFurnitureLine is the furniture of a page's top and bottom: besides
// anywhereFurniture, page numbers, the running header, the symbol on a
// line of its own, the cover's distribution block, and whatever recurs
// there on many pages (rep).
func zoneFurnitureLine(l string, rep map[string]bool) bool {
	if anywhereFurniture(l) || un.DistributionLine(l) || rep[furnitureKey(l)] {
		return true
	}
	if _, _, ok := un.PageNumber(l); ok {
		return true
	}
	if _, ok := un.RunningHeaderLine(l); ok {
		return true
	}
	_, ok := un.SymbolLine(l)
	return ok
}

// stripPage drops furniture from the top and bottom of a page and
// furniture that is unambiguous anywhere, and returns the remaining lines.
// Blank lines are kept as "" so that paragraph ends stay visible. n is
// the page's number in the text (from 1, the cover), total the text's
// page count, own the record's canonical symbol (from its cover), "" when
// unknown.
func stripPage(p []string, rep map[string]bool, n, total int, own string) []string {
	pageOf := func(l string) bool {
		// "21/22" mid-page is a footer when 22 is the page count; any
		// other "76/305" is text (a resolution number).
		_, of, ok := un.PageNumber(l)
		return ok && of == total && total > 1
	}
	// blanks reports whether the line at i stands between blank lines (or
	// the page's edges), as pdftotext writes a header or a page number it
	// puts inside the page.
	blanks := func(i int) bool { return (i == 0 || p[i-1] == "") && (i+1 == len(p) || p[i+1] == "") }
	lo, hi := 0, len(p)
	for lo < hi && (p[lo] == "" || zoneFurnitureLine(p[lo], rep)) {
		lo++
	}
	for hi > lo && (p[hi-1] == "" || zoneFurnitureLine(p[hi-1], rep)) {
		hi--
	}
	out := make([]string, 0, hi-lo)
	cover := false // the line before was the cover's "Distr." or the record's symbol
	for i := lo; i < hi; i++ {
		l := p[i]
		// Inside the page only unambiguous furniture goes: job numbers,
		// barcodes, the date header, the record's own symbol alone on a
		// line, the page's own number between blank lines, and recurring
		// header lines long enough not to be ordinary text. (pdftotext
		// puts InDesign headers, and the page numbers of older records,
		// mid-page.)
		if l == "" {
			out = append(out, l)
			cover = false
			continue
		}
		c := l[0]
		numeric := c >= '0' && c <= '9' || c == '*' || c == 'D'
		if numeric && ownPage(l, n) && blanks(i) {
			out = append(out, pageMark)
			cover = false
			continue
		}
		if numeric && (anywhereFurniture(l) || headerDate(l) || pageOf(l)) || (len(l) > 12 && len(rep) > 0 && rep[furnitureKey(l)]) {
			cover = strings.HasPrefix(l, un.DistributionMark)
			continue
		}
		if ownSymbol(l, own) || cover && un.DistributionLine(l) {
			cover = true
			continue
		}
		cover = false
		out = append(out, l)
	}
	return out
}

// ownPage reports whether l is the page's own number alone ("2" on page 2):
// pdftotext puts the number that older records print at a page's outer
// corner (A/48/PV.46 to A/65/PV.71, S/PV.3756) between a paragraph's lines
// on 58 pages of the texts at hand ("…created through" / "8" / "multilateral
// regional forums…", A/61/PV.107). Any other number stays: "9" between "on"
// and "September" is a date mutool broke over lines.
func ownPage(l string, n int) bool {
	page, of, ok := un.PageNumber(l)
	return ok && of == 0 && page == n
}

// ownSymbol reports whether l is the record's own symbol on a line of its
// own: the running header of InDesign records, which pdftotext puts
// inside the page between the lines of a paragraph ("…which resulted in a
// consensus" / "A/76/PV.102" / "outcome for…", eleven times in A/76/PV.102),
// or the cover's symbol that pdftotext puts below the first column of
// A/48/PV.46 ("Distr. GENERAL" / "A/48/PV.46" / "22 November 1993"). The
// symbol must be the record's own, resumption included: "S/PV.8706" alone
// in S/PV.8706 (Resumption 1) names the meeting's first part. A speaker
// who cites a record does so inside a sentence ("(see S/PV.8706).") and
// never prints the line alone.
func ownSymbol(l, own string) bool {
	if own == "" || (l[0] != 'S' && l[0] != 'A') {
		return false
	}
	info, ok := un.SymbolLine(l)
	return ok && info.Symbol == own
}

// headerDate reports whether l is the running header's date alone
// ("15/10/2020"), which pdftotext puts on a line of its own inside the page.
func headerDate(l string) bool {
	h, ok := un.RunningHeaderLine(l)
	return ok && h.Symbol == ""
}

// dropNotice removes the corrections notice ("This record contains the
// text of speeches delivered in English…") wherever it appears. A line
// that holds a whole paragraph of it is dropped on its own: the 1993
// records print the second paragraph, "Corrections will be issued after
// the end of the session in a consolidated corrigendum.", below the
// distribution block, apart from the first (A/48/PV.46), where it was left
// inside the speech that the cover's column began.
func dropNotice(ls []line) []line {
	out := ls[:0:0]
	for i := 0; i < len(ls); i++ {
		start, more, end := un.NoticeLine(ls[i].text)
		if more && end {
			continue
		}
		if !start {
			out = append(out, ls[i])
			continue
		}
		// The notice is one paragraph of at most ~9 lines; it ends at a
		// blank line or with a sentence that closes a paragraph.
		j := i
		for ; j < len(ls) && j < i+12; j++ {
			t := ls[j].text
			if t == "" && j > i {
				break
			}
			start, _, end := un.NoticeLine(t)
			if j > i && (isLabelStart(t) || start) {
				j--
				break
			}
			if end {
				break
			}
		}
		// "Corrections will be issued after the end of the session…" may
		// follow after a blank line.
		k := j + 1
		for k < len(ls) && ls[k].text == "" {
			k++
		}
		if k < len(ls) {
			if _, more, _ := un.NoticeLine(ls[k].text); more {
				j = k
				for j+1 < len(ls) && ls[j+1].text != "" && !strings.HasSuffix(ls[j].text, ".") {
					j++
				}
			}
		}
		i = j
	}
	return out
}

// lazyWords is the record's vocabulary, consulted for the few line-end
// hyphens that are not obvious compounds: un.Vocabulary of the body text,
// which is joined on first use (most records ask nothing).
type lazyWords struct {
	ls    []line
	set   map[string]bool // fixed vocabulary (tests)
	vocab *un.Vocabulary
}

func (w *lazyWords) has(word string) bool {
	if w == nil {
		return false
	}
	if w.set != nil {
		return w.set[word]
	}
	if w.vocab == nil {
		var b strings.Builder
		for _, l := range w.ls {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		w.vocab = un.NewVocabulary(b.String())
	}
	return w.vocab.Has(word)
}

// joinLines joins wrapped lines into running text. A line ending in a
// hyphen after a letter is a compound split at the line end ("Secretary-"
// / "General", "Timor-" / "Leste") and keeps its hyphen, unless the record
// itself spells the joined word without one ("incorpo-" / "rate").
func joinLines(parts []string, words *lazyWords) string {
	var b strings.Builder
	para := false
	for _, p := range parts {
		if p == paraBreak {
			para = true
			continue
		}
		if p == "" {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(p)
			para = false
			continue
		}
		s := b.String()
		// A blank line after a finished sentence starts a new paragraph
		// (a blank after an unfinished line is layout: mutool prints the
		// first line of a paragraph as a block of its own).
		if para && un.EndsParagraph(s) {
			b.WriteByte('\n')
			b.WriteString(p)
			para = false
			continue
		}
		para = false
		// A line-end hyphen joins by un's rule, which CleanText shares.
		if joined, ok := un.JoinHyphenated(s, p, words.has); ok {
			b.Reset()
			b.WriteString(joined)
			continue
		}
		b.WriteByte(' ')
		b.WriteString(p)
	}
	return b.String()
}

// implausibleShare estimates how much of a text is OCR garbage: the share of
// words that mix letters with digits or odd symbols, or have capitals after
// lower-case letters ("tra1lslatt'cf", "PlœslDENT"). Born-digital records
// score 0.002–0.015; the 1950 scan's hidden OCR layer 0.086.
func implausibleShare(text string) (float64, int) {
	bad, n := 0, 0
	// 60 KB of text (some 10,000 words) is plenty for an estimate.
	if len(text) > 60_000 {
		text = text[:60_000]
	}
	for _, w := range strings.Fields(text) {
		if strings.Contains(w, "/") {
			continue // document symbols: A/76/L.86, S/2020/27
		}
		w = strings.Trim(w, ".,;:!?()[]“”\"‘’'«»—–-*")
		if len(w) < 3 {
			continue
		}
		n++
		// Letter/digit switches: "21st", "G20", "COVID-19" have at most
		// one; OCR noise like "tra1lslatt" has more.
		odd, switches, lowerThenUpper := 0, 0, false
		prevLower, prevKind := false, 0 // 1 letter, 2 digit
		for _, r := range w {
			kind := 0
			switch {
			case unicode.IsLetter(r):
				kind = 1
				if unicode.IsUpper(r) && prevLower {
					lowerThenUpper = true
				}
				prevLower = unicode.IsLower(r)
			case unicode.IsDigit(r):
				kind = 2
			case strings.ContainsRune("-'’./,%&", r):
			default:
				odd++
			}
			if kind != 0 {
				if prevKind != 0 && kind != prevKind {
					switches++
				}
				prevKind = kind
			}
		}
		if odd > 0 || switches > 1 || lowerThenUpper {
			bad++
		}
	}
	if n == 0 {
		return 1, 0
	}
	return float64(bad) / float64(n), n
}

// unspace undoes letter-spacing in justified lines ("M a u r i t a n i a ,"
// in 1993 records): a run of four or more single letters separated by
// single spaces becomes one word.
func unspace(l string) string {
	if !strings.Contains(l, " ") {
		return l
	}
	// Fast path: letter-spaced text has several one-letter tokens.
	ones, start := 0, 0
	for i := 0; i <= len(l); i++ {
		if i == len(l) || l[i] == ' ' {
			if n := i - start; n == 1 || (n > 1 && n <= 4 && l[start] >= 0xC0 && utf8.RuneCountInString(l[start:i]) == 1) {
				ones++
			}
			start = i + 1
		}
	}
	if ones < 2 {
		return l
	}
	single := func(w string) bool {
		r, n := utf8.DecodeRuneInString(w)
		return n == len(w) && unicode.IsLetter(r)
	}
	// A wholly letter-spaced line: words are separated by two or more
	// spaces, letters by one ("a n d  G r e a t").
	if strings.Contains(l, "  ") {
		allSingle := true
		for _, w := range strings.Fields(l) {
			if !single(w) && !(len(w) == 1 && strings.ContainsAny(w, ",.;:")) {
				allSingle = false
				break
			}
		}
		if allSingle {
			var words []string
			for _, w := range reMultiSpace.Split(l, -1) {
				if w = strings.ReplaceAll(w, " ", ""); w != "" {
					words = append(words, w)
				}
			}
			return strings.Join(words, " ")
		}
	}
	if all := strings.Fields(l); len(all) >= 2 && len(all) <= 12 && !strings.Contains(l, "  ") {
		whole := true
		for k, w := range all {
			if !single(w) && !(k == len(all)-1 && len(w) == 1) {
				whole = false
				break
			}
		}
		if whole {
			return strings.Join(all, "")
		}
	}
	if len(l) < 7 {
		return l
	}
	f := strings.Split(l, " ")
	var out []string
	changed := false
	for i := 0; i < len(f); {
		j := i
		for j < len(f) && single(f[j]) {
			j++
		}
		if j-i >= 4 {
			w := strings.Join(f[i:j], "")
			// Punctuation printed as its own "letter" ("a ,") sticks to it.
			if j < len(f) && len(f[j]) == 1 && strings.ContainsAny(f[j], ",.;:") {
				w += f[j]
				j++
			}
			out = append(out, w)
			changed = true
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, f[i:j]...)
		i = j
	}
	if !changed {
		return l
	}
	return strings.Join(out, " ")
}
