# Per-machine cgroups (sourced by boot-machine.sh and bin/fleet-lab).
#
# Without them a machine's systemd works in the host's cgroup hierarchies: every machine would put
# its units in the same /system.slice/<unit> cgroups (so one machine would see another's processes
# in "its" unit), leave those cgroups on the host, and remount the host's /sys/fs/cgroup read-only
# (systemd does that to its cgroup tmpfs at boot). So each machine gets a child cgroup of the
# supervisor's own cgroup in every mounted hierarchy, runs in a cgroup namespace rooted there, and
# sees only those cgroups, bound into a private /sys/fs/cgroup tmpfs (see machine-init.sh).
#
# machines/NAME.cgroups lists them, one "HOST_DIR MOUNT_NAME" per line (e.g.
# "/sys/fs/cgroup/memory/x/fleet-lab-<id> memory"); down removes them after the machine is gone.

# Prints "MOUNTPOINT MOUNT_ROOT FSTYPE SUPER_OPTIONS" for each cgroup mount under /sys/fs/cgroup.
lab_cgroup_mounts() {
  awk '{ for (i = 7; $i != "-"; i++) ; fs = $(i + 1); opts = $(i + 3)
         if ((fs == "cgroup" || fs == "cgroup2") && $5 ~ "^/sys/fs/cgroup/") print $5, $4, fs, opts }' \
    /proc/self/mountinfo
}

# The calling process's cgroup path in the hierarchy mounted with these type and options.
lab_current_cgroup() {
  local fstype=$1 opts=$2 id ctrls path c ok
  while IFS=: read -r id ctrls path; do
    if [ "$fstype" = cgroup2 ]; then
      [ -z "$ctrls" ] && { echo "$path"; return; }
      continue
    fi
    [ -n "$ctrls" ] || continue
    ok=1
    for c in ${ctrls//,/ }; do [[ ,$opts, == *",$c,"* ]] || ok=0; done
    [ "$ok" = 1 ] && { echo "$path"; return; }
  done < /proc/self/cgroup
  echo /
}

# Creates the machine's cgroups, moves the calling shell into them and lists them in $2.
lab_cgroups_create() {
  local tag=$1 list=$2 mnt root fstype opts cur dir
  : > "$list"
  while read -r mnt root fstype opts; do
    cur=$(lab_current_cgroup "$fstype" "$opts")
    cur=${cur#"${root%/}"}
    dir=${mnt}${cur%/}/$tag
    mkdir -p "$dir"
    if [[ ,$opts, == *,cpuset,* ]]; then
      # a v1 cpuset cgroup takes no process until it has CPUs and memory nodes
      cat "$(dirname "$dir")/cpuset.cpus" > "$dir/cpuset.cpus"
      cat "$(dirname "$dir")/cpuset.mems" > "$dir/cpuset.mems"
    fi
    echo "$dir ${mnt#/sys/fs/cgroup/}" >> "$list"
    echo $$ > "$dir/cgroup.procs"
  done < <(lab_cgroup_mounts)
}

# Removes the cgroups listed in $1 (deepest first; they must be empty). Returns 1 if some remain.
lab_cgroups_remove() {
  local list=$1 dir _ left=0
  [ -f "$list" ] || return 0
  while read -r dir _; do
    [ -d "$dir" ] || continue
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
      [ -d "$dir" ] || break
      sleep 0.1
    done
    [ -d "$dir" ] && { echo "fleet-lab: cgroup $dir could not be removed" >&2; left=1; }
  done < "$list"
  [ "$left" = 0 ] && rm -f "$list"
  return "$left"
}
