-- 0015: the work list's search finds the answers to a category's questions.
--
-- A mast number or a container number is typed into the category's
-- questions, not into the description, and staff search for it. One row per
-- signal (rowid = signal id) holds its answers in two columns: "shared",
-- the answers everyone who handles the case may read, and "confidential",
-- the answers written while the care network held it (signal_answer.
-- confidential, migration 0011). Outside the care network the search matches
-- the "shared" column alone (store/signal_store.c), so a confidential answer
-- is never found from outside, not even by a hint that something matched.
-- Triggers rebuild a signal's row whenever one of its answers is written,
-- replaced or removed.
CREATE VIRTUAL TABLE signal_answer_fts USING fts5(shared, confidential,
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO signal_answer_fts(rowid, shared, confidential)
    SELECT signal_id,
           group_concat(CASE WHEN NOT confidential THEN value END, ' '),
           group_concat(CASE WHEN confidential THEN value END, ' ')
    FROM signal_answer GROUP BY signal_id;

CREATE TRIGGER signal_answer_fts_insert AFTER INSERT ON signal_answer BEGIN
    DELETE FROM signal_answer_fts WHERE rowid = new.signal_id;
    INSERT INTO signal_answer_fts(rowid, shared, confidential)
    SELECT new.signal_id,
           group_concat(CASE WHEN NOT confidential THEN value END, ' '),
           group_concat(CASE WHEN confidential THEN value END, ' ')
    FROM signal_answer WHERE signal_id = new.signal_id;
END;
CREATE TRIGGER signal_answer_fts_update AFTER UPDATE ON signal_answer BEGIN
    DELETE FROM signal_answer_fts WHERE rowid IN (old.signal_id, new.signal_id);
    INSERT INTO signal_answer_fts(rowid, shared, confidential)
    SELECT signal_id,
           group_concat(CASE WHEN NOT confidential THEN value END, ' '),
           group_concat(CASE WHEN confidential THEN value END, ' ')
    FROM signal_answer WHERE signal_id IN (old.signal_id, new.signal_id) GROUP BY signal_id;
END;
CREATE TRIGGER signal_answer_fts_delete AFTER DELETE ON signal_answer BEGIN
    DELETE FROM signal_answer_fts WHERE rowid = old.signal_id;
    INSERT INTO signal_answer_fts(rowid, shared, confidential)
    SELECT old.signal_id,
           group_concat(CASE WHEN NOT confidential THEN value END, ' '),
           group_concat(CASE WHEN confidential THEN value END, ' ')
    FROM signal_answer WHERE signal_id = old.signal_id HAVING count(*) > 0;
END;
