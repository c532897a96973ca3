package main

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/pipeline"
)

// TestJSONLines runs commands as a monitoring script or the cron line of
// docs/pipeline.md does (--json, --log-format json, stdout and stderr
// appended to one log): stdout holds one JSON document on one line (the
// summary was indented over 49 lines), and every line of stderr is a JSON
// record, the last one naming the exit code when the command fails (the
// error was a plain "unpv: …" line). So do a command line with a bad flag
// or a missing argument (the flag package's line and the usage, some forty
// lines of text, came before the record), --log-format given in capitals
// (the logs were JSON, the final error a plain line), and the notes of
// annotate export and of report's skipped input lines (plain lines).
func TestJSONLines(t *testing.T) {
	unscDir, _ := smallCorpus(t)
	pdfDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(pdfDir, "S_PV.9999_E.pdf"), []byte("<html>Just a moment...</html>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rowsDir := t.TempDir()
	badRows := filepath.Join(rowsDir, "rows.jsonl")
	if err := os.WriteFile(badRows, []byte("not json\n{\"target\":\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for _, dir := range []string{unscDir, pdfDir} {
		if code, _, e := cli(t, nil, "--data", data, "import", dir); code != 0 {
			t.Fatalf("import %s: exit %d %s", dir, code, e)
		}
	}
	tests := []struct {
		name   string
		args   []string
		locked bool
		code   int
		lines  int    // on stdout
		format string // --log-format; "" for json
	}{
		{"run with a bad document", []string{"run", "--no-bundled", "--json"}, false, exitPartial, 1, ""},
		{"rerun", []string{"run", "--no-bundled", "--json"}, false, exitPartial, 1, ""},
		{"status", []string{"status", "--json"}, false, exitOK, 1, ""},
		{"import --list", []string{"import", "--list", "--json"}, false, exitOK, 1, ""},
		{"index", []string{"index", "--json"}, false, exitPartial, 1, ""},
		{"version", []string{"version", "--json"}, false, exitOK, 1, ""},
		{"locked", []string{"run", "--no-bundled", "--json"}, true, exitLocked, 0, ""},
		{"import --remove", []string{"import", "--remove", "pdf:S/PV.9999", "--json"}, false, exitOK, 1, ""},
		{"import --remove unknown", []string{"import", "--remove", "pdf:S/PV.9999", "--json"}, false, exitUsage, 0, ""},
		{"bad flag", []string{"run", "--no-bundled", "--bogus"}, false, exitUsage, 0, ""},
		{"bad flag value", []string{"status", "--runs", "x"}, false, exitUsage, 0, ""},
		{"no folder to import", []string{"import"}, false, exitUsage, 0, ""},
		{"no command", nil, false, exitUsage, 0, ""},
		{"annotate export", []string{"annotate", "export"}, false, exitOK, 0, ""},
		{"report of bad rows", []string{"report", "--in", badRows, "--out", filepath.Join(rowsDir, "out")}, false, exitFailure, 0, ""},
		{"log format in capitals", []string{"import", "--remove", "pdf:S/PV.9999", "--json"}, false, exitUsage, 0, "JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.locked {
				l, err := pipeline.AcquireLock(data, "test holder")
				if err != nil {
					t.Fatal(err)
				}
				defer l.Release()
			}
			code, out, e := cli(t, nil, append([]string{"--data", data, "--log-format", cmp.Or(tt.format, "json")}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, e)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if out == "" {
				lines = nil
			}
			if len(lines) != tt.lines {
				t.Errorf("%d lines on stdout, want %d:\n%.600s", len(lines), tt.lines, out)
			}
			for _, l := range lines {
				if len(tt.args) > 1 && tt.args[0] == "import" && tt.args[1] == "--remove" && l != `{"removed":["pdf:S/PV.9999"]}` {
					t.Errorf("import --remove --json printed %s", l)
				}
				if !json.Valid([]byte(l)) {
					t.Errorf("stdout line is not JSON: %.200s", l)
				}
			}
			var last map[string]any
			for _, l := range strings.Split(strings.TrimSuffix(e, "\n"), "\n") {
				if l == "" {
					continue
				}
				last = nil
				if err := json.Unmarshal([]byte(l), &last); err != nil {
					t.Errorf("stderr line is not JSON: %.200s", l)
				}
			}
			if tt.code == exitOK {
				return
			}
			if last == nil || last["level"] != "ERROR" || last["exit_code"] != float64(tt.code) || last["msg"] == "" {
				t.Errorf("last stderr record %v, want an ERROR with exit_code %d and the message", last, tt.code)
			}
		})
	}
}

// TestJSONLinesDataModel: a run over a data directory with a model of its
// own (DATA/model.json; here the built-in model's file) says so in a log
// record, JSON under --log-format json: it was a plain "run: classifying
// with …" line in every nightly JSON log once a group had retrained.
func TestJSONLinesDataModel(t *testing.T) {
	_, ungdcDir := smallCorpus(t)
	data := t.TempDir()
	if code, _, e := cli(t, nil, "--data", data, "import", ungdcDir); code != 0 {
		t.Fatalf("import: exit %d %s", code, e)
	}
	model, err := os.ReadFile(filepath.Join("..", "..", "classify", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, pipeline.ModelFile), model, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, e := cli(t, nil, "--data", data, "--log-format", "json", "run", "--no-bundled", "--json")
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, e)
	}
	said := false
	for _, l := range strings.Split(strings.TrimSuffix(e, "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Errorf("stderr line is not JSON: %.200s", l)
			continue
		}
		if m, _ := rec["msg"].(string); strings.Contains(m, "classifying with the model retrained for this data directory") {
			said = rec["file"] == filepath.Join(data, pipeline.ModelFile) && strings.HasPrefix(rec["model"].(string), "stance-")
		}
	}
	if !said {
		t.Errorf("no record names the data directory's model:\n%s", e)
	}
}

