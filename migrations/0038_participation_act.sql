-- 0038: every act of participation in one view, for the monitor's reach.
--
-- participation_act has one row per act: source (the table it comes from),
-- wijk_id (the wijk the act concerns; NULL: none known), channel (online,
-- balie, papier, bijeenkomst or overig), age_band (NULL: not given),
-- participant and created_at (unix seconds), and year: the year in
-- Europe/Amsterdam (31 December and 1 January are always winter time, +1).
--
-- participant is 'r:<account id>', 'p:<keyed pseudonym>' (postcode and
-- house number, or an e-mail address), 'a:<random>' (an anonymous survey
-- answer by link) or, for reports and grant applications, 'e:<keyed
-- pseudonym of the e-mail address>'; NULL for a report without an e-mail
-- address (an act, but nobody to count). A resident with an account who also
-- reports counts as two participants: accounts are never joined to e-mail
-- pseudonyms.
--
-- A new act table is one more line in the view (DROP VIEW and CREATE VIEW in
-- a migration of its own); its columns must be the shared ones above. The
-- reports' part of the monitor is read from the summaries of migration
-- 0007/0013 (monitor_reporter, monitor_reach, monitor_channel) rather than
-- from this view: store/participation_store.c reads the view WHERE source !=
-- 'signal', and its tests recount the whole view to prove the two agree.

-- The channels of reports and grant applications as the reach counts them.
CREATE TABLE reach_channel (
    channel TEXT PRIMARY KEY,                  -- signal.channel, initiative.channel
    reach   TEXT NOT NULL CHECK (reach IN ('online', 'balie', 'papier', 'bijeenkomst', 'overig'))
) STRICT, WITHOUT ROWID;
INSERT INTO reach_channel VALUES ('web', 'online'), ('email', 'online'), ('api', 'online'),
    ('balie', 'balie'), ('post', 'papier'), ('telefoon', 'overig'), ('raadslid', 'overig'),
    ('partner', 'overig');

CREATE VIEW participation_act AS
SELECT source, wijk_id, channel, age_band, participant, created_at,
       CAST(strftime('%Y', created_at + 3600, 'unixepoch') AS INTEGER) AS year
FROM (
    SELECT 'consult_idea' AS source, wijk_id, channel, age_band, participant, created_at FROM consult_idea
    UNION ALL SELECT 'consult_reaction', wijk_id, channel, age_band, participant, created_at FROM consult_reaction
    UNION ALL SELECT 'consult_support', wijk_id, channel, age_band, participant, created_at FROM consult_support
    UNION ALL SELECT 'survey_response', wijk_id, channel, age_band, participant, created_at FROM survey_response
    UNION ALL SELECT 'meeting_registration', wijk_id, channel, age_band, participant, created_at FROM meeting_registration
    UNION ALL SELECT 'spreekuur_question', wijk_id, channel, age_band, participant, created_at FROM spreekuur_question
    UNION ALL SELECT 'vote_cast', wijk_id, channel, age_band, participant, created_at FROM vote_cast
    UNION ALL SELECT 'initiative', i.wijk_id, c.reach, NULL, 'e:' || i.applicant_pseudonym, i.submitted_at
        FROM initiative i JOIN reach_channel c ON c.channel = i.channel WHERE i.submitted_at IS NOT NULL
    UNION ALL SELECT 'signal', s.wijk_id, c.reach, NULL, 'e:' || s.reporter_pseudonym, s.created_at
        FROM signal s JOIN reach_channel c ON c.channel = s.channel
        WHERE s.merged_into IS NULL AND s.parent_id IS NULL
);

-- The monitor reads a year of acts by created_at.
CREATE INDEX consult_idea_created ON consult_idea(created_at);
CREATE INDEX consult_reaction_created ON consult_reaction(created_at);
CREATE INDEX consult_support_created ON consult_support(created_at);
CREATE INDEX survey_response_created ON survey_response(created_at);
CREATE INDEX meeting_registration_created ON meeting_registration(created_at);
CREATE INDEX spreekuur_question_created ON spreekuur_question(created_at);
CREATE INDEX vote_cast_created ON vote_cast(created_at);
CREATE INDEX initiative_submitted ON initiative(submitted_at) WHERE submitted_at IS NOT NULL;
