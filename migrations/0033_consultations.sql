-- 0033: consultations (samenspraak): a participation process of a wijk or
-- the whole city, optionally about a focus point, with its process proposal
-- (who decided it, what is open to influence and what is not), one clear
-- question, the first day of each phase (informatie, ideeen, reacties,
-- keuze, resultaat; keuze may be absent) and a result text: what was done
-- with the input. Phases and what they allow are domain/consult.c's rules.
CREATE TABLE consultation (
    id           INTEGER PRIMARY KEY,
    area_id      INTEGER REFERENCES area(id),       -- the wijk; NULL: the whole city
    focus_id     INTEGER REFERENCES focuspunt(id),  -- NULL: not about a focus point
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    question     TEXT NOT NULL,
    decided_by   TEXT NOT NULL,                     -- who decided the process
    open_to      TEXT NOT NULL,                     -- what residents can influence
    not_open     TEXT NOT NULL,                     -- what is fixed
    info_on      TEXT NOT NULL,                     -- ISO dates: first day of each phase
    ideas_on     TEXT NOT NULL,
    reactions_on TEXT NOT NULL,
    choice_on    TEXT,                              -- NULL: no choice by vote
    result_on    TEXT NOT NULL,
    result_text  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    created_by   INTEGER REFERENCES user(id),
    updated_at   INTEGER NOT NULL,
    updated_by   INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX consultation_area ON consultation(area_id, info_on);

-- Acts of participation (idea, reaction, support) carry the same columns so
-- one query over every act table counts reach: wijk_id (the wijk the act
-- concerns), channel, age_band (copied from the resident's account at the
-- time), participant ('r:<account id>' or 'p:<keyed pseudonym of postcode
-- and house number>', auth_address_pseudonym) and created_at. No personal
-- data: an author's name is read from the account while it exists.
--
-- An idea keeps its number of supports, reactions and reports in columns,
-- changed in the same transaction as the row they count, so that the list
-- in every order is one index walk (consult_store.c).
CREATE TABLE consult_idea (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultation(id),
    author_id       INTEGER REFERENCES user(id),    -- a resident's account; NULL: on paper
    entered_by      INTEGER REFERENCES user(id),    -- the staff member who typed in paper input
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    body            TEXT NOT NULL,
    wijk_id         INTEGER REFERENCES area(id),
    channel         TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band        TEXT,
    participant     TEXT NOT NULL CHECK (participant GLOB 'r:*' OR participant GLOB 'p:*'),
    created_at      INTEGER NOT NULL,
    shuffle_key     INTEGER NOT NULL,               -- random; the visitor's order XORs a seed
    support_count   INTEGER NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    reaction_count  INTEGER NOT NULL DEFAULT 0 CHECK (reaction_count >= 0),
    report_count    INTEGER NOT NULL DEFAULT 0,
    moderation      TEXT CHECK (moderation IN ('wacht', 'verborgen', 'hersteld')),
    moderation_reason TEXT,
    answer_state    TEXT CHECK (answer_state IN ('in_behandeling', 'overgenomen', 'deels',
                                                 'niet_overgenomen')),
    answer_text     TEXT,
    answered_at     INTEGER,
    answered_by     INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX consult_idea_new ON consult_idea(consultation_id, created_at DESC, id DESC);
CREATE INDEX consult_idea_support ON consult_idea(consultation_id, support_count DESC, id DESC);
CREATE INDEX consult_idea_discussed ON consult_idea(consultation_id, reaction_count DESC, id DESC);
-- the random order reads only these two columns (a covering index)
CREATE INDEX consult_idea_shuffle ON consult_idea(consultation_id, shuffle_key);
CREATE INDEX consult_idea_moderation ON consult_idea(moderation) WHERE moderation = 'wacht';

-- Reactions, one level deep (to an idea, never to a reaction).
CREATE TABLE consult_reaction (
    id          INTEGER PRIMARY KEY,
    idea_id     INTEGER NOT NULL REFERENCES consult_idea(id),
    author_id   INTEGER REFERENCES user(id),
    entered_by  INTEGER REFERENCES user(id),
    body        TEXT NOT NULL,
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    participant TEXT NOT NULL CHECK (participant GLOB 'r:*' OR participant GLOB 'p:*'),
    created_at  INTEGER NOT NULL,
    report_count INTEGER NOT NULL DEFAULT 0,
    moderation  TEXT CHECK (moderation IN ('wacht', 'verborgen', 'hersteld')),
    moderation_reason TEXT
) STRICT;
CREATE INDEX consult_reaction_idea ON consult_reaction(idea_id, id);
CREATE INDEX consult_reaction_moderation ON consult_reaction(moderation) WHERE moderation = 'wacht';

-- Support: one per account per idea (the primary key), withdrawn by
-- deleting the row. An erased account's support stays (its id is a
-- tombstone).
CREATE TABLE consult_support (
    idea_id     INTEGER NOT NULL REFERENCES consult_idea(id),
    user_id     INTEGER NOT NULL REFERENCES user(id),
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    participant TEXT NOT NULL CHECK (participant GLOB 'r:*' OR participant GLOB 'p:*'),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (idea_id, user_id)
) STRICT, WITHOUT ROWID;

-- Reports of abusive content: one per account per item.
CREATE TABLE consult_report (
    kind       TEXT NOT NULL CHECK (kind IN ('idee', 'reactie')),
    item_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES user(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id, user_id)
) STRICT, WITHOUT ROWID;
