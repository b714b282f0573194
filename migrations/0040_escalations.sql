-- 0040: escalation with doorzettingsmacht (domain/escalation.c).
--
-- From the process guard the wijkregisseur of the region escalates a stuck
-- signal (over its term, or without progress) or a focus point's action
-- past its due date, with a reason, to the head of the department that owns
-- it (to_kind 'afdelingshoofd', to_org_id the department) or to the
-- wijkwethouder of the wijk's region (to_kind 'wethouder'). The one it goes
-- to decides: a decision and its reason, and an effect on the case (none, a
-- new term or due date, or another department), applied through the rules
-- of that case. One open escalation per case at a time. Confidential and
-- care-network signals are never escalated (their own route is the care
-- network's). area_id and region_id are the case's wijk and region when it
-- was escalated: the monitor counts per wijk and year.
CREATE TABLE escalation (
    id              INTEGER PRIMARY KEY,
    signal_id       INTEGER REFERENCES signal(id),
    action_id       INTEGER REFERENCES focus_action(id) ON DELETE CASCADE,
    area_id         INTEGER REFERENCES area(id),
    region_id       INTEGER NOT NULL REFERENCES region(id),
    to_kind         TEXT NOT NULL CHECK (to_kind IN ('afdelingshoofd', 'wethouder')),
    to_org_id       INTEGER REFERENCES organisation(id),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    created_at      INTEGER NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES user(id),
    decided_at      INTEGER,
    decided_by      INTEGER REFERENCES user(id),
    decision        TEXT CHECK (decision IS NULL OR length(decision) BETWEEN 1 AND 1000),
    decision_reason TEXT CHECK (decision_reason IS NULL OR length(decision_reason) BETWEEN 1 AND 1000),
    effect          TEXT CHECK (effect IS NULL OR effect IN ('geen', 'termijn', 'afdeling')),
    effect_date     TEXT,                       -- YYYY-MM-DD: the new term or due date
    effect_org_id   INTEGER REFERENCES organisation(id),
    working_days    INTEGER,                    -- working days from escalation to decision
    CHECK ((signal_id IS NULL) <> (action_id IS NULL)),
    CHECK (to_kind = 'wethouder' OR to_org_id IS NOT NULL),
    CHECK ((decided_at IS NULL) = (effect IS NULL))
) STRICT;
CREATE UNIQUE INDEX escalation_open_signal ON escalation(signal_id)
    WHERE decided_at IS NULL AND signal_id IS NOT NULL;
CREATE UNIQUE INDEX escalation_open_action ON escalation(action_id)
    WHERE decided_at IS NULL AND action_id IS NOT NULL;
CREATE INDEX escalation_region ON escalation(region_id, created_at);
