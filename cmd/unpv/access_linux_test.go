package main

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
)

// sharedData builds a data directory from the small corpus as a cron job
// would, under the umask given, with everything a run and the writing
// commands leave: the store, raw files, index, reports, lock files, the
// saved fetch selection.
func sharedData(t *testing.T, umask int) string {
	t.Helper()
	unscDir, ungdcDir := smallCorpus(t)
	data := filepath.Join(t.TempDir(), "data")
	old := syscall.Umask(umask) // inherited by the unpv subprocesses
	defer syscall.Umask(old)
	importSmall(t, data, unscDir, ungdcDir)
	if code, _, e := cli(t, nil, "--data", data, "run", "--no-bundled"); code != 0 {
		t.Fatalf("unpv run: exit %d\n%s", code, e)
	}
	// What `fetch --save` writes (without the network fetch after it).
	cfg := pipeline.FetchConfig{Selection: corpora.Selection{Symbols: []string{"S/PV.8711"}}}
	if err := pipeline.SaveFetchConfig(data, cfg); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestOutputModes: everything unpv writes gets the mode any tool's output
// gets, 0666 for files and 0777 for directories less the umask, so that
// colleagues (other users, a container) can read a data directory a cron
// job writes. os.CreateTemp made the store, raw files, reports, exports and
// index files 0600 whatever the umask, and Bleve makes its own 0600/0700.
func TestOutputModes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	const umask = 0o027
	data := sharedData(t, umask)
	out := filepath.Join(t.TempDir(), "out")
	old := syscall.Umask(umask)
	for _, args := range [][]string{
		{"report", "--out", filepath.Join(out, "report")},
		{"annotate", "export", "--out", filepath.Join(out, "labels.jsonl")},
	} {
		if code, _, e := cli(t, nil, append([]string{"--data", data}, args...)...); code != 0 {
			syscall.Umask(old)
			t.Fatalf("unpv %v: exit %d\n%s", args, code, e)
		}
	}
	syscall.Umask(old)
	for _, root := range []string{data, out} {
		var wrong []string
		kinds, n := map[string]int{}, 0
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			want := fs.FileMode(0o666 &^ umask)
			if d.IsDir() {
				want = 0o777 &^ umask
			}
			rel, _ := filepath.Rel(filepath.Dir(root), p)
			kinds[kind(rel)]++
			n++
			if got := fi.Mode().Perm(); got != want {
				wrong = append(wrong, fmt.Sprintf("%s %v, want %v", rel, got, want))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(wrong) > 0 {
			t.Errorf("%d of %d paths under %s have the wrong mode:\n%s", len(wrong), n, root, strings.Join(wrong, "\n"))
		}
		t.Logf("%s: %v", root, kinds)
	}
}

// kind names what a path under a data directory is, for the test's log.
func kind(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return strings.Join(parts, "/")
}
