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
