package index

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzFragment checks that fragments and KWIC lines never split a rune,
// never lose or invent text (white space aside: a fragment is one line),
// and keep marks on the matched bytes.
func FuzzFragment(f *testing.F) {
	f.Add("We thank the African Union for its role.", 13, 26, 40, 10)
	f.Add("Délégation: l’Union africaine — «très» bien", 13, 20, 12, 5)
	f.Add("  spaces\r\n\tand\u00a0nbsp  ", 2, 8, 3, 1)
	f.Add("only the \nmembers of the North Atlantic\nAlliance can have", 27, 52, 30, 8)
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
				if strings.ContainsAny(p.Text, "\n\r\t") {
					t.Fatalf("piece holds a line break or tab: %q", p.Text)
				}
				if p.Hit && (len(spans) == 0 || !strings.Contains(squash(text[spans[0].Start:spans[0].End]), squash(p.Text))) {
					t.Fatalf("marked %q outside the match", p.Text)
				}
				s = append(s, p.Text)
			}
			return s
		}(), "")
		if !strings.Contains(squash(text), squash(plain)) {
			t.Fatalf("fragment %q is not a substring of the text", plain)
		}
		if len(spans) > 0 && !strings.Contains(squash(plain), squash(text[start:end])) {
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

// FuzzQuery: whatever the query text, a search either runs, is a bad
// query (HTTP 400, exit 2) or runs out of time (503): never another error
// (a 500), never a panic, and never past its limits.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"peace", `"African Union"`, "peace~100", "*a* *b* *c* *d* *e* *f*", `/(((a{100}){100}){100})/`,
		`/[ab]*a[ab]{20}/`, "secur* +council -union", "text:securi~2", "year:>2019", `/a+?/`, "*", "?", `\`, "+-", "a:b:c",
		"Council of Europe", "+African Union", `"x"African Union~1`, "african union:x", "African Union^2 European Union", "security^0", "text:peace^1e-200"} {
		f.Add(s)
	}
	_, ix := buildIndex(f, fixtureDocs(f)[:40])
	l := ix.Limits()
	l.Timeout, l.MaxTerms = 5*time.Second, 2000
	ix.SetLimits(l)
	f.Fuzz(func(t *testing.T, text string) {
		_ = Query{Text: text}.Expensive()
		res, err := ix.Search(context.Background(), Query{Text: text, Facets: true})
		if err != nil && !errors.Is(err, ErrBadQuery) && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Search(%q): %v is neither a bad query nor a timeout", text, err)
		}
		// The answer is what the command and the server write as JSON: a
		// score JSON cannot carry (NaN, Inf) failed them half-written.
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("Search(%q): the result is no JSON: %v", text, err)
		}
	})
}

// squash turns every run of white space or control characters into one
// space (as oneline.Collapse does), to compare texts whatever their line breaks.
func squash(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}
