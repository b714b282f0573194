-- 0008: the public map's points from one small index.
--
-- The public map and meldingen.* read every open, placed, non-confidential
-- signal that was not merged: a few thousand rows spread over the whole
-- table, each a random page read at a million signals (15 ms for one wijk,
-- mostly in the kernel). This partial index holds exactly those rows with
-- every column the query reads, so the table is not touched at all.
CREATE INDEX signal_open_public ON signal(created_at DESC, id DESC, wijk_id, category_id, status,
    lat, lon, closed_at, location_known, confidential, merged_into)
    WHERE closed_at IS NULL AND location_known AND NOT confidential AND merged_into IS NULL;
