package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"China and Russian Federation", []string{"China", "Russian Federation"}},
		{"None", []string{}},
		{"Sweden, United Kingdom of Great Britain and Northern Ireland and United States of America",
			[]string{"Sweden", "United Kingdom of Great Britain and Northern Ireland", "United States of America"}},
		{"Antigua and Barbuda, Bosnia and Herzegovina, Saint Vincent and the Grenadines",
			[]string{"Antigua and Barbuda", "Bosnia and Herzegovina", "Saint Vincent and the Grenadines"}},
		{"Trinidad and Tobago and Tunisia", []string{"Trinidad and Tobago", "Tunisia"}},
		{"Bolivia (Plurinational State of), Côte d’Ivoire", []string{"Bolivia (Plurinational State of)", "Côte d’Ivoire"}},
		// S/PV.8700's list with a serial comma before the last name.
		{"China, Russian Federation, and Viet Nam", []string{"China", "Russian Federation", "Viet Nam"}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, splitList(tt.in)); d != "" {
			t.Errorf("splitList(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestTotals(t *testing.T) {
	tests := []struct {
		in      string
		y, n, a int
		outcome string
	}{
		{"The President: The draft resolution received 13 votes in favour, none against and two abstentions. The draft resolution has been adopted as resolution 2448 (2018).", 13, 0, 2, "adopted"},
		{"The result of the voting is as follows: 13 votes in favour, one against and one abstaining. The draft resolution has not been adopted, owing to the negative vote of a permanent member", 13, 1, 1, "not adopted"},
		{"Draft resolution I was adopted by 123 votes to 1, with 55 abstentions (resolution 65/195).", 123, 1, 55, "adopted"},
		{"The draft resolution received 15 votes in favour. The draft resolution has been adopted unanimously as resolution 2505 (2020).", 15, 0, 0, "adopted"},
		{"The eighth preambular paragraph was retained by 105 votes to none, with 26 abstentions.", 105, 0, 26, "adopted"},
		{"The President: I shall now call on those who wish to speak.", -1, -1, -1, ""},
		// A/65/PV.71: no abstentions named is none, and of two
		// announcements the first is this vote's.
		{"Draft resolution XI was adopted by 132 votes to 54 (resolution 65/216). The President (spoke in French): Draft resolution XII is entitled “Human rights and unilateral coercive measures”. Draft resolution XII was adopted by 131 votes to 53, with 1 abstention (resolution 65/217).", 132, 54, 0, "adopted"},
		// S/PV.8422's announcement, then a speaker recalling another vote
		// (composed): the first totals after the lists are this vote's,
		// whichever pattern reads them.
		{"The President: The draft resolution received 13 votes in favour, none against and two abstentions. The draft resolution has been adopted as resolution 2448 (2018). I now give the floor to the representative of the United States. In 2016 the mandate was renewed by 15 votes to none.", 13, 0, 2, "adopted"},
		// S/PV.3756: the first outcome named is this vote's, not an
		// earlier resolution's that a speaker mentions next.
		{"The President: The result of the voting is as follows: 13 votes in favour, one against and one abstaining. The draft resolution has not been adopted, owing to the negative vote of a permanent member of the Council. I shall now call on those members of the Council who wish to make statements following the voting. Mr. Ladsous (France) (interpretation from French): The French delegation worked with others to find a text that could be adopted, as resolution 1073 (1996) was adopted.", 13, 1, 1, "not adopted"},
	}
	for _, tt := range tests {
		v := unpv.Vote{TotalInFavour: -1, TotalAgainst: -1, TotalAbstaining: -1}
		totals(&v, tt.in)
		if v.TotalInFavour != tt.y || v.TotalAgainst != tt.n || v.TotalAbstaining != tt.a || v.Outcome != tt.outcome {
			t.Errorf("%q: %d-%d-%d %q, want %d-%d-%d %q", tt.in, v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining, v.Outcome, tt.y, tt.n, tt.a, tt.outcome)
		}
	}
}

// TestVoteMismatch: a list that disagrees with the announced totals is
// reported, not corrected.
func TestVoteMismatch(t *testing.T) {
	text := "S/PV.9998\nSecurity Council\nFriday, 3 January 2020, 3 p.m.\n\f" +
		"The President: I shall put draft resolution S/2020/5 to the vote now.\n" +
		"A vote was taken by show of hands.\n" +
		"In favour:\nBelgium, China, Estonia\nAgainst:\nNone\nAbstaining:\nFrance\n" +
		"The President: The draft resolution received 4 votes in favour, none against and one abstention. The draft resolution has been adopted.\n"
	r, v := parseOneVote(t, text)
	if v.Draft != "S/2020/5" || v.TotalInFavour != 4 || len(v.InFavour) != 3 || v.Outcome != "adopted" {
		t.Errorf("vote: %+v", v)
	}
	if v.Mismatch != "in favour: 3 listed, 4 announced" {
		t.Errorf("mismatch %q", v.Mismatch)
	}
	if len(r.Speeches) != 2 || strings.Contains(r.Speeches[0].Text, "Belgium") {
		t.Errorf("vote lists leaked into speeches: %+v", r.Speeches)
	}
}

// TestCheckVote: every list that disagrees with its announced total is
// reported, an announced none included (lists of S/PV.3756).
func TestCheckVote(t *testing.T) {
	favour := []string{"Chile", "China", "Egypt", "France", "Guinea-Bissau", "Japan", "Kenya", "Poland", "Portugal", "Republic of Korea", "Russian Federation", "Sweden", "United Kingdom of Great Britain and Northern Ireland"}
	tests := []struct {
		name    string
		y, n, a int
		want    string
	}{
		{"as announced", 13, 1, 1, ""},
		{"none against announced", 13, 0, 1, "against: 1 listed, 0 announced"},
		{"no abstention announced", 13, 1, 0, "abstaining: 1 listed, 0 announced"},
		{"not announced", -1, -1, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := unpv.Vote{InFavour: favour, Against: []string{"United States of America"}, Abstaining: []string{"Costa Rica"},
				TotalInFavour: tt.y, TotalAgainst: tt.n, TotalAbstaining: tt.a}
			checkVote(&v)
			if d := cmp.Diff(tt.want, v.Mismatch); d != "" {
				t.Errorf("mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func checkVoteInvariants(t *testing.T, v unpv.Vote) {
	t.Helper()
	for _, l := range [][]string{v.InFavour, v.Against, v.Abstaining} {
		if l == nil {
			t.Fatalf("nil list in %+v", v)
		}
		for _, d := range l {
			if strings.TrimSpace(d) == "" {
				t.Fatalf("empty delegation in %+v", v)
			}
		}
	}
	bad := (v.TotalInFavour >= 0 && v.TotalInFavour != len(v.InFavour)) ||
		(v.TotalAgainst >= 0 && v.TotalAgainst != len(v.Against)) ||
		(v.TotalAbstaining >= 0 && v.TotalAbstaining != len(v.Abstaining))
	if bad != (v.Mismatch != "") {
		t.Fatalf("mismatch %q does not match lists/totals: %+v", v.Mismatch, v)
	}
}

// FuzzVote feeds arbitrary lists and announcements to the vote parser.
func FuzzVote(f *testing.F) {
	f.Add("Belgium, China and Estonia", "None", "France", "received 3 votes in favour, none against and one abstention")
	f.Add("Antigua\nand Barbuda, Bosnia and\nHerzegovina.", "Israel.", "", "was adopted by 2 votes to 1, with no abstentions")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, yes, no, abst, after string) {
		text := "S/PV.9997\nSecurity Council\n\f" +
			"The President: vote now.\nIn favour:\n" + yes + "\nAgainst:\n" + no + "\nAbstaining:\n" + abst +
			"\nThe President: The draft resolution " + after + ".\n"
		r, err := Parse(text, "x.txt")
		if err != nil {
			return
		}
		for _, v := range r.Votes {
			checkVoteInvariants(t, v)
		}
	})
}

// TestVotePageNumber: the page's own number that pdftotext puts inside a
// page (between blank lines) neither ends a list that a comma carries on
// (A/65/PV.71, page 10: "…Lao People’s Democratic Republic," / "10" /
// "Lebanon, Lesotho…", whose second half went into the speech) nor lets a
// finished list take in the other column's list of the next vote
// (A/48/PV.46, page 23: "Viet Nam, Zambia, Zimbabwe" / "23" / "Japan,
// Jordan…"). The lines are the records' own, on page 2 of a short record.
func TestVotePageNumber(t *testing.T) {
	const cover = "S/PV.9998\nSecurity Council\nFriday, 3 January 2020, 3 p.m.\n\f" +
		"The President: I shall put the draft resolution to the vote now.\n" +
		"A recorded vote was taken.\n"
	tests := []struct {
		name                string
		lists               string
		inFavour, abstained []string
		speechHas           string // a fragment the speech keeps
	}{
		{
			name: "a comma carries the list past the number",
			lists: "In favour:\nJamaica, Jordan, Kazakhstan, Kenya, Kuwait,\nKyrgyzstan, Lao People’s Democratic Republic,\n\n2\n\n" +
				"Lebanon, Lesotho, Liberia, Libyan Arab\nJamahiriya, Madagascar.\nAgainst:\nSaudi Arabia.\nAbstaining:\nAfghanistan, Angola.\n",
			inFavour: []string{"Jamaica", "Jordan", "Kazakhstan", "Kenya", "Kuwait", "Kyrgyzstan", "Lao People’s Democratic Republic",
				"Lebanon", "Lesotho", "Liberia", "Libyan Arab Jamahiriya", "Madagascar"},
			abstained: []string{"Afghanistan", "Angola"},
		},
		{
			name: "a finished list ends at the number",
			lists: "In favour:\nJamaica, Jordan.\nAgainst: Iraq\nAbstaining: Angola, Chad, Cuba, Ghana, Guinea,\nViet Nam, Zambia, Zimbabwe\n\n2\n\n" +
				"Japan, Jordan, Kazakhstan, Kenya, Kuwait, Kyrgyzstan, Lao\nPeople’s Democratic Republic, Latvia, Lesotho, Libyan Arab\n",
			inFavour:  []string{"Jamaica", "Jordan"},
			abstained: []string{"Angola", "Chad", "Cuba", "Ghana", "Guinea", "Viet Nam", "Zambia", "Zimbabwe"},
			speechHas: "Japan, Jordan",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := cover + tt.lists + "The President: The draft resolution has been adopted.\n"
			r, v := parseOneVote(t, text)
			if d := cmp.Diff(tt.inFavour, v.InFavour); d != "" {
				t.Errorf("in favour (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.abstained, v.Abstaining); d != "" {
				t.Errorf("abstaining (-want +got):\n%s", d)
			}
			all := ""
			for _, s := range r.Speeches {
				all += s.Text + "\n"
			}
			if strings.Contains(all, "Lebanon") || strings.Contains(all, " 2 ") || strings.Contains(all, "\n2") {
				t.Errorf("list or page number in the speeches: %q", all)
			}
			if !strings.Contains(all, tt.speechHas) {
				t.Errorf("speeches lack %q: %q", tt.speechHas, all)
			}
		})
	}
}

// parseOneVote parses a record that holds one recorded vote.
func parseOneVote(t *testing.T, text string) (*Record, unpv.Vote) {
	t.Helper()
	r, err := Parse(text, "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 1 {
		t.Fatalf("%d votes", len(r.Votes))
	}
	return r, r.Votes[0]
}
