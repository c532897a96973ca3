package corpora

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

func TestImportUNGDCTestdata(t *testing.T) {
	got := collect(t, ImportUNGDC(os.DirFS("testdata/ungdc"), UNGDCOptions{}))
	if len(got) != 2 {
		t.Fatalf("%d sessions, want 2", len(got))
	}
	im := got["A/73/PV (general debate)"]
	wantM := unpv.Meeting{Symbol: "A/73/PV (general debate)", Body: unpv.GeneralAssembly, Meeting: "A/73/PV (general debate)", Session: 73, Date: "2018", Agenda: "General debate"}
	if diff := cmp.Diff(wantM, im.Meeting); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
	var codes []string
	for _, s := range im.Speeches {
		codes = append(codes, s.DelegationCode)
		if s.ID != unpv.SpeechID(im.Meeting.Symbol, DelegationSeq(s.DelegationCode)) || s.Date != "2018" || s.Body != unpv.GeneralAssembly || s.Role != unpv.RoleMember {
			t.Errorf("speech fields: %+v", s)
		}
	}
	if diff := cmp.Diff([]string{"KAZ", "MDA", "RUS", "UKR"}, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	rus := im.Speeches[2]
	if rus.SpeakerName != "Mr. Sergey Lavrov" || rus.Delegation != "Russian Federation" || rus.Speaker != "Mr. Sergey Lavrov (Russian Federation)" {
		t.Errorf("RUS speaker %q name %q delegation %q", rus.Speaker, rus.SpeakerName, rus.Delegation)
	}
	if mda := im.Speeches[1]; mda.Delegation != "Moldova, Republic of" {
		t.Errorf("MDA delegation %q, want the speakers table's", mda.Delegation)
	}
	raw, _ := os.ReadFile("testdata/ungdc/RUS_73_2018.txt")
	if rus.Text != strings.TrimSpace(string(raw)) {
		t.Errorf("RUS text differs from the file")
	}
	if len(im.Problems) != 0 {
		t.Errorf("problems %v", im.Problems)
	}
}

func TestReadUNGDCSpeakersMultiline(t *testing.T) {
	sp, err := readUNGDCSpeakers(os.DirFS("testdata/ungdc"), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"78/KWT": "Sheikh Ahmad Nawaf Al-Ahmad Al-Sabah", // name wrapped inside a quoted field
		"78/ITA": "Giorgia Meloni",                       // trailing comma
		"78/TON": "Siaosi ’Ofakivahafolau Sovaleni",
	}
	for k, want := range tests {
		if sp[k].name != want {
			t.Errorf("%s: %q, want %q", k, sp[k].name, want)
		}
	}
}

func TestImportUNGDCNoSpeakersTable(t *testing.T) {
	fsys := fstest.MapFS{
		"x/EU_73_2018.txt":  {Data: []byte("The European Union ...\n")},
		"x/ARM_73_2018.txt": {Data: []byte("Armenia ...")},
		"x/ARM_74_2019.txt": {Data: []byte("Armenia again ...")},
		"x/notes.txt":       {Data: []byte("ignored")},
	}
	got := collect(t, ImportUNGDC(fsys, UNGDCOptions{Sessions: []int{73}}))
	im, ok := got["A/73/PV (general debate)"]
	if len(got) != 1 || !ok {
		t.Fatalf("sessions %v", got)
	}
	if len(im.Speeches) != 2 || im.Speeches[0].DelegationCode != "EU" || im.Speeches[0].Role != unpv.RoleOrganisation || im.Speeches[0].Delegation != "European Union" {
		t.Errorf("speeches %+v", im.Speeches)
	}
	if im.Speeches[1].Speaker != "Armenia (Armenia)" && im.Speeches[1].Speaker != "ARM (Armenia)" {
		t.Errorf("speaker without table: %q", im.Speeches[1].Speaker)
	}
	for _, err := range ImportUNGDC(fsys, UNGDCOptions{Speakers: "missing.csv"}) {
		if err == nil {
			t.Error("missing explicit speakers table not reported")
		}
	}
}

func TestDelegationSeq(t *testing.T) {
	tests := map[string]int{"A": 1, "Z": 26, "AA": 27, "EU": 5*26 + 21, "ARM": (1*26+18)*26 + 13, "arm": 1157, "A1": 0, "": 0}
	for code, want := range tests {
		if got := DelegationSeq(code); got != want {
			t.Errorf("DelegationSeq(%q) = %d, want %d", code, got, want)
		}
	}
	seen := map[int]string{}
	for _, c := range []string{"ARM", "AZE", "YDYE", "EU", "EC", "YUG", "CSK", "DDR", "ZZZ", "AAAA"} {
		n := DelegationSeq(c)
		if prev, dup := seen[n]; dup {
			t.Errorf("%s and %s share seq %d", c, prev, n)
		}
		seen[n] = c
	}
}

// TestImportUNGDCShared imports the whole UNGDC subset and checks that every
// general-debate row of the stance gold set names a meeting and delegation
// the importer produces, with the same date.
func TestImportUNGDCShared(t *testing.T) {
	dir := sharedDir(t, "corpora/ungdc-subset")
	got := collect(t, ImportUNGDC(os.DirFS(dir), UNGDCOptions{}))
	n := 0
	codes := map[string]bool{}
	for _, im := range got {
		n += len(im.Speeches)
		for _, s := range im.Speeches {
			codes[im.Meeting.Symbol+"|"+s.DelegationCode] = true
			if s.SpeakerName == "" && !strings.Contains(strings.Join(im.Problems, "\n"), "no speakers-table row for "+s.DelegationCode) {
				t.Errorf("%s: no speaker name and no problem reported", s.ID)
			}
		}
	}
	if n != 407 {
		t.Errorf("%d statements, want 407", n)
	}
	f, err := os.Open(filepath.Join(dir, "..", "..", "stance", "gold-dev.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	rows := 0
	for sc.Scan() {
		var row struct{ Source, Symbol, Date, Speaker string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		if row.Source != "ungdc" {
			continue
		}
		rows++
		im, ok := got[row.Symbol]
		if !ok {
			t.Errorf("gold symbol %q not produced", row.Symbol)
			continue
		}
		if im.Meeting.Date != row.Date {
			t.Errorf("%s: date %q, gold %q", row.Symbol, im.Meeting.Date, row.Date)
		}
		if !codes[row.Symbol+"|"+row.Speaker] {
			t.Errorf("%s: no statement by %s", row.Symbol, row.Speaker)
		}
	}
	if rows == 0 {
		t.Error("no ungdc rows in gold-dev.jsonl")
	}
}

// TestImportUNGDCBounded: a statement over the size limit, or a link to
// /dev/zero named like a statement, makes its session a bad input, read no
// further than the limit; the other sessions are imported.
func TestImportUNGDCBounded(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "x"), 0o755)
	os.WriteFile(filepath.Join(dir, "x", "ARM_73_2018.txt"), []byte("Armenia ..."), 0o644)
	os.WriteFile(filepath.Join(dir, "x", "ARM_74_2019.txt"), bytes.Repeat([]byte("Armenia again. "), 1000), 0o644)
	if runtime.GOOS != "windows" {
		os.Symlink("/dev/zero", filepath.Join(dir, "x", "RUS_75_2020.txt"))
	}
	got := map[string]error{}
	for im, err := range ImportUNGDC(os.DirFS(dir), UNGDCOptions{MaxFileSize: 1 << 10}) {
		got[im.Meeting.Symbol] = err
	}
	if err := got["A/73/PV (general debate)"]; err != nil {
		t.Errorf("session 73: %v", err)
	}
	if err := got["A/74/PV (general debate)"]; !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), "over the size limit") {
		t.Errorf("session 74 (statement over the limit): %v", err)
	}
	if err := got["A/75/PV (general debate)"]; runtime.GOOS != "windows" && (!errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), "not a regular file")) {
		t.Errorf("session 75 (/dev/zero): %v", err)
	}
}
