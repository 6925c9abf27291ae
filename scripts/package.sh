#!/usr/bin/env bash
# Builds the installable packages with Tauri's bundler (the CLI from npm, locked in
# ui/package-lock.json), offline: target/release/bundle/deb/*.deb and rpm/*.rpm. The
# binary carries everything (fonts, sounds, plans, the default programme); the package
# adds a desktop entry with the icon and puts the CLI on the PATH (/usr/bin/bluehats-kiosk).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/apt-need.sh
apt_need libwebkit2gtk-4.1-dev build-essential libssl-dev librsvg2-dev libxdo-dev libasound2-dev file rpm
export PATH="$HOME/.cargo/bin:$PATH"

echo "== npm: the UI and Tauri's CLI (locked)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)

echo "== tauri build: release binary, .deb and .rpm"
ui/node_modules/.bin/tauri build --bundles deb,rpm -- --locked
ls -1 target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
