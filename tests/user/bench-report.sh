#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark's report (tests/bench/report.py) on made-up results whose
# answers are known: medians and spreads as computed by hand, a failed run
# left out of every figure and named, each target met or missed as the
# figures say, the JSON and the plots written; and calib builds and prints
# its figures. bench/run.sh refuses bad options before it starts anything.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
work=$(mktemp -d /tmp/gvtmem-report.XXXXXX)
trap 'rm -rf "$work"' EXIT

check() { # NAME CMD...
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok bench-report/$name"; else echo "not ok bench-report/$name # $*"; fi
}

# Two runs of every configuration in scenario 2. Client times: the run's
# number times a configuration factor, so medians are known: factor * 1.5.
{
	printf 'rep\tscenario\tconfig\tdisk\tclient\tworkload\twall_s\twork_s\trc\tchecksum\tmaster\ttier2_messages\tmessages\tordered_pages\tverdict\n'
	for rep in 1 2; do
		for cf in disk:40 greedy-local:20 greedy-remote:10 ttm:12 adaptive:11 zswap:18 zram:19 nbd:8 nvmeof:9; do
			cfg=${cf%%:*} f=${cf##*:}
			for c in c1 c2 c3; do
				t=$((rep * f))
				printf '%s\t2\t%s\tthrottled\t%s\tusemem-grow\t%s\t%s\t0\t0x1\t3\t6\t900\t4096\tok\n' \
					"$rep" "$cfg" "$c" "$((t + 1))" "$t"
			done
		done
	done
	# A third adaptive run whose client failed its check: left out.
	printf '3\t2\tadaptive\tthrottled\tc1\tusemem-grow\t1\t1\t1\tnone\t3\t6\t900\t4096\tok\n'
	# A third greedy-remote run whose master was node 1: left out.
	for c in c1 c2 c3; do
		printf '3\t2\tgreedy-remote\tthrottled\t%s\tusemem-grow\t91\t90\t0\t0x1\t1\t6\t900\t4096\tok\n' "$c"
	done
} >"$work/results.tsv"
echo "slowdown=10.00 throttle_iops=1000" >"$work/calib.txt"
echo "ratio gvtmem load / ib_read_lat, median: 1.40 (target <= 1.25)" >"$work/rdma.txt"

check runs python3 tests/bench/report.py "$work"
md=$work/report.md
check report-written test -s "$md"
check json-parses python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$work/results.json"
check plot-written test -s "$work/fig-times-s2.png"
# greedy-remote: runs 10 and 20, median 15 for every client.
check median-and-spread grep -q '^| greedy-remote | throttled | 15.0 (n=2, 10.0-20.0) |' "$md"
# Mean of clients vs greedy-local (median 30): (30 - 15) / 30 = +50%.
check improvement grep -q '^| greedy-remote | throttled .*| +50.0% |$' "$md"
check master-on-clients-node-named grep -q 'master was node 1.*rep 3 scenario 2 greedy-remote' "$md"
check failed-run-named grep -q 'rep 3 scenario 2 adaptive' "$md"
check failed-run-left-out grep -q '^| adaptive | throttled | 16.5 (n=2, 11.0-22.0) |' "$md"
check remote-beats-local grep -q '^| greedy-remote beats greedy-local | 2 | .* | met |' "$md"
# Best policy greedy-remote (15) vs disk (60): 4x.
check beats-disk grep -q '^| best policy at least 2x faster than disk swap | 2 | greedy-remote 15.0 s, disk 60.0 s: 4.00x | met |' "$md"
check loses-to-nbd grep -q '^| best policy beats nbd swap | 2 | .* | missed |' "$md"
# adaptive 16.5 vs greedy-remote 15 with spread 10: within.
check adaptive-within-spread grep -q '^| adaptive within the run-to-run spread .* | met |' "$md"
# 8 gvtmem runs (4 policies x 2; the failed third is a run too, the one
# whose master was node 1 is not): 9 x 6 messages for 9 x 8 blocks of 2 MiB.
check control-traffic grep -q '^| control traffic at most one message per 2 MiB moved | all | 54 tier-2 messages .* 72 x 2 MiB ordered moved: 0.75 per 2 MiB.* | met |' "$md"
# Peak gains: greedy-remote 15 vs greedy-local 30: +50%; the better of
# ttm (18) and adaptive (16.5) vs greedy-remote 15: -10%.
check paper-aggregation grep -q '^| remote memory over local alone .* | 76.8% | +50.0% (scenario 2) |$' "$md"
check paper-policies grep -q '^| managed policy over greedy .* | 37.5% | -10.0% (scenario 2, adaptive) |$' "$md"
check rdma-ratio-missed grep -q '^| remote 4 KiB load within 1.25x of raw RDMA READ | - | ratio 1.40 | missed |' "$md"

# calib: host figures on stdout.
if gcc -O2 -Wall -Wextra -Werror -o "$work/calib" tests/tools/calib.c 2>"$work/calib.log"; then
	echo "ok bench-report/calib-builds"
	check calib-prints sh -c "'$work/calib' -r 1 | grep -qE '^calib: cpu_s=[0-9.]+ memcpy_s=[0-9.]+ memcpy_mbps=[0-9]+ check=0x[0-9a-f]{16}$'"
	check calib-bad-option sh -c "! '$work/calib' -r 0"
else
	echo "not ok bench-report/calib-builds # $(head -n1 "$work/calib.log")"
fi

for bad in "--size 12" "--reps 0" "--configs floppy" "--scenarios 4" "--nonsense"; do
	# shellcheck disable=SC2086
	if out=$(tests/bench/run.sh $bad 2>&1); then
		echo "not ok bench-report/run-refuses '$bad' # accepted"
	elif grep -q 'tests/out/bench' <<<"$out" || [[ -e tests/out/bench/calib-host.txt && tests/out/bench/calib-host.txt -nt $work/results.tsv ]]; then
		echo "not ok bench-report/run-refuses '$bad' # started before refusing"
	else
		echo "ok bench-report/run-refuses '$bad'"
	fi
done
