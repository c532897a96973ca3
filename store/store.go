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
// counts and dumps tables.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
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
var migrations = []string{"schema_v1.sql", "schema_v2.sql"}

// Store is the canonical SQLite store: the source of truth for everything
// the pipeline derives. It is safe for concurrent use; SQLite serialises
// writers and WAL mode lets readers run beside the one writer.
type Store struct {
	db  *sql.DB
	dir string
}

// Open opens (creating if needed) DATA/unpv.db in WAL mode with a busy
// timeout and brings its schema up to date.
func Open(ctx context.Context, dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	path := filepath.Join(dataDir, File)
	// synchronous(NORMAL) in WAL mode loses no committed transaction when the
	// process is killed (only on power loss), which is the crash we guard against.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, dir: dataDir}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
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
	for v := have + 1; v <= len(migrations); v++ {
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
				return fmt.Errorf("migration %d: %w", v, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, v, now())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Exists reports whether dataDir holds a store. Commands that only read
// check it first: opening creates the store.
func Exists(dataDir string) bool {
	_, err := os.Stat(filepath.Join(dataDir, File))
	return err == nil
}

// Path is the store's file in dataDir.
func Path(dataDir string) string { return filepath.Join(dataDir, File) }

// SchemaVersion is the number of migrations this build applies.
func SchemaVersion() int { return len(migrations) }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dir is the data directory the store lives in.
func (s *Store) Dir() string { return s.dir }

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// now is the current UTC time, RFC 3339 with milliseconds (run durations
// are computed from these).
func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00") }
