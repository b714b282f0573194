-- 0011: confidentiality belongs to each entry of a signal.
--
-- Until now one flag on the signal said whether the care network alone may
-- read it, and handing the case to a department cleared it: everything
-- written while the care network owned the case became readable by every
-- staff member and, through Open311, by the world. From now on every entry
-- carries its own flag, fixed when it is written: an entry written while
-- the care network owns the signal (or of a confidential category) stays
-- the care network's for ever (docs/decisions/0012-confidentiality-per-entry.md).
--
--   signal.intake_confidential   the description and the address text (written
--                                at intake, together)
--   signal_answer.confidential   an answer to the category's questions
--   signal_photo.confidential    a photo
--   signal_event.confidential    a note, a message to the reporter, a status
--                                or hand-off with its text, ...
--
-- signal.confidential keeps its meaning: the case is now the care network's,
-- so what is written now is confidential.

ALTER TABLE signal ADD COLUMN intake_confidential INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signal_answer ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signal_photo ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signal_event ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

-- A care-network lead hands the collective part of a case (a problem of the
-- street, not of the person) to the wijkregisseur as a new signal. The link
-- between the two is the care network's knowledge: only its pages read it.
CREATE TABLE signal_care_link (
    care_signal_id INTEGER NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    signal_id      INTEGER NOT NULL UNIQUE REFERENCES signal(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    PRIMARY KEY (care_signal_id, signal_id)
) STRICT, WITHOUT ROWID;

-- The data already stored, reconstructed from the hand-off history. Only
-- signals that ever met the care network (or have a confidential category)
-- can hold confidential entries; they are gathered first.
--   always       a confidential category (or main category): every entry
--   first_owner  the owner at intake: the 'created' event's organisation,
--                else the sender of the first hand-off, else today's owner
--   task         a sub task that is confidential now: its parent was the care
--                network's when it was split off, so all of it is
CREATE TEMP TABLE m0011_signal AS
SELECT s.id AS id,
    (c.confidential OR coalesce(p.confidential, 0)) AS always,
    coalesce((SELECT e.to_org_id FROM signal_event e WHERE e.signal_id = s.id
                AND e.kind = 'created' AND e.to_org_id IS NOT NULL ORDER BY e.at, e.id LIMIT 1),
             (SELECT e.from_org_id FROM signal_event e WHERE e.signal_id = s.id
                AND e.kind = 'handoff' AND e.from_org_id IS NOT NULL ORDER BY e.at, e.id LIMIT 1),
             s.owner_org_id) AS first_owner,
    (s.parent_id IS NOT NULL AND s.confidential) AS task
FROM signal s JOIN category c ON c.id = s.category_id LEFT JOIN category p ON p.id = c.parent_id
WHERE c.confidential OR coalesce(p.confidential, 0) OR s.confidential
    OR s.owner_org_id IN (SELECT id FROM organisation WHERE kind = 'care_network')
    OR s.id IN (SELECT e.signal_id FROM signal_event e WHERE e.kind IN ('created', 'handoff')
        AND (e.to_org_id IN (SELECT id FROM organisation WHERE kind = 'care_network')
          OR e.from_org_id IN (SELECT id FROM organisation WHERE kind = 'care_network')));

-- The intake: confidential when the care network owned the signal at intake.
UPDATE signal SET intake_confidential = 1 WHERE id IN (
    SELECT id FROM m0011_signal WHERE always OR task
        OR first_owner IN (SELECT id FROM organisation WHERE kind = 'care_network'));
-- A sub task copied its parent's address text: confidential with the parent's intake.
UPDATE signal SET intake_confidential = 1
    WHERE parent_id IN (SELECT id FROM signal WHERE intake_confidential);
UPDATE signal_answer SET confidential = 1
    WHERE signal_id IN (SELECT id FROM signal WHERE intake_confidential);
UPDATE signal_photo SET confidential = 1
    WHERE signal_id IN (SELECT id FROM signal WHERE intake_confidential);

-- Every other entry: confidential when the care network owned the signal when
-- it was written, that is when the last 'created' or 'handoff' event before
-- it (by time, then id) moved the signal to the care network. A hand-off out
-- of the care network was written by the care network as an internal note,
-- so it is the care network's too; a hand-off into it was the sender's.
UPDATE signal_event SET confidential = 1 WHERE id IN (
    SELECT e.id FROM signal_event e JOIN m0011_signal m ON m.id = e.signal_id
    WHERE m.always OR m.task
        OR (CASE WHEN e.kind = 'created' THEN coalesce(e.to_org_id, m.first_owner)
            ELSE coalesce((SELECT h.to_org_id FROM signal_event h WHERE h.signal_id = e.signal_id
                    AND h.kind IN ('created', 'handoff') AND h.to_org_id IS NOT NULL
                    AND (h.at < e.at OR (h.at = e.at AND h.id < e.id))
                    ORDER BY h.at DESC, h.id DESC LIMIT 1), m.first_owner) END)
            IN (SELECT id FROM organisation WHERE kind = 'care_network'));

DROP TABLE m0011_signal;

-- The public map (migration 0008) leaves out signals whose intake was
-- confidential as well: their place was the care network's knowledge.
DROP INDEX signal_open_public;
CREATE INDEX signal_open_public ON signal(created_at DESC, id DESC, wijk_id, category_id, status,
    lat, lon, closed_at, location_known, confidential, intake_confidential, merged_into)
    WHERE closed_at IS NULL AND location_known AND NOT confidential AND NOT intake_confidential
        AND merged_into IS NULL;

-- The non-confidential hand-offs of a signal, newest first: what the readers
-- outside the care network know of a case it holds now.
CREATE INDEX signal_event_shared_handoff ON signal_event(signal_id, at, id)
    WHERE kind = 'handoff' AND NOT confidential;
