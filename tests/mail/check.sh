#!/usr/bin/env bash
# Tickets by e-mail against real SMTP servers (Python's aiosmtpd, installed here in a venv)
# on 127.0.0.1: a dry run writes .eml files and sends nothing; a plain run mails every
# person with an address and a valid ticket, each message's QR (read by zbarimg) is that
# person's code and the template's fields are filled; the address the server refuses is
# reported and the run goes on; a second run sends nothing; STARTTLS with a login (a
# certificate of the test's own) and TLS from the first byte send again with --again, the
# password never printed;
# the pace holds (--rate). Needs python3 (venv), openssl, zbar-tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${BIN:-$PWD/target/debug/bluehats-kiosk}"
[ -x "$BIN" ] || { echo "build the app first (cargo build --bin bluehats-kiosk)"; exit 2; }
VENV="${MAIL_VENV:-$PWD/target/mail-venv}"
if ! "$VENV/bin/python" -c "import aiosmtpd" 2>/dev/null; then
  echo "-- installing aiosmtpd in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==1.4.6"
fi

T=$(mktemp -d /tmp/bh-mail.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A free port on 127.0.0.1.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
serve() {  # name port args...
  local name=$1 p=$2; shift 2
  "$VENV/bin/python" tests/mail/smtpd.py --port "$p" --out "$T/$name" --ready "$T/$name.ready" "$@" > "$T/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [ -f "$T/$name.ready" ] && return 0; sleep 0.1; done
  cat "$T/$name.log"; fail "the SMTP server $name did not start"
}
P1=$(port); serve plain "$P1" --refuse "refuse@exemple.invalid"
# A certificate authority of the test's own, and the server's certificate it signs.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=BlueHats test CA" -keyout "$T/ca-key.pem" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$T/key.pem" -out "$T/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$T/ext.cnf"
openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca-key.pem" -CAcreateserial -days 2 -extfile "$T/ext.cnf" -out "$T/cert.pem" 2>/dev/null
P2=$(port); serve secure "$P2" --refuse "refuse@exemple.invalid" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --user accueil --password "s3cr3t-Pa55"
P3=$(port); serve wrapped "$P3" --refuse "refuse@exemple.invalid" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --implicit-tls --user accueil --password "s3cr3t-Pa55"
echo "-- SMTP servers on 127.0.0.1:$P1 (plain), 127.0.0.1:$P2 (STARTTLS, login) and 127.0.0.1:$P3 (TLS from the first byte, login)"

export KIOSK_DATA="$T/data"
k() { "$BIN" "$@"; }
k init >/dev/null
add() { k --json attendees add --name "$1" --org "DINUM" --category public_agent ${2:+--email "$2"} | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])'; }
ZOE=$(add "Zoé Lefèvre" "zoe@exemple.invalid")
ANA=$(add "Ana Lopez" "ana@exemple.invalid")
BOB=$(add "Bob Martin" "bob@exemple.invalid")
add "Refusé Dupont" "refuse@exemple.invalid" >/dev/null
add "Sans Courriel" >/dev/null
REV=$(add "Annulé Durand" "annule@exemple.invalid")
k tickets revoke "$REV" >/dev/null
FROM="Accueil BlueHats <accueil@bluehats.invalid>"

