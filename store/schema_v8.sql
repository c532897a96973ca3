-- unpv store, schema version 8. Documented in docs/store.md.
--
-- meetings.emergency_session: the emergency special session of a General
-- Assembly record whose symbol names one (A/ES-11/PV.1: 11; its session
-- is the regular session of its date, 76), 0 for any other. The symbol
-- alone gives it: the store writes it from the symbol with
-- un.EmergencySession whenever it writes a meeting row (store.mergeMeeting),
-- and this migration's Go step (fillEmergencySessions) sets it for the rows
-- already stored, so that no SQL here reads a symbol's format. The views
-- researchers read gain it as their last column, so that a script that
-- reads their columns by position reads them as before: before, finding
-- the Ukraine debates of the eleventh emergency special session took
-- meeting LIKE 'A/ES-11/%'; now emergency_session = 11.
ALTER TABLE meetings ADD COLUMN emergency_session INTEGER NOT NULL DEFAULT 0;

DROP VIEW stance_rows;
DROP VIEW speech_rows;
DROP VIEW vote_rows;

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
            ELSE sp.symbol END AS record,
       COALESCE(m.emergency_session, 0) AS emergency_session
FROM stances st
JOIN speeches sp ON sp.id = st.speech_id
JOIN sentence_spans ss ON ss.speech_id = st.speech_id
LEFT JOIN meetings m ON m.symbol = sp.symbol;

CREATE VIEW speech_rows AS
SELECT sp.id, sp.symbol, sp.meeting, sp.resumption, sp.seq, sp.body, sp.date,
       CASE length(sp.date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' ELSE '' END AS date_precision,
       COALESCE(m.session, 0) AS session,
       CASE WHEN sp.symbol LIKE '%(general debate)'
            THEN CASE WHEN sp.meeting LIKE 'A/%/PV.%' THEN sp.meeting ELSE '' END
            ELSE sp.symbol END AS record,
       sp.speaker, sp.speaker_name, sp.delegation, sp.delegation_code, sp.role, sp.language,
       sp.on_behalf_of, COALESCE(m.agenda, '') AS agenda,
       COALESCE((SELECT json_array_length(ss.spans) FROM sentence_spans ss WHERE ss.speech_id = sp.id), 0) AS sentences,
       COALESCE(m.emergency_session, 0) AS emergency_session
FROM speeches sp
LEFT JOIN meetings m ON m.symbol = sp.symbol;

CREATE VIEW vote_rows AS
SELECT v.symbol, v.n, m.date, v.draft, v.subject, v.outcome, p.position, p.delegation,
       v.total_in_favour, v.total_against, v.total_abstaining, v.mismatch,
       COALESCE(m.emergency_session, 0) AS emergency_session
FROM votes v
JOIN vote_positions p ON p.symbol = v.symbol AND p.n = v.n
LEFT JOIN meetings m ON m.symbol = v.symbol;
