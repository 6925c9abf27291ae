#!/usr/bin/env bash
# A CUPS of a test's own: `cupsd.sh start DIR` starts cupsd with DIR as its root (a socket
# DIR/cups.sock and 127.0.0.1 only, no browsing, no web interface) and the virtual PDF
# printer BH-PDF, whose PDFs land in DIR/pdf; prints the CUPS_SERVER to use.
# `cupsd.sh stop DIR` stops it and removes its cups-pdf configuration. Run as root
# (cups-pdf's backend and its configuration file in /etc/cups).
set -euo pipefail
cmd=$1 T=$2
suffix="bh$(basename "$T" | tr -cd 'a-zA-Z0-9')"
CONF="/etc/cups/cups-pdf-$suffix.conf"
case "$cmd" in
  stop)
    if [ -f "$T/cupsd.pid" ]; then
      pid=$(cat "$T/cupsd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$T/cupsd.pid"
    fi
    rm -f "$CONF"
    exit 0;;
  start) ;;
  *) echo "usage: cupsd.sh start|stop DIR" >&2; exit 2;;
esac
mkdir -p "$T/spool" "$T/cache" "$T/state" "$T/pdf" "$T/log"
chmod 0755 "$T" "$T/pdf"
export CUPS_SERVER="$T/cups.sock"
fail() { echo "cupsd.sh: $*" >&2; [ -f "$T/log/error_log" ] && tail -20 "$T/log/error_log" >&2; exit 1; }
# A loopback port of its own (CUPS wants one besides the socket).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$T/cupsd.conf" <<CONF
Listen 127.0.0.1:$PORT
Listen $T/cups.sock
WebInterface No
Browsing No
LogLevel warn
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
  Allow @LOCAL
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
  Allow @LOCAL
</Location>
CONF
cat > "$T/cups-files.conf" <<CONF
ServerRoot $T
RequestRoot $T/spool
CacheDir $T/cache
StateDir $T/state
ErrorLog $T/log/error_log
AccessLog $T/log/access_log
PageLog $T/log/page_log
SystemGroup root
CONF
# cups-pdf reads /etc/cups/cups-pdf-<suffix>.conf for the device cups-pdf:/<suffix>.
cat > "$CONF" <<CONF
Out $T/pdf
AnonDirName $T/pdf
Label 0
CONF
setsid cupsd -f -c "$T/cupsd.conf" -s "$T/cups-files.conf" </dev/null >/dev/null 2>&1 &
echo $! > "$T/cupsd.pid"
for _ in $(seq 100); do [ -S "$T/cups.sock" ] && lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
lpstat -r >/dev/null 2>&1 || fail "cupsd did not start"
PPD=$(ls /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd /usr/share/ppd/cups-pdf/*.ppd 2>/dev/null | head -1)
lpadmin -p BH-PDF -E -v "cups-pdf:/$suffix" -P "$PPD" 2>/dev/null
cupsaccept BH-PDF
cupsenable BH-PDF
lpstat -p BH-PDF | grep -q "enabled" || fail "the PDF printer is not ready"
echo "$CUPS_SERVER"
