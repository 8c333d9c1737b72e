#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: the GV-Tmem paper's three scenarios under every
# configuration, side by side on the same rig in one session, under each
# device model, then the report (tests/bench/report.py). See
# tests/bench/README.md for the models.
#
#   run.sh [--quick] [--reps N] [--size MB] [--scenarios "1 2 3"]
#          [--configs "disk greedy-local ..."] [--unthrottled "disk adaptive"]
#          [--models "A B"] [--set "FILE=VALUE ..."] [--kernel K] [--out DIR]
#
# --quick: every configuration once, at a small size (a nightly job's
# size; not run by CI, see README.md), under both models.
# --models: the swap disk's device models (default both): A, an SSD slowed
# by the guest's slowdown; B, a disk whose 4 KiB read costs 20 times the
# remote load measured in this run. Compare configurations only within a
# model. If model B cannot be computed, its runs are skipped and the
# command exits non-zero.
# --set: gvtmem sysfs files (under /sys/kernel/gvtmem) node 1 writes in
# every gvtmem configuration before its clients start, e.g.
# "backend/async_writes_loading=4": an A/B probe of a tunable.
# --kernel: the rig kernel of every run (default test). On a kernel
# without frontswap (stock61, stock612) gvtmem's configurations swap
# through its block device (/dev/gvtmem0 over the same swap disk), and
# the alternatives' drivers (zram, brd, nbd, nvme-rdma) are the kernel's
# own modules.
# Results: DIR/results.tsv (one line per client per run), DIR/calib.txt,
# DIR/rdma.txt, then DIR/results.json, DIR/report.md and DIR/*.png.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. scripts/lib/common.sh

ALL_CONFIGS="disk greedy-local greedy-remote ttm adaptive adaptive-replicas greedy-remote-shared adaptive-shared greedy-remote-writebehind adaptive-writebehind zswap zram nbd nvmeof"
REPS=3 SIZE=48 SCENARIOS="1 2 3" CONFIGS=$ALL_CONFIGS UNTHROTTLED="disk adaptive" MODELS="A B"
OUT=tests/out/bench TIMEOUT=3600 SET= KERNEL=test CONFIGS_GIVEN=
while (( $# )); do
	case $1 in
	--quick) REPS=1 SIZE=16 TIMEOUT=1200; shift ;;
	--reps) REPS=$2; shift 2 ;;
	--size) SIZE=$2; shift 2 ;;
	--scenarios) SCENARIOS=$2; shift 2 ;;
	--configs) CONFIGS=$2 CONFIGS_GIVEN=1; shift 2 ;;
	--unthrottled) UNTHROTTLED=$2; shift 2 ;;
	--models) MODELS=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--set) SET=$2; shift 2 ;;
	--kernel) KERNEL=$2; shift 2 ;;
	-h|--help) sed -n '3,28p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
[[ $REPS =~ ^[1-9][0-9]?$ ]] || die "--reps takes 1..99"
if ! [[ $SIZE =~ ^[0-9]+$ ]] || (( SIZE < 8 || SIZE > 256 || SIZE % 8 )); then
	die "--size takes a multiple of 8 from 8 to 256 (MiB)"
fi
for s in $SCENARIOS; do [[ $s =~ ^[123]$ ]] || die "unknown scenario $s (1, 2, 3)"; done
for c in $CONFIGS $UNTHROTTLED; do
	[[ " $ALL_CONFIGS " == *" $c "* ]] || die "unknown configuration $c ($ALL_CONFIGS)"
done
for m in $MODELS; do [[ $m == [AB] ]] || die "unknown device model $m (A, B)"; done
for kv in $SET; do
	[[ $kv =~ ^[a-z0-9_]+(/[a-z0-9_]+)*=[A-Za-z0-9_.-]+$ ]] ||
		die "--set takes FILE=VALUE pairs under /sys/kernel/gvtmem, not '$kv'"
