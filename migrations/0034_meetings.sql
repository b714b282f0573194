-- 0034: public meetings (the wijkwethouder's round through the wijk,
-- wijktafels, residents' evenings) with registration up to a limit and a
-- waiting list, attendance entered by staff, and a public summary
-- afterwards (domain/meeting.c has the rules).
CREATE TABLE meeting (
    id            INTEGER PRIMARY KEY,
    area_id       INTEGER NOT NULL REFERENCES area(id),   -- the wijk
    kind          TEXT NOT NULL CHECK (kind IN ('wethoudersronde', 'wijktafel', 'bewonersavond')),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    starts_at     INTEGER NOT NULL,                       -- unix seconds
    ends_at       INTEGER NOT NULL CHECK (ends_at > starts_at),
    place         TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    accessible    INTEGER NOT NULL CHECK (accessible IN (0, 1)), -- rolstoeltoegankelijk
    agenda        TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 5000),
    summary       TEXT,                                   -- Markdown, after the meeting
    summary_at    INTEGER,
    cancellations INTEGER NOT NULL DEFAULT 0,             -- registrations cancelled
    erased_at     INTEGER,                                -- registrations' names and e-mail erased
    created_at    INTEGER NOT NULL,
    created_by    INTEGER REFERENCES user(id),
    updated_at    INTEGER NOT NULL,
    updated_by    INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX meeting_start ON meeting(starts_at, area_id);

-- An act of participation: a registration (online, or a place on the
-- waiting list) or a presence entered by staff at the meeting. The columns
-- every act table shares: wijk_id, channel, age_band (from the resident's
-- account at the time), participant ('r:' and a resident's account id, or
-- 'p:' and a keyed pseudonym), created_at. No personal data here.
CREATE TABLE meeting_registration (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    participant TEXT NOT NULL CHECK (participant GLOB 'r:?*' OR participant GLOB 'p:?*'),
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('aangemeld', 'wachtlijst', 'aanwezig')),
    promoted_at INTEGER                                    -- moved up from the waiting list
) STRICT;
CREATE INDEX meeting_registration_meeting ON meeting_registration(meeting_id, status, id);
CREATE UNIQUE INDEX meeting_registration_once ON meeting_registration(meeting_id, participant)
    WHERE status <> 'aanwezig';

-- Who registered: name and e-mail address, erased 30 days after the
-- meeting (the registration row stays for the counts); the cancel link's
-- token only as a keyed hash.
CREATE TABLE meeting_contact (
    registration_id INTEGER PRIMARY KEY REFERENCES meeting_registration(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    resident        INTEGER NOT NULL CHECK (resident IN (0, 1)), -- the address is a resident's account's
    cancel_hash     TEXT NOT NULL UNIQUE CHECK (length(cancel_hash) = 64)
) STRICT;
