#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark's report (tests/bench/report.py) on made-up results whose
# answers are known: medians and spreads as computed by hand, per device
# model, with results from before the two models read as model A's; "vs
# greedy-local" and every target computed within its model; each model's
# ratio r; a failed run left out of every figure and named; the JSON and
# the plots written; and calib builds and prints its figures. bench/run.sh
# refuses bad options before it starts anything.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
work=$(mktemp -d /tmp/gvtmem-report.XXXXXX)
trap 'rm -rf "$work"' EXIT

check() { # NAME CMD...
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok bench-report/$name"; else echo "not ok bench-report/$name # $*"; fi
}

# Scenario 2 under both device models. Two runs of every configuration
# under each; client times: the run's number times a configuration factor,
# so medians are known: factor * 1.5, and so is each spread: the factor.
# Model A's second run is written as results from before the two models
# wrote it ("throttled"): its medians come out right only if that run is
# read as model A's.
# results ROWS_A2_LABEL: the made-up results.tsv on stdout.
results() {
	printf 'rep\tscenario\tconfig\tdisk\tclient\tworkload\twall_s\twork_s\trc\tchecksum\tmaster\ttier2_messages\tmessages\tordered_pages\tverdict\n'
	local rep disk cf cfg f c t
	for rep in 1 2; do
		disk=model-a
		(( rep == 2 )) && disk=$1
		for cf in disk:40 greedy-local:20 greedy-remote:10 ttm:12 adaptive:11 adaptive-replicas:50 zswap:18 zram:19 nbd:8 nvmeof:9; do
			cfg=${cf%%:*} f=${cf##*:}
			for c in c1 c2 c3; do
				t=$((rep * f))
				printf '%s\t2\t%s\t%s\t%s\tusemem-grow\t%s\t%s\t0\t0x1\t3\t6\t900\t4096\tok\n' \
					"$rep" "$cfg" "$disk" "$c" "$((t + 1))" "$t"
			done
		done
	done
	# A third model A adaptive run whose client failed its check: left out.
	printf '3\t2\tadaptive\tmodel-a\tc1\tusemem-grow\t1\t1\t1\tnone\t3\t6\t900\t4096\tok\n'
	# A third model A greedy-remote run whose master was node 1: left out.
	for c in c1 c2 c3; do
		printf '3\t2\tgreedy-remote\tmodel-a\t%s\tusemem-grow\t91\t90\t0\t0x1\t1\t6\t900\t4096\tok\n' "$c"
	done
}
{
	results throttled
	for rep in 1 2; do
		for cf in disk:100 greedy-local:18 greedy-remote:16 ttm:14 adaptive:30 zswap:18 zram:19 nbd:40 nvmeof:9; do
			cfg=${cf%%:*} f=${cf##*:}
			for c in c1 c2 c3; do
				t=$((rep * f))
				printf '%s\t2\t%s\tmodel-b\t%s\tusemem-grow\t%s\t%s\t0\t0x1\t3\t6\t900\t4096\tok\n' \
					"$rep" "$cfg" "$c" "$((t + 1))" "$t"
			done
		done
	done
	for cf in disk:5 adaptive:7; do
		for c in c1 c2 c3; do
			printf '1\t2\t%s\tunthrottled\t%s\tusemem-grow\t%s\t%s\t0\t0x1\t3\t6\t900\t4096\tok\n' \
				"${cf%%:*}" "$c" "$((${cf##*:} + 1))" "${cf##*:}"
		done
	done
} >"$work/results.tsv"
# rdma.txt as rdma-latency.sh writes it: the remote load L_r = 500 us.
rdma() {
	printf '%-34s %12s %12s %10s\n' "gvtmem load (RDMA READ, sync)" 500.0 900.0 8
	printf '%-34s %12s %12s %10s\n' "gvtmem load, 8 adjacent at once, /page" 250.0 400.0 16
	echo "ratio gvtmem load / ib_read_lat, median: 1.40 (target <= 1.25)"
}
rdma >"$work/rdma.txt"
# The models' disks: 1000 and 100 IOPS, so r = 1000 us / 500 us = 2 and
# 10000 us / 500 us = 20.
printf 'slowdown=10.00 ssd_iops=10000 ssd_mbps=500\nmodels=A B\nmodel_a_iops=1000 model_a_bps=50000000\nmodel_b_iops=100 model_b_bps=4000000\n' \
	>"$work/calib.txt"

check runs python3 tests/bench/report.py "$work"
md=$work/report.md
check report-written test -s "$md"
check json-parses python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$work/results.json"
check plot-written-model-a test -s "$work/fig-times-s2-model-a.png"
check plot-written-model-b test -s "$work/fig-times-s2-model-b.png"
check plot-written-unthrottled test -s "$work/fig-times-s2-unthrottled.png"
check plot-from-zero grep -q '^set yrange \[0:\*\]' tests/bench/report.py
check plot-spread-bars grep -q '^set style histogram errorbars' tests/bench/report.py
check device-model-a grep -qF '| model A | 1000 IOPS, 50000000 B/s | 1000.0 us | 500.0 us | 2.00 | 50.0 MB/s | 16 MB/s |' "$md"
check device-model-b grep -qF '| model B | 100 IOPS, 4000000 B/s | 10000.0 us | 500.0 us | 20.00 | 4.0 MB/s | 16 MB/s |' "$md"
# Model A's greedy-remote: runs 10 (model-a) and 20 ("throttled"), median
# 15 for every client.
check old-throttled-is-model-a grep -q '^| greedy-remote | model-a | 15.0 (n=2, 10.0-20.0) |' "$md"
check no-throttled-label sh -c "! grep -q '| throttled |' '$md'"
check median-model-b grep -q '^| greedy-remote | model-b | 24.0 (n=2, 16.0-32.0) |' "$md"
check median-unthrottled grep -q '^| adaptive | unthrottled | 7.0 (n=1) | .* | - |$' "$md"
# Mean of clients vs greedy-local within the model: model A (30 - 15) / 30
# = +50%; model B (27 - 24) / 27 = +11.1% (against model A's greedy-local
# it would be +20%).
check improvement-model-a grep -q '^| greedy-remote | model-a .*| +50.0% |$' "$md"
check improvement-model-b grep -q '^| greedy-remote | model-b .*| +11.1% |$' "$md"
check master-on-clients-node-named grep -q 'master was node 1.*rep 3 scenario 2 greedy-remote (model-a disk)' "$md"
check failed-run-named grep -q 'rep 3 scenario 2 adaptive (model-a disk)' "$md"
check failed-run-left-out grep -q '^| adaptive | model-a | 16.5 (n=2, 11.0-22.0) |' "$md"
# Model A's targets: adaptive-replicas (75) is slower than disk (60);
# greedy-remote (15) is faster than greedy-local (30); the best policy,
# greedy-remote (15), loses to nbd (12) and nvmeof (13.5); adaptive (16.5)
# is within greedy-remote's spread (10) of it.
check a-slower-than-disk grep -qF '| no gvtmem configuration slower than disk swap | model A | 2 | disk 60.0 s; slower: adaptive-replicas 75.0 s | missed |' "$md"
check a-remote-vs-local grep -qF '| greedy-remote faster than greedy-local or within its spread | model A | 2 | greedy-remote 15.0 s, greedy-local 30.0 s, spread 20.0 s (n=2) | met |' "$md"
check a-loses-to-nbd grep -qF '| best policy beats nbd swap | model A | 2 | greedy-remote 15.0 s, nbd 12.0 s | missed |' "$md"
check a-adaptive-within-spread grep -qF '| adaptive within the run-to-run spread of the better of greedy-remote, ttm | model A | 2 | adaptive 16.5 s, greedy-remote 15.0 s, spread 10.0 s (n=2) | met |' "$md"
check a-no-2x-target sh -c "! grep -q '^| best policy at least 2x faster than disk swap | model A' '$md'"
# Model B's targets: greedy-remote gains 11.1% (< 19%) over greedy-local;
# the best policy, ttm (21), is 150 / 21 = 7.14x faster than disk, beats
# nbd (60), loses to nvmeof (13.5); adaptive (45) is beyond ttm's 21 plus
# its spread 14.
check b-remote-19pct grep -qF '| greedy-remote at least 19% faster than greedy-local | model B | 2 | greedy-remote 24.0 s, greedy-local 27.0 s: +11.1% | missed |' "$md"
check b-beats-disk grep -qF '| best policy at least 2x faster than disk swap | model B | 2 | ttm 21.0 s, disk 150.0 s: 7.14x | met |' "$md"
check b-beats-nbd grep -qF '| best policy beats nbd swap | model B | 2 | ttm 21.0 s, nbd 60.0 s | met |' "$md"
check b-loses-to-nvmeof grep -qF '| best policy beats nvmeof swap | model B | 2 | ttm 21.0 s, nvmeof 13.5 s | missed |' "$md"
check b-adaptive-beyond-spread grep -qF '| adaptive within the run-to-run spread of the better of greedy-remote, ttm | model B | 2 | adaptive 45.0 s, ttm 21.0 s, spread 14.0 s (n=2) | missed |' "$md"
check b-no-slower-than-disk-target sh -c "! grep -q '^| no gvtmem configuration slower than disk swap | model B' '$md'"
check targets-in-json python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))['targets']
v = {(x['target'], x['model']): x['verdict'] for x in t if x['scenario'] == '2'}
assert v[('greedy-remote at least 19% faster than greedy-local', 'model-b')] == 'missed'
assert v[('no gvtmem configuration slower than disk swap', 'model-a')] == 'missed'
assert v[('best policy at least 2x faster than disk swap', 'model-b')] == 'met'
" "$work/results.json"
# 20 gvtmem runs (model A: 5 configurations x 2, and the failed third
# adaptive run, not the one whose master was node 1; model B: 4 x 2; the
# unthrottled adaptive run): 20 x 6 messages for 20 x 8 blocks of 2 MiB.
check control-traffic grep -q '^| control traffic at most one message per 2 MiB moved | all | all | 120 tier-2 messages .* 160 x 2 MiB ordered moved: 0.75 per 2 MiB.* | met |' "$md"
# Peak gains per model: A: greedy-remote 15 vs greedy-local 30: +50%; the
# better of ttm (18) and adaptive (16.5) vs greedy-remote 15: -10%.
# B: 24 vs 27: +11.1%; ttm 21 vs greedy-remote 24: +12.5%.
check paper-aggregation-a grep -q '^| remote memory over local alone .* | model A | 76.8% | +50.0% (scenario 2) |$' "$md"
check paper-policies-a grep -q '^| managed policy over greedy .* | model A | 37.5% | -10.0% (scenario 2, adaptive) |$' "$md"
check paper-aggregation-b grep -q '^| remote memory over local alone .* | model B | 76.8% | +11.1% (scenario 2) |$' "$md"
check paper-policies-b grep -q '^| managed policy over greedy .* | model B | 37.5% | +12.5% (scenario 2, ttm) |$' "$md"
check rdma-ratio-missed grep -q '^| remote 4 KiB load within 1.25x of raw RDMA READ | - | - | ratio 1.40 | missed |' "$md"

