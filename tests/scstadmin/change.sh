#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scstadmin's single-change commands (-add_lun, -set_dev_attr, -rem_target,
# ...; spec scstadmin.md §2.2, §7 items 30-45) against a fresh scstfs mount
# per GROUP (dev, tgt, lun, alua): exact output (tests/data/change/NAME.out,
# mount path shown as ROOT, pids as PID), the sysfs state read back, and
# scstfs's write counts.  Cases of a group run in order on one mount.
#
# usage: change.sh SCSTADMIN DATA_DIR GROUP   (env: SCSTFS, SCSTFS_CTL_BIN)
# UPDATE=1 rewrites the expected files.  Exits 77 without scstfs, /dev/fuse
# or root.
set -u
adm=$(realpath "$1") data=$2 group=$3
. "$(dirname "$0")/sfs-mount.sh"
sfs_require
fail=0
sfs_mount change-test --fake-file /srv/c0.img=1M --fake-file /srv/c1.img=1M \
	--qla-wwn 50:01:43:80:12:34:56:78

ctl() { "$SCSTFS_CTL_BIN" "$sock" "$@"; }
bad() { echo "FAIL $*"; fail=1; }

# run NAME RC [STDIN] -- ARGS: scstadmin ARGS with STDIN, exit RC, stdout = NAME.out;
# the writes it made are in $writes afterwards
run() {
	local name=$1 rc_want=$2 in="" rc
	shift 2
	[ "$1" != -- ] && { in=$1; shift; }
	shift
	ctl counters-reset >/dev/null
	printf '%s' "$in" | "$adm" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	writes=$(ctl writes-total)
	sed -i -e "s#$mnt#ROOT#g" -e 's/DBG([0-9]*)/DBG(PID)/g' "$tmp/out"
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$data/$name.out"
	fi
	if [ "$rc" != "$rc_want" ]; then
		bad "$name: exit $rc, want $rc_want"; cat "$tmp/out" "$tmp/err"; return
	fi
	if ! diff -u "$data/$name.out" "$tmp/out"; then
		bad "$name: output differs"; return
	fi
	echo "ok $name"
}
# want_writes NAME N
want_writes() { [ "$writes" = "$2" ] || bad "$1: $writes writes, want $2"; }
# exists / absent PATH (relative to the mount)
exists() { [ -e "$mnt/$1" ] || [ -L "$mnt/$1" ] || bad "missing $1"; }
absent() { [ ! -e "$mnt/$1" ] && [ ! -L "$mnt/$1" ] || bad "still there: $1"; }
val() { head -n1 "$mnt/$1"; }
want_val() { [ "$(val "$1")" = "$2" ] || bad "$1 = '$(val "$1")', want '$2'"; }

T=iqn.2024-01.com.example:t1
setup_target() {	# a fileio and a nullio device, an iSCSI target with LUN 0
	"$adm" -open_dev disk0 -handler vdisk_fileio -attributes filename=/srv/c0.img >/dev/null &&
	"$adm" -open_dev null0 -handler vdisk_nullio >/dev/null &&
	"$adm" -add_target "$T" -driver iscsi >/dev/null &&
	"$adm" -driver iscsi -target "$T" -add_lun 0 -device disk0 >/dev/null ||
	bad "setup"
}

case $group in
dev)
	run open-dev 0 -- -open_dev disk0 -handler vdisk_fileio \
		-attributes cluster_mode=0,filename=/srv/c0.img,blocksize=4096
	want_writes open-dev 1; want_val devices/disk0/blocksize 4096
	exists handlers/vdisk_fileio/disk0
	# cluster_mode last, whatever the order given (spec §7 item 35)
	run open-dev-debug 0 -- -debug -open_dev disk1 -handler vdisk_fileio \
		-attributes cluster_mode=0,filename=/srv/c1.img,t10_dev_id=d1
	want_writes open-dev-debug 0; absent devices/disk1
	run open-dev-exists 1 -- -open_dev disk0 -handler vdisk_fileio -attributes filename=/srv/c0.img
	run open-dev-nullio 0 -- -open_dev null0 -handler vdisk_nullio
	run resync-dev 0 -- -resync_dev disk0
	want_writes resync-dev 1
	run resync-dev-lacks 0 -- -resync_dev null0
	want_writes resync-dev-lacks 0
	run resync-dev-missing 1 -- -resync_dev nosuch
	run set-dev-attr 0 -- -noprompt -set_dev_attr disk0 -attributes t10_dev_id=abc,bogus=1
	want_writes set-dev-attr 1; want_val devices/disk0/t10_dev_id abc
	# an unchanged value is never written
	run set-dev-attr-same 0 -- -noprompt -set_dev_attr disk0 -attributes t10_dev_id=abc
	want_writes set-dev-attr-same 0
	# -dry_run: planned, not written, and the output says so
	run set-dev-attr-dry-run 0 -- -dry_run -noprompt -set_dev_attr disk0 -attributes t10_dev_id=dry
	want_writes set-dev-attr-dry-run 0; want_val devices/disk0/t10_dev_id abc
	run set-dev-attr-static 1 -- -noprompt -set_dev_attr disk0 -attributes size=1
	want_writes set-dev-attr-static 0
	run set-dev-attr-missing 1 -- -noprompt -set_dev_attr nosuch -attributes t10_dev_id=x
	# the prompt: declined writes nothing, "yes" goes on
	run set-dev-attr-decline 0 "n
