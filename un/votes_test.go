package un

import (
	"regexp"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// The lines below are real: vote lists' headings as mutool and pdftotext
// print them (A/48/PV.46 and A/65/PV.71 in shared/corpora/raw-samples and
// testdata/extract, S/PV.492's OCR'd list), and lines that are not one.
func TestVoteHead(t *testing.T) {
	type got struct {
		List, Rest string
		OK         bool
	}
	tests := []struct {
		line string
		want got
	}{
		{"In favour:", got{"In favour", "", true}},
		{"Against:", got{"Against", "", true}},
		{"Abstaining:", got{"Abstaining", "", true}},
		{"In favour: Afghanistan, Albania, Algeria, Andorra,", got{"In favour", "Afghanistan, Albania, Algeria, Andorra,", true}},
		{"Against: Democratic People’s Republic of Korea", got{"Against", "Democratic People’s Republic of Korea", true}},
		{"Abstentions: Algeria, Angola, Belarus, Cambodia,", got{"Abstaining", "Algeria, Angola, Belarus, Cambodia,", true}},
		{"Abstain: Egypt", got{"Abstaining", "Egypt", true}},
		{"In favour : India, Norway, Union of So~iet Socialist Republics", got{"In favour", "India, Norway, Union of So~iet Socialist Republics", true}},
		{"Against: Iraq, Sudan", got{"Against", "Iraq, Sudan", true}},
		// Not a heading: the word inside running text, or lower case.
		{"We voted in favour: the draft resolution is balanced.", got{}},
		{"in favour: Albania", got{}},
		{"Against the background of the crisis:", got{}},
		{"Abstaining from the vote were:", got{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var g got
			g.List, g.Rest, g.OK = VoteHead(tt.line)
			if d := gocmp.Diff(tt.want, g); d != "" {
				t.Errorf("VoteHead(%q) (-want +got):\n%s", tt.line, d)
			}
		})
	}
}

// The announcements below are real, from testdata/extract's records
// (S/PV.8699, S/PV.8700, A/48/PV.46, A/65/PV.71) and the 2020 Security
// Council speeches in shared/corpora.
func TestVoteResult(t *testing.T) {
	tests := []struct {
		text string
		want VoteAnnounced
	}{
		{"The draft resolution received 13 votes in favour, none against and two abstentions. The draft resolution has been adopted as resolution 2504 (2020).",
			VoteAnnounced{13, 0, 2, "adopted"}},
		{"The draft resolution received 13 votes in favour, none against and 2 abstentions. The draft resolution has been adopted",
			VoteAnnounced{13, 0, 2, "adopted"}},
		{"The draft resolution received 15 votes in favour. The draft resolution has been adopted unanimously as resolution 2505 (2020).",
			VoteAnnounced{15, 0, 0, "adopted"}},
		{"Draft resolution A/48/L.13 and Corr.1, as a whole, was adopted by 140 votes to 1, with 9 abstentions (resolution 48/14).",
			VoteAnnounced{140, 1, 9, "adopted"}},
		{"The eighth preambular paragraph was retained by 105 votes to 2, with 22 abstentions.",
			VoteAnnounced{105, 2, 22, "adopted"}},
		{"The draft decision received 3 votes in favour, 6 votes against and 6 abstentions. The decision has not been adopted, having failed to obtain the required number of votes.",
			VoteAnnounced{3, 6, 6, "not adopted"}},
		{"There were 3 votes in favour, seven against and five abstentions. The proposed oral amendment has not been adopted, having failed to obtain the required number of votes.",
			VoteAnnounced{3, 7, 5, "not adopted"}},
		// The outcome said first wins: the amendment failed, the draft
		// voted on after it was adopted.
		{"There were 3 votes in favour, seven against and five abstentions. The proposed oral amendment has not been adopted, having failed to obtain the required number of votes. The draft resolution as a whole was adopted by 140 votes to 1.",
			VoteAnnounced{3, 7, 5, "not adopted"}},
		// No totals, only an outcome; nothing announced at all.
		{"For these reasons, we regret that the mandate was not adopted unanimously.", VoteAnnounced{-1, -1, -1, "not adopted"}},
		{"I now give the floor to the representative of France.", VoteAnnounced{-1, -1, -1, ""}},
		// The first announcement wins when two are in the text.
		{"Operative paragraph 7 was retained by 106 votes to 1, with 28 abstentions. Operative paragraph 8 was retained by 111 votes to 1, with 18 abstentions.",
			VoteAnnounced{106, 1, 28, "adopted"}},
		// "by 120 votes to 5" without abstentions counts none.
		{"The draft resolution was adopted by 120 votes to 5.", VoteAnnounced{120, 5, 0, "adopted"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if d := gocmp.Diff(tt.want, VoteResult(tt.text)); d != "" {
				t.Errorf("VoteResult(%q) (-want +got):\n%s", tt.text, d)
			}
		})
	}
}

// TestVoteDraft (extract's TestDraftSymbol until 2026-12-08): the draft put to the vote is the last one named as a
// draft before it, else the last L document, else the last symbol.
func TestVoteDraft(t *testing.T) {
	tests := []struct{ name, back, want string }{
		{"named", "The President: I shall now put to the vote the draft resolution in document S/1997/241.", "S/1997/241"},
		{"last named", "The Assembly has before it draft resolution A/65/L.53. I now put to the vote draft resolution A/65/L.54.", "A/65/L.54"},
		{"last L document", "The amendments are contained in document A/65/L.53. Action on document A/65/L.54 will now be taken, as the report A/65/456 recommends.", "A/65/L.54"},
		{"last symbol", "The Assembly will take action on the report of the Third Committee in document A/65/456, as corrected in A/65/456/Corr.1 and in document A/65/457.", "A/65/457"},
		// A/65/PV.71, p. 28: the report's addendum is the document (read
		// as "A/65/456" until extract/8).
		{"addendum", "Report of the Third Committee (A/65/456/Add.3) The President (spoke in French): The Assembly has before it three draft resolutions recommended by the Third Committee in paragraph 25 of its report.", "A/65/456/Add.3"},
		{"none", "I shall now put the proposed oral amendment to the vote.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := gocmp.Diff(tt.want, VoteDraft(tt.back)); d != "" {
				t.Errorf("VoteDraft(%q) (-want +got):\n%s", tt.back, d)
			}
		})
	}
}

