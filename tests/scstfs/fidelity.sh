#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fidelity.sh NAME      replay one real-kernel scenario (e.g. 04-global-threads)
# fidelity.sh --all     replay every scenario; ends with "N/M scenarios match"
#
# For each scenario: build the fixture of shared/scst-real/README.md under
# /tmp/fx, mount a fresh scstfs (--cpus 2, loop devices as fake block
# files, a scsi_debug disk when the steps load it), run
# tools/sysfs-replay, normalise both results with the README's sed rules
# and diff.  Prints "PASS NAME" or "FAIL NAME" and the first differing
# lines.  Exit: 0 all matched, 1 a mismatch, 77 no FUSE, 2 usage.
#
# Environment: SCSTFS (scstfs binary; default build/emu/scstfs/scstfs),
# TK_SHARED_DIR (default ../shared next to the source tree),
# FIDELITY_DIFF_LINES (lines of diff shown per failure, default 20),
# FIDELITY_KEEP (a directory to keep NAME.out/NAME.diff in).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
shared=${TK_SHARED_DIR:-$src/../shared}
real=$shared/scst-real
scstfs=${SCSTFS:-$src/build/emu/scstfs/scstfs}
difflines=${FIDELITY_DIFF_LINES:-20}

[ $# -eq 1 ] || { echo "usage: fidelity.sh NAME|--all" >&2; exit 2; }

skip() { echo "SKIP: $*"; exit 77; }
[ -c /dev/fuse ] || skip "/dev/fuse missing"
command -v fusermount3 >/dev/null || skip "fusermount3 missing"
[ -x "$scstfs" ] || skip "scstfs not built ($scstfs)"
[ -d "$real/scenarios" ] || skip "no recordings in $real"
[ "$(id -u)" = 0 ] || skip "needs root (FUSE mounts)"

norm() {
	sed -E 's#^(  )?("sgv/[^"]*" file [0-7]{4}) .*#\1\2 <varies>#;
		s#^(  )?("[^"]*/thread_pid" file [0-7]{4}) .*#\1\2 <varies>#;
		s#^([0-9]+ read "(sgv/[^"]*|[^"]*/thread_pid)" :) .*#\1 <varies>#' "$1"
}

# The guest fixture (tools/scenario-fixture), as real host files.
fixture() {
	mkdir -p /tmp/fx/adir || return 1
	local f
	for f in d0 d1 d2 d3; do truncate -s 1M /tmp/fx/$f.img || return 1; done
	truncate -s 16M /tmp/fx/big.img && truncate -s 1000000 /tmp/fx/odd.img &&
		truncate -s 1M /tmp/fx/cd1.iso && truncate -s 2M /tmp/fx/cd2.iso &&
		rm -f /tmp/fx/missing.img /tmp/fx/missing.iso
}

# run_one NAME: prints PASS/FAIL lines; returns 0 on a match.
run_one() {
	local name=$1 steps=$real/scenarios/$1.steps expect=$real/scenarios/$1.result
	local mnt out opts rc
	[ -f "$steps" ] || { echo "FAIL $name: no such scenario"; return 1; }
	opts=(--cpus 2 --fake-file /dev/loop0=8M:block --fake-file /dev/loop1=4M:block)
	# "# scstvm: extra_modules=..." (README "Extra modules"): scsi_debug
	# gives the local disk 1:0:0:0.
	if grep -q '^# scstvm: extra_modules=.*scsi_debug' "$steps"; then
		opts+=(--scsi-device 1:0:0:0=disk)
	fi
	mnt=$(mktemp -d /tmp/scstfs-fid.XXXXXX)
	out=$mnt.out
	if ! "$scstfs" "${opts[@]}" "$mnt"; then
		echo "FAIL $name: scstfs did not mount"
		rmdir "$mnt"
		return 1
	fi
	python3 "$real/tools/sysfs-replay" "$mnt" "$steps" >"$out" 2>"$out.err"
	rc=$?
	fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt"
	rmdir "$mnt" 2>/dev/null
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: sysfs-replay exited $rc: $(head -c 300 "$out.err")"
		rm -f "$out" "$out.err"
		return 1
	fi
	if diff -u <(norm "$expect") <(norm "$out") >"$out.diff"; then
		echo "PASS $name"
		rc=0
	else
		echo "FAIL $name ($(grep -c '^[-+][^-+]' "$out.diff") lines differ; - kernel, + scstfs)"
		tail -n +3 "$out.diff" | head -n "$difflines"
		rc=1
	fi
	if [ -n "${FIDELITY_KEEP:-}" ]; then
		mkdir -p "$FIDELITY_KEEP"
		cp "$out" "$FIDELITY_KEEP/$name.out"
		cp "$out.diff" "$FIDELITY_KEEP/$name.diff"
	fi
	rm -f "$out" "$out.err" "$out.diff"
	return $rc
}

fixture || { echo "FAIL: cannot create the fixture under /tmp/fx"; exit 1; }
if [ "$1" != --all ]; then
	run_one "$1"
	exit $?
fi
pass=0 total=0
for steps in "$real"/scenarios/*.steps; do
	name=$(basename "$steps" .steps)
	total=$((total + 1))
	run_one "$name" && pass=$((pass + 1))
done
echo "$pass/$total scenarios match"
[ "$pass" = "$total" ]