# Results from before the two models: every throttled run is model A's,
# its limits are calib.txt's throttle_iops and throttle_bps, and L_r comes
# from rdma.txt.
mkdir -p "$work/old"
results throttled | sed 's/\tmodel-a\t/\tthrottled\t/' >"$work/old/results.tsv"
rdma >"$work/old/rdma.txt"
echo "slowdown=10.00 ssd_iops=10000 ssd_mbps=500 throttle_iops=1000 throttle_bps=50000000" >"$work/old/calib.txt"
check old-runs python3 tests/bench/report.py "$work/old"
check old-as-model-a grep -q '^| greedy-remote | model-a | 15.0 (n=2, 10.0-20.0) | .* | +50.0% |$' "$work/old/report.md"
check old-device-model-a grep -qF '| model A | 1000 IOPS, 50000000 B/s | 1000.0 us | 500.0 us | 2.00 |' "$work/old/report.md"
check old-no-model-b sh -c "! grep -q '^| model B \|model-b' '$work/old/report.md'"

# Model B skipped (no remote load figures): the report says so.
mkdir -p "$work/skip"
results model-a >"$work/skip/results.tsv"
echo "ratio gvtmem load / ib_read_lat, median: 1.10 (target <= 1.25)" >"$work/skip/rdma.txt"
printf 'models=A skipped=B\nmodel_a_iops=1000 model_a_bps=50000000 model_a_r=n/a\nmodel_b: not computed\n' >"$work/skip/calib.txt"
check skip-runs python3 tests/bench/report.py "$work/skip"
check skip-named grep -qF '| model B | **skipped: no remote load figures in rdma.txt** |' "$work/skip/report.md"
check skip-model-a-unmeasured-r grep -qF '| model A | 1000 IOPS, 50000000 B/s | 1000.0 us | not measured | - |' "$work/skip/report.md"