# 1. The dry run: .eml files to look at, nothing sent.
k tickets mail --smtp "127.0.0.1:$P1" --plain --from "$FROM" --dry-run "$T/dry" > "$T/dry.txt" 2>&1 || true
n=$(ls "$T/dry"/*.eml 2>/dev/null | wc -l)
[ "$n" = 4 ] || { cat "$T/dry.txt"; fail "the dry run wrote $n messages, not 4"; }
[ ! -d "$T/plain" ] || [ -z "$(ls "$T/plain")" ] || fail "the dry run sent something"

# 2. The run: every person with an address and a valid ticket, once; the refused one said.
start=$(date +%s%N)
set +e
k tickets mail --smtp "127.0.0.1:$P1" --plain --from "$FROM" --rate 5 > "$T/run1.txt" 2>"$T/run1.err"
rc=$?
set -e
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$T/run1.txt"
[ "$rc" = 1 ] || fail "a refused address should make the run's exit code 1 (got $rc)"
grep -q "3 envoyé(s)" "$T/run1.txt" || fail "the report does not say 3 sent"
grep -q "refuse@exemple.invalid" "$T/run1.txt" || fail "the report does not name the refused address"
grep -q "1 sans courriel" "$T/run1.txt" && grep -q "1 billet(s) annulé(s)" "$T/run1.txt" || fail "the report does not count the person without e-mail and the revoked ticket"
[ "$(ls "$T/plain"/*.eml | wc -l)" = 3 ] || fail "the server did not receive 3 messages"
# Four messages (one refused) at 5 a second: at least three gaps of 200 ms.
[ "$elapsed_ms" -ge 600 ] || fail "4 messages at --rate 5 took $elapsed_ms ms: the pace is not kept"
echo "-- 4 messages at --rate 5: $elapsed_ms ms"

# Each message: to the right person, French then English, fields filled, QR = their code.
check_messages() {
python3 - "$1" "$T" "$ZOE" "$ANA" "$BOB" <<'PY'
import email, glob, os, subprocess, sys
from email import policy
d, t, zoe, ana, bob = sys.argv[1:]
codes = {"zoe@exemple.invalid": zoe, "ana@exemple.invalid": ana, "bob@exemple.invalid": bob}
seen = set()
for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
    m = email.message_from_bytes(open(f, "rb").read(), policy=policy.default)
    to = m["To"].addresses[0].addr_spec
    assert to in codes, to
    seen.add(to)
    assert "Journée BlueHats 2021" in m["Subject"], m["Subject"]
    text = m.get_body(("plain",)).get_content()
    name = m["To"].addresses[0].display_name
    assert text.index("Bonjour " + name) < text.index("Hello " + name), text
    for want in ("mardi 9 novembre 2021", "Tuesday 9 November 2021", "223M", "Palais des congrès", "Bonjour", "Hello"):
        assert want in text, (want, text)
    html = m.get_body(("html",)).get_content()
    assert 'src="cid:qr"' in html
    parts = {p.get_filename() or p.get("Content-ID", ""): p for p in m.walk() if p.get_content_maintype() != "multipart"}
    inline = [p for p in m.walk() if p.get("Content-ID", "").strip("<>") == "qr"]
    assert inline and inline[0].get_content_type() == "image/png", list(parts)
    png = [p for p in m.walk() if p.get_filename() == "billet-ticket.png"][0].get_content()
    ics = [p for p in m.walk() if p.get_filename() == "evenement-event.ics"][0].get_content()
    if isinstance(ics, bytes):
        ics = ics.decode()
    assert "DTSTART:20211109T" in ics and "223M" in ics, ics
    open(os.path.join(t, "qr.png"), "wb").write(png)
    got = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(t, "qr.png")], capture_output=True, text=True).stdout.strip()
    assert got == codes[to], (to, got, codes[to])
assert seen == set(codes), seen
print("-- %d messages: fields filled, QR read back as each person's code" % len(seen))
PY
}
check_messages "$T/plain"
check_messages "$T/dry" 2>/dev/null || true   # the dry run holds the refused address too; looked at, not checked

# 3. A second run sends nothing new.
k tickets mail --rate 0 > "$T/run2.txt" 2>&1 || true
grep -q "0 envoyé(s)" "$T/run2.txt" && grep -q "3 déjà reçu(s)" "$T/run2.txt" || { cat "$T/run2.txt"; fail "a second run sent again"; }
[ "$(ls "$T/plain"/*.eml | wc -l)" = 3 ] || fail "a second run delivered more messages"

# 4. STARTTLS with a login, everyone again; the password is never printed.
export BH_SMTP_PASS="s3cr3t-Pa55"
k tickets mail --smtp "127.0.0.1:$P2" --starttls --ca "$T/ca.pem" --user accueil --password-env BH_SMTP_PASS --from "$FROM" --again --rate 0 > "$T/run3.txt" 2>&1 || true
cat "$T/run3.txt"
grep -q "3 envoyé(s)" "$T/run3.txt" || fail "the STARTTLS run did not send 3"
check_messages "$T/secure"
# TLS from the first byte (port 465's way), the same login: everyone again.
k tickets mail --smtp "127.0.0.1:$P3" --tls --again --rate 0 > "$T/run6.txt" 2>&1 || true
grep -q "3 envoyé(s)" "$T/run6.txt" || { cat "$T/run6.txt"; fail "the TLS run did not send 3"; }
check_messages "$T/wrapped"
k --json tickets mail --dry-run "$T/dry2" --again > "$T/run4.json" 2>&1 || true
! grep -rq "s3cr3t-Pa55" "$T"/run*.txt "$T"/run*.json || fail "the password was printed"
# A wrong password: refused, said, nothing sent.
export BH_SMTP_PASS="wrong"
k tickets mail --password-env BH_SMTP_PASS --user accueil --again > "$T/run5.txt" 2>&1 && fail "a wrong password was accepted"
[ "$(ls "$T/wrapped"/*.eml | wc -l)" = 3 ] || fail "a wrong password delivered something"
echo "PASS: tickets by e-mail through real SMTP servers"
