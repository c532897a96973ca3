package corpora

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/unpv/unpv"
)

// Source kinds.
const (
	KindPDF    = "pdf"    // a raw record file (PDF or pdftotext .txt) the extract stage parses
	KindRecord = "record" // an imported record whose speeches are already split (Content holds it as JSON)
)

// Source is one input document: the unit the pipeline tracks, skips and
// quarantines.
type Source struct {
	Document     string // stable key, e.g. "pdf:S/PV.8422"
	Kind         string // KindPDF or KindRecord
	Symbol       string
	Origin       string // bundled, import, fetch, local
	URL          string
	RawPath      string // raw file relative to the data directory (KindPDF)
	SHA256       string // hash of the raw content
	Bytes        int64
	ETag         string
	LastModified string
	FetchedAt    string
	Content      []byte // KindRecord: the record as JSON (see ImportedRecord)
}

// ImportedRecord is the JSON stored in Source.Content for KindRecord sources.
type ImportedRecord struct {
	Meeting  unpv.Meeting  `json:"meeting"`
	Speeches []unpv.Speech `json:"speeches"`
}

// Extraction is what the extract stage writes for one document.
type Extraction struct {
	Meeting   unpv.Meeting
	Speeches  []unpv.Speech
	Votes     []unpv.Vote
	Events    []unpv.Event
	Sentences []unpv.Sentence
}

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

// ErrConflict marks a document whose rows collide with another document's
// (the same speech ID from two sources). It wraps unpv.ErrBadDocument so the
// runner quarantines the later document.
var ErrConflict = fmt.Errorf("%w: conflicts with another document", unpv.ErrBadDocument)

// PutSource records a source. It reports changed=true when the document is
// new or its content hash differs from the stored one.
func (s *Store) PutSource(ctx context.Context, src Source) (changed bool, err error) {
	if src.Document == "" || src.SHA256 == "" {
		return false, fmt.Errorf("put source: document and sha256 are required")
	}
	if src.FetchedAt == "" {
		src.FetchedAt = now()
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT sha256 FROM sources WHERE document = ?`, src.Document).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			changed = true
		case err != nil:
			return err
		default:
			changed = old != src.SHA256
		}
		if !changed {
			// Same content: keep the row (and its first fetch time) but record new validators.
			_, err := tx.ExecContext(ctx, `UPDATE sources SET url = ?, etag = ?, last_modified = ?, origin = ?
				WHERE document = ?`, src.URL, src.ETag, src.LastModified, src.Origin, src.Document)
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sources(document, kind, symbol, origin, url, raw_path, sha256, bytes,
			etag, last_modified, fetched_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(document) DO UPDATE SET kind = excluded.kind, symbol = excluded.symbol, origin = excluded.origin,
			url = excluded.url, raw_path = excluded.raw_path, sha256 = excluded.sha256, bytes = excluded.bytes,
			etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,
			content = excluded.content`,
			src.Document, src.Kind, src.Symbol, src.Origin, src.URL, src.RawPath, src.SHA256, src.Bytes,
			src.ETag, src.LastModified, src.FetchedAt, src.Content)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("put source %s: %w", src.Document, err)
	}
	return changed, nil
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

// DeleteSource removes a document and everything derived from it, in one transaction.
func (s *Store) DeleteSource(ctx context.Context, document string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
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
	})
	if err != nil {
		return fmt.Errorf("delete source %s: %w", document, err)
	}
	return nil
}