" -- -set_dev_attr disk0 -attributes t10_dev_id=zzz
	want_writes set-dev-attr-decline 0; want_val devices/disk0/t10_dev_id abc
	run set-dev-attr-accept 0 "YES
" -- -set_dev_attr disk0 -attributes t10_dev_id=zzz
	want_val devices/disk0/t10_dev_id zzz
	run set-hnd-attr 0 -- -noprompt -set_hnd_attr vdisk_fileio -attributes nosuch=1
	want_writes set-hnd-attr 0
	run set-scst-attr 0 -- -noprompt -set_scst_attr -attributes setup_id=0x10
	want_writes set-scst-attr 1; want_val setup_id 0x10
	run set-scst-attr-same 0 -- -noprompt -set_scst_attr -attributes setup_id=0x10
	want_writes set-scst-attr-same 0
	# a failing write: path and errno
	ctl fail-nth 1 EIO >/dev/null
	run set-scst-attr-eio 1 -- -noprompt -set_scst_attr -attributes setup_id=0x20
	ctl fail-clear >/dev/null
	# close_dev of an exported device lists its users (t/08)
	"$adm" -add_target "$T" -driver iscsi >/dev/null
	"$adm" -driver iscsi -target "$T" -add_lun 0 -device disk0 >/dev/null
	"$adm" -driver iscsi -target "$T" -add_group g1 >/dev/null
	"$adm" -driver iscsi -target "$T" -group g1 -add_lun 5 -device disk0 >/dev/null
	run close-dev-in-use 1 -- -noprompt -close_dev disk0 -handler vdisk_fileio
	want_writes close-dev-in-use 0; exists devices/disk0
	run close-dev-decline 0 "" -- -close_dev null0 -handler vdisk_nullio
	exists devices/null0
	run close-dev 0 -- -noprompt -close_dev null0 -handler vdisk_nullio
	absent devices/null0
	run close-dev-force 0 -- -noprompt -force -close_dev disk0 -handler vdisk_fileio
	absent devices/disk0; absent "targets/iscsi/$T/luns/0"
	;;
