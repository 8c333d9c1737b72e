#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig must catch a crashing node and name it. Runs the deliberately
# broken scenario on 2 nodes and checks the rig's verdict.
set -uo pipefail
here=$(dirname "$0")
out=$("$here/rig.sh" --kernel "${1:-test}" --nodes 2 --out "$here/../out/selftest-oops" \
	"$here/../scenarios/selftest/oops-node2.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/    | /'
if (( rc == 0 )); then
	echo "not ok rig/selftest-oops-fails-run # rig passed a run in which node2 crashed"
elif ! echo "$out" | grep -q '^not ok node2/kernel-clean # node2: '; then
	echo "not ok rig/selftest-oops-names-node # no failure line naming node2"
elif echo "$out" | grep -q '^not ok node1/'; then
	echo "not ok rig/selftest-oops-names-node # healthy node1 was blamed too"
else
	echo "ok rig/selftest-oops-detected"
fi
