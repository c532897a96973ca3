package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
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

// fileState is what a reader must leave as it found it.
type fileState struct {
	Mode    fs.FileMode
	Size    int64
	ModTime string
	SHA256  string
}

// dirState lists every path under dir with its mode, size, modification
// time and content hash.
func dirState(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		st := fileState{Mode: fi.Mode(), ModTime: fi.ModTime().String()}
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			st.Size, st.SHA256 = fi.Size(), hex.EncodeToString(sum[:])
		}
		out[rel] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readerCommands only read a data directory (or print what it holds).
var readerCommands = [][]string{
	{"status"},
	{"status", "--json"},
	{"status", "--check"},
	{"search", "ASEAN"},
	{"search", "OSCE", "--stance", "recognition", "--format", "csv"},
	{"report", "--format", "json", "--out", "-"},
	{"annotate", "export"},
	{"annotate", "stats"},
	{"import", "--list"},
}

// readOnlyMount runs unpv with data bind-mounted read-only onto itself in
// a mount namespace of its own (unshare(1); needs CAP_SYS_ADMIN, as root
// in a container has): there even root cannot write it, as a reader that
// does not own the directory cannot.
func readOnlyMount(args ...string) *exec.Cmd {
	data := args[1] // "--data", DIR, …
	script := `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"`
	return exec.Command("unshare", append([]string{"-m", "--propagation", "private", "sh", "-c", script, "sh", data, os.Args[0]}, args...)...)
}

// canMountReadOnly reports whether readOnlyMount works here.
func canMountReadOnly(t *testing.T) bool {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c",
		`mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/x" 2>/dev/null`, "sh", dir)
	return cmd.Run() == nil
}

// TestReadersLeaveDataAlone runs every reading command over a data
// directory and checks that it leaves the directory as it found it (the
// same paths, modes, sizes, times and bytes: no lock files, no -wal or
// -shm left, no temporary files, no run logged; for the store's owner,
// whose SQLite files come and go, the directory's own time may change),
// and, on a read-only bind mount
// (where even root cannot write), that each works. The store used to be
// opened read-write: SQLite made -wal and -shm files beside it, and on a
// read-only mount every command failed with "unable to open database
// file".
func TestReadersLeaveDataAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	data := sharedData(t, 0o022)
	before := dirState(t, data)
	for _, tc := range []struct {
		name  string
		cmd   func(args ...string) *exec.Cmd
		serve []string
	}{
		{"writable", func(args ...string) *exec.Cmd { return exec.Command(os.Args[0], args...) }, []string{"--annotate=false"}},
		{"read-only mount", readOnlyMount, nil},
		{"another user", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "read-only mount" && !canMountReadOnly(t) {
				t.Skip("cannot bind-mount read-only here (unshare -m needs CAP_SYS_ADMIN)")
			}
			if tc.name == "another user" {
				// A colleague: may read the files (0644, directories 0755,
				// as the umask 022 made them), may not write any.
				tc.cmd = asAnotherUser(t, data)
				before = dirState(t, data)
			}
			unchanged := func(what string) {
				t.Helper()
				now := dirState(t, data)
				was := before
				if tc.name == "writable" {
					// The store's owner reads through SQLite's locking
					// (store.OpenReadOnly): its -wal and -shm come and go,
					// which touches the directory's own time, nothing else.
					was = maps.Clone(before)
					d := was["."]
					d.ModTime = now["."].ModTime
					was["."] = d
				}
				if d := cmp.Diff(was, now); d != "" {
					t.Errorf("%s changed the data directory (-before +after):\n%s", what, d)
				}
				before = now
			}
			for _, args := range readerCommands {
				cmd := tc.cmd(append([]string{"--data", data}, args...)...)
				cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
				var o, e strings.Builder
				cmd.Stdout, cmd.Stderr = &o, &e
				if err := cmd.Run(); err != nil || o.Len()+e.Len() == 0 {
					t.Errorf("unpv %v: %v, %d bytes out\n%s", args, err, o.Len(), e.String())
				}
				unchanged(fmt.Sprint(args))
			}
			addr := freeAddr(t)
			cmd := tc.cmd(append([]string{"--data", data, "serve", "--addr", addr}, tc.serve...)...)
			cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
			var e lockedBuffer
			cmd.Stderr = &e
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/api/search?q=ASEAN", "/?q=OSCE", "/report"} {
				if code, err := getRetry("http://"+addr+path, cmd); err != nil || code != 200 {
					t.Errorf("serve: GET %s: %d %v", path, code, err)
				}
			}
			cmd.Process.Signal(os.Interrupt)
			cmd.Wait()
			e.mu.Lock()
			log := e.b.String()
			e.mu.Unlock()
			if strings.Contains(log, "level=ERROR") || !strings.Contains(log, "search page at") {
				t.Errorf("serve's log:\n%s", log)
			}
			unchanged("serve")
		})
	}
	// A coding changes what the index is made from: a search where it can
	// write brings the index up to date first; where it cannot, it
	// searches the index as it is and says so.
	t.Run("stale index, read-only mount", func(t *testing.T) {
		if !canMountReadOnly(t) {
			t.Skip("cannot bind-mount read-only here")
		}
		ctx := context.Background()
		st, err := store.Open(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		var row store.StanceRow
		st.EachStance(ctx, func(r store.StanceRow) error {
			if row.SentenceID == "" {
				row = r
			}
			return nil
		})
		_, err = st.AddCoding(ctx, unpv.Coding{SentenceID: row.SentenceID, Target: row.Target, Coder: "ana", Label: unpv.Counter,
			At: time.Now().UTC().Format(time.RFC3339), Sentence: row.Sentence})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		before := dirState(t, data)
		cmd := readOnlyMount("--data", data, "search", "ASEAN")
		cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
		var o, e strings.Builder
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil || o.Len() == 0 || !strings.Contains(e.String(), "searching it as it is") {
			t.Errorf("search with a stale index on a read-only mount: %v\n%s%s", err, o.String(), e.String())
		}
		if d := cmp.Diff(before, dirState(t, data)); d != "" {
			t.Errorf("search changed the data directory (-before +after):\n%s", d)
		}
		// Without an index there is nothing to search: say why.
		if err := os.RemoveAll(filepath.Join(data, pipeline.IndexDir)); err != nil {
			t.Fatal(err)
		}
		cmd = readOnlyMount("--data", data, "search", "ASEAN")
		cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
		o.Reset()
		e.Reset()
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err == nil || !strings.Contains(e.String(), "no search index yet, and this user cannot build one") {
			t.Errorf("search without an index on a read-only mount: %v\n%s%s", err, o.String(), e.String())
		}
	})
}

