package un

import "testing"

// TestJoinHyphenated reads a line-end hyphen on real line pairs of the
// General Debate Corpus (sources in the case names), with the words the
// statement spells elsewhere.
func TestJoinHyphenated(t *testing.T) {
	tests := []struct {
		name, line, next string
		words            []string
		want             string
		ok               bool
	}{
		{"compound kept (EST_68_2013)", "theme of the sixty-", "eighth session", nil, "theme of the sixty-eighth session", true},
		{"typesetter's break, the statement spells it joined (SUR_48_1993)", "maintenance of interna-", "tional peace", []string{"international"}, "maintenance of international peace", true},
		{"spelt both ways: the hyphen stays (LTU_55_2000 style)", "joining the stand-", "by forces", []string{"standby", "stand-by"}, "joining the stand-by forces", true},
		{"a prefix always hyphenated keeps it (peace-keeping)", "the cost of peace-", "keeping has risen", []string{"peacekeeping"}, "the cost of peace-keeping has risen", true},
		{"a capital: no vocabulary asked (Secretary-General)", "by Secretary-", "General Guterres", []string{"secretarygeneral"}, "by Secretary-General Guterres", true},
		{"a dash, not a hyphen", "the peace process --", "and the region", nil, "", false},
		{"a number before the hyphen", "in 1990-", "1995 the", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			has := func(w string) bool {
				for _, x := range tt.words {
					if x == w {
						return true
					}
				}
				return false
			}
			got, ok := JoinHyphenated(tt.line, tt.next, has)
			if got != tt.want || ok != tt.ok {
				t.Errorf("JoinHyphenated(%q, %q) = %q, %v; want %q, %v", tt.line, tt.next, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestVocabularyHas finds whole words only: "inter" is not in
// "international", nor "operation" in "co-operation".
func TestVocabularyHas(t *testing.T) {
	v := NewVocabulary("International co-operation and Interdependence.")
	for w, want := range map[string]bool{"international": true, "inter": false, "operation": false, "co-operation": true, "interdependence": true, "and": true, "dependence": false} {
		if got := v.Has(w); got != want {
			t.Errorf("Has(%q) = %v, want %v", w, got, want)
		}
	}
}
