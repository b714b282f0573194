-- 0005_focus.sql: focus points with their plan of approach (goals,
-- indicators, actions, partners), measurements of the indicators, the
-- input staff record for the biennial inventory, the wijkregisseur's text
-- per focus point per year for the council report, and the frozen figures
-- of a closed year. Also two indexes for the work list.

ALTER TABLE focuspunt ADD COLUMN problem TEXT;
-- Comma list of: signalen, wijkontwikkelingsplan, partners, politie, bewoners.
ALTER TABLE focuspunt ADD COLUMN origin TEXT;
-- The wijkregisseur who directs it.
ALTER TABLE focuspunt ADD COLUMN regisseur_user_id INTEGER REFERENCES user(id);
ALTER TABLE focuspunt ADD COLUMN updated_at INTEGER;
CREATE INDEX focuspunt_period ON focuspunt(period_start, period_end);

CREATE TABLE focus_goal (
    id           INTEGER PRIMARY KEY,
    focuspunt_id INTEGER NOT NULL REFERENCES focuspunt(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    text         TEXT NOT NULL
) STRICT;
CREATE INDEX focus_goal_focuspunt ON focus_goal(focuspunt_id, position);

-- An indicator of a goal. method 'manual' is entered by hand (surveys);
-- the others are computed from the program's own data in the focus area.
CREATE TABLE focus_indicator (
    id               INTEGER PRIMARY KEY,
    goal_id          INTEGER NOT NULL REFERENCES focus_goal(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL DEFAULT 'manual' CHECK (method IN ('manual',
                       'signals_per_1000', 'within_deadline', 'distinct_reporters')),
    baseline_value   REAL,
    baseline_date    TEXT,
    target_value     REAL,
    target_date      TEXT,
    source           TEXT NOT NULL DEFAULT '',
    higher_is_better INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX focus_indicator_goal ON focus_indicator(goal_id);

-- The categories an automatic indicator counts (none: all categories).
CREATE TABLE focus_indicator_category (
    indicator_id INTEGER NOT NULL REFERENCES focus_indicator(id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES category(id),
    PRIMARY KEY (indicator_id, category_id)
) STRICT, WITHOUT ROWID;

-- One value of an indicator at a date. auto = 1: computed (for a period
-- ending on measured_on), replaced when recomputed; auto = 0: entered.
CREATE TABLE focus_measurement (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES focus_indicator(id) ON DELETE CASCADE,
    measured_on  TEXT NOT NULL,                -- YYYY-MM-DD
    value        REAL NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    auto         INTEGER NOT NULL DEFAULT 0,
    entered_by   INTEGER REFERENCES user(id),
    entered_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX focus_measurement_indicator ON focus_measurement(indicator_id, measured_on);
CREATE UNIQUE INDEX focus_measurement_auto ON focus_measurement(indicator_id, measured_on)
    WHERE auto = 1;

-- An action of the plan. The owner is a department or partner organisation
-- (owner_org_id) or a residents' group (owner_text).
CREATE TABLE focus_action (
    id           INTEGER PRIMARY KEY,
    focuspunt_id INTEGER NOT NULL REFERENCES focuspunt(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    owner_kind   TEXT NOT NULL CHECK (owner_kind IN ('afdeling', 'partner', 'bewoners')),
    owner_org_id INTEGER REFERENCES organisation(id),
    owner_text   TEXT,
    due_on       TEXT,                         -- YYYY-MM-DD
    status       TEXT NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'lopend',
                   'gereed', 'vervallen')),
    notes        TEXT,
    done_on      TEXT,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX focus_action_focuspunt ON focus_action(focuspunt_id);
CREATE INDEX focus_action_due ON focus_action(status, due_on);

CREATE TABLE focus_partner (
    focuspunt_id INTEGER NOT NULL REFERENCES focuspunt(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES organisation(id),
    role         TEXT,
    PRIMARY KEY (focuspunt_id, org_id)
) STRICT, WITHOUT ROWID;

-- The wijkregisseur's short text per focus point for a year's report.
CREATE TABLE focus_report_text (
    focuspunt_id INTEGER NOT NULL REFERENCES focuspunt(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    text         TEXT NOT NULL,
    updated_by   INTEGER REFERENCES user(id),
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (focuspunt_id, year)
) STRICT, WITHOUT ROWID;

-- Input for the biennial inventory recorded by staff (partners, meetings).
CREATE TABLE inventory_input (
    id         INTEGER PRIMARY KEY,
    wijk_id    INTEGER NOT NULL REFERENCES area(id),
    source     TEXT NOT NULL CHECK (source IN ('partner', 'bijeenkomst', 'politie',
                 'bewoners', 'medewerker')),
    text       TEXT NOT NULL,
    entered_by INTEGER REFERENCES user(id),
    entered_at INTEGER NOT NULL
) STRICT;
CREATE INDEX inventory_input_wijk ON inventory_input(wijk_id, entered_at);

-- A closed year: its report figures frozen as JSON, never changed after.
CREATE TABLE year_snapshot (
    year      INTEGER PRIMARY KEY,
    closed_at INTEGER NOT NULL,
    closed_by INTEGER REFERENCES user(id),
    data      TEXT NOT NULL
) STRICT;
CREATE TRIGGER year_snapshot_no_update BEFORE UPDATE ON year_snapshot
BEGIN SELECT RAISE(ABORT, 'a closed year does not change'); END;

-- The work list's other orders and lists: the open signals by deadline
-- (most overdue first) and one person's signals.
CREATE INDEX signal_open_deadline ON signal(deadline_at, id) WHERE closed_at IS NULL;
CREATE INDEX signal_owner_user ON signal(owner_user_id, created_at DESC, id DESC)
    WHERE owner_user_id IS NOT NULL;
