-- 0042: a new signal's words enter the search indexes once per transaction.
--
-- FTS5 writes its pending words to disk at every savepoint (SQLite 3.40),
-- and every statement with triggers inside a transaction is one. Indexed by
-- trigger, each new signal therefore wrote an index segment of its own, and
-- the segments' merging followed: at a million signals that was about half of
-- a submission's time in the writer, and its slowest moments.
--
-- Now a new signal's id waits in signal_search_pending, and the store adds
-- the waiting signals to signal_fts and signal_open_fts just before the
-- transaction commits (db_before_commit in store/db.c, called by db_commit
-- and by the writer's group commit), so readers never see a committed signal
-- that the search does not find. Until then the signal is not in the
-- indexes, so an update or delete of a waiting signal must not take its old
-- words out of them (FTS5's 'delete' of words that were never added damages
-- an external-content index): the triggers below skip the indexes for a
-- waiting signal, whose current words are indexed when it leaves the queue.

CREATE TABLE signal_search_pending (
    signal_id INTEGER PRIMARY KEY
) STRICT;

DROP TRIGGER signal_fts_insert;
DROP TRIGGER signal_fts_update;
DROP TRIGGER signal_fts_delete;
DROP TRIGGER signal_open_fts_insert;
DROP TRIGGER signal_open_fts_update;
DROP TRIGGER signal_open_fts_delete;

CREATE TRIGGER signal_search_insert AFTER INSERT ON signal BEGIN
    INSERT INTO signal_search_pending (signal_id) VALUES (new.id);
END;

-- One trigger per event, so that the order of the steps is fixed.
CREATE TRIGGER signal_search_update AFTER UPDATE OF description, address_text, closed_at ON signal
WHEN NOT EXISTS (SELECT 1 FROM signal_search_pending WHERE signal_id = old.id)
BEGIN
    INSERT INTO signal_fts (signal_fts, rowid, description, address_text)
    SELECT 'delete', old.id, old.description, old.address_text
    WHERE old.description IS NOT new.description OR old.address_text IS NOT new.address_text;
    INSERT INTO signal_fts (rowid, description, address_text)
    SELECT new.id, new.description, new.address_text
    WHERE old.description IS NOT new.description OR old.address_text IS NOT new.address_text;
    INSERT INTO signal_open_fts (signal_open_fts, rowid, description, address_text)
    SELECT 'delete', old.id, old.description, old.address_text WHERE old.closed_at IS NULL;
    INSERT INTO signal_open_fts (rowid, description, address_text)
    SELECT new.id, new.description, new.address_text WHERE new.closed_at IS NULL;
END;

CREATE TRIGGER signal_search_delete AFTER DELETE ON signal BEGIN
    INSERT INTO signal_fts (signal_fts, rowid, description, address_text)
    SELECT 'delete', old.id, old.description, old.address_text
    WHERE NOT EXISTS (SELECT 1 FROM signal_search_pending WHERE signal_id = old.id);
    INSERT INTO signal_open_fts (signal_open_fts, rowid, description, address_text)
    SELECT 'delete', old.id, old.description, old.address_text
    WHERE old.closed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM signal_search_pending WHERE signal_id = old.id);
    DELETE FROM signal_search_pending WHERE signal_id = old.id;
END;
