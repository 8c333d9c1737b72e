#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS packaging: `dkms add` and `dkms build` of this tree for each cached
# kernel, in private dkms/source trees (the system's DKMS state is untouched).
# The stock 6.1 build must succeed with the no-hooks warning; a kernel
# without RDMA must be refused with a reason.
set -uo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/common.sh
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
work=$(mktemp -d /tmp/gvtmem-dkms.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/gvtmem-$ver" "$work/dkms" "$work/install"
git ls-files | grep -Ev '^(tests|\.ci)/' | xargs cp --parents -t "$work/src/gvtmem-$ver"
opts=(--dkmstree "$work/dkms" --sourcetree "$work/src" --installtree "$work/install")

if dkms add "${opts[@]}" -m gvtmem -v "$ver" >"$work/add.log" 2>&1; then
	echo "ok dkms/add"
else
	echo "not ok dkms/add # $(tail -n1 "$work/add.log")"
fi

# For each stock kernel: dkms build, checked as the operator's build (W=1
# clean, without the test hooks); then dkms install into a private module
# tree (a hard-linked copy of the kernel's), depmod it, and keep the
# modules modprobe needs in tests/out/dkms-KERNEL for the rig, which boots
# that kernel and loads gvtmem with plain `modprobe gvtmem`
# (tests/scenarios/dkms-modprobe.sh). DKMS compresses the module where the
# kernel's own are (6.12: .ko.xz).
for k in stock510 stock61 stock612; do
	kd=$(scripts/kernels.sh path "$k" 2>/dev/null) || {
		echo "not ok dkms/build-$k # kernel not cached"
		echo "not ok dkms/install-$k # kernel not cached"
		continue
	}
	kver=$(cat "$kd/version")
	built=$work/dkms/gvtmem/$ver/$kver/x86_64
	log=$work/build-$k.log
	if dkms build "${opts[@]}" -m gvtmem -v "$ver" -k "$kver" \
		--kernelsourcedir "$(readlink -f "$kd/kdir")" >"$log" 2>&1 &&
	   [[ -e $built/module/gvtmem.ko ]]; then
		echo "ok dkms/build-$k"
		if [[ ! -s $built/log/make.log ]]; then
			echo "not ok dkms/build-$k-no-warnings # no build log at $built/log/make.log"
		elif grep -q 'warning:' "$built/log/make.log"; then
			echo "not ok dkms/build-$k-no-warnings # $(grep -m1 'warning:' "$built/log/make.log")"
		else
			echo "ok dkms/build-$k-no-warnings"
		fi
		parms=$(modinfo -F parm "$built/module/gvtmem.ko")
		if ! grep -q '^local_zone_mb:' <<<"$parms"; then
			echo "not ok dkms/build-$k-without-test-hooks # modinfo read no parameters"
		elif grep -q '^test_hooks:' <<<"$parms"; then
			echo "not ok dkms/build-$k-without-test-hooks # the DKMS module has the test_hooks parameter"
		else
			echo "ok dkms/build-$k-without-test-hooks"
		fi
	else
		cat "$log" >&2
		echo "not ok dkms/build-$k # $(grep -m1 -iE 'error|refus' "$log")"
	fi

	root=$work/root-$k
	tree=$root/lib/modules
	mkdir -p "$tree"
	cp -al "$kd/root/lib/modules/$kver" "$tree/"
	log=$work/install-$k.log
	if dkms install --no-depmod --dkmstree "$work/dkms" --sourcetree "$work/src" \
		--installtree "$tree" -m gvtmem -v "$ver" -k "$kver" \
		--kernelsourcedir "$(readlink -f "$kd/kdir")" >"$log" 2>&1 &&
	   depmod -b "$root" "$kver" &&
	   ko=$(grep -o '^updates/dkms/gvtmem\.ko[^:]*' "$tree/$kver/modules.dep"); then
		echo "ok dkms/install-$k"
		keep=$PWD/tests/out/dkms-$k/lib/modules/$kver
		rm -rf "tests/out/dkms-$k" && mkdir -p "$keep"
		(cd "$tree/$kver" &&
		 cp --parents "$ko" $(sed -n "s|^$ko:||p" modules.dep) \
			modules.order modules.builtin modules.builtin.modinfo "$keep/")
		depmod -b "tests/out/dkms-$k" "$kver"
	else
		cat "$log" >&2
		echo "not ok dkms/install-$k # $(tail -n1 "$log")"
	fi
done

if grep -q 'neither frontswap nor cleancache' "$work/build-stock61.log" 2>/dev/null; then
	echo "ok dkms/stock61-warns-no-hooks"
else
	echo "not ok dkms/stock61-warns-no-hooks # no warning in the 6.1 build log"
fi

# A kernel without RDMA: a copy of the 5.10 headers' config with it removed.
kd=$(readlink -f "$(scripts/kernels.sh path stock510)/kdir")
fake=$work/no-rdma
mkdir -p "$fake"
grep -v '^CONFIG_INFINIBAND' "$kd/.config" >"$fake/.config"
if out=$(scripts/dkms-check-kernel.sh "$fake" 2>&1); then
	echo "not ok dkms/refuses-no-rdma # check passed a kernel without CONFIG_INFINIBAND"
elif echo "$out" | grep -q 'lacks CONFIG_INFINIBAND'; then
	echo "ok dkms/refuses-no-rdma"
else
	echo "not ok dkms/refuses-no-rdma # refused without naming the missing option: $out"
fi
