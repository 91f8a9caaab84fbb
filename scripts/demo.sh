#!/usr/bin/env bash
# The main job on the embedded example: check examples/scst.conf and print its
# canonical form.  (Grows into: mount scstfs, apply, list, as the issues land.)
set -eu
cd "$(dirname "$0")/.."
b=${1:-build}
"$b/tools/scstadmin/scstadmin" -check_config examples/scst.conf
"$b/tools/scstadmin/scstadmin" -format_config examples/scst.conf
