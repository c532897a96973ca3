-- unpv store, schema version 1. Documented in docs/store.md.
-- Dates are ISO 8601 text ("2020-01-09", or a year "2018" for general-debate
-- statements); timestamps are RFC 3339 UTC text.

-- sources: one row per input document the pipeline processes (a verbatim
-- record PDF, an imported per-speech meeting record, a general-debate statement).
CREATE TABLE sources (
	document      TEXT PRIMARY KEY,           -- stable key, e.g. "pdf:S/PV.8422", "unsc-debates:S/PV.8699 (Resumption 1)"
	kind          TEXT NOT NULL,              -- "pdf" (raw file to extract) or "record" (imported speeches as JSON)
	symbol        TEXT NOT NULL DEFAULT '',   -- meeting symbol when known
	origin        TEXT NOT NULL DEFAULT '',   -- bundled, import, fetch, local
	url           TEXT NOT NULL DEFAULT '',   -- where it was fetched from
	raw_path      TEXT NOT NULL DEFAULT '',   -- raw file, relative to the data directory
	sha256        TEXT NOT NULL,              -- hash of the raw content: the extract stage's input hash
	bytes         INTEGER NOT NULL DEFAULT 0,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	fetched_at    TEXT NOT NULL DEFAULT '',
	content       BLOB                        -- kind=record: the imported record as JSON
);

