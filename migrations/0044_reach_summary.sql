-- 0044: the monitor's reach kept in summaries by trigger, and one person
-- under one keyed e-mail pseudonym counted once.
--
-- Every act of participation but the reports (whose part the summaries of
-- 0007/0013 keep) enters three tables when it is stored and leaves them when
-- it is deleted; an update of its wijk, channel, age band, participant or
-- time (an account erased, the retention job replacing a participant, a
-- grant application submitted) is the old act leaving and the new entering.
-- year is the view participation_act's (created_at + 1 hour: Amsterdam's
-- year, as 31 December and 1 January are always winter time); scope is the
-- act's wijk, and 0 for the city (every act counts there too).
--
--   reach_person    (year, scope, person): the person's acts there;
--   reach_channel_n (year, scope, channel): the acts there per channel
--                   (acts without a participant too);
--   reach_band      (year, scope, person, band): the person's acts with that
--                   age band and the latest created_at among them; the band
--                   a person gave last is the one with the latest time
--                   (ties: the greater band, as the view's count had it).
--
-- person is the act's participant, except that 'p:<hash>' and 'e:<hash>'
-- are both 'k:<hash>'. A keyed pseudonym of an e-mail address is the same
-- keyed hash (auth_email_pseudonym, purpose "reporter") whether a meeting
-- registration ('p:') or a report or grant application ('e:') holds it, so
-- the same address is the same person and counts once; a pseudonym of
-- postcode and house number is a hash under another purpose ("address") and
-- never equals an e-mail's. Nothing new is stored to know this: it is the
-- equality of two hashes already kept. An account ('r:<id>') stays a person
-- of its own: joining it to its e-mail's pseudonym would need a link between
-- the account and the pseudonym, which erasing the account would have to
-- find and break (docs/decisions/0020-one-person-one-pseudonym.md).
-- Reports are read from monitor_reporter; a 'k:' person with reports in the
-- same year and scope is joined to them there.
--
-- The act tables' triggers insert into the view reach_delta, whose INSTEAD
-- OF triggers hold the arithmetic once for every act table. A new act
-- table: one more line in participation_act (see 0038) and its three
-- triggers here.

CREATE TABLE reach_person (
    year   INTEGER NOT NULL,
    scope  INTEGER NOT NULL,
    person TEXT NOT NULL,
    acts   INTEGER NOT NULL,
    PRIMARY KEY (year, scope, person)
) STRICT, WITHOUT ROWID;

CREATE TABLE reach_channel_n (
    year    INTEGER NOT NULL,
    scope   INTEGER NOT NULL,
    channel TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (year, scope, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE reach_band (
    year    INTEGER NOT NULL,
    scope   INTEGER NOT NULL,
    person  TEXT NOT NULL,
    band    TEXT NOT NULL,
    n       INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (year, scope, person, band)
) STRICT, WITHOUT ROWID;

-- One act entering (sign 1) or leaving (sign -1) the summaries.
CREATE VIEW reach_delta (wijk_id, channel, age_band, participant, created_at, sign) AS
SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER reach_delta_add INSTEAD OF INSERT ON reach_delta WHEN new.sign > 0
BEGIN
    INSERT INTO reach_person
    SELECT CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER), s.scope,
        CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END, 1
    FROM (SELECT 0 AS scope UNION ALL SELECT new.wijk_id WHERE new.wijk_id IS NOT NULL) s
    WHERE new.participant IS NOT NULL
    ON CONFLICT DO UPDATE SET acts = acts + 1;
    INSERT INTO reach_channel_n
    SELECT CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER), s.scope, new.channel, 1
    FROM (SELECT 0 AS scope UNION ALL SELECT new.wijk_id WHERE new.wijk_id IS NOT NULL) s
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO reach_band
    SELECT CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER), s.scope,
        CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END, new.age_band, 1, new.created_at
    FROM (SELECT 0 AS scope UNION ALL SELECT new.wijk_id WHERE new.wijk_id IS NOT NULL) s
    WHERE new.participant IS NOT NULL AND new.age_band IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1, last_at = max(last_at, excluded.last_at);
END;

CREATE TRIGGER reach_delta_sub INSTEAD OF INSERT ON reach_delta WHEN new.sign < 0
BEGIN
    UPDATE reach_person SET acts = acts - 1
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0))
        AND person = CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END;
    DELETE FROM reach_person
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0))
        AND person = CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END AND acts <= 0;
    UPDATE reach_channel_n SET n = n - 1
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0)) AND channel = new.channel;
    DELETE FROM reach_channel_n
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0)) AND channel = new.channel AND n <= 0;
    UPDATE reach_band SET n = n - 1
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0)) AND band = new.age_band
        AND person = CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END;
    DELETE FROM reach_band
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0)) AND band = new.age_band
        AND person = CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END AND n <= 0;
    -- the latest act of its band left: the band's time from the acts that
    -- remain (they are all at or before it, in the same year)
    UPDATE reach_band SET last_at = (
        SELECT max(a.created_at) FROM participation_act a
        WHERE a.source != 'signal' AND a.age_band = reach_band.band
            AND a.created_at > reach_band.last_at - 400 * 86400
            AND a.created_at <= reach_band.last_at AND a.year = reach_band.year
            AND (reach_band.scope = 0 OR a.wijk_id = reach_band.scope)
            AND CASE WHEN a.participant GLOB '[pe]:*' THEN 'k:' || substr(a.participant, 3) ELSE a.participant END = reach_band.person)
    WHERE year = CAST(strftime('%Y', new.created_at + 3600, 'unixepoch') AS INTEGER)
        AND scope IN (0, coalesce(new.wijk_id, 0)) AND band = new.age_band
        AND person = CASE WHEN new.participant GLOB '[pe]:*' THEN 'k:' || substr(new.participant, 3) ELSE new.participant END
        AND last_at <= new.created_at;
