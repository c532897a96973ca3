package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/corpora/bundled"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// TestMain lets the crash, lock and exit-code tests run this test binary as
// the unpv command in a subprocess (UNPV_TEST_AS_CLI=1), so they exercise
// main's exit codes and can SIGKILL a real process without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("UNPV_TEST_AS_CLI") == "1" {
		main()
		return
	}
	code := m.Run()
	removeDemo()
	os.Exit(code)
}

// cli runs unpv in a subprocess and returns its exit code and output.
func cli(t *testing.T, env []string, args ...string) (code int, out, errOut string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "UNPV_TEST_AS_CLI=1"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode() // -1 when killed by a signal
	default:
		t.Fatalf("unpv %v: %v", args, err)
	}
	return code, o.String(), e.String()
}

// smallCorpus writes real records from the bundled corpus into dir: two
// 2020 Security Council meetings on regional organisations (S/PV.8711
// ASEAN, S/PV.8714 OSCE) with their metadata rows, and four statements of
// the 2023 general debate.
func smallCorpus(t *testing.T) (unscDir, ungdcDir string) {
	t.Helper()
	root := t.TempDir()
	unscDir, ungdcDir = filepath.Join(root, "unsc"), filepath.Join(root, "ungdc")
	copyFiltered(t, bundled.UNSCSpeeches, unscDir, func(p string) bool {
		return p == "meetings_2020.csv" || strings.Contains(p, "SPV.8711_") || strings.Contains(p, "SPV.8714_")
	})
	copyFiltered(t, bundled.UNGDC, ungdcDir, func(p string) bool {
		for _, c := range []string{"RUS_78", "UKR_78", "ARM_78", "KAZ_78"} {
			if strings.HasPrefix(path.Base(p), c) {
				return true
			}
		}
		return false
	})
	return unscDir, ungdcDir
}

func copyFiltered(t *testing.T, open func() (fs.FS, error), dst string, keep func(string) bool) {
	t.Helper()
	fsys, err := open()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(p) {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(out), 0o755)
		n++
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil || n == 0 {
		t.Fatalf("copy bundled files: %d files, %v", n, err)
	}
}

// importSmall imports the small corpus into data and returns the run args.
func importSmall(t *testing.T, data, unscDir, ungdcDir string) {
	t.Helper()
	for _, dir := range []string{unscDir, ungdcDir} {
		if code, _, e := cli(t, nil, "--data", data, "import", dir); code != 0 {
			t.Fatalf("import %s: exit %d\n%s", dir, code, e)
		}
	}
}

// snapshot is everything a run leaves that must not depend on crashes: the
// canonical store dump, the indexed speeches with their targets and
// stances, and the report files.
func snapshot(t *testing.T, data string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := st.Dump(ctx, &b); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ix, err := index.Open(filepath.Join(data, pipeline.IndexDir))
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	var hits []string
	_, err = ix.Each(ctx, index.Query{Sort: "date"}, func(h index.Hit) error {
		hits = append(hits, fmt.Sprintf("%s %s %v %v", h.ID, h.Delegation, h.Targets, h.Stances))
		return nil
	})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(hits)
	fmt.Fprintf(&b, "index: %d speeches\n%s\n", len(hits), strings.Join(hits, "\n"))
	// No debris of killed runs: one index generation, no temporary report sets.
	gens, _ := filepath.Glob(filepath.Join(data, pipeline.IndexDir, "gen-*"))
	tmps, _ := filepath.Glob(filepath.Join(data, ".reports-*"))
	olds, _ := filepath.Glob(filepath.Join(data, pipeline.ReportDir+".old"))
	fmt.Fprintf(&b, "index generations: %d, temporary report dirs: %d %d\n", len(gens), len(tmps), len(olds))
	ents, _ := os.ReadDir(filepath.Join(data, pipeline.ReportDir))
	for _, e := range ents {
		fmt.Fprintf(&b, "report file %s\n", e.Name())
	}
	if c, _ := filepath.Glob(filepath.Join(data, pipeline.ReportDir, "cells.csv")); len(c) == 1 {
		cells, _ := os.ReadFile(c[0])
		fmt.Fprintf(&b, "cells.csv:\n%s", cells)
	}
	return b.String()
}

