package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/csvsafe"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/pipeline"
)

// Issue 14's smaller reproductions, run as the command is run.

func readStatus(t *testing.T, data string) pipeline.Status {
	t.Helper()
	code, out, e := cli(t, nil, "--data", data, "status", "--json")
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, e)
	}
	var st pipeline.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	return st
}

func stageStatus(st pipeline.Status, name string) pipeline.StageStatus {
	for _, s := range st.Stages {
		if s.Stage == name {
			return s
		}
	}
	return pipeline.StageStatus{}
}

// recordPDFDir returns a new folder holding one real record PDF excerpt
// (S/PV.8422, page 2) under its ODS file name.
func recordPDFDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pdf, err := os.ReadFile("../../testdata/extract/S_PV.8422_p2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestImportBadFolderEntries: one dangling .pdf link used to abort a folder
// import; now it is skipped (exit 3) and the other file is imported.
func TestImportBadFolderEntries(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := recordPDFDir(t)
	os.Symlink(filepath.Join(dir, "moved-away.pdf"), filepath.Join(dir, "S_PV.1_E.pdf"))
	data := t.TempDir()
	code, out, e := cli(t, nil, "--data", data, "import", dir)
	if code != exitPartial || !strings.Contains(e, "S_PV.1_E.pdf") {
		t.Fatalf("import with a dangling link: exit %d, want %d naming the link\n%s\n%s", code, exitPartial, out, e)
	}
	if st := readStatus(t, data); st.Documents != 1 {
		t.Errorf("%d documents imported, want 1", st.Documents)
	}
}

// TestImportFormatMismatch: `import --format ungdc` on a folder of PDFs
// imported nothing with exit 0; now it is a usage error naming the format
// the folder holds, and nothing is created.
func TestImportFormatMismatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "S_PV.8422_E.pdf"), []byte("%PDF-1.4\n%%EOF\n"), 0o644)
	data := filepath.Join(t.TempDir(), "data")
	code, _, e := cli(t, nil, "--data", data, "import", "--format", "ungdc", dir)
	if code != exitUsage || !strings.Contains(e, "--format pdf") {
		t.Errorf("import --format ungdc of PDFs: exit %d, want %d naming --format pdf\n%s", code, exitUsage, e)
	}
	if _, err := os.Stat(data); err == nil {
		t.Errorf("a refused import created %s", data)
	}
}

// TestEngineFlag: `extract --engine foo` exited 3; an unknown engine is a
// usage error on every command that takes --engine.
func TestEngineFlag(t *testing.T) {
	for _, args := range [][]string{
		{"extract", "--engine", "foo", "../../testdata/extract/S_PV.8701.mutool.txt"},
		{"extract", "--store", "--engine", "foo"},
		{"run", "--engine", "foo"},
		{"extract", "--max-file-size", "lots", "x.pdf"},
	} {
		data := filepath.Join(t.TempDir(), "data")
		code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, e)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("%v created %s", args, data)
		}
	}
}

// TestReportInputAndFlags: `report --from 2020-02-30` was accepted (exit
// 2 now), `--resamples 100000000` ran 10 minutes (exit 2 now), and one
// malformed line in `report --in` aborted the report (now skipped: the
// report is written and the command exits 3).
func TestReportInputAndFlags(t *testing.T) {
	for _, args := range [][]string{
		{"report", "--in", fixtureRows, "--from", "2020-02-30", "--out", "-", "--format", "csv"},
		{"report", "--in", fixtureRows, "--to", "2019-13", "--out", "-", "--format", "csv"},
		{"report", "--in", fixtureRows, "--resamples", "100000000", "--out", "-", "--format", "csv"},
	} {
		if _, e, code := reportCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, e)
		}
	}
	good, err := os.ReadFile(fixtureRows)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	in := filepath.Join(t.TempDir(), "rows.jsonl")
	os.WriteFile(in, []byte(lines[0]+"{\"target\": \"CSTO\", oops\n"+strings.Join(lines[1:], "")), 0o644)
	out, e, code := reportCLI(t, "report", "--in", in, "--format", "csv", "--out", "-")
	if code != exitPartial || !strings.Contains(e, "row line 2") || !strings.HasPrefix(out, "delegation,") {
		t.Errorf("one malformed line: exit %d, want %d and the report\nstderr: %s\n%.300s", code, exitPartial, e, out)
	}
	// So does one in --votes (a mutant that left the votes' bad lines
	// uncounted survived: exit 0).
	votes, err := os.ReadFile(fixtureVotes)
	if err != nil {
		t.Fatal(err)
	}
	vin := filepath.Join(t.TempDir(), "votes.jsonl")
	os.WriteFile(vin, append([]byte("{\"symbol\": oops\n"), votes...), 0o644)
	_, e, code = reportCLI(t, "report", "--in", fixtureRows, "--votes", vin, "--format", "csv", "--out", "-")
	if code != exitPartial || !strings.Contains(e, "votes.jsonl: vote line 1") || !strings.Contains(e, "1 of 63 inputs were bad") {
		t.Errorf("one malformed vote line: exit %d, want %d naming it\nstderr: %s", code, exitPartial, e)
	}
	_, _, code = reportCLI(t, "report", "--in", fixtureRows, "--format", "csv", "--out", "-", "--from", "2020-02-29")
	if code != 0 {
		t.Errorf("--from 2020-02-29 (a leap day): exit %d", code)
	}
}