END;

CREATE TRIGGER reach_consult_idea_insert AFTER INSERT ON consult_idea
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_consult_idea_delete AFTER DELETE ON consult_idea
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_consult_idea_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON consult_idea
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_consult_reaction_insert AFTER INSERT ON consult_reaction
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_consult_reaction_delete AFTER DELETE ON consult_reaction
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_consult_reaction_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON consult_reaction
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_consult_support_insert AFTER INSERT ON consult_support
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_consult_support_delete AFTER DELETE ON consult_support
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_consult_support_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON consult_support
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_survey_response_insert AFTER INSERT ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_survey_response_delete AFTER DELETE ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_survey_response_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON survey_response
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_meeting_registration_insert AFTER INSERT ON meeting_registration
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_meeting_registration_delete AFTER DELETE ON meeting_registration
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_meeting_registration_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON meeting_registration
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_spreekuur_question_insert AFTER INSERT ON spreekuur_question
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_spreekuur_question_delete AFTER DELETE ON spreekuur_question
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_spreekuur_question_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON spreekuur_question
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

CREATE TRIGGER reach_vote_cast_insert AFTER INSERT ON vote_cast
BEGIN
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;
CREATE TRIGGER reach_vote_cast_delete AFTER DELETE ON vote_cast
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
END;
CREATE TRIGGER reach_vote_cast_update AFTER UPDATE OF wijk_id, channel, age_band, participant,
    created_at ON vote_cast
BEGIN
    INSERT INTO reach_delta VALUES (old.wijk_id, old.channel, old.age_band, old.participant,
        old.created_at, -1);
    INSERT INTO reach_delta VALUES (new.wijk_id, new.channel, new.age_band, new.participant,
        new.created_at, 1);
END;

-- A grant application is an act once submitted, with its channel as the
-- reach counts it (reach_channel of 0038).
CREATE TRIGGER reach_initiative_insert AFTER INSERT ON initiative
WHEN new.submitted_at IS NOT NULL
BEGIN
    INSERT INTO reach_delta SELECT new.wijk_id, c.reach, NULL, 'e:' || new.applicant_pseudonym,
        new.submitted_at, 1 FROM reach_channel c WHERE c.channel = new.channel;
END;
CREATE TRIGGER reach_initiative_delete AFTER DELETE ON initiative
WHEN old.submitted_at IS NOT NULL
BEGIN
    INSERT INTO reach_delta SELECT old.wijk_id, c.reach, NULL, 'e:' || old.applicant_pseudonym,
        old.submitted_at, -1 FROM reach_channel c WHERE c.channel = old.channel;
END;
CREATE TRIGGER reach_initiative_update AFTER UPDATE OF wijk_id, channel, submitted_at,
    applicant_pseudonym ON initiative
BEGIN
    INSERT INTO reach_delta SELECT old.wijk_id, c.reach, NULL, 'e:' || old.applicant_pseudonym,
        old.submitted_at, -1 FROM reach_channel c
        WHERE c.channel = old.channel AND old.submitted_at IS NOT NULL;
    INSERT INTO reach_delta SELECT new.wijk_id, c.reach, NULL, 'e:' || new.applicant_pseudonym,
        new.submitted_at, 1 FROM reach_channel c
        WHERE c.channel = new.channel AND new.submitted_at IS NOT NULL;
END;

-- Filled once from the acts there are.
INSERT INTO reach_person
SELECT a.year, s.scope, a.person, count(*)
FROM (SELECT year, wijk_id, CASE WHEN participant GLOB '[pe]:*' THEN 'k:' || substr(participant, 3) ELSE participant END AS person
      FROM participation_act WHERE source != 'signal' AND participant IS NOT NULL) a
JOIN (SELECT 0 AS scope UNION ALL SELECT id FROM area) s ON s.scope = 0 OR s.scope = a.wijk_id
GROUP BY 1, 2, 3;
INSERT INTO reach_channel_n
SELECT a.year, s.scope, a.channel, count(*)
FROM (SELECT year, wijk_id, channel FROM participation_act WHERE source != 'signal') a
JOIN (SELECT 0 AS scope UNION ALL SELECT id FROM area) s ON s.scope = 0 OR s.scope = a.wijk_id
GROUP BY 1, 2, 3;
INSERT INTO reach_band
SELECT a.year, s.scope, a.person, a.age_band, count(*), max(a.created_at)
FROM (SELECT year, wijk_id, age_band, created_at, CASE WHEN participant GLOB '[pe]:*' THEN 'k:' || substr(participant, 3) ELSE participant END AS person
      FROM participation_act WHERE source != 'signal' AND participant IS NOT NULL
        AND age_band IS NOT NULL) a
JOIN (SELECT 0 AS scope UNION ALL SELECT id FROM area) s ON s.scope = 0 OR s.scope = a.wijk_id
GROUP BY 1, 2, 3, 4;
