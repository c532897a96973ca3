// Package store is unpv's canonical SQLite store (DATA/unpv.db): the
// sources, everything the stages derive from them (meetings, speeches,
// sentences, votes, events, mentions, stances) and the pipeline's
// bookkeeping (stage state, quarantine, the run log). It is the only
// package that speaks SQL; everyone else uses its methods.
//
// The schema is in schema_v*.sql, applied in order as migrations, and
// documented in docs/store.md. Files: store.go opens and migrates,
// sources.go holds the input documents, write.go replaces a document's
// derived rows in one transaction, read.go reads them back for the stages,
// the index and reports, runs.go is the pipeline's bookkeeping, dump.go
// counts and dumps tables, codings.go and queue.go hold researchers'
// codings and the labelling page's queues.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/unpv/unpv/internal/outfile"
)

// File is the name of the SQLite database inside the data directory.
const File = "unpv.db"

// CorpusDocument is the document key under which corpus-wide stages (index,
// report) record their state.
const CorpusDocument = "(corpus)"

//go:embed schema_v*.sql
var schemaFS embed.FS

// migrations are applied in order; each runs once, in its own transaction,
// and is recorded in schema_migrations. Append, never edit.
var migrations = []string{"schema_v1.sql", "schema_v2.sql", "schema_v3.sql", "schema_v4.sql", "schema_v5.sql", "schema_v6.sql", "schema_v7.sql",
	"schema_v8.sql"}

// migrationSteps are the parts of a migration written in Go, run in its
// transaction after its SQL: what needs a rule of package un, which the
// store's SQL does not repeat.
var migrationSteps = map[int]func(context.Context, *sql.Tx) error{8: fillEmergencySessions}

// vacuumAfter lists the migrations that free much of the file: the store
// is vacuumed after them (rewritten without its free pages, which SQLite
// otherwise keeps for reuse) so that the file shrinks.
var vacuumAfter = map[int]bool{3: true}

// Store is the canonical SQLite store: the source of truth for everything
// the pipeline derives. It is safe for concurrent use; SQLite serialises
// writers and WAL mode lets readers run beside the one writer.
type Store struct {
	db      *sql.DB
	dir     string
	file    *openFile // this process's count of Stores on the file
	release sync.Once
}

// openFiles are the store files this process holds open, with how many
// Stores hold each. SQLite's locks on a file are POSIX advisory locks,
// which the kernel drops for the whole process when any descriptor of that
// file is closed; so while a Store is open, checkFile must not open and
// close the file itself, or another process (a CLI run beside `unpv serve`)
// would take the exclusive lock, checkpoint and delete the write-ahead log
// under this process's feet, losing what it writes next and damaging the
// store. Files are told apart by identity (os.SameFile), not path, so a
// symbolic or hard link to an open store counts as open. openMu also
// covers checkFile's own open and close, so that no Store can take locks
// in between.
var (
	openMu    sync.Mutex
	openFiles []*openFile
)

type openFile struct {
	info   os.FileInfo
	stores int
}

// openedFile returns the entry for the file fi, or nil. openMu must be held.
func openedFile(fi os.FileInfo) *openFile {
	for _, f := range openFiles {
		if os.SameFile(f.info, fi) {
			return f
		}
	}
	return nil
}

// Errors about the store file itself.
var (
	// ErrNoStore: the data directory holds no store (readers never create one).
	ErrNoStore = errors.New("no store")
	// ErrDamaged: the store file is not a whole SQLite database (zero
	// length, not SQLite, truncated) or fails SQLite's own checks.
	ErrDamaged = errors.New("store damaged")
	// ErrOlderSchema: a reader found a store of an older schema, which
	// only a run (a writer) migrates.
	ErrOlderSchema = errors.New("older than this unpv's")
	// ErrReadOnly: this process may not write the store (a read-only
	// mount, or a store file or data directory its user may not write);
	// it can still be read (OpenReadOnly). SQLite says "attempt to write a
	// readonly database" or, on a read-only mount, "unable to open
	// database file", naming neither cause.
	ErrReadOnly = errors.New("store cannot be written here")
	// ErrBusy: another process held the store's write lock for longer than
	// the busy timeout: for a run, not another unpv run (runs take the data
	// directory's lock first: unpv.ErrLocked) but a program writing the
	// store directly (an sqlite3 shell, R or Python in a transaction not
	// committed); for a command that takes no lock (serve's codings,
	// annotate import), also a run's long transaction (a compaction).
	ErrBusy = errors.New("store busy")
)