// getRetry GETs url until the server started by cmd answers (10 s at most).
func getRetry(url string, cmd *exec.Cmd) (int, error) {
	var err error
	for range 200 {
		var res *http.Response
		if res, err = http.Get(url); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, nil
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return 0, err
}

// asAnotherUser returns a function that makes a command running unpv as
// the user nobody (skipping the test unless it runs as root), as a colleague who may read
// data but not write it. It opens the way to data (the test's directories
// are private, 0700) and to a copy of the test binary, which runs as the
// command.
func asAnotherUser(t *testing.T, data string) func(args ...string) *exec.Cmd {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to run a command as another user")
	}
	const nobody = 65534
	for d := filepath.Dir(data); d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(filepath.Dir(data), "unpv.test")
	b, err := os.ReadFile(os.Args[0])
	if err == nil {
		err = os.WriteFile(exe, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return func(args ...string) *exec.Cmd {
		cmd := exec.Command(exe, args...)
		cmd.Dir = os.TempDir()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		return cmd
	}
}

// TestStatusAsAnotherUser runs `unpv status` as another user (nobody)
// while this process (root) holds the data directory's lock, as a
// colleague's status beside the cron job's run: it must name the run under
// way. Signal 0 to another user's process fails with EPERM, which was
// taken for "no such process": status said no run held the lock and
// showed the running run as killed.
func TestStatusAsAnotherUser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	data := sharedData(t, 0o022)
	asNobody := asAnotherUser(t, data)
	lock, err := pipeline.AcquireLock(data, "run (cron)")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	ctx := context.Background()
	w, err := store.Open(ctx, data)
	if err == nil {
		_, err = w.StartRun(ctx, "run (cron)", os.Getpid())
		w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := asNobody("--data", data, "status", "--json")
	cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("status as nobody: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var st pipeline.Status
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := fmt.Sprintf("pid %d ", os.Getpid()); !strings.HasPrefix(st.RunningBy, want) {
		t.Errorf("status as another user: running_by %q, want the lock holder, %q…", st.RunningBy, want)
	}
	if len(st.Runs) == 0 || st.Runs[0].Status != store.RunRunning {
		t.Errorf("status as another user: last run %+v, want it running", st.Runs)
	}
}

// TestRunAfterAnotherUsersReader: a reader that opens the store mode=ro
// (R, pandas, the sqlite3 shell) in a directory it can write leaves
// unpv.db-wal and unpv.db-shm of its own, and the next run, by the store's
// owner, could read the store but not write it: it failed at its first
// write with "start run: attempt to write a readonly database (8)". It now
// says which file is in the way and what to do.
func TestRunAfterAnotherUsersReader(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline")
	}
	data := sharedData(t, 0o022)
	asNobody := asAnotherUser(t, data)
	// The data belongs to nobody (the cron user here); root, another user,
	// leaves what a mode=ro connection makes.
	err := filepath.WalkDir(data, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 65534, 65534)
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int{"-wal": 0, "-shm": 32768} {
		if err := os.WriteFile(store.Path(data)+name, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := asNobody("--data", data, "run", "--no-bundled")
	cmd.Env = append(os.Environ(), "UNPV_TEST_AS_CLI=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailure || !strings.Contains(string(out), "unpv.db-wal cannot be written by this user") {
		t.Errorf("run beside another user's -wal and -shm: %v\n%s", err, out)
	}
}
