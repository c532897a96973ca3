-- unpv store, schema version 2 (issue 10): dates with their precision and
-- general-debate statements with their session and record. No table changes;
-- the views gain columns.
--   date_precision  day, month or year: the precision of the ISO 8601 date
--                   ("2020-01-09", "2020-01", "2018"); a year stands for the
--                   whole year
--   session         the General Assembly session (0 for Security Council meetings)
--   record          the verbatim record the speech is printed in, when known:
--                   the symbol for a meeting record; for a general-debate
--                   statement (symbol "A/73/PV (general debate)", a key, not a
--                   document) the plenary meeting its text names, else ''

DROP VIEW stance_rows;
CREATE VIEW stance_rows AS
SELECT st.sentence_id, st.target, st.label, st.confidence, st.evidence, st.relation, st.model,
       sp.id AS speech_id, sp.symbol, sp.meeting, sp.date, sp.body, sp.speaker, sp.speaker_name,
       sp.delegation, sp.delegation_code, sp.role, COALESCE(m.agenda, '') AS agenda,
       se.text AS sentence,
       CASE length(sp.date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' ELSE '' END AS date_precision,
       COALESCE(m.session, 0) AS session,
       CASE WHEN sp.symbol LIKE '%(general debate)'
            THEN CASE WHEN sp.meeting LIKE 'A/%/PV.%' THEN sp.meeting ELSE '' END
            ELSE sp.symbol END AS record
FROM stances st
JOIN sentences se ON se.id = st.sentence_id
JOIN speeches sp ON sp.id = se.speech_id
LEFT JOIN meetings m ON m.symbol = sp.symbol;

-- speech_rows: every speech with its meeting's agenda, date precision,
-- session and record (the text is in speeches).
CREATE VIEW speech_rows AS
SELECT sp.id, sp.symbol, sp.meeting, sp.resumption, sp.seq, sp.body, sp.date,
       CASE length(sp.date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' ELSE '' END AS date_precision,
       COALESCE(m.session, 0) AS session,
       CASE WHEN sp.symbol LIKE '%(general debate)'
            THEN CASE WHEN sp.meeting LIKE 'A/%/PV.%' THEN sp.meeting ELSE '' END
            ELSE sp.symbol END AS record,
       sp.speaker, sp.speaker_name, sp.delegation, sp.delegation_code, sp.role, sp.language,
       sp.on_behalf_of, COALESCE(m.agenda, '') AS agenda,
       (SELECT COUNT(*) FROM sentences se WHERE se.speech_id = sp.id) AS sentences
FROM speeches sp
LEFT JOIN meetings m ON m.symbol = sp.symbol;
