#!/usr/bin/env bash
# The main job on the embedded example, end to end against scstfs (the SCST
# sysfs emulator) mounted on a temporary directory:
#   1. check examples/scst.conf;
#   2. create the backing files it names under /tmp/targetkit-demo/
#      (blk01.img is presented to vdisk_blockio as a block device);
#   3. mount scstfs (mktemp -d, control socket inside) and apply the file:
#      SCST_SYSFS_ROOT=$mnt scstadmin -config examples/scst.conf -noprompt;
#   4. list the targets (scstadmin -list_target);
#   5. save the running configuration (scstadmin -write_config) and print it;
#   6. apply again: "Done, 0 change(s) made." and no write reached scstfs;
#   7. unmount and clean up on every way out (trap).
# usage: scripts/demo.sh [BUILDDIR]   (default build; needs root and /dev/fuse)
set -eu
cd "$(dirname "$0")/.."
b=$(realpath "${1:-build}")
adm=$b/tools/scstadmin/scstadmin
scstfs=$b/emu/scstfs/scstfs
ctl_bin=$b/emu/scstfs/scstfs-ctl
conf=examples/scst.conf
data=/tmp/targetkit-demo

tmp=$(mktemp -d /tmp/targetkit-demo-mnt.XXXXXX)
mnt=$tmp/mnt
sock=$tmp/ctl.sock
fs_pid=
cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$fs_pid" ]; then
		kill -TERM "$fs_pid" 2>/dev/null || true
		wait "$fs_pid" 2>/dev/null || true
	fi
	if mountpoint -q "$mnt" 2>/dev/null; then
		fusermount3 -uz "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
	fi
	rm -rf "$tmp" "$data"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

step() { printf '\n==== %s\n' "$*"; }

step "scstadmin -check_config $conf"
"$adm" -check_config "$conf"

step "backing files under $data"
mkdir -p "$data"
for f in disk01 disk02 blk01; do
	truncate -s 64M "$data/$f.img"
done
ls -l "$data"

step "scstfs mounted at $mnt"
mkdir "$mnt"
"$scstfs" -f --ctl "$sock" --fake-file "$data/blk01.img=64M:block" "$mnt" &
fs_pid=$!
for _ in $(seq 200); do
	mountpoint -q "$mnt" && [ -S "$sock" ] && break
	kill -0 "$fs_pid" 2>/dev/null || { echo "scstfs failed to start" >&2; exit 1; }
	sleep 0.05
done
mountpoint -q "$mnt" || { echo "scstfs did not mount $mnt" >&2; exit 1; }
export SCST_SYSFS_ROOT=$mnt

step "SCST_SYSFS_ROOT=$mnt scstadmin -config $conf -noprompt"
"$adm" -config "$conf" -noprompt

step "scstadmin -list_target"
"$adm" -list_target

step "scstadmin -write_config (the running configuration)"
"$adm" -write_config "$tmp/running.conf"
cat "$tmp/running.conf"

step "re-apply: nothing to do, no write reaches the kernel"
"$ctl_bin" "$sock" counters-reset
"$adm" -config "$conf" -noprompt
echo "scstfs writes: $("$ctl_bin" "$sock" writes-total)"
