package un_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/un"
)

// speaker is what a label tells about its speaker.
type speaker struct {
	Delegation string
	Code       string
	Role       unpv.Role
}

// pdfPath reads a label the way the extract stage does in a PDF's text
// stream: un.ReadLabel up to its colon, then un.RoleOf.
func pdfPath(label string) (speaker, bool) {
	lb, n, ok := un.ReadLabel(label + ": text")
	if !ok || n != len(label)+1 {
		return speaker{}, false
	}
	role, code := un.RoleOf(lb, "")
	return speaker{lb.Delegation, code, role}, true
}

// importPath reads a label the way the importers do with a speech that
// starts with it: un.SplitLabel, un.ParseLabel, then un.RoleOf.
func importPath(label string) speaker {
	l, _ := un.SplitLabel(label + ": text")
	lb := un.ParseLabel(l)
	role, code := un.RoleOf(lb, "")
	return speaker{lb.Delegation, code, role}
}

// bundledLabels returns the distinct speaker labels of the bundled corpus:
// those of the 2020 Security Council speeches (import path) and, when a PDF
// engine is installed, those printed in the bundled record PDFs.
func bundledLabels(t *testing.T) (labels []string, pdfSpeeches []unpv.Speech) {
	t.Helper()
	seen := map[string]bool{}
	speeches, err := bundled.UNSCSpeeches()
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(speeches, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") || !strings.Contains(p, "_spch") {
			return err
		}
		b, err := fs.ReadFile(speeches, p)
		if err != nil {
			return err
		}
		if l, _ := un.SplitLabel(string(b)); l != "" && !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	err = fs.WalkDir(bundled.PDFs(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(bundled.PDFs(), p)
		if err != nil {
			return err
		}
		f := filepath.Join(dir, filepath.Base(p))
		if err := os.WriteFile(f, b, 0o644); err != nil {
			return err
		}
		rec, err := extract.File(context.Background(), f, extract.Options{})
		if errors.Is(err, extract.ErrNoEngine) {
			t.Logf("no PDF engine: %s's labels not read", p)
			return nil
		}
		if err != nil {
			return err
		}
		for _, sp := range rec.Speeches {
			pdfSpeeches = append(pdfSpeeches, sp)
			if !seen[sp.Speaker] {
				seen[sp.Speaker] = true
				labels = append(labels, sp.Speaker)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(labels)
	return labels, pdfSpeeches
}

// hardLabels are labels on which the PDF and import paths used to
// disagree (a group named inside the delegation's parentheses, a UN office
// or an unlisted organisation as the delegation, a Chair, 1950s and 1990s
// language notes).
var hardLabels = []string{
	"Mr. Rattray (Jamaica, on behalf of the Group of 77 and China)",
	"Ms. Sharma (Department for General Assembly and Conference Management)",
	"Mr. Mohamed (Indian Ocean Rim Association Secretariat)",
	"The Chair",
	"The Acting Chairman (spoke in Arabic)",
	"The PRESIDENT (interpretation from Spanish)",
	"Mr. Malik (Union of Soviet Socialist Republics) (translated from Russian)",
	"Mr. Michon (spoke in French) (France)",
	"Mr. Adom (C6te d'Ivoire) (spoke in French)",
}

// TestSameSpeakerFromPDFAndImport: every speaker label of the bundled corpus
// (and the hard cases above) gives the same delegation, delegation code and
// role whether it is read from a PDF or from an imported corpus.
func TestSameSpeakerFromPDFAndImport(t *testing.T) {
	labels, pdfSpeeches := bundledLabels(t)
	if len(labels) < 300 {
		t.Fatalf("only %d labels in the bundled corpus", len(labels))
	}
	labels = append(labels, hardLabels...)
	for _, label := range labels {
		t.Run(label, func(t *testing.T) {
			fromPDF, ok := pdfPath(label)
			if !ok {
				t.Fatalf("a PDF printing %q would not read it as a label", label)
			}
			if fromImport := importPath(label); fromPDF != fromImport {
				t.Errorf("PDF %+v, import %+v", fromPDF, fromImport)
			}
		})
	}
	// The extracted speeches themselves: an imported corpus holding the same
	// speech (label, colon, text) gives it the same speaker.
	for _, sp := range pdfSpeeches {
		label, body := un.SplitLabel(sp.Speaker + ": " + sp.Text)
		imp := unpv.Speech{Text: body}
		un.ParseLabel(label).Fill(&imp)
		if sp.Delegation == "" && !un.IsOfficer(sp.SpeakerName) && sp.Role != unpv.RoleBriefer {
			// un.MarkBriefers read how the record introduced this briefer;
			// an imported speech alone does not say.
			continue
		}
		got := speaker{imp.Delegation, imp.DelegationCode, imp.Role}
		if want := (speaker{sp.Delegation, sp.DelegationCode, sp.Role}); got != want {
			t.Errorf("%s %q: PDF %+v, import %+v", sp.ID, sp.Speaker, want, got)
		}
	}
	t.Logf("%d labels, %d speeches from the bundled PDFs", len(labels), len(pdfSpeeches))
}

// TestPresidenciesAgreeWithRecords checks un/presidencies.tsv against the
// bundled records: wherever a Security Council President's statement names
// the State it speaks for ("in my capacity as the representative of Viet
// Nam"), that State held the presidency that month.
func TestPresidenciesAgreeWithRecords(t *testing.T) {
	fsys, err := bundled.UNSCSpeeches()
	if err != nil {
		t.Fatal(err)
	}
	checked, months := 0, map[string]bool{}
	for im, err := range corpora.ImportUNSCDebates(fsys, corpora.UNSCDebatesOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range im.Speeches {
			if s.Role != unpv.RolePresident {
				continue
			}
			if named := un.PresidentCountry(s.Text); named != "" {
				checked++
				months[s.Date[:7]] = true
				if p := un.SecurityCouncilPresident(s.Date); p != named {
					t.Errorf("%s (%s): the President speaks for %s, the table says %s", s.ID, s.Date, named, p)
				}
			}
		}
	}
	if checked < 20 || len(months) < 6 {
		t.Errorf("only %d named national statements in %d months checked", checked, len(months))
	}
	t.Logf("%d named national statements in %d months agree with the table", checked, len(months))
}
