#!/bin/sh
# Prints where the demo runs and how to log in (make run).
listen="${1:-127.0.0.1:8080}"
cat <<MSG

wijkregie runs at http://$listen/
Log in at http://$listen/inloggen with one of these demo accounts,
all with the password: wijkregie-demo

  admin               application administrator
  balie               counter clerk (Publieksplein)
  ondersteuner-noord  administrative support, region Noord (residents' initiatives)
  regisseur-noord     wijkregisseur, region Noord
  regisseur-oost      wijkregisseur, region Oost
  regisseur-centrum   wijkregisseur, region Centrum
  afdeling-beheer     department staff, Stadsbeheer
  aanvoerder-wzn      care-network lead (Wijkzorgnetwerk)
  wethouder           wijkwethouder, all three regions
  raadslid            council member (read-only monitoring)

Stop with Ctrl+C.
MSG
