-- 0046: the college may also reject a proposed focus point. The
-- wijkwethouder records it like an adoption (status 'niet_vastgesteld',
-- decided_on the date of the college's decision) with the college's reason;
-- a rejected proposal is not public and stays as it is (domain/focus.c).
-- The council report and the monitor list the decisions of a year by
-- decided_on.
ALTER TABLE focuspunt ADD COLUMN decision_reason TEXT
    CHECK (decision_reason IS NULL OR length(decision_reason) BETWEEN 1 AND 2000);
CREATE INDEX focuspunt_decided ON focuspunt(decided_on) WHERE decided_on IS NOT NULL;