// TestClassifyLongLine: a classify input line over 16 MB stopped the whole
// file with "token too long"; now that line is skipped (exit 3) and the
// lines after it are classified.
func TestClassifyLongLine(t *testing.T) {
	long := `{"sentence":"` + strings.Repeat("The CSTO met. ", (17<<20)/14) + `"}`
	in := `{"id":"a","sentence":"We commend the African Union for its mediation.","target":"AU"}` + "\n" + long + "\n" +
		`{"id":"c","sentence":"We commend the African Union for its mediation.","target":"AU"}` + "\n"
	out, errOut, code := classifyCLI(t, in, "--in", "-")
	if code != exitPartial || !strings.Contains(errOut, "line 2: longer than 16 MiB") {
		t.Errorf("exit %d, want %d with line 2 reported:\n%s", code, exitPartial, errOut)
	}
	if n := strings.Count(out, `"label"`); n != 2 || !strings.Contains(out, `"id":"c"`) {
		t.Errorf("want lines a and c classified:\n%.500s", out)
	}
}

// TestInterruptible: the classify stage and `classify --in` give up on a
// sentence the moment their context ends, and report the interruption.
func TestInterruptible(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	go cancel()
	_, err := pipeline.Interruptible(ctx, func() int { <-release; return 1 })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Interruptible after cancel: %v", err)
	}
	// A panic in fn (its own goroutine) is an error, and exit 1 from the
	// command: before, it ended the process with Go's 2, a usage error.
	_, err = pipeline.Interruptible(context.Background(), func() int { panic("classifier bug") })
	if code := exitCode(context.Background(), recovered(func() error { return err })); !errors.As(err, new(*guard.PanicError)) || code != exitFailure {
		t.Errorf("Interruptible with a panicking fn: %v, exit %d; want the panic as an error, exit 1", err, code)
	}
	c, err := loadClassifier(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err = classifyLines(ctx, c, strings.NewReader(`{"sentence":"We commend the AU."}`), &out, &errb, inJSONL, "jsonl", 1<<20)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("classify --in after an interrupt: %v (exit 0 before issue 14)", err)
	}
}

// TestSearchCSVEscaped: search --format csv escapes formula cells.
func TestSearchCSVEscaped(t *testing.T) {
	var b bytes.Buffer
	w := &csvWriter{w: csvsafe.NewWriter(&b)}
	w.begin()
	w.hit(index.Hit{ID: "S/PV.1#1", Speaker: "=cmd|'/c calc'!A1", Score: -1.5})
	w.end(1, 1, nil)
	if !strings.Contains(b.String(), `'=cmd|`) || !strings.Contains(b.String(), ",-1.5,") {
		t.Errorf("search csv:\n%s", b.String())
	}
}

// TestSearchBounded: `unpv search` refuses queries over the limits with
// exit 2 (peace~100 exited 1; the 104-wildcard query ran 10 s) and stops a
// search over its time budget with exit 1.
func TestSearchBounded(t *testing.T) {
	data := searchData(t)
	var alphabet []string
	for c := 'a'; c <= 'z'; c++ {
		alphabet = append(alphabet, "*"+string(c)+"*")
	}
	for _, q := range []string{"peace~100", `/(((a{100}){100}){100})/`, strings.Join(alphabet, " ")} {
		_, err := runCLI(t, "--data", data, "search", q)
		if code := exitCode(context.Background(), err); code != exitUsage {
			t.Errorf("search %q: exit %d (%v), want %d", q, code, err, exitUsage)
		}
	}
	_, err := runCLI(t, "--data", data, "search", "--timeout", "1ns", "--facets", "peace")
	if code := exitCode(context.Background(), err); code != exitFailure || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("search --timeout 1ns: exit %d (%v)", code, err)
	}
	// --max-wildcards 0 allows none, and searches a query without one (a
	// mutant refusing the flag's 0 survived: both were exit 2).
	for _, tt := range []struct {
		query string
		code  int
		err   string
	}{
		{"secur*", exitUsage, "prefix terms: at most 0"},
		{"security", exitOK, ""},
	} {
		_, err := runCLI(t, "--data", data, "search", "--max-wildcards", "0", tt.query)
		if code := exitCode(context.Background(), err); code != tt.code || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("--max-wildcards 0 %s: exit %d (%v), want %d %q", tt.query, code, err, tt.code, tt.err)
		}
	}
	for _, args := range [][]string{{"serve", "--max-concurrent", "0"}, {"serve", "--timeout", "0s"}, {"search", "--max-terms", "-1", "x"}} {
		if _, err := runCLI(t, append([]string{"--data", data}, args...)...); exitCode(context.Background(), err) != exitUsage {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