// TestVoteSubject: what a vote was on, from the text around real votes
// (A/48/PV.46, A/65/PV.71).
func TestVoteSubject(t *testing.T) {
	if got, ok := VoteTitle(`The Assembly will now take a decision on draft resolution A/48/L.13, entitled "Cooperation between the United Nations and the Organization of American States", and on draft resolution A/48/L.14, entitled “Question of Haiti”.`); got != "Question of Haiti" || !ok {
		t.Errorf("VoteTitle = %q, %v, want the last title", got, ok)
	}
	if got, ok := VoteTitle("I shall now put to the vote the draft resolution."); got != "" || ok {
		t.Errorf("VoteTitle without a title = %q, %v", got, ok)
	}
	if got, ok := ReportDraft("Draft resolution I was adopted by 106 votes to 20, with 59 abstentions (resolution 65/225)."); got != "draft resolution I" || !ok {
		t.Errorf("ReportDraft = %q, %v", got, ok)
	}
	if got, ok := ReportDraft("The draft resolution was adopted by 106 votes to 20."); got != "" || ok {
		t.Errorf("ReportDraft of an unnumbered draft = %q, %v", got, ok)
	}
	if got, ok := ParagraphVoted("The eighth preambular paragraph was retained by 105 votes to 2, with 22 abstentions."); got != "eighth preambular paragraph" || !ok {
		t.Errorf("ParagraphVoted = %q, %v", got, ok)
	}
	if got, ok := ParagraphVoted("The draft resolution as a whole was adopted."); got != "" || ok {
		t.Errorf("ParagraphVoted of a whole draft = %q, %v", got, ok)
	}
}

// The headings below are real (KGZ_75_2020 of the General Debate Corpus,
// A/76/PV.3's form) or its plausible variants.
func TestAddressedState(t *testing.T) {
	tests := []struct {
		heading, want string
		ok            bool
	}{
		{"Address by Mr. Sooronbai Zheenbekov, President of the Kyrgyz Republic", "Kyrgyz Republic", true},
		{"Address by Mr. Joseph R. Biden, President of the United States of America", "United States of America", true},
		{"Address by His Majesty King Abdullah II ibn Al Hussein, King of the Hashemite Kingdom of Jordan", "Hashemite Kingdom of Jordan", true},
		{"Address by Mr. Scott Morrison, Prime Minister of Australia", "Australia", true},
		{"Address by Sheikh Tamim bin Hamad Al-Thani, Amir of the State of Qatar", "State of Qatar", true},
		// Not an office the heading names a State after.
		{"Address by Mr. António Guterres, Secretary-General of the United Nations", "", false},
		{"Address by the President", "", false},
		{"The address by the President of France was heard.", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			got, ok := AddressedState(tt.heading)
			if got != tt.want || ok != tt.ok {
				t.Errorf("AddressedState(%q) = %q, %v, want %q, %v", tt.heading, got, ok, tt.want, tt.ok)
			}
			if ok && !strings.HasPrefix(tt.heading, AddressHeadingPrefix) {
				t.Errorf("AddressedState read %q, which does not open with %q", tt.heading, AddressHeadingPrefix)
			}
		})
	}
}

// The sentence splitter's month abbreviations, as extract listed them
// until 2026-12-08: "may" is a word and never one.
func TestMonthAbbreviations(t *testing.T) {
	want := []string{"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"}
	if d := gocmp.Diff(want, MonthAbbreviations()); d != "" {
		t.Errorf("MonthAbbreviations() (-want +got):\n%s", d)
	}
}

// specVoteHead states VoteHead independently: a heading's word at the
// line's start, spaces, a colon.
var specVoteHead = regexp.MustCompile(`^(In favour|Against|Abstaining|Abstentions|Abstain)[ \t\n\f\r]*:`)