// TestKillRecovery kills `unpv run` with SIGKILL at exact points (after the
// first import, extract and classify commits, after the index build, in the
// middle of the report swap) and at random moments, reruns it, and checks
// that the store, index and reports equal those of an uninterrupted run.
func TestKillRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline several times")
	}
	unscDir, ungdcDir := smallCorpus(t)
	ref := filepath.Join(t.TempDir(), "ref")
	importSmall(t, ref, unscDir, ungdcDir)
	t0 := time.Now()
	if code, _, e := cli(t, nil, "--data", ref, "run", "--no-bundled"); code != 0 {
		t.Fatalf("reference run: exit %d\n%s", code, e)
	}
	full := time.Since(t0)
	want := snapshot(t, ref)
	if !strings.Contains(want, `"table":"stances"`) || !strings.Contains(want, "index: 4") {
		t.Fatalf("reference run produced no stances or index:\n%.2000s", want)
	}

	crash := func(t *testing.T, data string, env []string, delay time.Duration) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "--data", data, "run", "--no-bundled")
		cmd.Env = append(append(os.Environ(), "UNPV_TEST_AS_CLI=1"), env...)
		var e bytes.Buffer
		cmd.Stderr = &e
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if delay > 0 {
			time.Sleep(delay)
			cmd.Process.Signal(syscall.SIGKILL)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if delay == 0 && (!errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL) {
			t.Fatalf("run with %v was not killed: %v\n%s", env, err, e.String())
		}
	}
	points := []string{"import:1", "extract:1", "classify:2", "index:done", "report:swap"}
	for _, p := range points {
		t.Run(p, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			importSmall(t, data, unscDir, ungdcDir)
			if p == "import:1" {
				// Kill a second import midway, then finish it.
				cmd := exec.Command(os.Args[0], "--data", data, "import", unscDir)
				cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1", "UNPV_TEST_KILL_AT=import:1")
				cmd.Run()
				importSmall(t, data, unscDir, ungdcDir)
			} else {
				crash(t, data, []string{"UNPV_TEST_KILL_AT=" + p}, 0)
				// The dead run is not shown as running (issue 14).
				if st := readStatus(t, data); len(st.Runs) == 0 || st.Runs[0].Status != store.RunKilled || st.RunningBy != "" {
					t.Errorf("status after kill -9 at %s: running by %q, runs %+v", p, st.RunningBy, st.Runs[:min(1, len(st.Runs))])
				}
			}
			if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
				t.Fatalf("run after kill at %s: exit %d\n%s", p, code, e)
			}
			if diff := cmp.Diff(want, snapshot(t, data)); diff != "" {
				t.Errorf("after kill at %s (-uninterrupted +recovered):\n%s", p, diff)
			}
		})
	}
	for _, frac := range []float64{0.3, 0.75} {
		d := time.Duration(float64(full) * frac)
		t.Run(fmt.Sprintf("after %s", d.Round(time.Millisecond)), func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			importSmall(t, data, unscDir, ungdcDir)
			crash(t, data, nil, d)
			recoverRun(t, data, want)
		})
	}
}

