package un

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

func TestReadLabel(t *testing.T) {
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
		// Up to seven name words; an eighth makes it running text.
		{"Mr. Juan Carlos de la Torre y Sánchez (Spain):", Label{Printed: "Mr. Juan Carlos de la Torre y Sánchez (Spain)", Name: "Mr. Juan Carlos de la Torre y Sánchez", Delegation: "Spain"}, true},
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
		{"Mr. Juan Carlos de la Torre y Sánchez Ruiz (Spain):", Label{}, false},
		{"Mali and the Niger (spoke in French): x", Label{}, false},
		{"We heard (spoke in French): x", Label{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, n, ok := ReadLabel(tt.in)
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

// FuzzReadLabel checks the label reader on its own.
func FuzzReadLabel(f *testing.F) {
	for _, s := range []string{"Mr. Ma Zhaoxu (China) (spoke in Chinese): Thank", "The President: I", "Mr. A (B (C)), on behalf of D: x", "Ms. ((((", "Mr. X, Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lb, n, ok := ReadLabel(s)
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
		// An organisation the table does not list, and one that is not.
		{Label{Name: "Mr. Chungong", Delegation: "Inter-Parliamentary Union"}, "", unpv.RoleOrganisation, ""},
		{Label{Name: "Mr. Smith", Delegation: "Atlantis"}, "", unpv.RoleMember, ""},
		// The longest name: Serbia and Montenegro, not Serbia.
		{Label{Name: "Mr. Šahović", Delegation: "Serbia and Montenegro"}, "", unpv.RoleMember, "SCG"},
		{Label{Name: "The President"}, "I shall now make a statement in my capacity as the representative of Serbia and Montenegro.", unpv.RolePresident, "SCG"},
	}
	for _, tt := range tests {
		role, code := RoleOf(tt.label, tt.text)
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
	MarkBriefers(sps)
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
		lb, _, ok := ReadLabel(head)
		if !ok {
			bad++
			t.Errorf("no label in %.80q", head)
			continue
		}
		if lb.Delegation != "" {
			if _, ok := LookupDelegation(lb.Delegation); !ok && !strings.Contains(lb.Delegation, "C6te") { // OCR slip in the corpus
				t.Errorf("%q: delegation %q not in the table", lb.Printed, lb.Delegation)
			}
		}
	}
	if n < 1600 {
		t.Errorf("read %d speeches, want 1600", n)
	}
}

func TestSplitLabel(t *testing.T) {
	tests := []struct{ text, label, body string }{
		{"Mr. Nebenzia (Russian Federation) (spoke in Russian): The Russian Federation should like", "Mr. Nebenzia (Russian Federation) (spoke in Russian)", "The Russian Federation should like"},
		{"The President: I thank Mr. Griffiths.", "The President", "I thank Mr. Griffiths."},
		{"Dato Lim Jock Hoi: At the outset, ...", "Dato Lim Jock Hoi", "At the outset, ..."},
		{"The President (spoke I thank Mr. Lowcock for his briefing. in French): I now give", "The President (spoke I thank Mr. Lowcock for his briefing. in French)", "I now give"},
		// No label: a sentence with a colon later on.
		{"We have three priorities for the coming year, as follows: peace, security, development.", "", "We have three priorities for the coming year, as follows: peace, security, development."},
		{"No colon at all", "", "No colon at all"},
		{": starts with colon", "", ": starts with colon"},
		// A colon inside parentheses does not end the label.
		{"Mr. X (Guyana: on behalf of the Group of 77) (spoke in Spanish): Text", "Mr. X (Guyana: on behalf of the Group of 77) (spoke in Spanish)", "Text"},
	}
	for _, tt := range tests {
		label, body := SplitLabel(tt.text)
		if label != tt.label || body != tt.body {
			t.Errorf("SplitLabel(%q) = %q, %q; want %q, %q", tt.text, label, body, tt.label, tt.body)
		}
	}
}

func TestParseImportedLabel(t *testing.T) {
	tests := []struct {
		label string
		want  Label
	}{
		{"Mr. Ma Zhaoxu (China) (spoke in Chinese)", Label{Name: "Mr. Ma Zhaoxu", Delegation: "China", Language: "Chinese"}},
		{"Mr. Michon (spoke in French) (France)", Label{Name: "Mr. Michon", Delegation: "France", Language: "French"}},
		{"Mr. Elaraby (Egypt)(interpretation from Arabic)", Label{Name: "Mr. Elaraby", Delegation: "Egypt", Language: "Arabic"}},
		{"The President (spoke I thank Mr. Lowcock for his briefing. in French)", Label{Name: "The President", Language: "French", Displaced: "I thank Mr. Lowcock for his briefing."}},
		{"Mr. Rattray (Jamaica, on behalf of the Group of 77 and China)", Label{Name: "Mr. Rattray", Delegation: "Jamaica", OnBehalfOf: "the Group of 77 and China"}},
		{"Mr. Suárez Moreno (Bolivarian Republic of Venezuela) (spoke in Spanish; English text provided by the delegation)", Label{Name: "Mr. Suárez Moreno", Delegation: "Bolivarian Republic of Venezuela", Language: "Spanish"}},
		{"Monsignor Hansen (Holy See)", Label{Name: "Monsignor Hansen", Delegation: "Holy See"}},
		{"Mr.  Nebenzia\n(Russian Federation) (spoke in\nRussian)", Label{Name: "Mr. Nebenzia", Delegation: "Russian Federation", Language: "Russian"}},
		{"", Label{}},
	}
	for _, tt := range tests {
		got := ParseLabel(tt.label)
		tt.want.Printed = strings.Join(strings.Fields(tt.label), " ")
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseLabel(%q) (-want +got):\n%s", tt.label, diff)
		}
	}
}

func TestImportedLabelRole(t *testing.T) {
	tests := []struct {
		label string
		role  unpv.Role
		code  string
	}{
		{"The President (spoke in French)", unpv.RolePresident, ""},
		{"The Acting President", unpv.RolePresident, ""},
		{"The Secretary-General", unpv.RoleSecretariat, "UN"},
		{"The Deputy Secretary-General", unpv.RoleSecretariat, "UN"},
		{"Mr. Griffiths", unpv.RoleBriefer, ""},
		{"Mr. Nebenzia (Russian Federation) (spoke in Russian)", unpv.RoleMember, "RUS"},
		{"Mr. Mansour (Palestine)", unpv.RoleObserver, "PSE"},
		{"Monsignor Hansen (Holy See)", unpv.RoleObserver, "VAT"},
		{"Mr. Skoog (European Union)", unpv.RoleOrganisation, "EU"},
		{"Mr. Adom (C6te d'Ivoire) (spoke in French)", unpv.RoleMember, "CIV"}, // OCR damage: a digit read as the letter it stands for
	}
	for _, tt := range tests {
		role, code := RoleOf(ParseLabel(tt.label), "")
		if role != tt.role || code != tt.code {
			t.Errorf("%q: role %q code %q; want %q %q", tt.label, role, code, tt.role, tt.code)
		}
	}
}

func FuzzSplitLabel(f *testing.F) {
	for _, s := range []string{
		"Mr. Nebenzia (Russian Federation) (spoke in Russian): The Russian",
		"The President (spoke I thank Mr. Lowcock for his briefing. in French): I now",
		"((((:", "a:b:c", "Mr. X (a (b) c): d", "\xff\xfe: x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		label, body := SplitLabel(text)
		if label == "" {
			if body != text {
				t.Fatalf("no label but body changed: %q", body)
			}
			return
		}
		if !strings.Contains(text, label) || !strings.HasSuffix(text, body) || len(label)+len(body) > len(text) {
			t.Fatalf("label %q + body %q do not come from %q", label, body, text)
		}
		l := ParseLabel(label)
		if strings.Contains(l.Name, "(") || len(l.Name) > len(label) {
			t.Fatalf("name %q from label %q", l.Name, label)
		}
		RoleOf(l, "")
	})
}

// TestIntroducedAs reads the titles with which the 2020 Security Council
// records introduce their briefers (real introductions).
func TestIntroducedAs(t *testing.T) {
	tests := []struct {
		clause string
		role   unpv.Role
		code   string
	}{
		{"Secretary-General of the Association of Southeast Asian Nations, to participate in today's meeting.", unpv.RoleOrganisation, "ASEAN"},
		{"African Union Commissioner for Peace and Security, and Ms. Jo Becker, Chair of the Advisory Board", unpv.RoleOrganisation, "AU"},
		{"Head of Delegation of the European Union to the United Nations, and Mr. Robert Mardini", unpv.RoleOrganisation, "EU"},
		{"Managing Director for Africa, European External Action Service. The Security Council", unpv.RoleOrganisation, "EU"},
		{"Permanent Observer of the League of Arab States to the United Nations. I propose", unpv.RoleOrganisation, "LAS"},
		{"Under-Secretary-General for Peace Operations, to participate in this meeting.", unpv.RoleSecretariat, "UN"},
		{"High Representative for Disarmament Affairs; and Mr. Damien Spleeters", unpv.RoleSecretariat, "UN"},
		{"Special Representative of the Secretary-General and Head of the United Nations Assistance Mission in Afghanistan.", unpv.RoleSecretariat, "UN"},
		{"Permanent Representative of Morocco to the United Nations, in his capacity as Chair of the Central African Republic configuration", unpv.RoleMember, "MAR"},
		{"King of the Belgians, who will make a statement on behalf of the Kingdom of Belgium.", unpv.RoleMember, "BEL"},
		{"President of the Observer State of Palestine, was escorted", unpv.RoleObserver, "PSE"},
		{"Permanent Representative of Serbia and Montenegro to the United Nations.", unpv.RoleMember, "SCG"},
		{"Chair of the Advisory Board of Watchlist on Children and Armed Conflict.", "", ""},
		// S/PV.8723: a civil-society briefer invited under rule 39; Colombia's
		// representative, invited under rule 37, spoke apart.
		{"President of the Commission for the Clarification of Truth, Coexistence and Non-Repetition of Colombia; and Ms. Yasmin Sooka", "", ""},
		{"Minister for Foreign Affairs of the Republic of Kazakhstan.", unpv.RoleMember, "KAZ"},
		{"civil society representative. Ms. Freij is joining", "", ""},
	}
	for _, tt := range tests {
		role, code := IntroducedAs(tt.clause)
		if role != tt.role || code != tt.code {
			t.Errorf("%q: %q %q, want %q %q", tt.clause, role, code, tt.role, tt.code)
		}
	}
}

// TestOnBehalfOf: the openings of speeches in the 2020 Security Council
// corpus (the 2020 speeches of un-extractor's corpus, ../shared).
func TestOnBehalfOf(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"S/PV.8699 (Resumption 1) #36", "I have the honour to speak on behalf of the Movement of Non-Aligned Countries. At the outset, we would like to congratulate", "Movement of Non-Aligned Countries"},
		{"S/PV.8700 #3", "I shall make this statement on behalf of Germany and Belgium, the humanitarian co-penholders. Millions of Syrians", "Germany and Belgium"},
		{"S/PV.8706 (Resumption 1) #42", "The Sudan is honoured to deliver this statement on behalf of the Group of Arab States as Chair of the Group, under the agenda item", "Group of Arab States"},
		// Another's statement.
		{"S/PV.8723 (Resumption 1) #72", "We appreciate your timely initiative, Madam President, to discuss this very important issue. I would like to put on record that my delegation aligns itself with the statement delivered on behalf of the European Union. At the outset, let me recall", ""},
		{"S/PV.8723 (Resumption 1) #10", "It is great to see you, Madam President, presiding over the Security Council. I congratulate Belgium on its presidency of the Council and thank your delegation for organizing this very important meeting today. My delegation fully associates itself with the statement to be delivered on behalf of the European Union. We would also like to thank", ""},
		{"S/PV.8706 (Resumption 1) #36", "We support the statement made by the representative of Azerbaijan on behalf of the Movement of Non-Aligned Countries. It is regrettable", ""},
		// The verb more than 80 characters before "on behalf of", with a
		// pronoun between (composed: reBehalf's match starts at "our").
		{"aligns, far before", "My delegation fully aligns itself with the comprehensive and important statement that will be delivered later today by our colleague on behalf of the European Union.", ""},
		// Another's statement, then the speaker's own group (composed).
		{"another's, then its own", "We support the statement made by the representative of Azerbaijan on behalf of the Movement of Non-Aligned Countries. I now speak on behalf of the Group of Arab States.", "Group of Arab States"},
		// Past the opening: about others.
		{"S/PV.8710 #10", "Saint Vincent and the Grenadines thanks Mr. Ghassan Salame, Special Representative of the Secretary- General and Head of the United Nations Support Mission in Libya (UNSMIL), for his very sobering briefing on the recent developments in Libya. We applaud his unrelenting efforts to bring about a peaceful solution to the Libyan conflict and express our support for UNSMIL. Likewise, my delegation thanks Minister Mathias Licharz, speaking on behalf of the Chair of the Committee established pursuant to resolution 1970 (2011)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, OnBehalfOf(tt.text)); d != "" {
				t.Errorf("OnBehalfOf (-want +got):\n%s", d)
			}
		})
	}
	// The chair's "on behalf of the Council" is not recorded (S/PV.8698 #2).
	sp := unpv.Speech{Text: "I would like to take this opportunity to pay tribute, on behalf of the Council, to Her Excellency Ms. Kelly Craft, Permanent Representative of the United States, for her service as President of the Council for the month of December."}
	Label{Printed: "The President", Name: "The President"}.Fill(&sp)
	if sp.OnBehalfOf != "" {
		t.Errorf("the President's turn: OnBehalfOf %q, want none", sp.OnBehalfOf)
	}
}

