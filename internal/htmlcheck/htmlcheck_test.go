package htmlcheck

import "testing"

func TestNested(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"text", "a &lt; b", true},
		{"nested", `<mark class="s"><b>AU</b> and <mark>EU</mark></mark>`, true},
		{"void element", "a<br>b", true},
		{"crossed", "<mark>a<b>b</mark>c</b>", false},
		{"left open", "<mark>a", false},
		{"stray close", "a</b>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Nested(tc.in); (err == nil) != tc.ok {
				t.Errorf("Nested(%q) = %v", tc.in, err)
			}
		})
	}
}
