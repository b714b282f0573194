#!/bin/sh
# Prints where the demo runs and how to log in (make run).
# usage: print-demo-accounts.sh [LISTEN [WIJKREGIE DATA CONFIG]]
# With the program, data folder and settings file it also prints a login
# link for a demo resident, made by `wijkregie resident link` with the same
# mechanism as the links sent by e-mail (single use, valid 15 minutes).
listen="${1:-127.0.0.1:8080}"
prog="${2:-}"
data="${3:-var}"
config="${4:-wijkregie.conf.example}"
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
  partner-goede-woning partner staff, De Goede Woning (its own actions only)
  netwerkregisseur    netwerkregisseur (keeps the partner register)
  afdelingshoofd-sb   head of department, Stadsbeheer

Residents who take part have no password: they log in with a link by e-mail.
Demo residents: bewoner-oosterheem@example.nl, bewoner-seghwaert@example.nl,
bewoner-noordhove@example.nl. Without smtp_url no e-mail leaves the server
(it waits in the outbox), so here is a one-time login link (valid 15 minutes;
open it and press the button):
MSG
if [ -n "$prog" ]; then
    "$prog" resident link --config "$config" --data "$data" --listen "$listen" \
        --email bewoner-oosterheem@example.nl | sed 's/^/  /'
fi
cat <<MSG
A new one at any time, for any resident:
  $prog resident link --data $data --email ADDRESS

Stop with Ctrl+C.
MSG
