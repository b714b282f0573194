-- 0043: an optional topic on consultations, public meetings, stories and
-- spreekuur questions, so that e-mail about news reaches only the residents
-- who follow that topic in the wijk (domain/notify.c); NULL: no topic, and
-- the news goes to everyone who follows the wijk, as before.
--
-- A nullable column on each table rather than a shared lookup table: the one
-- list of topics is resident_topics in src/domain/resident.c, which the
-- domain checks every code against (the forms say so at the field). The
-- CHECK here is the same shape check as resident_interest.topic and
-- notify_event.topic (lower-case letters, at most 32), so a topic added to
-- that list later needs no migration and no table rebuild, while nothing
-- else than a code can be stored.
ALTER TABLE consultation ADD COLUMN topic TEXT
    CHECK (topic IS NULL OR (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*'));
ALTER TABLE meeting ADD COLUMN topic TEXT
    CHECK (topic IS NULL OR (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*'));
ALTER TABLE story ADD COLUMN topic TEXT
    CHECK (topic IS NULL OR (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*'));
ALTER TABLE spreekuur_question ADD COLUMN topic TEXT
    CHECK (topic IS NULL OR (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*'));
