-- unpv store, schema version 4 (issue 11): researchers' labels. New tables
-- and one view only; nothing the stages write changes. Documented in
-- docs/store.md.

-- coders: everyone who labelled a pair, by the name they gave.
CREATE TABLE coders (
	name       TEXT PRIMARY KEY,
	created_at TEXT NOT NULL
);

-- coder_sessions: the annotation page's logins. Only a hash of each
-- session token is kept; the token itself lives in the coder's browser.
CREATE TABLE coder_sessions (
	token_hash TEXT PRIMARY KEY,              -- hex SHA-256 of the session token
	coder      TEXT NOT NULL REFERENCES coders(name),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

-- codings: every coding act, in order. A (sentence, organisation) pair's
-- hand label is decided from its coders' latest labels (hand_labels).
-- The sentence is named by its speech and number, as stances name it
-- (its ID is speech_id || '.' || n), rather than by foreign keys: codings
-- outlive re-extraction and re-classification, and apply while the
-- sentence reads as it did when coded.
CREATE TABLE codings (
	id           INTEGER PRIMARY KEY,         -- the order of the acts
	speech_id    TEXT NOT NULL,               -- speeches.id
	n            INTEGER NOT NULL,            -- the sentence's number in the speech
	target       TEXT NOT NULL,               -- organisation acronym
	coder        TEXT NOT NULL REFERENCES coders(name),
	label        TEXT NOT NULL,               -- recognition, counter, neutral; '' for a skip
	note         TEXT NOT NULL DEFAULT '',
	at           TEXT NOT NULL,               -- RFC 3339 UTC
	queue        TEXT NOT NULL DEFAULT '',    -- how the pair was chosen: 'random seed=1', 'uncertain target=AU', 'import FILE'…
	adjudication INTEGER NOT NULL DEFAULT 0,  -- 1: settles a disagreement between coders
	sentence     TEXT NOT NULL DEFAULT '',    -- the sentence's text when coded
	model_label  TEXT NOT NULL DEFAULT '',    -- the classifier's label then ('' when it had none)
	model        TEXT NOT NULL DEFAULT ''     -- the classifier's version then
);
CREATE INDEX codings_pair ON codings(speech_id, n, target, coder);
CREATE INDEX codings_coder ON codings(coder, id);

-- hand_labels: one row per coded pair (and text: see sentence).
--   label     the hand label: the latest adjudication's, else the label every
--             coder's latest label agrees on; NULL when they differ
--   status    coded (one coder), agreed, disputed (label NULL) or adjudicated
--   coders    how many coders labelled it
--   sentence  the sentence's text when coded: the label applies while the
--             stored sentence reads so (codings made before and after a new
--             segmenter renumbered the sentences make a row each)
-- The label overrides stances.label wherever unpv reads stances:
--   SELECT r.*, COALESCE(h.label, r.label) AS final_label, h.status
--   FROM stance_rows r LEFT JOIN hand_labels h
--     ON h.sentence_id = r.sentence_id AND h.target = r.target AND h.sentence = r.sentence
CREATE VIEW hand_labels AS
WITH latest AS (
	SELECT speech_id, n, target, coder, label, adjudication, at, sentence,
	       ROW_NUMBER() OVER (PARTITION BY speech_id, n, target, sentence, adjudication,
	                                       CASE WHEN adjudication = 1 THEN '' ELSE coder END
	                          ORDER BY id DESC) AS k
	FROM codings
	WHERE label <> ''
)
SELECT speech_id || '.' || n AS sentence_id, target,
       CASE WHEN MAX(adjudication) = 1 THEN MAX(CASE WHEN adjudication = 1 THEN label END)
            WHEN COUNT(DISTINCT label) = 1 THEN MIN(label) END AS label,
       CASE WHEN MAX(adjudication) = 1 THEN 'adjudicated'
            WHEN COUNT(DISTINCT label) > 1 THEN 'disputed'
            WHEN COUNT(*) > 1 THEN 'agreed'
            ELSE 'coded' END AS status,
       SUM(1 - adjudication) AS coders,
       MAX(at) AS at,
       sentence, speech_id, n
FROM latest
WHERE k = 1
GROUP BY speech_id, n, target, sentence;
