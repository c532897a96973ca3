package un_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/un"
)

// symbolFormRe finds verbatim-record symbols as the test data write them:
// "S/PV.8699 (Resumption 1)", "A/60/PV.25", file names such as
// "S_PV.8699_Resumption1_E.pdf" and corpus ids such as "SPV.8723Resumption1".
var symbolFormRe = regexp.MustCompile(`(?i)\b(?:S|A)\s?[/_]?\s?(?:\d{1,3}\s?[/_]\s?)?PV\.?\s?\d+(?:[_ ]?\(?Resumption\s?_?\d*\)?)?`)

// urlGrammar is what a record link must look like: undocs.org and the
// symbol as ODS spells it, resumption without spaces.
var urlGrammar = regexp.MustCompile(`^https://undocs\.org/en/(?:S/PV\.[1-9]\d*|A/[1-9]\d*/PV\.[1-9]\d*|A/PV\.[1-9]\d*)(?:\(Resumption[1-9]\d*\))?$`)

// TestDocumentURLOverTestdata checks the one link function against every
// symbol form in the repository's test data and bundled corpus: each form
// that parses gets a link of the grammar, the link reads back to the same
// canonical symbol, and every spelling of one record gets the same link.
func TestDocumentURLOverTestdata(t *testing.T) {
	forms := map[string]bool{}
	add := func(text string) {
		for _, f := range symbolFormRe.FindAllString(text, -1) {
			forms[f] = true
		}
	}
	for _, root := range []string{"../testdata", "../corpora/testdata", "../corpora/bundled"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			add(d.Name())
			switch strings.ToLower(filepath.Ext(p)) {
			case ".txt", ".json", ".jsonl", ".csv", ".tsv", ".html", ".xml", ".md":
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				add(string(b))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	speeches, err := bundled.UNSCSpeeches()
	if err != nil {
		t.Fatal(err)
	}
	fs.WalkDir(speeches, ".", func(p string, d fs.DirEntry, err error) error {
		add(p)
		return err
	})
	linkOf := map[string]string{}
	n := 0
	for f := range forms {
		sym, ok := un.CanonicalSymbol(f)
		if !ok {
			continue
		}
		n++
		link := un.DocumentURL(sym)
		if !urlGrammar.MatchString(link) {
			t.Errorf("%q (%s): link %q does not follow the grammar", f, sym, link)
			continue
		}
		if back, ok := un.CanonicalSymbol(strings.TrimPrefix(link, "https://undocs.org/en/")); !ok || back != sym {
			t.Errorf("%q: link %q reads back as %q, want %q", f, link, back, sym)
		}
		if l, seen := linkOf[sym]; seen && l != link {
			t.Errorf("%s has two links: %q and %q", sym, l, link)
		}
		linkOf[sym] = link
		if got := un.DocumentURL(f); strings.Contains(f, "/") && got != link && !strings.ContainsAny(f, "_") {
			t.Errorf("DocumentURL(%q) = %q, want %q as for %q", f, got, link, sym)
		}
	}
	if n < 100 {
		t.Errorf("only %d symbol forms found in the test data", n)
	}
	t.Logf("%d symbol forms, %d records", n, len(linkOf))
}
