#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden outputs of "scstadmin -check_config" and "-format_config" for every
# corpus file (../shared/configs/*.conf) and examples/scst.conf, compared
# byte for byte with tests/data/<mode>/<file>.  The output includes the exit
# status as a last line "exit N".  UPDATE_GOLDEN=1 rewrites the golden files.
#
# usage: golden.sh SCSTADMIN check_config|format_config CONFIGS_DIR EXAMPLES_DIR DATA_DIR
set -u
exe=$(realpath "$1") mode=$2 configs=$3 examples=$4 data=$5
fail=0 n=0
mkdir -p "$data/$mode"
for f in "$configs"/*.conf "$examples"/*.conf; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f")
	golden="$data/$mode/$name.out"
	# run from the file's directory so that paths in messages are relative
	actual=$(cd "$(dirname "$f")" && "$exe" "-$mode" "$name" 2>/dev/null; echo "exit $?")
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		printf '%s\n' "$actual" > "$golden"
		continue
	fi
	if [ ! -f "$golden" ]; then
		echo "FAIL $mode $name: no golden file $golden"
		fail=1
	elif ! diff -u "$golden" <(printf '%s\n' "$actual"); then
		echo "FAIL $mode $name differs from $golden"
		fail=1
	else
		echo "ok $mode $name"
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no .conf files in $configs"; exit 1; }
exit $fail
