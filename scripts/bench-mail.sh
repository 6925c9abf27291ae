#!/usr/bin/env bash
# Mails a second: the 300 demo attendees' tickets sent to a real SMTP server on 127.0.0.1
# (aiosmtpd, plain, then STARTTLS with a login), --rate 0 (as fast as the server takes
# them), whole process. Prints one line a run. Needs the venv of tests/mail/check.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-$PWD/target/release/bluehats-kiosk}"
[ -x "$BIN" ] || BIN="$PWD/target/debug/bluehats-kiosk"
VENV="${MAIL_VENV:-$PWD/target/mail-venv}"
T=$(mktemp -d /tmp/bh-mailbench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$T"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=BH bench CA" -keyout "$T/ca-key.pem" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$T/key.pem" -out "$T/s.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$T/ext"
openssl x509 -req -in "$T/s.csr" -CA "$T/ca.pem" -CAkey "$T/ca-key.pem" -CAcreateserial -days 2 -extfile "$T/ext" -out "$T/cert.pem" 2>/dev/null
P1=$(port); P2=$(port)
"$VENV/bin/python" tests/mail/smtpd.py --port "$P1" --out "$T/in1" --ready "$T/r1" 2>/dev/null & pids+=($!)
"$VENV/bin/python" tests/mail/smtpd.py --port "$P2" --out "$T/in2" --ready "$T/r2" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --user u --password p 2>/dev/null & pids+=($!)
for _ in $(seq 100); do [ -f "$T/r1" ] && [ -f "$T/r2" ] && break; sleep 0.1; done
export KIOSK_DATA="$T/data"
"$BIN" init --demo >/dev/null
run() {
  local label=$1 s e; shift
  s=$(date +%s%N)
  "$BIN" --json tickets mail "$@" --from "Accueil <a@bluehats.invalid>" --again --rate 0 > "$T/r.json"
  e=$(date +%s%N)
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%-34s %3d sent in %5.2f s: %5.1f mails/s (the run'"'"'s own: %5.1f/s)" % (sys.argv[2], r["sent"], int(sys.argv[3])/1e9, r["sent"]/(int(sys.argv[3])/1e9), r["per_second"]))' "$T/r.json" "$label" "$((e - s))"
}
echo "binary: $BIN"
run "plain" --smtp "127.0.0.1:$P1" --plain
export BH_PASS=p
run "STARTTLS + login" --smtp "127.0.0.1:$P2" --starttls --ca "$T/ca.pem" --user u --password-env BH_PASS
