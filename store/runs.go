package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/unpv/unpv"
)

// Stage state statuses.
const (
	StatusDone        = "done"
	StatusQuarantined = "quarantined"
)

// StageState records what a stage last did with a document.
type StageState struct {
	Document   string `json:"document"`
	Stage      string `json:"stage"`
	InputHash  string `json:"input_hash"`
	Version    string `json:"stage_version"`
	OutputHash string `json:"output_hash,omitempty"`
	Status     string `json:"status"`
	DoneAt     string `json:"done_at"`
}

// Stage names the store knows about; extraction rows belong to StageExtract,
// mentions and stances to StageClassify.
const (
	StageExtract  = "extract"
	StageClassify = "classify"
)

func putState(ctx context.Context, tx *sql.Tx, st StageState) error {
	if st.DoneAt == "" {
		st.DoneAt = now()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO stage_state(document, stage, input_hash, stage_version, output_hash, status, done_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(document, stage) DO UPDATE SET input_hash = excluded.input_hash,
		stage_version = excluded.stage_version, output_hash = excluded.output_hash, status = excluded.status,
		done_at = excluded.done_at`, st.Document, st.Stage, st.InputHash, st.Version, st.OutputHash, st.Status, st.DoneAt)
	if err != nil {
		return err
	}
	if st.Status == StatusDone {
		_, err = tx.ExecContext(ctx, `DELETE FROM quarantine WHERE document = ? AND stage = ?`, st.Document, st.Stage)
	}
	return err
}

// SetStageState records a stage's state for a document (used when a stage's
// output is unchanged, and by corpus-wide stages).
func (s *Store) SetStageState(ctx context.Context, st StageState) error {
	if err := s.tx(ctx, func(tx *sql.Tx) error { return putState(ctx, tx, st) }); err != nil {
		return fmt.Errorf("stage state %s/%s: %w", st.Document, st.Stage, err)
	}
	return nil
}

// StageStates returns the recorded state of every document for one stage.
func (s *Store) StageStates(ctx context.Context, stage string) (map[string]StageState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT document, stage, input_hash, stage_version, output_hash, status, done_at
		FROM stage_state WHERE stage = ?`, stage)
	if err != nil {
		return nil, fmt.Errorf("stage states %s: %w", stage, err)
	}
	defer rows.Close()
	out := map[string]StageState{}
	for rows.Next() {
		var st StageState
		if err := rows.Scan(&st.Document, &st.Stage, &st.InputHash, &st.Version, &st.OutputHash, &st.Status, &st.DoneAt); err != nil {
			return nil, err
		}
		out[st.Document] = st
	}
	return out, rows.Err()
}

// QuarantineEntry is a document a stage could not process.
type QuarantineEntry struct {
	Document string `json:"document"`
	Stage    string `json:"stage"`
	Reason   string `json:"reason"`
	At       string `json:"at"`
}

// Quarantine records that stage could not process document, removes the
// document's rows from that stage onwards (they would be stale) and records
// the state so that the document is retried only when its input or the
// stage version changes. All in one transaction.
func (s *Store) Quarantine(ctx context.Context, st StageState, reason string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if st.Stage == StageExtract || st.Stage == StageClassify {
			if err := deleteDerived(ctx, tx, st.Document, st.Stage); err != nil {
				return err
			}
		}
		st.Status = StatusQuarantined
		if err := putState(ctx, tx, st); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO quarantine(document, stage, reason, at) VALUES (?, ?, ?, ?)
			ON CONFLICT(document, stage) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
			st.Document, st.Stage, reason, now())
		return err
	})
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", st.Document, err)
	}
	return nil
}

