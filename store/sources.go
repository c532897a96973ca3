package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/unpv/unpv"
)

// Source kinds.
const (
	KindPDF    = "pdf"    // a raw record file (PDF or pdftotext .txt) the extract stage parses
	KindRecord = "record" // an imported record whose speeches are already split (its JSON in RawPath, gzipped; Content in stores before schema 3)
)

// Source is one input document: the unit the pipeline tracks, skips and
// quarantines.
type Source struct {
	Document     string // stable key, e.g. "pdf:S/PV.8422"
	Kind         string // KindPDF or KindRecord
	Symbol       string
	Origin       string // bundled, import, fetch, local
	URL          string
	RawPath      string // raw file relative to the data directory (KindPDF; KindRecord since schema 3)
	SHA256       string // hash of the raw content
	Bytes        int64
	ETag         string
	LastModified string
	FetchedAt    string
	// Content is, for KindRecord sources recorded before schema version 3,
	// the record as JSON (see ImportedRecord); since, the JSON is a raw
	// file (RawPath, gzipped) and the store keeps no copy of its texts.
	Content []byte
}

// ImportedRecord is the JSON of a KindRecord source: its raw file (RawPath,
// gzipped), or Source.Content for records stored before schema version 3.
type ImportedRecord struct {
	Meeting  unpv.Meeting  `json:"meeting"`
	Speeches []unpv.Speech `json:"speeches"`
}

// PutSource records a source. It reports changed=true when the document is
// new or its content hash differs from the stored one.
func (s *Store) PutSource(ctx context.Context, src Source) (changed bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		changed, err = putSource(ctx, tx, src)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("put source %s: %w", src.Document, err)
	}
	return changed, nil
}

