package un

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A recorded vote's wordings, as the Security Council's and the General
// Assembly's records print them, written here once so that the extract
// stage reads a vote by the UN's words and no other package keeps a copy.
// Until 2026-12-08 they lived in extract/votes.go and extract/segment.go.

// reVoteHead is the heading of a vote's list, "In favour:", "Against:",
// "Abstaining:" (older records: "Abstentions:", "Abstain:"), with the
// first names of the list on the same line when the engine keeps them
// there.
var reVoteHead = regexp.MustCompile(`^(In favour|Against|Abstaining|Abstentions|Abstain)\s*:\s*(.*)$`)

// VoteHead reads a line that heads one of a recorded vote's three lists
// and returns which ("In favour", "Against" or "Abstaining": the older
// "Abstentions:" and "Abstain:" are read as "Abstaining") and what follows
// the colon on the same line. A vote opens with "In favour:"; a heading
// seen again ends the vote.
func VoteHead(line string) (list, rest string, ok bool) {
	m := reVoteHead.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	list = m[1]
	if strings.HasPrefix(list, "Abst") {
		list = "Abstaining"
	}
	return list, m[2], true
}

// voteNumExpr is a count as a president announces it: digits or an
// English number word up to fifteen (a Council's size), "none", "no",
// "nil" and "zero" for none. Lower case: VoteResult lowers the text first.
const voteNumExpr = `(\d+|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|zero|nil)\b`

var (
	// "15 votes in favour, none against and no abstentions": the
	// Security Council's announcement.
	reTotalsSC = regexp.MustCompile(`\b` + voteNumExpr + ` votes? in favou?r,? ` + voteNumExpr + `(?: votes?)? against,?(?: and| with)? ` + voteNumExpr + ` (?:abstentions?|abstaining)`)
	// "adopted by 120 votes to 5, with 40 abstentions": the Assembly's.
	reTotalsGA = regexp.MustCompile(`\bby ` + voteNumExpr + ` votes? to ` + voteNumExpr + `(?:,? with ` + voteNumExpr + ` abstentions?)?`)
	// "13 in favour, 2 against and no abstentions".
	reTotalsIn = regexp.MustCompile(`\b` + voteNumExpr + ` in favou?r,? ` + voteNumExpr + ` against,?(?: and| with)? ` + voteNumExpr + ` (?:abstentions?|abstaining)`)
	// "The draft resolution received 15 votes in favour." is how a
	// unanimous vote is announced: none against, no abstentions.
	reTotalsOnly = regexp.MustCompile(`\breceived ` + voteNumExpr + ` votes? in favou?r\b(?:[^,]|$)`)
	reNotAdopt   = regexp.MustCompile(`\b(?:has|have|was|were) not been adopted|\b(?:was|were) not adopted|\bhas failed|\bwas rejected|\bwere rejected|\bhas been rejected|\bnot adopted`)
	reAdopted    = regexp.MustCompile(`\b(?:has|have) been adopted|\b(?:was|were) adopted|\bis adopted|\bwas retained`)
)