// TestPresidentCountry reads the President's switch to national capacity
// in the wordings of the 2020 records.
func TestPresidentCountry(t *testing.T) {
	tests := []struct{ text, code string }{
		{"I shall now make a statement in my capacity as the representative of Viet Nam.", "VNM"},
		{"I shall now make a statement in my capacity as the representative of Côte d’Ivoire and on behalf of the three African countries that are members", "CIV"},
		{"I shall now make a statement in my capacity as Deputy Prime Minister and Minister of Foreign Affairs of Viet Nam. Seventy-five years ago", "VNM"},
		{"I shall now make a statement in my capacity as Deputy Prime Minister and Minister of Finance and Development of Belgium.", "BEL"},
		{"I shall now like to make a statement in my capacity as the representative of the Niger on behalf of the three African members", "NER"},
		{"I will now brief the Security Council in my capacity as Chair of the Security Council Committee pursuant to resolution 751 (1992), concerning Somalia.", ""},
		{"I shall now make a statement in my national capacity.", ""},
		// A State whose name holds "of" itself.
		{"I shall now make a statement in my capacity as the representative of the Democratic Republic of the Congo.", "COD"},
		{"I shall now make a statement in my capacity as the representative of the Democratic People's Republic of Korea.", "PRK"},
		{"I shall now make a statement in my capacity as the representative of the United Kingdom of Great Britain and Northern Ireland.", "GBR"},
		{"I shall now make a statement in my capacity as Minister for Foreign Affairs of the Republic of the Congo.", "COG"},
	}
	for _, tt := range tests {
		if got := PresidentCountry(tt.text); got != tt.code {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.code)
		}
	}
}

