#!/usr/bin/env bash
# Proves the .deb self-contained: its metadata, then the package extracted into an empty
# directory (dpkg-deb -x, nothing installed) runs from there: --version, init --demo, a
# check-in, and the app's window under Xvfb, screenshotted and not blank. lintian, if
# present, reports what it finds. Needs a built package (scripts/package.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls -1t target/release/bundle/deb/*.deb | head -1)
echo "== $deb"
info=$(dpkg-deb -I "$deb")
echo "$info" | sed -n '/Package:/,$p'
field() { sed -n "s/^ $1: //p" <<<"$info"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(field Package)" = "bluehats-kiosk" ] || fail "package name: $(field Package)"
[ "$(field Version)" = "0.1.0" ] || fail "version: $(field Version)"
grep -q "libwebkit2gtk-4.1-0" <<<"$(field Depends)" || fail "depends on the WebKitGTK runtime: $(field Depends)"
grep -q -- "-dev" <<<"$(field Depends)" && fail "depends on a -dev package: $(field Depends)"
[ -n "$(field Maintainer)" ] || fail "no maintainer"
# The listing is read once into a variable: `dpkg-deb -c | grep -q` under pipefail fails
# whenever grep stops reading before dpkg-deb has written everything (SIGPIPE).
contents=$(dpkg-deb -c "$deb")
grep -q "usr/bin/bluehats-kiosk$" <<<"$contents" || fail "no /usr/bin/bluehats-kiosk"
grep -q "usr/share/applications/.*\.desktop$" <<<"$contents" || fail "no desktop entry"
grep -q "usr/share/icons/" <<<"$contents" || fail "no icon"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root/pkg"
desktop=$(ls "$root"/pkg/usr/share/applications/*.desktop)
grep -q "^Exec=bluehats-kiosk" "$desktop" || fail "desktop entry's Exec: $(grep ^Exec "$desktop")"
grep -q "^Icon=" "$desktop" || fail "desktop entry without an icon"
bin="$root/pkg/usr/bin/bluehats-kiosk"
version=$("$bin" --version)
grep -q "0.1.0" <<<"$version" || fail "--version: $version"
data="$root/data"
"$bin" --data "$data" init --demo --json >/dev/null
code=$("$bin" --data "$data" --json attendees list | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['code'])")
verdict=$("$bin" --data "$data" --json checkin "$code")
grep -q '"verdict": "admitted"' <<<"$verdict" || fail "check-in: $verdict"

# The window, from the extracted package only, under a display of its own.
n=120
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$root"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
DISPLAY=":$n" NO_AT_BRIDGE=1 "$bin" --data "$data" --signage off >/dev/null 2>&1 &
app=$!
sleep 8
mkdir -p tests/e2e/shots
DISPLAY=":$n" import -window root tests/e2e/shots/package-window.png
kill $app 2>/dev/null || true
colours=$(convert tests/e2e/shots/package-window.png -format "%k" info:)
echo "== window screenshot: $colours colours (tests/e2e/shots/package-window.png)"
[ "$colours" -gt 50 ] || fail "the window looks blank ($colours colours)"

if command -v lintian >/dev/null 2>&1; then
  echo "== lintian"
  # What it still reports, and why, is in the README (Packaging).
  lintian --tag-display-limit 0 "$deb" || true
fi
echo "== package ok"