# calib: host figures on stdout.
if gcc -O2 -Wall -Wextra -Werror -o "$work/calib" tests/tools/calib.c 2>"$work/calib.log"; then
	echo "ok bench-report/calib-builds"
	check calib-prints sh -c "'$work/calib' -r 1 | grep -qE '^calib: cpu_s=[0-9.]+ memcpy_s=[0-9.]+ memcpy_mbps=[0-9]+ check=0x[0-9a-f]{16}$'"
	check calib-bad-option sh -c "! '$work/calib' -r 0"
else
	echo "not ok bench-report/calib-builds # $(head -n1 "$work/calib.log")"
fi

for bad in "--size 12" "--reps 0" "--configs floppy" "--scenarios 4" "--models C" "--nonsense"; do
	# shellcheck disable=SC2086
	if out=$(tests/bench/run.sh $bad 2>&1); then
		echo "not ok bench-report/run-refuses '$bad' # accepted"
	elif grep -q 'tests/out/bench' <<<"$out" || [[ -e tests/out/bench/calib-host.txt && tests/out/bench/calib-host.txt -nt $work/results.tsv ]]; then
		echo "not ok bench-report/run-refuses '$bad' # started before refusing"
	else
		echo "ok bench-report/run-refuses '$bad'"
	fi
done