// busyTimeout is how long a write waits for another process's write lock
// before failing with ErrBusy; tests shorten it. unpv's own writers hold
// it for a document's transaction (milliseconds); serve's codings too.
var busyTimeout = 10 * time.Second

// Open opens DATA/unpv.db in WAL mode with a busy timeout and brings its
// schema up to date. A missing store is created, atomically: it is built
// under a temporary name and renamed into place, so a crash never leaves
// a half-made (or zero-length) unpv.db. An existing file that is not a whole
// SQLite database is an error wrapping ErrDamaged, never replaced by a new
// empty store. Creating needs the data-directory lock (pipeline.Run holds it).
func Open(ctx context.Context, dataDir string) (*Store, error) {
	err := checkFile(dataDir, true)
	if errors.Is(err, ErrNoStore) {
		if err := create(ctx, dataDir); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return open(ctx, dataDir, false)
}

// OpenExisting opens a store that must exist (an error wrapping ErrNoStore
// otherwise) for reading and writing, and brings its schema up to date.
func OpenExisting(ctx context.Context, dataDir string) (*Store, error) {
	if err := checkFile(dataDir, true); err != nil {
		return nil, err
	}
	return open(ctx, dataDir, false)
}

// OpenReadOnly opens a store that must exist (an error wrapping ErrNoStore
// otherwise) for commands that only read: it writes nothing and leaves no
// file, so that it works on a read-only mount or in a directory the
// reader cannot write (docs/store.md#who-can-read-it). The store's schema
// must be this unpv's (a run migrates it).
//
// SQLite reads a WAL-mode database through its -shm file, and a read-only
// connection (mode=ro) that finds none creates it, with a -wal file, and
// leaves both behind, owned by the reader; where it cannot create them it
// cannot open the store at all. A -shm file exists while any process has
// the store open (the last to close deletes it, with the write-ahead log,
// once it has copied the log into unpv.db). The store's owner, who may
// write it, gets an ordinary connection that refuses writes and takes part
// in the locking (readOnlyDSN). For any other reader each connection is
// opened mode=ro while there is one (a run is writing: the reader sees its commits
// as usual) and immutable=1 while there is none: the file is then the
// whole store, and no process is writing it. Connections are reopened
// after readOnlyConnLife, so that a long-lived reader (serve) sees later
// runs and goes through their -shm file while they write. A run that
// starts while an immutable connection is still reading, and copies its
// log into unpv.db before the read ends (every 4 MB of log, and when it
// ends), can make that read fail or mix the two states; `unpv status`
// names a run under way. A non-empty -wal without a -shm (a copy made
// without it) holds commits an immutable connection would not see: mode=ro
// then, which needs the right to create the -shm file.
func OpenReadOnly(ctx context.Context, dataDir string) (*Store, error) {
	if err := checkFile(dataDir, false); err != nil {
		return nil, err
	}
	return open(ctx, dataDir, true)
}

func open(ctx context.Context, dataDir string, readOnly bool) (*Store, error) {
	path := Path(dataDir)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	openMu.Lock()
	f := openedFile(fi)
	if f == nil {
		f = &openFile{info: fi}
		openFiles = append(openFiles, f)
	}
	f.stores++
	openMu.Unlock()
	openDB := openDB
	if readOnly {
		openDB = openReadOnly
	}
	s, err := openDB(ctx, dataDir, path)
	if err != nil {
		releaseFile(f)
		return nil, err
	}
	s.file = f
	return s, nil
}

func releaseFile(f *openFile) {
	openMu.Lock()
	defer openMu.Unlock()
	if f.stores--; f.stores <= 0 {
		openFiles = slices.DeleteFunc(openFiles, func(x *openFile) bool { return x == f })
	}
}

func openDB(ctx context.Context, dataDir, path string) (*Store, error) {
	// synchronous(NORMAL) in WAL mode loses no committed transaction when the
	// process is killed (only on power loss), which is the crash we guard against.
	dsn := "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) + "&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, dir: dataDir}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, classified(err, dataDir))
	}
	return s, nil
}

