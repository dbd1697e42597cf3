#!/usr/bin/env bash
# The lab's etcd: one member, or a cluster of N, on 127.0.0.1 with free ports, data inside the state dir.
#
#   etcd.sh start STATE_DIR [MEMBERS] [--tls]
#                                       starts the member(s) in the background, waits until the cluster
#                                       answers, writes etcd.env; with --tls the client URLs are https
#                                       and only certificates of a CA made for this lab get in
#   etcd.sh etcdctl STATE_DIR [ARGS...] etcdctl (v3) against the lab's etcd, with its certificates under --tls
#   etcd.sh stop STATE_DIR              stops every member (SIGTERM, then SIGKILL) and deletes the data
#   etcd.sh member STATE_DIR I kill|start|pause|resume
#                                       one member: kill -9 (its data stays), start it again on the same
#                                       ports and data, SIGSTOP, SIGCONT
#
# etcd.env: ETCD_MEMBERS, ETCD_ENDPOINT (every member's client URL, comma-separated, as etcd_servers
# takes them), ETCD_PID (member 1's, for single-member callers), and per member I: ETCD_PID_I,
# ETCD_CLIENT_I, ETCD_PEER_I; under --tls also ETCD_CAFILE, ETCD_CERTFILE, ETCD_KEYFILE (a client
# certificate of the lab's CA, as fleetd's etcd_cafile/etcd_certfile/etcd_keyfile take them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
CMD=${1:?usage: etcd.sh start|stop|member STATE_DIR ...}
STATE=${2:?usage: etcd.sh start|stop|member STATE_DIR ...}
ENV=$STATE/etcd.env

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# A random port in 20000-29999 that nothing listens on and that is not in $TAKEN.
TAKEN=" "
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 10000))
    if [[ $TAKEN != *" $p "* ]] && ! port_in_use "$p"; then
      TAKEN="$TAKEN$p "
      echo "$p"
      return
    fi
  done
  lab_die "no free port found for etcd"
}

member_name() { if [ "$(lab_env_get "$ENV" ETCD_MEMBERS)" = 1 ]; then echo lab; else echo "lab$1"; fi; }
member_data() { if [ "$(lab_env_get "$ENV" ETCD_MEMBERS)" = 1 ]; then echo "$STATE/etcd/data"; else echo "$STATE/etcd/data-$1"; fi; }

# Replaces (or adds) KEY=VALUE in etcd.env.
set_env() {
  local tmp=$ENV.tmp
  { grep -v "^$1=" "$ENV" 2>/dev/null || true; echo "$1=$2"; } > "$tmp"
  mv "$tmp" "$ENV"
}

# Starts member I from what etcd.env says about it; with existing data it rejoins as it was.
launch() {
  local i=$1 client peer cluster pid
  client=$(lab_env_get "$ENV" "ETCD_CLIENT_$i"); peer=$(lab_env_get "$ENV" "ETCD_PEER_$i")
  cluster=$(lab_env_get "$ENV" ETCD_CLUSTER)
  local tls=()
  if [ -n "$(lab_env_get "$ENV" ETCD_CAFILE)" ]; then
    # etcd 3.4 already demands a client certificate once it has a trusted CA; the flag says so
    tls=(--client-cert-auth --trusted-ca-file "$(lab_env_get "$ENV" ETCD_CAFILE)"
      --cert-file "$STATE/etcd/pki/server.crt" --key-file "$STATE/etcd/pki/server.key")
  fi
  setsid etcd "${tls[@]}" --name "$(member_name "$i")" --data-dir "$(member_data "$i")" \
    --listen-client-urls "$client" --advertise-client-urls "$client" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token fleet-lab \
    --heartbeat-interval 50 --election-timeout 500 \
    < /dev/null >> "$STATE/etcd/etcd-$i.log" 2>&1 &
  pid=$!
  set_env "ETCD_PID_$i" "$pid"
  [ "$i" = 1 ] && set_env ETCD_PID "$pid"
  return 0
}

# etcdctl (v3) against every member, with the lab's client certificate when etcd runs TLS.
lab_etcdctl() {
  local tls=()
  if [ -n "$(lab_env_get "$ENV" ETCD_CAFILE)" ]; then
    tls=(--cacert "$(lab_env_get "$ENV" ETCD_CAFILE)" --cert "$(lab_env_get "$ENV" ETCD_CERTFILE)"
      --key "$(lab_env_get "$ENV" ETCD_KEYFILE)")
  fi
  ETCDCTL_API=3 etcdctl --endpoints "$(lab_env_get "$ENV" ETCD_ENDPOINT)" "${tls[@]}" "$@"
}

