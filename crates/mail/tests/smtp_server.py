#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for Storyline's mail tests (aiosmtpd).

Usage: smtp_server.py OUT.jsonl [--reject ADDR]... [--auth USER:PASSWORD]
                      [--starttls CERT KEY | --tls CERT KEY]

Binds a free port, prints it on the first line of stdout, and appends one JSON object per
received message to OUT.jsonl: the envelope (mail_from, rcpt_tos), the raw message, and the
message as Python's `email` package decodes it (subject and each non-multipart part with its
content type and decoded text), so the tests check the MIME encoding with an independent parser.
Recipients given with --reject are refused with 550; --auth requires AUTH PLAIN/LOGIN with these
credentials (allowed without TLS, this is loopback). --starttls offers (and requires) STARTTLS,
--tls speaks TLS from the first byte, with this PEM certificate and key. Exits on its own after
300 seconds.
"""

import json
import socket
import ssl
import sys
import threading

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("aiosmtpd is not installed: run `pip install aiosmtpd`\n")
    sys.exit(3)

import email
from email import policy


class Handler:
    def __init__(self, out, reject):
        self.out = out
        self.reject = set(reject)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        msg = email.message_from_bytes(raw, policy=policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            parts.append(
                {
                    "content_type": part.get_content_type(),
                    "charset": part.get_content_charset(),
                    "text": part.get_content(),
                }
            )
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "content_type": msg.get_content_type(),
            "subject": str(msg.get("subject", "")),
            "from": str(msg.get("from", "")),
            "to": str(msg.get("to", "")),
            "headers": [[k, str(v)] for k, v in msg.items()],
            "raw": raw.decode("utf-8", "replace"),
            "parts": parts,
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 2.0.0 Ok: queued as TEST1"


def main():
    args = sys.argv[1:]
    if not args:
        sys.stderr.write(__doc__)
        sys.exit(2)
    out = args[0]
    reject, auth, tls_mode, cert = [], None, None, None
    i = 1
    while i < len(args):
        if args[i] == "--reject":
            reject.append(args[i + 1])
            i += 2
        elif args[i] == "--auth":
            auth = args[i + 1].split(":", 1)
            i += 2
        elif args[i] in ("--starttls", "--tls"):
            tls_mode = args[i]
            cert = (args[i + 1], args[i + 2])
            i += 3
        else:
            sys.stderr.write("unknown argument %r\n" % args[i])
            sys.exit(2)

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()

    kwargs = {}
    if auth:
        user, password = auth[0].encode(), auth[1].encode()

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == user
                and auth_data.password == password
            )
            return AuthResult(success=ok, handled=False)

        kwargs = {"authenticator": authenticator, "auth_require_tls": False}

    if tls_mode:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert[0], cert[1])
        if tls_mode == "--starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)

    controller = Controller(
        Handler(out, reject), hostname="127.0.0.1", port=port, **kwargs
    )
    controller.start()
    print(port, flush=True)
    done = threading.Event()
    done.wait(300)
    controller.stop()


if __name__ == "__main__":
    main()
