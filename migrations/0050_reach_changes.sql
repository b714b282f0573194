-- A change count per year and scope of the reach summary (issue 16): every
-- insert, update and delete of monitor_reporter adds one to its scope's row.
-- The count only grows, so the sum over a region's wijken says whether any of
-- their reporters changed; the distinct reporters of a region, which must be
-- counted over every reporter row of its wijken (12 ms for two wijken at a
-- million signals), are kept in memory until it does.
ALTER TABLE monitor_reach ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER monitor_reporter_insert;
DROP TRIGGER monitor_reporter_update;
DROP TRIGGER monitor_reporter_delete;
CREATE TRIGGER monitor_reporter_insert AFTER INSERT ON monitor_reporter
BEGIN
    INSERT INTO monitor_reach (year, scope, reporters, repeat, changes)
    VALUES (new.year, new.scope, 1, new.n > 1, 1)
    ON CONFLICT DO UPDATE SET reporters = reporters + 1, repeat = repeat + excluded.repeat,
        changes = changes + 1;
END;
CREATE TRIGGER monitor_reporter_update AFTER UPDATE OF n ON monitor_reporter
BEGIN
    UPDATE monitor_reach SET repeat = repeat + (new.n > 1) - (old.n > 1), changes = changes + 1
    WHERE year = new.year AND scope = new.scope;
END;
CREATE TRIGGER monitor_reporter_delete AFTER DELETE ON monitor_reporter
BEGIN
    UPDATE monitor_reach SET reporters = reporters - 1, repeat = repeat - (old.n > 1),
        changes = changes + 1
    WHERE year = old.year AND scope = old.scope;
END;
