# Helpers shared by bin/fleet-lab and lab/*.sh (sourced, not run).
#
# State dir layout (default <repo>/.lab, or $FLEET_LAB_DIR, or --state DIR):
#   etcd.env                 ETCD_MEMBERS, ETCD_ENDPOINT, ETCD_PID and per member ETCD_{PID,CLIENT,PEER}_I (lab/etcd.sh);
#                            ETCD_{CAFILE,CERTFILE,KEYFILE} when etcd runs TLS (up --etcd-tls)
#   etcd/                    the members' data dirs and logs; etcd/pki/ the lab's CA and certificates (--tls)
#   machines/NAME.env        one machine: NAME PID SUPERVISOR_PID UNSHARE_PID IP BUS ROOT PIDNS
#                            METADATA MACHINE_ID HOSTNAME BOOT_MS (the scripts' own; Java reads
#                            `fleet-lab status` instead, see fleet.testing.LabStatus)
#   machines/NAME.console    the machine's console (systemd's log)
#   machines/NAME/fleet.conf the fleet.conf that lab/start-fleetd.sh installs in the machine
#   machines/NAME/cloud-config.{commands,log}  what lab/apply-cloud-config.sh ran (up --cloud-config)
#   machines/NAME/mnt/       mount point of the machine's tmpfs, visible only inside the machine

LAB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

lab_die() { echo "fleet-lab: $*" >&2; exit 1; }

# Absolute state dir; does not create it.
lab_state_dir() {
  local dir=${LAB_STATE:-${FLEET_LAB_DIR:-$LAB_REPO/.lab}}
  case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
  echo "${dir%/}"
}

lab_valid_name() { [[ $1 =~ ^m[0-9]+$ ]]; }

# Reads machines/NAME.env into M_<KEY> variables (no `source`: values are data, not code).
lab_load_machine() {
  local name=$1 file key value
  lab_valid_name "$name" || lab_die "no such machine '$name' (machines are named m1, m2, ...)"
  file=$(lab_state_dir)/machines/$name.env
  [ -f "$file" ] || lab_die "machine $name is not in the lab at $(lab_state_dir) (run: fleet-lab up)"
  while IFS='=' read -r key value; do
    [[ $key =~ ^[A-Z_]+$ ]] && printf -v "M_$key" '%s' "$value"
  done < "$file"
}

# Reads a KEY from a KEY=VALUE file.
lab_env_get() {
  sed -n "s/^$2=//p" "$1" 2>/dev/null | tail -n 1
}

lab_machine_names() {
  local f
  for f in "$(lab_state_dir)"/machines/m*.env; do
    [ -e "$f" ] && basename "$f" .env
  done | sort -V
}

# alive | frozen | dead, for a host pid (frozen = stopped by SIGSTOP).
lab_pid_state() {
  local pid=$1 st
  st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null) || true
  case $st in
    "" | Z | X) echo dead ;;
    T | t) echo frozen ;;
    *) echo alive ;;
  esac
}

# Host pids of every process in the PID namespace whose init is host pid $1 (itself included).
# A machine's PID namespace is identified by its inode link, e.g. pid:[4026532301].
lab_ns_members() {
  local init=$1 ns p
  ns=$(readlink "/proc/$init/ns/pid" 2>/dev/null) || return 0
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"
  done
  return 0
}

# Runs a command inside a machine (its mount, PID and UTS namespaces).
lab_nsenter() {
  local pid=$1; shift
  nsenter -t "$pid" -m -p -u -C -- "$@"
}

lab_now_ms() { date +%s%3N; }

# Where a machine of a TLS lab etcd (fleet-lab up --etcd-tls) holds the lab's CA and client
# certificate: copied in at boot, as a host would have its own files (a machine's /tmp is private).
LAB_ETCD_TLS_DIR=/etc/fleet/etcd

# KEY=VALUE lines of fleet's etcd TLS options for a machine; nothing for a plain HTTP etcd.
lab_etcd_tls_options() {
  [ -n "$(lab_env_get "$(lab_state_dir)/etcd.env" ETCD_CAFILE)" ] || return 0
  echo "etcd_cafile=$LAB_ETCD_TLS_DIR/ca.crt"
  echo "etcd_certfile=$LAB_ETCD_TLS_DIR/client.crt"
  echo "etcd_keyfile=$LAB_ETCD_TLS_DIR/client.key"
}

# Copies the CA and client certificate into the root of the machine with host pid $1 (TLS etcd only).
lab_install_etcd_tls() {
  local env ca
  env=$(lab_state_dir)/etcd.env
  ca=$(lab_env_get "$env" ETCD_CAFILE)
  [ -n "$ca" ] || return 0
  install -D -m 0644 "$ca" "/proc/$1/root$LAB_ETCD_TLS_DIR/ca.crt"
  install -D -m 0644 "$(lab_env_get "$env" ETCD_CERTFILE)" "/proc/$1/root$LAB_ETCD_TLS_DIR/client.crt"
  install -D -m 0600 "$(lab_env_get "$env" ETCD_KEYFILE)" "/proc/$1/root$LAB_ETCD_TLS_DIR/client.key"
}
