-- unpv store, schema version 3 (issue 12): the lean store. Each text is held
-- once, in speeches.text:
--   sentences       were rows holding a copy of their text; now one row per
--                   speech in sentence_spans (the byte offsets of its
--                   sentences, in order, as JSON) and a view `sentences`
--                   with the old columns, the text cut from the speech
--   mentions,       lose document and sentence_id (their speech's and
--   stances         speech_id || '.' || n): keyed by (speech_id, n, …)
--                   without a rowid; the views give sentence_id as before
-- Documented in docs/store.md. The store is vacuumed after this migration.

-- Nothing is lost: every stored sentence text is its speech's text between
-- its offsets, and its speech's sentences are numbered 1, 2, … (extract
-- makes them so). A store where this fails is left as it is: the
-- migration stops with a CHECK constraint error on v3_check.
CREATE TEMP TABLE v3_check (what TEXT NOT NULL, ok INTEGER NOT NULL CHECK (ok));
INSERT INTO v3_check
SELECT 'sentence text is the speech text between its offsets',
       se.text = CAST(substr(CAST(sp.text AS BLOB), se.start_offset + 1, se.end_offset - se.start_offset) AS TEXT)
FROM sentences se JOIN speeches sp ON sp.id = se.speech_id;
INSERT INTO v3_check SELECT 'every sentence has its speech', COUNT(*) = 0
FROM sentences se WHERE NOT EXISTS (SELECT 1 FROM speeches sp WHERE sp.id = se.speech_id);
INSERT INTO v3_check SELECT 'sentences numbered 1, 2, …', MIN(n) = 1 AND MAX(n) = COUNT(*)
FROM sentences GROUP BY speech_id;
INSERT INTO v3_check SELECT 'sentence ids are speech id and number', id = speech_id || '.' || n FROM sentences;
INSERT INTO v3_check SELECT 'mention sentence ids are speech id and number',
       sentence_id GLOB speech_id || '.[0-9]*' AND CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER) > 0
FROM mentions;
INSERT INTO v3_check SELECT 'stance sentence ids are speech id and number',
       sentence_id GLOB speech_id || '.[0-9]*' AND CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER) > 0
FROM stances;
DROP TABLE v3_check;

-- sentence_spans: the sentences of one speech as byte offsets in
-- speeches.text: JSON [[start, end], …], sentence n at position n-1.
CREATE TABLE sentence_spans (
	speech_id TEXT PRIMARY KEY,               -- speeches.id
	spans     TEXT NOT NULL                   -- [[start_offset, end_offset], …]
) WITHOUT ROWID;
INSERT INTO sentence_spans
SELECT speech_id, json_group_array(json_array(start_offset, end_offset) ORDER BY n)
FROM sentences GROUP BY speech_id;

CREATE TABLE mentions_v3 (
	speech_id    TEXT NOT NULL,               -- speeches.id
	n            INTEGER NOT NULL,            -- the sentence's number in the speech
	target       TEXT NOT NULL,               -- organisation acronym
	surface      TEXT NOT NULL,
	start_offset INTEGER NOT NULL,            -- byte offsets in the sentence
	end_offset   INTEGER NOT NULL,
	coref        INTEGER NOT NULL DEFAULT 0,  -- 1 when resolved from "the Organization" etc.
	PRIMARY KEY (speech_id, n, start_offset, end_offset, target)
) WITHOUT ROWID;
INSERT INTO mentions_v3
SELECT speech_id, CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER), target, surface, start_offset, end_offset, coref
FROM mentions;

CREATE TABLE stances_v3 (
	speech_id  TEXT NOT NULL,                 -- speeches.id
	n          INTEGER NOT NULL,              -- the sentence's number in the speech
	target     TEXT NOT NULL,
	label      TEXT NOT NULL,                 -- recognition, counter, neutral
	confidence REAL NOT NULL,
	evidence   TEXT NOT NULL DEFAULT '',      -- cue span
	relation   TEXT NOT NULL DEFAULT '',      -- self, member, third
	model      TEXT NOT NULL DEFAULT '',      -- classifier version
	PRIMARY KEY (speech_id, n, target)
) WITHOUT ROWID;
INSERT INTO stances_v3
SELECT speech_id, CAST(substr(sentence_id, length(speech_id) + 2) AS INTEGER), target, label, confidence, evidence, relation, model
FROM stances;

