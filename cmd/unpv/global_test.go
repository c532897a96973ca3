package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/store"
)

// TestGlobalFlagsAfterCommand: --data, --log-format and -v work after the
// command as well as before it, and the last one given wins.
func TestGlobalFlagsAfterCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, _, e := cli(t, nil, "status", "--data", data)
	if code == 0 || !strings.Contains(e, data) {
		t.Fatalf("status --data on an empty directory: exit %d, stderr %q; want a failure naming %s", code, e, data)
	}
	code, out, e := cli(t, nil, "run", "--data", data, "--no-bundled", "--log-format", "json", "-v")
	if code != 0 {
		t.Fatalf("unpv run --data DIR: exit %d\n%s\n%s", code, out, e)
	}
	if !store.Exists(data) {
		t.Fatalf("run --data DIR did not use DIR")
	}
	if !strings.Contains(e, `"level":"DEBUG"`) {
		t.Errorf("--log-format json -v after the command: stderr is not JSON debug logs:\n%.400s", e)
	}
	other := filepath.Join(t.TempDir(), "other")
	code, out, e = cli(t, nil, "--data", other, "status", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("status: exit %d %s", code, e)
	}
	var st struct {
		DataDir string `json:"data_dir"`
		Runs    []struct {
			Command string `json:"command"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.DataDir != data || len(st.Runs) != 1 {
		t.Errorf("status read %s with %d runs; want %s with the one run", st.DataDir, len(st.Runs), data)
	}
	if _, err := os.Stat(other); err == nil {
		t.Errorf("the overridden --data %s was created", other)
	}
}

// TestRecoveredPanic: a panic in the command exits 1 with the panic and
// its stack, not Go's 2, which reads as a usage error.
func TestRecoveredPanic(t *testing.T) {
	sentinel := errors.New("plain failure")
	for _, tt := range []struct {
		name string
		fn   func() error
		code int
		want string
	}{
		{"a panic", func() error { panic("index out of range") }, exitFailure, "internal error (a bug"},
		{"a panic with an error", func() error { panic(fmt.Errorf("x: %w", errSilent)) }, exitFailure, "TestRecoveredPanic"},
		{"a panic in a worker goroutine", func() error {
			var g errgroup.Group
			g.Go(guard.Func(func() error { panic("worker bug") }))
			return fmt.Errorf("stage: %w", g.Wait())
		}, exitFailure, "internal error (a bug: please report it with this message): stage: panic: worker bug\ngoroutine"},
		{"an error", func() error { return sentinel }, exitFailure, "plain failure"},
		{"a usage error", func() error { return usagef("bad flag") }, exitUsage, "bad flag"},
		{"nothing", func() error { return nil }, exitOK, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := recovered(tt.fn)
			if code := exitCode(context.Background(), err); code != tt.code {
				t.Errorf("exit %d, want %d (%v)", code, tt.code, err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("error %v lacks %q", err, tt.want)
			}
		})
	}
}

// fullWriter fails every write, as standard output on a full disk does.
type fullWriter struct{}

var errFull = errors.New("no space left on device")

func (fullWriter) Write([]byte) (int, error) { return 0, errFull }

// TestLostOutputFails: a command whose output cannot be written (cron's
// 'unpv run --json >>LOG' with the log's disk full) fails, exit 1, naming
// the write's error. status, run and version printed their tables and
// summaries ignoring the error and exited 0, while status --json and
// search failed: the cron line's '|| unpv status' never ran.
func TestLostOutputFails(t *testing.T) {
	_, ungdcDir := smallCorpus(t)
	data := t.TempDir()
	oldOut, oldErr := stdout, stderr
	defer func() { stdout, stderr = oldOut, oldErr }()
	stdout, stderr = io.Discard, io.Discard
	if err := run(t.Context(), []string{"--data", data, "import", ungdcDir}); err != nil {
		t.Fatal(err)
	}
	stdout = fullWriter{}
	for _, args := range [][]string{
		{"run", "--no-bundled"},
		{"run", "--no-bundled", "--json"},
		{"status"},
		{"status", "--json"},
		{"version"},
		{"classify", "--text", "We cannot support a resolution recognizing the CSTO as a peacekeeping partner."},
		{"version", "--json"},
		{"search", "--format", "csv", "statement"},
		{"search", "--format", "json", "statement"},
		{"help"},
	} {
		err := run(t.Context(), append([]string{"--data", data}, args...))
		if !errors.Is(err, errFull) || exitCode(t.Context(), err) != exitFailure {
			t.Errorf("%v with standard output lost: %v (exit %d), want exit %d naming the write's error", args, err, exitCode(t.Context(), err), exitFailure)
		}
		// docs/pipeline.md: "write output: … no space left on device",
		// also where the command stopped at the write and returned its
		// error (version --json, the search exports said only "no space
		// left on device").
		if err == nil || !strings.HasPrefix(err.Error(), "write output: ") {
			t.Errorf("%v with standard output lost: %v, want it to start with \"write output: \"", args, err)
		}
		if stdout != (fullWriter{}) {
			t.Fatalf("%v left standard output %T", args, stdout)
		}
	}
}