# A CA, a server certificate for 127.0.0.1 and one client certificate, all for this lab only.
make_pki() {
  local dir=$STATE/etcd/pki
  command -v openssl >/dev/null || lab_die "--tls needs openssl"
  mkdir -p "$dir"; chmod 700 "$dir"
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=fleet-lab-etcd-ca \
      -keyout "$dir/ca.key" -out "$dir/ca.crt"
    openssl req -newkey rsa:2048 -nodes -subj /CN=fleet-lab-etcd -keyout "$dir/server.key" -out "$dir/server.csr"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
      -extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') -out "$dir/server.crt"
    openssl req -newkey rsa:2048 -nodes -subj /CN=fleet-lab-client -keyout "$dir/client.key" -out "$dir/client.csr"
    openssl x509 -req -in "$dir/client.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
      -extfile <(printf 'extendedKeyUsage=clientAuth\n') -out "$dir/client.crt"
  } > "$dir/openssl.log" 2>&1 || lab_die "openssl failed; see $dir/openssl.log"
  set_env ETCD_CAFILE "$dir/ca.crt"; set_env ETCD_CERTFILE "$dir/client.crt"; set_env ETCD_KEYFILE "$dir/client.key"
}

await_healthy() {
  for _ in $(seq 200); do
    if lab_etcdctl --command-timeout=1s endpoint health >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  lab_die "etcd did not become healthy within 20 s; see $STATE/etcd/etcd-*.log"
}

start() {
  local n=${1:-1} tls=${2:-} scheme=http i client peer endpoints="" cluster=""
  [[ $n =~ ^[1-9]$ ]] || lab_die "etcd members: 1 to 9, got '$n'"
  [ -z "$tls" ] || [ "$tls" = --tls ] || lab_die "etcd.sh start: unknown option '$tls' (--tls)"
  command -v etcd >/dev/null || lab_die "etcd is not installed (bin/setup installs it)"
  rm -rf "$STATE/etcd"; mkdir -p "$STATE/etcd"
  : > "$ENV"
  set_env ETCD_MEMBERS "$n"
  if [ -n "$tls" ]; then make_pki; scheme=https; fi
  for i in $(seq "$n"); do
    # the peers stay plain HTTP: they only talk to each other on the host's loopback
    client=$scheme://127.0.0.1:$(free_port); peer=http://127.0.0.1:$(free_port)
    set_env "ETCD_CLIENT_$i" "$client"; set_env "ETCD_PEER_$i" "$peer"
    endpoints=${endpoints:+$endpoints,}$client
    cluster=${cluster:+$cluster,}$(member_name "$i")=$peer
  done
  set_env ETCD_ENDPOINT "$endpoints"
  set_env ETCD_CLUSTER "$cluster"
  for i in $(seq "$n"); do launch "$i"; done
  for i in $(seq "$n"); do
    kill -0 "$(lab_env_get "$ENV" "ETCD_PID_$i")" 2>/dev/null || lab_die "etcd member $i exited at start; see $STATE/etcd/etcd-$i.log"
  done
  await_healthy
}

stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && [ "$(lab_pid_state "$pid")" != dead ] && grep -q etcd "/proc/$pid/comm" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do [ "$(lab_pid_state "$pid")" = dead ] && break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

stop() {
  [ -f "$ENV" ] || return 0
  local n i
  n=$(lab_env_get "$ENV" ETCD_MEMBERS)
  for i in $(seq "${n:-1}"); do stop_pid "$(lab_env_get "$ENV" "ETCD_PID_$i")"; done
  stop_pid "$(lab_env_get "$ENV" ETCD_PID)"
  rm -rf "$STATE/etcd" "$ENV"
}

member() {
  local i=${1:?usage: etcd.sh member STATE_DIR I kill|start|pause|resume} what=${2:-} pid
  [ -f "$ENV" ] || lab_die "no lab etcd in $STATE"
  [[ $i =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$(lab_env_get "$ENV" ETCD_MEMBERS)" ] \
    || lab_die "no etcd member '$i' (members are 1..$(lab_env_get "$ENV" ETCD_MEMBERS))"
  pid=$(lab_env_get "$ENV" "ETCD_PID_$i")
  case $what in
    kill) kill -KILL "$pid" 2>/dev/null || true
          for _ in $(seq 50); do [ "$(lab_pid_state "$pid")" = dead ] && break; sleep 0.1; done ;;
    start) [ "$(lab_pid_state "$pid")" = dead ] || lab_die "etcd member $i is running (pid $pid)"
           launch "$i" ;;
    pause) kill -STOP "$pid" ;;
    resume) kill -CONT "$pid" ;;
    *) lab_die "etcd.sh member: kill|start|pause|resume, got '$what'" ;;
  esac
}

case $CMD in
  start) start "${3:-1}" "${4:-}" ;;
  etcdctl) [ -f "$ENV" ] || lab_die "no lab etcd in $STATE"; shift 2; lab_etcdctl "$@" ;;
  stop) stop ;;
  member) member "${3:-}" "${4:-}" ;;
  *) lab_die "etcd.sh: unknown command '$CMD' (start|stop|member|etcdctl)" ;;
esac
