#!/usr/bin/env bash
# Runs the work tree's fleetd inside a lab machine as fleet.service.
#
#   start-fleetd.sh NAME      (bin/fleet-lab up --with-fleetd calls it for every machine)
#
# The machine sees the host's files through its overlay, so <repo>/bin/fleetd works inside it.
# Installs machines/NAME/fleet.conf as the machine's /etc/fleet/fleet.conf, writes fleet.service
# into the machine's /etc/systemd/system, reloads systemd and starts the service.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
NAME=${1:?usage: start-fleetd.sh NAME}
STATE=$(lab_state_dir)
lab_load_machine "$NAME"

FLEETD=$LAB_REPO/bin/fleetd
if [ ! -x "$FLEETD" ] || [ ! -f "$LAB_REPO/fleetd/src/main/java/fleet/fleetd/Main.java" ]; then
  lab_die "fleetd is not built yet (need bin/fleetd and fleet.fleetd.Main)"
fi
[ "$(lab_pid_state "$M_PID")" = alive ] || lab_die "machine $NAME is not alive"

ROOT=/proc/$M_PID/root
CONF=$STATE/machines/$NAME/fleet.conf
[ -f "$CONF" ] || lab_die "missing $CONF (written by fleet-lab up)"
mkdir -p "$ROOT/etc/fleet"
cp "$CONF" "$ROOT/etc/fleet/fleet.conf"

cat > "$ROOT/etc/systemd/system/fleet.service" <<UNIT
[Unit]
Description=fleet daemon (lab machine $NAME)
After=dbus.service

[Service]
ExecStart=$FLEETD --config /etc/fleet/fleet.conf
Restart=on-failure
RestartSec=1
UNIT

lab_nsenter "$M_PID" systemctl daemon-reload
lab_nsenter "$M_PID" systemctl start fleet.service
