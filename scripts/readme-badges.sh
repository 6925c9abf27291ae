#!/usr/bin/env bash
# The README's pictures of the badges and of a ticket e-mail, made from the real outputs:
# each badge size rendered from the PDF the printer got (tests/print/check.sh, through a
# real CUPS), and the e-mail's HTML part as a mail client shows it (Debian's chromium,
# headless, the inline QR put back in place) of a message a real SMTP server received. Writes docs/badge-*.png and docs/mail-ticket.png.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/apt-need.sh
apt_need cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils zbar-tools chromium
BIN="${BIN:-$PWD/target/debug/bluehats-kiosk}"
T=$(mktemp -d /tmp/bh-readme.XXXXXX)
trap 'rm -rf "$T"' EXIT
PRINT_OUT="$T/badges" bash tests/print/check.sh >/dev/null
for s in 62x100 89x36 54x101 a6 a4-8; do cp "$T/badges/badge-$s.png" "docs/badge-$s.png"; done

export KIOSK_DATA="$T/data"
"$BIN" init >/dev/null
"$BIN" attendees add --name "Zoé Lefèvre-Martin" --org "Ville de Lyon" --category public_agent --email zoe@exemple.invalid >/dev/null
# Sent to a real SMTP server (aiosmtpd, the venv tests/mail/check.sh makes) and drawn as
# that server received it.
VENV="${MAIL_VENV:-$PWD/target/mail-venv}"
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV"; "$VENV/bin/pip" install --quiet "aiosmtpd==1.4.6"; }
P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VENV/bin/python" tests/mail/smtpd.py --port "$P" --out "$T/eml" --ready "$T/ready" 2>/dev/null &
smtpd=$!
trap 'kill $smtpd 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -f "$T/ready" ] && break; sleep 0.1; done
"$BIN" tickets mail --smtp "127.0.0.1:$P" --plain --from "Accueil BlueHats <accueil@bluehats.invalid>" >/dev/null 2>&1
python3 - "$T/eml" "$T/mail.html" <<'PY'
import base64, email, glob, html, sys
from email import policy
m = email.message_from_bytes(open(sorted(glob.glob(sys.argv[1] + "/*.eml"))[0], "rb").read(), policy=policy.default)
body = m.get_body(("html",)).get_content()
qr = [p for p in m.walk() if p.get("Content-ID", "").strip("<>") == "qr"][0].get_content()
body = body.replace("cid:qr", "data:image/png;base64," + base64.b64encode(qr).decode())
head = "".join(f"<div><b>{k}:</b> {html.escape(str(m[k]))}</div>" for k in ("From", "To", "Subject"))
att = "<div><b>Pièces jointes / attachments:</b> billet-ticket.png · evenement-event.ics</div>"
page = f"<html><body style='margin:0;font-family:sans-serif'><div style='background:#eef2f7;padding:12px 16px;border-bottom:1px solid #ccd'>{head}{att}</div>{body.split('<body', 1)[1].split('>', 1)[1]}"
open(sys.argv[2], "w").write(page)
PY
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=760,880 --screenshot="$PWD/docs/mail-ticket.png" "file://$T/mail.html" >/dev/null 2>&1
echo "docs/badge-{62x100,89x36,54x101,a6,a4-8}.png docs/mail-ticket.png"