func putSource(ctx context.Context, tx *sql.Tx, src Source) (changed bool, err error) {
	if src.Document == "" || src.SHA256 == "" {
		return false, fmt.Errorf("document and sha256 are required")
	}
	if src.FetchedAt == "" {
		src.FetchedAt = now()
	}
	var old string
	err = tx.QueryRowContext(ctx, `SELECT sha256 FROM sources WHERE document = ?`, src.Document).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		changed = true
	case err != nil:
		return false, err
	default:
		changed = old != src.SHA256
	}
	if !changed {
		// Same content: keep the row (and its first fetch time) but record
		// new validators, and the size when known (a record split from a
		// stored one had none).
		_, err := tx.ExecContext(ctx, `UPDATE sources SET url = ?1, etag = ?2, last_modified = ?3, origin = ?4,
			bytes = CASE WHEN ?5 > 0 THEN ?5 ELSE bytes END WHERE document = ?6`,
			src.URL, src.ETag, src.LastModified, src.Origin, src.Bytes, src.Document)
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sources(document, kind, symbol, origin, url, raw_path, sha256, bytes,
		etag, last_modified, fetched_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(document) DO UPDATE SET kind = excluded.kind, symbol = excluded.symbol, origin = excluded.origin,
		url = excluded.url, raw_path = excluded.raw_path, sha256 = excluded.sha256, bytes = excluded.bytes,
		etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,
		content = excluded.content`,
		src.Document, src.Kind, src.Symbol, src.Origin, src.URL, src.RawPath, src.SHA256, src.Bytes,
		src.ETag, src.LastModified, src.FetchedAt, src.Content)
	return true, err
}

// SplitSource replaces the document old by the sources parts, in one
// transaction: a crash leaves either the old document or the parts. The
// pipeline uses it to move a general-debate session stored as one document
// into one document per statement. The speeches keep, part document →
// speech IDs, go to their part with their sentences, mentions and stances,
// so that the store holds them until the parts are extracted (the parts
// have no stage state: the next extract stage does them again); the rest
// of old, and everything derived from it, is deleted.
func (s *Store) SplitSource(ctx context.Context, old string, parts []Source, keep map[string][]string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range parts {
			if _, err := putSource(ctx, tx, p); err != nil {
				return fmt.Errorf("%s: %w", p.Document, err)
			}
			for _, id := range keep[p.Document] {
				if _, err := tx.ExecContext(ctx, `UPDATE speeches SET document = ? WHERE id = ? AND document = ?`, p.Document, id, old); err != nil {
					return fmt.Errorf("%s: %w", p.Document, err)
				}
			}
		}
		return deleteSource(ctx, tx, old)
	})
	if err != nil {
		return fmt.Errorf("split source %s: %w", old, err)
	}
	return nil
}

const sourceCols = `document, kind, symbol, origin, url, raw_path, sha256, bytes, etag, last_modified, fetched_at`

func scanSource(sc interface{ Scan(...any) error }, withContent bool) (Source, error) {
	var src Source
	dest := []any{&src.Document, &src.Kind, &src.Symbol, &src.Origin, &src.URL, &src.RawPath, &src.SHA256,
		&src.Bytes, &src.ETag, &src.LastModified, &src.FetchedAt}
	if withContent {
		dest = append(dest, &src.Content)
	}
	return src, sc.Scan(dest...)
}

// Source returns one source with its content; unpv.ErrNotFound when absent.
func (s *Store) Source(ctx context.Context, document string) (Source, error) {
	src, err := scanSource(s.db.QueryRowContext(ctx, `SELECT `+sourceCols+`, content FROM sources WHERE document = ?`, document), true)
	if errors.Is(err, sql.ErrNoRows) {
		return src, fmt.Errorf("source %s: %w", document, unpv.ErrNotFound)
	}
	if err != nil {
		return src, fmt.Errorf("source %s: %w", document, err)
	}
	return src, nil
}

// Sources lists every source without its content, ordered by document key.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY document`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		src, err := scanSource(rows, false)
		if err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// SourcesWithContent lists the sources whose content the store still holds
// (imported records recorded before schema version 3), by document key.
func (s *Store) SourcesWithContent(ctx context.Context) ([]string, error) {
	out, err := s.strings(ctx, `SELECT document FROM sources WHERE content IS NOT NULL ORDER BY document`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// MoveContent records that a source's content is now the raw file rawPath
// (relative to the data directory): the store drops its copy.
func (s *Store) MoveContent(ctx context.Context, document, rawPath string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sources SET raw_path = ?, content = NULL WHERE document = ?`, rawPath, document)
		return err
	})
	if err != nil {
		return fmt.Errorf("move content of %s: %w", document, err)
	}
	return nil
}

// Vacuum rewrites the store without its free pages, so that the file
// shrinks after much was deleted, and checkpoints the write-ahead log.
func (s *Store) Vacuum(ctx context.Context) error {
	for _, q := range []string{`VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, classified(err, s.dir))
		}
	}
	return nil
}

// CompactIfSparse vacuums the store (Vacuum) when a quarter or more of
// its pages, and more than 1 MiB, are free, and reports whether it did.
// Those are what a compaction that did not finish leaves (a run killed
// while it vacuumed after a migration or after moving records' JSON out of
// the store: the next run had nothing left to move and kept the file at
// its size), and what a large removal leaves; ordinary runs reuse the
// pages they free.
func (s *Store) CompactIfSparse(ctx context.Context) (bool, error) {
	var pages, free, size int64
	for _, p := range []struct {
		q string
		v *int64
	}{{`PRAGMA page_count`, &pages}, {`PRAGMA freelist_count`, &free}, {`PRAGMA page_size`, &size}} {
		if err := s.db.QueryRowContext(ctx, p.q).Scan(p.v); err != nil {
			return false, fmt.Errorf("compact: %w", err)
		}
	}
	if free*4 < pages || free*size <= 1<<20 {
		return false, nil
	}
	return true, s.Vacuum(ctx)
}

// DeleteSource removes a document and everything derived from it, in one transaction.
func (s *Store) DeleteSource(ctx context.Context, document string) error {
	if err := s.tx(ctx, func(tx *sql.Tx) error { return deleteSource(ctx, tx, document) }); err != nil {
		return fmt.Errorf("delete source %s: %w", document, err)
	}
	return nil
}

func deleteSource(ctx context.Context, tx *sql.Tx, document string) error {
	if err := deleteDerived(ctx, tx, document, StageExtract); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM stage_state WHERE document = ?`, `DELETE FROM quarantine WHERE document = ?`,
		`DELETE FROM sources WHERE document = ?`} {
		if _, err := tx.ExecContext(ctx, q, document); err != nil {
			return err
		}
	}
	return nil
}

// deleteDerived removes a document's rows written by stage and by every
// stage after it. The meetings the document held are merged again from the
// documents that still hold them, or go when nothing refers to them any
// more (several general-debate statements share one meeting; the last one
// out removes it).
func deleteDerived(ctx context.Context, tx *sql.Tx, document, stage string) error {
	symbols, err := deleteDerivedRows(ctx, tx, document, stage)
	if err != nil {
		return err
	}
	for _, sym := range symbols {
		if err := mergeMeeting(ctx, tx, sym); err != nil {
			return err
		}
	}
	return nil
}

// deleteDerivedRows is deleteDerived but for the meetings, whose symbols
// it returns for the caller to merge again.
func deleteDerivedRows(ctx context.Context, tx *sql.Tx, document, stage string) ([]string, error) {
	// Mentions, stances and sentence spans belong to the document's
	// speeches: they go first, while the speeches still say whose they are.
	ofSpeeches := []string{"mentions", "stances"}
	var tables []string
	if stage == StageExtract {
		ofSpeeches = append(ofSpeeches, "sentence_spans")
		tables = append(tables, "vote_positions", "events")
	}
	var symbols []string
	if stage == StageExtract {
		var err error
		if symbols, err = queryStrings(ctx, tx, `SELECT symbol FROM speeches WHERE document = ?1 UNION
			SELECT symbol FROM votes WHERE document = ?1 UNION SELECT symbol FROM events WHERE document = ?1
			UNION SELECT symbol FROM meeting_documents WHERE document = ?1`, document); err != nil {
			return nil, err
		}
		tables = append(tables, "votes", "speeches", "meeting_documents")
	}
	for _, t := range ofSpeeches {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE speech_id IN (SELECT id FROM speeches WHERE document = ?)`, document); err != nil {
			return nil, err
		}
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE document = ?`, document); err != nil {
			return nil, err
		}
	}
	if stage == StageExtract {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stage_state WHERE document = ? AND stage <> ?`, document, StageExtract); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quarantine WHERE document = ? AND stage <> ?`, document, StageExtract); err != nil {
			return nil, err
		}
	}
	return symbols, nil
}
