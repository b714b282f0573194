-- 0019: public functions for a wijk as well as for a region, and more of them.
--
-- A wijkregisseur and a wijkwethouder serve a region; a wijkagent or a
-- wijkconsulent often serves one wijk. A row now holds either a region or a
-- wijk (area), never both. valid_to stays exclusive: the first day the
-- person no longer holds the function (NULL: open-ended). The rows already
-- there keep their ids, so the audit trail's references stay right.
CREATE TABLE person_function_new (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    function   TEXT NOT NULL CHECK (function IN ('wijkregisseur', 'wijkwethouder', 'wijkagent',
                   'wijkconsulent', 'jongerenwerker', 'opbouwwerker', 'wijkbeheerder')),
    region_id  INTEGER REFERENCES region(id),
    area_id    INTEGER REFERENCES area(id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    CHECK ((region_id IS NULL) <> (area_id IS NULL)),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) STRICT;
INSERT INTO person_function_new (id, person_id, function, region_id, area_id, valid_from, valid_to)
    SELECT id, person_id, function, region_id, NULL, valid_from, valid_to FROM person_function;
DROP TABLE person_function;
ALTER TABLE person_function_new RENAME TO person_function;
CREATE UNIQUE INDEX person_function_unique
    ON person_function(person_id, function, ifnull(region_id, 0), ifnull(area_id, 0), valid_from);
CREATE INDEX person_function_region ON person_function(region_id, function);
CREATE INDEX person_function_area ON person_function(area_id, function);
