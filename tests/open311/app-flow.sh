#!/bin/sh
# app-flow.sh: what a report app does through Open311, with curl, against a
# running server: list the services, read a service definition, post a
# request with an attribute and a photo link, poll its status; a handler
# closes the signal in the back office (login and status form, as a person
# would) with a message to the reporter and a short explanation for
# everybody; the app then sees status closed with that explanation as
# status_notes, and never the message nor any of the personal data it sent.
#
# With MAIL_DIR (the folder of tests/unit/smtp_sink.py, which receives the
# server's mail) it also follows the resident's e-mail: the first message to
# the address the app sent is the request to confirm it, and nothing else;
# the resident opens the link and presses the button; then the receipt
# arrives, and the closing message after the handler closes the signal.
#
# Usage: [MAIL_DIR=DIR] tests/open311/app-flow.sh BASE_URL API_KEY [HANDLER_LOGIN] [PASSWORD]
#   BASE_URL like http://127.0.0.1:8080 (the site; the API is under /open311/v2)
# Exit 0 when the whole flow holds; otherwise a message and exit 1.
# Needs curl and python3 (to read JSON).
set -eu

SITE=${1:?usage: app-flow.sh BASE_URL API_KEY [LOGIN] [PASSWORD]}
KEY=${2:?usage: app-flow.sh BASE_URL API_KEY [LOGIN] [PASSWORD]}
LOGIN=${3:-afdeling-beheer}
PASSWORD=${4:-wijkregie-demo}
API=$SITE/open311/v2
CODE=afval.container-is-vol
EMAIL=app-flow-melder@example.org
PHONE=0612345678
MESSAGE="Beste Appie, de container is geleegd. Bedankt voor uw melding."
EXPLANATION="De container is geleegd."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/app-flow.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

die() {
    echo "app-flow: $*" >&2
    exit 1
}

# json FILE EXPR: evaluates a Python expression on the JSON document `d`.
json() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# 1. The services, with our service among them and metadata true.
curl -fsS "$API/services.json" >"$tmp/services.json" || die "services.json failed"
[ "$(json "$tmp/services.json" "[s['metadata'] for s in d if s['service_code']=='$CODE']")" = "[True]" ] ||
    die "service $CODE missing from services.json or without metadata"

# 2. Its definition: the attribute 'soort', a singlevaluelist with values.
curl -fsS "$API/services/$CODE.json" >"$tmp/def.json" || die "service definition failed"
[ "$(json "$tmp/def.json" "[a['datatype'] for a in d['attributes'] if a['code']=='soort']")" = "['singlevaluelist']" ] ||
    die "attribute soort missing"

# 3. Post a request with the attribute and a photo link, and personal data.
curl -fsS -X POST "$API/requests.json" \
    --data-urlencode "api_key=$KEY" --data-urlencode "service_code=$CODE" \
    --data-urlencode "lat=52.0601" --data-urlencode "long=4.4943" \
    --data-urlencode "attribute[soort]=glas" \
    --data-urlencode "media_url=https://app.example.org/foto/42.jpg" \
    --data-urlencode "description=De glasbak bij de ingang van het winkelcentrum is vol." \
    --data-urlencode "email=$EMAIL" --data-urlencode "first_name=Appie" \
    --data-urlencode "last_name=Flowtester" --data-urlencode "phone=$PHONE" \
    --data-urlencode "device_id=device-1" --data-urlencode "account_id=account-1" \
    >"$tmp/post.json" || die "POST requests.json failed"
ID=$(json "$tmp/post.json" "d[0]['service_request_id']")
case "$ID" in '' | *[!0-9]*) die "no service_request_id in $(cat "$tmp/post.json")" ;; esac

# mail N SUBJECT: waits (30 s at most) until the sink holds N messages to
# $EMAIL with SUBJECT (exactly N once the outbox is drained), and prints the
# body of the last one.
mail() {
    python3 - "$MAIL_DIR" "$EMAIL" "$1" "$2" <<'PY'
import json, os, sys, time
folder, to, want, subject = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.time() + 30
while True:
    got = []
    for n in sorted(os.listdir(folder)):
        if n.endswith(".json"):
            with open(os.path.join(folder, n), encoding="utf-8") as f:
                m = json.load(f)
            if m["rcpt_tos"] == [to] and m["subject"] == subject:
                got.append(m)
    if len(got) >= want or time.time() > deadline:
        break
    time.sleep(0.2)
if len(got) != want:
    sys.exit("%d messages to %s about %r, expected %d" % (len(got), to, subject, want))
print(got[-1]["body"] if got else "")
PY
}

