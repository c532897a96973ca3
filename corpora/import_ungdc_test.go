package corpora

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
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
	// The file holds no furniture: its words are the text's, its lines
	// tidied as every statement's are (un.CleanText).
	if strings.Join(strings.Fields(rus.Text), " ") != strings.Join(strings.Fields(string(raw)), " ") {
		t.Errorf("RUS text's words differ from the file's")
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
		if len(sp[k]) != 1 || sp[k][0].name != want {
			t.Errorf("%s: %+v, want one row naming %q", k, sp[k], want)
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
// /dev/zero named like a statement, is a bad input, read no further than
// the limit; the other sessions are imported.
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

// statementsOf imports fsys statement by statement, keyed by session symbol
// and delegation code.
func statementsOf(t *testing.T, fsys fs.FS) map[string]ImportedMeeting {
	t.Helper()
	out := map[string]ImportedMeeting{}
	for im, err := range ImportUNGDCStatements(fsys, UNGDCOptions{}) {
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		k := im.Meeting.Symbol + " " + im.Statement
		if _, dup := out[k]; dup {
			t.Fatalf("statement %s yielded twice", k)
		}
		out[k] = im
	}
	return out
}

// TestImportUNGDCStatements: every statement of a session is a record of
// its own (the session's meeting, one speech, its file), named by its
// delegation code, and what a statement yields does not depend on which
// other statements of its session sit beside it: importing a session's
// statements from two folders gives what importing them from one gives.
func TestImportUNGDCStatements(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata/ungdc", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	speakers := read("Speakers_by_session.csv")
	folder := func(names ...string) fs.FS {
		fsys := fstest.MapFS{"Speakers_by_session.csv": {Data: speakers}}
		for _, n := range names {
			fsys["Session 73 - 2018/"+n] = &fstest.MapFile{Data: read(n)}
		}
		return fsys
	}
	whole := statementsOf(t, folder("KAZ_73_2018.txt", "MDA_73_2018.txt", "RUS_73_2018.txt", "UKR_73_2018.txt"))
	var keys []string
	for k, im := range whole {
		keys = append(keys, k)
		if len(im.Speeches) != 1 || im.Speeches[0].DelegationCode != im.Statement || len(im.Files) != 1 ||
			!strings.HasSuffix(im.Files[0].Path, "/"+im.Statement+"_73_2018.txt") || len(im.SHA256) != 64 {
			t.Errorf("%s: %d speeches, files %+v, sha %q", k, len(im.Speeches), im.Files, im.SHA256)
		}
	}
	slices.Sort(keys)
	want := []string{"A/73/PV (general debate) KAZ", "A/73/PV (general debate) MDA", "A/73/PV (general debate) RUS", "A/73/PV (general debate) UKR"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	tests := []struct {
		name    string
		folders [][]string
	}{
		{"one statement a folder", [][]string{{"KAZ_73_2018.txt"}, {"MDA_73_2018.txt"}, {"RUS_73_2018.txt"}, {"UKR_73_2018.txt"}}},
		{"two folders", [][]string{{"RUS_73_2018.txt", "KAZ_73_2018.txt"}, {"UKR_73_2018.txt", "MDA_73_2018.txt"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]ImportedMeeting{}
			for _, names := range tt.folders {
				maps.Copy(got, statementsOf(t, folder(names...)))
			}
			if diff := cmp.Diff(whole, got); diff != "" {
				t.Errorf("statements imported apart differ from those imported together (-together +apart):\n%s", diff)
			}
		})
	}
}

// TestStatements: a session splits into its statements, whose speeches are
// the session's, unchanged (ids included: a store moved to one document per
// statement keeps its speech ids); anything else is left whole.
func TestStatements(t *testing.T) {
	sessions := collect(t, ImportUNGDC(os.DirFS("testdata/ungdc"), UNGDCOptions{}))
	s73 := sessions["A/73/PV (general debate)"]
	s73.Problems = []string{"x: something"}
	sc := ImportedMeeting{Source: "unsc-debates", Meeting: unpv.Meeting{Symbol: "S/PV.8711"},
		Speeches: []unpv.Speech{{ID: "S/PV.8711#1"}, {ID: "S/PV.8711#2"}}}
	stored := ImportedMeeting{Source: "ungdc", Meeting: s73.Meeting, Speeches: s73.Speeches} // as a store holds it: no files
	tests := []struct {
		name       string
		in         ImportedMeeting
		statements []string
		files      int
	}{
		{"session", s73, []string{"KAZ", "MDA", "RUS", "UKR"}, 1},
		{"session as stored", stored, []string{"KAZ", "MDA", "RUS", "UKR"}, 0},
		{"one-statement session", sessions["A/78/PV (general debate)"], []string{"RUS"}, 1},
		{"a statement", Statements(s73)[2], []string{"RUS"}, 1},
		{"Security Council meeting", sc, []string{""}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Statements(tt.in)
			var codes []string
			var speeches []unpv.Speech
			for i, st := range got {
				codes = append(codes, st.Statement)
				speeches = append(speeches, st.Speeches...)
				if st.Meeting != tt.in.Meeting || st.Source != tt.in.Source {
					t.Errorf("%s: meeting %+v source %q, want the session's", st.Statement, st.Meeting, st.Source)
				}
				if st.Statement != "" && len(st.Files) != tt.files {
					t.Errorf("%s: files %+v, want %d", st.Statement, st.Files, tt.files)
				}
				if i == 0 && !slices.Equal(st.Problems, tt.in.Problems) || i > 0 && len(st.Problems) > 0 {
					t.Errorf("%s: problems %v; the session's %v go with the first statement", st.Statement, st.Problems, tt.in.Problems)
				}
			}
			if diff := cmp.Diff(tt.statements, codes); diff != "" {
				t.Errorf("statements (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in.Speeches, speeches); diff != "" {
				t.Errorf("speeches (-whole +split):\n%s", diff)
			}
		})
	}
	// The stored session splits into what the import yields, files apart.
	for i, st := range Statements(stored) {
		imp := Statements(s73)[i]
		if !cmp.Equal(st.Speeches, imp.Speeches) || st.Meeting != imp.Meeting {
			t.Errorf("%s: the stored session's statement differs from the imported one", st.Statement)
		}
	}
}

// TestSeparateAddresses: the forms of address standing on lines of their
// own end a paragraph; hard-wrapped prose that starts like them does not.
// Snippets from ungdc-full.
func TestSeparateAddresses(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end." // a line no page could hold: one paragraph a line
	tests := []struct {
		name, in, want string
	}{
		{"one address (ALB_75_2020)",
			"Mr. President,\nAlbania is aware of its obligations as a responsible member.\n" + long,
			"Mr. President,\n\nAlbania is aware of its obligations as a responsible member.\n" + long},
		{"several, the last without punctuation where a line is a paragraph (MDA_79_2024, BTN_75_2020)",
			"Mr. President,  \nMr. Secretary-General,  \nDistinguished Delegates\nI would like to present warm greetings.\n" + long,
			"Mr. President,  \n\nMr. Secretary-General,  \n\nDistinguished Delegates\n\nI would like to present warm greetings.\n" + long},
		{"a name and a title (SYR_79_2024)",
			"Your Excellency Philémon Yang, President of the General Assembly, \nI congratulate you on your election.\n" + long,
			"Your Excellency Philémon Yang, President of the General Assembly, \n\nI congratulate you on your election.\n" + long},
		{"a numbered paragraph after it (TUV_79_2024)",
			"Mr. President,  \n98. Twelve months ago, we adopted a declaration.\n" + long,
			"Mr. President,  \n\n98. Twelve months ago, we adopted a declaration.\n" + long},
		{"an address after a finished paragraph", long + "\nLadies and gentlemen,\nThere is no question.",
			long + "\nLadies and gentlemen,\n\nThere is no question."},
		{"an address after a paragraph ending in a closing quotation mark", long + "”\nExcellencies,\nIt is.",
			long + "”\nExcellencies,\n\nIt is."},
		{"already a paragraph of its own", "Mr. President,\n\nIt is an honour.", "Mr. President,\n\nIt is an honour."},
		{"hard-wrapped: no punctuation at the end (VCT_48_1993)",
			"Mr. President, the delegation of St. Vincent and the\nGrenadines welcomes your election to preside over",
			"Mr. President, the delegation of St. Vincent and the\nGrenadines welcomes your election to preside over"},
		{"hard-wrapped: one word (GAB_61_2006)",
			"Madam\nPresident, I should like at the outset sincerely to",
			"Madam\nPresident, I should like at the outset sincerely to"},
		{"the sentence goes on in lower case (VNM_65_2010 style)",
			"Mr. President,\non behalf of the Vietnamese Delegation, I wish to",
			"Mr. President,\non behalf of the Vietnamese Delegation, I wish to"},
		{"not at a paragraph's start (wrapped)",
			"We welcome the statement made by\nMr. President,\nWe agree.",
			"We welcome the statement made by\nMr. President,\nWe agree."},
		{"a sentence that starts like an address", "Mr. President, allow me to congratulate you,\nWe agree.",
			"Mr. President, allow me to congratulate you,\nWe agree."},
		{"the line ends a sentence", "Mr. President.\nIt is an honour.", "Mr. President.\nIt is an honour."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, separateAddresses(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzSeparateAddresses: only line breaks are added, and doing it twice
// changes nothing more.
func FuzzSeparateAddresses(f *testing.F) {
	f.Add("Mr. President,\nAlbania is aware.")
	f.Add("Excellencies,\r\nLadies and Gentlemen!\n\n\nIt is.")
	f.Add("\n\nMadam\nPresident, I")
	f.Fuzz(func(t *testing.T, s string) {
		out := separateAddresses(s)
		if strings.ReplaceAll(out, "\n", "") != strings.ReplaceAll(s, "\n", "") {
			t.Fatalf("text changed: %q -> %q", s, out)
		}
		if again := separateAddresses(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// TestImportUNGDCBadStatementAlone: a statement file that cannot be read is
// a bad input of its own, and the other statements of its session are
// imported; one such file made the whole session a bad input, so a folder
// of three statements imported none.
func TestImportUNGDCBadStatementAlone(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "KAZ_73_2018.txt"), []byte("Kazakhstan supports the CSTO."), 0o644)
	os.WriteFile(filepath.Join(dir, "RUS_73_2018.txt"), []byte("Russia supports the CSTO."), 0o644)
	os.WriteFile(filepath.Join(dir, "UKR_73_2018.txt"), bytes.Repeat([]byte("Ukraine. "), 1000), 0o644)
	var got, bad []string
	for im, err := range ImportUNGDCStatements(os.DirFS(dir), UNGDCOptions{MaxFileSize: 1 << 10}) {
		if err != nil {
			if !errors.Is(err, unpv.ErrBadDocument) || im.Meeting.Symbol != "A/73/PV (general debate)" {
				t.Errorf("%q: %v, want a bad document of session 73", im.Meeting.Symbol, err)
			}
			bad = append(bad, err.Error())
			continue
		}
		got = append(got, im.Statement)
	}
	if diff := cmp.Diff([]string{"KAZ", "RUS"}, got); diff != "" {
		t.Errorf("statements imported (-want +got):\n%s", diff)
	}
	if len(bad) != 1 || !strings.Contains(bad[0], "UKR_73_2018.txt") || !strings.Contains(bad[0], "over the size limit") {
		t.Errorf("bad inputs: %q, want one, UKR_73_2018.txt over the size limit", bad)
	}
}

// TestImportUNGDCBadSession: a session the importer cannot take is yielded
// once as a bad input (the import's count of bad inputs and exit code 3),
// never dropped silently, whether or not a file of it was bad on its own;
// an empty statement file is a bad input of its own.
func TestImportUNGDCBadSession(t *testing.T) {
	kaz, err := os.ReadFile("testdata/ungdc/KAZ_73_2018.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string // per yielded record: its statement, or "bad" for an error
	}{
		{"every statement empty", fstest.MapFS{
			"KAZ_73_2018.txt": {Data: []byte("  \n")},
			"RUS_73_2018.txt": {Data: nil},
		}, []string{"bad", "bad"}},
		{"one statement in two folders", fstest.MapFS{
			"a/KAZ_73_2018.txt": {Data: kaz},
			"b/KAZ_73_2018.txt": {Data: kaz},
		}, []string{"bad"}},
		{"one good statement", fstest.MapFS{
			"KAZ_73_2018.txt": {Data: kaz},
			"RUS_73_2018.txt": {Data: nil},
		}, []string{"bad", "KAZ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for im, err := range ImportUNGDCStatements(tt.fsys, UNGDCOptions{}) {
				if err != nil {
					if !errors.Is(err, unpv.ErrBadDocument) {
						t.Errorf("%v does not wrap ErrBadDocument", err)
					}
					got = append(got, "bad")
					continue
				}
				got = append(got, im.Statement)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("yielded (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportNotText: a file named as a statement or a speech whose bytes
// are not text (zeros a crash left, a binary file) is a bad input naming
// why, in both importers: read as Windows-1252, it was stored as a speech
// of control characters and went on to extraction and the index. An empty
// statement file is one too. Text with one stray control character is
// still text.
func TestImportNotText(t *testing.T) {
	kaz, err := os.ReadFile("testdata/ungdc/KAZ_73_2018.txt")
	if err != nil {
		t.Fatal(err)
	}
	binary := make([]byte, 3000)
	for i := range binary {
		binary[i] = byte(1 + i*7919%255) // every byte value but 0, in no order
	}
	tests := []struct {
		name string
		data []byte
		want string // in the bad input's error; "" when the file is text
	}{
		{"zeros", make([]byte, 4096), "not text: a NUL byte at offset"},
		{"zeros after text", append(slices.Clone(kaz), make([]byte, 512)...), "not text: a NUL byte at offset"},
		{"binary", binary, "control characters"},
		{"empty", nil, "empty file"},
		{"spaces", []byte(" \r\n\t"), "empty file"},
		{"one stray control character", append(slices.Clone(kaz), 0x1a), ""},
		// UTF-8 once read as Latin-1: "It’s" is "Itâ\u0080\u0099s", two C1 controls in six.
		{"curly quotes read as Latin-1", []byte(strings.Repeat("It\u00e2\u0080\u0099s the Charter\u00e2\u0080\u0099s purpose. ", 50)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bad []error
			var got []string
			ungdc := fstest.MapFS{"KAZ_73_2018.txt": {Data: kaz}, "RUS_73_2018.txt": {Data: tt.data}}
			for im, err := range ImportUNGDCStatements(ungdc, UNGDCOptions{}) {
				if err != nil {
					bad = append(bad, err)
					continue
				}
				got = append(got, im.Statement)
			}
			unsc := fstest.MapFS{
				"UNSC_2020_SPV.8711_spch001.txt": {Data: []byte("The President: I give the floor to the representative of Kazakhstan.")},
				"UNSC_2020_SPV.8712_spch001.txt": {Data: append([]byte("Mr. Umarov (Kazakhstan): "), tt.data...)},
			}
			for im, err := range ImportUNSCDebates(unsc, UNSCDebatesOptions{}) {
				if err != nil {
					bad = append(bad, err)
					continue
				}
				got = append(got, im.Meeting.Symbol)
			}
			want, wantBad := []string{"KAZ", "RUS", "S/PV.8711", "S/PV.8712"}, 0
			switch {
			case tt.want == "empty file":
				want, wantBad = []string{"KAZ", "S/PV.8711", "S/PV.8712"}, 1 // a speech with its label alone is a speech
			case tt.want != "":
				want, wantBad = []string{"KAZ", "S/PV.8711"}, 2
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("imported (-want +got):\n%s", diff)
			}
			if len(bad) != wantBad {
				t.Fatalf("bad inputs %q, want %d", bad, wantBad)
			}
			for _, err := range bad {
				if !errors.Is(err, unpv.ErrBadDocument) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%v: want a bad document saying %q", err, tt.want)
				}
				if strings.Count(err.Error(), unpv.ErrBadDocument.Error()) != 1 {
					t.Errorf("%v says %q more than once", err, unpv.ErrBadDocument)
				}
			}
		})
	}
}

// TestImportUTF16: a statement saved as UTF-16 with its byte order mark
// (Windows editors' "Unicode") gives the speech its UTF-8 original gives;
// read as Windows-1252 it began "ÿþ" with a NUL after every letter, and
// is now refused as not text without this reading.
func TestImportUTF16(t *testing.T) {
	kaz, err := os.ReadFile("testdata/ungdc/KAZ_73_2018.txt")
	if err != nil {
		t.Fatal(err)
	}
	speech := func(data []byte) (string, string) {
		t.Helper()
		for im, err := range ImportUNGDCStatements(fstest.MapFS{"KAZ_73_2018.txt": {Data: data}}, UNGDCOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			return im.Speeches[0].Text, im.Files[0].Encoding
		}
		t.Fatal("nothing imported")
		return "", ""
	}
	want, _ := speech(kaz)
	units := utf16.Encode([]rune(string(kaz)))
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		b := order.AppendUint16(nil, 0xfeff)
		for _, u := range units {
			b = order.AppendUint16(b, u)
		}
		got, enc := speech(b)
		if got != want || enc != "utf-16" {
			t.Errorf("%v: encoding %q, speech differs from the UTF-8 file's: %v", order, enc, cmp.Diff(want, got))
		}
	}
}

// TestReadUNGDCSpeakersRepeated: the real speakers table names 17 session
// and delegation pairs twice; both rows are read, in the table's order,
// which is the order of the statements in the files that hold two
// (splitStatements).
func TestReadUNGDCSpeakersRepeated(t *testing.T) {
	dir := sharedDir(t, "corpora/ungdc-subset")
	sp, err := readUNGDCSpeakers(os.DirFS(dir), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var repeated []string
	for k, rows := range sp {
		if len(rows) > 1 {
			repeated = append(repeated, k)
		}
	}
	if len(repeated) != 17 {
		t.Errorf("%d pairs named more than once, want 17: %v", len(repeated), repeated)
	}
	tests := map[string][]ungdcSpeaker{
		"14/RUS": {
			{country: "Union of Soviet Socialist Republics", name: "Mr. Nikita S. KHRUSHCHEV", post: "Chairman of the Council of Ministers"},
			{country: "Union of Soviet Socialist Republics", name: "Mr. Kuznetsov"},
		},
		"24/CMR": {
			{country: "Cameroon", name: "Mr. NJINE"},
			{country: "Cameroon", name: "Mr. AHMADCU AHIDJO", post: "President of the Federal Republic of Cameroon"},
		},
		"73/RUS": {{country: "Russian Federation", name: "Mr. Sergey Lavrov", post: "Minister for Foreign Affairs"}},
	}
	for k, want := range tests {
		if diff := cmp.Diff(want, sp[k], cmp.AllowUnexported(ungdcSpeaker{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
}

// TestStatementRecord: a statement is placed in the plenary meeting its
// running headers name only when every header names that one meeting, on
// one day, of the statement's own session. The first case is read from the
// real ARM_70_2015.txt ("29/09/2015 A/70/PV.17").
func TestStatementRecord(t *testing.T) {
	dir := sharedDir(t, "corpora/ungdc-subset/focus_2014-2024")
	text, err := os.ReadFile(filepath.Join(dir, "ARM_70_2015.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, arm := CleanStatement(string(text))
	pv17 := un.RunningHeader{Symbol: "A/70/PV.17", Date: "2015-09-29"}
	tests := []struct {
		name             string
		headers          []un.RunningHeader
		session          int
		wantSym, wantDay string
	}{
		{"ARM_70_2015.txt", arm, 70, "A/70/PV.17", "2015-09-29"},
		{"ARM_70_2015.txt filed under session 71", arm, 71, "", ""},
		{"two headers agree", []un.RunningHeader{pv17, pv17}, 70, "A/70/PV.17", "2015-09-29"},
		{"two meetings", []un.RunningHeader{pv17, {Symbol: "A/70/PV.18", Date: "2015-09-29"}}, 70, "", ""},
		{"two days", []un.RunningHeader{pv17, {Symbol: "A/70/PV.17", Date: "2015-09-30"}}, 70, "", ""},
		{"a Council record", []un.RunningHeader{{Symbol: "S/PV.7527", Date: "2015-09-29"}}, 70, "", ""},
		{"no header", nil, 70, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sym, day := statementRecord(tt.headers, tt.session)
			if diff := cmp.Diff([2]string{tt.wantSym, tt.wantDay}, [2]string{sym, day}); diff != "" {
				t.Errorf("meeting and day (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportUNGDCUnknownCode: a statement file whose code the delegation
// table does not know (POR, the speakers table's code for Portugal) is
// imported under that code with a problem naming it; a known code (PRT)
// raises none.
func TestImportUNGDCUnknownCode(t *testing.T) {
	fsys := fstest.MapFS{
		"Speakers_by_session.csv": {Data: []byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n" +
			"1969,24,POR,Portugal,Mr. Franco Nogueira,Minister for Foreign Affairs\n" +
			"1969,24,PRT,Portugal,Mr. Franco Nogueira,Minister for Foreign Affairs\n")},
		"POR_24_1969.txt": {Data: []byte("Portugal speaks.")},
		"PRT_24_1969.txt": {Data: []byte("Portugal speaks again.")},
	}
	im := collect(t, ImportUNGDC(fsys, UNGDCOptions{}))["A/24/PV (general debate)"]
	var codes []string
	for _, s := range im.Speeches {
		codes = append(codes, s.DelegationCode+" "+s.Delegation)
	}
	if diff := cmp.Diff([]string{"POR Portugal", "PRT Portugal"}, codes); diff != "" {
		t.Errorf("speeches (-want +got):\n%s", diff)
	}
	want := []string{"POR_24_1969.txt: code POR is not in the delegation table (un/delegations.tsv); stored as given, it is no member of any organisation"}
	if diff := cmp.Diff(want, im.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestImportUNGDCSeatHolder: the corpus files the Soviet Union's statements
// under RUS and Serbia and Montenegro's under YUG; each is stored under the
// code of the Member that spoke (un.SeatHolder), and its document keeps the
// file's code. A speakers-table country naming another delegation than the
// statement's is a slip of the table, replaced by the delegation's name and
// said. Rows and openings from ungdc-full and its speakers table.
func TestImportUNGDCSeatHolder(t *testing.T) {
	fsys := fstest.MapFS{
		"Speakers_by_session.csv": {Data: []byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n" +
			"2004,59,YUG,Serbia and Montenegro,Mr. Vuk Draškovic,Minister for Foreign Affairs\n" +
			"1992,47,RUS,Russian Federation,Mr. KOZYREV,\n" +
			"1985,40,RUS,Union of Soviet Socialist Republics,Mr. Shevardnadze,\n" +
			"1983,38,RUS,Russian Federation ,TROYANOVSKY,\n" +
			"1977,32,RUS,Russian Federation (USSR),GROMYKO,\n" +
			"1960,15,AUS,Austria,Mr. MENZIES,Prime Minister\n" +
			// Austria's own row: Menzies' "Austria" is a slip of the
			// country, not a row filed under another code (lendPrivateCodes).
			"1960,15,AUT,Austria,Mr. KREISKY\n")},
		// A country no delegation has, on a statement filed under the
		// successor's code: the Soviet Union's name instead.
		"Session 32 - 1977/RUS_32_1977.txt": {Data: []byte("108.\t Mr. President, on behalf of the delegation of the Soviet Union I should like to congratulate you on the occasion of your election as President of the thirty-second session of the General Assembly of the United Nations.")},
		"Session 38 - 1983/RUS_38_1983.txt": {Data: []byte("58.\t\tFirst of all, allow me to congratulate you, Sir, on your election to the important post of President of this session of the General Assembly.")},
		// No speakers-table row for the USSR in session 37: the
		// statement is Gromyko's, named for the code's Member, and the
		// missing row is no slip of the table.
		"Session 37 - 1982/RUS_37_1982.txt": {Data: []byte("Mr. Hollai, allow me to congratulate you on the occasion of your election to the presidency of the thirty-seventh session of the General Assembly.")},
		"Session 40 - 1985/RUS_40_1985.txt": {Data: []byte("Sir, permit me first of all to congratulate you upon your election to the high post of President of the united Nations General Assembly for the fortieth session.")},
		"Session 47 - 1992/RUS_47_1992.txt": {Data: []byte("First, I wish to congratulate you, Mr. President, on your election to this \nimportant post.")},
		"Session 59 - 2004/YUG_59_2004.txt": {Data: []byte("Allow me at the outset to convey the greetings and best\nwishes of the people of my country to Member States.")},
		"Session 15 - 1960/AUS_15_1960.txt": {Data: []byte("I have heard only some of the speeches, for I arrived from Australia only on 30 September.")},
	}
	checkImported(t, fsys, []statementRow{
		{"AUS", "AUS", "Australia", "Mr. MENZIES (Australia)", "member"},
		{"RUS", "SUN", "Union of Soviet Socialist Republics", "GROMYKO (Union of Soviet Socialist Republics)", "member"},
		{"RUS", "SUN", "Union of Soviet Socialist Republics", "RUS (Union of Soviet Socialist Republics)", "member"},
		{"RUS", "SUN", "Union of Soviet Socialist Republics", "TROYANOVSKY (Union of Soviet Socialist Republics)", "member"},
		{"RUS", "SUN", "Union of Soviet Socialist Republics", "Mr. Shevardnadze (Union of Soviet Socialist Republics)", "member"},
		{"RUS", "RUS", "Russian Federation", "Mr. KOZYREV (Russian Federation)", "member"},
		{"YUG", "SCG", "Serbia and Montenegro", "Mr. Vuk Draškovic (Serbia and Montenegro)", "member"},
	}, []string{
		`Session 15 - 1960/AUS_15_1960.txt: the speakers table names the country "Austria" (AUT) for a statement of AUS; shown as Australia`,
		`Session 32 - 1977/RUS_32_1977.txt: the speakers table names the country "Russian Federation (USSR)", which is no delegation's, for a statement of SUN filed as RUS; shown as Union of Soviet Socialist Republics`,
		"Session 37 - 1982/RUS_37_1982.txt: no speakers-table row for RUS in session 37",
		`Session 38 - 1983/RUS_38_1983.txt: the speakers table names the country "Russian Federation" (RUS) for a statement of SUN; shown as Union of Soviet Socialist Republics`,
	})
}

// TestImportUNGDCPrivateCodes: the speakers table keys some rows by a code
// of its own (rows and opening words copied from ungdc-full: Democratic
// Yemen's of 1968 as YDYE, Czechoslovakia's of 1947 as CZK), while the
// files are YMD_23_1968.txt and CSK_02_1947.txt. The row is the
// statement's, found by the delegation its country names; a row whose
// code the table knows (Yemen's) is not lent to another file (Saudi
// Arabia's, left without its row here).
func TestImportUNGDCPrivateCodes(t *testing.T) {
	fsys := fstest.MapFS{
		"Speakers_by_session.csv": {Data: []byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\r\n" +
			"1968,23,YDYE,Southern Yemen,Mr. UQBA,\r\n" +
			"1968,23,YEM,Yemen,Mr. GEGHMAN,\r\n" +
			"1947,2,CZK,Czechoslovakia,Mr. Masaryk\r\n")},
		"Session 23 - 1968/YMD_23_1968.txt": {Data: []byte("94. Sir, I greet the President, Mr. Arenales, in the name of the people and the Government of the People’s Republic of Southern Yemen.")},
		"Session 23 - 1968/SAU_23_1968.txt": {Data: []byte("82. It was with deep regret that we learned of the surgical operation undergone by the President of the General Assembly.")},
		"Session 02 - 1947/CSK_02_1947.txt": {Data: []byte("May I congratulate my distinguished friend and colleague, Mr. Aranha, on his election to the high office of President of this Assembly?")},
	}
	checkImported(t, fsys, []statementRow{
		{"CSK", "CSK", "Czechoslovakia", "Mr. Masaryk (Czechoslovakia)", "member"},
		{"SAU", "SAU", "Saudi Arabia", "SAU (Saudi Arabia)", "member"},
		{"YMD", "YMD", "Southern Yemen", "Mr. UQBA (Southern Yemen)", "member"},
	}, []string{
		`Session 02 - 1947/CSK_02_1947.txt: the speakers table has CSK's row of session 2 under CZK, a code not in un/delegations.tsv; its country "Czechoslovakia" names CSK`,
		`Session 23 - 1968/SAU_23_1968.txt: no speakers-table row for SAU in session 23`,
		`Session 23 - 1968/YMD_23_1968.txt: the speakers table has YMD's row of session 23 under YDYE, a code not in un/delegations.tsv; its country "Southern Yemen" names YMD`,
	})
}

// TestImportUNGDCRowsUnderAnotherCode: the speakers table keys some rows
// by another Member's code (rows and opening words copied from ungdc-full):
// session 56 has Sweden's row (Anna Lindh) under CHE and Swaziland's
// (Clifford Sibusiso Mamba, its UN Representative) under SWE, session 17
// the United Arab Republic's under ARE. Each row goes to the delegation its
// country names, which has no row of its own: Sweden's statement was
// Mamba's, Swaziland's and the UAR's had no speaker.
func TestImportUNGDCRowsUnderAnotherCode(t *testing.T) {
	fsys := fstest.MapFS{
		"Speakers_by_session.csv": {Data: []byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n" +
			"2001,56,CHE,Sweden,Anna Lindh,Minister for Foreign Affairs\n" +
			"2001,56,SWE,Swaziland,Clifford Sibusiso Mamba,UN Representative\n" +
			"1962,17,ARE,United Arab Republic,Mr. FAWZI\n")},
		"Session 56 - 2001/SWE_56_2001.txt": {Data: []byte("Let me start by congratulating the United Nations and its Secretary-General, Mr. Kofi Annan, on being awarded the Nobel Peace Prize.")},
		"Session 56 - 2001/SWZ_56_2001.txt": {Data: []byte("It is an honour and privilege for me to deliver this statement on behalf of His Majesty King Mswati III.")},
		"Session 17 - 1962/EGY_17_1962.txt": {Data: []byte("On behalf of the delegation of the United Arab Republic, I wish to congratulate the President on his election.")},
	}
	checkImported(t, fsys, []statementRow{
		{"EGY", "EGY", "United Arab Republic", "Mr. FAWZI (United Arab Republic)", "member"},
		{"SWE", "SWE", "Sweden", "Anna Lindh (Sweden)", "member"},
		{"SWZ", "SWZ", "Swaziland", "Clifford Sibusiso Mamba (Swaziland)", "member"},
	}, []string{
		`Session 17 - 1962/EGY_17_1962.txt: the speakers table has EGY's row of session 17 under ARE, United Arab Emirates's code; its country "United Arab Republic" names EGY`,
		`Session 56 - 2001/SWE_56_2001.txt: the speakers table has SWE's row of session 56 under CHE, Switzerland's code; its country "Sweden" names SWE`,
		`Session 56 - 2001/SWZ_56_2001.txt: the speakers table has SWZ's row of session 56 under SWE, Sweden's code; its country "Swaziland" names SWZ`,
	})
}

// TestImportUNGDCRowsUnderAnotherCodeRefused: when Swaziland's row cannot
// go to SWZ (a second code names Swaziland too: neither is lent), Sweden's
// file keeps the row the table files under SWE, and Sweden's row under
// CHE is not added beside it as a second speaker.
func TestImportUNGDCRowsUnderAnotherCodeRefused(t *testing.T) {
	fsys := fstest.MapFS{
		"Speakers_by_session.csv": {Data: []byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n" +
			"2001,56,CHE,Sweden,Anna Lindh,Minister for Foreign Affairs\n" +
			"2001,56,SWE,Swaziland,Clifford Sibusiso Mamba,UN Representative\n" +
			"2001,56,SWA,Swaziland,Someone Else,\n")},
		"Session 56 - 2001/SWE_56_2001.txt": {Data: []byte("Let me start by congratulating the United Nations and its Secretary-General, Mr. Kofi Annan, on being awarded the Nobel Peace Prize.")},
	}
	got, _ := importedStatements(t, fsys)
	want := []statementRow{{"SWE", "SWE", "Sweden", "Clifford Sibusiso Mamba (Sweden)", "member"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	// A second row would make the file one the table names twice
	// (splitStatements), which only the order of rows settles here.
	rows, err := readUNGDCSpeakers(fsys, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows[speakerKey(56, "SWE")] {
		names = append(names, r.name)
	}
	if diff := cmp.Diff([]string{"Clifford Sibusiso Mamba"}, names); diff != "" {
		t.Errorf("rows of SWE in session 56 (-want +got):\n%s", diff)
	}
}

// statementRow is what TestImportUNGDCSeatHolder and
// TestImportUNGDCPrivateCodes compare of each imported statement.
type statementRow struct{ Statement, Code, Delegation, Speaker, Role string }

// importedStatements imports fsys statement by statement and returns each
// speech's statementRow and the problems reported; a speech's id must be
// its file's code, whatever code it is filed under.
// checkImported imports fsys and compares its statements and problems
// with want and wantProblems.
func checkImported(t *testing.T, fsys fs.FS, want []statementRow, wantProblems []string) {
	t.Helper()
	got, problems := importedStatements(t, fsys)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantProblems, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func importedStatements(t *testing.T, fsys fs.FS) (rows []statementRow, problems []string) {
	t.Helper()
	for im, err := range ImportUNGDCStatements(fsys, UNGDCOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range im.Speeches {
			rows = append(rows, statementRow{im.Statement, sp.DelegationCode, sp.Delegation, sp.Speaker, string(sp.Role)})
			if want := unpv.SpeechID(sp.Symbol, DelegationSeq(im.Statement)); sp.ID != want {
				t.Errorf("%s: id %s, want %s (the file's code: ids do not change)", im.Statement, sp.ID, want)
			}
		}
		problems = append(problems, im.Problems...)
	}
	return rows, problems
}

// TestImportUNGDCErrata: the speakers table keys the two German States'
// rows of 1986 and 1990 each under the other's code, and the corpus files
// united Germany's statement of October 1990 as the GDR's (rows and
// opening words copied from ungdc-full; corpora/ungdc_errata.tsv). An
// erratum applies only while the input shows its error: a corrected
// table, or another text under DDR_45_1990.txt, is left as it is.
func TestImportUNGDCErrata(t *testing.T) {
	const header = "Year,Session,ISO Code,Country,Name of Person Speaking,Post\n"
	files := func(ddr45 string) fstest.MapFS {
		return fstest.MapFS{
			"Session 41 - 1986/DDR_41_1986.txt": {Data: []byte("It was the unanimous decision of the States Members of the United Nations to proclaim 1986 the International Year of Peace.")},
			"Session 41 - 1986/DEU_41_1986.txt": {Data: []byte("In this autumn of 1986, the community of nations is again facing serious problem* and momentous decisions that affect the destiny of our peoples.")},
			"Session 45 - 1990/DDR_45_1990.txt": {Data: []byte(ddr45)},
			"Session 45 - 1990/DEU_45_1990.txt": {Data: []byte("\ufeffI wish first of all to offer you, Mr. President, my warm congratulations on your election to your high office.")},
		}
	}
	const unity = "\ufeffMr. President, I wish to thank you on behalf of the German Government for your congratulatory words. The establishment of German unity and the agreements connected with it are, as you have rightly remarked, historic events."
	tests := []struct {
		name, speakers, ddr45 string
		want                  []statementRow
		problems              []string
	}{{
		name: "as the corpus has them",
		speakers: "1990,45,DDR,FDR,GENSCHER,\n1990,45,DEU,Germany,BRAUTIGAM,\n" +
			"1986,41,DDR,Republica Federal Alemana ,Mr. GENSCHER ,\n1986,41,DEU,Germany Democratic Republic,Mr. FISCHER,\n",
		ddr45: unity,
		want: []statementRow{
			{"DDR", "DDR", "Germany Democratic Republic", "Mr. FISCHER (Germany Democratic Republic)", "member"},
			{"DEU", "DEU", "Republica Federal Alemana", "Mr. GENSCHER (Republica Federal Alemana)", "member"},
			{"DDR", "DEU", "Germany", "BRAUTIGAM (Germany)", "member"},
			{"DEU", "DEU", "FDR", "GENSCHER (FDR)", "member"},
		},
		problems: []string{
			`Session 41 - 1986/DDR_41_1986.txt: the speakers table has the row of session 41 for this statement (Mr. FISCHER, "Germany Democratic Republic") under DEU: ` + ungdcErrata()["row"]["41/DEU"].evidence + " (corpora/ungdc_errata.tsv)",
			`Session 41 - 1986/DEU_41_1986.txt: the speakers table has the row of session 41 for this statement (Mr. GENSCHER, "Republica Federal Alemana") under DDR: ` + ungdcErrata()["row"]["41/DDR"].evidence + " (corpora/ungdc_errata.tsv)",
			"Session 45 - 1990/DDR_45_1990.txt: filed as DDR, given by Germany (DEU): " + ungdcErrata()["statement"]["45/DDR"].evidence + " (corpora/ungdc_errata.tsv)",
			`Session 45 - 1990/DDR_45_1990.txt: the speakers table has the row of session 45 for this statement (BRAUTIGAM, "Germany") under DEU: ` + ungdcErrata()["row"]["45/DEU"].evidence + " (corpora/ungdc_errata.tsv)",
			`Session 45 - 1990/DEU_45_1990.txt: the speakers table has the row of session 45 for this statement (GENSCHER, "FDR") under DDR: ` + ungdcErrata()["row"]["45/DDR"].evidence + " (corpora/ungdc_errata.tsv)",
		},
	}, {
		name: "corrected",
		speakers: "1990,45,DDR,German Democratic Republic,Mr. MAIZIERE,\n1990,45,DEU,Federal Republic of Germany,GENSCHER,\n" +
			"1986,41,DDR,German Democratic Republic,Mr. FISCHER,\n1986,41,DEU,Federal Republic of Germany,Mr. GENSCHER,\n",
		ddr45: "I have the honour to address the General Assembly for the German Democratic Republic.",
		want: []statementRow{
			{"DDR", "DDR", "German Democratic Republic", "Mr. FISCHER (German Democratic Republic)", "member"},
			{"DEU", "DEU", "Federal Republic of Germany", "Mr. GENSCHER (Federal Republic of Germany)", "member"},
			{"DDR", "DDR", "German Democratic Republic", "Mr. MAIZIERE (German Democratic Republic)", "member"},
			{"DEU", "DEU", "Federal Republic of Germany", "GENSCHER (Federal Republic of Germany)", "member"},
		},
	}, {
		// A swap applies whole or not at all: a second row under DEU
		// stays there, so Fischer's is not moved, nor Genscher's to DEU
		// beside them (it was: three rows for DEU_41_1986.txt, none for
		// DDR_41_1986.txt, no erratum named). The table as it is.
		name: "half of a swap",
		speakers: "1990,45,DDR,German Democratic Republic,Mr. MAIZIERE,\n1990,45,DEU,Federal Republic of Germany,GENSCHER,\n" +
			"1986,41,DDR,Republica Federal Alemana ,Mr. GENSCHER ,\n1986,41,DEU,Germany Democratic Republic,Mr. FISCHER,\n1986,41,DEU,Federal Republic of Germany,Mr. GENSCHER,\n",
		ddr45: "I have the honour to address the General Assembly for the German Democratic Republic.",
		want: []statementRow{
			{"DDR", "DDR", "Republica Federal Alemana", "Mr. GENSCHER (Republica Federal Alemana)", "member"},
			{"DEU", "DEU", "Germany Democratic Republic", "Mr. FISCHER (Germany Democratic Republic)", "member"},
			{"DDR", "DDR", "German Democratic Republic", "Mr. MAIZIERE (German Democratic Republic)", "member"},
			{"DEU", "DEU", "Federal Republic of Germany", "GENSCHER (Federal Republic of Germany)", "member"},
		},
		problems: []string{
			"Session 41 - 1986/DEU_41_1986.txt: the speakers table names Mr. FISCHER and Mr. GENSCHER for DEU in session 41, and the file holds one statement (its paragraph numbering does not start again); credited to Mr. FISCHER",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := files(tt.ddr45)
			fsys["Speakers_by_session.csv"] = &fstest.MapFile{Data: []byte(header + tt.speakers)}
			checkImported(t, fsys, tt.want, tt.problems)
		})
	}
}

// TestUNGDCErrataTable: every row of ungdc_errata.tsv parses, names codes
// of the delegation table and moves rows both ways where it swaps them.
func TestUNGDCErrataTable(t *testing.T) {
	e := ungdcErrata()
	if len(e["row"]) == 0 || len(e["statement"]) == 0 {
		t.Fatalf("errata: %d row and %d statement entries", len(e["row"]), len(e["statement"]))
	}
	for from, r := range e["row"] {
		if back, ok := e["row"][r.toKey]; ok && back.toKey != from {
			t.Errorf("%s goes to %s, whose rows go to %s", from, r.to, back.to)
		}
	}
}

// TestNameErrata: the names the speakers table cuts short or doubles a
// letter of read as its rows of other sessions print them (the real table
// of ../shared), each erratum matching one row; the errata table's names
// are not codes and are not read as codes.
func TestNameErrata(t *testing.T) {
	dir := sharedDir(t, "corpora/ungdc-subset")
	sp, err := readUNGDCSpeakers(os.DirFS(dir), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	names := ungdcErrata()["name"]
	if len(names) != 7 {
		t.Errorf("%d name errata, want 7", len(names))
	}
	for k, e := range names {
		var got []string
		for _, r := range sp[k] {
			got = append(got, r.name)
		}
		if diff := cmp.Diff([]string{e.to}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	if got := sp["70/UKR"]; len(got) != 1 || got[0].name != "Mr. Petro Poroshenko" {
		t.Errorf("70/UKR: %+v", got)
	}
	// A corrected table is left alone, and a row of another session too.
	rows := map[string][]ungdcSpeaker{"70/UKR": {{name: "Mr. Petro Poroshenko"}}, "71/UKR": {{name: "Mr. Petro Poroshenk"}}}
	applyNameErrata(rows)
	if rows["70/UKR"][0].name != "Mr. Petro Poroshenko" || rows["71/UKR"][0].name != "Mr. Petro Poroshenk" {
		t.Errorf("applyNameErrata: %+v", rows)
	}
}

// FuzzImportUNGDC: the General Debate Corpus importer never panics on a
// speakers table and a statement file of any content. What it yields
// without an error is session 73's general debate with at least one
// speech, each of that session.
func FuzzImportUNGDC(f *testing.F) {
	statement, err := os.ReadFile("testdata/ungdc/KAZ_73_2018.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n2018,73,KAZ,Kazakhstan,Kairat Abdrakhmanov,Minister for Foreign Affairs\n"), statement)
	f.Add([]byte("Year,Session,ISO Code,Country,Name of Person Speaking,Post\n2018,73,KAZ,,,\n2018,73,KAZ,Kazakhstan,\"A\nB\",\n2018,73,XXK,Atlantis,C,President\n"),
		[]byte("# Statement\r\n\r\n**Mr. President**,\n\n* 18-29999 (E) *\n\nWe support the African Union."))
	f.Add([]byte("\ufeffYear;Session\n"), []byte{0xff, 0xfe, 0x92})
	f.Fuzz(func(t *testing.T, speakers, text []byte) {
		fsys := fstest.MapFS{"Speakers_by_session.csv": {Data: speakers}, "Session 73 - 2018/KAZ_73_2018.txt": {Data: text}}
		for im, err := range ImportUNGDC(fsys, UNGDCOptions{}) {
			if err != nil {
				continue
			}
			if im.Meeting.Symbol != "A/73/PV (general debate)" || len(im.Speeches) == 0 {
				t.Errorf("meeting %q with %d speeches", im.Meeting.Symbol, len(im.Speeches))
			}
			for _, sp := range im.Speeches {
				if sp.Symbol != im.Meeting.Symbol {
					t.Errorf("speech %s of %q in %q", sp.ID, sp.Symbol, im.Meeting.Symbol)
				}
			}
		}
	})
}