done
[[ -n ${MODELS// /} ]] || die "--models takes A, B or \"A B\""
# Each model once, A first.
MODELS=$(for m in A B; do [[ " $MODELS " == *" $m "* ]] && echo "$m"; done | paste -sd' ')

need_host_pkgs
need_pkgs nbd-server nbd-client
[[ $KERNEL =~ ^(test|stock510|stock61|stock612)$ ]] || die "--kernel takes test, stock510, stock61 or stock612"
scripts/kernels.sh ensure "$KERNEL" >/dev/null || die "no $KERNEL kernel"
export BENCH_KERNEL=$KERNEL
# Through the swap device a loaded page always stays stored (kernels.md),
# so *-shared would repeat the plain runs.
if [[ $KERNEL == stock61 || $KERNEL == stock612 ]]; then
	[[ -n $CONFIGS_GIVEN ]] ||
		CONFIGS=$(for c in $CONFIGS; do [[ $c == *-shared ]] || echo "$c"; done | paste -sd' ')
	for c in $CONFIGS $UNTHROTTLED; do
		[[ $c == *-shared ]] &&
			die "$c needs frontswap, which $KERNEL lacks (the swap device always keeps loaded pages)"
	done
fi
mkdir -p "$OUT"
rm -rf "${OUT:?}"/run-* "$OUT"/results.* "$OUT"/*.png

# work_seconds FILE: a workload's own timing in its output FILE: the sum of
# its seconds= fields (generation and every run), or usemem-grow's total
# (its last line; step lines are left out).
work_seconds() {
	awk '/usemem-grow: step/ { next }
	     { for (i = 1; i <= NF; i++) if ($i ~ /^seconds=/) { sub(/seconds=/, "", $i); s += $i } }
	     END { printf "%.3f", s }' "$1" 2>/dev/null
}

# 1. The guest's slowdown on the work being measured: the three workloads
# at a size that needs no swap (32-64 MiB, the commands below), on the host
# and in a guest (calibrate.sh runs the same list), now; the slowdown is
# the geometric mean of the three ratios. calib's CPU loop and memcpy are
# reported beside it.
CALIB_WORKLOADS=("kmeans -m 32 -i 3 -S 0" "pagerank -m 32 -i 4" "usemem-grow -i 32 -t 32 -m 64 -r 2")
mkdir -p "$OUT/host-bin" "$OUT/calib-host"
for c in tests/tools/calib.c tests/bench/workloads/*.c; do
	gcc -O2 -Wall -static -o "$OUT/host-bin/$(basename "$c" .c)" "$c" || die "cannot build $c"
done
"$OUT/host-bin/calib" -r 5 >"$OUT/calib-host.txt"
for cmd in "${CALIB_WORKLOADS[@]}"; do
	# shellcheck disable=SC2086 # the options are words
	"$OUT/host-bin/${cmd%% *}" ${cmd#* } >"$OUT/calib-host/${cmd%% *}.out" ||
		die "a calibration workload failed on the host: $cmd"
done
{
	printf 'CALIB_WORKLOADS="%s"\n' "$(printf '%s\n' "${CALIB_WORKLOADS[@]}")"
	cat tests/bench/scenarios/calibrate.sh
} >"$OUT/calibrate.sh"
tests/rig/rig.sh --kernel "$KERNEL" --out "$OUT/run-calibrate" "$OUT/calibrate.sh" \
	>"$OUT/run-calibrate.log" 2>&1 || die "calibration run failed: $OUT/run-calibrate.log"
cp "$OUT/run-calibrate/node1/calib.txt" "$OUT/calib-guest.txt"
ratios=
for cmd in "${CALIB_WORKLOADS[@]}"; do
	w=${cmd%% *}
	ratios+=" $(awk -v g="$(work_seconds "$OUT/run-calibrate/node1/$w.out")" \
		-v h="$(work_seconds "$OUT/calib-host/$w.out")" \
		'BEGIN { if (g > 0 && h > 0) printf "%.3f", g / h; else print "x" }')"
done
SLOW=$(echo "$ratios" | awk -v n="${#CALIB_WORKLOADS[@]}" '{ for (i = 1; i <= NF; i++) { if ($i == "x") exit; l += log($i) }
	if (NF == n) printf "%.2f", exp(l / NF) }')
[[ -n $SLOW ]] || die "calibration gave no figures (ratios:$ratios)"
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }
ratio() { awk -v g="$(field "$1" "$OUT/calib-guest.txt")" -v h="$(field "$1" "$OUT/calib-host.txt")" \
	'BEGIN { if (h > 0) printf "%.2f", g / h }'; }

# 2. Raw 4 KiB RDMA latency next to gvtmem's own (make bench-rdma), before
# the device models: model B is derived from it. L_r: gvtmem's synchronous
# 4 KiB remote load, median (us); BW_r: its load of 8 adjacent pages at
# once (MB/s). Each is taken only if rdma.txt has it as a positive number.
tests/bench/rdma-latency.sh >"$OUT/rdma.txt" 2>&1 || say "bench: rdma latency run failed, see $OUT/rdma.txt"
LOAD_US=$(awk '/^gvtmem load \(RDMA READ, sync\) / && NF == 8 && $6 ~ /^[0-9.]+$/ && $6 > 0 { print $6 }' "$OUT/rdma.txt")
BATCH_MBPS=$(awk '/^gvtmem load, 8 adjacent at once, \/page / && NF == 10 && $10 ~ /^[0-9.]+$/ && $10 > 0 { print $10 }' "$OUT/rdma.txt")

# 3. The swap disk's device models (README.md, "The device models"). Each is
# a qemu throttle IOPS,BPS; its 4 KiB read costs 1e6 / IOPS us, and its
# ratio r = that / L_r.
# Model A: a SATA SSD (4 KiB random reads at queue depth 1: 10000 IOPS,
# 100 us each; 500 MB/s streaming), slowed by the guest's slowdown so that
# disk time keeps its real ratio to CPU time.
SSD_IOPS=10000 SSD_MBPS=500
IOPS_A=$(awk -v s="$SLOW" -v i="$SSD_IOPS" 'BEGIN { v = int(i / s); print v < 1 ? 1 : v }')
BPS_A=$(awk -v s="$SLOW" -v m="$SSD_MBPS" 'BEGIN { printf "%d", m * 1000000 / s }')
# Model B: the disk keeps today's ratio to remote memory: a 4 KiB read
# costs 20 L_r (NVMe at queue depth 1, 80-100 us, against an RDMA READ,
# 3-5 us) and streams at BW_r / 4 (PCIe Gen4 NVMe, about 3 GB/s, against a
# 100 Gb/s link, about 12 GB/s).
NVME_RATIO=20 NVME_BW_DIV=4
IOPS_B='' BPS_B='' SKIPPED=''
if [[ -n $LOAD_US && -n $BATCH_MBPS ]]; then
	IOPS_B=$(awk -v l="$LOAD_US" -v k="$NVME_RATIO" 'BEGIN { v = int(1000000 / (k * l) + 0.5); print v < 1 ? 1 : v }')
	BPS_B=$(awk -v b="$BATCH_MBPS" -v d="$NVME_BW_DIV" 'BEGIN { v = int(b * 1000000 / d); print v < 1 ? 1 : v }')
elif [[ " $MODELS " == *" B "* ]]; then
	SKIPPED="B"
	MODELS=${MODELS//B/}
	MODELS=${MODELS% }
	say "bench: ***** MODEL B SKIPPED: $OUT/rdma.txt has no gvtmem load figures" \
		"(sync median: ${LOAD_US:-none}, 8 adjacent MB/s: ${BATCH_MBPS:-none}); model B needs them." \
		"Its runs are skipped and this command will fail. *****"
fi
# model_line NAME IOPS BPS: the model's limits, its 4 KiB read and r.
model_line() {
	awk -v n="$1" -v i="$2" -v b="$3" -v l="$LOAD_US" 'BEGIN {
		rd = 1000000 / i
		printf "%s_iops=%d %s_bps=%d %s_read_us=%.1f %s_r=%s", n, i, n, b, n, rd, n,
			(l > 0 ? sprintf("%.2f", rd / l) : "n/a")
	}'
}
{
	echo "host: $(cat "$OUT/calib-host.txt")"
	echo "guest: $(cat "$OUT/calib-guest.txt")"
	echo "workload_ratios($(printf '%s\n' "${CALIB_WORKLOADS[@]}" | cut -d' ' -f1 | paste -sd,))=$(echo "${ratios# }" | tr " " ,) cpu_loop_ratio=$(ratio cpu_s) memcpy_ratio=$(ratio memcpy_s)"
	echo "slowdown=$SLOW ssd_iops=$SSD_IOPS ssd_mbps=$SSD_MBPS"
	echo "remote_load_us=${LOAD_US:-none} remote_batch_mbps=${BATCH_MBPS:-none} (rdma.txt: gvtmem's 4 KiB load, sync median; 8 adjacent at once)"
	echo "models=${MODELS:-none}${SKIPPED:+ skipped=$SKIPPED}"
	echo "$(model_line model_a "$IOPS_A" "$BPS_A") (model A: SSD ${SSD_IOPS} IOPS, ${SSD_MBPS} MB/s, / slowdown)"
	if [[ -n $IOPS_B ]]; then
		echo "$(model_line model_b "$IOPS_B" "$BPS_B") (model B: 4 KiB read = ${NVME_RATIO} x remote_load_us, bandwidth = remote_batch_mbps / ${NVME_BW_DIV})"
	else
		echo "model_b: not computed (no remote load figures in rdma.txt)"
	fi
	echo "size_mb=$SIZE reps=$REPS scenarios=$SCENARIOS"
	echo "configs=$CONFIGS"
	echo "unthrottled=$UNTHROTTLED"
	echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
	echo "host_kernel: $(uname -r); qemu: $(qemu-system-x86_64 --version | head -n1)"
	echo "rig_kernel: $KERNEL ($(cat "$(scripts/kernels.sh path "$KERNEL")/version" 2>/dev/null || echo "5.10 test build"))"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$OUT/calib.txt"
say "bench: guest slowdown ${SLOW}x; remote 4 KiB load ${LOAD_US:-?} us; model A disk: $(model_line model_a "$IOPS_A" "$BPS_A")"
[[ -n $IOPS_B ]] && say "bench: model B disk: $(model_line model_b "$IOPS_B" "$BPS_B")"
# A run's timeout guards against a hang; model B's disk is slower than
# model A's by IOPS_A / IOPS_B, and so may its runs be.
TIMEOUT_B=$TIMEOUT
[[ -n $IOPS_B ]] && TIMEOUT_B=$(awk -v t="$TIMEOUT" -v a="$IOPS_A" -v b="$IOPS_B" \
	'BEGIN { k = a / b; k = (k == int(k)) ? k : int(k) + 1; printf "%d", t * (k > 1 ? k : 1) }')

# 4. Every scenario under every configuration and device model, REPS
# times, interleaved so that drift in the machine's speed spreads over all
# configurations. A results line's disk column names the device: model-a,
# model-b or unthrottled.
printf 'rep\tscenario\tconfig\tdisk\tclient\tworkload\twall_s\twork_s\trc\tchecksum\tmaster\ttier2_messages\tmessages\tordered_pages\tverdict\n' \
	>"$OUT/results.tsv"
B=$SIZE L=$((SIZE / 2)) R=$((SIZE * 4))
MEM1=$(( (3 * B + L + 160 + 63) / 64 * 64 ))
MEM2=$(( (R + 256 + 63) / 64 * 64 ))
MEM=$(( MEM1 > MEM2 ? MEM1 : MEM2 ))
runs=0 bad=0
one_run() {
	local rep=$1 sc=$2 cfg=$3 disk=$4 dir scen throttle=() tmo=$TIMEOUT rc verdict master t2 msgs pages
	case $disk in
	model-a) throttle=(--swap-throttle "$IOPS_A,$BPS_A") ;;
	model-b) throttle=(--swap-throttle "$IOPS_B,$BPS_B") tmo=$TIMEOUT_B ;;
	esac
	dir=$OUT/run-$rep-s$sc-$cfg-$disk
	mkdir -p "$dir"
	scen=$dir/paper.sh
	{
		echo "# rig-nodes: 3"
		echo "# rig-mem: $MEM"
		echo "# rig-timeout: $tmo"
		echo "# rig-cmdline: brd.rd_nr=1 brd.rd_size=$((R * 1024))"
		[[ $cfg == *-shared ]] && echo "# rig-params: shared_gets=1"
		# Stock kernels: the alternatives' drivers are modules.
		case $cfg in
		zram) echo "# rig-stock-modules: zram" ;;
		nbd) echo "# rig-stock-modules: brd nbd" ;;
		nvmeof) echo "# rig-stock-modules: brd nvmet-rdma nvme-rdma" ;;
		esac
		echo "BENCH_SCENARIO=$sc BENCH_CONFIG=$cfg BENCH_B=$B BENCH_L=$L BENCH_R=$R"
		echo "BENCH_SET=\"$SET\""
		cat tests/bench/scenarios/paper.sh
	} >"$scen"
	say "bench: rep $rep, scenario $sc, $cfg, $disk disk"
	tests/rig/rig.sh --kernel "$KERNEL" "${throttle[@]}" --out "$dir/rig" "$scen" >"$dir/results.txt" 2>"$dir/rig.log"
	rc=$?
	verdict=ok
	(( rc == 0 )) || { verdict=failed; grep '^not ok' "$dir/results.txt" | head -n 3 >&2; }
	master=$(sed -n 's/^bench: master=//p' "$dir/rig/node1/scenario.log" 2>/dev/null)
	sum() { cat "$dir"/rig/node*/"$1" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
	t2=$(sum tier2_messages) msgs=$(sum messages) pages=$(sum ordered_pages)
	if [[ -s $dir/rig/node1/bench.tsv ]]; then
		# bench.tsv: client, workload, wall_s, rc, checksum
		while IFS=$'\t' read -r cl wl wall rcl sum; do
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
				"$rep" "$sc" "$cfg" "$disk" "$cl" "$wl" "$wall" \
				"$(work_seconds "$dir/rig/node1/$cl.out")" "$rcl" "$sum" \
				"${master:--}" "$t2" "$msgs" "$pages" "$verdict"
		done <"$dir/rig/node1/bench.tsv" >>"$OUT/results.tsv"
	else
		printf '%s\t%s\t%s\t%s\t-\t-\t0\t0\t-1\tnone\t-\t0\t0\t0\tfailed\n' \
			"$rep" "$sc" "$cfg" "$disk" >>"$OUT/results.tsv"
		verdict=failed
	fi
	# The nodes' disk images are not evidence: 100 runs of them fill a disk.
	rm -f "$dir"/rig/node*/*.img
	runs=$((runs + 1))
	[[ $verdict == ok ]] || bad=$((bad + 1))
	# Figures 2 and 4: tmem pages per client over time.
	[[ -s $dir/rig/node1/tmem-pages.tsv ]] &&
		cp "$dir/rig/node1/tmem-pages.tsv" "$OUT/tmem-pages-$rep-s$sc-$cfg-$disk.tsv"
	return 0
}
for rep in $(seq 1 "$REPS"); do
	for sc in $SCENARIOS; do
		for cfg in $CONFIGS; do
			for m in $MODELS; do
				one_run "$rep" "$sc" "$cfg" "model-${m,,}"
			done
		done
		for cfg in $UNTHROTTLED; do
			one_run "$rep" "$sc" "$cfg" unthrottled
		done
	done
done

# 5. The report.
python3 tests/bench/report.py "$OUT" || die "report failed"
say "bench: $runs runs, $bad failed; report: $OUT/report.md"
echo "$((runs - bad)) passed, $bad failed"
if [[ -n $SKIPPED ]]; then
	say "bench: ***** model B was skipped: no remote load figures in $OUT/rdma.txt; not a pass *****"
	echo "model B skipped"
	exit 1
fi
(( bad == 0 ))