// Quarantined lists quarantined documents with their reasons.
func (s *Store) Quarantined(ctx context.Context) ([]QuarantineEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT document, stage, reason, at FROM quarantine ORDER BY document, stage`)
	if err != nil {
		return nil, fmt.Errorf("quarantine: %w", err)
	}
	defer rows.Close()
	out := []QuarantineEntry{}
	for rows.Next() {
		var q QuarantineEntry
		if err := rows.Scan(&q.Document, &q.Stage, &q.Reason, &q.At); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// RunStage is one stage's tally within a run.
type RunStage struct {
	Stage       string `json:"stage"`
	Processed   int    `json:"processed"`
	Skipped     int    `json:"skipped"`
	Quarantined int    `json:"quarantined"`
	// Failed counts the inputs that failed and are left for the next run:
	// the fetch stage's downloads (pipeline.FailedDownloads), not the
	// records not published yet, and an import's inputs skipped as bad
	// (pipeline.BadInputs), read again when they change.
	Failed     int           `json:"failed"`
	Deleted    int           `json:"deleted"`
	Duration   time.Duration `json:"-"`
	DurationMS int64         `json:"duration_ms"`
	// Inputs are the inputs the stage (an import) skipped as bad, each
	// with why: recorded with the stage's tallies, read back into the
	// run's Skipped.
	Inputs []SkippedInput `json:"-"`
}

// SkippedInput is an input an import could not read and skipped: a file
// (its path) or a meeting (its symbol), with the stage that skipped it and
// why. The run log keeps them (schema 7), so that `unpv status` names an
// earlier run's skipped inputs, not only how many.
type SkippedInput struct {
	Stage  string `json:"stage"`
	Input  string `json:"input"`
	Reason string `json:"reason"`
}

// Run is one entry of the run log.
type Run struct {
	ID         int64      `json:"id"`
	StartedAt  string     `json:"started_at"`
	FinishedAt string     `json:"finished_at,omitempty"`
	Status     string     `json:"status"`
	Command    string     `json:"command"`
	PID        int        `json:"pid"`
	Error      string     `json:"error,omitempty"`
	Stages     []RunStage `json:"stages"`
	// Skipped lists the inputs the run's imports skipped as bad, in the
	// order of its stages (none for runs logged before schema 7).
	Skipped []SkippedInput `json:"skipped"`
}

// Run statuses.
const (
	RunRunning     = "running"
	RunOK          = "ok"
	RunPartial     = "partial" // finished, some documents quarantined
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
	RunKilled      = "killed" // found still "running" by a later run: the process died
)

// StartRun opens a run-log entry. The caller holds the data-directory lock,
// so any entry still marked running belongs to a process that died.
func (s *Store) StartRun(ctx context.Context, command string, pid int) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ? WHERE status = ?`, RunKilled, RunRunning); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO runs(started_at, status, command, pid) VALUES (?, ?, ?, ?)`,
			now(), RunRunning, command, pid)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// FinishRun closes a run-log entry with its status and per-stage tallies.
func (s *Store) FinishRun(ctx context.Context, id int64, status, errText string, stages []RunStage) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = ?, status = ?, error = ? WHERE id = ?`,
			now(), status, errText, id); err != nil {
			return err
		}
		for _, rs := range stages {
			if err := putRunStage(ctx, tx, id, rs); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	}
	return nil
}

// RecordRunStage records one stage's tallies as soon as the stage is done
// (FinishRun writes them all again): status then shows how far a running
// run got, and what a run that was killed had done.
func (s *Store) RecordRunStage(ctx context.Context, id int64, rs RunStage) error {
	if err := s.tx(ctx, func(tx *sql.Tx) error { return putRunStage(ctx, tx, id, rs) }); err != nil {
		return fmt.Errorf("record stage %s of run %d: %w", rs.Stage, id, err)
	}
	return nil
}

