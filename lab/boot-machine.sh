#!/usr/bin/env bash
# Starts one lab machine and stays as its supervisor until the machine ends.
#
#   boot-machine.sh NAME STATE_DIR MACHINE_ID      (bin/fleet-lab runs it with setsid, in background)
#
# It first moves itself into the machine's own cgroups (lab/cgroups.sh), then runs `unshare` (new
# PID, mount, UTS and cgroup namespaces; all mounts private) whose child, PID 1 of
# the new namespace, is lab/machine-init.sh and then the machine's systemd. This script waits for
# `unshare`, so the process is reaped when the machine dies (kill -9 of its systemd, or down),
# and writes the exit code to machines/NAME.exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cgroups.sh"
NAME=${1:?usage: boot-machine.sh NAME STATE_DIR MACHINE_ID}
STATE=${2:?usage: boot-machine.sh NAME STATE_DIR MACHINE_ID}
MACHINE_ID=${3:?usage: boot-machine.sh NAME STATE_DIR MACHINE_ID}
DIR=$STATE/machines
mkdir -p "$DIR/$NAME/mnt"
: > "$DIR/$NAME.console"
rm -f "$DIR/$NAME.exit"
if ! lab_cgroups_create "fleet-lab-$MACHINE_ID" "$DIR/$NAME.cgroups"; then
  echo 1 > "$DIR/$NAME.exit"
  exit 1
fi

unshare --pid --fork --mount --uts --cgroup --propagation private -- \
  "$HERE/machine-init.sh" "$NAME" "$MACHINE_ID" "$DIR/$NAME/mnt" "$DIR/$NAME.console" "$DIR/$NAME.cgroups" &
echo $! > "$DIR/$NAME.unshare-pid"
wait $!
echo $? > "$DIR/$NAME.exit"
