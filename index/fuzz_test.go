package index

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFragment checks that fragments and KWIC lines never split a rune,
// never lose or invent text, and keep marks on the matched bytes.
func FuzzFragment(f *testing.F) {
	f.Add("We thank the African Union for its role.", 13, 26, 40, 10)
	f.Add("Délégation: l’Union africaine — «très» bien", 13, 20, 12, 5)
	f.Add("  spaces\r\n\tand\u00a0nbsp  ", 2, 8, 3, 1)
	f.Fuzz(func(t *testing.T, text string, start, end, size, width int) {
		if !utf8.ValidString(text) || size < 1 || size > 1000 || width < 1 || width > 200 {
			t.Skip()
		}
		var spans []Span
		if start >= 0 && end <= len(text) && start < end && utf8.RuneStart(text[start]) && (end == len(text) || utf8.RuneStart(text[end])) {
			spans = []Span{{start, end}}
		}
		fr := fragment(text, spans, size)
		plain := strings.Join(func() []string {
			var s []string
			for _, p := range fr.Pieces {
				if !utf8.ValidString(p.Text) {
					t.Fatalf("piece splits a rune: %q", p.Text)
				}
				if p.Hit && (len(spans) == 0 || !strings.Contains(text[spans[0].Start:spans[0].End], p.Text)) {
					t.Fatalf("marked %q outside the match", p.Text)
				}
				s = append(s, p.Text)
			}
			return s
		}(), "")
		if !strings.Contains(text, plain) {
			t.Fatalf("fragment %q is not a substring of the text", plain)
		}
		if len(spans) > 0 && !strings.Contains(plain, text[start:end]) {
			t.Fatalf("fragment %q lost the match %q", plain, text[start:end])
		}
		k := kwic(text, spans, width)
		line := k.Line(width, "", "")
		if !utf8.ValidString(line) || strings.ContainsAny(line, "\n\r\t") {
			t.Fatalf("bad kwic line %q", line)
		}
		if len(spans) > 0 && utf8.RuneCountInString(k.Left) <= width {
			if got := string([]rune(line)[width:]); !strings.HasPrefix(got, k.Match) {
				t.Fatalf("match not at column %d: %q", width, line)
			}
		}
	})
}
