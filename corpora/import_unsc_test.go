package corpora

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// sharedDir returns a folder of the read-only shared corpora, skipping the
// test when it is absent (CI machines have only the repository).
func sharedDir(t testing.TB, rel string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", rel)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared corpora not available: %v", err)
	}
	return dir
}

// collect drains an importer, failing on any error.
func collect(t *testing.T, seq func(func(ImportedMeeting, error) bool)) map[string]ImportedMeeting {
	t.Helper()
	out := map[string]ImportedMeeting{}
	for im, err := range seq {
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if _, dup := out[im.Meeting.Symbol]; dup {
			t.Fatalf("meeting %s yielded twice", im.Meeting.Symbol)
		}
		out[im.Meeting.Symbol] = im
	}
	return out
}

// readCounts reads symbol → n_speeches from a meetings_2020.csv file.
func readCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range recs[1:] {
		n, _ := strconv.Atoi(r[7])
		out[r[0]] = n
	}
	return out
}

func TestImportUNSCDebatesTestdata(t *testing.T) {
	got := collect(t, ImportUNSCDebates(os.DirFS("testdata/unsc-debates"), UNSCDebatesOptions{}))
	want := readCounts(t, "testdata/unsc-debates/meetings_2020.csv")
	for _, sym := range []string{"S/PV.8698", "S/PV.8711"} {
		if n := len(got[sym].Speeches); n != want[sym] {
			t.Errorf("%s: %d speeches, meetings_2020.csv says %d", sym, n, want[sym])
		}
	}
	if len(got) != 3 {
		t.Errorf("got %d meetings, want 3 (8698, 8711, 8723 Resumption 1)", len(got))
	}
	m := got["S/PV.8711"].Meeting
	wantM := unpv.Meeting{Symbol: "S/PV.8711", Body: unpv.SecurityCouncil, Meeting: "S/PV.8711", Date: "2020-01-30",
		Agenda: "Cooperation between the United Nations and regional and subregional organizations in maintaining international peace and security"}
	if diff := cmp.Diff(wantM, m); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
	r1 := got["S/PV.8723 (Resumption 1)"]
	if r1.Meeting.Resumption != 1 || r1.Meeting.Meeting != "S/PV.8723" || r1.Meeting.Date != "2020-02-13" || len(r1.Speeches) != 1 || r1.Speeches[0].Seq != 70 {
		t.Errorf("resumption meeting: %+v with %d speeches", r1.Meeting, len(r1.Speeches))
	}
}

// TestImportUNSCDebatesWindows1252 checks that the corpus's Windows-1252
// files come out as the characters the record printed.
func TestImportUNSCDebatesWindows1252(t *testing.T) {
	got := collect(t, ImportUNSCDebates(os.DirFS("testdata/unsc-debates"), UNSCDebatesOptions{}))
	im := got["S/PV.8698"]
	sp := im.Speeches[0]
	if sp.Seq != 1 || !strings.Contains(sp.Text, "the Council’s gratitude to the outgoing members — Cote d’Ivoire") {
		t.Errorf("speech 1 not decoded as Windows-1252: %.300q", sp.Text)
	}
	for _, s := range im.Speeches {
		if strings.ContainsRune(s.Text, '\uFFFD') || strings.ContainsAny(s.Text, "\u0092\u0097") {
			t.Errorf("%s: replacement or C1 control characters left in text", s.ID)
		}
	}
	encs := map[string]int{}
	for _, f := range im.Files {
		encs[f.Encoding]++
	}
	if encs["windows-1252"] != 18 || encs["utf-8"] != 2 {
		t.Errorf("encodings %v, want 18 windows-1252 and 2 utf-8", encs)
	}
	r1 := got["S/PV.8723 (Resumption 1)"].Speeches[0]
	if r1.Speaker != "Mr. Simonovie (Croatia)" || r1.Delegation != "Croatia" || strings.ContainsRune(r1.Text, '\uFFFD') {
		t.Errorf("8723 R1 #70: %q %q", r1.Speaker, r1.Text[:80])
	}
}

