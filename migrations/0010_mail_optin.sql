-- 0010: double opt-in for e-mail to residents, and the public form's limit
-- per client address.
--
-- mail_address: one row per e-mail address the program was asked to write
-- to, known only by a keyed hash of the normalised address (BLAKE2b with
-- the installation secret, see domain/optin.c), never the address itself.
-- The first mail to an address asks its owner to confirm it; until then
-- every other mail to it waits in the outbox as 'held'. The request is sent
-- at most once in 30 days; its link holds only the keyed hash of a random
-- token. Retention deletes a row 30 days after an unanswered request, and a
-- confirmed row after the retention period without mail.
CREATE TABLE mail_address (
    addr_hash    TEXT PRIMARY KEY CHECK (length(addr_hash) = 64),
    token_hash   TEXT UNIQUE,                 -- keyed hash of the link's token; NULL: none
    requested_at INTEGER,                     -- when the one request was queued (unix seconds)
    confirmed_at INTEGER,                     -- NULL: not confirmed
    used_at      INTEGER NOT NULL             -- last mail queued to the address
) STRICT, WITHOUT ROWID;

-- The outbox gains the address's keyed hash (to release or drop what waits
-- for it) and two states: 'held' (waiting for the address to be confirmed,
-- never claimed by the mailer) and 'dropped' (the request expired
-- unanswered; address and body are erased at once). SQLite cannot change a
-- CHECK constraint, so the table is rebuilt. Messages queued before this
-- version keep addr_hash NULL and are sent as they were.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,             -- unix seconds; when released, for held mail
    to_addr         TEXT NOT NULL,                -- '' once erased
    addr_hash       TEXT,                         -- mail_address.addr_hash; NULL: not a resident's
    subject         TEXT NOT NULL,
    body_text       TEXT,                         -- NULL once erased
    kind            TEXT NOT NULL CHECK (kind <> '' AND length(kind) <= 32
                      AND kind NOT GLOB '*[^a-z_]*'),
    ref             INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT CHECK (last_error IS NULL OR length(last_error) <= 200),
    sent_at         INTEGER,
    status          TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'sent', 'failed', 'held', 'dropped'))
) STRICT;
INSERT INTO outbox_new (id, created_at, to_addr, addr_hash, subject, body_text, kind, ref,
                        attempts, next_attempt_at, last_error, sent_at, status)
    SELECT id, created_at, to_addr, NULL, subject, body_text, kind, ref, attempts,
           next_attempt_at, last_error, sent_at, status FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_held ON outbox(addr_hash) WHERE status = 'held';

-- Reports and follows through the public form, per client address (its
-- keyed hash; IPv6 by its /64), for the limit per hour. Rows older than an
-- hour are deleted as the next one for the address comes in, and by the
-- retention pass.
CREATE TABLE intake_hit (
    client_hash TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX intake_hit_client ON intake_hit(client_hash, at);
