#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scstadmin -list_* (spec scstadmin.md §2.3, §7 items 51-53) byte for byte on
# fresh scstfs mounts, and -json against doc/scstadmin.schema.json:
#   t07   Perl's t/07-scstadmin-args.t scenario (its objects, made with the
#         same sysfs writes its scstadmin calls make) and its listTest
#         expectations (tests/data/list/t07/*.out; README there), and
#         t/08's -dumpAttrs on the same objects;
#   rich  tests/data/list/rich/rich.conf applied with -config plus iSCSI
#         sessions: every listing with and without -nonkey, error cases,
#         -write_config -nonkey (rich/write_config_nonkey.conf);
#         then an initiator in two groups of a target (cases-initiators);
#   json  every rich listing with -json, and -dry_run -json plans, checked
#         with python3-jsonschema (exit 77 without it).
#
# usage: list.sh SCSTADMIN DATA_DIR SCHEMA SET   (env: SCSTFS, SCSTFS_CTL_BIN)
# UPDATE=1 rewrites the expected files.  Exits 77 without scstfs, /dev/fuse
# or root.
set -u
adm=$(realpath "$1") data=$2 schema=$3 set=$4
. "$(dirname "$0")/sfs-mount.sh"
sfs_require
if [ "$set" = json ] && ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)"
	exit 77
fi
fail=0 n=0
sfs_mount list-test --fake-file /dev/scstadmin-regression-test-vdisk=1M \
	--fake-file /srv/a.img=64M --fake-file /srv/b.img=16M --fake-file /dev/fb0=1G:block

bad() { echo "FAIL $*"; fail=1; }
mgmt() {	# mgmt PATH COMMAND: one write, as SCST.pm sends it
	printf '%s' "$2" >"$mnt/$1" || bad "setup: $1 <- $2"
}

# t/07's filters of -list_target, -list_group and -list_sessions output:
# leave out the ib_srpt parts and dash lines, strip trailing blanks
t07_filter() {
	case $1 in
	list_target) awk '/^\t-/ { $0 = "" } /^\tib_srpt/ { inc = 0 }
		/^\t[^[:blank:]]/ || /^$/ || /^[^\t]/ { if (!/^\tib_srpt/) inc = 1 }
		{ sub(/[[:space:]]+$/, ""); if (inc) print }' ;;
	list_group) awk 'BEGIN { inc = 1 } /^Driver: ib_srpt/ { inc = 0; next }
		/^Driver:/ || /^[AC]/ { inc = 1 }
		{ sub(/[[:space:]]+$/, ""); if (inc) print }' ;;
	list_sessions) awk 'BEGIN { inc = 1 } /^\t-/ { $0 = "" }
		/^Driver\/Target: ib_srpt/ { inc = 0 }
		/^Driver\/Target:/ && !/ib_srpt/ || /^[AC]/ { inc = 1 }
		{ sub(/[[:space:]]+$/, ""); if (inc) print }' ;;
	*) cat ;;
	esac
}

# check NAME RC ARGS...: stdout = $data/$set/NAME.out, exit RC
check() {
	local name=$1 rc_want=$2 rc
	shift 2
	n=$((n + 1))
	"$adm" "$@" >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	if [ "$set" = t07 ]; then t07_filter "$name" <"$tmp/raw" >"$tmp/out"; else cp "$tmp/raw" "$tmp/out"; fi
	[ "${UPDATE:-}" = 1 ] && cp "$tmp/out" "$data/$set/$name.out"
	if [ "$rc" != "$rc_want" ]; then
		bad "$name: exit $rc, want $rc_want"; cat "$tmp/out" "$tmp/err"; return
	fi
	if ! cmp -s "$data/$set/$name.out" "$tmp/out"; then
		bad "$name: output differs"; diff -u "$data/$set/$name.out" "$tmp/out" | head -40
		return
	fi
	echo "ok $name"
}

run_cases() {	# the lines "NAME RC ARGS..." of a cases file
	local name rc args
	while read -r name rc args; do
		case $name in ''|'#'*) continue ;; esac
		eval "set -- $args"
		check "$name" "$rc" "$@"
	done <"$1"
}

# validate NAME ARGS...: keep the stdout of scstadmin ARGS for validate_all
validate() {
	local name=$1
	shift
	n=$((n + 1))
	mkdir -p "$tmp/docs"
	"$adm" "$@" >"$tmp/docs/$name.json" 2>"$tmp/err"
}

