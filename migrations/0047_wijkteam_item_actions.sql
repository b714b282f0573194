-- 0047: a wijkteam's agenda may hold the wijk's inventory input (the items
-- of the biennial inventory, inventory_input), and a decision on any agenda
-- item (a focus point, a signal, an inventory item, the knowledge of the
-- wijk, a topic) may make one or more follow-up actions, each an action of
-- a focus point of the wijk that the minute-taker chooses
-- (domain/wijkteam.c).
--
-- SQLite cannot change a CHECK, so wijkteam_item is rebuilt with the kind
-- 'inventaris' (ref_id: the inventory_input's id) and without its single
-- action_id; the actions move to wijkteam_item_action, one row per action.
CREATE TEMP TABLE wijkteam_item_keep AS
    SELECT id, action_id FROM wijkteam_item WHERE action_id IS NOT NULL;

CREATE TABLE wijkteam_item_new (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES wijkteam_meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL
               CHECK (kind IN ('onderwerp', 'focuspunt', 'melding', 'inventaris', 'kennis')),
    topic      TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 300),
    ref_id     INTEGER,                      -- focuspunt, signal, inventory_input or wijk_knowledge id
    minutes    TEXT NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
    decision   TEXT NOT NULL DEFAULT '' CHECK (length(decision) <= 4000),
    CHECK ((kind = 'onderwerp') = (ref_id IS NULL))
) STRICT;
INSERT INTO wijkteam_item_new (id, meeting_id, position, kind, topic, ref_id, minutes, decision)
    SELECT id, meeting_id, position, kind, topic, ref_id, minutes, decision FROM wijkteam_item;
DROP TABLE wijkteam_item;
ALTER TABLE wijkteam_item_new RENAME TO wijkteam_item;
CREATE INDEX wijkteam_item_meeting ON wijkteam_item(meeting_id, position);

-- The follow-up actions a decision made, in the order they were made.
CREATE TABLE wijkteam_item_action (
    item_id   INTEGER NOT NULL REFERENCES wijkteam_item(id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES focus_action(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, action_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX wijkteam_item_action_action ON wijkteam_item_action(action_id);
INSERT INTO wijkteam_item_action (item_id, action_id)
    SELECT k.id, k.action_id FROM wijkteam_item_keep k
    WHERE EXISTS (SELECT 1 FROM focus_action a WHERE a.id = k.action_id);
DROP TABLE temp.wijkteam_item_keep;
