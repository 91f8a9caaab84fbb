#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# contrib/bash-completion/scstadmin: option names, and object names read from
# a sysfs tree: a directory tree shaped like one, and a real scstfs mount
# (with-scstfs: WITH_SCSTFS and SCSTFS from the meson environment; skipped
# with a note without them).
# usage: completion.sh COMPLETION_FILE
set -u
comp=$1
fail=0

# complete WANT WORD...: COMPREPLY for the last WORD, sorted, must be WANT
complete_is() {
	local want=$1 got
	shift
	got=$(bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_scstadmin; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		sh "$comp" "$@")
	if [ "${got% }" != "$want" ]; then
		echo "FAIL '$*': got '${got% }', want '$want'"
		fail=1
	else
		echo "ok '$*' -> $want"
	fi
}

complete_is "-list_handler -list_hnd_attr" scstadmin -list_h
complete_is "--list_handler --list_hnd_attr" scstadmin --list_h
complete_is "-noprompt" scstadmin -nonkey -nop
complete_is "-no_lip -nonkey -noprompt" scstadmin -list_handler -no
complete_is "-version" pyscstadmin -v

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/scst_tgt
mkdir -p "$r/handlers/vdisk_fileio" "$r/handlers/vdisk_nullio" "$r/devices/disk1" \
	"$r/devices/disk2" "$r/targets/iscsi/iqn.2024-01.x:t1/ini_groups/hostA" \
	"$r/targets/iscsi/iqn.2024-01.x:t2" "$r/targets/copy_manager/copy_manager_tgt" \
	"$r/device_groups/dg1/target_groups/tgA"
touch "$r/targets/iscsi/enabled" "$r/devices/mgmt"
export SCST_SYSFS_ROOT=$r
complete_is "vdisk_fileio vdisk_nullio" scstadmin -open_dev d -handler v
complete_is "disk1 disk2" scstadmin -list_dev_attr ""
complete_is "copy_manager iscsi" scstadmin -set_drv_attr ""
complete_is "iqn.2024-01.x:t1 iqn.2024-01.x:t2" scstadmin -driver iscsi -enable_target i
complete_is "hostA" scstadmin -add_init i -driver iscsi -target iqn.2024-01.x:t1 -group ""
complete_is "tgA" scstadmin -add_tgrp_tgt t -dev_group dg1 -tgt_group ""

if [ -n "${WITH_SCSTFS:-}" ] && [ -n "${SCSTFS:-}" ] && [ -e /dev/fuse ] && [ "$(id -u)" = 0 ]; then
	got=$(env -u SCST_SYSFS_ROOT "$WITH_SCSTFS" bash -c '
		echo "add_device nul7" > /sys/kernel/scst_tgt/handlers/vdisk_nullio/mgmt || exit 1
		source "$1"; COMP_WORDS=(scstadmin -resync_dev nu); COMP_CWORD=2
		_scstadmin; printf "%s\n" "${COMPREPLY[@]}"' sh "$comp")
	if [ "$got" = nul7 ]; then
		echo "ok scstfs: -resync_dev nu -> nul7"
	else
		echo "FAIL scstfs: -resync_dev nu -> '$got', want nul7"
		fail=1
	fi
else
	echo "note: scstfs not available here; the scstfs mount case is skipped"
fi
exit $fail