// readOnlyConnLife bounds how long a read-only store keeps a connection:
// each new one looks again for a -shm file (OpenReadOnly). Opening one
// costs well under a millisecond.
var readOnlyConnLife = time.Second

func openReadOnly(ctx context.Context, dataDir, path string) (*Store, error) {
	db := sql.OpenDB(readOnlyConnector{path: path})
	db.SetConnMaxLifetime(readOnlyConnLife)
	s := &Store{db: db, dir: dataDir}
	var have int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have)
	switch {
	case sqliteCode(err) == sqlite3.SQLITE_CANTOPEN:
		err = fmt.Errorf("open store %s read-only: %w (a reader needs read access to it, and to its -wal and -shm files while a run writes: docs/store.md#who-can-read-it)", path, err)
	case err != nil:
		err = fmt.Errorf("open store %s read-only: %w", path, noSpace(damaged(err), dataDir))
	case have < len(migrations):
		err = fmt.Errorf("store %s has schema version %d, %w (%d): a run of this unpv, by a user who can write the store, brings it up to date", path, have, ErrOlderSchema, len(migrations))
	case have > len(migrations):
		err = fmt.Errorf("store %s has schema version %d, newer than this unpv (%d): upgrade unpv", path, have, len(migrations))
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// readOnlyConnector opens the connections of a read-only store, each
// mode=ro or immutable as its files are when it is opened (OpenReadOnly).
type readOnlyConnector struct{ path string }

func (c readOnlyConnector) Connect(context.Context) (driver.Conn, error) {
	return c.Driver().Open(readOnlyDSN(c.path, ownsWritable(c.path)))
}

func (readOnlyConnector) Driver() driver.Driver { return &sqlite.Driver{} }

// readOnlyDSN is the data source name of a read-only connection to the
// store file path. The owner of a store who may write it and its directory
// (the usual case: one user runs cron and reads) gets an ordinary
// connection that refuses writes (query_only): it takes part in SQLite's
// locking, so a run that starts while it reads cannot change what it
// reads, and the -wal and -shm files it may create are its own and go
// when the last connection closes. Any other reader gets mode=ro, or
// immutable=1 while no process has the store open, with the risk told in
// OpenReadOnly.
func readOnlyDSN(path string, owner bool) string {
	if owner {
		return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=query_only(1)"
	}
	dsn := "file:" + path + "?mode=ro&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	target := resolved(path)
	if _, err := os.Stat(target + "-shm"); err == nil {
		return dsn
	}
	if wal, err := os.Stat(target + "-wal"); err == nil && wal.Size() > 0 {
		return dsn
	}
	slog.Debug("store: opening immutable: no process has it open (no -shm file), and a reader must not create one", "store", path)
	return dsn + "&immutable=1"
}

// create makes a new store: the schema is written to a temporary file
// (rollback journal, so that no -wal file is left under the temporary
// name), which is then renamed to unpv.db.
func create(ctx context.Context, dataDir string) error {
	if err := os.MkdirAll(dataDir, outfile.DirMode); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	// Leftovers of a creation that was killed (we hold the lock: none is live).
	if old, _ := filepath.Glob(filepath.Join(dataDir, File+".new-*")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	// SQLite gives the -wal and -shm files the store's mode: ordinary,
	// so that others can read the store (docs/store.md#who-can-read-it).
	f, err := outfile.CreateTemp(dataDir, File+".new-*")
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=journal_mode(DELETE)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	s := &Store{db: db, dir: dataDir}
	err = s.migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create store %s: %w", Path(dataDir), err)
	}
	// Not fsynced: a rename lost to a power cut loses an empty store,
	// which the next run creates again.
	if err := os.Rename(tmp, Path(dataDir)); err != nil {
		return fmt.Errorf("create store: %w", err)
	}
	return nil
}

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// checkFile checks DATA/unpv.db without opening it as a database, which
// would turn a zero-length file into a new empty store: it must exist (or
// the error wraps ErrNoStore), start with SQLite's header and, when no
// write-ahead log is pending, be as long as its header says (a truncated
// copy fails). These cost one stat and one 100-byte read. For a writer
// (write), the -wal and -shm files beside it, when there are any, must be
// writable (checkShared).
func checkFile(dataDir string, write bool) error {
	path := Path(dataDir)
	openMu.Lock()
	defer openMu.Unlock()
	if st, err := os.Stat(path); err == nil && openedFile(st) != nil {
		// Open here already, so checked when it was opened; a stat is
		// all that may be done without dropping this process's locks.
		if !st.Mode().IsRegular() || st.Size() == 0 {
			return fmt.Errorf("%s: not a regular file, or empty: %w", path, ErrDamaged)
		}
		return nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w at %s", ErrNoStore, path)
	}
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file: %w", path, ErrDamaged)
	}
	if st.Size() == 0 {
		return fmt.Errorf("%s is empty (0 bytes), not a store; restore it from a backup, or move it away to start a new one: %w", path, ErrDamaged)
	}
	var h [100]byte
	if n, _ := io.ReadFull(f, h[:]); n < len(h) || string(h[:16]) != sqliteMagic {
		return fmt.Errorf("%s is not an SQLite database (%d bytes, no SQLite header): %w", path, st.Size(), ErrDamaged)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	// The header's page count is valid when its version-valid-for number
	// equals the change counter; a pending WAL may hold the newer pages.
	sizeValid := binary.BigEndian.Uint32(h[92:96]) == binary.BigEndian.Uint32(h[24:28])
	if wal, err := os.Stat(resolved(path) + "-wal"); err == nil && wal.Size() > 0 {
		sizeValid = false
	}
	if sizeValid && pages > 0 && st.Size() < pages*pageSize {
		return fmt.Errorf("%s is truncated: %d bytes, its header says %d pages of %d: %w", path, st.Size(), pages, pageSize, ErrDamaged)
	}
	if !write {
		return nil
	}
	target := resolved(path)
	if err := checkShared(target); err != nil {
		return err
	}
	// Before SQLite opens it: SQLite would open a store it may not write
	// read-only without a word, fail at the first write, and leave -wal and
	// -shm files of this user's beside it (checkShared), which the store's
	// owner may then not write.
	if why := unwritable(target); why != "" {
		return readOnly(why, nil)
	}
	return nil
}

// resolved is path with its symbolic links resolved, or path when they
// cannot be: SQLite follows a symbolically linked unpv.db and makes its
// -wal and -shm files beside the target, in the target's directory, so
// that is where checkShared and unwritable must look.
func resolved(path string) string {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		return target
	}
	return path
}

