-- 0002: the e-mail outbox.
-- A message to a resident is written here in the same transaction as the
-- change it reports (a new signal, a status change, closing), so it is never
-- lost: the mailer thread sends it through the SMTP relay afterwards and
-- retries with back-off while the relay is down (1 min, 5 min, 15 min, 1 h,
-- 4 h, then every 12 h), and gives up after 3 days, leaving the row as
-- 'failed' for the administrator to see.
--
-- Personal data: to_addr and body_text hold the resident's address and the
-- text written to them. Retention (outbox_purge_sent) erases both, setting
-- to_addr to '' and body_text to NULL, once a message is sent (or has
-- failed) and is older than the retention period; the row itself stays as a
-- record that a message of that kind was sent. subject and last_error never
-- hold personal data (last_error is the relay's status, never an address).

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,             -- unix seconds
    to_addr         TEXT NOT NULL,                -- '' once erased by retention
    subject         TEXT NOT NULL,
    body_text       TEXT,                         -- NULL once erased by retention
    -- what the message is about: 'confirmation', 'status', 'closed', ...
    -- (lower-case words, so a new kind needs no migration)
    kind            TEXT NOT NULL CHECK (kind <> '' AND length(kind) <= 32
                      AND kind NOT GLOB '*[^a-z_]*'),
    ref             INTEGER,                      -- e.g. the signal's id; NULL: none
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,             -- unix seconds
    last_error      TEXT CHECK (last_error IS NULL OR length(last_error) <= 200),
    sent_at         INTEGER,                      -- unix seconds; NULL until sent
    status          TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'sent', 'failed'))
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
