-- 0045: a placeholder on branch consultpriv only, so that 0048 applies here; the
-- other branches' 0045 replaces it at the merge (drop this file).
SELECT 1;
