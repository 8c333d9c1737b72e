#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-rdma`: 4 KiB remote page store (RDMA WRITE) and load (RDMA
# READ) through gvtmem, next to perftest's ib_write_lat / ib_read_lat and
# memcpy, measured in one run on the same two-node soft-RoCE link; and a
# load posted behind 32 asynchronous stores on the same connection (what
# a page fault meets while reclaim is storing pages), also with the load
# lane (transport/load_lane: loads on a queue pair of their own); 8 adjacent pages
# loaded and stored in one request each, next to perftest's ib_write_bw.
# BENCH_N sets the number of operations of each kind (default 1000);
# BENCH_KERNEL the rig kernel (default test; make bench --kernel sets it).
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
need_host_pkgs
kernel=${BENCH_KERNEL:-test}
scripts/kernels.sh ensure "$kernel" >/dev/null || die "no $kernel kernel"
out=tests/out/bench-rdma
mkdir -p tests/out
tests/rig/rig.sh --kernel "$kernel" --out "$out" tests/bench/scenarios/rdma-latency.sh >"$out.log" 2>&1 ||
	{ cat "$out.log"; die "benchmark run failed"; }
g=$(cat "$out/node1/gvtmem.txt")
gl=$(cat "$out/node1/gvtmem-lane.txt" 2>/dev/null)
val() { echo "$g" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
lval() { echo "$gl" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# perftest: "#bytes #iterations t_min t_max t_typical t_avg t_stdev 99% 99.9%" (usec)
pt() { sed 's/^\[[^]]*\] *//' "$out/node1/$1.txt" | awk -v c="$2" '$1 == 4096 && NF >= 8 { print $c }'; }
# perftest's bandwidth line: "#bytes #iterations BW_peak BW_average MsgRate" (MB/s)
bw() { sed 's/^\[[^]]*\] *//' "$out/node1/$1.txt" | awk '$1 == 4096 && NF >= 5 { printf "%.0f", $4 }'; }
us() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

printf '%-34s %12s %12s %10s\n' "4 KiB operation (n=$(val n))" "median_us" "p99_us" "MB/s"
printf '%-34s %12s %12s %10s\n' "gvtmem store (RDMA WRITE, sync)" "$(us "$(val write_median_ns)")" \
	"$(us "$(val write_p99_ns)")" "$(val write_mbps)"
printf '%-34s %12s %12s %10s\n' "ib_write_lat (one-way, RTT/2)" "$(pt ib_write_lat 5)" "$(pt ib_write_lat 8)" "-"
printf '%-34s %12s %12s %10s\n' "gvtmem load (RDMA READ, sync)" "$(us "$(val read_median_ns)")" \
	"$(us "$(val read_p99_ns)")" "$(val read_mbps)"
printf '%-34s %12s %12s %10s\n' "ib_read_lat" "$(pt ib_read_lat 5)" "$(pt ib_read_lat 8)" "-"
printf '%-34s %12s %12s %10s\n' "gvtmem load, 8 adjacent at once, /page" "$(us "$(val read_batch_median_ns)")" \
	"$(us "$(val read_batch_p99_ns)")" "$(val read_batch_mbps)"
printf '%-34s %12s %12s %10s\n' "gvtmem store, 8 adjacent at once, /page" "$(us "$(val write_batch_median_ns)")" \
	"$(us "$(val write_batch_p99_ns)")" "$(val write_batch_mbps)"
printf '%-34s %12s %12s %10s\n' "ib_write_bw (4 KiB, average)" "-" "-" "$(bw ib_write_bw)"
printf '%-34s %12s %12s %10s\n' "gvtmem load behind 32 stores" "$(us "$(val read_behind_writes_median_ns)")" \
	"$(us "$(val read_behind_writes_p99_ns)")" "-"
printf '%-34s %12s %12s %10s\n' "gvtmem load (load lane)" "$(us "$(lval read_median_ns)")" \
	"$(us "$(lval read_p99_ns)")" "$(lval read_mbps)"
printf '%-34s %12s %12s %10s\n' "  ... behind 32 stores (load lane)" "$(us "$(lval read_behind_writes_median_ns)")" \
	"$(us "$(lval read_behind_writes_p99_ns)")" "-"
printf '%-34s %12s %12s %10s\n' "memcpy (in the guest)" "$(us "$(val memcpy_median_ns)")" \
	"$(us "$(val memcpy_p99_ns)")" "$(val memcpy_mbps)"
echo
echo "ratio gvtmem load / ib_read_lat, median: $(ratio "$(us "$(val read_median_ns)")" "$(pt ib_read_lat 5)") (target <= 1.25)"
echo "ratio gvtmem load / ib_read_lat, p99:    $(ratio "$(us "$(val read_p99_ns)")" "$(pt ib_read_lat 8)")"
echo "ratio load behind 32 stores, lane / no lane, median: $(ratio "$(lval read_behind_writes_median_ns)" "$(val read_behind_writes_median_ns)")"
echo "(ib_write_lat reports half a round trip; gvtmem's store waits for the full one)"
