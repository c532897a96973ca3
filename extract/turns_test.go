package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestWrappedLabels covers labels split over lines, as both engines print
// them.
func TestWrappedLabels(t *testing.T) {
	text := "S/PV.9999\nSecurity Council\nMonday, 6 January 2020, 10 a.m.\n\f" +
		"The meeting was called to order at 10.05 a.m.\n" +
		"Mr. Nebenzia (Russian Federation) (spoke in\nRussian): The Russian Federation should like to\nthank you.\n" +
		"The\nPresident\n(spoke\nin\nFrench):\nI give the floor to the next speaker.\n" +
		"Mr.\nJürgenson\n(Estonia):\nI\nthank the briefers.\n" +
		"Mr. Briz Gutiérrez: (Guatemala) (spoke in\nSpanish): My delegation would like to ask.\n" +
		"The meeting rose at 11 a.m.\n"
	r, err := Parse(text, "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Speeches {
		got = append(got, s.Speaker+" | "+s.Text)
	}
	want := []string{
		"Mr. Nebenzia (Russian Federation) (spoke in Russian) | The Russian Federation should like to thank you.",
		"The President (spoke in French) | I give the floor to the next speaker.",
		"Mr. Jürgenson (Estonia) | I thank the briefers.",
		"Mr. Briz Gutiérrez (Guatemala) (spoke in Spanish) | My delegation would like to ask.",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("turns (-want +got):\n%s", d)
	}
	if len(r.Events) != 2 || r.Events[0].Kind != "called_to_order" || r.Events[1].Kind != "rose" || r.Events[1].After != 4 || r.Events[1].Time != "11 a.m." {
		t.Errorf("events: %+v", r.Events)
	}
}

