-- 0020: the budget of wijkgericht werken per year, line by line, as the
-- municipality's accounts show it (the 2016 lines come from the audit of the
-- Rekenkamercommissie; later years are entered or, in a demo, generated).
--
-- kind: personeel or activiteiten. amount_cents: whole euro cents, never a
-- floating-point number. A line is one (year, kind, line) and loading the
-- same year again updates it instead of adding a second one. demo = 1 marks
-- lines that are demonstration data, not facts.
CREATE TABLE budget_line (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    kind         TEXT NOT NULL CHECK (kind IN ('personeel', 'activiteiten')),
    line         TEXT NOT NULL CHECK (length(line) BETWEEN 1 AND 200),
    programme    TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 100),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    source       TEXT,
    demo         INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    UNIQUE (year, kind, line)
) STRICT;
