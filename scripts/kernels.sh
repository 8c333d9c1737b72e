#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch or build the kernels gvtmem is tested on, cached outside the repo.
#
#   kernels.sh ensure NAME   build/fetch NAME if not cached; print its dir
#   kernels.sh path NAME     print NAME's dir if cached, else fail
#
# NAME is one of:
#   test      Debian's linux-source-5.10 with tests/rig/kconfig/test.config
#   debug     the same plus tests/rig/kconfig/debug.config (KASAN, lockdep)
#   stock510  Debian 11's stock 5.10 image and headers
#   stock61   Debian 12's stock 6.1 image and headers
#   stock612  bookworm-backports' stock 6.12 image and headers (built with
#             the host's gcc-12)
#
# Every kernel dir holds: bzImage, kdir (a tree to build modules against),
# and modules/ (the kernel's own /lib/modules/VERSION, for stock kernels).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/debian-archive.sh"

KCONF=$GVTMEM_ROOT/tests/rig/kconfig
# Fixes to the test kernel's own bugs that the rig would otherwise meet
# (each patch says what and why); part of the cache key.
KPATCHES=$GVTMEM_ROOT/tests/rig/kernel-patches
# Bump when the way kernels are built changes, to invalidate caches.
RECIPE=4

source_key() {
	local flavour=$1 ver
	ver=$(apt-cache $(apt_suite_opts bullseye) show linux-source-5.10 2>/dev/null |
		awk '/^Version:/ { print $2 }' | sort -V | tail -n1)
	[[ -n $ver ]] || die "linux-source-5.10 not found in bullseye"
	{
		echo "recipe $RECIPE $ver"
		cat "$KCONF/test.config"
		[[ $flavour == debug ]] && cat "$KCONF/debug.config"
		cat "$KPATCHES"/*.patch
	} | sha256sum | cut -c1-12 | sed "s/^/$ver-/"
}

build_source_kernel() {
	local flavour=$1 key dir src
	apt_suite_update bullseye
	key=$(source_key "$flavour")
	dir=$GVTMEM_CACHE/kernels/$flavour-$key
	if [[ -e $dir/bzImage ]]; then
		echo "$dir"
		return
	fi
	say "building the $flavour kernel ($key); about 12 min on 2 cores, longer for debug"
	src=$GVTMEM_CACHE/src/linux-source-5.10
	if [[ ! -e $src/.unpacked-$key ]]; then
		local debs=$GVTMEM_CACHE/debs/bullseye
		apt_suite_download bullseye "$debs" linux-source-5.10
		rm -rf "$src" && mkdir -p "$src"
		dpkg -x "$(ls -t "$debs"/linux-source-5.10_*.deb | head -n1)" "$src/pkg"
		touch "$src/.unpacked-$key"
	fi
	local part=$dir.partial
	if [[ ! -e $part/Makefile ]]; then
		rm -rf "$part" && mkdir -p "$part"
		say "unpacking kernel source"
		tar -xf "$src"/pkg/usr/src/linux-source-5.10.tar.xz -C "$part" --strip-components=1
	fi
	(
		cd "$part"
		if [[ ! -e .patched ]]; then
			local p
			for p in "$KPATCHES"/*.patch; do
				say "applying ${p##*/}"
				patch -p1 --forward -s < "$p" || die "kernel patch ${p##*/} did not apply"
			done
			touch .patched
		fi
		if [[ ! -e .config.merged ]]; then
			make -s defconfig >/dev/null
			make -s kvm_guest.config >/dev/null
			local frags=("$KCONF/test.config")
			[[ $flavour == debug ]] && frags+=("$KCONF/debug.config")
			scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null
			make -s olddefconfig >/dev/null
			# Every line of the fragments must have survived olddefconfig.
			local line bad=0
			while read -r line; do
				[[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]] || continue
				grep -qx "$line" .config || { say "config: $line did not stick"; bad=1; }
			done < <(cat "${frags[@]}")
			(( bad == 0 )) || die "kernel config fragment rejected (see above)"
			touch .config.merged
		fi
	)
	with_progress "kernel $flavour build" "$part.log" \
		make -C "$part" -j"$JOBS" bzImage modules
	ln -sfn . "$part/kdir"
	cp "$part/arch/x86/boot/bzImage" "$part/bzImage"
	mv "$part" "$dir"
	echo "$dir"
}

