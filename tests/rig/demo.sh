#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boot a 3-node soft-RoCE cluster in VMs on this machine; two
# nodes run workloads twice the memory their cgroups allow, pooling their
# swapped-out pages in local and remote tmem; show `gvtmemctl status` of
# every node and plot each client's tmem pages over time (PNG).
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
OUT=tests/out/demo
say "step 1/4: host packages"
need_host_pkgs
say "step 2/4: kernel (cached after the first run; building takes ~12 min on 2 cores)"
scripts/kernels.sh ensure test >/dev/null || die "no test kernel"
say "step 3/4: booting 3 nodes under qemu, linked by soft-RoCE on a private bridge;"
say "          nodes 1 and 2 run usemem and k-means in memory cgroups (a few minutes)"
tests/rig/rig.sh --kernel test --nodes 3 --out "$OUT" tests/scenarios/demo.sh
rc=$?
say "step 4/4: what each node reports, and plots"
for n in 1 2 3; do
	echo "---- node$n: gvtmemctl status at the workloads' peak ----"
	cat "$OUT/node$n/status-peak.txt" 2>/dev/null || echo "(node$n ran no workload)"
	echo "---- node$n: gvtmemctl status at the end ----"
	cat "$OUT/node$n/status.txt" 2>/dev/null ||
		echo "(no status: see $OUT/node$n/console.log)"
	grep -h 'seconds=' "$OUT/node$n/a.out" "$OUT/node$n/b.out" 2>/dev/null
done
for n in 1 2; do
	tsv=$OUT/node$n/tmem-pages.tsv
	[[ -s $tsv ]] || continue
	tests/tools/plot-tmem-pages.sh "$tsv" "$OUT/node$n/tmem-pages.png" \
		"node $n: tmem pages per client" &&
		say "plot: $OUT/node$n/tmem-pages.png"
done
exit $rc
