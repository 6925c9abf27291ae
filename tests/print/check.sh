#!/usr/bin/env bash
# Badges printed at the door, through a real CUPS: a cupsd of this test's own (its own
# folder, a socket and 127.0.0.1 only) with Debian's virtual PDF printer (cups-pdf). A
# scan at an auto-print desk → a job → a PDF whose page, rendered by pdftoppm and read by
# zbarimg, holds that person's code and whose text holds their name; a stopped printer →
# the verdict all the same, the badge kept, printed once the printer is back; every badge
# size rendered and its QR read. Needs: cups cups-client cups-bsd printer-driver-cups-pdf
# poppler-utils zbar-tools (scripts/test.sh installs them). Run as root (cups-pdf's backend
# and its configuration in /etc/cups).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${BIN:-$PWD/target/debug/bluehats-kiosk}"
[ -x "$BIN" ] || { echo "build the app first (cargo build --bin bluehats-kiosk)"; exit 2; }

T=$(mktemp -d /tmp/bh-print.XXXXXX)
OUT="${PRINT_OUT:-$T/out}"   # where the rendered badges go (kept when PRINT_OUT is set)
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; [ -f "$T/log/error_log" ] && tail -20 "$T/log/error_log"; exit 1; }
cleanup() {
  bash tests/print/cupsd.sh stop "$T"
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
CUPS_SERVER=$(bash tests/print/cupsd.sh start "$T") || fail "cupsd did not start"
export CUPS_SERVER
echo "-- cupsd on $CUPS_SERVER, printer BH-PDF → $T/pdf"

export KIOSK_DATA="$T/data"
k() { "$BIN" "$@"; }
k init >/dev/null
add() { k --json attendees add --name "$1" --org "$2" --category public_agent | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])'; }
ZOE=$(add "Zoé Lefèvre-Martin" "Ville de Lyon")
ANA=$(add "Ana Lopez" "DINUM")
LONG=$(add "Jean-Baptiste Pierre Marie de Montmorency-Laval" "Ministère de l'Enseignement supérieur et de la Recherche")

k print printers | grep -qx BH-PDF || fail "print printers does not list BH-PDF"
k print setup --printer BH-PDF --size 62x100 --auto on | tee "$T/setup.txt"
grep -q "prête" "$T/setup.txt" || fail "print setup does not say the printer is ready"

