-- 0020: a photo sent with a report form that comes back with a problem is
-- kept, so the reporter need not choose it again: re-encoded (no metadata)
-- and held for the browser that sent it, a keyed hash of its form token,
-- until expires_at (an hour). The form shows it with a way to remove it; a
-- signal sent from that browser takes it along and the row goes. Expired
-- rows are removed when the next photo is held and by the retention run;
-- the total is bounded (domain/signal.c).
CREATE TABLE pending_photo (
    id         INTEGER PRIMARY KEY,
    holder     TEXT NOT NULL,
    photo      BLOB NOT NULL,
    thumb      BLOB NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_photo_holder ON pending_photo(holder, id);
CREATE INDEX pending_photo_expires ON pending_photo(expires_at);
