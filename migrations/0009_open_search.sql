-- 0009: full-text search over the open signals alone.
--
-- The work list searches the open signals by default. Through signal_fts a
-- common word ("lantaarnpaal") first gathers every signal that ever held it,
-- tens of thousands at a million signals, to keep the few hundred open ones
-- (7 ms a page). signal_open_fts indexes only the open signals, kept by
-- triggers as signals open, close, reopen or change their text.
CREATE VIRTUAL TABLE signal_open_fts USING fts5(description, address_text, content='signal',
    content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO signal_open_fts(rowid, description, address_text)
    SELECT id, description, address_text FROM signal WHERE closed_at IS NULL;

CREATE TRIGGER signal_open_fts_insert AFTER INSERT ON signal WHEN new.closed_at IS NULL BEGIN
    INSERT INTO signal_open_fts(rowid, description, address_text)
    VALUES (new.id, new.description, new.address_text);
END;
CREATE TRIGGER signal_open_fts_update AFTER UPDATE OF description, address_text, closed_at ON signal
BEGIN
    INSERT INTO signal_open_fts(signal_open_fts, rowid, description, address_text)
    SELECT 'delete', old.id, old.description, old.address_text WHERE old.closed_at IS NULL;
    INSERT INTO signal_open_fts(rowid, description, address_text)
    SELECT new.id, new.description, new.address_text WHERE new.closed_at IS NULL;
END;
CREATE TRIGGER signal_open_fts_delete AFTER DELETE ON signal WHEN old.closed_at IS NULL BEGIN
    INSERT INTO signal_open_fts(signal_open_fts, rowid, description, address_text)
    VALUES ('delete', old.id, old.description, old.address_text);
END;