func TestJoinLines(t *testing.T) {
	words := &lazyWords{set: map[string]bool{"incorporate": true}}
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"the Secretary-", "General said"}, "the Secretary-General said"},
		{[]string{"Timor-", "Leste and the ever-", "changing world"}, "Timor-Leste and the ever-changing world"},
		{[]string{"to incorpo-", "rate it"}, "to incorporate it"},
		{[]string{"a", "", "b"}, "a b"},
		{[]string{"1990-", "2000"}, "1990- 2000"},
		{[]string{"under discussion.", paraBreak, "In accordance with"}, "under discussion.\nIn accordance with"},
		{[]string{"I wish to warmly welcome the", paraBreak, "Secretary-General."}, "I wish to warmly welcome the Secretary-General."},
		{[]string{"as follows:", paraBreak, "“I have the honour”"}, "as follows:\n“I have the honour”"},
	}
	for _, tt := range tests {
		if got := joinLines(tt.in, words); got != tt.want {
			t.Errorf("joinLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnspace(t *testing.T) {
	tests := map[string]string{
		"M a u r i t a n i a ,":     "Mauritania,",
		"o f":                       "of",
		"K i n g d o m":             "Kingdom",
		"United Kingdom of":         "United Kingdom of",
		"I am a b c":                "I am a b c",
		"a n d  G r e a t  B r i t": "and Great Brit",
	}
	for in, want := range tests {
		got := strings.Join(strings.Fields(unspace(in)), " ")
		if got != want {
			t.Errorf("unspace(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParse feeds arbitrary text to the whole record parser (furniture,
// turn segmentation, events, votes): it must never panic and every record
// it returns must be well formed.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(testdata, "*.txt"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 6000 {
			b = b[:6000]
		}
		f.Add(string(b))
	}
	f.Add("S/PV.1\n\fThe President: x\nIn favour:\nA, B and C\nAgainst:\nNone\nAbstaining:\nD\n")
	// The record's own symbol alone inside a paragraph (pdftotext), and the
	// 1993 cover's symbol and date below "Distr. GENERAL".
	f.Add("S/PV.1\n\fThe President: We would also like to thank all\ndelegations for their constructive engagement, flexibility\n" +
		"and accommodation, which resulted in a consensus\n\nS/PV. 1\n\noutcome for this important intergovernmental process.\n" +
		"the full implementation of their safeguards agreement.\n\nDistr. GENERAL\nS/PV.1\n22 November 1993\n\n" +
		"These inspections are essential to give the international\ncommunity confidence that the declared nuclear facilities\n" +
		"are being used exclusively for peaceful purposes.\nMy special thanks go to all our experts for their sincere\n")
	// A page's own number between blank lines inside a vote list.
	f.Add("S/PV.1\nSecurity Council\n\fThe President: I shall put the draft resolution to the vote now.\nA recorded vote was taken.\n" +
		"In favour:\nJamaica, Jordan.\nAgainst: Iraq\nAbstaining: Angola, Chad, Cuba, Ghana, Guinea,\nViet Nam, Zambia, Zimbabwe\n\n2\n\n" +
		"Japan, Jordan, Kazakhstan, Kenya, Kuwait, Kyrgyzstan, Lao\nThe President: The draft resolution has been adopted.\n")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(text, "S_PV.1_E.txt")
		if err != nil {
			return
		}
		for i, s := range r.Speeches {
			if s.Seq != i+1 || s.ID != unpv.SpeechID(r.Meeting.Symbol, i+1) {
				t.Fatalf("speech %d: seq %d id %q", i, s.Seq, s.ID)
			}
			if !utf8.ValidString(s.Text) || !utf8.ValidString(s.Speaker) {
				t.Fatalf("invalid UTF-8 in speech %d", i)
			}
		}
		for _, e := range r.Events {
			if e.After < 0 || e.After > len(r.Speeches) {
				t.Fatalf("event after %d of %d speeches", e.After, len(r.Speeches))
			}
		}
		for _, v := range r.Votes {
			checkVoteInvariants(t, v)
		}
	})
}

func TestZoneFurnitureLines(t *testing.T) {
	for _, l := range []string{"20-26989", "20-26989 (E)", "*2026989*", "21/22", "3", "15/10/2020", "S/PV.8770",
		"A /76/PV.102", "S/PV.8699 (Resumption 1)", "20-26989 21/22", "2/22 20-26989", "A/79/PV.29 29/10/2024", "15/10/2020 S/PV.8770",
		// pdftotext's space after "PV." in a running header: left inside a
		// speech of a 3-page excerpt of S/PV.8422 until extract/8.
		"13/12/2018 The situation in the Central African Republic S/PV. 8422"} {
		if !zoneFurnitureLine(l, nil) {
			t.Errorf("%q not recognised as page furniture", l)
		}
	}
	for _, l := range []string{"The President: I thank", "2020 was a difficult year.", "Resolution 2505 (2020)"} {
		if zoneFurnitureLine(l, nil) {
			t.Errorf("%q taken for page furniture", l)
		}
	}
}

// TestGeneralDebate: heads of State speak under labels without a country;
// the "Address by …" heading names it, and the escort lines are events.
func TestGeneralDebate(t *testing.T) {
	text := "A/76/PV.3\nGeneral Assembly\nSeventy-sixth session\n3rd plenary meeting\nTuesday, 21 September 2021, 9 a.m.\n\f" +
		"The meeting was called to order at 9 a.m.\n" +
		"Address by Mr. Joseph R. Biden, President of the\nUnited States of America\n" +
		"The President: The Assembly will now hear an address by the President of the United States of America.\n" +
		"Mr. Joseph R. Biden, President of the United States of America, was\nescorted into the General Assembly Hall.\n" +
		"President Biden: Mr. President, Mr. Secretary-General, it is an honour.\n" +
		"Mr. Joseph R. Biden, President of the United States of America, was\nescorted from the General Assembly Hall.\n" +
		"Mr. Kazykhanov (Kazakhstan): I thank the President.\n" +
		"Ms. Bachelet: I thank the President for this opportunity.\n"
	r, err := Parse(text, "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Speeches) != 4 {
		t.Fatalf("%d speeches: %+v", len(r.Speeches), r.Speeches)
	}
	biden := r.Speeches[1]
	if biden.SpeakerName != "President Biden" || biden.Delegation != "United States of America" || biden.Role != unpv.RoleMember ||
		biden.Text != "Mr. President, Mr. Secretary-General, it is an honour." {
		t.Errorf("head of State: %+v", biden)
	}
	// The heading names the next head of State's country only: neither
	// the President before nor a speaker without a delegation later.
	got := []string{r.Speeches[0].Delegation, r.Speeches[2].Delegation, r.Speeches[3].Delegation}
	if d := cmp.Diff([]string{"", "Kazakhstan", ""}, got); d != "" {
		t.Errorf("country leaked (-want +got):\n%s", d)
	}
	n := 0
	for _, e := range r.Events {
		if e.Kind == "escorted" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("escort events: %+v", r.Events)
	}
}

func TestCombinedFurniture(t *testing.T) {
	for _, l := range []string{"28 07-50429", "07-50429 28", "30/01/2026 The situation in Cyprus S/PV.10100", "S/PV.10100 The situation in Cyprus 30/01/2026"} {
		if !zoneFurnitureLine(l, nil) {
			t.Errorf("%q not recognised as page furniture", l)
		}
	}
	// A footer with its page counter is a footer inside a page too (S/PV.10100).
	for _, l := range []string{"2/3 26-01225", "26-01225 3/3", "28 07-50429"} {
		if !anywhereFurniture(l) {
			t.Errorf("%q inside a page not recognised as a footer", l)
		}
	}
	if !anywhereFurniture("Distr. GENERAL") || anywhereFurniture("Distr. is short for distribution") {
		t.Error("Distr. line")
	}
}
