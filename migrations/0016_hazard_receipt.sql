-- 0016: a dangerous situation ("Is de situatie gevaarlijk?" answered "ja")
-- gets its category's urgent deadline and is flagged for the handlers; the
-- confirmation page shows the reporter what they sent for an hour, to the
-- browser that sent it only.

-- The urgent deadline of a category, in the same kind of days as its
-- ordinary one (working or calendar days); one day unless the administrator
-- sets another.
ALTER TABLE category ADD COLUMN urgent_days INTEGER NOT NULL DEFAULT 1 CHECK (urgent_days > 0);

-- 1: the reporter said the situation is dangerous.
ALTER TABLE signal ADD COLUMN hazard INTEGER NOT NULL DEFAULT 0;
CREATE INDEX signal_open_hazard ON signal(deadline_at, id) WHERE hazard = 1 AND closed_at IS NULL;

-- Which browser just sent a signal: a keyed hash of its form token (the
-- wr_csrf cookie of an anonymous visitor), valid until expires_at. Only
-- that browser sees the description, the place, the photos and the
-- masked e-mail address on the confirmation page.
CREATE TABLE report_receipt (
    signal_id  INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (signal_id, holder)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_receipt_expires ON report_receipt(expires_at);
