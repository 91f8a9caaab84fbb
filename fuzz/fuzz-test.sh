#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs a libFuzzer target for $FUZZ_SECONDS (default 60) with leak detection,
# seeded from the real-world configs.  The seeds are copied into the build
# directory at run time (never committed); libFuzzer adds what it finds there.
#
# usage: fuzz-test.sh FUZZER SEED_DIR WORK_DIR
set -eu
fuzzer=$1 seeds=$2 work=$3
seconds=${FUZZ_SECONDS:-60}
if [ "$seconds" = 0 ]; then
	echo "FUZZ_SECONDS=0: not run"
	exit 77
fi
mkdir -p "$work/corpus" "$work/artifacts"
cp "$seeds"/*.conf "$work/corpus/"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$fuzzer" -max_total_time="$seconds" -detect_leaks=1 -max_len=65536 \
	-artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus"
