-- 0020: residents' initiatives (Wijk aan zet): applications for a small
-- grant, their budget lines and history, the mandate table that says who
-- decides up to which amount, and the wijk budgets per year the grants are
-- committed against. Every amount is whole euro cents (INTEGER), never a
-- floating-point number.

-- An application. state 'concept' is a draft the applicant can still
-- finish behind its link; the other states are the handling (the allowed
-- changes are one table in src/domain/initiative.c). The link's token is
-- stored only as a keyed hash. Contact details and the account number are
-- personal data: shown only to whom the permission table allows, never in
-- the audit trail or open data, and erased by retention.
CREATE TABLE initiative (
    id                 INTEGER PRIMARY KEY,
    token_hash         TEXT NOT NULL UNIQUE,
    state              TEXT NOT NULL DEFAULT 'concept' CHECK (state IN ('concept', 'ingediend',
                         'in_behandeling', 'vragen', 'toegekend', 'deels_toegekend', 'afgewezen',
                         'ingetrokken', 'uitgevoerd', 'verantwoord')),
    applicant_name     TEXT,
    applicant_email    TEXT,
    applicant_phone    TEXT,
    applicant_address  TEXT,
    organisation       TEXT,                    -- optional group or foundation
    iban               TEXT,                    -- compact, mod-97 checked
    iban_holder        TEXT,
    title              TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    wijk_id            INTEGER REFERENCES area(id),
    activity_date      TEXT,                    -- ISO date
    activity_place     TEXT,
    participants       INTEGER CHECK (participants IS NULL OR participants >= 0),
    neighbours         INTEGER CHECK (neighbours IS NULL OR neighbours >= 0),
    own_cents          INTEGER NOT NULL DEFAULT 0 CHECK (own_cents >= 0),
    other_cents        INTEGER NOT NULL DEFAULT 0 CHECK (other_cents >= 0),
    other_funding      TEXT,                    -- which other funds
    consent_publish    INTEGER NOT NULL DEFAULT 0 CHECK (consent_publish IN (0, 1)),
    channel            TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'balie',
                         'telefoon', 'email', 'post')),
    entered_by         INTEGER REFERENCES user(id),  -- staff who entered it; NULL: the applicant
    requested_cents    INTEGER NOT NULL DEFAULT 0 CHECK (requested_cents >= 0),
    granted_cents      INTEGER NOT NULL DEFAULT 0 CHECK (granted_cents >= 0),
    budget_year        INTEGER,                 -- the wijk budget a grant is committed against
    paid_cents         INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0 AND paid_cents <= granted_cents),
    decided_by         INTEGER REFERENCES user(id),
    reject_reason      TEXT,
    alternative        TEXT CHECK (alternative IS NULL OR alternative IN ('fonds', 'partner',
                         'kleiner', 'focuspunt')),
    alternative_text   TEXT,
    created_at         INTEGER NOT NULL,        -- unix seconds
    submitted_at       INTEGER,
    decided_at         INTEGER,
    state_since        INTEGER NOT NULL,        -- when the current state began
    -- publication: staff approve a title and summary, only with consent
    published          INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    public_summary     TEXT,
    -- the applicant's account afterwards (photo: a stored file, re-encoded)
    report_text        TEXT,
    report_participants INTEGER CHECK (report_participants IS NULL OR report_participants >= 0),
    report_photo       TEXT,
    report_thumb       TEXT,
    reported_at        INTEGER,
    demo               INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX initiative_state ON initiative(state, state_since);
CREATE INDEX initiative_wijk ON initiative(wijk_id, state);

CREATE TABLE initiative_line (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    description   TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
    UNIQUE (initiative_id, position)
) STRICT;

-- The history: every change of state, question and answer, the account
-- afterwards, each payment and the publication. user_id
-- NULL is the applicant (through the status link).
CREATE TABLE initiative_event (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    user_id       INTEGER REFERENCES user(id),
    kind          TEXT NOT NULL CHECK (kind IN ('state', 'question', 'answer', 'report',
                    'payment', 'published')),
    from_state    TEXT,
    to_state      TEXT,
    text          TEXT,
    amount_cents  INTEGER
) STRICT;
CREATE INDEX initiative_event_initiative ON initiative_event(initiative_id, at);

-- Who decides up to which amount per application: a role, for one region or
-- (region_id NULL) wherever the person holds the role; max_cents NULL is
-- without limit. Each row records the college decision behind it; a change
-- closes a row (valid_to) and opens another. Only the wijkwethouder role
-- changes it, audited.
CREATE TABLE grant_mandate (
    id                INTEGER PRIMARY KEY,
    role              TEXT NOT NULL CHECK (role IN ('wijkregisseur', 'wijkwethouder')),
    region_id         INTEGER REFERENCES region(id),
    max_cents         INTEGER CHECK (max_cents IS NULL OR max_cents >= 0),
    college_decision  TEXT,                     -- ISO date of the decision; NULL: not recorded
    valid_from        TEXT NOT NULL,
    valid_to          TEXT
) STRICT;
-- The audit's rule: the wijkregisseur grants up to EUR 1,000 per
-- application in their own region; above that the wijkwethouder decides.
INSERT INTO grant_mandate (role, region_id, max_cents, college_decision, valid_from)
VALUES ('wijkregisseur', NULL, 100000, NULL, '2016-01-01'),
       ('wijkwethouder', NULL, NULL, NULL, '2016-01-01');

-- The money of a wijk for a year. committed grows with every grant in the
-- same transaction as the decision and can never pass the amount; paid
-- never passes committed. flexible is the part the wijkregisseur keeps for
-- what comes up during the year.
CREATE TABLE wijk_budget (
    area_id         INTEGER NOT NULL REFERENCES area(id),
    year            INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
    flexible_cents  INTEGER NOT NULL DEFAULT 0 CHECK (flexible_cents >= 0 AND flexible_cents <= amount_cents),
    committed_cents INTEGER NOT NULL DEFAULT 0 CHECK (committed_cents >= 0 AND committed_cents <= amount_cents),
    paid_cents      INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0 AND paid_cents <= committed_cents),
    demo            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (area_id, year)
) STRICT;
