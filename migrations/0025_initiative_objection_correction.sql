-- 0025: objections (bezwaar, Awb) against a decision on a residents'
-- initiative: the ondersteuner records the day an objection was received
-- and, later, its outcome. At most one objection of an application is open
-- at a time. No personal data: the objection itself stays in the
-- municipality's case system; this is what the work list and the applicant
-- need to know.
CREATE TABLE initiative_objection (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    received_on   TEXT NOT NULL,                 -- ISO date, not before the decision
    recorded_at   INTEGER NOT NULL,
    recorded_by   INTEGER REFERENCES user(id),
    outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('gegrond', 'ongegrond', 'ingetrokken')),
    outcome_on    TEXT,                          -- ISO date, not before received_on
    outcome_note  TEXT,
    outcome_at    INTEGER,
    outcome_by    INTEGER REFERENCES user(id),
    CHECK ((outcome IS NULL) = (outcome_on IS NULL))
) STRICT;
CREATE INDEX initiative_objection_initiative ON initiative_objection(initiative_id, id);
CREATE UNIQUE INDEX initiative_objection_open ON initiative_objection(initiative_id)
    WHERE outcome IS NULL;

-- Staff may correct an application's content after submission; the history
-- records which fields changed (kind 'correction', text: the fields' names),
-- never the values. SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE initiative_event_new (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES user(id),
    kind          TEXT NOT NULL CHECK (kind IN ('state', 'question', 'answer', 'report',
                    'payment', 'published', 'correction')),
    from_state    TEXT,
    to_state      TEXT,
    text          TEXT,
    amount_cents  INTEGER
) STRICT;
INSERT INTO initiative_event_new (id, initiative_id, at, user_id, kind, from_state, to_state, text,
                                  amount_cents)
    SELECT id, initiative_id, at, user_id, kind, from_state, to_state, text, amount_cents
    FROM initiative_event;
DROP TABLE initiative_event;
ALTER TABLE initiative_event_new RENAME TO initiative_event;
CREATE INDEX initiative_event_initiative ON initiative_event(initiative_id, at);

-- Receipts: when deciding, staff may ask for receipts; the applicant's
-- report then carries a photo of them (re-encoded by the image helper like
-- the report's photo), read only by those who may read personal data and
-- erased with the applicant's personal data.
ALTER TABLE initiative ADD COLUMN receipts_asked INTEGER NOT NULL DEFAULT 0
    CHECK (receipts_asked IN (0, 1));
ALTER TABLE initiative ADD COLUMN receipt_photo TEXT;
ALTER TABLE initiative ADD COLUMN receipt_thumb TEXT;
