#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the Promela model of block ownership, clean leave and a suspected
# borrower's recovery or fencing with spin: safety (assertions: one
# holder per block, no page lost; no invalid end state, i.e. no deadlock)
# and liveness (every leave finishes, under weak fairness). Then check
# that the model can fail: four broken variants (no writethrough; a donor
# that lends a block it lent already; a master that forgets a borrower in
# Force-Return; a fence that takes a block back but leaves the fenced
# borrower's registration valid) must each be caught.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
need_pkgs spin gcc
out=tests/out/model
mkdir -p "$out"
cp tests/model/ownership.pml "$out/"
cd "$out" || exit 1
BOUNDS="-DMAX_ORDERS=1 -DMAX_PUTS=1"

# verify NAME MODEL MODE: run spin + pan; print pan's summary on stdout.
verify() {
	local name=$1 model=$2 mode=$3 flags
	rm -f pan pan.* "$model.trail"
	spin $BOUNDS -a "$model" >"$name.spin.log" 2>&1 || { echo "spin failed"; return 2; }
	if [[ $mode == safety ]]; then
		flags="-DSAFETY -DNOCLAIM"
	else
		flags="-DNFAIR=3"
	fi
	gcc -O2 $flags -DCOLLAPSE -DMEMLIM="${MEMLIM:-4000}" -o "pan-$name" pan.c >"$name.gcc.log" 2>&1 ||
		{ echo "pan does not build"; return 2; }
	if [[ $mode == safety ]]; then
		"./pan-$name" -m200000 >"$name.log" 2>&1
	else
		"./pan-$name" -a -f -m200000 -w28 >"$name.log" 2>&1
	fi
	grep -q 'Search not completed' "$name.log" && ! grep -q 'errors: [1-9]' "$name.log" &&
		{ echo "search not completed"; return 2; }
	grep -q 'errors: 0' "$name.log"
}

# Liveness with the recovery path takes 85 million states, 7 GB and
# about 6.5 minutes here: on demand (GVTMEM_MODEL_FULL=1). By default the
# leave's liveness is checked without suspicion, its safety with it.
liveness_model=liveness
if [[ ${GVTMEM_MODEL_FULL:-0} == 1 ]]; then
	MEMLIM=10000
else
	sed 's/^#ifdef NO_RECOVERY$/#if 1/' ownership.pml >ownership-norecovery.pml
	liveness_model=liveness-without-recovery
fi
for mode in safety liveness; do
	start=$SECONDS
	model=ownership.pml name=$mode
	if [[ $mode == liveness && $liveness_model != liveness ]]; then
		model=ownership-norecovery.pml name=$liveness_model
	fi
	if verify "$name" "$model" "$mode"; then
		echo "ok model/ownership-$name # $(grep -o '[0-9.e+]* states, stored' "$name.log"), $((SECONDS - start)) s"
	else
		echo "not ok model/ownership-$name # $(grep -m1 -E 'pan:1|errors' "$name.log") (see $out/$name.log)"
	fi
done

sed 's/on_disk\[x\] = true; page_live/on_disk[x] = false; page_live/' ownership.pml >no-writethrough.pml
sed 's/:: !leaving \&\& owner\[1\] == FREE ->/:: !leaving \&\& owner[1] != 99 ->/' ownership.pml >double-lend.pml
sed 's/^\t\tto_b\[2\]!FORCE_RETURN, 0$/\t\tskip/' ownership.pml >forgotten-borrower.pml
sed 's/^\t\t\tmr\[b\] = mr\[b\] \& ~BIT(x)$/\t\t\tskip/' ownership.pml >fence-keeps-access.pml
for m in no-writethrough:safety double-lend:safety forgotten-borrower:liveness fence-keeps-access:safety; do
	name=${m%%:*} mode=${m##*:}
	if cmp -s "$name.pml" ownership.pml; then
		echo "not ok model/catches-$name # the mutation did not apply"
	else
		verify "$name" "$name.pml" "$mode" >/dev/null
		if grep -q 'errors: [1-9]' "$name.log" 2>/dev/null; then
			echo "ok model/catches-$name # $(grep -m1 -E 'pan:1' "$name.log")"
		else
			echo "not ok model/catches-$name # spin found nothing wrong"
		fi
	fi
done
