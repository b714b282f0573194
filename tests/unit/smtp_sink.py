#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests (aiosmtpd).

Usage: smtp_sink.py DIR PORTFILE [PORT]

Listens on 127.0.0.1:PORT (0 or absent: a free port) and writes that port
to PORTFILE once it accepts connections. Each accepted message becomes
DIR/NNNN.eml (the bytes as received, after SMTP dot-unstuffing) and
DIR/NNNN.json: the envelope and the message as Python's email package
parses it (subject and body decoded), so the C test checks the encoding
against an independent decoder. A recipient whose local part starts with
"refuse" is answered 550, as a relay that refuses it. SIGTERM stops it.
"""
import asyncio
import email
import email.policy
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "date": str(msg["Date"]),
            "message_id": str(msg["Message-ID"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "cte": str(msg["Content-Transfer-Encoding"]),
            "body": body.get_content() if body is not None else None,
            "defects": [type(d).__name__ for d in msg.defects],
            "header_names": list(msg.keys()),
            "headers": [[k, str(v)] for k, v in msg.items()],
        }
        base = os.path.join(self.folder, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


async def main():
    folder, portfile = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    handler = Sink(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test"), "127.0.0.1", port
    )
    port = server.sockets[0].getsockname()[1]
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    await stop
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
