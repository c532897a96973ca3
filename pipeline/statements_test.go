package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// recordsOnly is the extract stage for imported records. Record PDFs, which
// need a PDF engine and are not what these tests are about, extract to
// nothing.
func recordsOnly() Stage {
	ex := ExtractStage(extract.Options{})
	doc := ex.Document
	ex.Document = func(ctx context.Context, in Input) (Output, error) {
		if in.Source.Kind == store.KindPDF {
			return Output{Extraction: &store.Extraction{}}, nil
		}
		return doc(ctx, in)
	}
	return ex
}

// gdRun is `unpv run` over dir (the bundled corpus, then extraction):
// it fails the test on any error and returns the summary.
func gdRun(t *testing.T, dir string) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{BundledSource()},
		Stages: []Stage{recordsOnly()}, Command: "run", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

// gdImport is `unpv import FOLDER`.
func gdImport(t *testing.T, dir, folder string) {
	t.Helper()
	src, err := PathSource(folder, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{src}, Command: "import", Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatalf("import %s: %v", folder, err)
	}
}

// statementFolder writes UNGDC statement files (name → text) into a new
// folder laid out as the corpus is ("Session 79 - 2024/ATL_79_2024.txt").
func statementFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		parts := strings.Split(strings.TrimSuffix(name, ".txt"), "_") // CODE_SESSION_YEAR
		p := filepath.Join(dir, "Session "+parts[1]+" - "+parts[2], name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sessionTexts is the text of every stored statement of a general-debate
// session, by delegation code.
func sessionTexts(t *testing.T, dir string, session int) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sym := un.GeneralDebateSymbol(session)
	out := map[string]string{}
	err = st.EachSpeech(ctx, func(sp unpv.Speech) error {
		if sp.Symbol == sym {
			if _, dup := out[sp.DelegationCode]; dup {
				t.Errorf("%s: two statements by %s", sym, sp.DelegationCode)
			}
			out[sp.DelegationCode] = sp.Text
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bundledStatements reads the bundled corpus's statement files of one
// session: code → file text.
func bundledStatements(t *testing.T, session, year string) map[string]string {
	t.Helper()
	fsys, err := bundled.UNGDC()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_"+session+"_"+year+".txt") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out[strings.SplitN(path.Base(p), "_", 2)[0]] = string(b)
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("bundled statements of session %s: %d, %v", session, len(out), err)
	}
	return out
}

// importedText is a statement file's text as the importer stores it:
// trimmed, its page furniture and Markdown markup removed (un.CleanText;
// the bundled RUS_79_2024.txt has markup).
func importedText(file string) string {
	text, _ := corpora.CleanStatement(strings.TrimSpace(file))
	return text
}

// nothingToDo fails unless a run over dir changes nothing.
func nothingToDo(t *testing.T, dir string) {
	t.Helper()
	for _, rs := range gdRun(t, dir).Stages {
		if rs.Processed != 0 || rs.Quarantined != 0 || rs.Deleted != 0 {
			t.Errorf("a rerun with nothing new: %s processed %d, quarantined %d, deleted %d", rs.Stage, rs.Processed, rs.Quarantined, rs.Deleted)
		}
	}
}

// Statements the user holds, in the corpus's own words and layout: a
// delegation the bundled corpus lacks, in a session it covers (the
// walkthrough's ATL_79_2024.txt), and the same delegation in the next
// session.
const (
	atlantis79 = "Mr. President,\nAt the outset, allow me to congratulate you on your election to the presidency of the seventy-ninth session of the General Assembly.\nAtlantis welcomes the cooperation between the United Nations and regional organizations under Chapter VIII of the Charter. The African Union and the Organization for Security and Co-operation in Europe have shown what regional arrangements can do for peace and security.\nI thank you.\n"
	atlantis80 = "Mr. President,\nAtlantis joins others in congratulating you on your election to preside over the eightieth session.\nEighty years after San Francisco, we reaffirm that regional organizations such as the Association of Southeast Asian Nations are indispensable partners of the Security Council.\nI thank you.\n"
	kazakh80   = "Mr. President,\nKazakhstan, as a member of the Collective Security Treaty Organization and the Shanghai Cooperation Organization, supports their cooperation with the United Nations in countering terrorism and drug trafficking in Central Asia.\nThank you.\n"
)

// TestImportStatementsBesideBundled is the user walkthrough that found an
// imported statement of a session the bundled corpus covers deleting that
// session's bundled statements: importing ATL_79_2024.txt left 1 of the
// 19 statements of 2024, removing it left none, and later runs never
// brought them back; importing KAZ_80_2025.txt removed an earlier
// ATL_80_2025.txt. Now statements of one session from several sources sit
// side by side, the same statement imported again is stored once (the
// user's copy over the bundled one, the later import over an earlier one),
// removing an import removes only what it brought, the bundled statement it
// replaced comes back with the next run, and a rerun does nothing.
func TestImportStatementsBesideBundled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	bundled79 := bundledStatements(t, "79", "2024")
	rusEdited := bundled79["RUS"] + "\nThe Russian Federation will continue to work within the CSTO and the SCO.\n"
	codes := func(m map[string]string, extra ...string) []string {
		return slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(m)), extra...)))
	}
	remove := func(t *testing.T, keys ...string) []string {
		t.Helper()
		var removed []string
		if err := RemoveDocuments(context.Background(), dir, keys, func(d string) { removed = append(removed, d) }); err != nil {
			t.Fatalf("remove %v: %v", keys, err)
		}
		return removed
	}
	atl80 := statementFolder(t, map[string]string{"ATL_80_2025.txt": atlantis80})
	steps := []struct {
		name    string
		do      func(t *testing.T)
		want79  []string
		want80  []string
		rus     string // the text RUS's 2024 statement must hold
		atl80   string // and ATL's 2025 one, when stored
		removed []string
	}{
		{name: "bundled corpus", do: func(t *testing.T) {},
			want79: codes(bundled79), rus: bundled79["RUS"]},
		{name: "a statement of a session the bundled corpus covers", do: func(t *testing.T) {
			gdImport(t, dir, statementFolder(t, map[string]string{"ATL_79_2024.txt": atlantis79}))
		}, want79: codes(bundled79, "ATL"), rus: bundled79["RUS"]},
		{name: "removed by the session's key", do: func(t *testing.T) {
			if got, want := remove(t, "ungdc:A/79/PV (general debate)"), []string{"ungdc:A/79/PV (general debate) ATL"}; !slices.Equal(got, want) {
				t.Errorf("removed %v, want %v", got, want)
			}
		}, want79: codes(bundled79), rus: bundled79["RUS"]},
		{name: "a bundled statement imported, edited, and another session's", do: func(t *testing.T) {
			gdImport(t, dir, statementFolder(t, map[string]string{"RUS_79_2024.txt": rusEdited, "KAZ_80_2025.txt": kazakh80}))
		}, want79: codes(bundled79), want80: []string{"KAZ"}, rus: rusEdited},
		{name: "a second import into the same session", do: func(t *testing.T) {
			gdImport(t, dir, atl80)
		}, want79: codes(bundled79), want80: []string{"ATL", "KAZ"}, rus: rusEdited, atl80: atlantis80},
		{name: "the same statement imported again, changed", do: func(t *testing.T) {
			os.WriteFile(filepath.Join(atl80, "Session 80 - 2025", "ATL_80_2025.txt"), []byte(atlantis80+"Long live the Charter.\n"), 0o644)
			gdImport(t, dir, atl80)
		}, want79: codes(bundled79), want80: []string{"ATL", "KAZ"}, rus: rusEdited, atl80: atlantis80 + "Long live the Charter."},
		{name: "an import removed: the bundled corpus is imported again, the user's copy stays", do: func(t *testing.T) {
			remove(t, "ungdc:A/80/PV (general debate) ATL")
		}, want79: codes(bundled79), want80: []string{"KAZ"}, rus: rusEdited},
		{name: "the user's copy removed: the bundled one is back", do: func(t *testing.T) {
			remove(t, "ungdc:A/79/PV (general debate) RUS")
		}, want79: codes(bundled79), want80: []string{"KAZ"}, rus: bundled79["RUS"]},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			gdRun(t, dir)
			got79, got80 := sessionTexts(t, dir, 79), sessionTexts(t, dir, 80)
			if diff := cmp.Diff(s.want79, codes(got79)); diff != "" {
				t.Errorf("2024 statements (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(s.want80, codes(got80)); diff != "" && len(s.want80)+len(got80) > 0 {
				t.Errorf("2025 statements (-want +got):\n%s", diff)
			}
			if got, want := got79["RUS"], importedText(s.rus); got != want {
				t.Errorf("RUS 2024 holds %q…, want %q…", got[max(0, len(got)-80):], want[max(0, len(want)-80):])
			}
			if s.atl80 != "" && got80["ATL"] != importedText(s.atl80) {
				t.Errorf("ATL 2025 holds %q, want %q", got80["ATL"], s.atl80)
			}
			nothingToDo(t, dir)
		})
	}
}