tgt)
	"$adm" -open_dev disk0 -handler vdisk_fileio -attributes filename=/srv/c0.img >/dev/null
	run add-target 0 -- -add_target "$T" -driver iscsi
	exists "targets/iscsi/$T"
	run add-target-exists 41 -- -add_target "$T" -driver iscsi
	run add-target-cm 31 -- -add_target foo -driver copy_manager
	run add-target-npiv 0 -- -add_target 50:01:43:80:12:34:56:79 -driver qla2x00t \
		-attributes node_name=50:01:43:80:12:34:56:70,parent_host=50:01:43:80:12:34:56:78
	want_val targets/qla2x00t/50:01:43:80:12:34:56:78/enabled 1
	run enable-target 0 -- -enable_target "$T" -driver iscsi
	want_val "targets/iscsi/$T/enabled" 1
	run enable-target-again 0 -- -enable_target "$T" -driver iscsi
	want_writes enable-target-again 0
	run set-tgt-attr 0 -- -noprompt -set_tgt_attr "$T" -driver iscsi \
		-attributes "QueuedCommands=64,IncomingUser=joe 12charsecret1,nosuch=2"
	want_val "targets/iscsi/$T/QueuedCommands" 64
	want_val "targets/iscsi/$T/IncomingUser" "joe 12charsecret1"
	run add-tgt-attr 0 -- -add_tgt_attr "$T" -driver iscsi \
		-attributes "IncomingUser=joe 12charsecret1"
	want_writes add-tgt-attr 0
	run add-tgt-attr-2 0 -- -add_tgt_attr "$T" -driver iscsi -attributes "allowed_portal=10.0.0.1"
	exists "targets/iscsi/$T/allowed_portal"
	run rem-tgt-attr 0 -- -noprompt -rem_tgt_attr "$T" -driver iscsi \
		-attributes "IncomingUser=joe 12charsecret1"
	absent "targets/iscsi/$T/IncomingUser"
	run rem-tgt-attr-none 0 -- -noprompt -rem_tgt_attr "$T" -driver iscsi \
		-attributes "IncomingUser=joe 12charsecret1"
	run add-drv-attr 0 -- -add_drv_attr iscsi -attributes "IncomingUser=disco 12charsecret"
	want_val targets/iscsi/IncomingUser "disco 12charsecret"
	run rem-drv-attr 0 -- -noprompt -rem_drv_attr iscsi -attributes "IncomingUser=disco 12charsecret"
	absent targets/iscsi/IncomingUser
	run set-drv-attr 0 -- -noprompt -set_drv_attr iscsi -attributes internal_portal=10.1.1.1,nosuch=1
	want_val targets/iscsi/internal_portal 10.1.1.1
	# groups and initiators
	run add-group 0 -- -driver iscsi -target "$T" -add_group g1
	"$adm" -driver iscsi -target "$T" -add_group g2 >/dev/null
	run add-init 0 -- -driver iscsi -target "$T" -group g1 -add_init iqn.1994-05.com.redhat:h1
	exists "targets/iscsi/$T/ini_groups/g1/initiators/iqn.1994-05.com.redhat:h1"
	# already in a group of the target (spec §7 item 39)
	run add-init-belongs 0 -- -driver iscsi -target "$T" -group g2 -add_init iqn.1994-05.com.redhat:h1
	want_writes add-init-belongs 0
	run move-init 0 -- -noprompt -driver iscsi -target "$T" -group g1 -to g2 \
		-move_init iqn.1994-05.com.redhat:h1
	exists "targets/iscsi/$T/ini_groups/g2/initiators/iqn.1994-05.com.redhat:h1"
	absent "targets/iscsi/$T/ini_groups/g1/initiators/iqn.1994-05.com.redhat:h1"
	run rem-group-in-use 1 -- -noprompt -driver iscsi -target "$T" -rem_group g2
	want_writes rem-group-in-use 0
	run rem-init 0 -- -noprompt -driver iscsi -target "$T" -group g2 -rem_init iqn.1994-05.com.redhat:h1
	"$adm" -driver iscsi -target "$T" -group g2 -add_init 'h2*' >/dev/null
	run clear-inits 0 -- -noprompt -driver iscsi -target "$T" -group g2 -clear_inits
	absent "targets/iscsi/$T/ini_groups/g2/initiators/h2*"
	run rem-group 0 -- -noprompt -driver iscsi -target "$T" -rem_group g2
	absent "targets/iscsi/$T/ini_groups/g2"
	run set-grp-attr 0 -- -noprompt -driver iscsi -target "$T" -set_grp_attr g1 -attributes addr_method=LUN
	want_val "targets/iscsi/$T/ini_groups/g1/addr_method" LUN
	"$adm" -driver iscsi -target "$T" -group g1 -add_init h3 >/dev/null
	run set-init-attr 0 -- -noprompt -driver iscsi -target "$T" -group g1 -set_init_attr h3 \
		-attributes x=1
	run rem-group-force 0 -- -noprompt -force -driver iscsi -target "$T" -rem_group g1
	absent "targets/iscsi/$T/ini_groups/g1"
	run issue-lip 0 -- -issue_lip
	want_writes issue-lip 0
	run issue-lip-one 0 -- -issue_lip 50:01:43:80:12:34:56:78 -driver qla2x00t
	# removal: sessions force-closed; del_target EBUSY is Perl's code 54
	"$adm" -add_target "$T:b" -driver iscsi >/dev/null
	"$adm" -enable_target "$T:b" -driver iscsi >/dev/null
	ctl session-add iscsi "$T:b" iqn.1994-05.com.redhat:h9 >/dev/null || bad "session-add"
	exists "targets/iscsi/$T:b/sessions/iqn.1994-05.com.redhat:h9"
	ctl fail-path targets/iscsi/mgmt EBUSY 1 >/dev/null
	run rem-target-busy 54 -- -noprompt -rem_target "$T:b" -driver iscsi
	ctl fail-clear >/dev/null
	# disabled, session closed (and waited for), then del_target refused
	want_writes rem-target-busy 2; want_val "targets/iscsi/$T:b/enabled" 0
	exists "targets/iscsi/$T:b"; absent "targets/iscsi/$T:b/sessions/iqn.1994-05.com.redhat:h9"
	run rem-target-debug 0 -- -noprompt -debug -rem_target "$T:b" -driver iscsi
	want_writes rem-target-debug 0
	run rem-target 0 -- -noprompt -rem_target "$T:b" -driver iscsi
	want_writes rem-target 1
	absent "targets/iscsi/$T:b"
	run rem-target-missing 40 -- -noprompt -rem_target nosuch -driver iscsi
	run disable-target 0 -- -noprompt -disable_target "$T" -driver iscsi
	want_val "targets/iscsi/$T/enabled" 0
	# pyscstadmin has no -force: its note on the enabled hardware target it
	# leaves alone gives no -force hint (spec §2.5)
	printf 'TARGET_DRIVER iscsi {\n}\n' >"$tmp/py.conf"
	(exec -a pyscstadmin "$adm" -config "$tmp/py.conf") >/dev/null 2>"$tmp/err" ||
		bad "py-note: exit $?"
	grep -q "WARNING - Driver/target 'qla2x00t/50:01:43:80:12:34:56:78' is enabled but not in configuration; left unchanged\$" \
		"$tmp/err" || bad "py-note: $(cat "$tmp/err")"
	grep -q -- -force "$tmp/err" && bad "py-note: mentions -force"
	want_val targets/qla2x00t/50:01:43:80:12:34:56:78/enabled 1
	;;
