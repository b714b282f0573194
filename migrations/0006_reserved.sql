-- 0006: reserved for the focus point pages (the migration of that work
-- replaces this file when it lands); nothing to do here.
SELECT 1;
