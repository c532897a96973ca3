package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// Names that contain " and " themselves; used to split the final "X and Y"
// of a vote list when the delegation table does not know the name.
var andNames = map[string]bool{
	"antigua and barbuda": true, "bosnia and herzegovina": true, "saint kitts and nevis": true,
	"saint vincent and the grenadines": true, "sao tome and principe": true, "são tomé and príncipe": true,
	"trinidad and tobago": true, "united kingdom of great britain and northern ireland": true,
	"serbia and montenegro": true, "heard island and mcdonald islands": true,
}

var (
	reReportDraft   = regexp.MustCompile(`^(?:The )?[Dd]raft (resolution|decision) ([IVXL]+|[A-Z])\b`)
	reParagraphVote = regexp.MustCompile(`^(?:The )?((?:[\w-]+ )?(?:preambular|operative) paragraph[^,.]{0,40}?) (?:was|were) (?:retained|adopted|deleted|rejected)`)
	reEntitled      = regexp.MustCompile(`entitled\s+[“"]([^”"]{3,200})[”"]`)
	num             = `(\d+|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|zero|nil)\b`
	reTotalsSC      = regexp.MustCompile(`\b` + num + ` votes? in favou?r,? ` + num + `(?: votes?)? against,?(?: and| with)? ` + num + ` (?:abstentions?|abstaining)`)
	reTotalsGA      = regexp.MustCompile(`\bby ` + num + ` votes? to ` + num + `(?:,? with ` + num + ` abstentions?)?`)
	reTotalsIn      = regexp.MustCompile(`\b` + num + ` in favou?r,? ` + num + ` against,?(?: and| with)? ` + num + ` (?:abstentions?|abstaining)`)
	reTotalsOnly    = regexp.MustCompile(`\breceived ` + num + ` votes? in favou?r\b(?:[^,]|$)`)
	reNotAdopt      = regexp.MustCompile(`\b(?:has|have|was|were) not been adopted|\b(?:was|were) not adopted|\bhas failed|\bwas rejected|\bwere rejected|\bhas been rejected|\bnot adopted`)
	reAdopted       = regexp.MustCompile(`\b(?:has|have) been adopted|\b(?:was|were) adopted|\bis adopted|\bwas retained`)
)

var smallNums = map[string]int{"no": 0, "none": 0, "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15}

func parseNum(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if n, ok := smallNums[strings.ToLower(s)]; ok {
		return n
	}
	return -1
}

// listWords may appear in lower case inside a delegation name.
var listWords = map[string]bool{"and": true, "of": true, "the": true, "da": true, "de": true, "del": true,
	"du": true, "la": true, "e": true, "y": true, "of)": true, "none": true, "former": true}

// isListLine reports whether a line can be part of a list of delegations.
func isListLine(t string) bool {
	if strings.HasSuffix(t, ".") || strings.ContainsAny(t, ":;0123456789“”\"") {
		return false
	}
	for _, w := range strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(t)) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || listWords[w] || strings.HasPrefix(w, "d’") || strings.HasPrefix(w, "d'") {
			continue
		}
		return false
	}
	return true
}

// splitList splits "A, B, C and D" into delegations, keeping names that
// contain "and" ("Bosnia and Herzegovina") whole.
func splitList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return []string{}
	}
	var out []string
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		out = append(out, splitAnd(item)...)
	}
	return out
}

func knownName(s string) bool {
	if andNames[strings.ToLower(s)] {
		return true
	}
	_, ok := un.LookupDelegation(s)
	return ok
}

