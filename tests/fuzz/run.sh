#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the libFuzzer harness (fuzz_protocol.c) and run a bounded campaign.
#   tests/fuzz/run.sh [SECONDS]   default 60; `make fuzz FUZZ_SECONDS=3600` for longer
# Prints "ok fuzz/protocol" or "not ok fuzz/protocol # why"; the crashing
# input, if any, is kept in tests/out/fuzz/.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
need_pkgs clang libclang-rt-14-dev
secs=${1:-60}
out=tests/out/fuzz
mkdir -p "$out" "$GVTMEM_CACHE/fuzz-corpus"
bin=$out/fuzz_protocol
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I tests/fuzz/include -D'KBUILD_MODNAME="gvtmem"' -o "$bin" \
	tests/fuzz/fuzz_protocol.c >"$out/build.log" 2>&1; then
	echo "not ok fuzz/protocol-builds # $(head -n1 "$out/build.log")"
	exit 1
fi
echo "ok fuzz/protocol-builds"
# The corpus lives in the cache, so each run starts where the last stopped.
"$bin" -max_total_time="$secs" -artifact_prefix="$out/" -print_final_stats=1 \
	"$GVTMEM_CACHE/fuzz-corpus" >"$out/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
if (( rc == 0 )); then
	echo "ok fuzz/protocol # ${runs:-?} inputs in $secs s, no crash"
else
	echo "not ok fuzz/protocol # $(grep -m1 -E 'ERROR|Assertion|SUMMARY' "$out/fuzz.log") (input: $(ls "$out"/crash-* 2>/dev/null | head -n1))"
	exit 1
fi