func TestSpeakerGroup(t *testing.T) {
	tests := []struct {
		code string
		role unpv.Role
		want Group
	}{
		{"RUS", unpv.RoleMember, GroupState},
		{"SUN", unpv.RoleMember, GroupState},
		{"VNM", unpv.RolePresident, GroupState}, // the President in national capacity
		{"PSE", unpv.RoleObserver, GroupObserver},
		{"ASEAN", unpv.RoleOrganisation, GroupOrganisation},
		{"UN", unpv.RoleSecretariat, GroupSecretariat},
		{"", unpv.RolePresident, GroupPresiding},
		{"", unpv.RoleBriefer, GroupBriefer},
		{"", unpv.RoleSecretariat, GroupSecretariat},
		{"", unpv.RoleMember, GroupUnknown},
		{"XKX", unpv.RoleMember, GroupState}, // an alpha-3 code the table lacks
		{"Dato Lim", unpv.RoleMember, GroupUnknown},
	}
	for _, tt := range tests {
		if got := SpeakerGroup(tt.code, tt.role); got != tt.want {
			t.Errorf("SpeakerGroup(%q, %q) = %q, want %q", tt.code, tt.role, got, tt.want)
		}
	}
	for _, g := range []Group{GroupState, GroupObserver, GroupOrganisation} {
		if !g.IsDelegation() {
			t.Errorf("%s is not a delegation", g)
		}
	}
	for _, g := range []Group{GroupSecretariat, GroupPresiding, GroupBriefer, GroupUnknown} {
		if g.IsDelegation() || g.Label() == string(g) {
			t.Errorf("%s: delegation %v, label %q", g, g.IsDelegation(), g.Label())
		}
	}
}

