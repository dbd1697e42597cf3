#!/usr/bin/env bash
# Network faults for one lab machine (bin/fleet-lab partition|heal|netem calls it).
#
#   net.sh partition STATE_DIR NAME [etcd]   cut the machine off from everything (or only from etcd)
#   net.sh netem STATE_DIR NAME [delay T] [loss P%]   what the machine sends is delayed (tc netem) or dropped
#   net.sh heal STATE_DIR NAME               undo both for the machine
#   net.sh clear STATE_DIR                   undo everything of this lab (fleet-lab down)
#
# Lab machines share the host's network namespace (each has a loopback address), so a fault cannot
# be a cut cable. It is an nftables rule in the output hook that matches the packets by the cgroup
# (v2) of the socket that sends them: every process of a machine, fleetd and its units alike, lives
# in the machine's own cgroup (lab/cgroups.sh), and so does every socket it opens or accepts. A
# partitioned machine's packets go nowhere but to its own address, and nobody's packets reach its
# address; a partition from etcd drops its packets to the etcd members' client ports. All traffic
# stays on loopback. Loss is an nftables rule too (a random share of the machine's packets dropped);
# delay marks the machine's packets into a netem class of lo's qdisc, one machine per host at a time,
# and needs a kernel with the netem and prio qdiscs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
CMD=${1:?usage: net.sh partition|netem|heal|clear STATE_DIR ...}
STATE=${2:?usage: net.sh partition|netem|heal|clear STATE_DIR ...}
export LAB_STATE=$STATE
TABLE=fleetlab_$(echo -n "$STATE" | sha1sum | cut -c1-10)
MARK=0x464c   # "FL"

command -v nft >/dev/null || lab_die "nft is not installed (bin/setup installs nftables)"

ensure_table() {
  nft list table inet "$TABLE" >/dev/null 2>&1 && return 0
  nft add table inet "$TABLE"
  nft add chain inet "$TABLE" out '{ type filter hook output priority 0; policy accept; }'
}

