-- 0026: success stories: short stories of what worked in a wijk (or in the
-- whole city), written by staff in Markdown, with photos, linked to focus
-- points, residents' initiatives and participation methods. A draft has no
-- published_at; a published story shows on the public site, the wijk page,
-- a linked method's page and in the Atom feeds.
CREATE TABLE story (
    id           INTEGER PRIMARY KEY,
    area_id      INTEGER REFERENCES area(id),      -- the wijk; NULL: the whole city
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    summary      TEXT NOT NULL,
    body         TEXT NOT NULL,                     -- Markdown
    story_date   TEXT NOT NULL,                     -- ISO date the story is about
    published_at INTEGER,                           -- NULL: a draft
    created_at   INTEGER NOT NULL,
    created_by   INTEGER REFERENCES user(id),
    updated_at   INTEGER NOT NULL,
    updated_by   INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX story_published ON story(published_at, area_id);

-- A photo of a story (files in the store, made by the image helper). A
-- photo showing recognisable people needs their recorded consent (who gave
-- it, on which day) before the story is published (domain/story.c).
CREATE TABLE story_photo (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
    file         TEXT NOT NULL,
    thumb        TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    alt          TEXT NOT NULL CHECK (length(alt) BETWEEN 1 AND 300),
    recognisable INTEGER NOT NULL CHECK (recognisable IN (0, 1)),
    consent_by   TEXT,
    consent_on   TEXT,
    CHECK ((consent_by IS NULL) = (consent_on IS NULL))
) STRICT;
CREATE INDEX story_photo_story ON story_photo(story_id);

CREATE TABLE story_link (
    story_id  INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('focuspunt', 'initiatief', 'methode')),
    target_id INTEGER NOT NULL,
    PRIMARY KEY (story_id, kind, target_id)
) STRICT;
CREATE INDEX story_link_target ON story_link(kind, target_id);
