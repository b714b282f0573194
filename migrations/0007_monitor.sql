-- 0007: monthly summaries of signals for the monitor and the council report.
--
-- The monitor answers for the city, a region or a wijk within 100 ms at
-- millions of signals, so it does not count the signal table each time: it
-- reads these summaries, which triggers on signal keep exact on every
-- insert, update and delete (tests/unit/test_monitor.c recounts them).
--
-- What counts: a signal that was not merged into another (merged_into IS
-- NULL: the duplicate is the same problem) and is not a sub task of another
-- (parent_id IS NULL: a part of one problem). Confidential signals count,
-- as numbers only. A signal belongs to the month it was created in (UTC);
-- its closing, deadline and hand-offs are counted with that month (a cohort),
-- so a month's figures settle once its signals are closed.
--
--   monitor_month     per month and wijk (0: none): the signals, closed,
--                     closed within the deadline, handed off at least once,
--                     and the hand-offs in all
--   monitor_category  per month, wijk and (sub) category: the signals
--   monitor_channel   per month, wijk and channel: the signals
--   monitor_days      per month and wijk: closed signals by whole days
--                     from report to closing (capped at 400), for the median
--   monitor_reporter  per year and scope (0: the city, else the wijk): each
--                     reporter pseudonym with its number of signals (reach)

CREATE TABLE monitor_month (
    month      INTEGER NOT NULL,               -- YYYYMM
    wijk_id    INTEGER NOT NULL,               -- 0: no wijk
    n          INTEGER NOT NULL,
    closed     INTEGER NOT NULL,
    within     INTEGER NOT NULL,
    handed_off INTEGER NOT NULL,
    handoffs   INTEGER NOT NULL,
    PRIMARY KEY (month, wijk_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitor_category (
    month       INTEGER NOT NULL,
    wijk_id     INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (month, wijk_id, category_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitor_channel (
    month   INTEGER NOT NULL,
    wijk_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (month, wijk_id, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitor_days (
    month   INTEGER NOT NULL,
    wijk_id INTEGER NOT NULL,
    days    INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (month, wijk_id, days)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitor_reporter (
    year      INTEGER NOT NULL,
    scope     INTEGER NOT NULL,                -- 0: city, else wijk id
    pseudonym TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (year, scope, pseudonym)
) STRICT, WITHOUT ROWID;

-- Counted live, because they change by the hour: open signals past their
-- deadline, and the open signals a wijkregisseur carries.
CREATE INDEX monitor_open ON signal(deadline_at, wijk_id)
    WHERE closed_at IS NULL AND merged_into IS NULL AND parent_id IS NULL;
CREATE INDEX monitor_open_user ON signal(owner_user_id)
    WHERE closed_at IS NULL AND merged_into IS NULL AND owner_user_id IS NOT NULL;

CREATE TRIGGER monitor_signal_insert AFTER INSERT ON signal
WHEN new.merged_into IS NULL AND new.parent_id IS NULL
BEGIN
    INSERT INTO monitor_month VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), 1,
        new.closed_at IS NOT NULL, coalesce(new.closed_at <= new.deadline_at, 0), new.handoffs > 0,
        new.handoffs)
    ON CONFLICT DO UPDATE SET n = n + 1, closed = closed + excluded.closed,
        within = within + excluded.within, handed_off = handed_off + excluded.handed_off,
        handoffs = handoffs + excluded.handoffs;
    INSERT INTO monitor_category VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), new.category_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_channel VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), new.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_days SELECT CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0),
        min((new.closed_at - new.created_at) / 86400, 400), 1 WHERE new.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT CAST(strftime('%Y', new.created_at, 'unixepoch') AS INTEGER), 0, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT CAST(strftime('%Y', new.created_at, 'unixepoch') AS INTEGER), new.wijk_id, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL AND new.wijk_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER monitor_signal_delete AFTER DELETE ON signal
WHEN old.merged_into IS NULL AND old.parent_id IS NULL
BEGIN
    UPDATE monitor_month SET n = n - 1, closed = closed - (old.closed_at IS NOT NULL),
        within = within - coalesce(old.closed_at <= old.deadline_at, 0),
        handed_off = handed_off - (old.handoffs > 0), handoffs = handoffs - old.handoffs
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0);
    UPDATE monitor_category SET n = n - 1
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0) AND category_id = old.category_id;
    UPDATE monitor_channel SET n = n - 1
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0) AND channel = old.channel;
    UPDATE monitor_days SET n = n - 1
    WHERE old.closed_at IS NOT NULL AND month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0)
        AND days = min((old.closed_at - old.created_at) / 86400, 400);
    UPDATE monitor_reporter SET n = n - 1
    WHERE year = CAST(strftime('%Y', old.created_at, 'unixepoch') AS INTEGER) AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym;
    DELETE FROM monitor_reporter
    WHERE year = CAST(strftime('%Y', old.created_at, 'unixepoch') AS INTEGER) AND scope IN (0, coalesce(old.wijk_id, 0))
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
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0);
    UPDATE monitor_category SET n = n - 1
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0) AND category_id = old.category_id;
    UPDATE monitor_channel SET n = n - 1
    WHERE month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0) AND channel = old.channel;
    UPDATE monitor_days SET n = n - 1
    WHERE old.closed_at IS NOT NULL AND month = CAST(strftime('%Y%m', old.created_at, 'unixepoch') AS INTEGER) AND wijk_id = coalesce(old.wijk_id, 0)
        AND days = min((old.closed_at - old.created_at) / 86400, 400);
    UPDATE monitor_reporter SET n = n - 1
    WHERE year = CAST(strftime('%Y', old.created_at, 'unixepoch') AS INTEGER) AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym;
    DELETE FROM monitor_reporter
    WHERE year = CAST(strftime('%Y', old.created_at, 'unixepoch') AS INTEGER) AND scope IN (0, coalesce(old.wijk_id, 0))
        AND pseudonym = old.reporter_pseudonym AND n <= 0;
