-- 0003: signals (meldingen, vragen, klachten): categories with deadlines and
-- extra questions, routing rules, the signal with its owner and status,
-- the reporter's contact details kept apart (only handlers see them; they
-- are erased after the retention period), the full history of events,
-- photos, and a full-text index for the work list.

CREATE TABLE category (
    id               INTEGER PRIMARY KEY,
    parent_id        INTEGER REFERENCES category(id),
    slug             TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT,
    handling_message TEXT,
    deadline_days    INTEGER NOT NULL DEFAULT 5 CHECK (deadline_days > 0),
    deadline_working INTEGER NOT NULL DEFAULT 1, -- 1: working days, 0: calendar days
    is_public        INTEGER NOT NULL DEFAULT 1, -- shown on the public map and in open data
    confidential     INTEGER NOT NULL DEFAULT 0, -- care network only
    active           INTEGER NOT NULL DEFAULT 1,
    position         INTEGER NOT NULL DEFAULT 0,
    valid_from       TEXT NOT NULL,
    valid_to         TEXT
) STRICT;
CREATE UNIQUE INDEX category_slug ON category(coalesce(parent_id, 0), slug);

-- Extra questions of a category, in the six Open311 datatypes.
CREATE TABLE category_question (
    id          INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    datatype    TEXT NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text',
                  'singlevaluelist', 'multivaluelist')),
    required    INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL,
    choices     TEXT,                           -- JSON [[key, name], ...] for the lists
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, code)
) STRICT;

-- Routing rules, evaluated by position, first match wins. A NULL condition
-- matches anything. The target is an organisation (department, care
-- network) or the wijkregisseur of the signal's region.
CREATE TABLE routing_rule (
    id            INTEGER PRIMARY KEY,
    position      INTEGER NOT NULL,
    category_id   INTEGER REFERENCES category(id),
    area_id       INTEGER REFERENCES area(id),
    region_id     INTEGER REFERENCES region(id),
    type          TEXT CHECK (type IS NULL OR type IN ('melding', 'vraag', 'klacht')),
    channel       TEXT,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('organisation', 'wijkregisseur')),
    target_org_id INTEGER REFERENCES organisation(id),
    note          TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT
) STRICT;
CREATE INDEX routing_rule_position ON routing_rule(position);

CREATE TABLE signal (
    id                 INTEGER PRIMARY KEY,
    token              TEXT NOT NULL UNIQUE,    -- the unguessable status link
    type               TEXT NOT NULL CHECK (type IN ('melding', 'vraag', 'klacht')),
    channel            TEXT NOT NULL CHECK (channel IN ('web', 'balie', 'telefoon', 'email',
                         'raadslid', 'partner', 'api')),
    channel_detail     TEXT,                    -- e.g. the API key's name
    category_id        INTEGER NOT NULL REFERENCES category(id),
    description        TEXT NOT NULL,
    lat                REAL,
    lon                REAL,
    location_known     INTEGER NOT NULL DEFAULT 1,
    address_text       TEXT,
    wijk_id            INTEGER REFERENCES area(id),
    buurt_id           INTEGER REFERENCES area(id),
    status             TEXT NOT NULL CHECK (status IN ('gemeld', 'in_behandeling', 'ingepland',
                         'wacht_op_melder', 'doorgezet', 'afgehandeld', 'geannuleerd',
                         'heropend')),
    owner_org_id       INTEGER NOT NULL REFERENCES organisation(id),
    owner_user_id      INTEGER REFERENCES user(id),
    routed_by_rule     INTEGER REFERENCES routing_rule(id),
    confidential       INTEGER NOT NULL DEFAULT 0,
    handoffs           INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,        -- unix seconds
    updated_at         INTEGER NOT NULL,
    deadline_at        INTEGER NOT NULL,
    closed_at          INTEGER,
    merged_into        INTEGER REFERENCES signal(id),
    parent_id          INTEGER REFERENCES signal(id),
    reporter_pseudonym TEXT,                    -- keyed hash of the e-mail address
    created_by         INTEGER REFERENCES user(id),
    demo               INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX signal_owner ON signal(owner_org_id, status, created_at DESC, id DESC);
CREATE INDEX signal_created ON signal(created_at DESC, id DESC);
CREATE INDEX signal_wijk ON signal(wijk_id, created_at);
CREATE INDEX signal_category ON signal(category_id, created_at);
CREATE INDEX signal_open_geo ON signal(status, lat, lon) WHERE closed_at IS NULL;
CREATE INDEX signal_parent ON signal(parent_id) WHERE parent_id IS NOT NULL;

-- Contact details of the reporter(s): personal data, apart from the signal.
-- A merged signal's reporters follow the surviving one.
CREATE TABLE signal_contact (
    id        INTEGER PRIMARY KEY,
    signal_id INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    name      TEXT,
    email     TEXT,
    phone     TEXT,
    erased_at INTEGER
) STRICT;
CREATE INDEX signal_contact_signal ON signal_contact(signal_id);

CREATE TABLE signal_answer (
    signal_id INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (signal_id, code)
) STRICT, WITHOUT ROWID;

-- Everything that happened to a signal; nothing is overwritten.
CREATE TABLE signal_event (
    id          INTEGER PRIMARY KEY,
    signal_id   INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES user(id),
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'status', 'handoff', 'note', 'message',
                  'merge', 'task', 'located', 'satisfaction', 'erased')),
    from_status TEXT,
    to_status   TEXT,
    from_org_id INTEGER REFERENCES organisation(id),
    to_org_id   INTEGER REFERENCES organisation(id),
    text        TEXT,
    public      INTEGER NOT NULL DEFAULT 0        -- shown to the resident
) STRICT;
CREATE INDEX signal_event_signal ON signal_event(signal_id, at);

CREATE TABLE signal_photo (
    id         INTEGER PRIMARY KEY,
    signal_id  INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    file       TEXT NOT NULL,                  -- under DATA/files/
    thumb      TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    public     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX signal_photo_signal ON signal_photo(signal_id);

CREATE VIRTUAL TABLE signal_fts USING fts5(description, address_text, content='signal',
    content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER signal_fts_insert AFTER INSERT ON signal BEGIN
    INSERT INTO signal_fts(rowid, description, address_text)
    VALUES (new.id, new.description, new.address_text);
END;
CREATE TRIGGER signal_fts_update AFTER UPDATE OF description, address_text ON signal BEGIN
    INSERT INTO signal_fts(signal_fts, rowid, description, address_text)
    VALUES ('delete', old.id, old.description, old.address_text);
    INSERT INTO signal_fts(rowid, description, address_text)
    VALUES (new.id, new.description, new.address_text);
END;
CREATE TRIGGER signal_fts_delete AFTER DELETE ON signal BEGIN
    INSERT INTO signal_fts(signal_fts, rowid, description, address_text)
    VALUES ('delete', old.id, old.description, old.address_text);
END;