// TestPDFBesideBundled: a record PDF the user holds under the key of a
// bundled one (pdf:S/PV.8422) is kept when the bundled corpus is imported
// again, and the bundled file comes back once the user's is removed.
func TestPDFBesideBundled(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	mine := t.TempDir()
	pdf, err := os.ReadFile("../testdata/extract/S_PV.8422_p2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(mine, "S_PV.8422_E.pdf"), pdf, 0o644)
	origin := func(t *testing.T) (string, string) {
		t.Helper()
		st, err := store.OpenExisting(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		src, err := st.Source(ctx, "pdf:S/PV.8422")
		if err != nil {
			t.Fatal(err)
		}
		return src.Origin, src.URL
	}
	imports := func(t *testing.T) {
		src, err := PathSource(mine, PathOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{src}, Logger: slog.New(slog.DiscardHandler)}); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name       string
		do         func(t *testing.T)
		wantOrigin string
	}{
		{"bundled", func(t *testing.T) {}, OriginBundled},
		{"the user's file", imports, OriginLocal},
		{"the bundled corpus imported again", func(t *testing.T) {
			// What a removed import of something else leads to.
			st, err := store.OpenExisting(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := forgetBundled(ctx, st); err != nil {
				t.Fatal(err)
			}
		}, OriginLocal},
		{"the user's file removed", func(t *testing.T) {
			if err := RemoveDocuments(ctx, dir, []string{"pdf:S/PV.8422"}, func(string) {}); err != nil {
				t.Fatal(err)
			}
		}, OriginBundled},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{BundledSource()}, Logger: slog.New(slog.DiscardHandler)}); err != nil {
				t.Fatal(err)
			}
			if got, url := origin(t); got != s.wantOrigin {
				t.Errorf("pdf:S/PV.8422 from %s (%s), want %s", got, url, s.wantOrigin)
			}
		})
	}
}

