#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: every test layer of gvtmem, in order of cost.
#
#   1. host packages and kernels (fetched or built once, then cached)
#   2. builds: gvtmem.ko against the test, stock 5.10 and stock 6.1 kernels,
#      warning-free with W=1
#   3. style: checkpatch on every C file and header
#   4. user-space checks (tests/user/*.sh)
#   5. KUnit suites in a rig node on the test kernel
#   6. rig scenarios: the backend (frontswap, cleancache, tier 1) on the
#      test kernel, the transport, lending and remote zones, links that
#      go down and come back, the cluster
#      manager (membership, election, failover, policy, clean leave),
#      partition and heal, injected faults, a node-failure trial,
#      3-node smoke on the test kernel, 2-node smoke on each
#      stock kernel, and the rig's own crash-detection self-test
#
# Prints "ok NAME" / "not ok NAME # why" per test and ends with the line
# "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
shopt -s lastpipe  # record() runs last in pipelines and keeps its counts
cd "$(dirname "$0")/.."
. scripts/lib/common.sh

# The kernel the rig layers run on: "test", or "debug" (KASAN + lockdep)
# for `make check-debug`.
RIG_KERNEL=${RIG_KERNEL:-test}
OUT=tests/out
mkdir -p "$OUT"
LOG=$OUT/check.log
: >"$LOG"
passed=0 failed=0
start=$SECONDS

# record: read result lines on stdin, echo them, count them.
record() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*) passed=$((passed + 1)); echo "$line" ;;
		"not ok "*) failed=$((failed + 1)); echo "$line" ;;
		*) echo "$line" >>"$LOG" ;;
		esac
	done
}

# layer NAME: announce a layer with the time spent so far.
layer() { say "[$((SECONDS - start)) s] $*"; }

layer "host packages"
need_host_pkgs

layer "kernels (cached in $GVTMEM_CACHE; a fresh machine builds the test kernel, ~12 min)"
kernels=(test stock510 stock61 stock612)
[[ $RIG_KERNEL == test ]] || kernels+=("$RIG_KERNEL")
for k in "${kernels[@]}"; do
	# Progress lines (stderr) stay on the terminal: the first build is long.
	if scripts/kernels.sh ensure "$k" >>"$LOG"; then
		echo "ok kernel/$k"
	else
		echo "not ok kernel/$k # cannot fetch or build, see $LOG"
	fi
done | record

layer "module builds (W=1, warnings are failures)"
for k in test stock510 stock61 stock612; do
	kdir=$(scripts/kernels.sh path "$k" 2>/dev/null)/kdir || { echo "not ok build/$k # no kernel"; continue; }
	b=$OUT/build-$k
	rm -rf "$b" && mkdir -p "$b"
	rsync -a --exclude .git --exclude tests/out ./ "$b/"
	if ! make -C "$b" KDIR="$kdir" GVTMEM_TEST_HOOKS=1 >"$b.log" 2>&1; then
		echo "not ok build/$k # make failed, see $b.log"
	elif grep -q 'warning:' "$b.log"; then
		echo "not ok build/$k # $(grep -m1 'warning:' "$b.log")"
	elif [[ ! -e $b/gvtmem.ko ]]; then
		echo "not ok build/$k # no gvtmem.ko produced"
	else
		# The rig scenarios below load this build (rig.sh, step 1).
		echo "$kdir" >"$b/.rig-kdir"
		echo "ok build/$k"
	fi
done | record
export RIG_PREBUILT_ROOT=$PWD/$OUT

layer "checkpatch"
checkpatch=$(scripts/kernels.sh path test 2>/dev/null)/scripts/checkpatch.pl
if [[ -x $checkpatch ]]; then
	# Kernel code and the test programs alike.
	for f in $(git ls-files '*.[ch]' 2>/dev/null ||
		   find kernel gvtmem-backend rdma-transport tests -name '*.[ch]'); do
		if r=$("$checkpatch" --no-tree --quiet --show-types -f "$f" 2>&1) && [[ -z $r ]]; then
			echo "ok style/$f"
		else
			echo "$r" >>"$LOG"
			echo "not ok style/$f # $(echo "$r" | grep -m1 -E 'ERROR|WARNING|CHECK')"
		fi
	done
else
	echo "not ok style/checkpatch # checkpatch.pl not found in the test kernel tree"
fi | record