// TestJSONLinesTraining: under --log-format json every line of stderr of
// the training tools is a JSON record, as a log collector reads it, while
// their results stay on stdout: classify train's notes (the model and card
// written, an --extra file's bad line; with --out -, the cross-validation
// table with and without the added pairs, which cannot go to stdout),
// classify vectors' counts, classify --eval's warnings (pairs the shipped
// model was trained on, pairs without a speaker) and classify --in's
// skipped lines and summary were plain text.
func TestJSONLinesTraining(t *testing.T) {
	dir := t.TempDir()
	pairs := filepath.Join(dir, "pairs")
	if err := os.Mkdir(pairs, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(slices.Clone(classify.DevFiles), classify.ExtraFiles...) {
		b, err := os.ReadFile(filepath.Join("..", "..", defaultTrainingData, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfterN(string(b), "\n", 21)
		if err := os.WriteFile(filepath.Join(pairs, name), []byte(strings.Join(lines[:20], "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Pairs of the shipped model's, a third without a speaker, one bad line.
	b, err := os.ReadFile(filepath.Join(pairs, classify.DevFiles[0]))
	if err != nil {
		t.Fatal(err)
	}
	var eval []string
	for i, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i%3 == 0 {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "speaker")
			nb, _ := json.Marshal(m)
			l = string(nb)
		}
		eval = append(eval, l)
	}
	evalFile := filepath.Join(dir, "eval.jsonl")
	if err := os.WriteFile(evalFile, []byte(strings.Join(append(eval, "not json"), "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vec := filepath.Join(dir, "v.vec")
	if err := os.WriteFile(vec, []byte("3 2\nthe 0.1 0.2\nunion -0.3 0.4\nafrican 0.5 -0.6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte("{\"sentence\":\"We commend the African Union.\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  bool // results on stdout
	}{
		{"train", []string{"train", "--pairs", pairs, "--out", filepath.Join(dir, "m.json"), "--card", ""}, exitOK, false},
		{"train --extra --out -", []string{"train", "--pairs", pairs, "--extra", evalFile, "--out", "-", "--card", filepath.Join(dir, "card.json"), "--resamples", "0"}, exitPartial, true},
		{"vectors --vec", []string{"vectors", "--vec", vec, "--out", filepath.Join(dir, "v.bin")}, exitOK, false},
		{"vectors --prepare", []string{"vectors", "--prepare", filepath.Join("..", "..", "corpora", "testdata", "ungdc"), "--out", filepath.Join(dir, "corpus.txt")}, exitOK, false},
		{"eval", []string{"--eval", evalFile, "--resamples", "10"}, exitPartial, true},
		{"eval --cv", []string{"--eval", evalFile, "--cv", "2", "--group", "delegation", "--resamples", "0"}, exitPartial, true},
		{"in", []string{"--in", in}, exitPartial, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, e := cli(t, nil, append([]string{"--data", filepath.Join(dir, "data"), "--log-format", "json", "classify"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, e)
			}
			if (out != "") != tc.out {
				t.Errorf("stdout %q, want results: %v", out, tc.out)
			}
			var last map[string]any
			for _, l := range strings.Split(strings.TrimSuffix(e, "\n"), "\n") {
				last = nil
				if err := json.Unmarshal([]byte(l), &last); err != nil || last["msg"] == nil {
					t.Errorf("stderr line is not a JSON record: %.300s", l)
				}
			}
			if tc.code != exitOK && (last == nil || last["exit_code"] != float64(tc.code)) {
				t.Errorf("last stderr record %v, want the exit code %d", last, tc.code)
			}
		})
	}
}
