-- 0025: residents who take part (the role bewoner).
--
-- A resident's account is a row of user (login 'bewoner-' and random hex,
-- no password: password_hash is empty, which never verifies) with the role
-- bewoner, so residents use the staff's sessions, cookies and CSRF tokens.
-- What only residents have is kept here: the e-mail address (to send the
-- login link to) and the keyed hash of its normalised form (domain/optin.c's
-- key), unique, so one mailbox has one account; the wijk they live in, an
-- optional age band and what they want to hear about (wijk and topic).
-- Deleting an account erases e-mail, key, age band and interests at once and
-- empties the name; the row stays as a tombstone (erased_at) so later
-- contributions can show "verwijderde deelnemer".
CREATE TABLE resident (
    user_id        INTEGER PRIMARY KEY REFERENCES user(id),
    email          TEXT,                          -- NULL once erased
    email_key      TEXT UNIQUE CHECK (email_key IS NULL OR length(email_key) = 64),
    area_id        INTEGER REFERENCES area(id),   -- the wijk they live in; NULL once erased
    age_band       TEXT,                          -- one of domain/resident.c's bands, or NULL
    created_at     INTEGER NOT NULL,              -- unix seconds
    verified_at    INTEGER,                       -- first login link redeemed; NULL: not yet
    last_active_at INTEGER NOT NULL,              -- last login (or sign-up)
    warned_at      INTEGER,                       -- warning before erasure queued
    erased_at      INTEGER                        -- NULL: an account in use
) STRICT;

CREATE TABLE resident_interest (
    user_id INTEGER NOT NULL REFERENCES resident(user_id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES area(id),
    topic   TEXT NOT NULL CHECK (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*'),
    PRIMARY KEY (user_id, area_id, topic)
) STRICT, WITHOUT ROWID;

-- Login links: only the keyed hash of the token. Single use (used_at), valid
-- 15 minutes from created_at; used and expired rows go in the retention pass.
CREATE TABLE resident_link (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id    INTEGER NOT NULL REFERENCES resident(user_id),
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX resident_link_user ON resident_link(user_id);
