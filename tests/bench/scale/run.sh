#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tier-2 scale study (README.md here): build scale-sim with gcc -O2
# against kernel/tier2.c and kernel/membership.c as they are, check one
# ASan+UBSan build at small N, run the sweep at nice 19 and print the table.
#
#   tests/bench/scale/run.sh [--quick] [--rev REV] [-- SCALE-SIM OPTIONS...]
#
# --quick: N = 8 to 64, 120 rounds (a second or two); without it N = 8 to
# 1024, 600 rounds (about 20 s of one core). --rev: the kernel/ sources of
# git revision REV instead of the working tree's (to compare a change to
# tier2.c with what is committed). Binaries, logs and the JSON (scale.json)
# go to $SCALE_OUT (default tests/out/scale). Exit status 0 if everything
# built without warnings and ran clean, 1 if not (a line "run.sh: ..."
# says what).
set -uo pipefail
cd "$(dirname "$0")/../../.." || exit 1
out=${SCALE_OUT:-tests/out/scale}
quick=()
extra=()
rev=
while (($#)); do
	case $1 in
	--quick) quick=(-q) ;;
	--rev) rev=${2:?--rev needs a revision}; shift ;;
	--) shift; extra=("$@"); break ;;
	-h | --help) sed -n '3,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option '$1' (--quick, --rev REV, or -- then scale-sim options)" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p "$out" || exit 1
fail() { echo "run.sh: $*"; exit 1; }
root=.
if [[ -n $rev ]]; then
	# That revision's kernel/ and header stand-ins, this simulator.
	root=$out/tree
	rm -rf "$root" && mkdir -p "$root/tests/bench/scale" || exit 1
	git archive "$rev" kernel tests/fuzz/include | tar -x -C "$root" ||
		fail "cannot extract kernel/ of $rev"
	cp -r tests/bench/scale/scale-sim.c tests/bench/scale/include "$root/tests/bench/scale/"
	what="kernel/ of $(git rev-parse --short "$rev")"
else
	what="working tree, HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	git diff --quiet HEAD -- kernel/tier2.c kernel/tier2.h kernel/manager.c 2>/dev/null ||
		what+=" with uncommitted changes to $(git diff --name-only HEAD -- kernel/tier2.c kernel/tier2.h kernel/manager.c | xargs)"
fi
src=("$root/tests/bench/scale/scale-sim.c" "$root/kernel/tier2.c" "$root/kernel/membership.c")
# Stand-ins for kernel headers first: this directory's, then the fuzzer's.
cflags=(-Wall -Wextra -I "$root/tests/bench/scale/include" -I "$root/tests/fuzz/include")

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "# machine: nproc $(nproc), ${cpu:-unknown CPU}, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# gcc $(gcc -dumpfullversion); sources: $what"

nice -n 19 gcc -O2 "${cflags[@]}" -o "$out/scale-sim" "${src[@]}" >"$out/build.log" 2>&1 ||
	fail "gcc -O2 failed: $(grep -m1 error "$out/build.log")"
[[ -s $out/build.log ]] && fail "gcc -O2 warned: $(grep -m1 warning "$out/build.log")"

# Sanitizers: any report is fatal (-fno-sanitize-recover), at small N.
nice -n 19 gcc -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all "${cflags[@]}" -o "$out/scale-sim-san" \
	"${src[@]}" >"$out/build-san.log" 2>&1 ||
	fail "gcc with sanitizers failed: $(grep -m1 error "$out/build-san.log")"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	nice -n 19 timeout 120 "$out/scale-sim-san" -n 8,64 -r 120 \
	-o "$out/san.json" >"$out/san.log" 2>&1
rc=$?
if ((rc != 0)) || grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$out/san.log"; then
	fail "the ASan+UBSan run failed (exit $rc): $(grep -m1 -E 'runtime error|Sanitizer|invariant' "$out/san.log")"
fi
echo "# ASan+UBSan build at N = 8 and 64, 120 rounds: clean"

start=$(date +%s%N)
nice -n 19 "$out/scale-sim" "${quick[@]}" -o "$out/scale.json" "${extra[@]}"
rc=$?
((rc == 0)) || fail "scale-sim exited $rc"
ms=$((($(date +%s%N) - start) / 1000000))
printf '# sweep: %d.%d s wall; JSON in %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$out/scale.json"
