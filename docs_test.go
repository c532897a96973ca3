package unpv_test

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestDocLinks: every relative link in README.md and docs/*.md names a file
// of the repository, and every #anchor a heading of the page it points to,
// as GitHub renders them. A renamed heading or moved page fails here rather
// than in a reader's browser.
func TestDocLinks(t *testing.T) {
	pages, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append([]string{"README.md"}, pages...)
	anchors := map[string]map[string]bool{} // slash path → anchors
	anchorsOf := func(p string) (map[string]bool, error) {
		if a, ok := anchors[p]; ok {
			return a, nil
		}
		b, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			return nil, err
		}
		a := headingAnchors(string(b))
		anchors[p] = a
		return a, nil
	}
	for _, page := range pages {
		page = filepath.ToSlash(page)
		t.Run(page, func(t *testing.T) {
			b, err := os.ReadFile(filepath.FromSlash(page))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range markdownLinks(string(b)) {
				target, frag, _ := strings.Cut(l.target, "#")
				if isExternal(target) {
					continue
				}
				file := page
				if target != "" {
					file = path.Join(path.Dir(page), target)
					if strings.HasPrefix(file, "../") {
						t.Errorf("line %d: %s leaves the repository", l.line, l.target)
						continue
					}
					if _, err := os.Stat(filepath.FromSlash(file)); err != nil {
						t.Errorf("line %d: %s: no such file %s", l.line, l.target, file)
						continue
					}
				}
				if frag == "" || !strings.HasSuffix(file, ".md") {
					continue
				}
				a, err := anchorsOf(file)
				if err != nil {
					t.Fatal(err)
				}
				if !a[frag] {
					t.Errorf("line %d: %s: %s has no heading with anchor #%s", l.line, l.target, file, frag)
				}
			}
		})
	}
}

func isExternal(target string) bool {
	u := strings.ToLower(target)
	for _, p := range []string{"http://", "https://", "mailto:", "file:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

type mdLink struct {
	line   int
	target string
}

var (
	inlineLink = regexp.MustCompile(`\]\(\s*<?([^()\s<>]*)>?(?:\s+"[^"]*")?\s*\)`)
	refLink    = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)`)
	codeSpan   = regexp.MustCompile("(`+)[^`]*?(?:`[^`]+?)*?`+")
)

// markdownLinks returns the inline and reference link targets outside code
// blocks and code spans, with their lines.
func markdownLinks(doc string) []mdLink {
	var out []mdLink
	var para strings.Builder
	paraStart := 0
	flush := func() {
		text := blankCodeSpans(para.String())
		for _, re := range []*regexp.Regexp{inlineLink, refLink} {
			for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
				line := paraStart + strings.Count(text[:m[0]], "\n")
				out = append(out, mdLink{line, text[m[2]:m[3]]})
			}
		}
		para.Reset()
	}
	lines := strings.Split(doc, "\n")
	code := fencedLines(lines)
	for i, line := range lines {
		if code[i] {
			flush()
			continue
		}
		if strings.HasPrefix(line, "    ") && para.Len() == 0 || strings.TrimSpace(line) == "" {
			flush() // an indented code block, or a paragraph's end
			continue
		}
		if para.Len() == 0 {
			paraStart = i + 1
		}
		para.WriteString(line)
		para.WriteByte('\n')
	}
	flush()
	return out
}

// fencedLines reports which lines are fenced code blocks or their fences.
func fencedLines(lines []string) []bool {
	out := make([]bool, len(lines))
	fence := ""
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			out[i] = true
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			out[i] = true
			fence = trimmed[:3]
		}
	}
	return out
}

// blankCodeSpans replaces code spans by spaces of the same length, keeping
// line breaks, so what looks like a link inside one is not taken for one.
func blankCodeSpans(s string) string {
	return codeSpan.ReplaceAllStringFunc(s, func(m string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, m)
	})
}

var headingLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// headingAnchors returns the anchors GitHub gives a page's ATX headings:
// the rendered text lower-cased, punctuation other than '-' and '_' dropped,
// spaces made hyphens, a repeated anchor suffixed -1, -2, ….
func headingAnchors(doc string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	lines := strings.Split(doc, "\n")
	code := fencedLines(lines)
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if code[i] {
			continue
		}
		if len(line)-len(trimmed) > 3 || !strings.HasPrefix(trimmed, "#") {
			continue
		}
		text := strings.TrimLeft(trimmed, "#")
		if level := len(trimmed) - len(text); level > 6 || text != "" && text[0] != ' ' && text[0] != '\t' {
			continue
		}
		text = strings.TrimSpace(text)
		text = strings.TrimSpace(strings.TrimRight(text, "#")) // a closing sequence
		text = headingLink.ReplaceAllString(text, "$1")
		var slug strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				slug.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
				slug.WriteRune(r)
			}
		}
		a := slug.String()
		if n := seen[a]; n > 0 {
			seen[a] = n + 1
			a += "-" + strconv.Itoa(n)
		} else {
			seen[a] = 1
		}
		out[a] = true
	}
	return out
}

// TestDocLinksCatch: the link checker finds what it is there to find.
func TestDocLinksCatch(t *testing.T) {
	doc := "# Title: `unpv` (the tool)\n\n## Runs & locks\n\n## Runs & locks\n\n" +
		"See [a](other.md#x) and [b](#runs--locks-1),\n[split\nlink](#title-unpv-the-tool).\n\n" +
		"`[not](a link)` and\n\n    [indented](code.md)\n\n```\n[fenced](code.md)\n```\n[ref]: ref.md#y\n"
	var got []string
	for _, l := range markdownLinks(doc) {
		got = append(got, strconv.Itoa(l.line)+" "+l.target)
	}
	want := []string{"7 other.md#x", "7 #runs--locks-1", "9 #title-unpv-the-tool", "18 ref.md#y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
	a := headingAnchors(doc)
	for _, w := range []string{"title-unpv-the-tool", "runs--locks", "runs--locks-1"} {
		if !a[w] {
			t.Errorf("no anchor %q in %v", w, a)
		}
	}
	if a["runs--locks-2"] {
		t.Errorf("anchor for a third heading that does not exist")
	}
}
