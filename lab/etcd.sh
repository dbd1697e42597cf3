#!/usr/bin/env bash
# The lab's etcd: one real member on 127.0.0.1, free ports, data inside the state dir.
#
#   etcd.sh start STATE_DIR   starts it in the background, waits until it answers, writes etcd.env
#   etcd.sh stop STATE_DIR    stops it (SIGTERM, then SIGKILL) and deletes its data
set -euo pipefail
. "$(dirname "$0")/lib.sh"
CMD=${1:?usage: etcd.sh start|stop STATE_DIR}
STATE=${2:?usage: etcd.sh start|stop STATE_DIR}
ENV=$STATE/etcd.env

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# A random port in 20000-29999 that nothing listens on (and differs from $1, if given).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 10000))
    [ "$p" != "${1:-}" ] && ! port_in_use "$p" && { echo "$p"; return; }
  done
  lab_die "no free port found for etcd"
}

start() {
  local client peer data pid
  command -v etcd >/dev/null || lab_die "etcd is not installed (bin/setup installs it)"
  client=$(free_port); peer=$(free_port "$client")
  data=$STATE/etcd/data
  rm -rf "$data"; mkdir -p "$STATE/etcd"
  setsid etcd --name lab --data-dir "$data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "lab=http://127.0.0.1:$peer" --initial-cluster-state new \
    --heartbeat-interval 50 --election-timeout 500 \
    < /dev/null > "$STATE/etcd/etcd.log" 2>&1 &
  pid=$!
  printf 'ETCD_PID=%s\nETCD_ENDPOINT=%s\nETCD_PEER=%s\nETCD_DATA=%s\n' \
    "$pid" "http://127.0.0.1:$client" "http://127.0.0.1:$peer" "$data" > "$ENV"
  for _ in $(seq 200); do
    kill -0 "$pid" 2>/dev/null || lab_die "etcd exited at start; see $STATE/etcd/etcd.log"
    if ETCDCTL_API=3 etcdctl --endpoints "http://127.0.0.1:$client" --command-timeout=1s \
         endpoint health >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  lab_die "etcd did not become healthy within 20 s; see $STATE/etcd/etcd.log"
}

stop() {
  [ -f "$ENV" ] || return 0
  local pid
  pid=$(lab_env_get "$ENV" ETCD_PID)
  if [ -n "$pid" ] && [ "$(lab_pid_state "$pid")" != dead ] && grep -q etcd "/proc/$pid/comm" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do [ "$(lab_pid_state "$pid")" = dead ] && break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$STATE/etcd" "$ENV"
}

case $CMD in
  start) start ;;
  stop) stop ;;
  *) lab_die "etcd.sh: unknown command '$CMD' (start|stop)" ;;
esac
