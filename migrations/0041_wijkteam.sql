-- 0041: the wijkteam of a wijk and its meetings (domain/wijkteam.c).
--
-- The wijkregisseur of the wijk's region sets how often the wijkteam meets
-- in a year and who is in it: people of the partner register active in the
-- wijk, and staff accounts of the region. A meeting has a date, a start and
-- an end (Unix seconds, typed as Amsterdam local time) and a place; its
-- invitees start as the composition and can be changed. The agenda's items
-- are a free-text topic or a reference to a focus point, a signal or an
-- entry of the wijk's knowledge; a signal is shown by number, category and
-- street only, and confidential or care-network signals are refused by the
-- domain. Once held: attendance per invitee, minutes and a decision per
-- item; a decision may have made a focus-point action (action_id).

CREATE TABLE wijkteam (
    area_id    INTEGER PRIMARY KEY REFERENCES area(id),
    frequency  INTEGER NOT NULL CHECK (frequency BETWEEN 1 AND 24), -- meetings a year
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES user(id)
) STRICT;

-- A member: a person of the partner register or a staff account.
CREATE TABLE wijkteam_member (
    id        INTEGER PRIMARY KEY,
    area_id   INTEGER NOT NULL REFERENCES wijkteam(area_id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES partner_person(id),
    user_id   INTEGER REFERENCES user(id),
    CHECK ((person_id IS NULL) <> (user_id IS NULL)),
    UNIQUE (area_id, person_id),
    UNIQUE (area_id, user_id)
) STRICT;

CREATE TABLE wijkteam_meeting (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES area(id),
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
    place      TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    held_at    INTEGER,                      -- when attendance was recorded; NULL: planned
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES user(id),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX wijkteam_meeting_area ON wijkteam_meeting(area_id, starts_at);

-- An invitee: a person of the register (their organisation is read
-- through partner_person) or a staff account.
CREATE TABLE wijkteam_invitee (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES wijkteam_meeting(id) ON DELETE CASCADE,
    person_id  INTEGER REFERENCES partner_person(id),
    user_id    INTEGER REFERENCES user(id),
    attendance TEXT CHECK (attendance IS NULL OR attendance IN ('aanwezig', 'afgemeld', 'afwezig')),
    CHECK ((person_id IS NULL) <> (user_id IS NULL)),
    UNIQUE (meeting_id, person_id),
    UNIQUE (meeting_id, user_id)
) STRICT;
CREATE INDEX wijkteam_invitee_user ON wijkteam_invitee(user_id);

CREATE TABLE wijkteam_item (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES wijkteam_meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('onderwerp', 'focuspunt', 'melding', 'kennis')),
    topic      TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 300),
    ref_id     INTEGER,                      -- focuspunt, signal or wijk_knowledge id
    minutes    TEXT NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
    decision   TEXT NOT NULL DEFAULT '' CHECK (length(decision) <= 4000),
    action_id  INTEGER REFERENCES focus_action(id) ON DELETE SET NULL,
    CHECK ((kind = 'onderwerp') = (ref_id IS NULL))
) STRICT;
CREATE INDEX wijkteam_item_meeting ON wijkteam_item(meeting_id, position);
