package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// ranSmall imports the small corpus into a new data directory and runs the
// pipeline over it.
func ranSmall(t *testing.T) string {
	t.Helper()
	unscDir, ungdcDir := smallCorpus(t)
	data := filepath.Join(t.TempDir(), "data")
	importSmall(t, data, unscDir, ungdcDir)
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, e)
	}
	return data
}

// copyDir copies a data directory (small files only).
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "data")
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// TestReadOnlyCommandsCreateNothing: `--data typo-dir search` silently
// created an empty store; every command that only reads, or works on what
// the store holds, now fails on a data directory without a store and
// leaves nothing behind.
func TestReadOnlyCommandsCreateNothing(t *testing.T) {
	for _, args := range [][]string{
		{"search", "Union"},
		{"serve", "--addr", "127.0.0.1:0"},
		{"status"},
		{"status", "--check"},
		{"report", "--out", "-", "--format", "csv"},
		// and the commands that run one stage over the store
		{"index"},
		{"extract", "--store"},
		{"classify", "--store"},
		{"import", "--remove", "pdf:S/PV.1"},
	} {
		data := filepath.Join(t.TempDir(), "typo-dir")
		code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...)
		if code != exitFailure || !strings.Contains(e, "no store") {
			t.Errorf("%v: exit %d, want %d naming the missing store\n%s", args, code, exitFailure, e)
		}
		if _, err := os.Stat(data); err == nil {
			t.Errorf("%v created %s", args, data)
		}
	}
}

// TestStoreDamageDetected: a zero-length unpv.db became a new empty store
// (and search served the old index); garbage in the middle passed status
// and run until report failed. Now every command stops on both with exit 1
// and says so; status --check runs the full check.
func TestStoreDamageDetected(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	ref := ranSmall(t)
	t.Run("zero length", func(t *testing.T) {
		data := copyDir(t, ref)
		os.WriteFile(store.Path(data), nil, 0o644)
		for _, args := range [][]string{{"run", "--no-bundled"}, {"status"}, {"search", "Union"}, {"report", "--out", "-", "--format", "csv"}, {"import", "--remove", "x"}} {
			code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...)
			if code != exitFailure || !strings.Contains(e, "empty (0 bytes)") {
				t.Errorf("%v on a zero-length store: exit %d\n%s", args, code, e)
			}
		}
		if fi, _ := os.Stat(store.Path(data)); fi.Size() != 0 {
			t.Errorf("the empty store was overwritten (%d bytes)", fi.Size())
		}
	})
	t.Run("garbage in the middle", func(t *testing.T) {
		data := copyDir(t, ref)
		f, err := os.OpenFile(store.Path(data), os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := f.Stat()
		junk := make([]byte, 16<<10)
		for i := range junk {
			junk[i] = byte(i*31 + 7)
		}
		f.WriteAt(junk, fi.Size()/2/4096*4096)
		f.Close()
		for _, args := range [][]string{{"run", "--no-bundled"}, {"status"}, {"status", "--check"}, {"report", "--out", "-", "--format", "csv"}} {
			code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...)
			if code != exitFailure || !strings.Contains(e, "store damaged") {
				t.Errorf("%v on a damaged store: exit %d\n%s", args, code, e)
			}
		}
	})
	t.Run("status after a run", func(t *testing.T) {
		// The run checked the store and stamped what it left: status need
		// not read it all again.
		code, out, e := cli(t, nil, "--data", ref, "status")
		if code != 0 || !strings.Contains(out, "store check: not repeated") {
			t.Errorf("status: exit %d\n%s\n%s", code, out, e)
		}
	})
	t.Run("status --check on a sound store", func(t *testing.T) {
		code, out, e := cli(t, nil, "--data", ref, "status", "--check")
		if code != 0 || !strings.Contains(out, "integrity_check and foreign_key_check ok") || !strings.Contains(out, "search index: ok: 45 speeches") {
			t.Errorf("status --check: exit %d\n%s\n%s", code, out, e)
		}
	})
	// What the full check finds wrong fails it, for a cron line's
	// 'unpv status --check || mail …': it printed the loss and exited 0.
	t.Run("status --check with raw files lost", func(t *testing.T) {
		data := copyDir(t, ref)
		if err := os.RemoveAll(filepath.Join(data, "raw")); err != nil {
			t.Fatal(err)
		}
		code, out, e := cli(t, nil, "--data", data, "status", "--check")
		if code != exitFailure || !strings.Contains(out, "raw files: ") || !strings.Contains(e, "status --check: raw files: ") || !strings.Contains(e, "files missing") {
			t.Errorf("status --check: exit %d\n%s\n%s", code, out, e)
		}
		code, out, e = cli(t, nil, "--data", data, "status", "--check", "--json")
		var st struct{ Problems []string }
		if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitFailure || len(st.Problems) != 1 {
			t.Errorf("status --check --json: exit %d, problems %q (%v)\n%s", code, st.Problems, err, e)
		}
		if code, out, e := cli(t, nil, "--data", data, "status"); code != 0 {
			t.Errorf("status without --check: exit %d\n%s\n%s", code, out, e)
		}
	})
	t.Run("status --check without an index", func(t *testing.T) {
		// A missing index is a stage to run, as after an import: no damage.
		data := copyDir(t, ref)
		if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
			t.Fatal(err)
		}
		if code, out, e := cli(t, nil, "--data", data, "status", "--check"); code != 0 || !strings.Contains(out, "search index: missing") {
			t.Errorf("status --check without an index: exit %d\n%s\n%s", code, out, e)
		}
	})
	t.Run("status --check with the index damaged", func(t *testing.T) {
		data := copyDir(t, ref)
		gen, err := os.ReadFile(filepath.Join(data, "index", "current"))
		if err != nil {
			t.Fatal(err)
		}
		meta := filepath.Join(data, "index", strings.TrimSpace(string(gen)), "index_meta.json")
		if err := os.WriteFile(meta, []byte("{garbage"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, e := cli(t, nil, "--data", data, "status", "--check"); code != exitFailure || !strings.Contains(e, "status --check: search index unusable") {
			t.Errorf("status --check with a damaged index: exit %d\n%s\n%s", code, out, e)
		}
	})
}

// TestIndexFollowsStore: after `import --remove` the index and reports
// held the removed record while status showed nothing pending; an index
// built from a half-filled store stayed so. Now removal rebuilds both, a
// search rebuilds an index the store has moved past, and nothing is built
// while a run holds the lock.
func TestIndexFollowsStore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	data := ranSmall(t)
	count := func(query string) string {
		t.Helper()
		code, out, e := cli(t, nil, "--data", data, "search", query, "--format", "json", "--limit", "0")
		if code != 0 {
			t.Fatalf("search %s: exit %d %s", query, code, e)
		}
		var res struct{ Total json.Number }
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("search %s: %v\n%.300s", query, err, out)
		}
		return res.Total.String()
	}
	if n := count("symbol:\"S/PV.8714\""); n == "0" {
		t.Fatal("S/PV.8714 not indexed")
	}
	cells := func() string {
		b, _ := os.ReadFile(filepath.Join(data, pipeline.ReportDir, "quotes.csv"))
		return string(b)
	}
	if !strings.Contains(cells(), "S/PV.8714") {
		t.Fatal("S/PV.8714 not in the reports")
	}
	code, out, e := cli(t, nil, "--data", data, "import", "--remove", "unsc-debates:S/PV.8714")
	if code != 0 {
		t.Fatalf("import --remove: exit %d %s %s", code, out, e)
	}
	if n := count("symbol:\"S/PV.8714\""); n != "0" {
		t.Errorf("after --remove the index still holds %s speeches of S/PV.8714", n)
	}
	if strings.Contains(cells(), "S/PV.8714") {
		t.Errorf("after --remove the reports still quote S/PV.8714")
	}
	st := readStatus(t, data)
	for _, s := range st.Stages {
		if s.Pending != 0 {
			t.Errorf("after --remove: %s pending %d", s.Stage, s.Pending)
		}
	}

	// The store moves on without the index stage: status says the index is
	// pending; while a run holds the lock search serves the old index and
	// builds nothing; afterwards it rebuilds.
	unscDir, _ := smallCorpus(t)
	if code, _, e := cli(t, nil, "--data", data, "import", unscDir); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled", "--only", "extract,classify"); code != 0 {
		t.Fatal(e)
	}
	if s := stageStatus(readStatus(t, data), "index"); s.Pending != 1 {
		t.Errorf("index after run --only extract,classify: %+v, want pending", s)
	}
	gens := func() []string {
		g, _ := filepath.Glob(filepath.Join(data, pipeline.IndexDir, "gen-*"))
		return g
	}
	before := gens()
	lock, err := pipeline.AcquireLock(data, "test holds the lock")
	if err != nil {
		t.Fatal(err)
	}
	n := count("symbol:\"S/PV.8714\"")
	lock.Release()
	if n != "0" || strings.Join(gens(), " ") != strings.Join(before, " ") {
		t.Errorf("search while locked: %s hits, generations %v → %v; want the old index served, nothing built", n, before, gens())
	}
	if n := count("symbol:\"S/PV.8714\""); n == "0" {
		t.Errorf("search after the lock was released did not rebuild the stale index")
	}
	if s := stageStatus(readStatus(t, data), "index"); s.Pending != 0 {
		t.Errorf("index after the rebuild: %+v", s)
	}
}

