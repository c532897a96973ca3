package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Tables lists the store's tables in dependency order.
var Tables = []string{"sources", "meetings", "meeting_documents", "speeches", "sentence_spans", "votes", "vote_positions", "events",
	"mentions", "stances", "stage_state", "quarantine", "runs", "run_stages", "run_skipped", "coders", "coder_sessions", "codings"}

// Counts returns the number of rows in each table.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range Tables {
		var n int64
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	// Sentences are spans in sentence_spans, one row per speech.
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(json_array_length(spans)), 0) FROM sentence_spans`).Scan(&n); err != nil {
		return nil, fmt.Errorf("count sentences: %w", err)
	}
	out["sentences"] = n
	return out, nil
}

// dumpSkip lists what a canonical dump leaves out: wall-clock times, the
// run log and the annotation page's sessions, which differ between otherwise
// identical runs.
var dumpSkip = map[string]bool{"runs": true, "run_stages": true, "run_skipped": true, "coder_sessions": true,
	"fetched_at": true, "done_at": true, "at": true, "created_at": true}

// Dump writes every table except the run log as JSON lines, one per row,
// rows in primary-key order and timestamps left out, so that two stores
// holding the same data dump byte-identically. A table the store's schema
// does not have yet is left out (the migration tests dump stores of older
// versions).
func (s *Store) Dump(ctx context.Context, w io.Writer) error {
	for _, t := range Tables {
		if dumpSkip[t] {
			continue
		}
		var have int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, t).Scan(&have); err != nil {
			return fmt.Errorf("dump %s: %w", t, err)
		}
		if have == 0 {
			continue
		}
		probe, err := s.db.QueryContext(ctx, `SELECT * FROM `+t+` LIMIT 0`)
		if err != nil {
			return fmt.Errorf("dump %s: %w", t, err)
		}
		cols, _ := probe.Columns()
		probe.Close()
		// Order by every column: rowids differ between runs, content does not.
		order := make([]string, len(cols))
		for i := range cols {
			order[i] = fmt.Sprint(i + 1)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT * FROM `+t+` ORDER BY `+strings.Join(order, ", "))
		if err != nil {
			return fmt.Errorf("dump %s: %w", t, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			rec := map[string]any{"table": t}
			for i, c := range cols {
				if dumpSkip[c] {
					continue
				}
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				rec[c] = vals[i]
			}
			line, err := json.Marshal(rec)
			if err != nil {
				rows.Close()
				return err
			}
			if _, err := fmt.Fprintf(w, "%s\n", line); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