END;

CREATE TRIGGER monitor_signal_update_new AFTER UPDATE OF created_at, closed_at, deadline_at,
    wijk_id, category_id, channel, handoffs, merged_into, parent_id, reporter_pseudonym ON signal
WHEN new.merged_into IS NULL AND new.parent_id IS NULL
BEGIN
    INSERT INTO monitor_month VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), 1,
        new.closed_at IS NOT NULL, coalesce(new.closed_at <= new.deadline_at, 0), new.handoffs > 0,
        new.handoffs)
    ON CONFLICT DO UPDATE SET n = n + 1, closed = closed + excluded.closed,
        within = within + excluded.within, handed_off = handed_off + excluded.handed_off,
        handoffs = handoffs + excluded.handoffs;
    INSERT INTO monitor_category VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), new.category_id, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_channel VALUES (CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0), new.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_days SELECT CAST(strftime('%Y%m', new.created_at, 'unixepoch') AS INTEGER), coalesce(new.wijk_id, 0),
        min((new.closed_at - new.created_at) / 86400, 400), 1 WHERE new.closed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT CAST(strftime('%Y', new.created_at, 'unixepoch') AS INTEGER), 0, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO monitor_reporter SELECT CAST(strftime('%Y', new.created_at, 'unixepoch') AS INTEGER), new.wijk_id, new.reporter_pseudonym, 1
        WHERE new.reporter_pseudonym IS NOT NULL AND new.wijk_id IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The signals already there.
INSERT INTO monitor_month
SELECT CAST(strftime('%Y%m', created_at, 'unixepoch') AS INTEGER), coalesce(wijk_id, 0), count(*), sum(closed_at IS NOT NULL),
    sum(coalesce(closed_at <= deadline_at, 0)), sum(handoffs > 0), sum(handoffs)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2;
INSERT INTO monitor_category
SELECT CAST(strftime('%Y%m', created_at, 'unixepoch') AS INTEGER), coalesce(wijk_id, 0), category_id, count(*) FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_channel
SELECT CAST(strftime('%Y%m', created_at, 'unixepoch') AS INTEGER), coalesce(wijk_id, 0), channel, count(*) FROM signal WHERE merged_into IS NULL AND parent_id IS NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_days
SELECT CAST(strftime('%Y%m', created_at, 'unixepoch') AS INTEGER), coalesce(wijk_id, 0), min((closed_at - created_at) / 86400, 400), count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND closed_at IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO monitor_reporter
SELECT CAST(strftime('%Y', created_at, 'unixepoch') AS INTEGER), 0, reporter_pseudonym, count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND reporter_pseudonym IS NOT NULL GROUP BY 1, 3;
INSERT INTO monitor_reporter
SELECT CAST(strftime('%Y', created_at, 'unixepoch') AS INTEGER), wijk_id, reporter_pseudonym, count(*)
FROM signal WHERE merged_into IS NULL AND parent_id IS NULL AND reporter_pseudonym IS NOT NULL AND wijk_id IS NOT NULL GROUP BY 1, 2, 3;

-- Reach per year and scope, kept by monitor_reporter's own triggers, so the
-- city's and a wijk's reach are one row to read instead of every reporter.
CREATE TABLE monitor_reach (
    year      INTEGER NOT NULL,
    scope     INTEGER NOT NULL,
    reporters INTEGER NOT NULL,                -- distinct pseudonyms
    repeat    INTEGER NOT NULL,                -- of them with more than one signal
    PRIMARY KEY (year, scope)
) STRICT, WITHOUT ROWID;
INSERT INTO monitor_reach
SELECT year, scope, count(*), sum(n > 1) FROM monitor_reporter GROUP BY 1, 2;

CREATE TRIGGER monitor_reporter_insert AFTER INSERT ON monitor_reporter
BEGIN
    INSERT INTO monitor_reach VALUES (new.year, new.scope, 1, new.n > 1)
    ON CONFLICT DO UPDATE SET reporters = reporters + 1, repeat = repeat + excluded.repeat;
END;
CREATE TRIGGER monitor_reporter_update AFTER UPDATE OF n ON monitor_reporter
BEGIN
    UPDATE monitor_reach SET repeat = repeat + (new.n > 1) - (old.n > 1)
    WHERE year = new.year AND scope = new.scope;
END;
CREATE TRIGGER monitor_reporter_delete AFTER DELETE ON monitor_reporter
BEGIN
    UPDATE monitor_reach SET reporters = reporters - 1, repeat = repeat - (old.n > 1)
    WHERE year = old.year AND scope = old.scope;
END;