lun)
	setup_target
	"$adm" -driver iscsi -target "$T" -add_group g1 >/dev/null
	run add-lun 0 -- -driver iscsi -target "$T" -add_lun 1 -device null0 -attributes read_only=1
	exists "targets/iscsi/$T/luns/1"; want_val "targets/iscsi/$T/luns/1/read_only" 1
	run add-lun-group 0 -- -driver iscsi -target "$T" -group g1 -add_lun 0 -device disk0
	exists "targets/iscsi/$T/ini_groups/g1/luns/0"
	run add-lun-exists 1 -- -driver iscsi -target "$T" -add_lun 1 -device disk0
	# -cont_on_err: the error is printed, the run goes on, exit 1
	run add-lun-cont 1 -- -cont_on_err -driver iscsi -target "$T" -add_lun 1 -device disk0
	# the EAGAIN protocol (a DEBUG_SYSFS_EAGAIN kernel)
	ctl always-eagain on >/dev/null
	run add-lun-eagain 0 -- -driver iscsi -target "$T" -add_lun 7 -device null0
	polls=$(ctl counters last_sysfs_mgmt_res | awk '{ s += $1 } END { print s + 0 }')
	[ "$polls" -gt 0 ] || bad "add-lun-eagain: last_sysfs_mgmt_res never read"
	ctl always-eagain off >/dev/null
	exists "targets/iscsi/$T/luns/7"
	run add-lun-debug 0 -- -debug -driver iscsi -target "$T" -add_lun 8 -device null0
	want_writes add-lun-debug 0; absent "targets/iscsi/$T/luns/8"
	run add-lun-dry-run 0 -- -dry_run -driver iscsi -target "$T" -add_lun 8 -device null0
	want_writes add-lun-dry-run 0; absent "targets/iscsi/$T/luns/8"
	ctl fail-nth 1 EIO >/dev/null
	run add-lun-eio 1 -- -driver iscsi -target "$T" -add_lun 9 -device null0
	ctl fail-clear >/dev/null
	absent "targets/iscsi/$T/luns/9"
	# -lip after a change: LIPs on that target (scstfs has no fc_host behind "host")
	run add-lun-lip 0 -- -lip -driver qla2x00t -target 50:01:43:80:12:34:56:78 -add_lun 0 \
		-device disk0
	exists targets/qla2x00t/50:01:43:80:12:34:56:78/luns/0
	run set-lun-attr 0 -- -noprompt -driver iscsi -target "$T" -set_lun_attr 1 -attributes read_only=1
	want_writes set-lun-attr 0
	run set-lun-attr-group 1 -- -noprompt -driver iscsi -target "$T" -group g1 -set_lun_attr 0 \
		-attributes read_only=1
	run replace-lun 0 -- -noprompt -driver iscsi -target "$T" -replace_lun 7 -device disk0
	[ "$(basename "$(readlink "$mnt/targets/iscsi/$T/luns/7/device")")" = disk0 ] || bad "replace"
	run replace-lun-same 1 -- -noprompt -driver iscsi -target "$T" -replace_lun 7 -device disk0
	run replace-lun-none 1 -- -noprompt -driver iscsi -target "$T" -replace_lun 12 -device disk0
	want_writes replace-lun-none 0
	run rem-lun 0 -- -noprompt -driver iscsi -target "$T" -rem_lun 7
	absent "targets/iscsi/$T/luns/7"
	run rem-lun-group 0 -- -noprompt -driver iscsi -target "$T" -group g1 -rem_lun 0
	absent "targets/iscsi/$T/ini_groups/g1/luns/0"
	run clear-luns-decline 0 "no
