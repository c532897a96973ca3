package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

func TestParseLabel(t *testing.T) {
	tests := []struct {
		in   string
		want Label
		ok   bool
	}{
		{"The President (spoke in Russian): In accordance", Label{Printed: "The President (spoke in Russian)", Name: "The President", Language: "Russian"}, true},
		{"Mr. Ma Zhaoxu (China) (spoke in Chinese):", Label{Printed: "Mr. Ma Zhaoxu (China) (spoke in Chinese)", Name: "Mr. Ma Zhaoxu", Delegation: "China", Language: "Chinese"}, true},
		{"Mr. Griffiths: I thank you", Label{Printed: "Mr. Griffiths", Name: "Mr. Griffiths"}, true},
		{"Monsignor Hansen (Holy See): ", Label{Printed: "Monsignor Hansen (Holy See)", Name: "Monsignor Hansen", Delegation: "Holy See"}, true},
		{"Dame Barbara Woodward (United Kingdom):", Label{Printed: "Dame Barbara Woodward (United Kingdom)", Name: "Dame Barbara Woodward", Delegation: "United Kingdom"}, true},
		{"Mr. Elaraby (Egypt)(interpretation from Arabic):", Label{Printed: "Mr. Elaraby (Egypt)(interpretation from Arabic)", Name: "Mr. Elaraby", Delegation: "Egypt", Language: "Arabic"}, true},
		{"Mr. CHIRILA (Romania) (interpretation from French):", Label{Printed: "Mr. CHIRILA (Romania) (interpretation from French)", Name: "Mr. CHIRILA", Delegation: "Romania", Language: "French"}, true},
		{"The Secretary-General: I thank Viet Nam", Label{Printed: "The Secretary-General", Name: "The Secretary-General"}, true},
		{"Mr. Skoog (European Union): The EU", Label{Printed: "Mr. Skoog (European Union)", Name: "Mr. Skoog", Delegation: "European Union"}, true},
		{"Dato Lim Jock Hoi: At the outset", Label{Printed: "Dato Lim Jock Hoi", Name: "Dato Lim Jock Hoi"}, true},
		{"Mr. Arias (Bolivia (Plurinational State of)):", Label{Printed: "Mr. Arias (Bolivia (Plurinational State of))", Name: "Mr. Arias", Delegation: "Bolivia (Plurinational State of)"}, true},
		{"Ms. Stuikyte (Lithuania), Rapporteur of panel 5:", Label{Printed: "Ms. Stuikyte (Lithuania), Rapporteur of panel 5", Name: "Ms. Stuikyte", Delegation: "Lithuania", Title: "Rapporteur of panel 5"}, true},
		{"Mr. Hilale (spoke in French) (Morocco):", Label{Printed: "Mr. Hilale (spoke in French) (Morocco)", Name: "Mr. Hilale", Delegation: "Morocco", Language: "French"}, true},
		{"Mr. Gumende (Mozambique), speaking on behalf of the Group of African States:", Label{Printed: "Mr. Gumende (Mozambique), speaking on behalf of the Group of African States", Name: "Mr. Gumende", Delegation: "Mozambique", OnBehalfOf: "Group of African States"}, true},
		{"The Acting President: I now call", Label{Printed: "The Acting President", Name: "The Acting President"}, true},
		{"The ACTING PRESIDENT (interpretation from Spanish): I", Label{Printed: "The ACTING PRESIDENT (interpretation from Spanish)", Name: "The ACTING PRESIDENT", Language: "Spanish"}, true},
		{"Mr. Briz Gutiérrez: (Guatemala) (spoke in Spanish): My delegation", Label{Printed: "Mr. Briz Gutiérrez (Guatemala) (spoke in Spanish)", Name: "Mr. Briz Gutiérrez", Delegation: "Guatemala", Language: "Spanish"}, true},
		{"Hadiza (spoke in French): Allow me", Label{Printed: "Hadiza (spoke in French)", Name: "Hadiza", Language: "French"}, true},
		// Not labels.
		{"President:", Label{}, false},
		{"Members:", Label{}, false},
		{"In favour:", Label{}, false},
		{"Mr. President, I thank you: it is", Label{}, false},
		{"Mr. Guterres, who spoke earlier, said the following:", Label{}, false},
		{"Mr. Pham Binh Minh/Mr. Dang . . . . . (Viet Nam)", Label{}, false},
		{"Dr. Nasser Al-Kidwa, Permanent Observer of Palestine to the United Nations, to participate", Label{}, false},
		{"The meeting was called to order at 10 a.m.", Label{}, false},
		{"The President returned to the Chair.", Label{}, false},
		{"Hadiza: Allow me", Label{}, false},
		{"Mali and the Niger (spoke in French): x", Label{}, false},
		{"We heard (spoke in French): x", Label{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, n, ok := parseLabel(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("label (-want +got):\n%s", d)
			}
			if tt.in[n-1] != ':' {
				t.Errorf("label length %d does not end at the colon", n)
			}
		})
	}
}

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