CREATE TABLE meetings (
	symbol     TEXT PRIMARY KEY,              -- "S/PV.8699 (Resumption 1)"
	body       TEXT NOT NULL,                 -- SC or GA
	meeting    TEXT NOT NULL,                 -- base symbol without resumption
	resumption INTEGER NOT NULL DEFAULT 0,
	session    INTEGER NOT NULL DEFAULT 0,
	date       TEXT NOT NULL DEFAULT '',
	agenda     TEXT NOT NULL DEFAULT '',
	pages      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE speeches (
	id              TEXT PRIMARY KEY,         -- "symbol#seq"
	document        TEXT NOT NULL,            -- sources.document that produced it
	symbol          TEXT NOT NULL,            -- meetings.symbol
	body            TEXT NOT NULL,
	meeting         TEXT NOT NULL,
	resumption      INTEGER NOT NULL DEFAULT 0,
	date            TEXT NOT NULL DEFAULT '',
	seq             INTEGER NOT NULL,
	speaker         TEXT NOT NULL DEFAULT '', -- label as printed
	speaker_name    TEXT NOT NULL DEFAULT '',
	delegation      TEXT NOT NULL DEFAULT '', -- as printed
	delegation_code TEXT NOT NULL DEFAULT '', -- ISO alpha-3, historical code, organisation acronym or UN
	role            TEXT NOT NULL DEFAULT '',
	language        TEXT NOT NULL DEFAULT '',
	on_behalf_of    TEXT NOT NULL DEFAULT '',
	page            INTEGER NOT NULL DEFAULT 0,
	text            TEXT NOT NULL
);
CREATE INDEX speeches_document ON speeches(document);
CREATE INDEX speeches_symbol ON speeches(symbol, seq);
CREATE INDEX speeches_delegation ON speeches(delegation_code);

CREATE TABLE sentences (
	id           TEXT PRIMARY KEY,            -- "symbol#seq.n"
	document     TEXT NOT NULL,
	speech_id    TEXT NOT NULL,               -- speeches.id
	n            INTEGER NOT NULL,            -- 1-based position in the speech
	start_offset INTEGER NOT NULL,            -- byte offsets in speeches.text
	end_offset   INTEGER NOT NULL,
	text         TEXT NOT NULL
);
CREATE INDEX sentences_document ON sentences(document);
CREATE INDEX sentences_speech ON sentences(speech_id, n);

CREATE TABLE votes (
	symbol           TEXT NOT NULL,           -- meetings.symbol
	n                INTEGER NOT NULL,        -- 1-based order of the vote in the record
	document         TEXT NOT NULL,
	draft            TEXT NOT NULL DEFAULT '',
	subject          TEXT NOT NULL DEFAULT '',
	total_in_favour  INTEGER NOT NULL DEFAULT -1, -- as announced; -1 when not stated
	total_against    INTEGER NOT NULL DEFAULT -1,
	total_abstaining INTEGER NOT NULL DEFAULT -1,
	outcome          TEXT NOT NULL DEFAULT '',
	mismatch         TEXT NOT NULL DEFAULT '',
	page             INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (symbol, n)
);
CREATE INDEX votes_document ON votes(document);

-- vote_positions: one row per delegation per vote (tidy form of the lists).
CREATE TABLE vote_positions (
	symbol     TEXT NOT NULL,
	n          INTEGER NOT NULL,              -- votes.n
	document   TEXT NOT NULL,
	position   TEXT NOT NULL,                 -- in_favour, against, abstaining
	delegation TEXT NOT NULL,                 -- as printed
	PRIMARY KEY (symbol, n, position, delegation)
);
CREATE INDEX vote_positions_document ON vote_positions(document);

CREATE TABLE events (
	symbol    TEXT NOT NULL,
	n         INTEGER NOT NULL,               -- 1-based order in the record
	document  TEXT NOT NULL,
	after_seq INTEGER NOT NULL DEFAULT 0,     -- seq of the speech it follows; 0 before the first
	kind      TEXT NOT NULL,
	time      TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL DEFAULT '',
	page      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (symbol, n)
);
CREATE INDEX events_document ON events(document);

CREATE TABLE mentions (
	sentence_id  TEXT NOT NULL,               -- sentences.id
	speech_id    TEXT NOT NULL,
	document     TEXT NOT NULL,
	target       TEXT NOT NULL,               -- organisation acronym
	surface      TEXT NOT NULL,
	start_offset INTEGER NOT NULL,            -- byte offsets in the sentence
	end_offset   INTEGER NOT NULL,
	coref        INTEGER NOT NULL DEFAULT 0,  -- 1 when resolved from "the Organization" etc.
	PRIMARY KEY (sentence_id, start_offset, end_offset, target)
);
CREATE INDEX mentions_document ON mentions(document);

CREATE TABLE stances (
	sentence_id TEXT NOT NULL,                -- sentences.id
	speech_id   TEXT NOT NULL,
	document    TEXT NOT NULL,
	target      TEXT NOT NULL,
	label       TEXT NOT NULL,                -- recognition, counter, neutral
	confidence  REAL NOT NULL,
	evidence    TEXT NOT NULL DEFAULT '',
	relation    TEXT NOT NULL DEFAULT '',     -- self, member, third
	model       TEXT NOT NULL DEFAULT '',     -- classifier version
	PRIMARY KEY (sentence_id, target)
);
CREATE INDEX stances_document ON stances(document);
CREATE INDEX stances_target ON stances(target, label);

-- stage_state: what each per-document stage last did with each document.
-- A stage skips a document whose input_hash and stage_version are unchanged.
-- Corpus-wide stages (index, report) use document '(corpus)'.
CREATE TABLE stage_state (
	document      TEXT NOT NULL,
	stage         TEXT NOT NULL,              -- extract, classify, index, report
	input_hash    TEXT NOT NULL,
	stage_version TEXT NOT NULL,
	output_hash   TEXT NOT NULL DEFAULT '',   -- hash of what the stage wrote: the next stage's input
	status        TEXT NOT NULL,              -- done or quarantined
	done_at       TEXT NOT NULL,
	PRIMARY KEY (document, stage)
);

CREATE TABLE quarantine (
	document TEXT NOT NULL,
	stage    TEXT NOT NULL,
	reason   TEXT NOT NULL,
	at       TEXT NOT NULL,
	PRIMARY KEY (document, stage)
);

CREATE TABLE runs (
	id          INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,
	finished_at TEXT NOT NULL DEFAULT '',     -- empty while running or when the run was killed
	status      TEXT NOT NULL DEFAULT 'running', -- running, ok, partial, failed, interrupted
	command     TEXT NOT NULL DEFAULT '',
	pid         INTEGER NOT NULL DEFAULT 0,
	error       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE run_stages (
	run_id      INTEGER NOT NULL,             -- runs.id
	stage       TEXT NOT NULL,
	processed   INTEGER NOT NULL DEFAULT 0,   -- documents (re)done
	skipped     INTEGER NOT NULL DEFAULT 0,   -- unchanged, not redone
	quarantined INTEGER NOT NULL DEFAULT 0,
	deleted     INTEGER NOT NULL DEFAULT 0,   -- documents whose superseded rows were removed
	duration_ms INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (run_id, stage)
);

-- stance_rows: every stance with its sentence, speech and meeting; the table
-- most analyses start from.
CREATE VIEW stance_rows AS
SELECT st.sentence_id, st.target, st.label, st.confidence, st.evidence, st.relation, st.model,
       sp.id AS speech_id, sp.symbol, sp.meeting, sp.date, sp.body, sp.speaker, sp.speaker_name,
       sp.delegation, sp.delegation_code, sp.role, COALESCE(m.agenda, '') AS agenda,
       se.text AS sentence
FROM stances st
JOIN sentences se ON se.id = st.sentence_id
JOIN speeches sp ON sp.id = se.speech_id
LEFT JOIN meetings m ON m.symbol = sp.symbol;

-- vote_rows: one row per delegation per recorded vote, with the vote's draft and totals.
CREATE VIEW vote_rows AS
SELECT v.symbol, v.n, m.date, v.draft, v.subject, v.outcome, p.position, p.delegation,
       v.total_in_favour, v.total_against, v.total_abstaining, v.mismatch
FROM votes v
JOIN vote_positions p ON p.symbol = v.symbol AND p.n = v.n
LEFT JOIN meetings m ON m.symbol = v.symbol;

-- stance_summary: counts per delegation, organisation and label.
CREATE VIEW stance_summary AS
SELECT sp.delegation_code, st.target, st.relation, st.label, COUNT(*) AS sentences,
       COUNT(DISTINCT sp.id) AS speeches
FROM stances st
JOIN speeches sp ON sp.id = st.speech_id
GROUP BY sp.delegation_code, st.target, st.relation, st.label;
