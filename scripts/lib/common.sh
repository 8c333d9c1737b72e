# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for gvtmem's build, rig and test scripts.
# Source this file; it defines no side effects beyond variables.

GVTMEM_ROOT=${GVTMEM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Kernels, packages and images live outside the repo so clean clones reuse them.
GVTMEM_CACHE=${GVTMEM_CACHE:-/var/cache/gvtmem}
JOBS=${JOBS:-$(nproc)}

say() { printf '[gvtmem] %s\n' "$*" >&2; }
die() { printf '[gvtmem] error: %s\n' "$*" >&2; exit 1; }

# Run a long command, showing a heartbeat every 30 s so users see progress.
with_progress() {
	local label=$1 log=$2; shift 2
	local start=$SECONDS pid rc
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		if (( (SECONDS - start) % 30 < 5 )) && (( SECONDS - start >= 5 )); then
			say "$label: $((SECONDS - start)) s ... ($(tail -n1 "$log" | cut -c1-70))"
		fi
	done
	wait "$pid"; rc=$?
	if (( rc != 0 )); then
		tail -n 30 "$log" >&2
		die "$label failed (rc $rc), full log: $log"
	fi
	say "$label: done in $((SECONDS - start)) s"
}

# Install Debian packages that are missing; quiet when all are present.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	(( ${#missing[@]} == 0 )) && return 0
	say "installing packages: ${missing[*]}"
	if [[ ! -e $GVTMEM_CACHE/.apt-updated ]] ||
	   [[ -n $(find "$GVTMEM_CACHE/.apt-updated" -mmin +720 2>/dev/null) ]]; then
		apt-get update -qq || die "apt-get update failed"
		mkdir -p "$GVTMEM_CACHE" && touch "$GVTMEM_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# Host packages every build and rig run needs.
need_host_pkgs() {
	need_pkgs make gcc bc bison flex libelf-dev libssl-dev cpio xz-utils zstd \
		kmod dwarves python3 perl rsync e2fsprogs iproute2 \
		qemu-system-x86 qemu-utils busybox-static \
		rdma-core ibverbs-utils ibverbs-providers rdmacm-utils perftest \
		dkms debian-archive-keyring shellcheck man-db gnuplot-nox socat patch \
		ethtool
	need_rig_qemu
}

# qemu before 8.1 leaves out a one-vCPU guest's memory barriers under TCG
# (upstream c914d46d0a64). The guest's store of a virtio ring's avail idx
# and its load of qemu's avail_event then pass each other in the host's
# store buffer, a kick is lost, and the NIC's transmit queue stops for
# good (Documentation/testing.md). Debian 12's qemu is 7.2: take 10.0
# from bookworm-backports.
RIG_QEMU_MIN=8.1
qemu_version() {
	qemu-system-x86_64 --version 2>/dev/null |
		sed -n '1s/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p'
}
qemu_new_enough() {
	local v
	v=$(qemu_version)
	[[ -n $v ]] && printf '%s\n%s\n' "$RIG_QEMU_MIN" "$v" | sort -C -V
}
need_rig_qemu() {
	local src=/etc/apt/sources.list.d/gvtmem-bookworm-backports.sources
	qemu_new_enough && return 0
	grep -qs '^VERSION_CODENAME=bookworm$' /etc/os-release ||
		die "qemu $(qemu_version) is older than $RIG_QEMU_MIN and this is not Debian 12: install qemu-system-x86 >= $RIG_QEMU_MIN"
	if ! apt-cache policy 2>/dev/null | grep -q 'bookworm-backports'; then
		say "adding bookworm-backports for qemu >= $RIG_QEMU_MIN: $src"
		printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' \
			'Suites: bookworm-backports' 'Components: main' \
			'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' > "$src"
		apt-get update -qq || die "apt-get update failed"
	fi
	say "installing qemu from bookworm-backports (the rig needs >= $RIG_QEMU_MIN)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports qemu-system-x86 qemu-utils >/dev/null ||
		die "apt-get install -t bookworm-backports qemu-system-x86 failed"
	qemu_new_enough || die "qemu $(qemu_version) is still older than $RIG_QEMU_MIN"
}
