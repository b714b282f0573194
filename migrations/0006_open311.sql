-- 0006: Open311 GeoReport v2.
--
-- media_url: the link to a photo that a report app sent with a request
-- (the app keeps the photo; we keep only its address and show it back in
-- the API, see docs/decisions/0007-open311-public-fields.md).
-- signal_updated serves the updated_after / updated_before filters;
-- signal_event_at serves servicerequestupdates (the updates since a time).
-- The default window of GET requests (the last 90 days, newest first) is
-- served by signal_created of 0003.

ALTER TABLE signal ADD COLUMN media_url TEXT;
CREATE INDEX signal_updated ON signal(updated_at);
CREATE INDEX signal_event_at ON signal_event(at) WHERE public = 1;
