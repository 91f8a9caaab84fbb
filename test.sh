#!/usr/bin/env bash
# Runs every test of targetkit: unit, scstfs and scstadmin (scstfs mounted with FUSE),
# the real-kernel fidelity scenarios, and a bounded libFuzzer run of the
# scst.conf parser.  Ends with the line "N passed, N failed, N skipped".
#
#   ./test.sh                 everything (FUZZ_SECONDS=60 by default)
#   FUZZ_SECONDS=0 ./test.sh  skip the fuzz run
#   ./test.sh SUITE...        only these meson suites (unit, scstfs, scstadmin, fidelity)
#
# Builds into build/ (gcc; BUILDDIR=dir overrides, so several people can test
# one tree at once) and build-fuzz/ (clang, only for the fuzz run).
# In CI (CI=true) warnings are errors.
set -u
cd "$(dirname "$0")"
werror=false
[ "${CI:-}" = true ] && werror=true
fuzz_seconds=${FUZZ_SECONDS:-60}
logs=()
b=${BUILDDIR:-build}

setup() {	# setup DIR [meson options...]
	local dir=$1; shift
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" -Dwerror=$werror "$@" >/dev/null
	else
		meson setup "$dir" -Dwerror=$werror "$@" >/dev/null
	fi
}

setup "$b" || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
ninja -C "$b" || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
suites=()
for s in "$@"; do suites+=(--suite "$s"); done
meson test -C "$b" --print-errorlogs --num-processes 2 "${suites[@]}"
logs+=("$b/meson-logs/testlog.json")

if [ $# -eq 0 ] && [ "$fuzz_seconds" != 0 ] && [ -f fuzz/meson.build ]; then
	CC=clang setup build-fuzz -Dfuzz=true -Dtests=false -Dscstfs=disabled \
		-Dbuildtype=debug && ninja -C build-fuzz &&
		FUZZ_SECONDS=$fuzz_seconds meson test -C build-fuzz --print-errorlogs --suite fuzz \
			--timeout-multiplier 0
	logs+=(build-fuzz/meson-logs/testlog.json)
fi
exec python3 scripts/test-summary.py "${logs[@]}"
