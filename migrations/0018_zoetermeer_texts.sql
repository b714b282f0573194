-- 0018: two handling messages came with the reference category tree in
-- Amsterdam's words (Amsterdam's map of smart devices, a link to
-- amsterdam.nl). An installation that still has those texts gets
-- Zoetermeer's (the same as data/zoetermeer/demo-organisation.json gives a
-- new one); a text the administrator changed stays.
UPDATE category SET handling_message =
    'We laten u binnen 3 werkdagen weten wat we hebben gedaan. En anders hoort u wanneer wij uw melding kunnen oppakken.' || char(10) ||
    'We houden u op de hoogte via e-mail. Hoe u asbest en accu''s inlevert, leest u op [zoetermeer.nl](https://www.zoetermeer.nl).'
WHERE slug = 'asbest-accu' AND handling_message LIKE '%slimmeapparaten.amsterdam.nl%';
UPDATE category SET handling_message =
    'Wij handelen uw melding binnen drie weken af. U ontvangt dan geen apart bericht meer. Meer over de gemeente leest u op [zoetermeer.nl](https://www.zoetermeer.nl). En anders hoort u via e-mail wanneer wij uw melding kunnen oppakken.'
WHERE slug = 'bruggen' AND handling_message LIKE '%amsterdam.nl%';