func splitAnd(item string) []string {
	item = strings.TrimPrefix(item, "and ")
	if !strings.Contains(item, " and ") || knownName(item) {
		return []string{item}
	}
	// Try each " and " as the list separator. Prefer a split whose left
	// part is a known name ("United Kingdom of Great Britain and Northern
	// Ireland" and …); otherwise accept parts that contain no other "and".
	var cuts []int
	for idx := 0; ; {
		k := strings.Index(item[idx:], " and ")
		if k < 0 {
			break
		}
		cuts = append(cuts, idx+k)
		idx += k + 5
	}
	for _, at := range cuts {
		left, right := item[:at], item[at+5:]
		if knownName(left) {
			return append([]string{left}, splitAnd(right)...)
		}
	}
	for _, at := range cuts {
		left, right := item[:at], item[at+5:]
		if !strings.Contains(left, " and ") {
			if r := splitAnd(right); len(r) > 1 || knownName(right) || !strings.Contains(right, " and ") {
				return append([]string{left}, r...)
			}
		}
	}
	return []string{item}
}

// vote reads the lists starting at the "In favour:" line i and returns the
// index of the first line after them.
func (p *parser) vote(ls []line, i int) int {
	lists := map[string][]string{}
	seen := map[string]bool{}
	cur := ""
	closed := false
	j := i
loop:
	for ; j < len(ls); j++ {
		t := ls[j].text
		if ls[j].pageNumber && lastNameDone(lists[cur]) {
			// A list that ends where a column does, without the
			// Assembly's full stop ("…, Zambia, Zimbabwe" / page
			// number / the next vote's list from the other column,
			// A/48/PV.46 by pdftotext), ends there: only a comma or
			// "and" carries it on. (Before extract/10 the page number
			// itself ended every list it stood in.)
			j++
			for j < len(ls) && ls[j].text == "" {
				j++
			}
			if j == len(ls) || !reVoteHead.MatchString(ls[j].text) {
				break
			}
			j--
			continue
		}
		if t == "" {
			continue
		}
		if m := reVoteHead.FindStringSubmatch(t); m != nil {
			h := m[1]
			if strings.HasPrefix(h, "Abst") {
				h = "Abstaining"
			}
			if seen[h] {
				break
			}
			seen[h], cur, closed = true, h, false
			if m[2] != "" {
				lists[cur] = append(lists[cur], m[2])
			}
			continue
		}
		switch {
		case un.CouldStartLabel(t) && isLabelStartAt(ls, j):
			break loop
		case un.CouldStartStageDirection(t):
			if _, _, _, _, ok := eventAt(ls, j); ok {
				break loop
			}
		}
		if closed || !isListLine(strings.TrimSuffix(t, ".")) {
			break
		}
		// General Assembly lists end with a full stop.
		closed = strings.HasSuffix(t, ".")
		lists[cur] = append(lists[cur], strings.TrimSuffix(t, "."))
	}
	v := unpv.Vote{
		Symbol:          p.rec.Meeting.Symbol,
		InFavour:        splitList(joinLines(lists["In favour"], p.words)),
		Against:         splitList(joinLines(lists["Against"], p.words)),
		Abstaining:      splitList(joinLines(lists["Abstaining"], p.words)),
		TotalInFavour:   -1,
		TotalAgainst:    -1,
		TotalAbstaining: -1,
		Page:            ls[i].page,
	}
	// The draft is named before the vote, the totals and outcome after it.
	var before []string
	for k := max(0, i-40); k < i; k++ {
		before = append(before, ls[k].text)
	}
	back := joinLines(before, nil)
	v.Draft = draftSymbol(back)
	if es := reEntitled.FindAllStringSubmatch(back, -1); es != nil {
		v.Subject = es[len(es)-1][1]
	}
	// The result is announced right after the lists (after a bracketed
	// note at most): 800 bytes of following text are enough.
	var after []string
	size := 0
	for k := j; k < len(ls) && size < 800; k++ {
		if reVoteHead.MatchString(ls[k].text) {
			break
		}
		after = append(after, ls[k].text)
		size += len(ls[k].text) + 1
	}
	fwd := joinLines(after, nil)
	// "Draft resolution I was adopted…" names a draft inside a committee
	// report (A/65/456): keep the report symbol and the draft's number.
	if m := reReportDraft.FindStringSubmatch(fwd); m != nil {
		d := "draft " + strings.ToLower(m[1]) + " " + m[2]
		switch {
		case v.Draft != "" && !strings.Contains(v.Draft, "/L.") && !strings.HasPrefix(v.Draft, "S/"):
			v.Draft += ", " + d
		case v.Draft == "" && v.Subject == "":
			v.Subject = d
		}
	}
	if m := reParagraphVote.FindStringSubmatch(fwd); m != nil && v.Subject == "" {
		v.Subject = m[1]
	}
	totals(&v, fwd)
	checkVote(&v)
	p.rec.Votes = append(p.rec.Votes, v)
	return j
}

