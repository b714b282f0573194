-- 0046: a placeholder on branch consultpriv only, so that 0048 applies here; the
-- other branches' 0046 replaces it at the merge (drop this file).
SELECT 1;
