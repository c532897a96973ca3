package extract

import (
	"fmt"
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
			if j == len(ls) || !isVoteHead(ls[j].text) {
				break
			}
			j--
			continue
		}
		if t == "" {
			continue
		}
		if h, rest, ok := un.VoteHead(t); ok {
			if seen[h] {
				break
			}
			seen[h], cur, closed = true, h, false
			if rest != "" {
				lists[cur] = append(lists[cur], rest)
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
	v.Draft = un.VoteDraft(back)
	if title, ok := un.VoteTitle(back); ok {
		v.Subject = title
	}
	// The result is announced right after the lists (after a bracketed
	// note at most): 800 bytes of following text are enough.
	var after []string
	size := 0
	for k := j; k < len(ls) && size < 800; k++ {
		if isVoteHead(ls[k].text) {
			break
		}
		after = append(after, ls[k].text)
		size += len(ls[k].text) + 1
	}
	fwd := joinLines(after, nil)
	// "Draft resolution I was adopted…" names a draft inside a committee
	// report (A/65/456): keep the report symbol and the draft's number.
	if d, ok := un.ReportDraft(fwd); ok {
		switch {
		case v.Draft != "" && !strings.Contains(v.Draft, "/L.") && !strings.HasPrefix(v.Draft, "S/"):
			v.Draft += ", " + d
		case v.Draft == "" && v.Subject == "":
			v.Subject = d
		}
	}
	if par, ok := un.ParagraphVoted(fwd); ok && v.Subject == "" {
		v.Subject = par
	}
	totals(&v, fwd)
	checkVote(&v)
	p.rec.Votes = append(p.rec.Votes, v)
	return j
}

// totals sets the announced result, read from the text after the lists.
func totals(v *unpv.Vote, s string) {
	r := un.VoteResult(s)
	v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining, v.Outcome = r.InFavour, r.Against, r.Abstaining, r.Outcome
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

// lastNameDone reports whether a list's last line ends a name that no
// comma or "and" continues.
func lastNameDone(list []string) bool {
	if len(list) == 0 {
		return false
	}
	l := list[len(list)-1]
	return !strings.HasSuffix(l, ",") && !strings.HasSuffix(l, " and") && l != "and"
}
