-- 0014: the address of a signal's place, as the address lookup found it.
--
-- When the address lookup is configured (geocoder_url: PDOK's Locatieserver),
-- a typed street and house number becomes a point, and a point picked on the
-- map gets the nearest address. That address is kept with the signal for the
-- handlers (street, house number, postcode, town), apart from address_text,
-- which is what the reporter typed. Open311's public `address` is the street
-- alone, without the house number (docs/decisions/0016-public-address-street.md).
-- The wijk is never taken from the lookup: it comes from the municipality's
-- own outlines, as before (decision 0004). Signals made before, or while the
-- lookup was off or unreachable, have none (NULL).

ALTER TABLE signal ADD COLUMN address_street TEXT;
ALTER TABLE signal ADD COLUMN address_number TEXT;
ALTER TABLE signal ADD COLUMN address_postcode TEXT;
ALTER TABLE signal ADD COLUMN address_city TEXT;
