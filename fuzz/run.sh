#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Manual fuzzing run: builds build-fuzz/ with clang and runs the scst.conf
# parser fuzzer for SECONDS (default 60).  Crashes land in
# build-fuzz/fuzz/parse/artifacts/.
#
# usage: fuzz/run.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false -Dscstfs=disabled \
		-Dbuildtype=debug >/dev/null
fi
ninja -C build-fuzz
FUZZ_SECONDS=$seconds meson test -C build-fuzz --suite fuzz --print-errorlogs \
	--timeout-multiplier 0 -v
