package un

import (
	"regexp"
	"strconv"
	"strings"
)

// The page furniture of a verbatim record line by line, as a PDF engine
// writes a page (pdftotext, mutool; spaces trimmed and runs of them
// collapsed): the extract stage asks these of the lines at the top and
// bottom of every page, and of some lines inside it. CleanText finds the
// same furniture inside running text; both are built from the parts
// below, so that a footer or a header is described once.
const (
	// jobExpr is the job number the UN's document services give a
	// document, printed in every footer: "20-26989" (year, number).
	jobExpr = `\d{2}-\d{5}`
	// barcodeExpr is the job number as the cover's barcode prints it
	// under the bars: "*2026989*".
	barcodeExpr = `\*\d{7,9}\*`
	// counterExpr is the page counter of the records since 2014: "27/51".
	counterExpr = `\d{1,3}/\d{1,3}`
	// footerExpr is a page's footer: the job number, "(E)" for the
	// English version, the barcode and the page counter on either side:
	// "15-29431 27/51", "2/42 17-29597", "17-29597 (E) *1729597*",
	// "20-00911".
	footerExpr = `(?:\b` + counterExpr + `\s+)?\b` + jobExpr + `\b(?:\s*\(E\))?(?:\s*` + barcodeExpr + `)?(?:\s+` + counterExpr + `\b)?`
	// headerDateExpr is the meeting's date as the running header prints
	// it: "16/01/2020" (day, month, year).
	headerDateExpr = `(\d{2})/(\d{2})/(\d{4})`
)

// The cover's notice on corrections, in each wording the records print.
// CleanText removes the whole notice from a speech's running text
// (noticeExpr); the extract stage drops it line by line (NoticeLine),
// knowing its first line and its second paragraph's by their opening
// words. Both are built from the parts below, so that a wording is added
// in one place: each part is the words a line opens with (open) and the
// rest of its sentence.
//
// The first sentence:
//
//   - "This record contains the text of speeches delivered in English and
//     of the translation of speeches delivered in other languages." (the
//     Security Council's records and the Assembly's since 2014),
//     "…of the interpretation of speeches delivered in the other
//     languages." (the Assembly's, 2000s-2013);
//   - "This record contains the original text of speeches delivered in
//     English and interpretations of speeches delivered in the other
//     languages." (S/PV.3756, 1997);
//   - "This record is subject to correction." (A/48/PV.46, 1993);
//
// then the sentences that follow it, each known by its start
// (noticeSentenceExpr). The 1993 notice's second paragraph, "Corrections
// will be issued after the end of the session in a consolidated
// corrigendum.", is printed apart from the first, below the distribution
// block, and is taken on its own too, as is its second sentence,
// "Corrections should be sent under the signature of a member of the
// delegation concerned…", which a layout engine parts from the first when
// it prints "Distr. GENERAL" beside it (noticeApart).
var (
	noticeFirst = []struct{ open, rest string }{
		{`This record contains`, ` the (?:original )?text of speeches delivered in \w+ and (?:of the )?(?:translation|interpretation)s? of speeches delivered in (?:the )?other languages\.`},
		{`This record is subject to correction`, `\.`},
	}
	noticeApart = []struct{ open, rest string }{
		{`Corrections should be`, ` sent under the signature of a member of the delegation concerned\s(?:[^.()]|\.[^\s.()])*\.`},
		{`Corrections will be issued`, ` after the end of the session in a consolidated corrigendum\.`},
	}
)

// noticeSentenceExpr is a sentence of the notice after its first: "The
// final text will be printed in the Official Records…", "Corrections
// should be submitted…" (or "…sent…"), "They should be incorporated…",
// "Corrected records will be reissued…", "Corrections will be issued…". A
// sentence ends at a full stop that white space or the text's end
// follows, so that "room U.506." and "(http://documents.un.org)" stay
// inside it.
const noticeSentenceExpr = `(?:The final text will be printed|Corrections (?:should|will) be|They should be incorporated|Corrected records will)\s(?:[^.()]|\([^)]*\)|\.[^\s.()])*\.`

// noticeExpr is the whole notice, with any run of white space between its
// words: a text keeps the cover's line breaks ("…and of the
// interpretation of" / "speeches delivered in the other languages.",
// EST_68_2013 and CHE_68_2013 of the General Debate Corpus, whose notices
// stayed in the statements while the pattern took one line).
var noticeExpr = spaced(`(?:(?:` + noticeParts(noticeFirst, true) + `)(?:\s*` + noticeSentenceExpr + `)*|` + noticeParts(noticeApart, true) + `)`)

// noticeParts joins parts as alternatives: whole sentences, or only the
// words their lines open with.
func noticeParts(parts []struct{ open, rest string }, whole bool) string {
	alt := make([]string, len(parts))
	for i, p := range parts {
		alt[i] = p.open
		if whole {
			alt[i] += p.rest
		}
	}
	return strings.Join(alt, "|")
}

// noticeEnds are the ways the notice's last line ends: "…copy of the
// record.", "…(http://documents.un.org).", "…room C-178.", "…consolidated
// corrigendum." (noticeApart's last). The extract stage's notice ends at
// such a line; CleanText's at its last sentence.
var noticeEnds = []string{"corrigendum.", "documents.un.org).", "room C-178.", "copy of the record."}

// spaced makes each space of a pattern match any run of white space,
// line breaks included.
func spaced(expr string) string { return strings.ReplaceAll(expr, " ", `\s+`) }

