-- 0001: areas with their periods, organisation, users, sessions, audit.
-- Time is part of the data: every area, assignment and population figure
-- carries the period or date it is valid for, so a report about a past
-- year uses what stood then.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE municipality (
    code            TEXT PRIMARY KEY,        -- CBS code, GM0637
    name            TEXT NOT NULL,
    jurisdiction_id TEXT NOT NULL
) STRICT;

-- A wijkregisseur region: a group of wijken directed by one wijkregisseur.
CREATE TABLE region (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    valid_from TEXT NOT NULL,               -- ISO date
    valid_to   TEXT                          -- NULL: still valid
) STRICT;

-- Wijken and buurten of one CBS division year (jaar_indeling). CBS reuses
-- codes across divisions, so (kind, code, year) is the identity.
CREATE TABLE area (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('wijk', 'buurt')),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    year       INTEGER NOT NULL,             -- jaar_indeling
    parent_id  INTEGER REFERENCES area(id),  -- the wijk of a buurt
    geometry   TEXT,                         -- GeoJSON geometry, WGS84
    label_lat  REAL,
    label_lon  REAL,
    slug       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    UNIQUE (kind, code, year)
) STRICT;
CREATE INDEX area_parent ON area(parent_id);
CREATE UNIQUE INDEX area_slug ON area(kind, slug, year);

-- Which region a wijk belongs to, over time (the administrator can move one).
CREATE TABLE area_region (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES area(id),
    region_id  INTEGER NOT NULL REFERENCES region(id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT
) STRICT;
CREATE INDEX area_region_area ON area_region(area_id, valid_from);

CREATE TABLE population (
    area_id     INTEGER NOT NULL REFERENCES area(id),
    date        TEXT NOT NULL,               -- peildatum
    inhabitants INTEGER NOT NULL CHECK (inhabitants >= 0),
    households  INTEGER,
    men         INTEGER,
    women       INTEGER,
    density     INTEGER,
    source      TEXT NOT NULL,
    PRIMARY KEY (area_id, date)
) STRICT;

-- Departments, the care network and partner organisations.
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('department', 'care_network', 'partner')),
    code        TEXT UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    type        TEXT CHECK (type IS NULL OR type IN ('police', 'youth work', 'welfare',
                  'housing corporation', 'care', 'fund', 'business', 'residents group')),
    description TEXT,
    email       TEXT,
    phone       TEXT,
    website     TEXT
) STRICT;

-- People who hold a public function (wijkregisseur, wijkwethouder), shown on
-- the wijk pages. Accounts may point to one.
CREATE TABLE person (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    fictional INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE person_function (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    function   TEXT NOT NULL CHECK (function IN ('wijkregisseur', 'wijkwethouder')),
    region_id  INTEGER NOT NULL REFERENCES region(id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    UNIQUE (person_id, function, region_id, valid_from)
) STRICT;

CREATE TABLE user (
    id                  INTEGER PRIMARY KEY,
    login               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT NOT NULL,
    email               TEXT,
    person_id           INTEGER REFERENCES person(id),
    password_hash       TEXT NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
) STRICT;

-- A role of a user, optionally scoped to a region, a wijk or an organisation.
CREATE TABLE user_role (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    region_id INTEGER REFERENCES region(id),
    area_id   INTEGER REFERENCES area(id),
    org_id    INTEGER REFERENCES organisation(id),
    UNIQUE (user_id, role, region_id, area_id, org_id)
) STRICT;
CREATE INDEX user_role_user ON user_role(user_id);

-- Sessions: only the SHA-256 of the token is stored.
CREATE TABLE session (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,             -- unix seconds
    last_seen  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id);

-- Failed-login throttling per account and per (hashed) client address.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- The 2016 focuspunten as records (their workflow comes later).
CREATE TABLE focuspunt (
    id           INTEGER PRIMARY KEY,
    number       INTEGER,
    title        TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'vastgesteld',
    decided_on   TEXT,
    source       TEXT,
    demo         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (number, period_start)
) STRICT;

CREATE TABLE focuspunt_area (
    focuspunt_id INTEGER NOT NULL REFERENCES focuspunt(id) ON DELETE CASCADE,
    area_id      INTEGER NOT NULL REFERENCES area(id),
    PRIMARY KEY (focuspunt_id, area_id)
) STRICT, WITHOUT ROWID;

-- Append-only audit trail of changes by staff. Personal data of residents is
-- never stored here: for such fields the entry says that they changed.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES user(id),
    actor     TEXT NOT NULL,                 -- login at the time, or 'system'
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT,                          -- JSON
    after     TEXT                           -- JSON
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- Keys for the Open311 API: only the SHA-256 of the key is kept.
CREATE TABLE api_key (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    key_hash     BLOB NOT NULL UNIQUE,
    rate_per_min INTEGER NOT NULL DEFAULT 60,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;