// deleteDerived removes a document's rows written by stage and by every stage after it.
func deleteDerived(ctx context.Context, tx *sql.Tx, document, stage string) error {
	tables := []string{"mentions", "stances"}
	if stage == StageExtract {
		tables = append(tables, "sentences", "vote_positions", "events")
	}
	var symbols []string
	if stage == StageExtract {
		rows, err := tx.QueryContext(ctx, `SELECT symbol FROM speeches WHERE document = ?1 UNION
			SELECT symbol FROM votes WHERE document = ?1 UNION SELECT symbol FROM events WHERE document = ?1`, document)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sym string
			if err := rows.Scan(&sym); err != nil {
				rows.Close()
				return err
			}
			symbols = append(symbols, sym)
		}
		rows.Close()
		tables = append(tables, "votes", "speeches")
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE document = ?`, document); err != nil {
			return err
		}
	}
	if stage == StageExtract {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stage_state WHERE document = ? AND stage <> ?`, document, StageExtract); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quarantine WHERE document = ? AND stage <> ?`, document, StageExtract); err != nil {
			return err
		}
	}
	// A meeting goes when nothing refers to it any more (several general-debate
	// statements share one meeting; the last one out removes it).
	for _, sym := range symbols {
		if _, err := tx.ExecContext(ctx, `DELETE FROM meetings WHERE symbol = ?1
			AND NOT EXISTS (SELECT 1 FROM speeches WHERE symbol = ?1)
			AND NOT EXISTS (SELECT 1 FROM votes WHERE symbol = ?1)
			AND NOT EXISTS (SELECT 1 FROM events WHERE symbol = ?1)`, sym); err != nil {
			return err
		}
	}
	return nil
}

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

// ReplaceExtraction replaces everything a document's extraction produced
// (and drops its now-stale mentions and stances) and records the stage
// state, in one transaction: a crash leaves either the old rows or the new.
func (s *Store) ReplaceExtraction(ctx context.Context, document string, ex *Extraction, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := deleteDerived(ctx, tx, document, StageExtract); err != nil {
			return err
		}
		m := ex.Meeting
		if m.Symbol != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meetings(`+meetingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(symbol) DO UPDATE SET body = excluded.body, meeting = excluded.meeting,
				resumption = excluded.resumption, session = excluded.session, date = excluded.date,
				agenda = CASE WHEN excluded.agenda <> '' THEN excluded.agenda ELSE meetings.agenda END,
				pages = MAX(meetings.pages, excluded.pages)`,
				m.Symbol, string(m.Body), m.Meeting, m.Resumption, m.Session, m.Date, m.Agenda, m.Pages); err != nil {
				return err
			}
		}
		if err := insertSpeeches(ctx, tx, document, ex.Speeches); err != nil {
			return err
		}
		if err := insertSentences(ctx, tx, document, ex.Sentences); err != nil {
			return err
		}
		if err := insertVotes(ctx, tx, document, ex.Votes); err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, document, ex.Events); err != nil {
			return err
		}
		st.Document, st.Stage, st.Status = document, StageExtract, StatusDone
		return putState(ctx, tx, st)
	})
	if err != nil {
		return fmt.Errorf("store extraction of %s: %w", document, err)
	}
	return nil
}

// owner reports which other document holds a row with this key, if any.
func owner(ctx context.Context, tx *sql.Tx, q, document string, args ...any) string {
	var doc string
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&doc); err != nil || doc == document {
		return ""
	}
	return doc
}

func insertSpeeches(ctx context.Context, tx *sql.Tx, document string, sps []unpv.Speech) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO speeches(document, `+speechCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, sp := range sps {
		if sp.ID == "" {
			sp.ID = unpv.SpeechID(sp.Symbol, sp.Seq)
		}
		if _, err := stmt.ExecContext(ctx, document, sp.ID, sp.Symbol, string(sp.Body), sp.Meeting, sp.Resumption,
			sp.Date, sp.Seq, sp.Speaker, sp.SpeakerName, sp.Delegation, sp.DelegationCode, string(sp.Role),
			sp.Language, sp.OnBehalfOf, sp.Page, sp.Text); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM speeches WHERE id = ?`, document, sp.ID); doc != "" {
				return fmt.Errorf("%w: speech %s is already stored from %s", ErrConflict, sp.ID, doc)
			}
			return fmt.Errorf("speech %s: %w", sp.ID, err)
		}
	}
	return nil
}

// sentenceBatch is how many sentences go into one INSERT: a speech has tens
// of sentences and a corpus millions, and one statement per row costs more
// than the row.
const sentenceBatch = 64

func insertSentences(ctx context.Context, tx *sql.Tx, document string, ses []unpv.Sentence) error {
	const cols = `INSERT INTO sentences(id, document, speech_id, n, start_offset, end_offset, text) VALUES `
	row := "(?, ?, ?, ?, ?, ?, ?)"
	full, err := tx.PrepareContext(ctx, cols+strings.TrimSuffix(strings.Repeat(row+", ", sentenceBatch), ", "))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, 7*sentenceBatch)
	for len(ses) > 0 {
		n := min(len(ses), sentenceBatch)
		args = args[:0]
		for _, se := range ses[:n] {
			args = append(args, se.ID, document, se.SpeechID, se.N, se.Start, se.End, se.Text)
		}
		if n == sentenceBatch {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, cols+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), args...)
		}
		if err != nil {
			return fmt.Errorf("sentences %s…: %w", ses[0].ID, err)
		}
		ses = ses[n:]
	}
	return nil
}

func insertVotes(ctx context.Context, tx *sql.Tx, document string, votes []unpv.Vote) error {
	for i, v := range votes {
		n := i + 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes(symbol, n, document, draft, subject, total_in_favour,
			total_against, total_abstaining, outcome, mismatch, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.Symbol, n, document, v.Draft, v.Subject, v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining,
			v.Outcome, v.Mismatch, v.Page); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM votes WHERE symbol = ? AND n = ?`, document, v.Symbol, n); doc != "" {
				return fmt.Errorf("%w: votes of %s are already stored from %s", ErrConflict, v.Symbol, doc)
			}
			return fmt.Errorf("vote %s #%d: %w", v.Symbol, n, err)
		}
		for _, l := range []struct {
			pos  string
			dels []string
		}{{PositionInFavour, v.InFavour}, {PositionAgainst, v.Against}, {PositionAbstaining, v.Abstaining}} {
			for _, d := range l.dels {
				// OR IGNORE: a delegation printed twice in one list is one position.
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO vote_positions(symbol, n, document, position, delegation)
					VALUES (?, ?, ?, ?, ?)`, v.Symbol, n, document, l.pos, d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func insertEvents(ctx context.Context, tx *sql.Tx, document string, evs []unpv.Event) error {
	for i, e := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO events(symbol, n, document, after_seq, kind, time, text, page)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Symbol, i+1, document, e.After, e.Kind, e.Time, e.Text, e.Page); err != nil {
			if doc := owner(ctx, tx, `SELECT document FROM events WHERE symbol = ? AND n = ?`, document, e.Symbol, i+1); doc != "" {
				return fmt.Errorf("%w: events of %s are already stored from %s", ErrConflict, e.Symbol, doc)
			}
			return fmt.Errorf("event %s #%d: %w", e.Symbol, i+1, err)
		}
	}
	return nil
}

// speechOfSentence recovers "symbol#seq" from "symbol#seq.n".
func speechOfSentence(id string) string {
	if i := strings.LastIndexByte(id, '.'); i > strings.LastIndexByte(id, '#') {
		return id[:i]
	}
	return id
}

// ReplaceClassification replaces a document's mentions and stances and
// records the classify state, in one transaction.
func (s *Store) ReplaceClassification(ctx context.Context, document string, ms []unpv.Mention, sts []unpv.Stance, st StageState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := deleteDerived(ctx, tx, document, StageClassify); err != nil {
			return err
		}
		mstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO mentions(sentence_id, speech_id, document, target, surface,
			start_offset, end_offset, coref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer mstmt.Close()
		for _, m := range ms {
			if _, err := mstmt.ExecContext(ctx, m.SentenceID, speechOfSentence(m.SentenceID), document, m.Target, m.Surface,
				m.Start, m.End, m.Coref); err != nil {
				return fmt.Errorf("mention in %s: %w", m.SentenceID, err)
			}
		}
		sstmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO stances(sentence_id, speech_id, document, target, label,
			confidence, evidence, relation, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer sstmt.Close()
		for _, x := range sts {
			if _, err := sstmt.ExecContext(ctx, x.SentenceID, speechOfSentence(x.SentenceID), document, x.Target,
				string(x.Label), x.Confidence, x.Evidence, string(x.Relation), x.Model); err != nil {
				return fmt.Errorf("stance in %s: %w", x.SentenceID, err)
			}
		}
		st.Document, st.Stage, st.Status = document, StageClassify, StatusDone
		return putState(ctx, tx, st)
	})
	if err != nil {
		return fmt.Errorf("store classification of %s: %w", document, err)
	}
	return nil
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
	Stage       string        `json:"stage"`
	Processed   int           `json:"processed"`
	Skipped     int           `json:"skipped"`
	Quarantined int           `json:"quarantined"`
	Deleted     int           `json:"deleted"`
	Duration    time.Duration `json:"-"`
	DurationMS  int64         `json:"duration_ms"`
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
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO run_stages(run_id, stage, processed, skipped,
				quarantined, deleted, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, rs.Stage, rs.Processed, rs.Skipped,
				rs.Quarantined, rs.Deleted, rs.Duration.Milliseconds()); err != nil {
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
			return nil, err
		}
		r.Stages = []RunStage{}
		out = append(out, r)
	}
	rows.Close()
	for i := range out {
		srows, err := s.db.QueryContext(ctx, `SELECT stage, processed, skipped, quarantined, deleted, duration_ms
			FROM run_stages WHERE run_id = ? ORDER BY rowid`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for srows.Next() {
			var rs RunStage
			if err := srows.Scan(&rs.Stage, &rs.Processed, &rs.Skipped, &rs.Quarantined, &rs.Deleted, &rs.DurationMS); err != nil {
				srows.Close()
				return nil, err
			}
			rs.Duration = time.Duration(rs.DurationMS) * time.Millisecond
			out[i].Stages = append(out[i].Stages, rs)
		}
		srows.Close()
	}
	return out, nil
}

// Tables lists the store's tables in dependency order.
var Tables = []string{"sources", "meetings", "speeches", "sentences", "votes", "vote_positions", "events",
	"mentions", "stances", "stage_state", "quarantine", "runs", "run_stages"}

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
	return out, nil
}

// dumpSkip lists what a canonical dump leaves out: wall-clock times and the
// run log, which differ between otherwise identical runs.
var dumpSkip = map[string]bool{"runs": true, "run_stages": true, "fetched_at": true, "done_at": true, "at": true}

// Dump writes every table except the run log as JSON lines, one per row,
// rows in primary-key order and timestamps left out, so that two stores
// holding the same data dump byte-identically.
func (s *Store) Dump(ctx context.Context, w io.Writer) error {
	for _, t := range Tables {
		if dumpSkip[t] {
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