# 3b. The resident's address is new: only the request to confirm it arrives;
# the link's page confirms nothing until its button is pressed.
if [ -n "${MAIL_DIR:-}" ]; then
    body=$(mail 1 "Bevestig uw e-mailadres") || die "no request to confirm $EMAIL: $body"
    link=$(printf '%s\n' "$body" | sed -n 's|.*https*://[^/]*\(/e-mailadres/[A-Za-z0-9_-]*\).*|\1|p' | head -1)
    [ -n "$link" ] || die "no confirmation link in the request"
    mjar=$tmp/mailjar
    curl -fsS -c "$mjar" -b "$mjar" "$SITE$link" >"$tmp/confirm.html" || die "link page failed"
    grep -q "Ja, dit is mijn e-mailadres" "$tmp/confirm.html" || die "no button on the link page"
    mail 0 "Uw melding is ontvangen" >/dev/null || die "the receipt was sent before confirming"
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/confirm.html" | head -1)
    code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$mjar" -b "$mjar" \
        --data-urlencode "csrf=$csrf" "$SITE$link")
    [ "$code" = 303 ] || die "pressing the button answered $code"
    body=$(mail 1 "Uw melding is ontvangen") || die "no receipt after confirming: $body"
    printf '%s\n' "$body" | grep -q "/melding/" || die "the receipt has no status link"
fi

# 4. Poll: open, with the photo link.
curl -fsS "$API/requests/$ID.json" >"$tmp/r1.json" || die "requests/$ID.json failed"
[ "$(json "$tmp/r1.json" "d[0]['status']")" = open ] || die "new request is not open"
[ "$(json "$tmp/r1.json" "d[0]['media_url']")" = "https://app.example.org/foto/42.jpg" ] ||
    die "media_url not shown back"

# 5. A handler closes it in the back office, with a message to the resident
#    and an explanation for everybody.
jar=$tmp/jar
curl -fsS -c "$jar" -b "$jar" "$SITE/inloggen" >"$tmp/login.html" || die "login page failed"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -1)
curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=$LOGIN" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" "$SITE/inloggen" ||
    die "login failed"
curl -fsS -c "$jar" -b "$jar" "$SITE/werk/meldingen/$ID" >"$tmp/signal.html" ||
    die "$LOGIN cannot open signal $ID"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/signal.html" | head -1)
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "status=afgehandeld" --data-urlencode "message=$MESSAGE" \
    --data-urlencode "uitleg=$EXPLANATION" \
    "$SITE/werk/meldingen/$ID/status")
[ "$code" = 303 ] || die "closing signal $ID answered $code"

# 6. The app polls until closed and sees the public explanation.
i=0
while :; do
    curl -fsS "$API/requests/$ID.json" >"$tmp/r2.json" || die "requests/$ID.json failed"
    [ "$(json "$tmp/r2.json" "d[0]['status']")" = closed ] && break
    i=$((i + 1))
    [ "$i" -lt 10 ] || die "request $ID never became closed"
    sleep 0.5
done
[ "$(json "$tmp/r2.json" "d[0]['status_notes']")" = "$EXPLANATION" ] ||
    die "status_notes is not the public explanation"

# 6b. The confirmed resident gets the closing message at once.
if [ -n "${MAIL_DIR:-}" ]; then
    body=$(mail 1 "Uw melding is afgehandeld") || die "no closing message: $body"
    printf '%s\n' "$body" | grep -q "$MESSAGE" || die "the closing message lacks the handler's text"
    mail 1 "Bevestig uw e-mailadres" >/dev/null || die "a second request to confirm was sent"
fi

# 7. Never personal data nor the message to the reporter, in any answer of the API.
curl -fsS "$API/requests.json?service_request_id=$ID&extensions=true" >"$tmp/r3.json"
curl -fsS "$API/requests/$ID.xml?extensions=true" >"$tmp/r4.xml"
for f in "$tmp/r1.json" "$tmp/r2.json" "$tmp/r3.json" "$tmp/r4.xml" "$tmp/post.json"; do
    for word in "$EMAIL" Appie Flowtester "$PHONE" device-1 winkelcentrum "Bedankt voor uw"; do
        ! grep -q "$word" "$f" || die "personal data ($word) in $(basename "$f")"
    done
done
echo "app-flow: ok (request $ID: services, definition, post, open, closed with the public explanation, no message or personal data)"
