#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module's layers call only downward. From each object file's symbol
# table (nm: what it defines, what it needs), every call from a file into
# another file is checked against the layer order, top to bottom:
#
#   entry      kernel/main.c: brings the layers up and wires them together
#   cluster    kernel/ (manager, election, membership, tier 2, protocol,
#              loans, lend, borrow, auth, config)
#   backend    gvtmem-backend/ (frontswap, cleancache, swap device, store,
#              zones, tier 1)
#   transport  rdma-transport/
#   common     kernel/parse.c, kernel/sysfs.c (parsers, the sysfs root)
#
# A call into a higher layer must go through ops (a function pointer the
# upper layer registered), which nm does not see as a call. So no two
# files of different layers call each other in a circle. One line per
# object: "ok layers/FILE" or "not ok layers/FILE # calls up: SYMBOL in
# FILE (LAYER)". Uses make check's test-kernel build (tests/out/build-test)
# if there is one, else builds the module (with the test hooks) itself.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh

layer_of() {
	case $1 in
	kernel/main.o) echo 4 ;;
	kernel/parse.o|kernel/sysfs.o) echo 0 ;;
	kernel/*) echo 3 ;;
	gvtmem-backend/*) echo 2 ;;
	rdma-transport/*) echo 1 ;;
	*) echo x ;;
	esac
}
names=(common transport backend cluster entry)

build=tests/out/build-test
if [[ ! -e $build/gvtmem.ko ]]; then
	kd=$(scripts/kernels.sh path test 2>/dev/null) ||
		kd=$(scripts/kernels.sh path stock612 2>/dev/null) ||
		{ echo "not ok layers/build # no cached kernel to build against"; exit 0; }
	build=$(mktemp -d /tmp/gvtmem-layers.XXXXXX)
	trap 'rm -rf "$build"' EXIT
	rsync -a --exclude .git --exclude tests/out ./ "$build/"
	if ! make -C "$build" KDIR="$kd/kdir" GVTMEM_TEST_HOOKS=1 >"$build/make.log" 2>&1; then
		echo "not ok layers/build # module build failed: $(grep -m1 -i error "$build/make.log")"
		exit 0
	fi
fi

# The module's objects: gvtmem.ko's own list (KUnit suites left out).
objs=$(tr ' ' '\n' <"$build/gvtmem.mod" 2>/dev/null | grep '\.o$' |
	sed -E 's,^(.*/)?((kernel|gvtmem-backend|rdma-transport)/[^/]+\.o)$,\2,')
[[ -n $objs ]] || { echo "not ok layers/objects # no gvtmem.mod in $build"; exit 0; }

declare -A def
for o in $objs; do
	while read -r sym; do def[$sym]=$o; done < <(nm --defined-only "$build/$o" |
		awk '$2 ~ /^[TDBR]$/ { print $3 }')
done
n=0
for o in $objs; do
	lo=$(layer_of "$o")
	if [[ $lo == x ]]; then
		echo "not ok layers/$o # in no layer: add it to tests/user/layers.sh"
		continue
	fi
	bad=
	while read -r sym; do
		t=${def[$sym]:-}
		[[ -n $t && $t != "$o" ]] || continue
		lt=$(layer_of "$t")
		if [[ $lt != x ]] && (( lt > lo )); then
			bad+=" $sym in $t (${names[$lt]});"
		fi
	done < <(nm --undefined-only "$build/$o" | awk '{ print $2 }')
	if [[ -n $bad ]]; then
		echo "not ok layers/$o # ${names[$lo]} calls up:${bad%;}"
	else
		echo "ok layers/$o"
	fi
	n=$((n + 1))
done
(( n > 20 )) || echo "not ok layers/count # only $n objects checked"
