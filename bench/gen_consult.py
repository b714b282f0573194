#!/usr/bin/env python3
"""gen_consult.py DB [IDEAS] [SUPPORTS]: fills a wijkregie database (made by
`init`, the server not running) with one consultation in Seghwaert in its
ideas phase, IDEAS ideas (10,000) by 1,000 residents' accounts and SUPPORTS
supports (100,000) spread unevenly over the ideas (a few ideas get many),
each support unique per account and idea, plus reactions, with the counts
in the ideas' columns as the program keeps them. Prints the consultation's id.
Deterministic (a fixed seed), so runs compare."""
import datetime
import random
import sqlite3
import sys

db = sys.argv[1]
IDEAS = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
SUPPORTS = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
ACCOUNTS = 1000
rng = random.Random(13701)
c = sqlite3.connect(db)
c.execute("PRAGMA foreign_keys = ON")
wijk = c.execute("SELECT id FROM area WHERE kind = 'wijk' AND slug = 'seghwaert' "
                 "ORDER BY year DESC LIMIT 1").fetchone()[0]
today = datetime.date.today()
day = lambda n: (today + datetime.timedelta(days=n)).isoformat()
now = int(datetime.datetime.now().timestamp())
with c:
    cur = c.execute(
        "INSERT INTO consultation (area_id, title, question, decided_by, open_to, not_open,"
        " info_on, ideas_on, reactions_on, result_on, created_at, updated_at)"
        " VALUES (?, 'Benchmark', 'Wat wilt u?', 'Het college', 'Alles', 'Niets', ?, ?, ?, ?, ?, ?)",
        (wijk, day(-30), day(-20), day(30), day(60), now, now))
    cid = cur.lastrowid
    users = []
    for i in range(ACCOUNTS):
        cur = c.execute(
            "INSERT INTO user (login, name, password_hash, created_at, password_changed_at)"
            " VALUES (?, ?, '', '2026-01-01', '2026-01-01')", ("bench-bewoner-%d" % i, "Bewoner %d" % i))
        users.append(cur.lastrowid)
    ideas = []
    for i in range(IDEAS):
        u = rng.choice(users)
        cur = c.execute(
            "INSERT INTO consult_idea (consultation_id, author_id, title, body, wijk_id, channel,"
            " participant, created_at, shuffle_key) VALUES (?, ?, ?, ?, ?, 'online', ?, ?, ?)",
            (cid, u, "Idee %d" % i, "Een voorstel voor het plein, nummer %d." % i, wijk, "r:%d" % u,
             now - (IDEAS - i) * 60, rng.randrange(1 << 31)))
        ideas.append(cur.lastrowid)
    # supports: a skewed spread, unique per (idea, account)
    seen = set()
    rows = []
    while len(rows) < SUPPORTS:
        idea = ideas[min(int(rng.paretovariate(1.2)) - 1, IDEAS - 1)] if rng.random() < 0.3 \
            else rng.choice(ideas)
        u = rng.choice(users)
        if (idea, u) in seen:
            continue
        seen.add((idea, u))
        rows.append((idea, u, wijk, "r:%d" % u, now))
    c.executemany("INSERT INTO consult_support (idea_id, user_id, wijk_id, channel, participant,"
                  " created_at) VALUES (?, ?, ?, 'online', ?, ?)", rows)
    reactions = [(rng.choice(ideas), u, wijk, "r:%d" % u, now)
                 for u in (rng.choice(users) for _ in range(IDEAS * 2))]
    c.executemany("INSERT INTO consult_reaction (idea_id, author_id, body, wijk_id, channel,"
                  " participant, created_at) VALUES (?, ?, 'Eens.', ?, 'online', ?, ?)", reactions)
    c.execute("UPDATE consult_idea SET"
              " support_count = (SELECT count(*) FROM consult_support s WHERE s.idea_id = consult_idea.id),"
              " reaction_count = (SELECT count(*) FROM consult_reaction r WHERE r.idea_id = consult_idea.id)"
              " WHERE consultation_id = ?", (cid,))
c.execute("PRAGMA optimize")
c.close()
print(cid)
