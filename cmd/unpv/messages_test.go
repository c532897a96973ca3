package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// TestErrorMessages: a mistake on the command line is named for what it
// is, with the exit code the README gives, and without advice that does
// not apply.
func TestErrorMessages(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	allBad := filepath.Join(dir, "bad.jsonl")
	emptyDir := filepath.Join(dir, "folder")
	for p, text := range map[string]string{empty: "", allBad: "not json\n{\"target\":\n"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nonexistent")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
		not  string // advice that does not apply
	}{
		{"run --only names every stage", []string{"run", "--only", "bogus"}, exitUsage,
			`run --only: unknown stage "bogus" (want import, fetch, extract, classify, index, report)`, ""},
		{"run --only fetch with nothing to fetch", []string{"--data", dir, "run", "--only", "fetch"}, exitUsage,
			"run: --only fetch, but nothing is selected to fetch: give --fetch-… flags, or save a selection with 'unpv fetch --save'", ""},
		{"run --only fetch offline", []string{"--data", dir, "run", "--only", "fetch", "--offline"}, exitUsage,
			"run: --only fetch with --offline fetches nothing", ""},
		{"run --force names the stages it redoes", []string{"run", "--force", "import"}, exitUsage,
			`run --force: unknown stage "import" (want extract, classify, index, report)`, ""},
		{"import of a missing path", []string{"import", missing}, exitUsage, missing + ": no such file or folder", "--format"},
		{"serve with a negative --reindex-after", []string{"--data", dir, "serve", "--reindex-after", "-1s"}, exitUsage, "serve: --reindex-after -1s: want 0", ""},
		{"status with negative --runs", []string{"--data", dir, "status", "--runs", "-1"}, exitUsage, "status: --runs -1: want 0 or more", ""},
		{"run with negative --workers", []string{"--data", dir, "run", "--workers", "-5"}, exitUsage, "run: --workers -5: want 0 (one per CPU) or more", ""},
		{"extract --store with negative --workers", []string{"--data", dir, "extract", "--store", "--workers", "-1"}, exitUsage, "extract: --workers -1: want 0 (one per CPU) or more", ""},
		{"import of a folder of nothing", []string{"import", emptyDir}, exitUsage, "unknown import format", ""},
		{"extract of a missing file", []string{"extract", missing + ".pdf"}, exitUsage, "extract: no such file: " + missing + ".pdf", "try again"},
		{"extract of one missing file among others", []string{"extract", filepath.Join("..", "..", "testdata", "extract", "S_PV.8701.mutool.txt"), missing}, exitUsage,
			"extract: no such file: " + missing, "try again"},
		{"report of an empty file", []string{"report", "--in", empty, "--out", dir}, exitFailure,
			"empty selection: " + empty + " has no rows", "run extract and classify first"},
		{"report of a file of bad lines", []string{"report", "--in", allBad, "--out", dir}, exitFailure,
			"empty selection: " + allBad + " has no usable rows (2 bad lines skipped)", "run extract and classify first"},
		{"classify of an empty sentence", []string{"classify", "--text", ""}, exitUsage, "--text is empty", "give exactly one of"},
		// The help a flag error prints gives each flag's default, not the
		// value given before the error (it said (default "session")).
		{"help after a flag gives the default", []string{"report", "--by", "session", "--bogus"}, exitUsage,
			`meeting (default "year")`, `(default "session")`},
		{"help after a flag without a default", []string{"search", "--body", "SC", "--bogus"}, exitUsage,
			"only this body: SC or GA\n", `(default "SC")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := reportCLI(t, append([]string{"--data", filepath.Join(dir, "data")}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, errOut)
			}
			if tc.not != "" && strings.Contains(errOut, tc.not) {
				t.Errorf("stderr says %q, which does not apply:\n%s", tc.not, errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("a usage error left a data directory behind")
	}
}

// TestSummaryReportLine: a command's summary names the report only when
// its report stage wrote it in that invocation, although an earlier run
// left one in the data directory: not for `unpv index` or `unpv import`,
// nor for a run whose report was unchanged or that was interrupted first.
func TestSummaryReportLine(t *testing.T) {
	data := t.TempDir()
	report := filepath.Join(data, pipeline.ReportDir, "report.html")
	if err := os.MkdirAll(filepath.Dir(report), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, []byte("<html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := global
	defer func() { global = old }()
	global.dataDir = data
	stage := func(name string, processed, skipped int) store.RunStage {
		return store.RunStage{Stage: name, Processed: processed, Skipped: skipped, Duration: time.Millisecond}
	}
	for _, tc := range []struct {
		name   string
		stages []store.RunStage
		want   string // the text summary's report line, "" for none
	}{
		{"index alone", []store.RunStage{stage("index", 0, 1)}, ""},
		{"import", nil, ""},
		{"interrupted before the report", []store.RunStage{stage("extract", 3, 0), stage("classify", 0, 0)}, ""},
		{"report unchanged", []store.RunStage{stage("index", 0, 1), stage("report", 0, 1)}, "report: " + report + " (unchanged)"},
		{"report written", []store.RunStage{stage("index", 1, 0), stage("report", 1, 0)}, "report: " + report},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum := &pipeline.Summary{RunID: 7, Stages: tc.stages}
			var text, js bytes.Buffer
			printSummary(&text, sum, false)
			printSummary(&js, sum, true)
			var line string
			for _, l := range strings.Split(text.String(), "\n") {
				if strings.HasPrefix(l, "report: ") {
					line = l
				}
			}
			if line != tc.want {
				t.Errorf("text summary's report line %q, want %q\n%s", line, tc.want, text.String())
			}
			if got, want := strings.Contains(js.String(), `"reports"`), tc.want != ""; got != want {
				t.Errorf("JSON summary names the report: %v, want %v\n%s", got, want, js.String())
			}
			var summary struct {
				ReportsUnchanged bool `json:"reports_unchanged"`
			}
			if err := json.Unmarshal(js.Bytes(), &summary); err != nil {
				t.Fatalf("JSON summary: %v\n%s", err, js.String())
			}
			if got, want := summary.ReportsUnchanged, strings.HasSuffix(tc.want, "(unchanged)"); got != want {
				t.Errorf("JSON summary says the report is unchanged: %v, want %v\n%s", got, want, js.String())
			}
		})
	}
}

// TestFlagsAfterArguments: every command takes its flags before or after
// its arguments ("import --list 79 --json" read --json as a filter word and
// "extract FILE --format text" took --format for a file), and nothing
// after "--" is a flag.
func TestFlagsAfterArguments(t *testing.T) {
	type parsed struct {
		Args   []string
		JSON   bool
		Format string
	}
	for _, tc := range []struct {
		name string
		args []string
		want parsed
		bad  bool
	}{
		{"flags first", []string{"--json", "--format", "x", "a", "b"}, parsed{[]string{"a", "b"}, true, "x"}, false},
		{"flags after", []string{"a", "--json", "b", "--format", "x"}, parsed{[]string{"a", "b"}, true, "x"}, false},
		{"standard input", []string{"-", "--json"}, parsed{[]string{"-"}, true, ""}, false},
		{"after --", []string{"a", "--", "--json", "-b"}, parsed{[]string{"a", "--json", "-b"}, false, ""}, false},
		{"no arguments", nil, parsed{[]string{}, false, ""}, false},
		{"unknown flag after an argument", []string{"a", "--bogus"}, parsed{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFlagSet("test", "")
			fs.SetOutput(io.Discard)
			js := fs.Bool("json", false, "")
			format := fs.String("format", "", "")
			ok, err := parseFlags(fs, tc.args)
			if tc.bad {
				if ok || err == nil {
					t.Fatalf("parseFlags(%q) accepted, want a usage error", tc.args)
				}
				return
			}
			if !ok || err != nil {
				t.Fatalf("parseFlags(%q): %v", tc.args, err)
			}
			if d := cmp.Diff(tc.want, parsed{fs.Args(), *js, *format}); d != "" {
				t.Errorf("parseFlags(%q) (-want +got):\n%s", tc.args, d)
			}
		})
	}
}

// TestSubcommandAfterGlobalFlags: a command with subcommands finds them
// past global flags given first ("annotate -v stats" said 'unknown
// subcommand "-v"'; "classify -v train --out x" parsed --out as a classify
// flag).
func TestSubcommandAfterGlobalFlags(t *testing.T) {
	names := []string{"train", "vectors"}
	for _, tc := range []struct {
		args     []string
		sub      string
		restWant []string
	}{
		{[]string{"train", "--out", "x"}, "train", []string{"--out", "x"}},
		{[]string{"-v", "train", "--out", "x"}, "train", []string{"-v", "--out", "x"}},
		{[]string{"--data", "D", "vectors"}, "vectors", []string{"--data", "D"}},
		{[]string{"--data=D", "--log-format", "json", "train"}, "train", []string{"--data=D", "--log-format", "json"}},
		{[]string{"--text", "train"}, "", []string{"--text", "train"}}, // "train" is --text's value
		{[]string{"--data", "train"}, "", []string{"--data", "train"}}, // a directory named train
		{nil, "", nil},
	} {
		sub, rest := subcommand(tc.args, names...)
		if sub != tc.sub || !slices.Equal(rest, tc.restWant) {
			t.Errorf("subcommand(%q) = %q, %q; want %q, %q", tc.args, sub, rest, tc.sub, tc.restWant)
		}
	}
	data := t.TempDir()
	if code, _, e := cli(t, nil, "annotate", "-v", "--data", data, "stats"); code == exitUsage || strings.Contains(e, "unknown subcommand") {
		t.Errorf("annotate -v --data D stats: exit %d\n%s", code, e)
	}
}

// TestSummaryFailedColumn: the text summary has a failed column when the
// fetch stage ran, even with nothing failed (0 is news to whoever reads a
// nightly run's table), or when another stage failed inputs; a stage that
// fails none shows "-". A mutant that dropped the fetch stage's column at
// 0 survived.
func TestSummaryFailedColumn(t *testing.T) {
	stage := func(name string, processed, failed int) store.RunStage {
		return store.RunStage{Stage: name, Processed: processed, Failed: failed, Duration: time.Millisecond}
	}
	for _, tc := range []struct {
		name   string
		stages []store.RunStage
		want   map[string]string // stage → its failed column; nil for no column
	}{
		{"offline run", []store.RunStage{stage("extract", 2, 0), stage("classify", 2, 0)}, nil},
		{"fetch, nothing failed", []store.RunStage{stage("fetch", 1, 0), stage("extract", 1, 0)},
			map[string]string{"fetch": "0", "extract": "-"}},
		{"fetch, two failed", []store.RunStage{stage("fetch", 1, 2), stage("extract", 1, 0)},
			map[string]string{"fetch": "2", "extract": "-"}},
		{"import, one failed", []store.RunStage{stage("import", 3, 1), stage("extract", 3, 0)},
			map[string]string{"import": "1", "extract": "-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var text bytes.Buffer
			printSummary(&text, &pipeline.Summary{RunID: 7, Stages: tc.stages}, false)
			lines := strings.Split(text.String(), "\n")
			head := strings.Fields(lines[0])
			col := slices.Index(head, "failed")
			var got map[string]string
			if col >= 0 {
				got = map[string]string{}
				for _, l := range lines[1 : 1+len(tc.stages)] {
					f := strings.Fields(l)
					got[f[0]] = f[col]
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("failed column (-want +got):\n%s\n%s", diff, text.String())
			}
		})
	}
}