var smallNums = map[string]int{"no": 0, "none": 0, "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15}

func parseVoteNum(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if n, ok := smallNums[strings.ToLower(s)]; ok {
		return n
	}
	return -1
}

// VoteAnnounced is the result a president announces after a vote's lists.
// A count not announced is -1; Outcome is "adopted", "not adopted" or "".
type VoteAnnounced struct {
	InFavour, Against, Abstaining int
	Outcome                       string
}

// VoteResult reads the announced result from the text after a vote's
// lists: the totals in the Council's or the Assembly's wording (the first
// announced, when several are), and the outcome, whichever of "adopted"
// and "not adopted" is said first. "By 120 votes to 5" with no abstentions
// mentioned counts none.
func VoteResult(text string) VoteAnnounced {
	s := strings.ToLower(text) // patterns are lower case; no (?i) in the hot path
	r := VoteAnnounced{InFavour: -1, Against: -1, Abstaining: -1}
	found, at := false, 0
	for _, re := range []*regexp.Regexp{reTotalsSC, reTotalsIn, reTotalsGA} {
		if re == reTotalsGA && !strings.Contains(s, " to ") {
			continue
		}
		if re != reTotalsGA && !strings.Contains(s, " in favo") {
			continue
		}
		if m := re.FindStringSubmatchIndex(s); m != nil && (!found || m[0] < at) {
			found, at = true, m[0]
			r.InFavour, r.Against, r.Abstaining = parseVoteNum(s[m[2]:m[3]]), parseVoteNum(s[m[4]:m[5]]), 0
			if m[6] >= 0 {
				r.Abstaining = parseVoteNum(s[m[6]:m[7]])
			}
		}
	}
	if !found {
		if m := reTotalsOnly.FindStringSubmatch(s); m != nil {
			r.InFavour, r.Against, r.Abstaining = parseVoteNum(m[1]), 0, 0
		}
	}
	na := reNotAdopt.FindStringIndex(s)
	ad := reAdopted.FindStringIndex(s)
	switch {
	case na != nil && (ad == nil || na[0] <= ad[0]):
		r.Outcome = "not adopted"
	case ad != nil:
		r.Outcome = "adopted"
	}
	return r
}

// reAddress reads a general-debate heading: "Address by Mr. Joseph R.
// Biden, President of the United States of America". Its group is the
// State named after the office.
var reAddress = regexp.MustCompile(`^Address by .{3,120}?, (?:[\w'’-]+ )*?(?:President|Vice-President|Prime Minister|Deputy Prime Minister|King|Queen|Emir|Amir|Crown Prince|Chancellor|Head of Government|Head of State|Chairman|Chair|Sultan|Grand Duke|Prince|Minister)\b[^,]*? of (?:the )?(.+)$`)

// AddressHeadingPrefix opens every general-debate heading AddressedState
// reads; a caller looks for it before joining the heading's lines.
const AddressHeadingPrefix = "Address by "

// AddressedState reads a general-debate heading, its wrapped lines joined
// ("Address by Mr. Joseph R. Biden, President of the United States of
// America"), and returns the State printed after the head of State's or
// Government's office ("United States of America"), as printed and
// trimmed, not checked against the delegation table. The General
// Assembly prints the country so, not in the speaker's label, when a head
// of State or Government speaks.
func AddressedState(heading string) (string, bool) {
	m := reAddress.FindStringSubmatch(heading)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

// MonthAbbreviations are the abbreviations of English month names that
// may be followed by a full stop inside a sentence ("Jan.", "Sept."), in
// lower case without the stop, for the sentence splitter: the first three
// letters of each name Go's time package spells that is longer than three
// ("May" is a word, never abbreviated), and "sept".
func MonthAbbreviations() []string {
	var out []string
	for m := time.January; m <= time.December; m++ {
		if n := strings.ToLower(m.String()); len(n) > 3 {
			out = append(out, n[:3])
		}
	}
	return append(out, "sept")
}

// What a vote was on, in the words the records name it with: the draft
// before the lists, a committee report's numbered draft or a paragraph
// voted on separately after them.
var (
	reReportDraft   = regexp.MustCompile(`^(?:The )?[Dd]raft (resolution|decision) ([IVXL]+|[A-Z])\b`)
	reParagraphVote = regexp.MustCompile(`^(?:The )?((?:[\w-]+ )?(?:preambular|operative) paragraph[^,.]{0,40}?) (?:was|were) (?:retained|adopted|deleted|rejected)`)
	reEntitled      = regexp.MustCompile(`entitled\s+[“"]([^”"]{3,200})[”"]`)
)

var (
	reDraftNamed = regexp.MustCompile(`(?i)draft (?:resolution|decision)s?,? (?:\(|contained in (?:document )?|in document |as contained in (?:document )?)?(` + DocumentSymbolExpr + `)`)
	reDraftDoc   = regexp.MustCompile(`(?i)(` + DocumentSymbolExpr + `),? which contains the text of a draft`)
)

// VoteDraft picks the draft put to the vote from the text before it:
// the last symbol named as a draft ("draft resolution A/76/L.49",
// "document S/2020/27, which contains the text of a draft resolution"),
// else the last L-document, else the last document symbol.
func VoteDraft(back string) string {
	clean := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	best, at := "", -1
	for _, re := range []*regexp.Regexp{reDraftNamed, reDraftDoc} {
		for _, m := range re.FindAllStringSubmatchIndex(back, -1) {
			if m[2] > at {
				best, at = back[m[2]:m[3]], m[2]
			}
		}
	}
	if best != "" {
		return clean(best)
	}
	ds := DocumentSymbols(back)
	for i := len(ds) - 1; i >= 0; i-- {
		if strings.Contains(ds[i], "/L.") {
			return ds[i]
		}
	}
	if len(ds) > 0 {
		return ds[len(ds)-1]
	}
	return ""
}

// VoteTitle returns the last title quoted after "entitled" in the text
// before a vote ('draft resolution A/48/L.13, entitled "Cooperation
// between the United Nations and the Organization of American States"'):
// the subject of a vote whose draft a record names by title.
func VoteTitle(before string) (string, bool) {
	es := reEntitled.FindAllStringSubmatch(before, -1)
	if es == nil {
		return "", false
	}
	return es[len(es)-1][1], true
}

// ReportDraft reads "Draft resolution I was adopted…" at the start of the
// text after a vote's lists, a draft numbered inside a committee's report
// (A/65/456), and returns it as "draft resolution I".
func ReportDraft(after string) (string, bool) {
	m := reReportDraft.FindStringSubmatch(after)
	if m == nil {
		return "", false
	}
	return "draft " + strings.ToLower(m[1]) + " " + m[2], true
}

// ParagraphVoted reads a paragraph put to a separate vote at the start of
// the text after the lists ("The eighth preambular paragraph was retained
// by 105 votes to 2", A/65/PV.71) and returns it ("eighth preambular
// paragraph").
func ParagraphVoted(after string) (string, bool) {
	m := reParagraphVote.FindStringSubmatch(after)
	if m == nil {
		return "", false
	}
	return m[1], true
}
