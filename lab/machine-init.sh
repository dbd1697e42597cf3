#!/usr/bin/env bash
# Runs as PID 1 of a lab machine's fresh PID+mount+UTS namespaces (started by lab/boot-machine.sh
# through `unshare`), builds the machine's root file system and then becomes its systemd.
#
#   machine-init.sh NAME MACHINE_ID MOUNT_DIR CONSOLE_FILE CGROUP_LIST
#
# Everything mounted here lives in this mount namespace only (unshare made all mounts private), so
# it disappears with the machine. The host's / is the read-only lower layer of an overlay whose
# upper layer is a tmpfs: the machine can change any file without changing the host.
#
# Two rules protect the host (both were learned the hard way):
#  - systemd must never see the host's real /tmp: systemd-tmpfiles would clean it. /tmp is a tmpfs.
#  - /dev is a private tmpfs with a few device nodes bound in. Binding the host's /dev lets the
#    machine create /dev/log, /dev/initctl and gettys on the host.
set -euo pipefail

NAME=${1:?usage: machine-init.sh NAME MACHINE_ID MOUNT_DIR CONSOLE_FILE CGROUP_LIST}
MACHINE_ID=${2:?machine id missing}
MNT=${3:?mount dir missing}
CONSOLE=${4:?console file missing}
CGROUPS=${5:?cgroup list missing}
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "$$" != 1 ]; then
  echo "machine-init.sh must run as PID 1 of a new PID namespace (use lab/boot-machine.sh)" >&2
  exit 2
fi

# Host units that must not start inside a machine: services installed on the host (etcd would take
# 127.0.0.1:2379), gettys, and kernel/hardware set-up that a container cannot or must not do.
masked_units() {
  grep -v '^#' "$HERE/masked-units.txt" | tr -s ' \n' '\n' | sed '/^$/d'
}

prepare_upper_layer() {
  local upper=$1
  mkdir -p "$upper/etc/systemd/system"
  local unit
  for unit in $(masked_units); do
    ln -sf /dev/null "$upper/etc/systemd/system/$unit"
  done
  echo "$MACHINE_ID" > "$upper/etc/machine-id"
  echo "$NAME" > "$upper/etc/hostname"
}

# A minimal /dev: harmless character devices bound from the host, a console that is a plain file
# on the host, and private pts/shm instances.
populate_dev() {
  local dev=$1 node
  mount -t tmpfs -o mode=755,size=4m lab-dev "$dev"
  for node in null zero full random urandom tty; do
    touch "$dev/$node"
    mount --bind "/dev/$node" "$dev/$node"
  done
  touch "$dev/console"
  mount --bind "$CONSOLE" "$dev/console"
  mkdir -p "$dev/pts" "$dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$dev/pts"
  ln -s pts/ptmx "$dev/ptmx"
  mount -t tmpfs -o mode=1777 lab-shm "$dev/shm"
  ln -s /proc/self/fd "$dev/fd"
  ln -s /proc/self/fd/0 "$dev/stdin"
  ln -s /proc/self/fd/1 "$dev/stdout"
  ln -s /proc/self/fd/2 "$dev/stderr"
}

# Only this machine's cgroups (made by lab/cgroups.sh; this process runs in a cgroup namespace
# rooted at them), on a private tmpfs: systemd remounts /sys/fs/cgroup read-only at boot, which on
# a bind of the host's tmpfs would change the host's.
private_cgroups() {
  local fs=$1 dir name
  umount -R "$fs"   # the host's cgroup mounts, copied by the rbind of /sys (this namespace only)
  mount -t tmpfs -o mode=755 lab-cgroup "$fs"
  while read -r dir name; do
    mkdir -p "$fs/$name"
    mount --bind "$dir" "$fs/$name"
  done < "$CGROUPS"
}

# The tmpfs holding upper/work/root hides MNT's host content inside this namespace only.
mount -t tmpfs -o size=512m lab-machine "$MNT"
mkdir -p "$MNT/upper" "$MNT/work" "$MNT/root"
prepare_upper_layer "$MNT/upper"
ROOT=$MNT/root
mount -t overlay lab-root -o "lowerdir=/,upperdir=$MNT/upper,workdir=$MNT/work" "$ROOT"
populate_dev "$ROOT/dev"
mount --rbind /sys "$ROOT/sys"
private_cgroups "$ROOT/sys/fs/cgroup"
mount -t proc proc "$ROOT/proc"         # a /proc that shows this PID namespace
mount -t tmpfs -o mode=1777 lab-tmp "$ROOT/tmp"
# The work tree must be visible at its own path inside the machine (fleet.service runs its
# bin/fleetd), also when it lives under /tmp or on another filesystem than /: bind it, read-only.
REPO=$(cd "$HERE/.." && pwd)
mkdir -p "$ROOT$REPO"
mount --bind "$REPO" "$ROOT$REPO"
mount -o remount,bind,ro "$ROOT$REPO"
hostname "$NAME"

# Make the overlay the root and drop every view of the host's mount tree.
cd "$ROOT"
mkdir -p .host-root
pivot_root . .host-root
umount -l /.host-root
rmdir /.host-root 2>/dev/null || true

exec env -i container=fleet-lab PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  /lib/systemd/systemd --system --unit=multi-user.target --log-target=console --log-level=info
