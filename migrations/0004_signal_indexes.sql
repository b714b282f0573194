-- 0004: indexes for the work list at scale (a million signals and more).
--
-- Each serves one filter of the work list in its order (created_at DESC,
-- id DESC), so that a page reads about as many rows as it shows instead of
-- scanning signal_created past every row the filter drops:
--   signal_open           the open signals (the default list), under 1% of
--                         all rows once years of closed ones have piled up;
--   signal_status         one status ("heropend", "wacht op melder");
--   signal_owner_created  a department's queue in every status.
-- signal_owner (owner, status, ...), signal_wijk and signal_category of 0003
-- serve a department in one status, a wijk and a sub category.

CREATE INDEX signal_open ON signal(created_at DESC, id DESC) WHERE closed_at IS NULL;
CREATE INDEX signal_status ON signal(status, created_at DESC, id DESC);
CREATE INDEX signal_owner_created ON signal(owner_org_id, created_at DESC, id DESC);
