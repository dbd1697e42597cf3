#!/usr/bin/env bash
# Boots fleet in a lab machine from a cloud-config file, as a CoreOS host did from its user data.
#
#   apply-cloud-config.sh NAME FILE [METADATA]   (bin/fleet-lab up --cloud-config calls it)
#
# bin/cloud-config-apply (on the host) writes the files into the machine's root and prints the
# systemctl/hostname commands; this script runs them inside the machine. The lab's differences
# from a VM, all passed as arguments rather than edits of the file:
#   $public_ipv4 = $private_ipv4 = the machine's lab IP, $master_ipv4 = machine 1's IP;
#   etcd_servers = the lab's one shared etcd, and etcd-member.service is skipped (no member setup);
#   under fleet-lab up --etcd-tls, etcd_cafile/etcd_certfile/etcd_keyfile = the lab's certificates;
#   agent_ttl, engine_reconcile_interval and api_listeners as in fleet-lab's fleet.conf;
#   METADATA (from fleet-lab up --metadata) replaces the file's metadata when given;
#   a drop-in points fleet.service at this work tree's bin/fleetd instead of /opt/fleet/bin/fleetd
#   ($FLEET_LAB_FLEETD chooses another launcher), and fleet-install.service is skipped.
# With FLEET_LAB_DIST=TARBALL (from dist/build) the machine is set up as a VM would be instead: the
# tarball goes to /var/lib/fleet/fleet.tar.gz, the cloud-config's fleet-install.service unpacks it
# into /opt/fleet, and fleet.service runs /opt/fleet/bin/fleetd on the bundled Java runtime.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
NAME=${1:?usage: apply-cloud-config.sh NAME FILE [METADATA]}
FILE=${2:?usage: apply-cloud-config.sh NAME FILE [METADATA]}
METADATA=${3:-}
STATE=$(lab_state_dir)
lab_load_machine "$NAME"
[ "$(lab_pid_state "$M_PID")" = alive ] || lab_die "machine $NAME is not alive"
ENDPOINT=$(lab_env_get "$STATE/etcd.env" ETCD_ENDPOINT)
MASTER_IP=$(lab_env_get "$STATE/machines/m1.env" IP)
ROOT=/proc/$M_PID/root
DIST=${FLEET_LAB_DIST:-}
if [ -n "$DIST" ]; then
  [ -f "$DIST" ] || lab_die "FLEET_LAB_DIST: no tarball at $DIST (run dist/build)"
else
  FLEETD=$(readlink -f "${FLEET_LAB_FLEETD:-$LAB_REPO/bin/fleetd}")
  [ -x "$FLEETD" ] || lab_die "no fleetd launcher at $FLEETD"
fi

args=(apply --root "$ROOT" --file "$FILE"
  --var "public_ipv4=$M_IP" --var "private_ipv4=$M_IP" --var "master_ipv4=${MASTER_IP:-$M_IP}"
  --skip-unit etcd-member.service
  --fleet "etcd_servers=$ENDPOINT" --fleet "agent_ttl=${FLEET_LAB_AGENT_TTL:-5s}"
  --fleet engine_reconcile_interval=1 --fleet "api_listeners=$M_IP:49153" --fleet api_insecure_loopback=true)
[ -n "$METADATA" ] && args+=(--fleet "metadata=$METADATA")
while read -r option; do args+=(--fleet "$option"); done < <(lab_etcd_tls_options)
[ -n "$DIST" ] || args+=(--skip-unit fleet-install.service)
COMMANDS=$STATE/machines/$NAME/cloud-config.commands
mkdir -p "$STATE/machines/$NAME"
"$LAB_REPO/bin/cloud-config-apply" "${args[@]}" > "$COMMANDS" 2> "$STATE/machines/$NAME/cloud-config.log" \
  || lab_die "cloud-config for $NAME refused: $(tail -n 1 "$STATE/machines/$NAME/cloud-config.log")"

if [ -n "$DIST" ]; then
  # what a provisioner does on a VM: leave the tarball where fleet-install.service looks
  install -D -m 0644 "$DIST" "$ROOT/var/lib/fleet/fleet.tar.gz"
else
  # the overlay shows the work tree: run its fleetd rather than the distribution's /opt/fleet
  mkdir -p "$ROOT/etc/systemd/system/fleet.service.d"
  cat > "$ROOT/etc/systemd/system/fleet.service.d/30-lab.conf" <<UNIT
[Service]
ExecStart=
ExecStart=$FLEETD
UNIT
fi

# every word was checked by the applier to be [A-Za-z0-9@._:-], so splitting on spaces is safe
while read -r -a cmd; do
  [ ${#cmd[@]} -gt 0 ] || continue
  out=$(lab_nsenter "$M_PID" "${cmd[@]}" 2>&1) || lab_die "$NAME: '${cmd[*]}' failed: $out"
done < "$COMMANDS"

# keep the machine's record true: the cloud-config may set the host name and the metadata
ENV=$STATE/machines/$NAME.env
HOST=$(lab_nsenter "$M_PID" hostname)
META=$(sed -n 's/^Environment="FLEET_METADATA=\(.*\)"$/\1/p' "$ROOT/run/systemd/system/fleet.service.d/20-cloudinit.conf" 2>/dev/null | tail -n 1)
sed -e "s/^HOSTNAME=.*/HOSTNAME=$HOST/" -e "s|^METADATA=.*|METADATA=$META|" "$ENV" > "$ENV.tmp" && mv "$ENV.tmp" "$ENV"
