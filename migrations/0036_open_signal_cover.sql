-- 0036: the open signals' indexes carry every column the work list filters
-- on, so that the list and its counts are answered from the index alone.
--
-- The counts above the work list (open, overdue) read every open signal
-- with the list's filters; signal_open held only the order, so each of the
-- open signals cost a look-up in the table, one random page each: at a
-- million signals, 4,000 open ones of a department took 60-90 ms, most of
-- it reading pages. The open signals are under 1% of the rows, so carrying
-- the filter columns costs little space and keeps the whole index in the
-- page cache. The list pages read the table only for the rows they show.
-- closed_at is carried too, though always NULL here: without it SQLite does
-- not count the index as covering a query that names the column.
DROP INDEX signal_open;
CREATE INDEX signal_open ON signal(created_at DESC, id DESC, owner_org_id, wijk_id, category_id,
    status, channel, deadline_at, owner_user_id, confidential, intake_confidential, merged_into,
    hazard, closed_at) WHERE closed_at IS NULL;
DROP INDEX signal_open_deadline;
CREATE INDEX signal_open_deadline ON signal(deadline_at, id, owner_org_id, wijk_id, category_id,
    status, channel, created_at, owner_user_id, confidential, intake_confidential, merged_into,
    hazard, closed_at) WHERE closed_at IS NULL;