// checkShared checks that this process may write the store's -wal and
// -shm files when there are any. A reader that opened the store mode=ro
// (R, pandas, the sqlite3 shell) in a directory it could write leaves
// both behind, its own; a run by another user could then read the store
// but not write it, and failed at its first write with "attempt to write a
// readonly database". The caller has no Store open on the file (opening
// and closing the -shm file would drop this process's locks on it).
func checkShared(path string) error {
	for _, name := range []string{path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("%w: %s cannot be written by this user: another user left it (a read-only connection made where it could make one, "+
				"docs/store.md#who-can-read-it, or their killed run); when no process has the store open, delete %s-wal if it is empty, and %s-shm: %w", ErrReadOnly, name, path, path, err)
		}
		if err == nil {
			f.Close()
		}
	}
	return nil
}

// StampFile, beside the store, records the state of unpv.db (and its
// write-ahead log) that last passed Check or was left by a run that passed
// it: Stamped then lets a reader skip the quick check of an unchanged
// store (a 1.8 GB store takes 1.4 s to quick_check with a warm page cache,
// 19 s cold; docs/store.md).
const StampFile = File + ".checked"

type stamp struct {
	Size, ModNS, WALSize, WALModNS int64
}

func fileStamp(dataDir string) (stamp, error) {
	var s stamp
	st, err := os.Stat(Path(dataDir))
	if err != nil {
		return s, err
	}
	s.Size, s.ModNS = st.Size(), st.ModTime().UnixNano()
	// An empty log (opening the store creates one) changes nothing.
	if w, err := os.Stat(resolved(Path(dataDir)) + "-wal"); err == nil && w.Size() > 0 {
		s.WALSize, s.WALModNS = w.Size(), w.ModTime().UnixNano()
	}
	return s, nil
}

