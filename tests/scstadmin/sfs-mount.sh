# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the shell tests of tests/scstadmin: mount a fresh scstfs.
# Source it, then:
#
#   sfs_require              exit 77 (skip) without $SCSTFS, /dev/fuse or root
#   sfs_mount NAME [OPT...]  mount scstfs with OPTs on $tmp/mnt, where $tmp is a
#                            new /tmp/NAME.XXXXXX; sets tmp, mnt, sock (control
#                            socket), fs_pid; exports SCST_SYSFS_ROOT; an EXIT
#                            trap unmounts and removes $tmp.  Exits 1 when the
#                            mount does not come up within 5 s.

sfs_require() {
	[ -n "${SCSTFS:-}" ] && [ -x "$SCSTFS" ] || { echo "SKIP: no scstfs"; exit 77; }
	[ -e /dev/fuse ] && [ "$(id -u)" = 0 ] || { echo "SKIP: needs root and /dev/fuse"; exit 77; }
}

sfs_cleanup() {
	kill "$fs_pid" 2>/dev/null
	wait "$fs_pid" 2>/dev/null
	mountpoint -q "$mnt" && fusermount3 -uz "$mnt" 2>/dev/null
	rm -rf "$tmp"
}

sfs_mount() {
	local name=$1 i
	shift
	tmp=$(mktemp -d "/tmp/$name.XXXXXX")
	mnt=$tmp/mnt sock=$tmp/ctl.sock
	mkdir "$mnt"
	"$SCSTFS" -f --ctl "$sock" "$@" "$mnt" 2>"$tmp/scstfs.log" &
	fs_pid=$!
	trap sfs_cleanup EXIT
	for i in $(seq 100); do
		mountpoint -q "$mnt" && [ -S "$sock" ] && break
		sleep 0.05
	done
	mountpoint -q "$mnt" || { echo "FAIL: scstfs did not mount"; exit 1; }
	export SCST_SYSFS_ROOT=$mnt
}
