package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