layer "user-space checks"
for t in tests/user/*.sh; do
	[[ -e $t ]] || continue
	bash "$t"
done | record

layer "fuzzing: frame decoder, payload validation, election, node states (${GVTMEM_FUZZ_SECONDS:-60} s)"
tests/fuzz/run.sh "${GVTMEM_FUZZ_SECONDS:-60}" 2>>"$LOG" | record

layer "model: block ownership, clean leave and loans over lossy links (Promela, spin)"
tests/model/run.sh 2>>"$LOG" | record

layer "KUnit (rig, $RIG_KERNEL kernel)"
tests/rig/rig.sh --kernel "$RIG_KERNEL" tests/scenarios/kunit.sh 2>>"$LOG" | record

# The scenarios on the rig kernel, each on as many nodes as its
# "# rig-nodes:" header says. kill-trial is one node-failure trial
# (replicas, a non-master killed); many of both modes and both victims:
# tests/rig/kill-trials.sh N.
for sc in frontswap cleancache tier1 sysfs-input modparams transport \
	  lend remote keep-loans shared-gets grant-ahead writebehind drain \
	  link-flap cluster leave partition faults kill-trial; do
	n=$(sed -n 's/^# rig-nodes: *//p' "tests/scenarios/$sc.sh")
	layer "rig: $sc ($n node$( ((n > 1)) && echo s), $RIG_KERNEL kernel)"
	tests/rig/rig.sh --kernel "$RIG_KERNEL" "tests/scenarios/$sc.sh" 2>>"$LOG" | record
done

layer "rig smoke: 3 nodes, $RIG_KERNEL kernel"
tests/rig/rig.sh --kernel "$RIG_KERNEL" --nodes 3 tests/scenarios/smoke.sh 2>>"$LOG" |
	sed "s/^\(not \)\?ok /&$RIG_KERNEL:/" | record
for k in stock510 stock61 stock612; do
	layer "rig smoke: 2 nodes, stock $k kernel"
	tests/rig/rig.sh --kernel "$k" --nodes 2 tests/scenarios/smoke.sh 2>>"$LOG" |
		sed "s/^\(not \)\?ok /&$k:/" | record
done
# The swap block device front end where frontswap is not to be had: on
# one node, then into a peer's memory with the lender killed.
for k in stock61 stock612; do
	layer "rig: swapdev (1 node, stock $k kernel)"
	tests/rig/rig.sh --kernel "$k" tests/scenarios/swapdev.sh 2>>"$LOG" |
		sed "s/^\(not \)\?ok /&$k:/" | record
	layer "rig: swapdev-remote (2 nodes, stock $k kernel)"
	tests/rig/rig.sh --kernel "$k" tests/scenarios/swapdev-remote.sh 2>>"$LOG" |
		sed "s/^\(not \)\?ok /&$k:/" | record
done
# Durability writebehind through the device, with staged writes posted in
# batches of 8 (backend/async_write_batch) and page loads on a queue pair
# of their own (transport/load_lane). On 6.1: on 6.12 the lender's
# soft-RoCE responder warned (rxe_mr_copy) under this load in one run of
# two (Documentation/testing.md).
layer "rig: swapdev-remote, writebehind, batched writes, load lane (2 nodes, stock stock61 kernel)"
RIG_CMDLINE="rig.durability=writebehind rig.gvset.backend.async_write_batch=8 rig.gvset.transport.load_lane=1" \
	tests/rig/rig.sh --kernel stock61 --out "$OUT/swapdev-remote-writebehind-stock61" \
	tests/scenarios/swapdev-remote.sh 2>>"$LOG" |
	sed "s/^\(not \)\?ok /&stock61-writebehind:/" | record

# The module trees tests/user/dkms.sh installed with `dkms install`.
for k in stock510 stock61 stock612; do
	layer "rig: DKMS-installed gvtmem, plain modprobe (stock $k kernel)"
	if [[ -d $OUT/dkms-$k/lib/modules ]]; then
		tests/rig/rig.sh --kernel "$k" --modtree "$OUT/dkms-$k" \
			tests/scenarios/dkms-modprobe.sh 2>>"$LOG" |
			sed "s/^\(not \)\?ok /&$k:/" | record
	else
		echo "not ok dkms-modprobe/$k # no module tree: dkms install failed (user-space layer)" | record
	fi
done

# Extra scenarios named by the caller (e.g. a scenario under development):
#   GVTMEM_EXTRA_SCENARIOS="tests/scenarios/x.sh ..." make check
for sc in ${GVTMEM_EXTRA_SCENARIOS:-}; do
	layer "rig: extra scenario $sc ($RIG_KERNEL kernel)"
	tests/rig/rig.sh --kernel "$RIG_KERNEL" "$sc" 2>>"$LOG" |
		sed "s|^\(not \)\?ok |&$(basename "$sc" .sh):|" | record
done

layer "rig self-test: a crashing node fails the run"
tests/rig/selftest.sh "$RIG_KERNEL" 2>>"$LOG" | record

layer "done in $((SECONDS - start)) s (details: $LOG)"
echo "$passed passed, $failed failed"
(( failed == 0 ))
