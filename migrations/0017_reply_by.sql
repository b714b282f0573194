-- 0017: how a resident who reported at the counter or by phone wants to
-- hear back: by e-mail, by phone or by letter (NULL: not asked, as on the
-- website and through the API, where the e-mail address says it). Kept
-- with the signal for the handler; erased with the contact details.
ALTER TABLE signal ADD COLUMN reply_by TEXT
    CHECK (reply_by IS NULL OR reply_by IN ('email', 'telefoon', 'brief'));