# every kept stdout is exactly one document of the schema (one python run)
validate_all() {
	python3 - "$schema" "$tmp"/docs/*.json <<'PY' || fail=1
import json, os, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = 0
for path in sys.argv[2:]:
    name = os.path.basename(path)[:-5]
    try:
        v.validate(json.load(open(path)))
        print("ok json " + name)
    except Exception as e:
        bad = 1
        print("FAIL json %s: %s" % (name, str(e).splitlines()[0]))
sys.exit(bad)
PY
}

rich_setup() {
	"$adm" -config "$data/rich/rich.conf" >"$tmp/apply.out" 2>&1 ||
		{ bad "rich setup"; cat "$tmp/apply.out"; }
	"$SCSTFS_CTL_BIN" "$sock" session-add iscsi iqn.2024-01.com.example:tgt1 \
		iqn.1994-05.com.redhat:host1 >/dev/null || bad "session-add"
	"$SCSTFS_CTL_BIN" "$sock" session-add iscsi iqn.2024-01.com.example:tgt1 \
		iqn.other:x >/dev/null || bad "session-add"
}

case $set in
t07)
	# 01-start-scst.t loads scst_local with add_default_tgt=0
	mgmt targets/scst_local/mgmt "del_target scst_local_tgt"
	# earlier tests used copy manager LUNs 0-7: t/07's devices get 8, 9, 10
	for i in 0 1 2 3 4 5 6 7; do
		mgmt handlers/vdisk_nullio/mgmt "add_device pre$i"
	done
	for i in 0 1 2 3 4 5 6 7; do
		mgmt handlers/vdisk_nullio/mgmt "del_device pre$i"
	done
	# attributeTest(): the writes of its scstadmin calls, in order
	v=/dev/scstadmin-regression-test-vdisk
	mgmt handlers/vdisk_nullio/mgmt "add_device nodev dummy=1;"
	mgmt handlers/vdisk_fileio/mgmt "add_device disk0 filename=$v;read_only=1;"
	mgmt handlers/vdisk_fileio/mgmt "add_device disk1 filename=$v;nv_cache=1;"
	mgmt targets/scst_local/mgmt "add_target local"
	mgmt targets/scst_local/local/luns/mgmt "add nodev 0"
	mgmt targets/scst_local/local/ini_groups/mgmt "create ig"
	mgmt targets/scst_local/local/ini_groups/ig/initiators/mgmt "add ini1"
	mgmt targets/scst_local/local/ini_groups/ig/initiators/mgmt "add ini2"
	mgmt targets/scst_local/local/ini_groups/ig/luns/mgmt "add disk0 0"
	mgmt targets/scst_local/local/ini_groups/ig/luns/mgmt "add disk1 1"
	for dg in 1 2; do
		id1=$((254 + 2 * dg)) id2=$((255 + 2 * dg))
		mgmt device_groups/mgmt "create dgroup$dg"
		mgmt device_groups/dgroup$dg/target_groups/mgmt "create tgroup1"
		mgmt device_groups/dgroup$dg/target_groups/tgroup1/group_id "$id1"
		mgmt device_groups/dgroup$dg/target_groups/tgroup1/mgmt "add local"
		mgmt device_groups/dgroup$dg/target_groups/mgmt "create tgroup2"
		mgmt device_groups/dgroup$dg/target_groups/tgroup2/group_id "$id2"
		mgmt device_groups/dgroup$dg/target_groups/tgroup2/mgmt "add remote"
		mgmt device_groups/dgroup$dg/target_groups/tgroup2/remote/rel_tgt_id "$((10 + dg))"
	done
	run_cases "$data/t07/cases"
	;;
rich)
	rich_setup
	run_cases "$data/rich/cases"
	# -write_config -nonkey: Perl's "# Non-key attributes" blocks; the file
	# parses back
	n=$((n + 1))
	"$adm" -write_config "$tmp/nonkey.conf" -nonkey >/dev/null 2>"$tmp/err" ||
		{ bad "write_config -nonkey: exit"; cat "$tmp/err"; }
	[ "${UPDATE:-}" = 1 ] && cp "$tmp/nonkey.conf" "$data/rich/write_config_nonkey.conf"
	cmp -s "$data/rich/write_config_nonkey.conf" "$tmp/nonkey.conf" ||
		{ bad "write_config -nonkey differs"; diff -u "$data/rich/write_config_nonkey.conf" "$tmp/nonkey.conf" | head -40; }
	"$adm" -check_config "$tmp/nonkey.conf" >"$tmp/out" 2>&1 ||
		{ bad "write_config -nonkey: -check_config"; cat "$tmp/out"; }
	mgmt targets/iscsi/iqn.2024-01.com.example:tgt1/ini_groups/inionly/initiators/mgmt \
		"add iqn.1994-05.com.redhat:host1"
	run_cases "$data/rich/cases-initiators"
	[ -d "$mnt/targets/iscsi/iqn.2024-01.com.example:tgt1/ini_groups/x" ] &&
		bad "init_two_groups_op: the group was created"
	;;
json)
	"$adm" -config "$data/rich/rich.conf" -dry_run -json >"$tmp/plan.json" 2>"$tmp/err" ||
		bad "dry-run json exit"
	validate dry_run_config -config "$data/rich/rich.conf" -dry_run -json
	grep -q '12charsecret' "$tmp/plan.json" && bad "dry-run json shows a CHAP secret"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["plan"]; sys.exit(not d["operations"] or d["command"] != "config")' \
		"$tmp/plan.json" || bad "dry-run json: no operations"
	rich_setup
	validate dry_run_clear -clear_config -force -dry_run -json
	validate dry_run_noop -config "$data/rich/rich.conf" -dry_run -json
	while read -r name rc args; do
		case $name in ''|'#'*) continue ;; esac
		eval "set -- $args"
		validate "$name" "$@" -json
	done <"$data/rich/cases"
	validate all -list_handler -list_device -list_dgrp -list_tgrp -dev_group dg1 \
		-list_driver -list_target -list_group -list_sessions -list_scst_attr -nonkey -json
	# JSON output is one document: nothing before or after it
	"$adm" -list_handler -list_driver -json >"$tmp/two.json"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(sorted(d) != ["list_driver", "list_handler"])' \
		"$tmp/two.json" || bad "json: two queries, one document"
	# a stable document: the same state gives the same bytes
	"$adm" -list_group -json >"$tmp/g1.json"
	"$adm" -list_group -json >"$tmp/g2.json"
	cmp -s "$tmp/g1.json" "$tmp/g2.json" || bad "json: not stable"
	[ "${UPDATE:-}" = 1 ] && cp "$tmp/g1.json" "$data/rich/list_group.json"
	cmp -s "$data/rich/list_group.json" "$tmp/g1.json" || bad "json: list_group.json differs"
	validate_all
	;;
*)
	echo "usage: list.sh SCSTADMIN DATA_DIR SCHEMA t07|rich|json" >&2
	exit 2
	;;
esac
[ $fail = 0 ] && echo "all $n cases ok"
exit $fail
