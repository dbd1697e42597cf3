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
if ! ls "$LAB_REPO"/fleetd/target/fleetd-*.jar >/dev/null 2>&1 || [ ! -d "$LAB_REPO/fleetd/target/lib" ]; then
  lab_die "fleetd is not built (fleet-lab up --with-fleetd builds it first; or: mvn -DskipTests package)"
fi
[ "$(lab_pid_state "$M_PID")" = alive ] || lab_die "machine $NAME is not alive"

ROOT=/proc/$M_PID/root
CONF=$STATE/machines/$NAME/fleet.conf
[ -f "$CONF" ] || lab_die "missing $CONF (written by fleet-lab up)"
mkdir -p "$ROOT/etc/fleet"
cp "$CONF" "$ROOT/etc/fleet/fleet.conf"

# the shipped unit, with a drop-in pointing it at this work tree's fleetd
cp "$LAB_REPO/fleetd/dist/fleet.service" "$ROOT/etc/systemd/system/fleet.service"
mkdir -p "$ROOT/etc/systemd/system/fleet.service.d"
cat > "$ROOT/etc/systemd/system/fleet.service.d/lab.conf" <<UNIT
[Service]
ExecStart=
ExecStart=$FLEETD --config /etc/fleet/fleet.conf
UNIT

lab_nsenter "$M_PID" systemctl daemon-reload
lab_nsenter "$M_PID" systemctl enable --now fleet.service >/dev/null 2>&1 || lab_nsenter "$M_PID" systemctl start fleet.service
