-- Moderation kept as history (issue 13's review): every decision of a
-- moderator is a row of its own with its reason, instead of the item's
-- moderation_reason that the next decision overwrote; and an item remembers
-- how many reports the last decision saw (reports_seen), so that a report
-- made after a restore brings it back to the moderation queue.
CREATE TABLE consult_moderation_decision (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('idee', 'reactie')),
    item_id      INTEGER NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('verborgen', 'hersteld')),
    reason       TEXT NOT NULL,
    user_id      INTEGER REFERENCES user(id),
    reports_seen INTEGER NOT NULL,
    decided_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX consult_moderation_decision_item ON consult_moderation_decision(kind, item_id);

ALTER TABLE consult_idea ADD COLUMN reports_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consult_reaction ADD COLUMN reports_seen INTEGER NOT NULL DEFAULT 0;

-- the decisions made before: their last reason, as the history's first row
INSERT INTO consult_moderation_decision (kind, item_id, decision, reason, user_id, reports_seen,
                                         decided_at)
SELECT 'idee', id, moderation, ifnull(moderation_reason, ''), NULL, report_count,
       CAST(strftime('%s', 'now') AS INTEGER)
FROM consult_idea WHERE moderation IN ('verborgen', 'hersteld');
INSERT INTO consult_moderation_decision (kind, item_id, decision, reason, user_id, reports_seen,
                                         decided_at)
SELECT 'reactie', id, moderation, ifnull(moderation_reason, ''), NULL, report_count,
       CAST(strftime('%s', 'now') AS INTEGER)
FROM consult_reaction WHERE moderation IN ('verborgen', 'hersteld');
UPDATE consult_idea SET reports_seen = report_count WHERE moderation IN ('verborgen', 'hersteld');
UPDATE consult_reaction SET reports_seen = report_count
WHERE moderation IN ('verborgen', 'hersteld');