# Waits (bounded) for the n-th PDF in the printer's output folder; prints its path.
nth_pdf() {
  for _ in $(seq 300); do
    local f
    f=$(ls -1tr "$T"/pdf/*.pdf 2>/dev/null | sed -n "$1p")
    if [ -n "$f" ] && [ -s "$f" ] && pdfinfo "$f" >/dev/null 2>&1; then echo "$f"; return 0; fi
    sleep 0.1
  done
  return 1
}
# The code zbarimg reads on the PDF's first page.
qr_of() { pdftoppm -r 300 -png -f 1 -l 1 "$1" "$T/page" && zbarimg -q --raw "$T"/page*.png 2>/dev/null | head -1; rm -f "$T"/page*.png; }

# 1. A scan at the auto-print desk: the verdict, then the badge.
t0=$(date +%s%N)
k checkin "$ZOE" | tee "$T/v1.txt"
grep -q "ENTRÉE OK" "$T/v1.txt" || fail "no verdict"
grep -q "badge imprimé" "$T/v1.txt" || fail "the desk does not say the badge was printed"
pdf1=$(nth_pdf 1) || fail "no PDF came out of the printer"
t1=$(date +%s%N)
echo "-- admission → badge PDF out of CUPS: $(( (t1 - t0) / 1000000 )) ms (whole process, debug build)"
[ "$(qr_of "$pdf1")" = "$ZOE" ] || fail "the printed badge's QR is not Zoé's code"
# The name on one line or two (given names above): read as words.
pdftotext "$pdf1" - | tr -s ' \n' '  ' | grep -q "Zoé Lefèvre-Martin" || fail "the printed badge does not carry the name"
pdftotext "$pdf1" - | tr -s ' \n' '  ' | grep -q "Ville de Lyon" || fail "the printed badge does not carry the organisation"
w=$(pdfinfo "$pdf1" | awk '/Page size/ {print int($3 + 0.5)}')
# 62 mm is 175.7 pt; cups-pdf writes whole points.
[ "$w" = "176" ] || [ "$w" = "175" ] || fail "the 62 mm label is $w pt wide, not 176"

# Scanned again later: already in, no second badge.
k checkin "$ZOE" >/dev/null || true
sleep 1
[ "$(ls "$T"/pdf/*.pdf | wc -l)" = 1 ] || fail "a second scan printed a second badge"

# 2. The printer stopped (out of paper): the verdict all the same, the badge kept.
cupsdisable -r "Media empty" BH-PDF
k checkin "$ANA" | tee "$T/v2.txt"
grep -q "ENTRÉE OK" "$T/v2.txt" || fail "no verdict with the printer stopped"
grep -q "arrêtée" "$T/v2.txt" || fail "the desk does not say the printer is stopped"
grep -q "1 badge(s) en attente" "$T/v2.txt" || fail "the desk does not say the badge waits"
k --json print status | python3 -c '
import json,sys
s=json.load(sys.stdin)
w=[j for j in s["jobs"] if j["state"]=="waiting"]
assert len(w)==1 and w[0]["name"]=="Ana Lopez" and "Media empty" in w[0]["reason"], s
assert s["printer_state"]["state"]=="stopped", s' || fail "print status does not show Ana's badge waiting"
# JSON checkins keep standard output one verdict a line; the printer's word is on stderr.
k --json checkin "$ANA" > "$T/v2.json" 2>/dev/null || true   # already in: its exit code
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/v2.json" || fail "--json checkin is not JSON"
sleep 1
[ "$(ls "$T"/pdf/*.pdf | wc -l)" = 1 ] || fail "a stopped printer printed"
cupsenable BH-PDF
k print retry | grep -q "badge imprimé : Ana Lopez" || fail "retry did not print Ana's badge"
pdf2=$(nth_pdf 2) || fail "Ana's badge did not come out after the printer came back"
[ "$(qr_of "$pdf2")" = "$ANA" ] || fail "Ana's badge holds the wrong code"

# 3. A missing printer: the verdict, and the job kept with the reason.
k print setup --printer BH-GONE >/dev/null
BOB=$(add "Bob Martin" "Inria")
k checkin "$BOB" | tee "$T/v3.txt"
grep -q "ENTRÉE OK" "$T/v3.txt" || fail "no verdict with a missing printer"
grep -q "introuvable" "$T/v3.txt" || fail "the desk does not say the printer is missing"
k print setup --printer BH-PDF >/dev/null

# 4. Reprint by hand (also prints Bob's waiting badge): two more PDFs.
k badges print "$ZOE" >/dev/null || fail "badges print failed"
pdf4=$(nth_pdf 4) || fail "the reprint did not come out"

# 5. Every size: the PDF's page is the label's, its QR reads, the long name is shortened.
for size in 62x100 89x36 54x101 a6 a4-8; do
  k badges pdf --size "$size" --out "$OUT/badge-$size.pdf" "$LONG" "$ZOE" "$ANA" >/dev/null
  got=$(pdftoppm -r 300 -png -f 1 -l 1 "$OUT/badge-$size.pdf" "$T/s" && zbarimg -q --raw "$T"/s*.png 2>/dev/null | sort | tr '\n' ' '; rm -f "$T"/s*.png)
  case "$size" in
    a4-8) want=$(printf '%s\n' "$LONG" "$ZOE" "$ANA" | sort | tr '\n' ' ');;
    *) want="$LONG ";;
  esac
  [ "$got" = "$want" ] || fail "$size: the QR codes read are [$got], not [$want]"
  pdftotext "$OUT/badge-$size.pdf" - | tr -s ' \n' '  ' | grep -q "Montmorency-Laval" || fail "$size: the long name lost its last name"
  # The picture of it (the README's): labels at 150 dpi, the A4 sheet at 60.
  dpi=150; [ "$size" = a4-8 ] && dpi=60
  pdftoppm -r "$dpi" -png -f 1 -l 1 -singlefile "$OUT/badge-$size.pdf" "$OUT/badge-$size"
  # And through CUPS at that size (the media CUPS is asked for is the label's).
  k print setup --size "$size" >/dev/null
done
echo "-- every badge size: page, QR, name OK"
# Admission → job handed to CUPS, from the store's own times (queued at the admission,
# sent when `lp` took it), for the badges printed at once.
k --json print status | python3 -c '
import json,sys
from datetime import datetime
s=json.load(sys.stdin)
t=lambda x: datetime.fromisoformat(x.replace("Z","+00:00"))
d=sorted((t(j["sent_at"])-t(j["at"])).total_seconds()*1000 for j in s["jobs"] if j["sent_at"] and j["tries"]==0)
print("-- admission → job handed to CUPS: %s ms (%d badges printed at once)" % (", ".join("%.0f" % x for x in d), len(d)))'

k --json print status | python3 -c '
import json,sys
s=json.load(sys.stdin)
assert all(j["state"]=="sent" for j in s["jobs"]), s["jobs"]' || fail "a badge is still waiting"
echo "PASS: badges through a real CUPS"