// TestOldLayoutStoreUpgrades: a store made before statements had documents
// of their own (one document per general-debate session), in the state the
// walkthrough left it (the user's ATL_79_2024.txt had replaced the bundled
// session 79), keeps working: the next run splits every session into its
// statements with their speech ids unchanged, brings back the bundled
// statements of 2024 beside the user's, and the run after does nothing.
func TestOldLayoutStoreUpgrades(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	gd, err := bundled.UNGDC()
	if err != nil {
		t.Fatal(err)
	}
	// What the previous version recorded: whole sessions, then the user's
	// one-statement session 79 under the same key.
	user := statementFolder(t, map[string]string{"ATL_79_2024.txt": atlantis79})
	old := Source{Name: "old import", Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		s, err := ImportMeetings(ctx, st, dataDir, corpora.ImportUNGDC(gd, corpora.UNGDCOptions{}), OriginBundled)
		if err != nil {
			return 0, 0, err
		}
		u, err := ImportMeetings(ctx, st, dataDir, corpora.ImportUNGDC(os.DirFS(user), corpora.UNGDCOptions{}), OriginImport)
		if err == nil {
			err = st.SetStageState(ctx, store.StageState{Document: bundledState, Stage: "import",
				InputHash: bundled.Hash() + "/" + corpora.ImporterVersion, Version: corpora.ImporterVersion, Status: store.StatusDone})
		}
		return s.Changed + u.Changed, s.Unchanged + u.Unchanged, err
	}}
	if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{old}, Stages: []Stage{recordsOnly()}, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	ids := func(t *testing.T) (map[string]string, []string) {
		t.Helper()
		st, err := store.OpenExisting(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		out := map[string]string{}
		err = st.EachSpeech(ctx, func(sp unpv.Speech) error {
			if un.IsGeneralDebate(sp.Symbol) {
				out[sp.ID] = sp.DelegationCode
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		srcs, err := st.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var sessions []string
		for _, s := range srcs {
			if un.IsGeneralDebate(strings.TrimPrefix(s.Document, "ungdc:")) {
				sessions = append(sessions, s.Document)
			}
		}
		return out, sessions
	}
	before, sessions := ids(t)
	if len(sessions) == 0 || len(sessionTexts(t, dir, 79)) != 1 {
		t.Fatalf("the old store: session documents %v, 2024 statements %v", sessions, sessionTexts(t, dir, 79))
	}

	// A command that splits the sessions but does not extract ('unpv
	// index', an import of another corpus) keeps every statement's speech,
	// under its statement, and indexes it: before, the statements were out
	// of the store, the index and search until the next run extracted them.
	if _, err := Run(ctx, Options{DataDir: dir, Stages: []Stage{IndexStage(nil)}, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	split, sessions := ids(t)
	if len(sessions) != 0 {
		t.Errorf("session documents left by the index run: %v", sessions)
	}
	if diff := cmp.Diff(before, split); diff != "" {
		t.Errorf("general-debate speeches after a run that splits without extracting (-before +after):\n%s", diff)
	}
	ix, err := index.Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	if n := ix.Meta().Speeches; n < uint64(len(before)) {
		t.Errorf("the index holds %d speeches, fewer than the %d general-debate statements", n, len(before))
	}
	ix.Close()

	gdRun(t, dir)
	after, sessions := ids(t)
	if len(sessions) != 0 {
		t.Errorf("session documents left: %v", sessions)
	}
	bundled79 := bundledStatements(t, "79", "2024")
	for id, code := range before {
		if after[id] != code {
			t.Errorf("speech %s (%s) is %q after the upgrade", id, code, after[id])
		}
	}
	got := slices.Sorted(maps.Keys(sessionTexts(t, dir, 79)))
	want := slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(bundled79)), "ATL")))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2024 statements after the upgrade (-want +got):\n%s", diff)
	}
	st, err := store.OpenExisting(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.Source(ctx, "ungdc:A/79/PV (general debate) ATL")
	st.Close()
	if err != nil || src.Origin != OriginImport {
		t.Errorf("the user's statement: origin %q, %v; want %q", src.Origin, err, OriginImport)
	}
	nothingToDo(t, dir)
	// Removing the user's statement by the key the old store knew removes
	// only it.
	if err := RemoveDocuments(ctx, dir, []string{"ungdc:A/79/PV (general debate)"}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	if err := RemoveDocuments(ctx, dir, []string{"ungdc:A/79/PV (general debate)"}, func(string) {}); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
	gdRun(t, dir)
	if diff := cmp.Diff(slices.Sorted(maps.Keys(bundled79)), slices.Sorted(maps.Keys(sessionTexts(t, dir, 79)))); diff != "" {
		t.Errorf("2024 statements after the removal (-want +got):\n%s", diff)
	}
}

// TestImportTwoStatementsOneFile: a statement file holding two statements
// (corpora's testdata/ungdc-repeated: Iraq 1958, Jawad's then Jomard's) is
// stored as one document with two speeches, each with its own id and
// speaker; importing it again does nothing, and removing the document
// removes both.
func TestImportTwoStatementsOneFile(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(t.TempDir(), "Session 13 - 1958")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, to := range map[string]string{"IRQ_13_1958.txt": folder, "Speakers_by_session.csv": filepath.Dir(folder)} {
		b, err := os.ReadFile(filepath.Join("../corpora/testdata/ungdc-repeated", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gdImport(t, dir, filepath.Dir(folder))
	gdRun(t, dir)
	speeches := func() map[string]string {
		st, err := store.OpenExisting(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		out := map[string]string{}
		err = st.EachSpeech(context.Background(), func(sp unpv.Speech) error {
			if sp.Symbol == "A/13/PV (general debate)" {
				out[sp.ID] = sp.Speaker
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := map[string]string{
		"A/13/PV (general debate)#6569":    "Mr. Jawad (Iraq)",
		"A/13/PV (general debate)#1006569": "Mr. Jomard (Iraq)",
	}
	if diff := cmp.Diff(want, speeches()); diff != "" {
		t.Errorf("speeches (-want +got):\n%s", diff)
	}
	gdImport(t, dir, filepath.Dir(folder))
	nothingToDo(t, dir)
	if err := RemoveDocuments(context.Background(), dir, []string{"ungdc:A/13/PV (general debate) IRQ"}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	gdRun(t, dir)
	if got := speeches(); len(got) != 0 {
		t.Errorf("after removing the document: %v", got)
	}
}

// TestExtractPlacesStoredStatements: a store that imported general-debate
// statements before un/seats.tsv holds the USSR's under RUS, printed with
// the speakers table's country ("Russian Federation" in 1983, a slip of
// the table). Extracting the stored record again (un.DelegationTableVersion
// covers seats.tsv, so every run after the upgrade does) files it under
// SUN with the Soviet Union's name, without importing the folder again; a
// statement of the Russian Federation stays RUS. Rows of ungdc-full's
// speakers table.
func TestExtractPlacesStoredStatements(t *testing.T) {
	stored := func(session int, year, who, printed, text string) Input {
		sym := un.GeneralDebateSymbol(session)
		sp := unpv.Speech{ID: unpv.SpeechID(sym, corpora.DelegationSeq("RUS")), Symbol: sym, Body: unpv.GeneralAssembly,
			Meeting: sym, Date: year, Seq: corpora.DelegationSeq("RUS"), DelegationCode: "RUS", Role: unpv.RoleMember,
			Delegation: printed, SpeakerName: who, Speaker: who + " (" + printed + ")", Text: text}
		b, err := json.Marshal(store.ImportedRecord{Meeting: unpv.Meeting{Symbol: sym, Body: unpv.GeneralAssembly, Meeting: sym,
			Session: session, Date: year}, Speeches: []unpv.Speech{sp}})
		if err != nil {
			t.Fatal(err)
		}
		return Input{Source: store.Source{Document: corpora.FormatUNGDC + ":" + sym + " RUS", Kind: store.KindRecord, Symbol: sym, Content: b}}
	}
	tests := []struct {
		in                      Input
		code, delegation, label string
	}{
		{stored(38, "1983", "TROYANOVSKY", "Russian Federation", "First of all, allow me to congratulate you, Sir."),
			"SUN", "Union of Soviet Socialist Republics", "TROYANOVSKY (Union of Soviet Socialist Republics)"},
		{stored(40, "1985", "Mr. Shevardnadze", "Union of Soviet Socialist Republics", "Sir, permit me first of all to congratulate you."),
			"SUN", "Union of Soviet Socialist Republics", "Mr. Shevardnadze (Union of Soviet Socialist Republics)"},
		{stored(47, "1992", "Mr. KOZYREV", "Russian Federation", "First, I wish to congratulate you, Mr. President."),
			"RUS", "Russian Federation", "Mr. KOZYREV (Russian Federation)"},
	}
	for _, tt := range tests {
		t.Run(tt.in.Source.Document, func(t *testing.T) {
			ex, err := extractSource(context.Background(), tt.in, extract.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sp := ex.Speeches[0]
			if sp.DelegationCode != tt.code || sp.Delegation != tt.delegation || sp.Speaker != tt.label {
				t.Errorf("code %s, delegation %q, speaker %q; want %s, %q, %q", sp.DelegationCode, sp.Delegation, sp.Speaker, tt.code, tt.delegation, tt.label)
			}
		})
	}
}
