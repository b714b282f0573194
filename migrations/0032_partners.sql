-- 0032: the partner register and the work partners and departments find.
--
-- The register is kept by the netwerkregisseur (domain/partner.c): the
-- people of each partner organisation per wijk, with their role and the
-- dates they started and left (turnover per year is counted from these),
-- and the agreements (convenant) with the main partners: which kind of case
-- (a main category of signals, or every case that is not confidential) an
-- organisation may be told about, how much (the case without the reporter,
-- or with the reporter's contact details when the reporter agreed), from
-- when until when.

-- A person working for a partner organisation in a wijk. public_consent:
-- they agreed to be named on the wijk's public page.
CREATE TABLE partner_person (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisation(id),
    area_id        INTEGER NOT NULL REFERENCES area(id),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    role           TEXT NOT NULL DEFAULT '' CHECK (length(role) <= 120),
    started_on     TEXT NOT NULL,              -- YYYY-MM-DD
    ended_on       TEXT,                       -- YYYY-MM-DD; NULL: still there
    public_consent INTEGER NOT NULL DEFAULT 0 CHECK (public_consent IN (0, 1)),
    updated_at     INTEGER NOT NULL,
    updated_by     INTEGER REFERENCES user(id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT;
CREATE INDEX partner_person_org ON partner_person(org_id);
CREATE INDEX partner_person_area ON partner_person(area_id);

-- An agreement with a partner: category_id is a main category (a category
-- group); NULL covers every kind of case that is not confidential. told:
-- 'inhoud' the case (category, place, description) without the reporter,
-- 'contact' also the reporter's contact details when the reporter agreed
-- to this organisation being told.
CREATE TABLE partner_agreement (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisation(id),
    category_id INTEGER REFERENCES category(id),
    told        TEXT NOT NULL CHECK (told IN ('inhoud', 'contact')),
    valid_from  TEXT NOT NULL,                 -- YYYY-MM-DD
    valid_until TEXT NOT NULL,                 -- YYYY-MM-DD, the last day it holds
    note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER REFERENCES user(id),
    CHECK (valid_until >= valid_from)
) STRICT;
CREATE INDEX partner_agreement_org ON partner_agreement(org_id);

-- Hours spent on a focus point's action, per department or partner and
-- day. The action's owner records them (a partner for the actions given to
-- its organisation); they are summed per wijk and year in the monitor.
CREATE TABLE focus_action_hours (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES focus_action(id) ON DELETE CASCADE,
    org_id     INTEGER NOT NULL REFERENCES organisation(id),
    worked_on  TEXT NOT NULL,                  -- YYYY-MM-DD
    minutes    INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 100000),
    note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX focus_action_hours_action ON focus_action_hours(action_id);

-- A signal referred to a partner organisation, checked against the
-- agreements when it is made (domain/partner.c). contact_consent: the
-- reporter agreed that this organisation is told their contact details
-- (recorded by the handler who refers; the partner sees them only with it
-- and an agreement that allows it). The partner marks it done or returns
-- it, with an answer for the handler.
CREATE TABLE partner_referral (
    id              INTEGER PRIMARY KEY,
    signal_id       INTEGER NOT NULL REFERENCES signal(id),
    org_id          INTEGER NOT NULL REFERENCES organisation(id),
    what            TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 4000),
    contact_consent INTEGER NOT NULL DEFAULT 0 CHECK (contact_consent IN (0, 1)),
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'gedaan', 'teruggegeven')),
    answer          TEXT CHECK (answer IS NULL OR length(answer) <= 4000),
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES user(id),
    closed_at       INTEGER,
    closed_by       INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX partner_referral_org ON partner_referral(org_id, status);
CREATE INDEX partner_referral_signal ON partner_referral(signal_id);