" -- -driver iscsi -target "$T" -clear_luns
	want_writes clear-luns-decline 0
	run clear-luns 0 -- -noprompt -driver iscsi -target "$T" -clear_luns
	absent "targets/iscsi/$T/luns/0"; absent "targets/iscsi/$T/luns/1"
	"$adm" -driver iscsi -target "$T" -group g1 -add_lun 3 -device disk0 >/dev/null
	run clear-luns-group 0 -- -noprompt -driver iscsi -target "$T" -group g1 -clear_luns
	absent "targets/iscsi/$T/ini_groups/g1/luns/3"
	;;
alua)
	setup_target
	run add-dgrp 0 -- -add_dgrp dg1
	exists device_groups/dg1
	run add-dgrp-dev 0 -- -add_dgrp_dev disk0 -dev_group dg1
	exists device_groups/dg1/devices/disk0
	run add-tgrp 0 -- -add_tgrp tg1 -dev_group dg1
	run set-tgrp-attr 0 -- -noprompt -set_tgrp_attr tg1 -dev_group dg1 \
		-attributes group_id=256,state=standby,rel_tgt_id=2
	want_val device_groups/dg1/target_groups/tg1/group_id 256
	want_val device_groups/dg1/target_groups/tg1/state standby
	run add-tgrp-tgt 0 -- -add_tgrp_tgt "$T" -dev_group dg1 -tgt_group tg1
	run add-tgrp-tgt-remote 0 -- -add_tgrp_tgt remote1 -dev_group dg1 -tgt_group tg1
	run set-ttgt-attr 0 -- -noprompt -set_ttgt_attr remote1 -dev_group dg1 -tgt_group tg1 \
		-attributes rel_tgt_id=11
	want_val device_groups/dg1/target_groups/tg1/remote1/rel_tgt_id 11
	run set-dgrp-attr 0 -- -noprompt -set_dgrp_attr dg1 -attributes nosuch=1
	run rem-dgrp-in-use 1 -- -rem_dgrp dg1
	want_writes rem-dgrp-in-use 0
	run rem-tgrp-in-use 1 -- -rem_tgrp tg1 -dev_group dg1
	run rem-dgrp-dev-in-use 1 -- -rem_dgrp_dev disk0 -dev_group dg1
	run rem-tgrp-tgt 0 -- -rem_tgrp_tgt remote1 -dev_group dg1 -tgt_group tg1
	absent device_groups/dg1/target_groups/tg1/remote1
	run rem-tgrp-force 0 -- -force -rem_tgrp tg1 -dev_group dg1
	absent device_groups/dg1/target_groups/tg1
	run rem-dgrp-dev 0 -- -rem_dgrp_dev disk0 -dev_group dg1
	absent device_groups/dg1/devices/disk0
	run rem-dgrp 0 -- -rem_dgrp dg1
	absent device_groups/dg1
	run rem-dgrp-missing 1 -- -rem_dgrp dg1
	;;
*)
	echo "unknown group $group"; exit 2 ;;
esac
exit $fail