// TestKillIndexUpdate kills `unpv run` with SIGKILL while it updates the
// search index in place of rebuilding it (issue 12): a meeting and two
// general-debate statements are added and another statement's document
// changes, so the update deletes that document's speech (batch 1), indexes
// the new ones (batch 2), merges and swaps (index:done). After each kill, and after kills at moments of the
// run, the next run leaves what a clean run over the same input leaves, and
// a further run changes nothing.
func TestKillIndexUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline several times")
	}
	unscDir, ungdcDir := smallCorpus(t)
	// The first state: one meeting and two of the four statements, the
	// Russian one cut to its first half.
	part := t.TempDir()
	partUNSC, partUNGDC := filepath.Join(part, "unsc"), filepath.Join(part, "ungdc")
	copyTree(t, unscDir, partUNSC, func(p string) bool { return !strings.Contains(p, "SPV.8714_") })
	copyTree(t, ungdcDir, partUNGDC, func(p string) bool {
		return strings.HasPrefix(filepath.Base(p), "RUS_") || strings.HasPrefix(filepath.Base(p), "UKR_")
	})
	rus, _ := filepath.Glob(filepath.Join(partUNGDC, "*", "RUS_78_2023.txt"))
	if len(rus) != 1 {
		t.Fatalf("RUS_78_2023.txt in the first state: %v", rus)
	}
	b, err := os.ReadFile(rus[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rus[0], b[:bytes.LastIndex(b[:len(b)/2], []byte(". "))+1], 0o644); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(t.TempDir(), "ref")
	importSmall(t, ref, unscDir, ungdcDir)
	if code, _, e := cli(t, nil, "--data", ref, "run", "--no-bundled"); code != 0 {
		t.Fatalf("reference run: exit %d\n%s", code, e)
	}
	want := snapshot(t, ref)

	// prepare leaves a data directory indexed in the first state, with the
	// full input imported: the next run updates the index.
	prepare := func(t *testing.T) string {
		t.Helper()
		data := filepath.Join(t.TempDir(), "data")
		importSmall(t, data, partUNSC, partUNGDC)
		if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
			t.Fatalf("first run: exit %d\n%s", code, e)
		}
		importSmall(t, data, unscDir, ungdcDir)
		return data
	}
	// Time an uninterrupted update run, for the kills at moments of it.
	data := prepare(t)
	t0 := time.Now()
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("update run: exit %d\n%s", code, e)
	}
	update := time.Since(t0)
	if diff := cmp.Diff(want, snapshot(t, data)); diff != "" {
		t.Fatalf("uninterrupted update differs from a clean run (-clean +updated):\n%s", diff)
	}
	if m, _, err := index.Recorded(filepath.Join(data, pipeline.IndexDir)); err != nil || m.Mode != "update" {
		t.Fatalf("the second run did not update the index: %+v %v", m, err)
	}

	for _, p := range []string{"index:batch:1", "index:batch:2", "index:done"} {
		t.Run(p, func(t *testing.T) {
			data := prepare(t)
			cmd := exec.Command(os.Args[0], "--data", data, "run", "--no-bundled")
			cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1", "UNPV_TEST_KILL_AT="+p)
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("run was not killed at %s: %v", p, err)
			}
			recoverRun(t, data, want)
		})
	}
	for _, frac := range []float64{0.5, 0.8, 0.95} {
		d := time.Duration(float64(update) * frac)
		t.Run(fmt.Sprintf("after %s", d.Round(time.Millisecond)), func(t *testing.T) {
			data := prepare(t)
			cmd := exec.Command(os.Args[0], "--data", data, "run", "--no-bundled")
			cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(d)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			recoverRun(t, data, want)
		})
	}
}

