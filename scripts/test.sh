#!/usr/bin/env bash
# Runs every test of BlueHats Kiosk on a fresh Debian/Ubuntu machine, installing what it
# needs: apt packages (WebKitGTK, Xvfb, WebKitWebDriver, xmllint, pdftoppm, zbarimg, CUPS
# with its virtual PDF printer, Python's venv for aiosmtpd), npm packages (locked),
# and tauri-driver. Core unit tests, integration tests (CLI processes, IPC on the mock
# runtime), then end-to-end tests on the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/apt-need.sh
apt_need libwebkit2gtk-4.1-dev build-essential libssl-dev librsvg2-dev libxdo-dev libasound2-dev file webkit2gtk-driver xvfb imagemagick libxml2-utils poppler-utils zbar-tools lintian \
  cups cups-client cups-bsd printer-driver-cups-pdf python3-venv openssl

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "== cargo install tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# Incremental caches are for a developer's next build; on CI they only take disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
disk() { echo "-- disk: $(df -h --output=avail . | tail -1 | tr -d ' ') free, target/ $(du -sh target 2>/dev/null | cut -f1)"; }
disk

echo "== npm: UI and end-to-end test dependencies (locked)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

echo "== cargo: core unit tests, integration tests"
cargo build --locked --bin bluehats-kiosk
cargo test --locked --workspace
disk

echo "== badges through a real CUPS (its own cupsd, a virtual PDF printer)"
bash tests/print/check.sh
echo "== tickets by e-mail through real SMTP servers (aiosmtpd, plain and STARTTLS)"
bash tests/mail/check.sh

echo "== end-to-end tests on the real window (Xvfb)"
started_xvfb=""
if [ -z "${DISPLAY:-}" ]; then
  # A display number that no other X server (or a stale lock) holds.
  n=97
  while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  export DISPLAY=":$n"
  Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  started_xvfb=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
fi
# No session bus here: tell GTK not to look for one.
export NO_AT_BRIDGE=1
status=0
(cd tests/e2e && node --test --test-concurrency=1 keyboard.test.mjs desk.test.mjs signage.test.mjs event.test.mjs layouts.test.mjs camera.test.mjs venue.test.mjs self-service.test.mjs door.test.mjs capacity.test.mjs badges.test.mjs mail.test.mjs) || status=$?
[ -n "$started_xvfb" ] && kill "$started_xvfb" 2>/dev/null || true
[ $status -eq 0 ] || exit $status
disk

echo "== the installable package: built by Tauri's bundler, checked extracted (its own Xvfb)"
# The release build needs a few GB of its own: on a tight CI disk, the debug build (its tests
# have all run by now) makes room for it.
if [ -n "${CI:-}" ] && [ "$(df -k --output=avail . | tail -1)" -lt 8000000 ]; then
  echo "-- less than 8 GB free: removing target/debug before the release build"
  rm -rf target/debug
fi
rm -f target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
bash scripts/package.sh
bash tests/package/check.sh
