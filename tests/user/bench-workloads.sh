#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark workloads (tests/bench/workloads/*.c), at a few MiB: each builds
# static with -Wall -Wextra and no warning; prints -h and exits 0; refuses
# bad arguments with a message and exit 2; runs with exit 0 and its result
# line; gives the same checksum twice with one seed and another with
# another seed; and, with the test-only -X (one value corrupted midway),
# exits 1 saying which check failed. usemem-grow's -n file follows its size.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
src=tests/bench/workloads
work=$(mktemp -d /tmp/gvtmem-workloads.XXXXXX)
trap 'rm -rf "$work"' EXIT
hex='checksum=0x[0-9a-f]{16}'
secs='seconds=[0-9]+\.[0-9]{3}'

declare -A args=(
	[usemem-grow]="-i 2 -t 3 -m 8 -r 2"
	[kmeans]="-m 4 -i 6 -r 2 -S 0"
	[pagerank]="-m 4 -i 10"
)
# The result line(s) of a run with those arguments.
declare -A result=(
	[usemem-grow]="^usemem-grow: size_mb=8 $secs mismatches=0 $hex\$"
	[kmeans]="^kmeans: size_mb=4 iterations=6 $secs objective=[0-9]\.[0-9]{6}e\+[0-9]{2} $hex\$"
	[pagerank]="^pagerank: size_mb=4 vertices=32768 edges=[0-9]+ iterations=10 $secs $hex\$"
)
# Lines of a good run, result lines among them.
declare -A lines=([usemem-grow]="4 1" [kmeans]="3 2" [pagerank]="2 1")
# What a run with -X must say.
declare -A caught=(
	[usemem-grow]="mismatch at step 1, word [0-9]+: .*mismatches=2 .*FAILED: 2 words read back wrong"
	[kmeans]="objective rose.*points differ from what was generated"
	[pagerank]="graph differs from what was generated"
)
# Bad arguments: each must be refused with exit 2.
declare -A bad=(
	[usemem-grow]="-i 0|-i 16 -m 8|-t x|-r -1|-q|extra"
	[kmeans]="-m 0|-k 65|-d 256 -m 4|-S 1.5|-q|extra"
	[pagerank]="-m 9000|-i 0|-e -1|-e x|-q|extra"
)

# run NAME ARGS...: the program's output (stdout and stderr) in $out, its
# exit status in $rc; a small run, niced, bounded in time.
run() {
	local name=$1
	shift
	out=$(nice -n 19 timeout 60 "$work/$name" "$@" 2>&1)
	rc=$?
}

# sum NAME: the checksum of the last result line of $out.
sum() { echo "$out" | grep -E "${result[$1]}" | tail -n1 | grep -oE '0x[0-9a-f]{16}'; }

for name in usemem-grow kmeans pagerank; do
	if ! log=$(nice -n 19 gcc -O2 -Wall -Wextra -static -o "$work/$name" "$src/$name.c" 2>&1); then
		echo "not ok workloads/$name-build # $(echo "$log" | grep -m1 -E 'error|cannot find' || echo "gcc failed")"
		for t in help bad-args run deterministic seed catches-corruption; do
			echo "not ok workloads/$name-$t # not built"
		done
		continue
	elif [[ -n $log ]]; then
		echo "not ok workloads/$name-build # $(echo "$log" | grep -m1 warning)"
	elif readelf -l "$work/$name" | grep -q INTERP; then
		echo "not ok workloads/$name-build # not statically linked"
	else
		echo "ok workloads/$name-build"
	fi

	run "$name" -h
	if [[ $rc == 0 && $out == "usage: $name "* ]]; then
		echo "ok workloads/$name-help"
	else
		echo "not ok workloads/$name-help # exit $rc: $(echo "$out" | head -n1)"
	fi

	why=
	IFS='|' read -ra cases <<<"${bad[$name]}"
	for a in "${cases[@]}"; do
		# shellcheck disable=SC2086 # the arguments are words
		run "$name" $a
		if [[ $rc != 2 ]]; then
			why+="'$a' gave exit $rc; "
		elif [[ -z $out ]]; then
			why+="'$a' refused without a message; "
		fi
	done
	if [[ -z $why ]]; then
		echo "ok workloads/$name-bad-args"
	else
		echo "not ok workloads/$name-bad-args # $why"
	fi

	extra=()
	[[ $name == usemem-grow ]] && extra=(-n "$work/size")
	# shellcheck disable=SC2086
	run "$name" ${args[$name]} "${extra[@]}"
	read -r nlines nresult <<<"${lines[$name]}"
	first=$(sum "$name")
	if [[ $rc != 0 ]]; then
		echo "not ok workloads/$name-run # exit $rc: $(echo "$out" | grep -m1 -iE 'fail|mismatch' || echo "$out" | tail -n1)"
	elif [[ $(echo "$out" | wc -l) != "$nlines" ]] ||
	     [[ $(echo "$out" | grep -cE "${result[$name]}") != "$nresult" ]]; then
		echo "not ok workloads/$name-run # output not as expected: $(echo "$out" | tr '\n' '|')"
	elif [[ $name == usemem-grow ]] && [[ $(cat "$work/size" 2>/dev/null) != 8 ||
	       $(echo "$out" | grep -cE "^usemem-grow: step size_mb=(2|5|8) $secs\$") != 3 ]]; then
		echo "not ok workloads/$name-run # steps or -n file wrong: $(echo "$out" | tr '\n' '|') file: $(cat "$work/size" 2>/dev/null)"
	elif [[ $name == kmeans ]] && [[ $(echo "$out" | grep -oE "$hex" | sort -u | wc -l) != 1 ]]; then
		echo "not ok workloads/$name-run # the two runs' checksums differ"
	else
		echo "ok workloads/$name-run"
	fi

	# shellcheck disable=SC2086
	run "$name" ${args[$name]}
	if [[ -n $first && $rc == 0 && $(sum "$name") == "$first" ]]; then
		echo "ok workloads/$name-deterministic"
	else
		echo "not ok workloads/$name-deterministic # checksums '$first' then '$(sum "$name")' (exit $rc)"
	fi

	# shellcheck disable=SC2086
	run "$name" ${args[$name]} -s 2
	if [[ $rc == 0 && -n $(sum "$name") && $(sum "$name") != "$first" ]]; then
		echo "ok workloads/$name-seed"
	else
		echo "not ok workloads/$name-seed # seed 2 gave '$(sum "$name")' (exit $rc), seed 1 '$first'"
	fi

	# shellcheck disable=SC2086
	run "$name" ${args[$name]} -X
	if [[ $rc == 1 ]] && echo "$out" | tr '\n' ' ' | grep -qE "${caught[$name]}"; then
		echo "ok workloads/$name-catches-corruption"
	else
		echo "not ok workloads/$name-catches-corruption # exit $rc: $(echo "$out" | tr '\n' '|')"
	fi
done