// recoverRun runs unpv after a kill and checks that it leaves what an
// uninterrupted run left (want, a snapshot) and that a further run then
// has nothing to do.
func recoverRun(t *testing.T, data, want string) {
	t.Helper()
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("run after kill: exit %d\n%s", code, e)
	}
	if diff := cmp.Diff(want, snapshot(t, data)); diff != "" {
		t.Errorf("after kill (-uninterrupted +recovered):\n%s", diff)
	}
	code, out, _ := cli(t, nil, "--data", data, "run", "--no-bundled", "--json")
	var sum struct {
		Stages []struct {
			Stage     string `json:"stage"`
			Processed int    `json:"processed"`
		} `json:"stages"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &sum) != nil {
		t.Fatalf("third run: exit %d %s", code, out)
	}
	for _, s := range sum.Stages {
		if s.Processed != 0 {
			t.Errorf("third run redid %d documents in %s", s.Processed, s.Stage)
		}
	}
}

// copyTree copies the files of src for which keep is true into dst.
func copyTree(t *testing.T, src, dst string, keep func(string) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(p) {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		os.MkdirAll(filepath.Dir(out), 0o755)
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLockedExitCode holds the data-directory lock in this process and
// checks that a `unpv run` subprocess exits 4 naming this PID.
func TestLockedExitCode(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	l, err := pipeline.AcquireLock(data, "test holder")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled")
	if code != exitLocked || !strings.Contains(e, fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(e, "locked") {
		t.Errorf("locked run: exit %d, stderr %q; want exit %d naming pid %d", code, e, exitLocked, os.Getpid())
	}
	// status still works during a run and shows the holder.
	code, out, e := cli(t, nil, "--data", data, "status", "--json")
	if code != 0 {
		t.Fatalf("status while locked: exit %d %s", code, e)
	}
	if !strings.Contains(out, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("status does not name the running holder:\n%s", out)
	}
}

// TestQuarantineExitCodeAndStatus imports real records and a file that is
// not a PDF (an HTML page saved under a record's name): the run goes on,
// exits 3, and status --json lists the bad file with its reason.
func TestQuarantineExitCodeAndStatus(t *testing.T) {
	unscDir, _ := smallCorpus(t)
	pdfDir := t.TempDir()
	html := "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>\n"
	if err := os.WriteFile(filepath.Join(pdfDir, "S_PV.9999_E.pdf"), []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for _, dir := range []string{unscDir, pdfDir} {
		if code, _, e := cli(t, nil, "--data", data, "import", dir); code != 0 {
			t.Fatalf("import %s: exit %d %s", dir, code, e)
		}
	}
	code, out, e := cli(t, nil, "--data", data, "run", "--no-bundled")
	if code != exitPartial {
		t.Fatalf("run with a bad document: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitPartial, out, e)
	}
	if !strings.Contains(out, "pdf:S/PV.9999") {
		t.Errorf("run summary does not name the quarantined document:\n%s", out)
	}
	code, out, e = cli(t, nil, "--data", data, "status", "--json")
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, e)
	}
	var st pipeline.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	if len(st.Quarantined) != 1 || st.Quarantined[0].Document != "pdf:S/PV.9999" || st.Quarantined[0].Stage != "extract" ||
		!strings.Contains(st.Quarantined[0].Reason, "S_PV.9999_E.pdf") {
		t.Errorf("quarantined: %+v", st.Quarantined)
	}
	if st.Documents != 3 || st.Tables["speeches"] == 0 || st.Tables["stances"] == 0 {
		t.Errorf("documents %d, tables %v", st.Documents, st.Tables)
	}
	stage := map[string]pipeline.StageStatus{}
	for _, s := range st.Stages {
		stage[s.Stage] = s
	}
	if stage["extract"].Done != 2 || stage["extract"].Quarantined != 1 || stage["classify"].Done != 2 || stage["index"].Done != 1 {
		t.Errorf("stage counts: %+v", st.Stages)
	}
	if len(st.Runs) < 3 || st.Runs[0].Status != store.RunPartial || st.Runs[0].FinishedAt == "" || len(st.Runs[0].Stages) == 0 {
		t.Errorf("runs: %+v", st.Runs)
	}
	// Text status names the document and reason too.
	_, text, _ := cli(t, nil, "--data", data, "status")
	if !strings.Contains(text, "pdf:S/PV.9999") || !strings.Contains(text, "last runs") {
		t.Errorf("status text:\n%s", text)
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{"run", "extra"}, {"run", "--force", "nonsense"}, {"status", "x"}, {"import"},
		{"fetch"}, {"fetch", "--years", "20x4"}, {"fetch", "--symbols", "S/2020/1311"}, {"fetch", "--body", "ECOSOC", "--years", "2020"},
		{"fetch", "--symbols", "A/ES-11/PV.5..3"}, {"run", "--fetch-symbols", "A/ES-11/PV.1..A/ES-11/PV.5"},
		// Read as their first symbol alone, exit 0, before 2026-12-08.
		{"fetch", "--plan", "--symbols", "S/PV.8699 S/PV.8700"}, {"fetch", "--plan", "--symbols", "S/PV.8699;A/76/PV.102"},
		{"fetch", "--plan", "--symbols", "S/PV.8711,A/ES-11/PV.1-3"},
		{"run", "--fetch-years", "1900"}, {"run", "--offline", "--fetch-symbols", "S/PV.7796"}, {"run", "--only", "extract,parse"},
		{"run", "--data", ""}, {"status", "--data="}, {"import", "--remove", "x", "--data", ""}} {
		err := run(context.Background(), append([]string{"--data", t.TempDir()}, args...))
		if code := exitCode(context.Background(), err); code != exitUsage {
			t.Errorf("%v: exit %d (%v), want %d", args, code, err, exitUsage)
		}
	}
	stderr = io.Discard
	defer func() { stderr = os.Stderr }()
}

// TestBundledRun is the README's main command on a fresh data directory:
// `unpv run` with no arguments builds the store from the bundled corpus and
// writes a stance report; a second run changes nothing.
func TestBundledRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline over the bundled corpus")
	}
	if _, err1 := exec.LookPath("mutool"); err1 != nil {
		if _, err2 := exec.LookPath("pdftotext"); err2 != nil {
			t.Skip("no PDF engine (mutool or pdftotext) installed")
		}
	}
	data := filepath.Join(t.TempDir(), "data")
	code, out, e := cli(t, nil, "--data", data, "run")
	if code != 0 {
		t.Fatalf("unpv run: exit %d\n%s\n%s", code, out, e)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := st.Counts(ctx)
	// 83 Security Council records + 11 general-debate sessions + 3 PDFs
	// (97 documents and meetings when this was written).
	if c["sources"] < 97 || c["meetings"] < 97 || c["speeches"] < 1900 || c["stances"] < 500 || c["quarantine"] != 0 {
		t.Errorf("bundled store counts: %v", c)
	}
	votes, _ := st.Votes(ctx)
	found := false
	for _, v := range votes {
		if v.Symbol == "S/PV.8422" && v.TotalInFavour == 13 && v.TotalAbstaining == 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("S/PV.8422's 13-0-2 vote missing: %+v", votes)
	}
	targets := map[string]int{}
	st.EachStance(ctx, func(r store.StanceRow) error { targets[r.Target]++; return nil })
	for _, org := range []string{"CSTO", "CIS", "SCO", "EU", "AU", "OSCE", "ASEAN"} {
		if targets[org] == 0 {
			t.Errorf("no stance toward %s in the bundled corpus (%v)", org, targets)
		}
	}
	var first strings.Builder
	st.Dump(ctx, &first)
	st.Close()
	if fi, err := os.Stat(filepath.Join(data, pipeline.ReportDir, "report.html")); err != nil || fi.Size() < 10000 {
		t.Errorf("report.html: %v", err)
	}

	code, out, e = cli(t, nil, "--data", data, "run", "--json")
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, e)
	}
	var sum pipeline.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Stages {
		if s.Processed != 0 {
			t.Errorf("second run redid %d in %s", s.Processed, s.Stage)
		}
	}
	st, _ = store.Open(ctx, data)
	defer st.Close()
	var second strings.Builder
	st.Dump(ctx, &second)
	if first.String() != second.String() {
		t.Errorf("second run changed the store")
	}
}

// TestStageAloneCommands runs `extract --store` and `classify --store`
// (the entry points the extract and classify commands hand --store to) on
// an imported corpus, and `index --rebuild`.
func TestStageAloneCommands(t *testing.T) {
	unscDir, _ := smallCorpus(t)
	data := t.TempDir()
	var out bytes.Buffer
	stdout, stderr = &out, io.Discard
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	ctx := context.Background()
	if err := run(ctx, []string{"--data", data, "import", unscDir}); err != nil {
		t.Fatal(err)
	}
	global.dataDir = data
	for _, step := range []struct {
		name string
		fn   func(context.Context, []string) error
		args []string
		want map[string]int // stage → processed
	}{
		{"extract", runExtractStore, []string{"--store"}, map[string]int{"extract": 2}},
		{"extract again", runExtractStore, []string{"--store"}, map[string]int{"extract": 0}},
		{"unpv extract --store --force", runExtract, []string{"--store", "--force"}, map[string]int{"extract": 2}},
		{"classify", runClassifyStore, []string{"--store"}, map[string]int{"classify": 2}},
		{"classify forced", runClassifyStore, []string{"--store", "--force"}, map[string]int{"classify": 2}},
		{"index", runIndex, nil, map[string]int{"index": 1}},
		{"index unchanged", runIndex, nil, map[string]int{"index": 0}},
		{"index rebuild", runIndex, []string{"--rebuild"}, map[string]int{"index": 1}},
		{"run --only", runRun, []string{"--only", "classify,report", "--force", "classify"}, map[string]int{"classify": 2, "report": 1}},
	} {
		out.Reset()
		if err := step.fn(ctx, append(step.args, "--json")); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		var sum pipeline.Summary
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatalf("%s: %v\n%s", step.name, err, out.String())
		}
		got := map[string]int{}
		for _, s := range sum.Stages {
			got[s.Stage] = s.Processed
		}
		if diff := cmp.Diff(step.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", step.name, diff)
		}
	}
	st, _ := store.Open(ctx, data)
	defer st.Close()
	if c, _ := st.Counts(ctx); c["speeches"] != 41 || c["stances"] == 0 {
		t.Errorf("after the stages alone: %v", c)
	}
	// import --remove drops a document and everything derived from it.
	if err := runImport(ctx, []string{"--remove", "unsc-debates:S/PV.8714"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Counts(ctx); c["speeches"] != 18 || c["sources"] != 1 {
		t.Errorf("after --remove: %v", c)
	}
	if err := runImport(ctx, []string{"--remove", "no-such-document"}); !errors.Is(err, unpv.ErrNotFound) || exitCode(ctx, err) != exitUsage {
		t.Errorf("removing an unknown document: %v (exit %d)", err, exitCode(ctx, err))
	}
	// A list with an unknown key removes nothing, not the keys before it.
	srcs, err := st.Sources(ctx)
	if err != nil || len(srcs) != 1 {
		t.Fatalf("sources %v, %v", srcs, err)
	}
	if err := runImport(ctx, []string{"--remove", srcs[0].Document + ",no-such-document"}); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("removing a known and an unknown document: %v", err)
	}
	if c, _ := st.Counts(ctx); c["speeches"] != 18 || c["sources"] != 1 {
		t.Errorf("a list with an unknown key removed something: %v", c)
	}
}

// TestFetchPlanOffline plans a fetch of named symbols, which needs no
// listing and so no network, and saves it for later runs.
// TestFetchPlanSymbolForms: every form --symbols is documented to take
// (docs/pipeline.md) plans its one record offline, and a value with more
// around a symbol is a usage error naming it (read as its first symbol,
// exit 0, before 2026-12-08).
func TestFetchPlanSymbolForms(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct{ in, want string }{
		{"S/PV.8699", "S/PV.8699"},
		{"S/PV.8699 (Resumption 1)", "S/PV.8699 (Resumption 1)"},
		{"A_ES-10_PV.21_E.pdf", "A/ES-10/PV.21"},
		{"A_ES-11_PV.1-EN.pdf", "A/ES-11/PV.1"},
		{"UNSC_2020_SPV.8699Resumption1", "S/PV.8699 (Resumption 1)"},
		{"A /ES-11/PV. 1", "A/ES-11/PV.1"},
		{"https://undocs.org/en/S/PV.8699(Resumption1)", "S/PV.8699 (Resumption 1)"},
		{"S/PV.8699x", ""},
		{"A/ES-11/PV.1 and 2", ""},
		{"see S/PV.8699", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			code, out, e := cli(t, nil, "--data", data, "fetch", "--plan", "--json", "--symbols", tc.in)
			if tc.want == "" {
				if code != exitUsage || !strings.Contains(e, strconv.Quote(tc.in)) {
					t.Errorf("exit %d, want %d with a message naming %q\n%s%s", code, exitUsage, tc.in, out, e)
				}
				return
			}
			var plan []corpora.PlannedMeeting
			if code != 0 || json.Unmarshal([]byte(out), &plan) != nil || len(plan) != 1 || plan[0].Symbol != tc.want {
				t.Errorf("exit %d, plan %+v, want %s alone\n%s%s", code, plan, tc.want, out, e)
			}
		})
	}
}

func TestFetchPlanOffline(t *testing.T) {
	data := t.TempDir()
	code, out, e := cli(t, nil, "--data", data, "fetch", "--plan", "--json", "--symbols", "S_PV.8699_Resumption1_E.pdf,A/73/PV.101")
	if code != 0 {
		t.Fatalf("fetch --plan: exit %d %s", code, e)
	}
	var plan []corpora.PlannedMeeting
	if err := json.Unmarshal([]byte(out), &plan); err != nil || len(plan) != 2 {
		t.Fatalf("plan: %v %s", err, out)
	}
	got := []string{plan[0].Symbol, plan[1].Symbol}
	sort.Strings(got)
	if diff := cmp.Diff([]string{"A/73/PV.101", "S/PV.8699 (Resumption 1)"}, got); diff != "" {
		t.Errorf("planned symbols (-want +got):\n%s", diff)
	}
	cfg := pipeline.FetchConfig{Selection: corpora.Selection{Symbols: []string{"S/PV.7796"}}}
	if err := pipeline.SaveFetchConfig(data, cfg); err != nil {
		t.Fatal(err)
	}
	// A bare `fetch --plan` uses the saved selection.
	code, out, _ = cli(t, nil, "--data", data, "fetch", "--plan")
	if code != 0 || !strings.Contains(out, "S/PV.7796") {
		t.Errorf("saved selection: exit %d\n%s", code, out)
	}
	// A range of an emergency special session's meetings, which no
	// meeting list plans, is its records, saved one by one.
	code, out, e = cli(t, nil, "--data", data, "fetch", "--plan", "--save", "--json", "--symbols", "A/ES-11/PV.1..3,S/PV.8711")
	saved, ok, err := pipeline.LoadFetchConfig(data)
	wantRange := []string{"A/ES-11/PV.1", "A/ES-11/PV.2", "A/ES-11/PV.3", "S/PV.8711"}
	if code != 0 || err != nil || !ok || !slices.Equal(saved.Selection.Symbols, wantRange) || json.Unmarshal([]byte(out), &plan) != nil || len(plan) != 4 {
		t.Errorf("fetch --plan --save of a range: exit %d, saved %+v (%v, %v)\n%s%s", code, saved.Selection, ok, err, out, e)
	}
	// --plan --save lists the selection and saves it (it saved nothing).
	code, out, e = cli(t, nil, "--data", data, "fetch", "--plan", "--save", "--symbols", "S/PV.8711")
	saved, ok, err = pipeline.LoadFetchConfig(data)
	if code != 0 || !strings.Contains(out, "S/PV.8711") || err != nil || !ok || !slices.Equal(saved.Selection.Symbols, []string{"S/PV.8711"}) {
		t.Errorf("fetch --plan --save: exit %d, saved %+v (%v, %v)\n%s%s", code, saved.Selection, ok, err, out, e)
	}
}