func TestImportUNSCDebatesSpeeches(t *testing.T) {
	got := collect(t, ImportUNSCDebates(os.DirFS("testdata/unsc-debates"), UNSCDebatesOptions{}))
	bySeq := map[string]unpv.Speech{}
	for _, im := range got {
		for _, s := range im.Speeches {
			bySeq[s.ID] = s
		}
	}
	tests := []struct {
		id                                    string
		speaker, name, deleg, lang, pre, code string
		role                                  unpv.Role
	}{
		{"S/PV.8711#1", "The President", "The President", "", "", "In accordance with rule 39", "", unpv.RolePresident},
		{"S/PV.8711#2", "The Secretary-General", "The Secretary-General", "", "", "I thank Viet Nam, as President", "UN", unpv.RoleSecretariat},
		// Introduced by the President as "Secretary-General of the
		// Association of Southeast Asian Nations": ASEAN speaks for itself.
		{"S/PV.8711#4", "Dato Lim Jock Hoi", "Dato Lim Jock Hoi", "", "", "At the outset, allow me", "ASEAN", unpv.RoleOrganisation},
		{"S/PV.8711#6", "Mr. Djani (Indonesia)", "Mr. Djani", "Indonesia", "", "I would like to thank", "IDN", unpv.RoleMember},
		// "Special Representative of the Secretary-General for West Africa".
		{"S/PV.8698#4", "Mr. Chambas", "Mr. Chambas", "", "", "I am honoured to be here", "UN", unpv.RoleSecretariat},
		{"S/PV.8698#6", "Mr. Abarry (Niger) (spoke in French)", "Mr. Abarry", "Niger", "French", "Allow me first of all", "NER", unpv.RoleMember},
		{"S/PV.8698#5", "The President", "The President", "", "", "I thank Mr. Chambas his briefing.", "", unpv.RolePresident},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, ok := bySeq[tt.id]
			if !ok {
				t.Fatalf("no speech %s", tt.id)
			}
			gotF := []string{s.Speaker, s.SpeakerName, s.Delegation, s.Language, string(s.Role), s.DelegationCode}
			wantF := []string{tt.speaker, tt.name, tt.deleg, tt.lang, string(tt.role), tt.code}
			if diff := cmp.Diff(wantF, gotF); diff != "" {
				t.Errorf("speaker fields (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(s.Text, tt.pre) || strings.HasPrefix(s.Text, s.Speaker) {
				t.Errorf("text %.80q: want prefix %q and no label", s.Text, tt.pre)
			}
			if s.Body != unpv.SecurityCouncil || s.Symbol != strings.Split(tt.id, "#")[0] || s.Date == "" {
				t.Errorf("meeting fields: %+v", s)
			}
		})
	}
}

