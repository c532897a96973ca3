package corpora

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

func TestSplitSpeakerLabel(t *testing.T) {
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
		label, body := SplitSpeakerLabel(tt.text)
		if label != tt.label || body != tt.body {
			t.Errorf("SplitSpeakerLabel(%q) = %q, %q; want %q, %q", tt.text, label, body, tt.label, tt.body)
		}
	}
}

func TestParseSpeakerLabel(t *testing.T) {
	tests := []struct {
		label string
		want  SpeakerLabel
	}{
		{"Mr. Ma Zhaoxu (China) (spoke in Chinese)", SpeakerLabel{Name: "Mr. Ma Zhaoxu", Delegation: "China", Language: "Chinese"}},
		{"Mr. Michon (spoke in French) (France)", SpeakerLabel{Name: "Mr. Michon", Delegation: "France", Language: "French"}},
		{"Mr. Elaraby (Egypt)(interpretation from Arabic)", SpeakerLabel{Name: "Mr. Elaraby", Delegation: "Egypt", Language: "Arabic"}},
		{"The President (spoke I thank Mr. Lowcock for his briefing. in French)", SpeakerLabel{Name: "The President", Language: "French", Displaced: "I thank Mr. Lowcock for his briefing."}},
		{"Mr. Rattray (Jamaica, on behalf of the Group of 77 and China)", SpeakerLabel{Name: "Mr. Rattray", Delegation: "Jamaica", OnBehalfOf: "the Group of 77 and China"}},
		{"Mr. Suárez Moreno (Bolivarian Republic of Venezuela) (spoke in Spanish; English text provided by the delegation)", SpeakerLabel{Name: "Mr. Suárez Moreno", Delegation: "Bolivarian Republic of Venezuela", Language: "Spanish"}},
		{"Monsignor Hansen (Holy See)", SpeakerLabel{Name: "Monsignor Hansen", Delegation: "Holy See"}},
		{"Mr.  Nebenzia\n(Russian Federation) (spoke in\nRussian)", SpeakerLabel{Name: "Mr. Nebenzia", Delegation: "Russian Federation", Language: "Russian"}},
		{"", SpeakerLabel{}},
	}
	for _, tt := range tests {
		got := ParseSpeakerLabel(tt.label)
		tt.want.Label = strings.Join(strings.Fields(tt.label), " ")
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSpeakerLabel(%q) (-want +got):\n%s", tt.label, diff)
		}
	}
}

func TestSpeakerLabelRole(t *testing.T) {
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
		{"Mr. Adom (C6te d'Ivoire) (spoke in French)", unpv.RoleMember, ""}, // OCR damage: printed delegation kept, no code
	}
	for _, tt := range tests {
		role, d := ParseSpeakerLabel(tt.label).Role()
		if role != tt.role || d.Code != tt.code {
			t.Errorf("%q: role %q code %q; want %q %q", tt.label, role, d.Code, tt.role, tt.code)
		}
	}
}

func FuzzSplitSpeakerLabel(f *testing.F) {
	for _, s := range []string{
		"Mr. Nebenzia (Russian Federation) (spoke in Russian): The Russian",
		"The President (spoke I thank Mr. Lowcock for his briefing. in French): I now",
		"((((:", "a:b:c", "Mr. X (a (b) c): d", "\xff\xfe: x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		label, body := SplitSpeakerLabel(text)
		if label == "" {
			if body != text {
				t.Fatalf("no label but body changed: %q", body)
			}
			return
		}
		if !strings.Contains(text, label) || !strings.HasSuffix(text, body) || len(label)+len(body) > len(text) {
			t.Fatalf("label %q + body %q do not come from %q", label, body, text)
		}
		l := ParseSpeakerLabel(label)
		if strings.Contains(l.Name, "(") || len(l.Name) > len(label) {
			t.Fatalf("name %q from label %q", l.Name, label)
		}
		l.Role()
	})
}