// TestPresidencies: the presidency table reads months, and a President
// who only says "in my national capacity" is given the State that held the
// presidency (TestPresidenciesAgreeWithRecords checks the table).
func TestPresidencies(t *testing.T) {
	if _, err := parsePresidencies("2020-13\tVNM\n"); err == nil {
		t.Error("bad month accepted")
	}
	if _, err := parsePresidencies("2020-01\tXXX\n"); err == nil {
		t.Error("unknown code accepted")
	}
	for date, want := range map[string]string{"2020-01-09": "VNM", "2018-12-13": "CIV", "2020-10": "RUS", "2017-12-01": "", "2023-01-01": "", "2020": ""} {
		if got := SecurityCouncilPresident(date); got != want {
			t.Errorf("SecurityCouncilPresident(%q) = %q, want %q", date, got, want)
		}
	}
	sps := []unpv.Speech{
		{Symbol: "S/PV.8764", Date: "2020-10-05", Role: unpv.RolePresident, Text: "I shall now make a statement in my national capacity. The Russian Federation abstained."},
		{Symbol: "S/PV.8764", Date: "2020-10-05", Role: unpv.RolePresident, Text: "I think that I should better reserve that for my statement in my national capacity."},
		{Symbol: "A/76/PV.102", Date: "2022-09-08", Role: unpv.RolePresident, Text: "I shall now make a statement in my national capacity."},
		{Symbol: "S/PV.9999", Date: "2030-01-05", Role: unpv.RolePresident, Text: "I shall now make a statement in my national capacity."},
	}
	MarkPresidents(sps)
	var got []string
	for _, s := range sps {
		got = append(got, s.DelegationCode)
	}
	if d := cmp.Diff([]string{"RUS", "", "", ""}, got); d != "" {
		t.Errorf("MarkPresidents (-want +got):\n%s", d)
	}
}