func FuzzVoteHead(f *testing.F) {
	for _, s := range []string{"In favour:", "Abstentions: Algeria, Angola", "Against : Iraq", "Abstain:\tx", "In favour", "against:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, rest, ok := VoteHead(s)
		want, tail := false, ""
		if m := specVoteHead.FindStringIndex(s); m != nil {
			tail = strings.TrimLeft(s[m[1]:], " \t\n\f\r")
			want = !strings.Contains(tail, "\n")
		}
		if ok != want {
			t.Fatalf("VoteHead(%q) ok = %v, want %v", s, ok, want)
		}
		if !ok {
			if list != "" || rest != "" {
				t.Fatalf("VoteHead(%q) = %q, %q without a heading", s, list, rest)
			}
			return
		}
		switch {
		case list == "Abstaining" && strings.HasPrefix(s, "Abst"), (list == "In favour" || list == "Against") && strings.HasPrefix(s, list):
		default:
			t.Fatalf("VoteHead(%q) list %q", s, list)
		}
		if rest != tail {
			t.Fatalf("VoteHead(%q) rest %q, want the line's tail after the colon's spaces %q", s, rest, tail)
		}
	})
}

func FuzzVoteResult(f *testing.F) {
	for _, s := range []string{"The draft resolution received 15 votes in favour.", "was adopted by 140 votes to 1, with 9 abstentions",
		"3 votes in favour, 6 votes against and 6 abstentions. The decision has not been adopted", "was retained by 105 votes to 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := VoteResult(s)
		switch r.Outcome {
		case "", "adopted", "not adopted":
		default:
			t.Fatalf("VoteResult(%q) outcome %q", s, r.Outcome)
		}
		counts := []int{r.InFavour, r.Against, r.Abstaining}
		none := r.InFavour == -1 && r.Against == -1 && r.Abstaining == -1
		for _, n := range counts {
			if n < 0 && !none {
				t.Fatalf("VoteResult(%q) = %+v: some counts announced, others not", s, r)
			}
		}
		// Case does not matter: the text is lowered first.
		// (Only where upper-casing keeps the lower case: "ſ" does not.)
		up := strings.ToUpper(s)
		if low := strings.ToLower(up); low == strings.ToLower(s) {
			if u := VoteResult(up); u != r {
				t.Fatalf("VoteResult(%q) = %+v, upper case %+v", s, r, u)
			}
		}
		if !none && !strings.Contains(strings.ToLower(s), "vote") && !strings.Contains(strings.ToLower(s), "in favo") {
			t.Fatalf("VoteResult(%q) = %+v from a text that announces no vote", s, r)
		}
	})
}

func FuzzAddressedState(f *testing.F) {
	for _, s := range []string{"Address by Mr. Sooronbai Zheenbekov, President of the Kyrgyz Republic", "Address by X, King of Y", "Address by the President"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		state, ok := AddressedState(s)
		if !ok {
			if state != "" {
				t.Fatalf("AddressedState(%q) = %q without a heading", s, state)
			}
			return
		}
		if !strings.HasPrefix(s, AddressHeadingPrefix) || !strings.Contains(s, ", ") || !strings.Contains(s, " of ") {
			t.Fatalf("AddressedState(%q) read a line that is no heading", s)
		}
		if state != strings.TrimSpace(state) || !strings.Contains(s, state) {
			t.Fatalf("AddressedState(%q) = %q, not the heading's trimmed tail", s, state)
		}
	})
}

var specDraft = regexp.MustCompile(`(?i)^(?:` + DocumentSymbolExpr + `)$`)

func FuzzVoteSubject(f *testing.F) {
	for _, s := range []string{"Draft resolution I was adopted", "The eighth preambular paragraph was retained by 105 votes to 2",
		`draft resolution A/48/L.13, entitled "Question of Haiti"`, "document S/2020/27, which contains the text of a draft resolution", "A/65/456/Add.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := VoteDraft(s); d != "" {
			// The draft is a document symbol the text names, spaces removed
			// (in any case: reDraftNamed reads "draft" and the symbol with
			// (?i), so "a/0/l.0" is one too).
			if strings.ContainsAny(d, " \t\n") || !specDraft.MatchString(d) {
				t.Fatalf("VoteDraft(%q) = %q, not a document symbol", s, d)
			}
		}
		if title, ok := VoteTitle(s); ok != (title != "") || ok && (!strings.Contains(s, title) || !strings.Contains(s, "entitled")) {
			t.Fatalf("VoteTitle(%q) = %q, %v", s, title, ok)
		}
		if d, ok := ReportDraft(s); ok && (!strings.HasPrefix(d, "draft resolution ") && !strings.HasPrefix(d, "draft decision ") || !strings.Contains(strings.ToLower(s), strings.ToLower(d))) {
			t.Fatalf("ReportDraft(%q) = %q", s, d)
		}
		if par, ok := ParagraphVoted(s); ok && (!strings.Contains(s, par) || !strings.Contains(par, "paragraph")) {
			t.Fatalf("ParagraphVoted(%q) = %q", s, par)
		}
	})
}
