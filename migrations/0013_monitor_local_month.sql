-- 0013: the monitor counts months and years in the municipality's time.
--
-- Migration 0007 put a signal in the month it was created in UTC, so a signal
-- of 1 January 00:30 in Zoetermeer counted in December, and in the council
-- report of the year before. A month (and so a year) is now the calendar
-- month in Europe/Amsterdam; see docs/decisions/0014-monitor-months-in-local-time.md.
--
-- signal.created_month is that month as YYYYMM, computed from created_at by
-- the EU summer-time rules the Netherlands has followed since 1996: CEST (+2)
-- from the last Sunday of March until the last Sunday of October, CET (+1)
-- otherwise. The first day of a month is never a changeover day (those are
-- the 25th to the 31st): the 1st of April to October always falls in summer
-- time, the 1st of November to March in winter time. So a moment belongs to
-- the month it falls in at +2 when that month is April to October, and to the
-- month it falls in at +1 otherwise. Exact from 1996 to 2100 (checked against
-- the tz database); domain/calendar.c follows the same rules in C.
--
-- A virtual column: computed when read, nothing stored; the summaries'
-- triggers below read new.created_month and old.created_month.

ALTER TABLE signal ADD COLUMN created_month INTEGER GENERATED ALWAYS AS (CAST(
    CASE WHEN strftime('%m', created_at + 7200, 'unixepoch') BETWEEN '04' AND '10'
         THEN strftime('%Y%m', created_at + 7200, 'unixepoch')
         ELSE strftime('%Y%m', created_at + 3600, 'unixepoch') END AS INTEGER)) VIRTUAL;

-- The triggers of 0007 with the local month.
DROP TRIGGER monitor_signal_insert;
DROP TRIGGER monitor_signal_delete;
DROP TRIGGER monitor_signal_update_old;
DROP TRIGGER monitor_signal_update_new;

CREATE TRIGGER monitor_signal_insert AFTER INSERT ON signal
WHEN new.merged_into IS NULL AND new.parent_id IS NULL
BEGIN
    INSERT INTO monitor_month VALUES (new.created_month, coalesce(new.wijk_id, 0), 1,
        new.closed_at IS NOT NULL, coalesce(new.closed_at <= new.deadline_at, 0), new.handoffs > 0,
        new.handoffs)
    ON CONFLICT DO UPDATE SET n = n + 1, closed = closed + excluded.closed,
        within = within + excluded.within, handed_off = handed_off + excluded.handed_off,
        handoffs = handoffs + excluded.handoffs;
    INSERT INTO monitor_category VALUES (new.created_month, coalesce(new.wijk_id, 0), new.category_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_channel VALUES (new.created_month, coalesce(new.wijk_id, 0), new.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_days SELECT new.created_month, coalesce(new.wijk_id, 0),
        min((new.closed_at - new.created_at) / 86400, 400), 1 WHERE new.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT new.created_month / 100, 0, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT new.created_month / 100, new.wijk_id, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL AND new.wijk_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER monitor_signal_delete AFTER DELETE ON signal
WHEN old.merged_into IS NULL AND old.parent_id IS NULL
BEGIN
    UPDATE monitor_month SET n = n - 1, closed = closed - (old.closed_at IS NOT NULL),
        within = within - coalesce(old.closed_at <= old.deadline_at, 0),
        handed_off = handed_off - (old.handoffs > 0), handoffs = handoffs - old.handoffs
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0);
    UPDATE monitor_category SET n = n - 1
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0) AND category_id = old.category_id;
    UPDATE monitor_channel SET n = n - 1
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0) AND channel = old.channel;
    UPDATE monitor_days SET n = n - 1
    WHERE old.closed_at IS NOT NULL AND month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0)
        AND days = min((old.closed_at - old.created_at) / 86400, 400);
    UPDATE monitor_reporter SET n = n - 1
    WHERE year = old.created_month / 100 AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym;
    DELETE FROM monitor_reporter
    WHERE year = old.created_month / 100 AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym AND n <= 0;
