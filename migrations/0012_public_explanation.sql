-- 0012: what everybody reads of a signal's handling, apart from what its
-- reporter reads; and no sub-task on the public map.
--
-- Messages to the reporter are private to the reporter. The text of an
-- event marked public (public = 1: "shown to the resident") is read on the
-- reporter's own status page, behind its secret link, and in the e-mail;
-- until now it was also published as Open311 status_notes and update
-- descriptions. What everybody may read (the public map, open data, Open311)
-- is public_explanation: a short explanation that staff may give with a
-- status change, apart from the message; without one, readers show the
-- status's label. See docs/decisions/0013-public-explanation-and-address.md.
--
-- Every message to a reporter already stored becomes private by this
-- migration: none is copied into public_explanation. The one public text
-- the program wrote itself is kept public: a merged duplicate names the
-- signal it joined.
ALTER TABLE signal_event ADD COLUMN public_explanation TEXT;
UPDATE signal_event
SET public_explanation = 'Samengevoegd met melding '
        || (SELECT s.merged_into FROM signal s WHERE s.id = signal_event.signal_id) || '.'
WHERE kind = 'merge' AND to_status IS NOT NULL
    AND (SELECT s.merged_into FROM signal s WHERE s.id = signal_event.signal_id) IS NOT NULL;

-- The public updates of a signal: every change after its creation that the
-- world may read (a status change or a merge, and the one hand-off into the
-- care network that says the signal was passed on), with the status it led
-- to and its public explanation (NULL: none given, show the status's label).
-- Never an entry written while the care network held the signal (0011). The
-- Open311 updates, status_notes and notes and the explanation on the public
-- map and in open data all read this one definition; an event that is not
-- here is never published.
CREATE VIEW signal_public_update AS
SELECT e.id, e.signal_id, e.at, e.kind, e.to_status AS status,
       e.public_explanation AS explanation
FROM signal_event e
WHERE e.public = 1 AND e.to_status IS NOT NULL AND e.kind <> 'created' AND NOT e.confidential;

-- The latest public update of a signal, from an index that holds every
-- column read, those of the condition included (the public map asks it for
-- thousands of open signals; a scan of each signal's events through
-- signal_event_signal costs ten times more).
CREATE INDEX signal_event_public_update
    ON signal_event(signal_id, at, id, to_status, kind, public, confidential, public_explanation)
    WHERE public = 1 AND to_status IS NOT NULL AND kind <> 'created' AND NOT confidential;

-- A sub-task is part of its parent's handling, not a problem of its own: the
-- public map and open data leave it out, as Open311 does. The index of the
-- public map's rows (0008, 0011) now holds only signals that are not sub-tasks.
DROP INDEX signal_open_public;
CREATE INDEX signal_open_public ON signal(created_at DESC, id DESC, wijk_id, category_id, status,
    lat, lon, closed_at, location_known, confidential, intake_confidential, merged_into, parent_id)
    WHERE closed_at IS NULL AND location_known AND NOT confidential AND NOT intake_confidential
        AND merged_into IS NULL AND parent_id IS NULL;