// Stamp records the store file's present state as checked. Call it only
// after Check passed on this state, or after a run that passed it at its
// start has closed the store (its writes went through SQLite). Errors
// (a read-only data directory) only cost a check later.
func Stamp(dataDir string) error {
	s, err := fileStamp(dataDir)
	if err != nil {
		return err
	}
	b := fmt.Appendf(nil, "%d %d %d %d\n", s.Size, s.ModNS, s.WALSize, s.WALModNS)
	return outfile.WriteFile(filepath.Join(dataDir, StampFile), b)
}

// Stamped reports whether the store file is in the state Stamp last
// recorded: same size and modification time of unpv.db and of its WAL.
// (A change that keeps both, such as bit rot, goes unseen here: `unpv
// status --check` always checks fully.)
func Stamped(dataDir string) bool {
	b, err := os.ReadFile(filepath.Join(dataDir, StampFile))
	if err != nil {
		return false
	}
	var want stamp
	if _, err := fmt.Sscanf(string(b), "%d %d %d %d", &want.Size, &want.ModNS, &want.WALSize, &want.WALModNS); err != nil {
		return false
	}
	now, err := fileStamp(dataDir)
	return err == nil && now == want
}

// freeSpace is freeBytes; tests replace it.
var freeSpace = freeBytes

// lowSpace is less room than SQLite needs to open a store in WAL mode (its
// -shm file grows by 32 KiB) or to write a page.
const lowSpace = 1 << 20

// noSpace says so when err is SQLite's I/O error on a full file system:
// a full disk makes opening a store fail with "disk I/O error (4874)"
// (SQLITE_IOERR_SHMSIZE: the -shm file cannot grow), which names no cause.
// Any SQLITE_IOERR is taken, as any "disk I/O error" was: the free space
// decides.
func noSpace(err error, dir string) error {
	if sqliteCode(err) != sqlite3.SQLITE_IOERR {
		return err
	}
	if free, ok := freeSpace(dir); ok && free < lowSpace {
		return fmt.Errorf("%w: the file system holding %s is full (%d KiB free)", err, dir, free>>10)
	}
	return err
}

// damaged marks SQLite's "database disk image is malformed"
// (SQLITE_CORRUPT) and "file is not a database" (SQLITE_NOTADB) errors as
// ErrDamaged. Until 2026-12-07 it read the error's text, and any error
// saying "malformed" was damage: a query's "malformed JSON" too.
func damaged(err error) error {
	if err == nil || errors.Is(err, ErrDamaged) {
		return err
	}
	if c := sqliteCode(err); c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return err
}

// classified marks the SQLite errors of a writer that callers act on, by
// their result codes: damage (damaged), a store this process may not write
// (ErrReadOnly: SQLITE_READONLY, or SQLITE_CANTOPEN where the store or its
// directory is not writable: a read-only mount), another process holding
// the write lock past busyTimeout (ErrBusy: SQLITE_BUSY), a full disk
// (noSpace). Each says what to do; other errors are returned as they are.
func classified(err error, dataDir string) error {
	switch c := sqliteCode(err); c {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
		why := unwritable(resolved(Path(dataDir)))
		if why == "" && c == sqlite3.SQLITE_CANTOPEN {
			return err
		}
		return readOnly(why, err)
	case sqlite3.SQLITE_BUSY:
		return fmt.Errorf("%w: another process held its write lock for more than %v: %w (a program writing the store directly, "+
			"such as an sqlite3 shell, R or Python in a transaction not committed: end that transaction, with COMMIT or ROLLBACK "+
			"or by closing the connection, and try again; or, for a command that takes no lock, a run compacting the store: "+
			"'unpv status' names a run under way)", ErrBusy, busyTimeout, err)
	}
	return noSpace(damaged(err), dataDir)
}