# fetch_stock SUITE NAME: image + headers of SUITE's default amd64 kernel.
fetch_stock() {
	local suite=$1 name=$2 img kver dir debs hdr
	apt_suite_update "$suite"
	img=$(apt_suite_depends "$suite" linux-image-amd64)
	[[ $img == linux-image-* ]] || die "cannot resolve linux-image-amd64 in $suite"
	kver=${img#linux-image-}
	dir=$GVTMEM_CACHE/kernels/$name-$kver
	if [[ -e $dir/bzImage ]]; then
		echo "$dir"
		return
	fi
	say "fetching stock $suite kernel $kver and its headers"
	debs=$GVTMEM_CACHE/debs/$suite-$kver
	local common=${kver%-amd64}-common kbuild
	# linux-kbuild-5.10 and -6.1, but linux-kbuild-6.12.95+deb12: the
	# headers name theirs.
	kbuild=$(apt_suite_depends_all "$suite" "linux-headers-$kver" | grep -m1 '^linux-kbuild-')
	[[ -n $kbuild ]] || die "linux-headers-$kver in $suite names no linux-kbuild package"
	apt_suite_download "$suite" "$debs" "$img" "linux-headers-$kver" \
		"linux-headers-$common" "$kbuild"
	rm -rf "$dir.partial" && mkdir -p "$dir.partial/root"
	local d
	for d in "$debs"/*.deb; do
		dpkg -x "$d" "$dir.partial/root"
	done
	# Debian's header Makefiles name their siblings by absolute path:
	# point them into our unpacked root instead.
	hdr=$dir.partial/root/usr/src/linux-headers-$kver
	grep -rlZ "/usr/src/linux-headers-$common" "$hdr" --include=Makefile 2>/dev/null |
		xargs -0r sed -i "s|/usr/src/linux-headers-$common|$dir/root/usr/src/linux-headers-$common|g"
	local l t
	for l in "$hdr"/scripts "$hdr"/tools "$dir.partial"/root/usr/src/linux-headers-$common/scripts; do
		[[ -L $l ]] || continue
		t=$(readlink "$l")
		[[ $t == /* ]] && ln -sfn "$dir/root$t" "$l"
	done
	# Newer packages put modules under usr/lib (merged /usr): give them
	# the /lib that depmod and the rig look in.
	if [[ ! -e $dir.partial/root/lib && -d $dir.partial/root/usr/lib/modules ]]; then
		ln -s usr/lib "$dir.partial/root/lib"
	fi
	# The image package's postinst would have run depmod; do it here.
	depmod -b "$dir.partial/root" "$kver"
	ln -sfn "root/usr/src/linux-headers-$kver" "$dir.partial/kdir"
	ln -sfn "root/lib/modules/$kver" "$dir.partial/modules"
	cp "$dir.partial/root/boot/vmlinuz-$kver" "$dir.partial/bzImage"
	echo "$kver" >"$dir.partial/version"
	mv "$dir.partial" "$dir"
	echo "$dir"
}

ensure() {
	case $1 in
	test|debug) build_source_kernel "$1" ;;
	stock510) fetch_stock bullseye stock510 ;;
	stock61) fetch_stock bookworm stock61 ;;
	stock612) fetch_stock bookworm-backports stock612 ;;
	*) die "unknown kernel '$1' (test, debug, stock510, stock61, stock612)" ;;
	esac
}

main() {
	local cmd=${1:-} name=${2:-}
	[[ -n $name ]] || die "usage: $0 ensure|path test|debug|stock510|stock61|stock612"
	mkdir -p "$GVTMEM_CACHE/kernels"
	case $cmd in
	ensure) need_host_pkgs; ensure "$name" ;;
	path)
		local d=
		# A source kernel's build for today's recipe, config and patches;
		# else (or for a fetched kernel) the newest.
		[[ $name == test || $name == debug ]] &&
			d=$GVTMEM_CACHE/kernels/$name-$(source_key "$name" 2>/dev/null)
		[[ -e $d/bzImage ]] ||
			d=$(ls -dt "$GVTMEM_CACHE/kernels/$name"-*/ 2>/dev/null | grep -v partial | head -n1) ||
			true
		[[ -n $d && -e $d/bzImage ]] || die "kernel $name not cached; run: $0 ensure $name"
		echo "${d%/}"
		;;
	*) die "usage: $0 ensure|path NAME" ;;
	esac
}

main "$@"
