package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"
)

// TestDamagedByCode: the damage SQLite itself finds, past the header
// checks Open makes first, is ErrDamaged by its result code (SQLITE_NOTADB,
// SQLITE_CORRUPT), for a writer and a reader; an SQL error whose text says
// "malformed" is not (it was, while errors were told apart by their text).
func TestDamagedByCode(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T) string // a data directory
		code   int
	}{
		{"SQLite's header on what is not a database", func(t *testing.T) string {
			// The magic checkFile looks for, then a page size of 3 bytes.
			dir := t.TempDir()
			b := make([]byte, 4096)
			copy(b, sqliteMagic)
			b[16], b[17] = 0, 3
			if err := os.WriteFile(Path(dir), b, 0o644); err != nil {
				t.Fatal(err)
			}
			return dir
		}, sqlite3.SQLITE_NOTADB},
		{"the schema page overwritten", func(t *testing.T) string {
			dir := filledStore(t)
			f, err := os.OpenFile(Path(dir), os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			garbage := make([]byte, 3000)
			for i := range garbage {
				garbage[i] = byte(i*7 + 3)
			}
			if _, err := f.WriteAt(garbage, 100); err != nil { // past the 100-byte header
				t.Fatal(err)
			}
			return dir
		}, sqlite3.SQLITE_CORRUPT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.damage(t)
			for name, open := range map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
				s, err := open(ctx, dir)
				if err == nil {
					s.Close()
				}
				if !errors.Is(err, ErrDamaged) || sqliteCode(err) != tc.code {
					t.Errorf("%s: %v (code %d); want ErrDamaged with SQLite's code %d", name, err, sqliteCode(err), tc.code)
				}
			}
		})
	}
	t.Run("an SQL error saying malformed", func(t *testing.T) {
		s, err := Open(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, err = s.db.ExecContext(ctx, `SELECT json('{"spans": [')`)
		if err == nil || !strings.Contains(err.Error(), "malformed") || sqliteCode(err) != sqlite3.SQLITE_ERROR {
			t.Fatalf("want SQLite's malformed JSON error: %v (code %d)", err, sqliteCode(err))
		}
		if got := damaged(err); errors.Is(got, ErrDamaged) {
			t.Errorf("damaged(%v) = %v: an error in a query is not a damaged store", err, got)
		}
	})
}
