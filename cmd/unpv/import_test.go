package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
)

// TestImportStatementBesideBundled is the user walkthrough that found
// `unpv import` of one's own General Debate Corpus statements deleting the
// bundled statements of their session: on a copy of the demo data
// directory, importing a folder holding only `Session 79 - 2024/
// ATL_79_2024.txt` and running took `search --body GA --from 2024 --to
// 2024` from 19 speeches to 1, and removing the import by its session's key
// left none, for good. Now the statement joins the session, a rerun does
// nothing, and removing it leaves the bundled statements as they were.
func TestImportStatementBesideBundled(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	copyTree(t, demoData(t), data, func(string) bool { return true })
	folder := t.TempDir()
	statement := filepath.Join(folder, "Session 79 - 2024", "ATL_79_2024.txt")
	os.MkdirAll(filepath.Dir(statement), 0o755)
	err := os.WriteFile(statement, []byte("Mr. President,\nAllow me to congratulate you on your election to the presidency of the seventy-ninth session.\n"+
		"Atlantis supports the cooperation between the United Nations and regional and subregional organizations, "+
		"the African Union first among them, in the maintenance of international peace and security.\nI thank you.\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	atl := "A/79/PV (general debate)#" + strconv.Itoa(corpora.DelegationSeq("ATL"))

	gd2024 := func(t *testing.T) []string {
		t.Helper()
		code, out, e := cli(t, nil, "--data", data, "search", "--body", "GA", "--from", "2024", "--to", "2024", "--format", "csv")
		if code != 0 {
			t.Fatalf("search: exit %d\n%s", code, e)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) == 0 || rows[0][0] != "id" {
			t.Fatalf("search CSV: %v\n%.500s", err, out)
		}
		var ids []string
		for _, r := range rows[1:] {
			ids = append(ids, r[0])
		}
		slices.Sort(ids)
		return ids
	}
	run := func(t *testing.T) pipeline.Summary {
		t.Helper()
		code, out, e := cli(t, nil, "--data", data, "run", "--json")
		if code != 0 {
			t.Fatalf("run: exit %d\n%s", code, e)
		}
		var sum pipeline.Summary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatalf("run --json: %v\n%s", err, out)
		}
		return sum
	}
	idle := func(t *testing.T) {
		t.Helper()
		for _, rs := range run(t).Stages {
			if rs.Processed != 0 || rs.Deleted != 0 || rs.Quarantined != 0 {
				t.Errorf("rerun with nothing new: %s processed %d, deleted %d, quarantined %d", rs.Stage, rs.Processed, rs.Deleted, rs.Quarantined)
			}
		}
	}

	bundled := gd2024(t)
	if len(bundled) < 2 || slices.Contains(bundled, atl) {
		t.Fatalf("the demo's 2024 general debate: %v", bundled)
	}
	withATL := slices.Sorted(slices.Values(append(slices.Clone(bundled), atl)))
	atlRow := []documentRow{{Document: "ungdc:A/79/PV (general debate) ATL", Origin: "import", Kind: "record", Symbol: "A/79/PV (general debate)"}}
	listed := func(t *testing.T) []documentRow {
		t.Helper()
		code, out, e := cli(t, nil, "--data", data, "import", "--list", "--json", "79", "atl")
		if code != 0 {
			t.Fatalf("import --list: exit %d\n%s", code, e)
		}
		var rows []documentRow
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("import --list --json: %v\n%s", err, out)
		}
		for i := range rows {
			if rows[i].Bytes <= 0 || rows[i].FetchedAt == "" {
				t.Errorf("listed %+v: want its size and when it was recorded", rows[i])
			}
			rows[i].Bytes, rows[i].FetchedAt = 0, ""
		}
		return rows
	}
	steps := []struct {
		name   string
		args   []string
		output string // what the command prints, when it says something
		want   []string
		listed []documentRow // what `import --list --json 79 atl` gives
	}{
		{"import", []string{"import", folder}, "", bundled, atlRow}, // not extracted until the run
		{"run", []string{"run"}, "", withATL, atlRow},
		{"remove by the session's key", []string{"import", "--remove", "ungdc:A/79/PV (general debate)"},
			"removed ungdc:A/79/PV (general debate) ATL\n", bundled, []documentRow{}},
		{"run after the removal", []string{"run"}, "", bundled, []documentRow{}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			code, out, e := cli(t, nil, append([]string{"--data", data}, s.args...)...)
			if code != 0 {
				t.Fatalf("unpv %v: exit %d\n%s%s", s.args, code, out, e)
			}
			if s.output != "" && out != s.output {
				t.Errorf("unpv %v printed %q, want %q", s.args, out, s.output)
			}
			if diff := cmp.Diff(s.want, gd2024(t)); diff != "" {
				t.Errorf("2024 general-debate speeches (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(s.listed, listed(t)); diff != "" {
				t.Errorf("import --list 79 atl (-want +got):\n%s", diff)
			}
			if s.args[0] == "run" {
				idle(t)
				if diff := cmp.Diff(s.want, gd2024(t)); diff != "" {
					t.Errorf("2024 general-debate speeches after a rerun (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestImportList: `import --list` shows the keys `import --remove` takes,
// filtered by every word given, and refuses --remove beside it.
func TestImportList(t *testing.T) {
	data := demoData(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // lines the output must hold
		not  []string // lines it must not
	}{
		{"every document", []string{"import", "--list"}, 0,
			[]string{"ungdc:A/79/PV (general debate) KAZ", "unsc-debates:S/PV.8778", " of "},
			nil},
		{"filtered, any case", []string{"import", "--list", "79", "kaz"}, 0,
			[]string{"ungdc:A/79/PV (general debate) KAZ  bundled  record", "1 of "},
			[]string{"ungdc:A/79/PV (general debate) ARM", "S/PV."}},
		{"nothing matches", []string{"import", "--list", "no such document"}, 0, []string{"0 of "}, []string{"bundled"}},
		{"with --remove", []string{"import", "--list", "--remove", "x"}, 2, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, e := cli(t, nil, append([]string{"--data", data}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("unpv %v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out, e)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("unpv %v: output lacks %q\n%.2000s", tc.args, w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("unpv %v: output holds %q\n%.2000s", tc.args, w, out)
				}
			}
		})
	}
}

// TestImportNamesSkipped: an import that skips inputs as bad says which
// and why in its summary, --json's "skipped" and the text's "skipped"
// lines, not only how many (a cron job's operator had to read the WARN
// logs to find them).
func TestImportNamesSkipped(t *testing.T) {
	dir := t.TempDir()
	for name, from := range map[string]string{
		"a/record.pdf": "../../testdata/extract/S_PV.8422_p2.pdf",
		"b/record.pdf": "../../corpora/testdata/pdf/S_PV.3756_E.pdf",
	} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	code, out, e := cli(t, nil, "--data", data, "import", "--json", dir)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d\n%s", code, exitPartial, e)
	}
	var sum struct {
		Skipped []struct{ Stage, Input, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	abs, _ := filepath.Abs(dir)
	want := "b/record.pdf is document pdf:record.pdf, as a/record.pdf is in this import, with other content"
	if len(sum.Skipped) != 1 || sum.Skipped[0].Input != abs+"/b/record.pdf" || !strings.Contains(sum.Skipped[0].Reason, want) ||
		!strings.HasPrefix(sum.Skipped[0].Stage, "import") {
		t.Errorf("skipped = %+v, want %s/b/record.pdf: %q", sum.Skipped, abs, want)
	}
	code, out, _ = cli(t, nil, "--data", data, "import", dir)
	if code != exitPartial || !strings.Contains(out, "skipped (import") || !strings.Contains(out, "/b/record.pdf: "+want) {
		t.Errorf("text summary, exit %d:\n%s", code, out)
	}
	// Status, the next morning, names them too (the run log counted them only).
	out, err := runCLI(t, "--data", data, "status", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Runs []struct {
			ID      int64
			Skipped []struct{ Stage, Input, Reason string }
		}
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(st.Runs) != 2 {
		t.Fatalf("status lists %d runs, want 2", len(st.Runs))
	}
	for _, r := range st.Runs {
		if d := cmp.Diff(sum.Skipped, r.Skipped); d != "" {
			t.Errorf("status --json: run %d skipped (-import's +status's):\n%s", r.ID, d)
		}
	}
	out, err = runCLI(t, "--data", data, "status")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "run 2 skipped 1 input as bad:\n    ("+sum.Skipped[0].Stage+") "+abs+"/b/record.pdf: "+sum.Skipped[0].Reason+"\n") {
		t.Errorf("status does not name the skipped input:\n%s", out)
	}
}
