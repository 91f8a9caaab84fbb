#!/usr/bin/env bash
# One-step set-up on a fresh Debian 12 machine (as root): installs the missing
# Debian packages, builds targetkit into build/, and runs the main job on the
# embedded example (scripts/demo.sh).
set -eu
cd "$(dirname "$0")"
bash scripts/install-deps.sh
[ -e /dev/fuse ] || modprobe fuse 2>/dev/null || true
if [ -f build/build.ninja ]; then :; else meson setup build >/dev/null; fi
ninja -C build
exec bash scripts/demo.sh build
