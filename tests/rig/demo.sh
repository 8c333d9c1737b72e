#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boot a 3-node soft-RoCE cluster in VMs on this machine, load
# gvtmem on each node and show what every node reports.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
need_host_pkgs
say "step 1/3: kernel (cached after the first run; building takes ~12 min on 2 cores)"
scripts/kernels.sh ensure test >/dev/null || die "no test kernel"
say "step 2/3: booting 3 nodes under qemu, linked by soft-RoCE on a private bridge"
tests/rig/rig.sh --kernel test --nodes 3 --out tests/out/demo tests/scenarios/demo.sh
rc=$?
say "step 3/3: what each node reported"
for n in 1 2 3; do
	echo "---- node$n ----"
	cat "tests/out/demo/node$n/status.txt" 2>/dev/null || echo "(no status: see tests/out/demo/node$n/console.log)"
done
exit $rc
