"""A real SMTP server for the mail test (aiosmtpd), on 127.0.0.1 only: every message it
accepts is written to --out as NNNN.eml; --refuse makes it answer 550 to that address;
--tls-cert/--tls-key offer STARTTLS (required), --user/--password require that login.
Writes --ready when listening; stops on SIGTERM."""
import argparse
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--out", required=True)
p.add_argument("--ready", required=True)
p.add_argument("--refuse", action="append", default=[])
p.add_argument("--tls-cert")
p.add_argument("--tls-key")
p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (port 465's way) instead of STARTTLS")
p.add_argument("--user")
p.add_argument("--password")
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
lock = threading.Lock()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in (r.lower() for r in a.refuse):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len(os.listdir(a.out)) + 1
            path = os.path.join(a.out, "%04d.eml" % n)
            with open(path + ".part", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(path + ".part", path)
        return "250 2.0.0 accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user and auth_data.password.decode() == a.password
    # handled=False: aiosmtpd answers 535 itself (its default means "already answered").
    return AuthResult(success=ok, handled=False)


kw = {}
ctl = {}
if a.tls_cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.tls_cert, a.tls_key)
    if a.implicit_tls:
        ctl.update(ssl_context=ctx)
    else:
        kw.update(tls_context=ctx, require_starttls=True)
if a.user:
    # With TLS from the first byte aiosmtpd does not count the connection as TLS for AUTH
    # (it only knows STARTTLS): it is encrypted all the same.
    kw.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(a.tls_cert) and not a.implicit_tls)
c = Controller(Handler(), hostname="127.0.0.1", port=a.port, **ctl, **kw)
c.start()
open(a.ready, "w").write("ready\n")
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait(600)  # bounded: a test that forgot it does not leave it for good
c.stop()
