-- 0021: the menu of participation methods for colleagues: what a method is,
-- what it is good for, its effort, cost, reach and accessibility, where in
-- Zoetermeer it was used and which colleague to ask, and stories of its use.
-- The facets a colleague searches by (goal, group reached) are rows of
-- participation_method_facet; effort is a column. Codes are checked by the
-- domain (domain/method.c), the effort and cost here as well.
CREATE TABLE participation_method (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    summary       TEXT NOT NULL,
    good_for      TEXT NOT NULL,
    effort        TEXT NOT NULL CHECK (effort IN ('klein', 'middel', 'groot')),
    cost          TEXT NOT NULL CHECK (cost IN ('laag', 'middel', 'hoog')),
    reach         TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    used_where    TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    stories       TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL,
    updated_by    INTEGER REFERENCES user(id)
) STRICT;
CREATE TABLE participation_method_facet (
    method_id INTEGER NOT NULL REFERENCES participation_method(id) ON DELETE CASCADE,
    facet     TEXT NOT NULL CHECK (facet IN ('doel', 'groep')),
    code      TEXT NOT NULL,
    PRIMARY KEY (method_id, facet, code)
) STRICT;
CREATE INDEX participation_method_facet_code ON participation_method_facet(facet, code);
