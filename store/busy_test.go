package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// TestBusyStore: a write while another process's connection holds the
// store's write lock (an sqlite3 shell in BEGIN IMMEDIATE, not committed)
// fails after the busy timeout with an error wrapping ErrBusy that says
// what to do, SQLite's SQLITE_BUSY kept; once the other transaction ends
// the store is written again. It was SQLite's "database is locked (5)"
// alone.
func TestBusyStore(t *testing.T) {
	defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
	busyTimeout = 100 * time.Millisecond
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := sql.Open("sqlite", "file:"+Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	writes := map[string]func() error{
		"StartRun":  func() error { _, err := s.StartRun(ctx, "run", 1); return err },
		"PruneRuns": func() error { _, err := s.PruneRuns(ctx, 1); return err },
		"Vacuum":    func() error { return s.Vacuum(ctx) },
		// A single statement outside tx (a coder logging out of serve).
		"EndSession": func() error { return s.EndSession(ctx, "token") },
	}
	for name, write := range writes {
		err := write()
		if !errors.Is(err, ErrBusy) || sqliteCode(err) != sqlite3.SQLITE_BUSY || !strings.Contains(err.Error(), "COMMIT or ROLLBACK") {
			t.Errorf("%s while another connection writes: %v (code %d); want ErrBusy, SQLite's SQLITE_BUSY and what to do", name, err, sqliteCode(err))
		}
		if errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v: busy is neither read-only nor damaged", name, err)
		}
	}
	// Reading goes on beside the other writer (WAL mode), and so does
	// opening the store again.
	if _, err := s.Runs(ctx, 1); err != nil {
		t.Errorf("a read while another connection writes: %v", err)
	}
	if s2, err := Open(ctx, dir); err != nil {
		t.Errorf("Open while another connection writes: %v", err)
	} else {
		s2.Close()
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartRun(ctx, "run", 1); err != nil {
		t.Errorf("StartRun once the other transaction ended: %v", err)
	}
}

// TestReadOnlyByCode: SQLite's own read-only error (SQLITE_READONLY, here
// a write through a reader's connection, which refuses writes) wraps
// ErrReadOnly; SQLITE_CANTOPEN where the store and its directory can be
// written (a -shm that is a symbolic link) does not.
func TestReadOnlyByCode(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.StartRun(ctx, "run", 1)
	if !errors.Is(err, ErrReadOnly) || sqliteCode(err) != sqlite3.SQLITE_READONLY {
		t.Errorf("a write through a read-only store: %v (code %d), want ErrReadOnly with SQLite's SQLITE_READONLY", err, sqliteCode(err))
	}
	if err := cantOpen(t); errors.Is(classified(err, dir), ErrReadOnly) {
		t.Errorf("classified(%v) is ErrReadOnly where the store can be written", err)
	}
}