// readOnly is the error wrapping ErrReadOnly, why (unwritable's answer, or
// "" when not known) and SQLite's err when there is one.
func readOnly(why string, err error) error {
	if why == "" {
		why = "this user may not write it or its directory, or it is on a read-only mount"
	}
	const todo = "a run writes unpv.db, its -wal and -shm files and the data directory: run it as a user who may, " +
		"on a read-write mount; status, search and report only read (docs/store.md#who-can-read-it)"
	if err == nil {
		return fmt.Errorf("%w: %s (%s)", ErrReadOnly, why, todo)
	}
	return fmt.Errorf("%w: %s: %w (%s)", ErrReadOnly, why, err, todo)
}

// sqliteCode is the primary result code (SQLITE_IOERR for
// SQLITE_IOERR_SHMSIZE: an extended code keeps it in its low byte) of the
// SQLite error err wraps, or -1 when err is no SQLite error. The codes are
// SQLite's interface; the messages are not (modernc.org/sqlite words some
// its own way), and a message quoting a query's text could match any of
// them.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return -1
	}
	return se.Code() & 0xff
}

// Check runs SQLite's own consistency check on the store: PRAGMA
// quick_check (every page read once and its b-tree structure verified: 45
// ms for the bundled corpus's 40 MB store; docs/store.md), or with full
// PRAGMA integrity_check, which also checks that every index matches its
// table, and PRAGMA foreign_key_check. Problems are returned as an error
// wrapping ErrDamaged naming the first few.
func (s *Store) Check(ctx context.Context, full bool) error {
	pragmas := []string{"quick_check"}
	if full {
		pragmas = []string{"integrity_check", "foreign_key_check"}
	}
	var problems []string
	for _, p := range pragmas {
		rows, err := s.db.QueryContext(ctx, "PRAGMA "+p)
		if err != nil {
			return fmt.Errorf("check store %s: %w", Path(s.dir), damaged(err))
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return fmt.Errorf("check store %s: %w", Path(s.dir), damaged(err))
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			line := fmt.Sprint(vals...)
			if p == "foreign_key_check" {
				line = fmt.Sprintf("foreign key: %v", vals)
			}
			if line != "ok" {
				problems = append(problems, strings.Fields(strings.ReplaceAll(line, "\n", " "))...)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("check store %s: %w", Path(s.dir), damaged(err))
		}
	}
	if len(problems) > 0 {
		msg := strings.Join(problems, " ")
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return fmt.Errorf("%s: %s: %w (restore it from a backup, or recover what is readable with sqlite3's .recover; docs/store.md)", Path(s.dir), msg, ErrDamaged)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	if have > len(migrations) {
		return fmt.Errorf("store schema version %d is newer than this unpv (%d): upgrade unpv", have, len(migrations))
	}
	vacuum := false
	for v := have + 1; v <= len(migrations); v++ {
		vacuum = vacuum || (have > 0 && vacuumAfter[v])
		sqlText, err := schemaFS.ReadFile(migrations[v-1])
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			// Another process may have migrated while we waited for the write lock.
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, v).Scan(&done); err != nil || done > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(sqlText)); err != nil {
				return fmt.Errorf("migration %d: %w%s", v, err, migrationProblem(ctx, tx, v))
			}
			if step := migrationSteps[v]; step != nil {
				if err := step(ctx, tx); err != nil {
					return fmt.Errorf("migration %d: %w", v, err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, v, now())
			return err
		})
		if err != nil {
			return err
		}
	}
	if vacuum {
		// In WAL mode the vacuumed database goes through the log first:
		// Vacuum checkpoints it, so that the log does not stay as large.
		if err := s.Vacuum(ctx); err != nil {
			return fmt.Errorf("after migration: %w", err)
		}
	}
	return nil
}

