-- 0045: a referral to a partner has a term: the last day (the municipality's,
-- YYYY-MM-DD) by which the partner answers (done or returned). A referral
-- made before this migration gets 14 calendar days from the day it was made
-- (about the 10 working days a new one gets by default). The handler's list
-- of answers reads the referrals answered lately.
ALTER TABLE partner_referral ADD COLUMN due_on TEXT
    CHECK (due_on IS NULL OR (length(due_on) = 10 AND due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'));
UPDATE partner_referral SET due_on = date(created_at, 'unixepoch', '+14 days');
CREATE INDEX partner_referral_answered ON partner_referral(closed_at) WHERE closed_at IS NOT NULL;