END;

-- An update is the old row leaving the summaries and the new one entering.
CREATE TRIGGER monitor_signal_update_old AFTER UPDATE OF created_at, closed_at, deadline_at,
    wijk_id, category_id, channel, handoffs, merged_into, parent_id, reporter_pseudonym ON signal
WHEN old.merged_into IS NULL AND old.parent_id IS NULL
BEGIN
    UPDATE monitor_month SET n = n - 1, closed = closed - (old.closed_at IS NOT NULL),
        within = within - coalesce(old.closed_at <= old.deadline_at, 0),
        handed_off = handed_off - (old.handoffs > 0), handoffs = handoffs - old.handoffs
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0);
    UPDATE monitor_category SET n = n - 1
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0) AND category_id = old.category_id;
    UPDATE monitor_channel SET n = n - 1
    WHERE month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0) AND channel = old.channel;
    UPDATE monitor_days SET n = n - 1
    WHERE old.closed_at IS NOT NULL AND month = old.created_month AND wijk_id = coalesce(old.wijk_id, 0)
        AND days = min((old.closed_at - old.created_at) / 86400, 400);
    UPDATE monitor_reporter SET n = n - 1
    WHERE year = old.created_month / 100 AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym;
    DELETE FROM monitor_reporter
    WHERE year = old.created_month / 100 AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym AND n <= 0;
END;

CREATE TRIGGER monitor_signal_update_new AFTER UPDATE OF created_at, closed_at, deadline_at,
    wijk_id, category_id, channel, handoffs, merged_into, parent_id, reporter_pseudonym ON signal
WHEN new.merged_into IS NULL AND new.parent_id IS NULL
BEGIN
    INSERT INTO monitor_month VALUES (new.created_month, coalesce(new.wijk_id, 0), 1,
        new.closed_at IS NOT NULL, coalesce(new.closed_at <= new.deadline_at, 0), new.handoffs > 0,
        new.handoffs)
    ON CONFLICT DO UPDATE SET n = n + 1, closed = closed + excluded.closed,
        within = within + excluded.within, handed_off = handed_off + excluded.handed_off,
        handoffs = handoffs + excluded.handoffs;
    INSERT INTO monitor_category VALUES (new.created_month, coalesce(new.wijk_id, 0), new.category_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_channel VALUES (new.created_month, coalesce(new.wijk_id, 0), new.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_days SELECT new.created_month, coalesce(new.wijk_id, 0),
        min((new.closed_at - new.created_at) / 86400, 400), 1 WHERE new.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT new.created_month / 100, 0, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT new.created_month / 100, new.wijk_id, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL AND new.wijk_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Counted again with the local month. monitor_reach follows monitor_reporter
-- through the triggers of 0007: emptied after the reporters are, and counted
-- again as they come back.
DELETE FROM monitor_month;
DELETE FROM monitor_category;
DELETE FROM monitor_channel;
DELETE FROM monitor_days;
DELETE FROM monitor_reporter;
DELETE FROM monitor_reach;
INSERT INTO monitor_month
SELECT created_month, coalesce(wijk_id, 0), count(*), sum(closed_at IS NOT NULL),
    sum(coalesce(closed_at <= deadline_at, 0)), sum(handoffs > 0), sum(handoffs)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2;
INSERT INTO monitor_category
SELECT created_month, coalesce(wijk_id, 0), category_id, count(*) FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_channel
SELECT created_month, coalesce(wijk_id, 0), channel, count(*) FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_days
SELECT created_month, coalesce(wijk_id, 0), min((closed_at - created_at) / 86400, 400), count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND closed_at IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_reporter
SELECT created_month / 100, 0, reporter_pseudonym, count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND reporter_pseudonym IS NOT NULL GROUP BY 1, 3;
INSERT INTO monitor_reporter
SELECT created_month / 100, wijk_id, reporter_pseudonym, count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND reporter_pseudonym IS NOT NULL AND wijk_id IS NOT NULL GROUP BY 1, 2, 3;