// TestStatusAfterKill: a run killed with -9 stayed "running" in status;
// now a running entry without a live lock holder shows as killed, and the
// debris of killed runs (temporary report sets, raw files being stored,
// index generations being built) is removed by the next run.
func TestStatusAfterKill(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartRun(ctx, "run", 1<<22+12345); err != nil { // a PID no process has
		t.Fatal(err)
	}
	st.Close()
	if got := readStatus(t, data); len(got.Runs) != 1 || got.Runs[0].Status != store.RunKilled {
		t.Errorf("runs %+v, want the dead run shown as killed", got.Runs)
	}
	for _, d := range []string{".reports-123", pipeline.ReportDir + ".old", "raw/tmp", "index/gen-20200101T000000Z"} {
		os.MkdirAll(filepath.Join(data, d), 0o755)
	}
	os.WriteFile(filepath.Join(data, "raw", "tmp", "put-1"), []byte("half a pdf"), 0o644)
	os.WriteFile(filepath.Join(data, pipeline.IndexDir, "current"), []byte("gen-20990101T000000Z\n"), 0o644)
	os.MkdirAll(filepath.Join(data, pipeline.IndexDir, "gen-20990101T000000Z"), 0o755)
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled", "--only", "extract"); code != 0 {
		t.Fatalf("run: exit %d %s", code, e)
	}
	for _, d := range []string{".reports-123", pipeline.ReportDir + ".old", "raw/tmp", "index/gen-20200101T000000Z"} {
		if _, err := os.Stat(filepath.Join(data, d)); err == nil {
			t.Errorf("%s left behind", d)
		}
	}
	if _, err := os.Stat(filepath.Join(data, pipeline.IndexDir, "gen-20990101T000000Z")); err != nil {
		t.Errorf("the live index generation was removed")
	}
}
