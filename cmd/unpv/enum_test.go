package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/classify"
)

// TestEnumeratedValuesAnyCase: a format or a grouping is read in any case
// by every command, as report and search read --format CSV; the output is
// the lower-case spelling's. Before, `extract --format TEXT`,
// `--log-format JSON`, `classify --format JSON` and `--in-format LINES`
// were usage errors.
func TestEnumeratedValuesAnyCase(t *testing.T) {
	record := filepath.Join("..", "..", "testdata", "extract", "S_PV.8701.mutool.txt")
	sentence := "We cannot accept the so-called peacekeeping of the CSTO."
	lines := filepath.Join(t.TempDir(), "sentences")
	if err := os.WriteFile(lines, []byte(sentence+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name         string
		lower, upper []string
	}{
		{"extract --format", []string{"extract", "--format", "text", record}, []string{"extract", "--format", "TEXT", record}},
		{"classify --format", []string{"classify", "--text", sentence, "--format", "json"}, []string{"classify", "--text", sentence, "--format", "Json"}},
		{"classify --in-format", []string{"classify", "--in", lines, "--in-format", "lines"}, []string{"classify", "--in", lines, "--in-format", "LINES"}},
		{"--log-format", []string{"--log-format", "json", "classify", "--text", sentence}, []string{"--log-format", "JSON", "classify", "--text", sentence}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want, err := runCLI(t, tt.lower...)
			if err != nil {
				t.Fatalf("%q: %v", tt.lower, err)
			}
			got, err := runCLI(t, tt.upper...)
			if err != nil {
				t.Fatalf("%q: %v", tt.upper, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%q against %q (-lower +upper):\n%s", tt.upper, tt.lower, d)
			}
		})
	}
	for _, s := range []string{"delegation", "Delegation", "ORGANISATION", "era"} {
		if _, err := classify.ParseGrouping(s); err != nil {
			t.Errorf("ParseGrouping(%q): %v", s, err)
		}
	}
}