// totals reads the announced result from the text after the lists.
func totals(v *unpv.Vote, s string) {
	s = strings.ToLower(s) // patterns are lower case; no (?i) in the hot path
	type hit struct {
		at      int
		y, n, a int
	}
	var best *hit
	for _, re := range []*regexp.Regexp{reTotalsSC, reTotalsIn, reTotalsGA} {
		if re == reTotalsGA && !strings.Contains(s, " to ") {
			continue
		}
		if re != reTotalsGA && !strings.Contains(s, " in favo") {
			continue
		}
		if m := re.FindStringSubmatchIndex(s); m != nil && (best == nil || m[0] < best.at) {
			h := hit{at: m[0], y: parseNum(s[m[2]:m[3]]), n: parseNum(s[m[4]:m[5]]), a: -1}
			if m[6] >= 0 {
				h.a = parseNum(s[m[6]:m[7]])
			} else {
				h.a = 0 // "by 120 votes to 5" with no abstentions mentioned
			}
			best = &h
		}
	}
	if best == nil {
		// "The draft resolution received 15 votes in favour." is how a
		// unanimous vote is announced: none against, no abstentions.
		if m := reTotalsOnly.FindStringSubmatch(s); m != nil {
			best = &hit{y: parseNum(m[1]), n: 0, a: 0}
		}
	}
	if best != nil {
		v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining = best.y, best.n, best.a
	}
	na := reNotAdopt.FindStringIndex(s)
	ad := reAdopted.FindStringIndex(s)
	switch {
	case na != nil && (ad == nil || na[0] <= ad[0]):
		v.Outcome = "not adopted"
	case ad != nil:
		v.Outcome = "adopted"
	}
}

// checkVote reports lists and totals that disagree instead of hiding it.
func checkVote(v *unpv.Vote) {
	var bad []string
	for _, c := range []struct {
		what  string
		list  []string
		total int
	}{{"in favour", v.InFavour, v.TotalInFavour}, {"against", v.Against, v.TotalAgainst}, {"abstaining", v.Abstaining, v.TotalAbstaining}} {
		if c.total >= 0 && len(c.list) != c.total {
			bad = append(bad, fmt.Sprintf("%s: %d listed, %d announced", c.what, len(c.list), c.total))
		}
	}
	v.Mismatch = strings.Join(bad, "; ")
}

var (
	reDraftNamed = regexp.MustCompile(`(?i)draft (?:resolution|decision)s?,? (?:\(|contained in (?:document )?|in document |as contained in (?:document )?)?(` + un.DocumentSymbolExpr + `)`)
	reDraftDoc   = regexp.MustCompile(`(?i)(` + un.DocumentSymbolExpr + `),? which contains the text of a draft`)
)

// draftSymbol picks the draft put to the vote from the text before it:
// the last symbol named as a draft ("draft resolution A/76/L.49",
// "document S/2020/27, which contains the text of a draft resolution"),
// else the last L-document, else the last document symbol.
func draftSymbol(back string) string {
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
	ds := un.DocumentSymbols(back)
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

// lastNameDone reports whether a list's last line ends a name that no
// comma or "and" continues.
func lastNameDone(list []string) bool {
	if len(list) == 0 {
		return false
	}
	l := list[len(list)-1]
	return !strings.HasSuffix(l, ",") && !strings.HasSuffix(l, " and") && l != "and"
}
