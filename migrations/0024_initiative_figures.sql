-- 0024: the keyed pseudonym of the applicant's e-mail address, stored when
-- an application is submitted (the same key as reporters' pseudonyms), so
-- that distinct and repeat applicants can be counted after retention has
-- erased the address itself. personal_erased_at: when retention erased the
-- applicant's personal data (name, address, phone, e-mail, account number and
-- holder, organisation); the amounts, wijk, states and pseudonym stay.
ALTER TABLE initiative ADD COLUMN applicant_pseudonym TEXT;
CREATE INDEX initiative_pseudonym ON initiative(applicant_pseudonym);
ALTER TABLE initiative ADD COLUMN personal_erased_at INTEGER;
