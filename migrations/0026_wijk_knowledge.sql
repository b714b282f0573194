-- 0025: what the wijkregisseur writes down for the counter's staff about a
-- wijk (its knowledge page): frequent questions with their answers, and
-- notes on projects and meetings coming up. Who is who, the focus points
-- and the initiatives on that page are read from their own tables.
-- kind 'vraag': title is the question, body the answer (Markdown), date the
-- day the answer was last checked, position the order of the questions.
-- kind 'project' / 'bijeenkomst': title and body (Markdown) of a note, date
-- the day of the meeting (a project may have none).
CREATE TABLE wijk_knowledge (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES area(id),
    kind       TEXT NOT NULL CHECK (kind IN ('vraag', 'project', 'bijeenkomst')),
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body       TEXT NOT NULL DEFAULT '',
    date       TEXT,                             -- ISO date or NULL
    position   INTEGER NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 999),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX wijk_knowledge_area ON wijk_knowledge(area_id, kind, position);