// TestImportUNSCDebatesShared imports the whole 2020 corpus and checks the
// speech count of every meeting against meetings_2020.csv and every label
// against the corpus's own label heuristic.
func TestImportUNSCDebatesShared(t *testing.T) {
	dir := sharedDir(t, "corpora/unsc-2020-speeches")
	got := collect(t, ImportUNSCDebates(os.DirFS(dir), UNSCDebatesOptions{}))
	want := readCounts(t, filepath.Join(dir, "meetings_2020.csv"))
	if len(got) != len(want) || len(want) != 83 {
		t.Errorf("%d meetings imported, meetings_2020.csv has %d", len(got), len(want))
	}
	total := 0
	for sym, n := range want {
		im := got[sym]
		total += len(im.Speeches)
		if len(im.Speeches) != n {
			t.Errorf("%s: %d speeches, want %d", sym, len(im.Speeches), n)
		}
		if len(im.Problems) > 0 {
			t.Errorf("%s: problems %v", sym, im.Problems)
		}
		if len(im.Meeting.Date) != 10 {
			t.Errorf("%s: date %q not ISO", sym, im.Meeting.Date)
		}
	}
	if total != 1600 {
		t.Errorf("%d speeches, want 1600", total)
	}
	// Labels against speeches_2020.jsonl's speaker_label_heuristic.
	f, err := os.Open(filepath.Join(dir, "speeches_2020.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids := map[string]unpv.Speech{}
	for _, im := range got {
		for _, s := range im.Speeches {
			ids[s.ID] = s
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	var bad []string
	n := 0
	for sc.Scan() {
		var row struct {
			Symbol   string `json:"symbol"`
			SpeechNo int    `json:"speech_no"`
			Label    string `json:"speaker_label_heuristic"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		n++
		s := ids[unpv.SpeechID(row.Symbol, row.SpeechNo)]
		if s.Speaker != strings.Join(strings.Fields(row.Label), " ") {
			bad = append(bad, fmt.Sprintf("%s#%d: %q vs %q", row.Symbol, row.SpeechNo, s.Speaker, row.Label))
		}
	}
	if n != 1600 || len(bad) > 0 {
		t.Errorf("%d rows; %d labels differ:\n%s", n, len(bad), strings.Join(bad, "\n"))
	}
}

func TestImportUNSCDebatesHash(t *testing.T) {
	base := fstest.MapFS{
		"meta.tsv":                         {Data: []byte("basename\tdate\ttopic\nUNSC_2020_SPV.8711\t2020-01-30\tCooperation\n")},
		"speaker.tsv":                      {Data: []byte("basename\tspeaker\tcountry\nUNSC_2020_SPV.8712_spch001\tThe President\tFrance\n")},
		"more.csv":                         {Data: []byte("symbol,year,month,day,topic\nS/PV.8711,2021,1,1,Other\nS/PV.8713,2020,2,3,Late\n")},
		"a/UNSC_2020_SPV.8711_spch001.txt": {Data: []byte("The President: The meeting is called to order.\r\n")},
		"a/UNSC_2020_SPV.8711_spch002.txt": {Data: []byte("Mr. Dang (Viet Nam): I thank you.")},
		"b/UNSC_2020_SPV.8712_spch001.txt": {Data: []byte("The President: Another meeting.")},
		"b/UNSC_2020_SPV.8713_spch001.txt": {Data: []byte("The President: A third.")},
	}
	first := collect(t, ImportUNSCDebates(base, UNSCDebatesOptions{}))
	again := collect(t, ImportUNSCDebates(base, UNSCDebatesOptions{}))
	for sym := range first {
		if first[sym].SHA256 != again[sym].SHA256 || len(first[sym].SHA256) != 64 {
			t.Errorf("%s: hash not stable: %q vs %q", sym, first[sym].SHA256, again[sym].SHA256)
		}
	}
	if m := first["S/PV.8711"].Meeting; m.Date != "2020-01-30" || m.Agenda != "Cooperation" {
		t.Errorf("metadata from meta.tsv basename/date/topic not used: %+v", m)
	}
	if m := first["S/PV.8713"].Meeting; m.Date != "2020-02-03" || m.Agenda != "Late" {
		t.Errorf("metadata from year/month/day columns not used: %+v", m)
	}
	if p := first["S/PV.8712"].Problems; len(p) != 1 || first["S/PV.8712"].Meeting.Date != "2020" {
		t.Errorf("meeting without metadata: problems %v, date %q", p, first["S/PV.8712"].Meeting.Date)
	}
	if txt := first["S/PV.8711"].Speeches[0].Text; txt != "The meeting is called to order." {
		t.Errorf("text %q", txt)
	}
	changed := fstest.MapFS{}
	for k, v := range base {
		changed[k] = v
	}
	changed["a/UNSC_2020_SPV.8711_spch002.txt"] = &fstest.MapFile{Data: []byte("Mr. Dang (Viet Nam): I thank you, Mr. President.")}
	after := collect(t, ImportUNSCDebates(changed, UNSCDebatesOptions{}))
	if after["S/PV.8711"].SHA256 == first["S/PV.8711"].SHA256 {
		t.Error("hash unchanged after a speech changed")
	}
	if after["S/PV.8712"].SHA256 != first["S/PV.8712"].SHA256 {
		t.Error("hash of an untouched meeting changed")
	}
}

func TestImportUNSCDebatesBadMeeting(t *testing.T) {
	fsys := fstest.MapFS{
		"x/UNSC_2020_SPV.8711_spch001.txt": {Data: []byte("The President: One.")},
		"y/UNSC_2020_SPV.8711_spch001.txt": {Data: []byte("The President: Same number, other folder.")},
		"UNSC_2020_SPV.8712_spch001.txt":   {Data: []byte("   ")},
		"UNSC_2020_SPV.8713_spch001.txt":   {Data: []byte("The President: Fine.")},
		"UNSC_2020_SPV.8713_spch002.txt":   {Data: []byte("")},
	}
	var good []string
	var bad []error
	for im, err := range ImportUNSCDebates(fsys, UNSCDebatesOptions{}) {
		if err != nil {
			bad = append(bad, err)
			continue
		}
		good = append(good, im.Meeting.Symbol)
		if len(im.Speeches) != 1 || len(im.Files) != 1 {
			t.Errorf("%s: %d speeches of %d files, want the one not empty", im.Meeting.Symbol, len(im.Speeches), len(im.Files))
		}
	}
	if diff := cmp.Diff([]string{"S/PV.8713"}, good); diff != "" {
		t.Errorf("good meetings (-want +got):\n%s", diff)
	}
	// S/PV.8711's two folders, S/PV.8712's blank file, and S/PV.8713's
	// empty second speech: a file that lost its text is a bad input of its
	// own, named, and its meeting's other speeches are imported.
	if len(bad) != 3 || !strings.Contains(bad[2].Error(), "UNSC_2020_SPV.8713_spch002.txt") || !strings.Contains(bad[2].Error(), "empty file") {
		t.Fatalf("errors %v, want 3, the last naming S/PV.8713's empty file", bad)
	}
	for _, err := range bad {
		if !errors.Is(err, unpv.ErrBadDocument) {
			t.Errorf("%v does not wrap ErrBadDocument", err)
		}
	}
	// Stopping early must not panic (the iterator honours yield's false).
	for range ImportUNSCDebates(fsys, UNSCDebatesOptions{}) {
		break
	}
	// An explicitly named metadata table that is missing is an error.
	for _, err := range ImportUNSCDebates(fsys, UNSCDebatesOptions{Metadata: []string{"nope.csv"}}) {
		if err == nil || errors.Is(err, unpv.ErrBadDocument) {
			t.Errorf("missing metadata: err %v", err)
		}
	}
}

// TestImportUNSCDebatesSpvColumns reads the meeting from a table's spv and
// resumption columns when it has no symbol or basename column: the real
// meetings_2020.csv with its symbol column left out. A resumption must get
// its own row's date and topic, not the first meeting's.
func TestImportUNSCDebatesSpvColumns(t *testing.T) {
	f, err := os.Open("testdata/unsc-debates/meetings_2020.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	w := csv.NewWriter(&table)
	for _, r := range recs {
		w.Write(r[1:]) // spv, resumption, date, topic, …
	}
	w.Flush()
	const file = "UNSC_2020_SPV.8723Resumption1_spch070.txt"
	speech, err := os.ReadFile(filepath.Join("testdata/unsc-debates", file))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"meetings.csv": {Data: []byte(table.String())}, file: {Data: speech}}
	got := collect(t, ImportUNSCDebates(fsys, UNSCDebatesOptions{}))
	im := got["S/PV.8723 (Resumption 1)"]
	want := unpv.Meeting{Symbol: "S/PV.8723 (Resumption 1)", Body: unpv.SecurityCouncil, Meeting: "S/PV.8723", Resumption: 1,
		Date: "2020-02-13", Agenda: "Peacebuilding and sustaining peace"}
	if diff := cmp.Diff(want, im.Meeting); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
	if len(im.Problems) > 0 {
		t.Errorf("problems %v", im.Problems)
	}
}

// TestCompareSymbols: ImportUNSCDebates yields meetings in this order, a
// meeting before its resumptions and by number, not as the symbols sort as text.
func TestCompareSymbols(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"S/PV.8699", "S/PV.8699 (Resumption 1)", -1},
		{"S/PV.8699 (Resumption 2)", "S/PV.8699 (Resumption 1)", 1},
		{"S/PV.8699 (Resumption 1)", "S/PV.8700", -1},
		{"S/PV.999", "S/PV.8699", -1},
		{"S/PV.8699", "S/PV.8699", 0},
		// An emergency special session's records follow the regular
		// sessions' and the pre-1976 ones, as compareSymbols says: A/ES-11
		// came before A/76 (its Session is 0).
		{"A/76/PV.1", "A/ES-11/PV.1", -1},
		{"A/ES-11/PV.1", "A/1/PV.1", 1},
		{"A/PV.2444", "A/ES-11/PV.1", -1},
		{"A/ES-10/PV.21 (Resumption 1)", "A/ES-11/PV.1", -1},
		{"A/ES-11/PV.2", "A/ES-11/PV.10", -1},
		{"A/ES-11/PV.1", "A/ES-11/PV.1 (Resumption 1)", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := compareSymbols(tt.a, tt.b); got != tt.want {
				t.Errorf("compareSymbols = %d, want %d", got, tt.want)
			}
		})
	}
}

// FuzzImportUNSCDebates: the UNSC Debates importer never panics on a
// folder of a metadata table and a speech file of any content. A meeting
// it yields is the speech file's, dated in ISO 8601 (from the table, else
// the file name's year), with the file's speech; a meeting it refuses is a
// bad document.
func FuzzImportUNSCDebates(f *testing.F) {
	meta, err := os.ReadFile("testdata/unsc-debates/meetings_2020.csv")
	if err != nil {
		f.Fatal(err)
	}
	speech, err := os.ReadFile("testdata/unsc-debates/UNSC_2020_SPV.8698_spch002.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(meta, speech)
	f.Add([]byte("spv,resumption,year,month,day,agenda\n8698,0,2020,1,8,x\n8698,1,2020,13,40,y"), []byte("The President: I thank him."))
	f.Add([]byte("\ufeffSymbol;Date\n\"S/PV.8698\n"), []byte("\xef\xbb\xbf\x92\r\n"))
	const file = "UNSC_2020_SPV.8698_spch002.txt"
	f.Fuzz(func(t *testing.T, meta, speech []byte) {
		fsys := fstest.MapFS{"meetings.csv": {Data: meta}, file: {Data: speech}}
		n := 0
		for im, err := range ImportUNSCDebates(fsys, UNSCDebatesOptions{}) {
			n++
			if err != nil {
				if !errors.Is(err, unpv.ErrBadDocument) {
					t.Errorf("refused with %v, not a bad document", err)
				}
				continue
			}
			if im.Meeting.Symbol != "S/PV.8698" || len(im.Speeches) != 1 || im.Speeches[0].Seq != 2 {
				t.Errorf("meeting %q with %d speeches", im.Meeting.Symbol, len(im.Speeches))
			}
			if _, _, ok := unpv.DateSpan(im.Meeting.Date); !ok {
				t.Errorf("date %q", im.Meeting.Date)
			}
		}
		if n != 1 {
			t.Errorf("%d meetings yielded, want 1", n)
		}
	})
}
