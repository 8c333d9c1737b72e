#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Repeated node-failure trials (tests/scenarios/kill-trial.sh), rotating
# the durability mode (writethrough, replicas, writebehind) and the victim
# (another node, the master), each killed at a random moment of the load.
#
#   kill-trials.sh [--kernel test|debug|stock61|stock612] [--out DIR] [--seed S] N
#
# Writes DIR/trials.tsv (one line per trial: mode, victim kind, delay,
# victim node, verdict, re-replication times in ms on the survivors,
# survivors' usemem results) and prints it with "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib/common.sh"

KERNEL=test OUT=$GVTMEM_ROOT/tests/out/kill-trials SEED=$$
while (( $# )); do
	case $1 in
	--kernel) KERNEL=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--seed) SEED=$2; shift 2 ;;
	-h|--help) sed -n '3,11p' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
N=${1:-}
[[ $N =~ ^[1-9][0-9]*$ ]] || die "usage: kill-trials.sh [options] N"
RANDOM=$SEED
mkdir -p "$OUT"
tsv=$OUT/trials.tsv
printf 'trial\tmode\tvictim\tdelay_s\tvictim_node\tverdict\trereplication_ms\tusemem\n' >"$tsv"
pass=0 fail=0
for t in $(seq 1 "$N"); do
	modes=(writethrough replicas writebehind) kinds=(other master)
	mode=${modes[$(( (t - 1) % 3 ))]}
	kind=${kinds[$(( (t - 1) / 2 % 2 ))]}
	delay=$(( RANDOM % 15 ))
	dir=$OUT/trial-$t
	mkdir -p "$dir"
	{
		echo "TRIAL_MODE=$mode TRIAL_VICTIM=$kind TRIAL_DELAY=$delay"
		cat "$GVTMEM_ROOT/tests/scenarios/kill-trial.sh"
	} >"$dir/kill-trial.sh"
	say "kill trial $t/$N: $mode, victim $kind, at +$delay s"
	"$GVTMEM_ROOT/tests/rig/rig.sh" --kernel "$KERNEL" --out "$dir/rig" \
		"$dir/kill-trial.sh" >"$dir/results.txt" 2>"$dir/rig.log"
	rc=$?
	victim=$(sed -n 's|^ok node\([0-9]*\)/killed-on-request|\1|p' "$dir/results.txt")
	rerep=$(grep -ho 'rereplication_ms=[0-9]*' "$dir"/rig/node*/scenario.log |
		cut -d= -f2 | paste -sd, -)
	usemem=$(grep -ho 'usemem: size_mb=.*mismatches=[0-9]*' "$dir"/rig/node*/scenario.log |
		sed 's/.*mismatches=/m=/' | paste -sd, -)
	if (( rc == 0 )); then
		verdict=pass; pass=$((pass + 1))
	else
		verdict=fail; fail=$((fail + 1))
		grep '^not ok' "$dir/results.txt" | head -n 5 >&2
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$mode" "$kind" "$delay" \
		"${victim:-?}" "$verdict" "${rerep:--}" "${usemem:--}" >>"$tsv"
done
column -t -s $'\t' "$tsv"
echo "$pass passed, $fail failed"
(( fail == 0 ))