var (
	reFooterLine = regexp.MustCompile(`^(?:` + footerExpr + `|` + barcodeExpr + `)$`)
	reHeaderLine = regexp.MustCompile(`^(?:(` + printedSymbolExpr + `)(?:\s+.{0,150})?\s+` + headerDateExpr +
		`|` + headerDateExpr + `(?:\s+.{0,150})?\s+(` + printedSymbolExpr + `)|` + headerDateExpr + `)$`)
	rePageNumber = regexp.MustCompile(`^(\d{1,3})\s*/\s*(\d{1,3})$|^(\d{1,3})$|^(?:page|Page)\s+(\d+)$`)
	reDistr      = regexp.MustCompile(`^(?:` + regexp.QuoteMeta(DistributionMark) + `\s*(?:GENERAL|LIMITED|RESTRICTED)|ENGLISH|Original:\s*\w+|ORIGINAL:\s*\w+|` + printedDateExpr + `)$`)
	// The first line of the notice on corrections, and of its second
	// paragraph, in their 1990s-2020s wordings. A layout engine may put the
	// cover's footer before the first on one line ("97-85299 (E) This
	// record contains the original text…", S/PV.3756 by pdftotext
	// -layout), where the agenda item read from the cover went on into the
	// notice.
	reNoticeStart = regexp.MustCompile(`^(?:` + footerExpr + `\s+)?(?:` + noticeParts(noticeFirst, false) + `)`)
	reNoticeMore  = regexp.MustCompile(`^(?:` + noticeParts(noticeApart, false) + `)`)
)

// FooterLine reports whether a line is a page's footer, which is never
// the speakers' text wherever on the page an engine puts it: the job
// number alone ("20-26989", "20-26989 (E)"; 1,620 lines in the engine
// texts of the records measured in docs/un.md), with the page counter or
// number on either side ("15-29431 27/51", "2/42 17-29597", "29
// 06-52879") or the barcode ("17-29597 (E) *1729597*"), or the barcode
// alone ("*2026989*", the cover; 84 lines).
func FooterLine(l string) bool { return reFooterLine.MatchString(l) || lnFooter.MatchString(l) }

// PageNumber reads a line that holds only a page number, as records print
// it at the top or bottom of a page: the counter "21/22" (page 21 of 22;
// 1,235 lines in the texts of docs/un.md), the bare "3" of older records
// (669 lines) or "Page 3" (none). of is 0 when the line gives no page
// count. Only at a page's edge is such a line furniture: inside it
// "76/305" is a resolution and "3" may be a list's item, but a counter
// whose count is the record's page count ("21/22" in a record of 22
// pages) is a footer anywhere.
func PageNumber(l string) (page, of int, ok bool) {
	m := rePageNumber.FindStringSubmatch(l)
	if m == nil {
		return 0, 0, false
	}
	switch {
	case m[1] != "":
		page, _ = strconv.Atoi(m[1])
		of, _ = strconv.Atoi(m[2])
	case m[3] != "":
		page, _ = strconv.Atoi(m[3])
	default:
		page, _ = strconv.Atoi(m[4]) // 0 for a number too long to read
	}
	return page, of, true
}

// RunningHeaderLine reads a line that holds a record's running header
// (the records since 2014): the date alone ("15/10/2020", which
// pdftotext often puts on a line of its own), or the symbol and the date
// with the agenda item between them, in either order ("S/PV.8699
// Maintenance of international peace and security 09/01/2020",
// "22/01/2020 The situation in the Middle East, including the Palestinian
// question S/PV.8706 (Resumption 1)"). The agenda item is not checked
// against the record's (the header prints a short form of it) but may be
// at most 150 bytes long. h.Symbol is canonical, "" for a date alone; the
// date is ISO. CleanText reads the same headers inside a speech's text,
// where it must know the agenda item; this reads them on a line of their
// own, where it need not.
func RunningHeaderLine(l string) (h RunningHeader, ok bool) {
	m := reHeaderLine.FindStringSubmatch(l)
	if m == nil {
		return RunningHeader{}, false
	}
	sym, date := m[1], m[2:5]
	switch {
	case m[5] != "":
		sym, date = m[8], m[5:8]
	case m[9] != "":
		sym, date = "", m[9:12]
	}
	if sym != "" {
		h.Symbol, _ = CanonicalSymbol(sym)
	}
	h.Date = date[2] + "-" + date[1] + "-" + date[0]
	return h, true
}

// DistributionMark opens the distribution block's first line, "Distr.
// GENERAL": of the block's lines only that one is never a speaker's text,
// so a reader drops a line that opens with it and DistributionLine takes
// wherever it stands on a page.
const DistributionMark = "Distr."

// DistributionLine reports whether a line belongs to the distribution
// block of a record's cover (1990s): "Distr. GENERAL" (or LIMITED,
// RESTRICTED), the date "21 March 1997" and the language
// "ENGLISH" (S/PV.3756, A/48/PV.46; 61 lines), and "Original:
// English", which none of those records prints. Only "Distr." is never text; the others are
// furniture at a page's edge.
func DistributionLine(l string) bool { return reDistr.MatchString(l) }

// NoticeLine reads a line of the notice on corrections that a record
// prints on its cover (mid-page in two-column layouts): start, its first
// line in every wording from the 1990s to the 2020s ("This record
// contains the text of speeches delivered in English and of the
// translation of…", "…and interpretations of speeches", "This record is
// subject to correction."); more, the first line of its second paragraph
// ("Corrections will be issued after the end of the session in a
// consolidated corrigendum."); end, a line its last sentence closes
// ("…copy of the record.", "…(http://documents.un.org).", "…room
// C-178.", "…corrigendum."). The extract stage drops the notice line by
// line with it; CleanText removes the whole notice (reNotice) from a
// speech's running text.
func NoticeLine(l string) (start, more, end bool) {
	start = reNoticeStart.MatchString(l)
	more = reNoticeMore.MatchString(l)
	for _, e := range noticeEnds {
		end = end || strings.HasSuffix(l, e)
	}
	return start, more, end
}
