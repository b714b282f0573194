-- 0048: who takes part. An anonymous survey answer by link is an act, not a
-- new person; a vote of a wijk is for the wijk on the account when it opened;
-- support for an idea can be entered from paper.
--
-- Until now every answer by link got a fresh participant 'a:<random>', so
-- reposting the form raised the reach's distinct participants by one each
-- time and stored one more response. From now on (domain/survey.c):
--
--   - an answer by link carries 'a:<keyed hash of the survey and the
--     browser's own random key>' (the cookie wr_enquete), and a browser
--     answers a survey once: the index below refuses a second response with
--     the same participant;
--   - in the reach an anonymous answer counts as an act (its wijk and
--     channel, reach_channel_n) but never as a participant: nobody is known
--     to count once, and clearing a cookie must not make a new person. The
--     view participation_act gives such a response no participant (as a
--     report without an e-mail address), and the summaries follow it.
--
-- And a vote is for the residents of its wijk: resident.wijk_changed_at
-- dates the last change of an account's wijk after sign-up (NULL: never
-- changed; erased with the account). A resident whose wijk changed after a
-- vote of a wijk opened does not vote in it (domain/vote.c): the wijk that
-- counts is the one on the account when the vote opened.
--
-- See docs/decisions/0022-who-takes-part-in-votes-and-surveys.md.

ALTER TABLE resident ADD COLUMN wijk_changed_at INTEGER;

CREATE UNIQUE INDEX survey_response_browser ON survey_response(survey_id, participant)
    WHERE participant GLOB 'a:*';

-- Support given on paper, at the counter or at a meeting and entered by
-- staff (issue 13: every online step has a paper equivalent that counts the
-- same): once per idea and paper participant, the keyed pseudonym of
-- postcode and house number, as online support is once per idea and
-- account. An act of participation (the reach columns), counted in the
-- idea's support_count as online support is; no personal data.
CREATE TABLE consult_paper_support (
    idea_id     INTEGER NOT NULL REFERENCES consult_idea(id),
    participant TEXT NOT NULL CHECK (participant GLOB 'p:?*'),
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    created_at  INTEGER NOT NULL,
    entered_by  INTEGER REFERENCES user(id),
    PRIMARY KEY (idea_id, participant)
) STRICT, WITHOUT ROWID;
CREATE INDEX consult_paper_support_created ON consult_paper_support(created_at);

DROP VIEW participation_act;
CREATE VIEW participation_act AS
SELECT source, wijk_id, channel, age_band, participant, created_at,
       CAST(strftime('%Y', created_at + 3600, 'unixepoch') AS INTEGER) AS year
FROM (
    SELECT 'consult_idea' AS source, wijk_id, channel, age_band, participant, created_at FROM consult_idea
    UNION ALL SELECT 'consult_reaction', wijk_id, channel, age_band, participant, created_at FROM consult_reaction
    UNION ALL SELECT 'consult_support', wijk_id, channel, age_band, participant, created_at FROM consult_support
    UNION ALL SELECT 'consult_support', wijk_id, channel, age_band, participant, created_at FROM consult_paper_support
    UNION ALL SELECT 'survey_response', wijk_id, channel, age_band,
        CASE WHEN participant GLOB 'a:*' THEN NULL ELSE participant END, created_at FROM survey_response
    UNION ALL SELECT 'meeting_registration', wijk_id, channel, age_band, participant, created_at FROM meeting_registration
    UNION ALL SELECT 'spreekuur_question', wijk_id, channel, age_band, participant, created_at FROM spreekuur_question
    UNION ALL SELECT 'vote_cast', wijk_id, channel, age_band, participant, created_at FROM vote_cast
    UNION ALL SELECT 'initiative', i.wijk_id, c.reach, NULL, 'e:' || i.applicant_pseudonym, i.submitted_at
        FROM initiative i JOIN reach_channel c ON c.channel = i.channel WHERE i.submitted_at IS NOT NULL
    UNION ALL SELECT 'signal', s.wijk_id, c.reach, NULL, 'e:' || s.reporter_pseudonym, s.created_at
        FROM signal s JOIN reach_channel c ON c.channel = s.channel
        WHERE s.merged_into IS NULL AND s.parent_id IS NULL
);

DROP TRIGGER reach_survey_response_insert;
DROP TRIGGER reach_survey_response_delete;
DROP TRIGGER reach_survey_response_update;
CREATE TRIGGER reach_survey_response_insert AFTER INSERT ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band,
        CASE WHEN new.participant GLOB 'a:*' THEN NULL ELSE new.participant END,
        new.created_at, 1);
END;
CREATE TRIGGER reach_survey_response_delete AFTER DELETE ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band,
        CASE WHEN old.participant GLOB 'a:*' THEN NULL ELSE old.participant END,
        old.created_at, -1);
END;
CREATE TRIGGER reach_survey_response_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band,
        CASE WHEN old.participant GLOB 'a:*' THEN NULL ELSE old.participant END,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band,
        CASE WHEN new.participant GLOB 'a:*' THEN NULL ELSE new.participant END,
        new.created_at, 1);
END;

CREATE TRIGGER reach_consult_paper_support_insert AFTER INSERT ON consult_paper_support
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_consult_paper_support_delete AFTER DELETE ON consult_paper_support
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_consult_paper_support_update AFTER UPDATE OF wijk_id, channel, age_band,
    participant, created_at ON consult_paper_support
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

-- The anonymous answers stored so far leave the persons (their acts stay
-- in reach_channel_n).
DELETE FROM reach_person WHERE person GLOB 'a:*';
DELETE FROM reach_band WHERE person GLOB 'a:*';