func putRunStage(ctx context.Context, tx *sql.Tx, id int64, rs RunStage) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO run_stages(run_id, stage, processed, skipped,
		quarantined, failed, deleted, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, rs.Stage, rs.Processed, rs.Skipped,
		rs.Quarantined, rs.Failed, rs.Deleted, rs.Duration.Milliseconds())
	if err != nil {
		return err
	}
	// FinishRun writes the stages RecordRunStage wrote again.
	if _, err := tx.ExecContext(ctx, `DELETE FROM run_skipped WHERE run_id = ? AND stage = ?`, id, rs.Stage); err != nil {
		return err
	}
	for i, in := range rs.Inputs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO run_skipped(run_id, stage, n, input, reason) VALUES (?, ?, ?, ?, ?)`,
			id, rs.Stage, i+1, in.Input, in.Reason); err != nil {
			return err
		}
	}
	return nil
}

// Runs returns the last n runs, newest first, with their stage tallies.
func (s *Store) Runs(ctx context.Context, n int) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, started_at, finished_at, status, command, pid, error
		FROM runs ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	out := []Run{}
	for rows.Next() {
		var r Run
		if err := rows.Scan(&r.ID, &r.StartedAt, &r.FinishedAt, &r.Status, &r.Command, &r.PID, &r.Error); err != nil {
			rows.Close()
			return nil, fmt.Errorf("runs: %w", err)
		}
		r.Stages, r.Skipped = []RunStage{}, []SkippedInput{}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	for i := range out {
		srows, err := s.db.QueryContext(ctx, `SELECT stage, processed, skipped, quarantined, failed, deleted, duration_ms
			FROM run_stages WHERE run_id = ? ORDER BY rowid`, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("run %d: stages: %w", out[i].ID, err)
		}
		for srows.Next() {
			var rs RunStage
			if err := srows.Scan(&rs.Stage, &rs.Processed, &rs.Skipped, &rs.Quarantined, &rs.Failed, &rs.Deleted, &rs.DurationMS); err != nil {
				srows.Close()
				return nil, fmt.Errorf("run %d: stages: %w", out[i].ID, err)
			}
			rs.Duration = time.Duration(rs.DurationMS) * time.Millisecond
			out[i].Stages = append(out[i].Stages, rs)
		}
		srows.Close()
		if err := srows.Err(); err != nil {
			return nil, fmt.Errorf("run %d: stages: %w", out[i].ID, err)
		}
		if out[i].Skipped, err = s.runSkipped(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runSkipped lists the inputs run id skipped as bad, in stage order.
func (s *Store) runSkipped(ctx context.Context, id int64) ([]SkippedInput, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT k.stage, k.input, k.reason FROM run_skipped k
		JOIN run_stages r ON r.run_id = k.run_id AND r.stage = k.stage
		WHERE k.run_id = ? ORDER BY r.rowid, k.n`, id)
	if err != nil {
		return nil, fmt.Errorf("inputs skipped by run %d: %w", id, err)
	}
	defer rows.Close()
	out := []SkippedInput{}
	for rows.Next() {
		var in SkippedInput
		if err := rows.Scan(&in.Stage, &in.Input, &in.Reason); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// StatesDigest is a hash of what every per-document stage last did with
// every document (status and output hash) and of the researchers' hand
// labels: a corpus-wide stage's input. It changes exactly when some
// document's stored output or some pair's hand label changed (a store
// without codings hashes as before they existed).
func (s *Store) StatesDigest(ctx context.Context) (string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT document, stage, status, output_hash FROM stage_state
		WHERE document <> ? ORDER BY document, stage`, CorpusDocument)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var doc, stage, status, out string
		if err := rows.Scan(&doc, &stage, &status, &out); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\n", doc, stage, status, out)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	err = s.eachHandLabel(ctx, func(_, id, target string, l unpv.Label) {
		fmt.Fprintf(h, "hand\x00%s\x00%s\x00%s\n", id, target, l)
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// DefaultKeepRuns is how many runs the run log keeps by default
// (PruneRuns): about three months of a nightly cron job, twenty times
// what `unpv status` lists unless asked (--runs 5).
const DefaultKeepRuns = 100

// keptRuns selects the runs PruneRuns keeps beside the last n: a run
// still running (its process may be alive: only a run that holds the lock
// marks it killed), the last run of each stage (the fetch's failed
// downloads and an import's skipped inputs are the last such run's: what
// is left for the next run), and the run during which each document still
// quarantined was quarantined (the last to start before its time: its
// error and tallies say what went wrong around it). Timestamps are one
// fixed-width UTC layout (timeLayout), so text order is time order. No
// row is NULL (a quarantine older than every run, the clock set back):
// NOT IN a set holding NULL is never true, and nothing would be pruned.
const keptRuns = `SELECT id FROM (SELECT id FROM runs ORDER BY id DESC LIMIT ?1)
	UNION SELECT id FROM runs WHERE status = '` + RunRunning + `'
	UNION SELECT MAX(run_id) FROM run_stages GROUP BY stage
	UNION SELECT MAX(r.id) FROM quarantine q JOIN runs r ON r.started_at <= q.at GROUP BY q.document, q.stage`

// PruneRuns deletes from the run log every run but the last keep ones and
// those keptRuns names, with their stage tallies and skipped inputs, and
// returns how many runs it deleted. A nightly run adds a run and a row per
// stage every night (about 2,500 rows a year), which the run log kept
// forever; nothing unpv reads later is in the runs deleted (status lists
// the last runs it is asked for). keep < 1 keeps one, the newest.
func (s *Store) PruneRuns(ctx context.Context, keep int) (int, error) {
	keep = max(keep, 1)
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM run_skipped WHERE run_id NOT IN (` + keptRuns + `)`,
			`DELETE FROM run_stages WHERE run_id NOT IN (` + keptRuns + `)`,
		} {
			if _, err := tx.ExecContext(ctx, q, keep); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE id NOT IN (`+keptRuns+`)`, keep)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune the run log: %w", err)
	}
	return int(n), nil
}
