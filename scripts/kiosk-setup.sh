#!/usr/bin/env bash
# Sets up this machine, for its user, as a kiosk of the venue: the app opens at login.
#   bash scripts/kiosk-setup.sh desk    [--data DIR]                 the desk window at login
#   bash scripts/kiosk-setup.sh signage [--data DIR] [--monitor N]   the signage only,
#        fullscreen on monitor N, and the screen never blanks nor sleeps
# Writes an XDG autostart entry (~/.config/autostart/, read by GNOME, KDE, Xfce, LXQt…)
# and, for sessions without one, a systemd user unit (enable it with
# `systemctl --user enable bluehats-kiosk-<role>`). Join the hub first (scan its pairing QR,
# or `bluehats-kiosk join …`): a joined screen opens the signage only by itself.
set -euo pipefail
role="${1:-}"
shift || true
data="" monitor=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --monitor) monitor="$2"; shift 2 ;;
    *) echo "option inconnue / unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$role" in
  desk) args="--signage off" ;;
  signage) args="--signage-only${monitor:+ --signage-monitor $monitor}" ;;
  *) echo "usage: kiosk-setup.sh desk|signage [--data DIR] [--monitor N]" >&2; exit 2 ;;
esac
bin="$(command -v bluehats-kiosk || true)"
[ -n "$bin" ] || bin="/usr/bin/bluehats-kiosk"
[ -n "$data" ] && args="--data $data $args"
# What runs at login: a small launcher (an Exec line is not a shell: the signage's
# no-blanking commands go in the launcher).
launcher="$HOME/.local/bin/bluehats-kiosk-$role"
mkdir -p "$(dirname "$launcher")"
{
  echo "#!/bin/sh"
  if [ "$role" = signage ]; then
    echo "# No screensaver, no DPMS: the signage stays lit all day (X11; GNOME's settings too)."
    echo "xset s off -dpms s noblank 2>/dev/null"
    echo "gsettings set org.gnome.desktop.session idle-delay 0 2>/dev/null"
    echo "gsettings set org.gnome.desktop.screensaver lock-enabled false 2>/dev/null"
  fi
  echo "exec $bin $args"
} > "$launcher"
chmod +x "$launcher"
exec_line="$launcher"

autostart="${XDG_CONFIG_HOME:-$HOME/.config}/autostart"
mkdir -p "$autostart"
cat > "$autostart/bluehats-kiosk-$role.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=BlueHats Kiosk ($role)
Comment=Opens the BlueHats Kiosk $role at login
Exec=$exec_line
Icon=bluehats-kiosk
Terminal=false
X-GNOME-Autostart-enabled=true
DESKTOP

units="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
mkdir -p "$units"
cat > "$units/bluehats-kiosk-$role.service" <<UNIT
[Unit]
Description=BlueHats Kiosk ($role)
PartOf=graphical-session.target
After=graphical-session.target

[Service]
ExecStart=$exec_line
Restart=on-failure
RestartSec=3

[Install]
WantedBy=graphical-session.target
UNIT
echo "$autostart/bluehats-kiosk-$role.desktop"
echo "$units/bluehats-kiosk-$role.service"
