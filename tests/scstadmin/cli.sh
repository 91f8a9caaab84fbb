#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scstadmin command-line behaviour (spec scstadmin.md §2.1, §7 items 23-27).
# usage: cli.sh SCSTADMIN EXAMPLE_CONF
set -u
exe=$(realpath "$1") conf=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME EXPECTED_EXIT EXPECTED_STDOUT_FILE -- ARGS...
expect() {
	local name=$1 rc_want=$2 out_want=$3 rc
	shift 4
	"$exe" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$rc_want" ]; then
		echo "FAIL $name: exit $rc, want $rc_want"; cat "$tmp/out" "$tmp/err"; fail=1; return
	fi
	if [ -n "$out_want" ] && ! diff -u "$out_want" "$tmp/out"; then
		echo "FAIL $name: output differs"; fail=1; return
	fi
	echo "ok $name"
}

# Getopt::Long warns on stderr; stdout stays empty
printf 'Unknown option: frobnicate\n' >"$tmp/unknown"
: >"$tmp/none"
expect unknown-option 1 "$tmp/none" -- -frobnicate
diff -u "$tmp/unknown" "$tmp/err" || { echo "FAIL unknown-option stderr"; fail=1; }
expect unknown-option-2dash 1 "$tmp/none" -- --frobnicate=1
diff -u "$tmp/unknown" "$tmp/err" || { echo "FAIL unknown-option-2dash stderr"; fail=1; }

# one dash, two dashes, "=", unique abbreviation: all the same operation
"$exe" -check_config "$conf" >"$tmp/ref"
expect two-dashes 0 "$tmp/ref" -- --check_config "$conf"
expect equals-form 0 "$tmp/ref" -- --check_config="$conf"
expect abbreviation 0 "$tmp/ref" -- -check "$conf"

printf 'Please specify only one non-query operation at a time.\n' >"$tmp/oneop"
expect two-operations 1 "$tmp/oneop" -- -check_config "$conf" -format_config "$conf"

printf -- "-> Checking configuration file '%s' for errors.\n\n\nFATAL: Received the following error:\n\n\tUnable to open configuration file '%s': No such file or directory\n\n" \
	"$tmp/missing.conf" "$tmp/missing.conf" >"$tmp/missing"
expect missing-file 1 "$tmp/missing" -- -check_config "$tmp/missing.conf"

# an error: exit 1, precise position, the line and a caret
printf 'HANDLER vdisk_fileio {\n\tDEVICE mgmt {\n\t\tfilename /a\n\t}\n}\n' >"$tmp/bad.conf"
printf -- "-> Checking configuration file '%s' for errors.\n%s: warning: No TARGET_DRIVER section defined. No target drivers will be configured.\n%s:2:9: error: device name 'mgmt' clashes with the handler's own file 'mgmt' (SCST would delete that file)\n\tDEVICE mgmt {\n\t       ^\n\t-> Done, 1 errors found.\n" \
	"$tmp/bad.conf" "$tmp/bad.conf" "$tmp/bad.conf" >"$tmp/bad.out"
expect check-error 1 "$tmp/bad.out" -- -check_config "$tmp/bad.conf"

# a NUL byte (issue #2): an error at its position, the line up to the NUL, nothing produced
printf 'HANDLER vdisk_fileio {\n\tDEVICE d\0x {\n\t\tfilename /a\n\t}\n}\n' >"$tmp/nul.conf"
printf -- "-> Checking configuration file '%s' for errors.\n%s:2:10: error: NUL byte in the file: scst.conf is text, and a NUL would cut a name or value\n\tDEVICE d\n\t        ^\n\t-> Done, 1 errors found.\n" \
	"$tmp/nul.conf" "$tmp/nul.conf" >"$tmp/nul.out"
expect check-nul 1 "$tmp/nul.out" -- -check_config "$tmp/nul.conf"
: >"$tmp/empty"
expect format-nul 1 "$tmp/empty" -- -format_config "$tmp/nul.conf"
grep -q "nul.conf:2:10: error: NUL byte" "$tmp/err" || { echo "FAIL format-nul stderr"; fail=1; }

# -format_config of a file with a syntax error prints nothing and fails
printf 'HANDLER h {\n' >"$tmp/syntax.conf"
: >"$tmp/empty"
expect format-syntax-error 1 "$tmp/empty" -- -format_config "$tmp/syntax.conf"
grep -q "syntax.conf:1:11: error: missing '}'" "$tmp/err" || { echo "FAIL format-syntax-error stderr"; fail=1; }

# -format_config output is a fixed point
"$exe" -format_config "$conf" >"$tmp/f1.conf"
expect format-idempotent 0 "$tmp/f1.conf" -- -format_config "$tmp/f1.conf"

expect help 0 "" -- -help
exit $fail
