package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
)

// classifyCLI runs the classify command with stdin, returning stdout,
// stderr and the exit code main would use.
func classifyCLI(t *testing.T, in string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	oldOut, oldErr, oldIn := stdout, stderr, stdin
	stdout, stderr, stdin = &out, &errb, strings.NewReader(in)
	defer func() { stdout, stderr, stdin = oldOut, oldErr, oldIn }()
	ctx := context.Background()
	err := run(ctx, append([]string{"classify"}, args...))
	return out.String(), errb.String(), exitCode(ctx, err)
}

func TestClassifyInBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","sentence":"We commend the African Union for its mediation efforts.","target":"AU","speaker":"Mr. X (France)","date":"2020-01-09"}`,
		`{"id":"b","sentence":"not closed"`,
		`{"id":"c","sentence":"","target":"AU"}`,
		`{"id":"d","sentence":"The WHO met.","target":"WHO"}`,
		``,
		`{"id":"e","sentence":"We commend the African Union, but NATO's bombing of Libya violated resolution 1973."}`,
		`{"id":"f","target":"AU"}`,
		`[1,2]`,
		`{"id":"g","sentence":"Nothing to see here."}`,
	}, "\n")
	out, errOut, code := classifyCLI(t, in, "--in", "-")
	if code != exitPartial {
		t.Errorf("exit code %d, want %d", code, exitPartial)
	}
	for _, want := range []string{"line 2: malformed JSON", "line 3: empty sentence", `line 4: unknown target "WHO"`, `line 7: missing "sentence"`, "line 8: malformed JSON"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad output line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 3 {
		t.Fatalf("got %d output lines, want 3 (a, and e once per organisation):\n%s", len(got), out)
	}
	if got[0]["id"] != "a" || got[0]["date"] != "2020-01-09" || got[0]["label"] != "recognition" || got[0]["relation"] != "third" {
		t.Errorf("line a: %v", got[0])
	}
	for _, m := range got {
		if m["evidence"] == "" || m["confidence"] == nil || m["model"] == "" {
			t.Errorf("incomplete: %v", m)
		}
	}
	if got[1]["target"] != "AU" || got[2]["target"] != "NATO" || got[2]["label"] != "counter" {
		t.Errorf("line e: %v / %v", got[1], got[2])
	}
}

func TestClassifyText(t *testing.T) {
	out, _, code := classifyCLI(t, "", "--text", "We cannot support a resolution recognizing the CSTO as a peacekeeping partner.", "--speaker", "UKR", "--date", "2022")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"CSTO", "counter", "cannot", "relation third"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, _, code = classifyCLI(t, "", "--text", "x", "--target", "WHO")
	if code != exitUsage {
		t.Errorf("unknown target: exit %d, want usage", code)
	}
	_, _, code = classifyCLI(t, "", "--text", "x", "--in", "-")
	if code != exitUsage {
		t.Errorf("two modes: exit %d, want usage", code)
	}
}

func TestClassifyEval(t *testing.T) {
	gold := filepath.Join("..", "..", defaultGold)
	out, _, code := classifyCLI(t, "", "--eval", gold, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var ms []struct {
		System  string  `json:"system"`
		N       int     `json:"n"`
		MacroF1 float64 `json:"macro_f1"`
	}
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].System != "majority" || ms[1].System != "lexicon" || ms[2].System != "model" || ms[2].N != 378 {
		t.Errorf("metrics %+v", ms)
	}
	out, _, code = classifyCLI(t, "", "--eval", gold, "--cv", "3")
	if code != exitOK || !strings.Contains(out, "3-fold cross-validation grouped by speech") || !strings.Contains(out, "confusion (model") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestClassifyTrainReproducesShippedModel(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "model.json")
	_, errOut, code := classifyCLI(t, "", "train", "--gold", filepath.Join("..", "..", defaultGold), "--out", dst)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", defaultModel))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		if runtime.GOARCH != "amd64" {
			t.Skipf("model trained on %s differs in the last digits from the amd64 one (classify tests check it within tolerance)", runtime.GOARCH)
		}
		t.Error("unpv classify train did not reproduce classify/model.json byte for byte")
	}
}

func FuzzClassifyLine(f *testing.F) {
	f.Add(`{"sentence":"We commend the AU and the EU.","speaker":"Mr. X (Kenya)","date":"2020"}`)
	f.Add(`{"sentence":"x","target":null}`)
	f.Add(`{"sentence":"x","target":["AU"]}`)
	f.Add(`null`)
	c, err := classify.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		outs, err := classifyLine(c, line)
		if err != nil {
			return
		}
		for _, o := range outs {
			if _, ok := o["label"].(unpv.Label); !ok {
				t.Fatalf("no label in %v", o)
			}
			if _, ok := o["target"].(string); !ok {
				t.Fatalf("no target in %v", o)
			}
		}
	})
}