// v3Checks are the checks of schema_v3.sql (v3_check) as queries for the
// rows that fail each, so that a refused migration can say which: SQLite's
// own error names only the column ("CHECK constraint failed: ok").
var v3Checks = []struct{ what, query string }{
	{"a sentence's text is not its speech's text between its offsets", `SELECT se.id, se.document FROM sentences se JOIN speeches sp ON sp.id = se.speech_id
		WHERE se.text != CAST(substr(CAST(sp.text AS BLOB), se.start_offset + 1, se.end_offset - se.start_offset) AS TEXT)`},
	{"a sentence has no speech", `SELECT se.id, se.document FROM sentences se WHERE NOT EXISTS (SELECT 1 FROM speeches sp WHERE sp.id = se.speech_id)`},
	{"a speech's sentences are not numbered 1, 2, …", `SELECT speech_id, MIN(document) FROM sentences GROUP BY speech_id HAVING NOT (MIN(n) = 1 AND MAX(n) = COUNT(*))`},
	{"a sentence id is not its speech id and number", `SELECT id, document FROM sentences WHERE id != speech_id || '.' || n`},
	{"a mention's sentence id is not its speech id and number", `SELECT sentence_id, document FROM mentions
		WHERE NOT (sentence_id GLOB speech_id || '.[0-9]*' AND CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER) > 0)`},
	{"a stance's sentence id is not its speech id and number", `SELECT sentence_id, document FROM stances
		WHERE NOT (sentence_id GLOB speech_id || '.[0-9]*' AND CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER) > 0)`},
}

// migrationProblem says, after migration v failed, which of its checks
// the store fails and where (the first row and how many), or "".
func migrationProblem(ctx context.Context, tx *sql.Tx, v int) string {
	if v != 3 {
		return ""
	}
	for _, c := range v3Checks {
		rows, err := tx.QueryContext(ctx, c.query)
		if err != nil {
			return ""
		}
		n := 0
		var first string
		var docs []string
		for rows.Next() {
			var id, doc string
			if rows.Scan(&id, &doc) != nil {
				break
			}
			if n == 0 {
				first = id
			}
			if !slices.Contains(docs, doc) {
				docs = append(docs, doc)
			}
			n++
		}
		rows.Close()
		if n > 0 {
			if len(docs) > 5 {
				docs = append(docs[:5], fmt.Sprintf("and %d more", len(docs)-5))
			}
			return fmt.Sprintf(" (%s: %s, %d in all, of the documents %s; the store is left at version 2: docs/store.md#the-lean-store says how to have them extracted again)",
				c.what, first, n, strings.Join(docs, ", "))
		}
	}
	return ""
}

// Exists reports whether dataDir holds a store file (whole or not).
func Exists(dataDir string) bool {
	_, err := os.Stat(filepath.Join(dataDir, File))
	return err == nil
}

// Path is the store's file in dataDir.
func Path(dataDir string) string { return filepath.Join(dataDir, File) }

// SchemaVersion is the number of migrations this build applies.
func SchemaVersion() int { return len(migrations) }

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.file != nil {
		s.release.Do(func() { releaseFile(s.file) })
	}
	return err
}

// Dir is the data directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// tx runs fn in one write transaction (BEGIN IMMEDIATE: the write lock
// is taken first). Its errors are classified: a store this process may not
// write, or another process's write lock held too long, is said so.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classified(err, s.dir)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return classified(err, s.dir)
	}
	return classified(tx.Commit(), s.dir)
}

// now is the current UTC time, RFC 3339 with milliseconds (run durations
// are computed from these).
func now() string { return timeText(time.Now()) }

const timeLayout = "2006-01-02T15:04:05.000Z07:00"
