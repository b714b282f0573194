-- 0025: the counter (wijkposten and the Gemeentelijk Informatiepunt) and the
-- contacts registered there.
--
-- organisation is the register of partners: uses_wijkregie says that an
-- organisation works in this program, so a clerk may hand a resident over
-- to it warmly (it hears of it by e-mail); description says what it helps
-- with. Nothing here is specific to the counter.
ALTER TABLE organisation ADD COLUMN uses_wijkregie INTEGER NOT NULL DEFAULT 0
    CHECK (uses_wijkregie IN (0, 1));

-- A counter location: a wijkpost or a Gemeentelijk Informatiepunt (gip),
-- with its opening hours per weekday as people write them
-- ("09:00-12:30, 13:30-16:00"; empty: closed), checked by domain/counter.c.
CREATE TABLE counter_location (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    area_id   INTEGER NOT NULL REFERENCES area(id),
    address   TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    kind      TEXT NOT NULL CHECK (kind IN ('wijkpost', 'gip')),
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    hours_mon TEXT NOT NULL DEFAULT '',
    hours_tue TEXT NOT NULL DEFAULT '',
    hours_wed TEXT NOT NULL DEFAULT '',
    hours_thu TEXT NOT NULL DEFAULT '',
    hours_fri TEXT NOT NULL DEFAULT '',
    hours_sat TEXT NOT NULL DEFAULT '',
    hours_sun TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER REFERENCES user(id)
) STRICT;

-- The organisations in the same building as a counter location.
CREATE TABLE counter_location_org (
    location_id INTEGER NOT NULL REFERENCES counter_location(id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organisation(id),
    PRIMARY KEY (location_id, org_id)
) STRICT;

-- One contact at the counter. It holds no name, address or free text about
-- a person. A referral names a department or an organisation
-- (referral_org_id), or the care network (no organisation and no link to
-- the confidential signal the referral made). same_building records whether
-- the organisation was in the location's building at the time; with_signal
-- that the contact came with a signal taken in at the counter (in the same
-- transaction), which the till does not undo. local_date and iso_week are
-- the municipality's (Europe/Amsterdam), fixed when the contact is made.
CREATE TABLE counter_contact (
    id              INTEGER PRIMARY KEY,
    location_id     INTEGER NOT NULL REFERENCES counter_location(id),
    user_id         INTEGER REFERENCES user(id),
    created_at      INTEGER NOT NULL,
    local_date      TEXT NOT NULL,
    iso_week        TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('balie', 'telefoon')),
    type            TEXT NOT NULL
                    CHECK (type IN ('vraag', 'melding', 'klacht', 'product', 'verwijzing')),
    product         TEXT,
    referral        TEXT CHECK (referral IS NULL
                                OR referral IN ('afdeling', 'organisatie', 'wijkzorgnetwerk')),
    referral_org_id INTEGER REFERENCES organisation(id),
    same_building   INTEGER NOT NULL DEFAULT 0 CHECK (same_building IN (0, 1)),
    warm_handoff    INTEGER NOT NULL DEFAULT 0 CHECK (warm_handoff IN (0, 1)),
    with_signal     INTEGER NOT NULL DEFAULT 0 CHECK (with_signal IN (0, 1)),
    CHECK ((type = 'product') = (product IS NOT NULL)),
    CHECK ((type = 'verwijzing') = (referral IS NOT NULL)),
    CHECK (referral IS NULL OR (referral = 'wijkzorgnetwerk') = (referral_org_id IS NULL))
) STRICT;
CREATE INDEX counter_contact_week ON counter_contact(iso_week, location_id);
CREATE INDEX counter_contact_user ON counter_contact(user_id, id);
