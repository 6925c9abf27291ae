#!/usr/bin/env bash
# Runs BlueHats Kiosk with the BlueHats day 2021, 300 invented attendees, and the day
# replayed five times faster from 9:25, so the signage lives at once.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES=(libwebkit2gtk-4.1-dev build-essential libssl-dev librsvg2-dev libxdo-dev libasound2-dev file)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
cargo build --release --locked --bin bluehats-kiosk
exec target/release/bluehats-kiosk --data "${KIOSK_DATA:-./kiosk-data}" --demo \
  --rehearsal 2021-11-09T09:25:00+01:00 --speed 5 "$@"
