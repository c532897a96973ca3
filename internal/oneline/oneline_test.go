package oneline

import "testing"

func TestCollapse(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain", "The CIS met.", "The CIS met."},
		{"PDF line break", "Trade relations in the whole Commonwealth \nof Independent States", "Trade relations in the whole Commonwealth of Independent States"},
		{"CRLF and tab", "a\r\n\tb", "a b"},
		{"double space", "a  b", "a b"},
		{"non-breaking space", "a\u00a0b\u00a0 c", "a b c"},
		{"control character", "a\x00\x07b", "a b"},
		{"edges kept as one space", "\n a \n", " a "},
		{"only space", " \n\t ", " "},
		{"multi-byte text", "Union\u2028africaine — «\tpaix»", "Union africaine — « paix»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Collapse(tc.in); got != tc.want {
				t.Errorf("Collapse(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