DROP VIEW stance_rows;
DROP VIEW stance_summary;
DROP VIEW speech_rows;
DROP TABLE sentences;
DROP TABLE mentions;
DROP TABLE stances;
ALTER TABLE mentions_v3 RENAME TO mentions;
ALTER TABLE stances_v3 RENAME TO stances;
CREATE INDEX stances_target ON stances(target, label);

-- sentences: the old table as a view, one row per sentence.
CREATE VIEW sentences AS
SELECT ss.speech_id || '.' || (j.key + 1) AS id, sp.document, ss.speech_id, j.key + 1 AS n,
       json_extract(j.value, '$[0]') AS start_offset, json_extract(j.value, '$[1]') AS end_offset,
       CAST(substr(CAST(sp.text AS BLOB), json_extract(j.value, '$[0]') + 1,
                   json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]')) AS TEXT) AS text
FROM sentence_spans ss
JOIN speeches sp ON sp.id = ss.speech_id,
     json_each(ss.spans) j;

-- The views of schema version 2, with the sentence's id and text from its
-- speech.
CREATE VIEW stance_rows AS
SELECT st.speech_id || '.' || st.n AS sentence_id, st.target, st.label, st.confidence, st.evidence, st.relation, st.model,
       sp.id AS speech_id, sp.symbol, sp.meeting, sp.date, sp.body, sp.speaker, sp.speaker_name,
       sp.delegation, sp.delegation_code, sp.role, COALESCE(m.agenda, '') AS agenda,
       CAST(substr(CAST(sp.text AS BLOB), json_extract(ss.spans, '$[' || (st.n - 1) || '][0]') + 1,
                   json_extract(ss.spans, '$[' || (st.n - 1) || '][1]') - json_extract(ss.spans, '$[' || (st.n - 1) || '][0]')) AS TEXT) AS sentence,
       CASE length(sp.date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' ELSE '' END AS date_precision,
       COALESCE(m.session, 0) AS session,
       CASE WHEN sp.symbol LIKE '%(general debate)'
            THEN CASE WHEN sp.meeting LIKE 'A/%/PV.%' THEN sp.meeting ELSE '' END
            ELSE sp.symbol END AS record
FROM stances st
JOIN speeches sp ON sp.id = st.speech_id
JOIN sentence_spans ss ON ss.speech_id = st.speech_id
LEFT JOIN meetings m ON m.symbol = sp.symbol;

CREATE VIEW stance_summary AS
SELECT sp.delegation_code, st.target, st.relation, st.label, COUNT(*) AS sentences,
       COUNT(DISTINCT sp.id) AS speeches
FROM stances st
JOIN speeches sp ON sp.id = st.speech_id
GROUP BY sp.delegation_code, st.target, st.relation, st.label;

CREATE VIEW speech_rows AS
SELECT sp.id, sp.symbol, sp.meeting, sp.resumption, sp.seq, sp.body, sp.date,
       CASE length(sp.date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' ELSE '' END AS date_precision,
       COALESCE(m.session, 0) AS session,
       CASE WHEN sp.symbol LIKE '%(general debate)'
            THEN CASE WHEN sp.meeting LIKE 'A/%/PV.%' THEN sp.meeting ELSE '' END
            ELSE sp.symbol END AS record,
       sp.speaker, sp.speaker_name, sp.delegation, sp.delegation_code, sp.role, sp.language,
       sp.on_behalf_of, COALESCE(m.agenda, '') AS agenda,
       COALESCE((SELECT json_array_length(ss.spans) FROM sentence_spans ss WHERE ss.speech_id = sp.id), 0) AS sentences
FROM speeches sp
LEFT JOIN meetings m ON m.symbol = sp.symbol;
