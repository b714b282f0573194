-- The wijkregisseur's own time: what goes to directing (connecting,
-- putting on the agenda, agreeing) and what to executing or supporting
-- tasks taken on because nobody else did. The monitor shows the share per
-- region and year. An entry is the regisseur's own; its description says
-- what kind of task, never who was helped.
CREATE TABLE regie_entry (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES user(id),
    region_id   INTEGER REFERENCES region(id),
    worked_on   TEXT NOT NULL CHECK (worked_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT NOT NULL CHECK (kind IN ('regie', 'uitvoering')),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    hours       REAL CHECK (hours IS NULL OR (hours > 0 AND hours <= 24)),
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX regie_entry_user ON regie_entry (user_id, worked_on);
CREATE INDEX regie_entry_day ON regie_entry (worked_on);
