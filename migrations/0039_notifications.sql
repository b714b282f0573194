-- 0039: e-mail notifications to residents (domain/notify.c has the rules).
--
-- notify_event is the queue of what a resident can be told about: a public
-- item that became public (a consultation announced or entering a phase, a
-- public meeting, the answer to a public spreekuur question, a published
-- story, a survey opening). It holds no personal data: the item's kind, id,
-- title and public path, its wijk (area_id), or its region (region_id), or
-- the whole city (both NULL), and a topic (NULL: every topic). dispatched_at
-- is set once the mails for residents who chose "at once" were queued.
-- (kind, ref, detail) is unique, so a phase or an opening is recorded once.
CREATE TABLE notify_event (
    id            INTEGER PRIMARY KEY,
    created_at    INTEGER NOT NULL,                       -- unix seconds
    kind          TEXT NOT NULL CHECK (kind IN ('consultatie', 'bijeenkomst', 'spreekuur',
                                                'verhaal', 'enquete')),
    ref           INTEGER NOT NULL,                       -- the item's id
    detail        TEXT NOT NULL DEFAULT '',               -- e.g. the consultation's phase
    area_id       INTEGER REFERENCES area(id),
    region_id     INTEGER REFERENCES region(id),
    topic         TEXT CHECK (topic IS NULL OR (length(topic) <= 32 AND topic NOT GLOB '*[^a-z]*')),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    path          TEXT NOT NULL CHECK (path GLOB '/*'),
    dispatched_at INTEGER,
    CHECK (area_id IS NULL OR region_id IS NULL),
    UNIQUE (kind, ref, detail)
) STRICT;
CREATE INDEX notify_event_pending ON notify_event(id) WHERE dispatched_at IS NULL;

-- A resident's choice: 'uit' (no e-mail), 'direct' (at once) or 'week' (a
-- weekly digest). No row: 'uit'. after_id: the last event already covered
-- (sent, or before the choice was made: nobody gets older news). digest_at:
-- when the last weekly digest was assembled (sent or empty). Erased with the
-- account.
CREATE TABLE notify_pref (
    user_id    INTEGER PRIMARY KEY REFERENCES resident(user_id),
    mode       TEXT NOT NULL CHECK (mode IN ('uit', 'direct', 'week')),
    after_id   INTEGER NOT NULL DEFAULT 0,
    digest_at  INTEGER NOT NULL DEFAULT 0,
    changed_at INTEGER NOT NULL
) STRICT;

-- Unsubscribe links: each message carries a new random token; only its keyed
-- hash is kept. A token works until it is used (then it is deleted) or the
-- account is erased.
CREATE TABLE notify_token (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id    INTEGER NOT NULL REFERENCES resident(user_id),
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX notify_token_user ON notify_token(user_id);

-- A message may carry an unsubscribe URL (List-Unsubscribe, RFC 8058); it
-- holds a secret token, so it is erased with the address and the body.
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT
    CHECK (unsubscribe_url IS NULL OR length(unsubscribe_url) <= 500);
