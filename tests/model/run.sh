#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the Promela models with spin, then check that each can fail.
#
# ownership.pml: block ownership, clean leave and a suspected borrower's
# recovery or fencing: safety (assertions: one holder per block, no page
# lost; no invalid end state, i.e. no deadlock) and liveness (every leave
# finishes, under weak fairness). Four broken variants (no writethrough;
# a donor that lends a block it lent already; a master that forgets a
# borrower in Force-Return; a fence that takes a block back but leaves
# the fenced borrower's registration valid) must each be caught.
#
# loans.pml: acknowledged Grants and Returns over a connection that loses
# frames and resets (keep_loans): safety with one borrower and with two
# (no block reachable twice, a block in a zone once, acknowledgements
# only for blocks taken, no page lost, a Grant taken back for want of an
# acknowledgement only after every send was lost; no invalid end state)
# and liveness (the books converge, under weak fairness). Five broken
# variants (a borrower that takes a resent Grant of a block it holds
# again; a donor that takes a block back without invalidating its
# registration; a Grant taken in part and acknowledged whole; no resend;
# a borrower that keeps blocks a pass did not list) must each be caught.
# With -DSTRICT it also checks that a borrower never takes a block its
# donor no longer lends, and a borrower that forgets which blocks it gave
# back (so takes a resent Grant that crossed its Return) must be caught.
#
# GVTMEM_MODEL_FULL=1 runs the larger checks (see below).
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
need_pkgs spin gcc
out=tests/out/model
mkdir -p "$out"
cp tests/model/ownership.pml tests/model/loans.pml "$out/"
cd "$out" || exit 1
BOUNDS="-DMAX_ORDERS=1 -DMAX_PUTS=1"	# ownership.pml's
HASH=-w28	# liveness hash table: 2^28 slots (2 GB)

# verify NAME MODEL MODE: run spin + pan; print pan's summary on stdout.
# The model's bounds are in BOUNDS, liveness's hash table size in HASH.
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
		"./pan-$name" -a -f -m200000 $HASH >"$name.log" 2>&1
	fi
	grep -q 'Search not completed' "$name.log" && ! grep -q 'errors: [1-9]' "$name.log" &&
		{ echo "search not completed"; return 2; }
	grep -q 'errors: 0' "$name.log"
}

# Liveness with the recovery path takes 85 million states, 7 GB and
# about 6.5 minutes here: on demand (GVTMEM_MODEL_FULL=1). By default the
# leave's liveness is checked without suspicion, its safety with it.
liveness_model=liveness
full=${GVTMEM_MODEL_FULL:-0}
if [[ $full == 1 ]]; then
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
# catches NAME BASE MODE: spin finds an error in NAME.pml, a broken
# variant of BASE (with BOUNDS as set).
catches() {
	local name=$1 base=$2 mode=$3
	if cmp -s "$name.pml" "$base"; then
		echo "not ok model/catches-$name # the mutation did not apply"
		return
	fi
	verify "$name" "$name.pml" "$mode" >/dev/null
	if grep -q 'errors: [1-9]' "$name.log" 2>/dev/null; then
		echo "ok model/catches-$name # $(grep -m1 -E 'pan:1' "$name.log")"
	else
		echo "not ok model/catches-$name # spin found nothing wrong"
	fi
}
for m in no-writethrough:safety double-lend:safety forgotten-borrower:liveness fence-keeps-access:safety; do
	catches "${m%%:*}" ownership.pml "${m##*:}"
done

# Loans. Safety with one borrower (2 lost frames) takes 0.8 million
# states, under 10 s; with two (1 lost frame) 4.7 million, 25 s, 0.6 GB;
# liveness with one (1 lost frame) 0.6 million, about 25 s.
# GVTMEM_MODEL_FULL=1: 2 lost frames throughout (two borrowers: 16
# million states, 2 GB, about 2 minutes; liveness about 1 minute).
HASH=-w24
loss=1
[[ $full == 1 ]] && loss=2
checks=(
	"loans-safety:safety:-DMAX_LOSS=2"
	"loans-safety-two-borrowers:safety:-DNBOR=2 -DMAX_LOSS=$loss"
	"loans-liveness:liveness:-DMAX_LOSS=$loss"
	"loans-strict:safety:-DSTRICT -DMAX_LOSS=2"
)
for c in "${checks[@]}"; do
	IFS=: read -r name mode BOUNDS <<<"$c"
	start=$SECONDS
	if verify "$name" loans.pml "$mode"; then
		echo "ok model/$name # $(grep -o '[0-9.e+]* states, stored' "$name.log"), $((SECONDS - start)) s"
	else
		echo "not ok model/$name # $(grep -m1 -E 'pan:1|errors' "$name.log") (see $out/$name.log)"
	fi
done

sed 's/fresh = m & ~hold\[x\] & ~gb\[x\];/fresh = m \& ~gb[x];/' loans.pml >loans-no-dedupe.pml
sed 's/fresh = m & ~hold\[x\] & ~gb\[x\];/fresh = m \& ~hold[x];/' loans.pml >loans-takes-given-back.pml
sed 's/^\tvalid = valid & ~NOW(b);$/\tskip;/' loans.pml >loans-take-back-keeps-access.pml
sed 's|^\t:: lost < MAX_LOSS -> lost++\t/\* no memory.*$|\t:: lost < MAX_LOSS -> lost++; fresh = m \& -m \& ~hold[x]; hold[x] = hold[x] \| fresh; cur[x] = cur[x] \| fresh; took[x] = took[x] \| fresh; b2d[x]!ACK, m; fresh = 0|' \
	loans.pml >loans-partial-grant.pml
sed 's/:: sameconn & BIT(b) -> m = m | NOW(b)$/:: sameconn \& BIT(b) -> skip/' loans.pml >loans-no-resend.pml
sed 's/^\tstale = hold\[x\] & ~cur\[x\];$/\tstale = 0;/' loans.pml >loans-keeps-unlisted.pml
for m in no-dedupe:safety take-back-keeps-access:safety partial-grant:safety \
	 no-resend:safety keeps-unlisted:liveness takes-given-back:safety; do
	BOUNDS="-DMAX_LOSS=2"
	[[ $m == takes-given-back:* ]] && BOUNDS="-DSTRICT -DMAX_LOSS=1"
	[[ ${m##*:} == liveness ]] && BOUNDS="-DMAX_LOSS=1"
	catches "loans-${m%%:*}" loans.pml "${m##*:}"
done
