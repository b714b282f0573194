-- 0031: surveys (the buurtbarometer).
--
-- A survey is kept by the wijkregisseur of its region (and the ondersteuner)
-- for a wijk (area_id), a region (region_id) or the city (both NULL). It is
-- open from opens_on to closes_on (Europe/Amsterdam dates, both included).
-- mode: 'account' (one response per logged-in resident, enforced below) or
-- 'link' (anonymous: whoever has the link with its token, which the
-- staff page shows to be passed on; no account is asked for).
CREATE TABLE survey (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    intro       TEXT NOT NULL DEFAULT '',
    region_id   INTEGER REFERENCES region(id),
    area_id     INTEGER REFERENCES area(id),
    opens_on    TEXT NOT NULL,               -- YYYY-MM-DD
    closes_on   TEXT NOT NULL,               -- YYYY-MM-DD, on or after opens_on
    mode        TEXT NOT NULL CHECK (mode IN ('account', 'link')),
    link_token  TEXT,                        -- 'link' mode: the secret of the link
    created_by  INTEGER REFERENCES user(id),
    created_at  INTEGER NOT NULL,            -- unix seconds
    CHECK (closes_on >= opens_on),
    CHECK (region_id IS NULL OR area_id IS NULL),
    CHECK ((mode = 'link') = (link_token IS NOT NULL))
) STRICT;

-- A question. kind: single (one option), multiple (any options), scale
-- (min_value..max_value with labels for the ends), number (min..max) and
-- open (text). options: the choices' labels, one per line (single, multiple);
-- for a scale the labels of its lowest and highest value, one per line.
CREATE TABLE survey_question (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'number', 'open')),
    text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    options     TEXT NOT NULL DEFAULT '',
    min_value   INTEGER,
    max_value   INTEGER,
    required    INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    UNIQUE (survey_id, position)
) STRICT;

-- A response: an act of participation (the columns every act table has:
-- wijk_id, channel, age_band, participant, created_at). participant is
-- 'r:<resident account id>' for a resident answering with an account,
-- 'p:<keyed pseudonym of postcode and house number>' for answers on paper,
-- at the counter or at a meeting, and 'a:<random>' for an anonymous answer
-- by link (nobody to count twice). No personal data.
CREATE TABLE survey_response (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    participant TEXT NOT NULL CHECK (participant GLOB '[rpa]:?*'),
    entered_by  INTEGER REFERENCES user(id), -- staff who entered a paper response
    created_at  INTEGER NOT NULL             -- unix seconds
) STRICT;
CREATE INDEX survey_response_survey ON survey_response(survey_id, wijk_id);
-- One response per account: a resident answers a survey once, whatever the mode.
CREATE UNIQUE INDEX survey_response_account ON survey_response(survey_id, participant)
    WHERE participant GLOB 'r:*';

-- The answers of a response: a row per answered question, and for a
-- multiple choice a row per chosen option. choice: the option's number
-- (from 1) or the value on the scale; number: the number given; text: open text.
CREATE TABLE survey_answer (
    response_id INTEGER NOT NULL REFERENCES survey_response(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE,
    choice      INTEGER,
    number      REAL,
    text        TEXT
) STRICT;
CREATE INDEX survey_answer_question ON survey_answer(question_id, response_id);
CREATE UNIQUE INDEX survey_answer_one ON survey_answer(response_id, question_id, coalesce(choice, 0));

-- The city's omnibus survey (the municipality's resident survey) as facts:
-- one percentage per indicator and year, loaded by every `init` from
-- data/zoetermeer/omnibus-<year>.json. A city-level series of the monitor,
-- apart from the reach figures (which count acts of participation).
CREATE TABLE omnibus_figure (
    year   INTEGER NOT NULL,
    key    TEXT NOT NULL,
    label  TEXT NOT NULL,
    pct    REAL NOT NULL CHECK (pct BETWEEN 0 AND 100),
    source TEXT NOT NULL,
    PRIMARY KEY (year, key)
) STRICT;