# Sets C_PATH (the machine's cgroup v2 path as nft names it, e.g. unified/fleet-lab-<id>) and C_LEVEL.
machine_cgroup() {
  local name=$1 dir mount rel
  dir=$(awk '$2 == "unified" || $2 == "cgroup2" { print $1; exit }' "$STATE/machines/$name.cgroups" 2>/dev/null)
  [ -n "$dir" ] || lab_die "machine $name has no cgroup v2 directory in $STATE/machines/$name.cgroups"
  rel=${dir#/sys/fs/cgroup/}
  C_PATH=$rel
  # the level counts from the cgroup v2 root, which is /sys/fs/cgroup/unified on a hybrid host
  mount=$(awk '$2 == "unified" { print "unified/" } $2 == "cgroup2" { print "" }' "$STATE/machines/$name.cgroups" | head -n 1)
  rel=${rel#"$mount"}
  C_LEVEL=$(awk -F/ '{ print NF }' <<< "$rel")
}

rule() { nft add rule inet "$TABLE" out "$@"; }

partition() {
  local name=$1 scope=${2:-all} ip ports i
  lab_load_machine "$name"; ip=$M_IP
  machine_cgroup "$name"
  ensure_table
  heal "$name" quiet
  if [ "$scope" = etcd ]; then
    ports=""
    for i in $(seq "$(lab_env_get "$STATE/etcd.env" ETCD_MEMBERS)"); do
      ports=${ports:+$ports, }$(lab_env_get "$STATE/etcd.env" "ETCD_CLIENT_$i" | sed 's/.*://')
    done
    rule socket cgroupv2 level "$C_LEVEL" "\"$C_PATH\"" tcp dport "{ $ports }" drop comment "\"$name\""
    echo "$name is cut off from etcd (ports $ports)"
  else
    rule socket cgroupv2 level "$C_LEVEL" "\"$C_PATH\"" ip daddr "$ip" accept comment "\"$name\""
    rule socket cgroupv2 level "$C_LEVEL" "\"$C_PATH\"" drop comment "\"$name\""
    rule ip daddr "$ip" drop comment "\"$name\""
    echo "$name ($ip) is cut off from etcd, the other machines and the host"
  fi
}

netem() {
  local name=$1 delay="" loss="" pct; shift
  while [ $# -gt 0 ]; do
    case $1 in
      delay) delay=${2:?netem: delay needs a time, e.g. 200ms}; shift 2 ;;
      loss) loss=${2:?netem: loss needs a percentage, e.g. 10%}; shift 2 ;;
      *) lab_die "netem: delay TIME and/or loss PERCENT, got '$1'" ;;
    esac
  done
  [ -n "$delay$loss" ] || lab_die "netem: give delay TIME and/or loss PERCENT, e.g. loss 10%"
  lab_load_machine "$name"
  machine_cgroup "$name"
  ensure_table
  heal "$name" quiet
  if [ -n "$delay" ]; then
    # delay needs the kernel's netem qdisc (CONFIG_NET_SCH_NETEM) and a prio qdisc on lo to steer into it
    if tc qdisc show dev lo | grep -q "qdisc prio 464c:"; then
      lab_die "netem delay is already applied to a lab machine on this host (fleet-lab heal it first)"
    fi
    tc qdisc add dev lo root handle 464c: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 2>/dev/null \
      && tc qdisc add dev lo parent 464c:4 handle 464d: netem delay "$delay" 2>/dev/null \
      || { tc qdisc del dev lo root handle 464c: 2>/dev/null || true
           lab_die "netem delay: this kernel has no netem or prio qdisc (CONFIG_NET_SCH_NETEM, CONFIG_NET_SCH_PRIO); loss works without them"; }
    tc filter add dev lo parent 464c: protocol ip handle "$MARK" fw flowid 464c:4
    rule socket cgroupv2 level "$C_LEVEL" "\"$C_PATH\"" meta mark set "$MARK" comment "\"netem $name\""
  fi
  if [ -n "$loss" ]; then
    pct=${loss%\%}
    [[ $pct =~ ^[0-9]{1,2}$ ]] || lab_die "netem: loss must be 0% to 99%, got '$loss'"
    rule socket cgroupv2 level "$C_LEVEL" "\"$C_PATH\"" numgen random mod 100 "<" "$pct" drop comment "\"netem $name\""
  fi
  echo "$name sends with${delay:+ delay $delay}${loss:+ loss $loss}"
}

# Deletes the rules commented NAME (partition) and "netem NAME" (and lo's netem qdisc with them).
heal() {
  local name=$1 quiet=${2:-} handle had_netem=0
  if nft list table inet "$TABLE" >/dev/null 2>&1; then
    while read -r handle; do
      nft delete rule inet "$TABLE" out handle "$handle"
    done < <(nft -a list chain inet "$TABLE" out | sed -n "s/.*comment \"$name\" # handle \([0-9]*\)$/\1/p")
    while read -r handle; do
      had_netem=1
      nft delete rule inet "$TABLE" out handle "$handle"
    done < <(nft -a list chain inet "$TABLE" out | sed -n "s/.*comment \"netem $name\" # handle \([0-9]*\)$/\1/p")
  fi
  if [ "$had_netem" = 1 ]; then
    tc qdisc del dev lo root handle 464c: 2>/dev/null || true
  fi
  [ -n "$quiet" ] || echo "$name is connected again"
}

clear_all() {
  if nft list table inet "$TABLE" 2>/dev/null | grep -q 'comment "netem '; then
    tc qdisc del dev lo root handle 464c: 2>/dev/null || true
  fi
  nft delete table inet "$TABLE" 2>/dev/null || true
}

case $CMD in
  partition) partition "${3:?usage: net.sh partition STATE_DIR NAME [etcd]}" "${4:-all}" ;;
  netem) name=${3:?usage: net.sh netem STATE_DIR NAME ARGS...}; shift 3; netem "$name" "$@" ;;
  heal) heal "${3:?usage: net.sh heal STATE_DIR NAME}" ;;
  clear) clear_all ;;
  *) lab_die "net.sh: unknown command '$CMD' (partition|netem|heal|clear)" ;;
esac
