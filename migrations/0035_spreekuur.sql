-- 0035: the digital wijkspreekuur: a resident asks the wijkwethouder of their
-- wijk a question, publicly or privately (or the counter enters one handed
-- in there); the wethouder or whom they delegate answer within a term of
-- working days (domain/spreekuur.c has the rules).
--
-- A question is an act of participation with the columns every act table
-- shares (wijk_id, channel, age_band, participant, created_at). The asker's
-- account (asked_by) decides who reads a private question; an address
-- given at the counter for the answer is kept apart (spreekuur_contact) and
-- erased once the answer is sent.
CREATE TABLE spreekuur_question (
    id          INTEGER PRIMARY KEY,
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    participant TEXT NOT NULL CHECK (participant GLOB 'r:?*' OR participant GLOB 'p:?*'),
    created_at  INTEGER NOT NULL,
    asked_by    INTEGER REFERENCES user(id),     -- the resident's account; NULL: at the counter
    entered_by  INTEGER REFERENCES user(id),     -- the clerk who entered it
    public      INTEGER NOT NULL CHECK (public IN (0, 1)),
    question    TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
    reply_by    TEXT NOT NULL CHECK (reply_by IN ('account', 'email', 'balie')),
    due_at      INTEGER NOT NULL,                -- the term's last second
    answer      TEXT,
    answered_at INTEGER,
    answered_by INTEGER REFERENCES user(id),
    handed_at   INTEGER                          -- an answer to print: handed over at the counter
) STRICT;
CREATE INDEX spreekuur_question_wijk ON spreekuur_question(wijk_id, public, created_at);

CREATE TABLE spreekuur_contact (
    question_id INTEGER PRIMARY KEY REFERENCES spreekuur_question(id) ON DELETE CASCADE,
    email       TEXT NOT NULL
) STRICT;

-- Whom a wijkwethouder lets answer for them (e.g. the wijkregisseur).
CREATE TABLE spreekuur_delegate (
    wethouder_id INTEGER NOT NULL REFERENCES user(id),
    user_id      INTEGER NOT NULL REFERENCES user(id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (wethouder_id, user_id)
) STRICT, WITHOUT ROWID;
