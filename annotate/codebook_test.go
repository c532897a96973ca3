package annotate

import (
	"os"
	"strings"
	"testing"
)

// TestCodebookProvenance: the shipped codebook is the one its provenance
// note names, and the shared original (when present) has not changed.
func TestCodebookProvenance(t *testing.T) {
	note, err := os.ReadFile("codebook/PROVENANCE.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(note)), ""), CodebookSHA256) {
		t.Errorf("codebook/PROVENANCE.md does not record the shipped codebook's SHA-256 %s", CodebookSHA256)
	}
	shared, err := os.ReadFile("../../shared/stance/CODEBOOK.md")
	if err != nil {
		t.Skipf("no shared codebook beside the repository: %v", err)
	}
	if string(shared) != Codebook {
		t.Errorf("../shared/stance/CODEBOOK.md changed: copy it to annotate/codebook/ and update PROVENANCE.md")
	}
}
