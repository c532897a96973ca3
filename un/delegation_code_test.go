package un

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDelegationCode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"RUS", "RUS"},
		{" SUN ", "SUN"},
		{"rus", "RUS"},
		{"EU", "EU"},
		{"UN", "UN"},
		{"Mr. Polyanskiy (Russian Federation) (spoke in Russian)", "RUS"},
		{"Viet Nam", "VNM"},
		{"African Union", "AU"},
		// Three capitals that are printed forms, not codes: each its
		// delegation's code, not itself.
		{"UAE", "ARE"},
		{"CAR", "CAF"},
		{"DRC", "COD"},
		{"PLO", "PSE"},
		{"OAU", "AU"},
		{"EEC", "EU"},
		// Three capitals no table knows: the UNGDC speakers table's typing
		// errors and private codes (POR for Portugal, ZFA for South Africa).
		{"POR", ""},
		{"ZFA", ""},
		{"CZK", ""},
		{"XYZ", ""},
		{"YDYE", ""},
		{"Mr. Rama", ""},
		{"", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if got := DelegationCode(tt.in); got != tt.want {
				t.Errorf("DelegationCode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCorpusCodesResolve: every delegation code the real corpora use
// resolves to itself: the UNGDC statement file names
// (ungdc-file-codes.tsv) and the ISO codes of the UNGDC speakers table
// (printed.tsv's fourth column) but for its errors, which give "" or, when
// the row's country is printed beside them, that country's code.
func TestCorpusCodesResolve(t *testing.T) {
	dir := filepath.Join("..", "testdata", "sentences", "delegations")
	var codes, statements int
	for _, fl := range readTSV(t, filepath.Join(dir, "ungdc-file-codes.tsv")) {
		n, err := strconv.Atoi(fl[1])
		if err != nil {
			t.Fatalf("ungdc-file-codes.tsv: %q: %v", fl, err)
		}
		codes++
		statements += n
		if got := DelegationCode(fl[0]); got != fl[0] {
			t.Errorf("UNGDC file code %s (%d statements): DelegationCode = %q", fl[0], n, got)
		}
	}
	if codes < 200 || statements < 10000 {
		t.Errorf("ungdc-file-codes.tsv holds %d codes of %d statements, want the whole corpus (200, 10,656)", codes, statements)
	}
	tableCodes := map[string]bool{}
	for _, fl := range readTSV(t, filepath.Join(dir, "printed.tsv")) {
		if fl[0] == "label" && fl[3] != "" {
			tableCodes[fl[3]] = true
		}
	}
	var unknown []string
	for c := range tableCodes {
		if got := DelegationCode(c); got != c {
			unknown = append(unknown, c)
			if got != "" {
				t.Errorf("speakers-table code %s: DelegationCode = %q, want itself or \"\"", c, got)
			}
		}
	}
	// The speakers table's codes no delegation has, as printed.tsv keeps
	// them (the first code of each printed name: the table's other errors,
	// CZK Czechoslovakia, DKN Denmark, PAR Paraguay, PKR the DPRK, ZFA South
	// Africa, come after their name's right code): POR for the Portuguese
	// Republic, YDYE for Democratic Yemen, EC for the European Council
	// (ungdcCodeDiffers).
	slices.Sort(unknown)
	if diff := cmp.Diff([]string{"EC", "POR", "YDYE"}, unknown); diff != "" {
		t.Errorf("speakers-table codes that give \"\" (-want +got):\n%s", diff)
	}
	t.Logf("%d UNGDC file codes (%d statements) resolve; %d of %d speakers-table codes resolve, %d give \"\": %q",
		codes, statements, len(tableCodes)-len(unknown), len(tableCodes), len(unknown), unknown)
}

// readTSV returns the tab-separated fields of a file's lines, comments and
// blank lines aside.
func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, strings.Split(line, "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
