package store

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// files lists dir's entries with their sizes and modification times.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fi.ModTime().String() + " " + fs.FormatFileInfo(fi)
	}
	return out
}

// TestReadOnlyDSN: a connection is immutable only while no process has the
// store open (no -shm file) and no log holds commits (no non-empty -wal),
// looked for beside a linked store's target, where SQLite makes them.
func TestReadOnlyDSN(t *testing.T) {
	for _, tc := range []struct {
		name      string
		files     map[string]string // suffix → content
		immutable bool
	}{
		{"store alone", nil, true},
		{"empty log left", map[string]string{"-wal": ""}, true},
		{"a process has it open", map[string]string{"-shm": "x", "-wal": ""}, false},
		{"shm without log", map[string]string{"-shm": "x"}, false},
		{"log without shm", map[string]string{"-wal": "frames"}, false},
		// unpv.db a symbolic link: SQLite makes -wal and -shm beside
		// its target, and none is beside the link.
		{"linked, a process has it open", map[string]string{"-shm": "x", "-wal": ""}, false},
		{"linked, log without shm", map[string]string{"-wal": "frames"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), File)
			files := path
			if strings.HasPrefix(tc.name, "linked") {
				files = filepath.Join(t.TempDir(), "target.db")
				if err := os.WriteFile(files, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(files, path); err != nil {
					t.Fatal(err)
				}
			}
			for suffix, content := range tc.files {
				if err := os.WriteFile(files+suffix, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dsn := readOnlyDSN(path, false)
			if !strings.Contains(dsn, "mode=ro") || strings.Contains(dsn, "journal_mode") || strings.Contains(dsn, "_txlock") {
				t.Errorf("dsn %q: want mode=ro, no journal mode, no write transactions", dsn)
			}
			if got := strings.Contains(dsn, "immutable=1"); got != tc.immutable {
				t.Errorf("dsn %q: immutable %v, want %v", dsn, got, tc.immutable)
			}
			// The owner's connection is the same whatever the files.
			if dsn := readOnlyDSN(path, true); !strings.Contains(dsn, "query_only(1)") || strings.Contains(dsn, "mode=ro") || strings.Contains(dsn, "immutable") || strings.Contains(dsn, "journal_mode") {
				t.Errorf("owner's dsn %q: want an ordinary connection with query_only, no journal mode", dsn)
			}
		})
	}
}

// TestOpenReadOnly: a read-only store reads what is stored, refuses every
// write, and leaves the data directory as it found it (no -wal, no -shm):
// alone, beside a process writing it (then it sees that process's
// commits), and from a copy whose log was never checkpointed.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	put := func(s *Store, doc string) error {
		_, err := s.PutSource(ctx, Source{Document: doc, Kind: KindPDF, Symbol: strings.TrimPrefix(doc, "pdf:"), SHA256: "aa"})
		return err
	}
	if err := put(w, "pdf:S/PV.1"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	sources := func(s *Store) []string {
		t.Helper()
		srcs, err := s.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		for _, src := range srcs {
			docs = append(docs, src.Document)
		}
		return docs
	}

	t.Run("alone", func(t *testing.T) {
		before := files(t, dir)
		r, err := OpenReadOnly(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := sources(r); !cmp.Equal(got, []string{"pdf:S/PV.1"}) {
			t.Errorf("sources %v", got)
		}
		if err := r.Check(ctx, true); err != nil {
			t.Errorf("check: %v", err)
		}
		if err := put(r, "pdf:S/PV.2"); err == nil {
			t.Error("a read-only store took a write")
		}
		r.Close()
		if d := cmp.Diff(before, files(t, dir)); d != "" {
			t.Errorf("reading changed the directory (-before +after):\n%s", d)
		}
	})

	t.Run("beside a writer", func(t *testing.T) {
		w, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := put(w, "pdf:S/PV.3"); err != nil { // in the log, not yet in unpv.db
			t.Fatal(err)
		}
		before := files(t, dir)
		r, err := OpenReadOnly(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if got := sources(r); !cmp.Equal(got, []string{"pdf:S/PV.1", "pdf:S/PV.3"}) {
			t.Errorf("sources beside a writer %v, want its commit too", got)
		}
		if err := put(r, "pdf:S/PV.4"); err == nil {
			t.Error("a read-only store took a write")
		}
		// The reader takes its read locks in the -shm file, which may
		// change its time: the names and sizes must stay.
		names := func(m map[string]string) (out []string) {
			for n := range m {
				out = append(out, n)
			}
			slices.Sort(out)
			return out
		}
		if d := cmp.Diff(names(before), names(files(t, dir))); d != "" {
			t.Errorf("reading changed the directory (-before +after):\n%s", d)
		}
	})

	t.Run("a long-lived reader sees later runs", func(t *testing.T) {
		defer func(d time.Duration) { readOnlyConnLife = d }(readOnlyConnLife)
		readOnlyConnLife = time.Millisecond
		r, err := OpenReadOnly(ctx, dir) // immutable: no process has the store open
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n := len(sources(r))
		w, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := put(w, "pdf:S/PV.5"); err != nil {
			t.Fatal(err)
		}
		w.Close() // copies the log into unpv.db, deletes -wal and -shm
		time.Sleep(5 * time.Millisecond)
		if got := sources(r); len(got) != n+1 {
			t.Errorf("after a run: %v, want %d sources", got, n+1)
		}
	})

	t.Run("older schema", func(t *testing.T) {
		old := t.TempDir()
		all := migrations
		migrations = all[:3]
		s, err := Open(ctx, old)
		migrations = all
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		before := files(t, old)
		if r, err := OpenReadOnly(ctx, old); err == nil || !strings.Contains(err.Error(), "older") {
			t.Errorf("opened a version-3 store read-only: %v", err)
			if r != nil {
				r.Close()
			}
		}
		if d := cmp.Diff(before, files(t, old)); d != "" {
			t.Errorf("refusing changed the directory (-before +after):\n%s", d)
		}
	})

	t.Run("no store", func(t *testing.T) {
		empty := t.TempDir()
		if _, err := OpenReadOnly(ctx, empty); err == nil || !strings.Contains(err.Error(), ErrNoStore.Error()) {
			t.Errorf("open read-only in an empty directory: %v", err)
		}
		if ents, _ := os.ReadDir(empty); len(ents) > 0 {
			t.Errorf("left %v", ents)
		}
	})
}

// TestOwnerReaderHoldsItsSnapshot: a read-only store opened by its owner
// before any run takes part in SQLite's locking: a run that starts while
// it reads cannot copy its log into unpv.db under it (the checkpoint
// reports busy) and the read keeps its snapshot. An immutable connection,
// which OpenReadOnly gave every reader that found no -shm file, takes no
// lock: the checkpoint went through and rewrote the file being read.
func TestOwnerReaderHoldsItsSnapshot(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	put := func(s *Store, doc string) {
		t.Helper()
		if _, err := s.PutSource(ctx, Source{Document: doc, Kind: KindPDF, Symbol: strings.TrimPrefix(doc, "pdf:"), SHA256: "aa"}); err != nil {
			t.Fatal(err)
		}
	}
	put(w, "pdf:S/PV.1")
	w.Close()
	if !ownsWritable(Path(dir)) {
		t.Skip("this user does not own a store it made (or cannot write its directory)")
	}

	r, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	count := func() (n int) {
		t.Helper()
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sources`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("%d sources, want 1", n)
	}

	// A run starts, writes, and copies its log into unpv.db.
	w, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	put(w, "pdf:S/PV.2")
	conn, err := w.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil { // not the store's 10 s
		t.Fatal(err)
	}
	var busy, logFrames, copied int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &copied); err != nil {
		t.Fatal(err)
	}
	if busy != 1 {
		t.Errorf("the run's checkpoint went through under an open read (busy %d, %d of %d frames copied): the reader holds no lock", busy, copied, logFrames)
	}
	if n := count(); n != 1 {
		t.Errorf("the open read sees %d sources, want its snapshot's 1", n)
	}
}
