-- unpv store, schema version 7. Documented in docs/store.md.
--
-- run_skipped: the inputs a run's imports skipped as bad, each with its
-- stage and why. The run log only counted them (run_stages.failed): the
-- names were in the run's --json summary and its warnings alone, so that
-- `unpv status` the next morning could not say which files were skipped.
-- Runs logged before name none.
CREATE TABLE run_skipped (
	run_id INTEGER NOT NULL,           -- runs.id
	stage  TEXT NOT NULL,              -- run_stages.stage: the import that skipped it
	n      INTEGER NOT NULL,           -- 1-based order within the stage
	input  TEXT NOT NULL,              -- a file's path or a meeting's symbol
	reason TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (run_id, stage, n)
) WITHOUT ROWID;

-- meeting_documents: the meeting values each document gave (a record, an
-- import of other turns, a general-debate statement). The meetings row is
-- merged from these (store.mergeMeeting), so that it reflects only the
-- documents that still hold the meeting: merged in place, a value only a
-- removed or re-extracted document gave stayed in the row.
CREATE TABLE meeting_documents (
	symbol     TEXT NOT NULL,             -- meetings.symbol
	document   TEXT NOT NULL,             -- sources.document
	body       TEXT NOT NULL,
	meeting    TEXT NOT NULL,
	resumption INTEGER NOT NULL DEFAULT 0,
	session    INTEGER NOT NULL DEFAULT 0,
	date       TEXT NOT NULL DEFAULT '',
	agenda     TEXT NOT NULL DEFAULT '',
	pages      INTEGER NOT NULL DEFAULT 0,
	-- 1: the meeting row as this migration found it, already merged from
	-- every document that held the meeting, not the document's own values.
	-- Such rows give way to every document's own (they merge first, as the
	-- earlier writes they were); extracting the document again replaces it.
	merged     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (symbol, document)
) WITHOUT ROWID;
CREATE INDEX meeting_documents_document ON meeting_documents(document);

-- A meeting no speech, vote or event refers to (a record extracted with
-- none) is credited to the sources of its symbol, so that removing them
-- removes it, as it does in a store written since.
INSERT INTO meeting_documents(symbol, document, body, meeting, resumption, session, date, agenda, pages, merged)
SELECT m.symbol, d.document, m.body, m.meeting, m.resumption, m.session, m.date, m.agenda, m.pages, 1
FROM meetings m
JOIN (SELECT symbol, document FROM speeches UNION SELECT symbol, document FROM votes
      UNION SELECT symbol, document FROM events
      UNION SELECT s.symbol, s.document FROM sources s WHERE s.symbol <> ''
        AND NOT EXISTS (SELECT 1 FROM speeches WHERE symbol = s.symbol)
        AND NOT EXISTS (SELECT 1 FROM votes WHERE symbol = s.symbol)
        AND NOT EXISTS (SELECT 1 FROM events WHERE symbol = s.symbol)) d ON d.symbol = m.symbol;