// FuzzParseLabel checks the label reader on its own.
func FuzzParseLabel(f *testing.F) {
	for _, s := range []string{"Mr. Ma Zhaoxu (China) (spoke in Chinese): Thank", "The President: I", "Mr. A (B (C)), on behalf of D: x", "Ms. ((((", "Mr. X, Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lb, n, ok := parseLabel(s)
		if !ok {
			return
		}
		if n <= 0 || n > len(s) || s[n-1] != ':' {
			t.Fatalf("length %d for %q", n, s)
		}
		if lb.Name == "" || !strings.HasPrefix(s, lb.Name) {
			t.Fatalf("name %q not a prefix of %q", lb.Name, s)
		}
	})
}

func TestZoneFurnitureLines(t *testing.T) {
	for _, l := range []string{"20-26989", "20-26989 (E)", "*2026989*", "21/22", "3", "15/10/2020", "S/PV.8770",
		"A /76/PV.102", "S/PV.8699 (Resumption 1)", "20-26989 21/22", "2/22 20-26989", "A/79/PV.29 29/10/2024", "15/10/2020 S/PV.8770"} {
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
		"Mr. Kazykhanov (Kazakhstan): I thank the President.\n"
	r, err := Parse(text, "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Speeches) != 3 {
		t.Fatalf("%d speeches: %+v", len(r.Speeches), r.Speeches)
	}
	biden := r.Speeches[1]
	if biden.SpeakerName != "President Biden" || biden.Delegation != "United States of America" || biden.Role != unpv.RoleMember ||
		biden.Text != "Mr. President, Mr. Secretary-General, it is an honour." {
		t.Errorf("head of State: %+v", biden)
	}
	if r.Speeches[0].Delegation != "" || r.Speeches[2].Delegation != "Kazakhstan" {
		t.Errorf("country leaked: %q %q", r.Speeches[0].Delegation, r.Speeches[2].Delegation)
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
	if !anywhereFurniture("Distr. GENERAL") || anywhereFurniture("Distr. is short for distribution") {
		t.Error("Distr. line")
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		label Label
		text  string
		role  unpv.Role
		code  string
	}{
		{Label{Name: "The President"}, "I shall now make a statement in my capacity as the representative of Viet Nam.", unpv.RolePresident, "VNM"},
		{Label{Name: "The President"}, "I give the floor to Mr. Griffiths.", unpv.RolePresident, ""},
		{Label{Name: "The Secretary-General"}, "", unpv.RoleSecretariat, "UN"},
		{Label{Name: "The ACTING PRESIDENT"}, "", unpv.RolePresident, ""},
		{Label{Name: "The PRESIDENT"}, "", unpv.RolePresident, ""},
		{Label{Name: "Mr. Nebenzia", Delegation: "Russian Federation"}, "", unpv.RoleMember, "RUS"},
		{Label{Name: "Monsignor Hansen", Delegation: "Holy See"}, "", unpv.RoleObserver, "VAT"},
		{Label{Name: "Mr. Skoog", Delegation: "European Union"}, "", unpv.RoleOrganisation, "EU"},
		{Label{Name: "Ms. Sharma", Delegation: "Department for General Assembly and Conference Management"}, "", unpv.RoleSecretariat, "UN"},
		{Label{Name: "Mr. Griffiths"}, "", unpv.RoleBriefer, ""},
	}
	for _, tt := range tests {
		role, code := roleOf(tt.label, tt.text)
		if role != tt.role || code != tt.code {
			t.Errorf("%s (%s): %s %s, want %s %s", tt.label.Name, tt.label.Delegation, role, code, tt.role, tt.code)
		}
	}
	sps := []unpv.Speech{
		{SpeakerName: "The President", Role: unpv.RolePresident, Text: "I welcome Ms. Rosemary DiCarlo, Under-Secretary-General for Political and Peacebuilding Affairs, and Mr. Olof Skoog, Head of the Delegation of the European Union to the United Nations."},
		{SpeakerName: "Ms. DiCarlo", Role: unpv.RoleBriefer},
		{SpeakerName: "Mr. Skoog", Role: unpv.RoleBriefer},
		{SpeakerName: "Mrs. Robinson", Role: unpv.RoleBriefer},
	}
	markSecretariat(sps)
	got := []string{string(sps[1].Role) + " " + sps[1].DelegationCode, string(sps[2].Role) + " " + sps[2].DelegationCode, string(sps[3].Role)}
	if d := cmp.Diff([]string{"secretariat UN", "organisation EU", "briefer"}, got); d != "" {
		t.Errorf("briefers (-want +got):\n%s", d)
	}
}

// TestSharedLabels reads the label of every speech in the 2020 Security
// Council corpus (83 records, 1,600 speeches; the text of each starts with
// its label as printed) when ../shared is present.
func TestSharedLabels(t *testing.T) {
	b, err := os.ReadFile("../../shared/corpora/unsc-2020-speeches/speeches_2020.jsonl")
	if err != nil {
		t.Skip("../shared not present")
	}
	n, bad := 0, 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ Text string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		n++
		head := r.Text[:min(len(r.Text), 300)]
		lb, _, ok := parseLabel(head)
		if !ok {
			bad++
			t.Errorf("no label in %.80q", head)
			continue
		}
		if lb.Delegation != "" {
			if _, ok := un.LookupDelegation(lb.Delegation); !ok && !strings.Contains(lb.Delegation, "C6te") { // OCR slip in the corpus
				t.Errorf("%q: delegation %q not in the table", lb.Printed, lb.Delegation)
			}
		}
	}
	if n < 1600 {
		t.Errorf("read %d speeches, want 1600", n)
	}
}
