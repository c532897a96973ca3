-- unpv store, schema version 5: a coder's latest label is the latest by
-- its time (at, then the order of the acts), not by the order the acts
-- were stored in: an export of older labels imported after newer ones
-- made the older labels the coders' latest. Times stored as an import gave
-- them (before this version) are brought to the stored form, UTC with
-- milliseconds, so that they compare as text; one that is no time stays.
-- Documented in docs/store.md.
UPDATE codings SET at = strftime('%Y-%m-%dT%H:%M:%fZ', at)
WHERE strftime('%Y-%m-%dT%H:%M:%fZ', at) IS NOT NULL AND at <> strftime('%Y-%m-%dT%H:%M:%fZ', at);
DROP VIEW hand_labels;
CREATE VIEW hand_labels AS
WITH latest AS (
	SELECT speech_id, n, target, coder, label, adjudication, at, sentence,
	       ROW_NUMBER() OVER (PARTITION BY speech_id, n, target, sentence, adjudication,
	                                       CASE WHEN adjudication = 1 THEN '' ELSE coder END
	                          ORDER BY at DESC, id DESC) AS k
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
