-- 0037: choosing by vote in a consultation's keuze phase. One vote per
-- consultation: the proposals on the ballot (ideas of the consultation, each
-- with its cost for a budget vote), the kind (budget: a ballot's proposals
-- cost together between budget_min and budget_max, the budget to spend;
-- pick: at least 1 and at most pick_max proposals), and the first and last
-- day (Amsterdam) on which votes are cast. Who may vote and when the result
-- shows are domain/vote.c's rules.
CREATE TABLE vote (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL UNIQUE REFERENCES consultation(id),
    kind            TEXT NOT NULL CHECK (kind IN ('budget', 'keuze')),
    budget_min      INTEGER NOT NULL DEFAULT 0 CHECK (budget_min >= 0),   -- cents
    budget_max      INTEGER NOT NULL DEFAULT 0 CHECK (budget_max >= budget_min),
    pick_max        INTEGER NOT NULL DEFAULT 1 CHECK (pick_max >= 1),
    opens_on        TEXT NOT NULL,                                        -- ISO dates
    closes_on       TEXT NOT NULL CHECK (closes_on >= opens_on),
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES user(id),
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER REFERENCES user(id)
) STRICT;

CREATE TABLE vote_option (
    vote_id  INTEGER NOT NULL REFERENCES vote(id),
    idea_id  INTEGER NOT NULL REFERENCES consult_idea(id),
    cost     INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),                -- cents; 0 for pick
    PRIMARY KEY (vote_id, idea_id)
) STRICT, WITHOUT ROWID;

-- The secret ballot: who voted and what they chose are kept apart.
--
-- vote_cast is the act of participation (the reach columns: wijk_id,
-- channel, age_band, participant 'r:<account>' or 'p:<keyed pseudonym of
-- postcode and house number>', created_at) and says nothing of the choice.
-- Its key makes one ballot per account or address per vote.
CREATE TABLE vote_cast (
    vote_id     INTEGER NOT NULL REFERENCES vote(id),
    participant TEXT NOT NULL CHECK (participant GLOB 'r:*' OR participant GLOB 'p:*'),
    wijk_id     INTEGER REFERENCES area(id),
    channel     TEXT NOT NULL CHECK (channel IN ('online', 'balie', 'papier', 'bijeenkomst')),
    age_band    TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (vote_id, participant)
) STRICT, WITHOUT ROWID;

-- vote_ballot holds what was chosen, with no participant and no time: its
-- id is random (not the order of casting), so no row can be matched to a
-- row of vote_cast; they share only the vote's id.
CREATE TABLE vote_ballot (
    id       INTEGER PRIMARY KEY,          -- random
    vote_id  INTEGER NOT NULL REFERENCES vote(id)
) STRICT;
CREATE INDEX vote_ballot_vote ON vote_ballot(vote_id);

CREATE TABLE vote_ballot_choice (
    ballot_id INTEGER NOT NULL REFERENCES vote_ballot(id),
    idea_id   INTEGER NOT NULL REFERENCES consult_idea(id),
    PRIMARY KEY (ballot_id, idea_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX vote_ballot_choice_idea ON vote_ballot_choice(idea_id);
