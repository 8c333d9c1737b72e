#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot N rig nodes under qemu (TCG), linked on one private L2 segment, run a
# scenario on each and collect results and console logs.
#
#   rig.sh [--kernel test|debug|stock510|stock61|stock612] [--nodes N]
#          [--out DIR] [--timeout S] [--mem MB] [--modtree DIR]
#          [--swap-throttle IOPS,BPS] [--netwatch] [--nic-opts OPTS]
#          [--pin-neigh] SCENARIO
#
# --modtree DIR: DIR/lib/modules/... goes into each node's root as it is
# (e.g. a DKMS-installed module tree, for plain modprobe).
# --swap-throttle IOPS,BPS: qemu throttles each node's swap disk to IOPS
# requests and BPS bytes a second (benchmarks model a real disk with it).
# --netwatch: every second, each node logs its network path (netwatch.log:
# eth0 and virtio IRQ counters, softnet, ARP, soft-RoCE counters, QPs and
# CM ids, the qdisc, free memory). The host logs each tap's counters and
# the virtio-net queues (host-netwatch.log) in every run, and a failed
# run names every node that sent nothing on its link for 20 s or more.
# --nic-opts OPTS: extra virtio-net-pci properties (mrg_rxbuf=off, ...).
# --pin-neigh: every node's neighbour entries for the others are
# permanent, so the link works without ARP.
# The segment is a bridge inside a network namespace this script creates
# and deletes; it has no uplink, so no node can reach beyond the rig.
# Prints one line per check: "ok NODE/NAME" or "not ok NODE/NAME # why",
# and exits non-zero if any check failed, a node did not finish, or a node's
# log shows an oops, panic, warning, KASAN or lockdep report.
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib/common.sh"

KERNEL=test NODES= OUT= TIMEOUT= MEM= MODTREE= THROTTLE=
NETWATCH=${RIG_NETWATCH:-} NIC_OPTS=${RIG_NIC_OPTS:-} PIN_NEIGH=${RIG_PIN_NEIGH:-}
while (( $# )); do
	case $1 in
	--kernel) KERNEL=$2; shift 2 ;;
	--nodes) NODES=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--mem) MEM=$2; shift 2 ;;
	--modtree) MODTREE=$2; shift 2 ;;
	--swap-throttle) THROTTLE=$2; shift 2 ;;
	--netwatch) NETWATCH=1; shift ;;
	--nic-opts) NIC_OPTS=$2; shift 2 ;;
	--pin-neigh) PIN_NEIGH=1; shift ;;
	-h|--help) sed -n '3,28p' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
SCENARIO=${1:-}
[[ -f $SCENARIO ]] || die "usage: rig.sh [options] SCENARIO (a file under tests/scenarios/)"
# A scenario may state what it needs in header lines: "# rig-mem: 768".
hdr() { sed -n "s/^# rig-$1: *//p" "$SCENARIO" | head -n1; }
NODES=${NODES:-$(hdr nodes)}; NODES=${NODES:-3}
[[ $NODES =~ ^[1-9][0-9]?$ ]] || die "--nodes takes 1..99"
MEM=${MEM:-$(hdr mem)}; MEM=${MEM:-512}
TIMEOUT=${TIMEOUT:-$(hdr timeout)}; TIMEOUT=${TIMEOUT:-300}
# Extra kernel parameters, e.g. "# rig-cmdline: brd.rd_size=65536".
# RIG_CMDLINE adds words for one run (a scenario's variant, e.g.
# "rig.durability=writebehind").
CMDLINE_EXTRA="$(hdr cmdline) ${RIG_CMDLINE:-}"
[[ $CMDLINE_EXTRA =~ ^[A-Za-z0-9_.=,\ -]*$ ]] || die "rig-cmdline or RIG_CMDLINE: unexpected characters"
[[ $NIC_OPTS =~ ^[A-Za-z0-9_=,-]*$ ]] || die "--nic-opts: unexpected characters"
# An older qemu loses virtio kicks (scripts/lib/common.sh, need_rig_qemu):
# links that stop for good would fail scenarios at random.
qemu_new_enough ||
	die "qemu $(qemu_version) is older than $RIG_QEMU_MIN: run tests/run-all.sh once, or install qemu-system-x86 >= $RIG_QEMU_MIN"
[[ -n $NETWATCH ]] && CMDLINE_EXTRA+=" rig.netwatch=1"
[[ -n $PIN_NEIGH ]] && CMDLINE_EXTRA+=" rig.pinneigh=1"
SWAP_OPTS=
if [[ -n $THROTTLE ]]; then
	[[ $THROTTLE =~ ^([1-9][0-9]*),([1-9][0-9]*)$ ]] ||
		die "--swap-throttle takes IOPS,BPS (positive integers)"
	SWAP_OPTS=",throttling.iops-total=${BASH_REMATCH[1]},throttling.bps-total=${BASH_REMATCH[2]}"
fi
# KASAN and lockdep under TCG run several times slower.
[[ $KERNEL == debug ]] && TIMEOUT=$((TIMEOUT * 4))
# KASAN takes an eighth of RAM for its shadow and holds freed objects in
# quarantine: the same workload needs more memory, or the network stack
# (soft-RoCE's packet buffers) starves under swap pressure.
[[ $KERNEL == debug ]] && MEM=$((MEM * 3 / 2))
NAME=$(basename "$SCENARIO" .sh)
OUT=${OUT:-$GVTMEM_ROOT/tests/out/$NAME-$KERNEL}
RIG_NET=10.213.0

KDIR_ROOT=$("$GVTMEM_ROOT/scripts/kernels.sh" path "$KERNEL") || exit 1
rm -rf "$OUT" && mkdir -p "$OUT/share" "$OUT/build"

# 1. gvtmem.ko (and KUnit modules) for this kernel, built out of the tree;
# or, when RIG_PREBUILT_ROOT holds a build-<kernel> tree that make check
# built against this very kernel tree (its .rig-kdir says which), that
# one: one build per kernel instead of one per scenario.
modsrc=$OUT/build/src
prebuilt=${RIG_PREBUILT_ROOT:+$RIG_PREBUILT_ROOT/build-$KERNEL}
if [[ -n $prebuilt && -e $prebuilt/.rig-kdir &&
      $(cat "$prebuilt/.rig-kdir") == "$KDIR_ROOT/kdir" ]]; then
	modsrc=$prebuilt
else
	rsync -a --exclude .git --exclude tests/out "$GVTMEM_ROOT/" "$modsrc/"
	if ! make -C "$modsrc" KDIR="$KDIR_ROOT/kdir" GVTMEM_TEST_HOOKS=1 >"$OUT/build/make.log" 2>&1; then
		tail -n 20 "$OUT/build/make.log" >&2
		echo "not ok rig/build-$KERNEL # module build failed, see $OUT/build/make.log"
		exit 1
	fi
fi

# 2. initramfs: busybox, init, gvtmem modules, scenario; drivers for stock kernels.
initrd_root=$OUT/build/initrd
mkdir -p "$initrd_root"/{bin,lib/rig,proc,sys,dev,tmp,rig,host,mnt}
cp /bin/busybox "$initrd_root/bin/busybox"
# Test programs and benchmark workloads, static: the initramfs has no libc.
for c in "$GVTMEM_ROOT"/tests/tools/*.c "$GVTMEM_ROOT"/tests/bench/workloads/*.c; do
	gcc -O2 -Wall -static -o "$initrd_root/bin/$(basename "$c" .c)" "$c" ||
		die "cannot build $c"
done
cp "$GVTMEM_ROOT/tests/rig/guest-init.sh" "$initrd_root/init"
cp "$GVTMEM_ROOT/sysfs-tools/gvtmemctl" "$initrd_root/bin/"
cp "$GVTMEM_ROOT/tests/rig/guest-lib.sh" "$initrd_root/lib/rig/"
cp "$SCENARIO" "$initrd_root/lib/rig/scenario.sh"
mkdir -p "$initrd_root/lib/rig/abi"
cp "$GVTMEM_ROOT"/Documentation/ABI/testing/sysfs-* "$initrd_root/lib/rig/abi/"
find "$modsrc" -maxdepth 1 -name '*.ko' -exec cp {} "$initrd_root/lib/rig/" \;
[[ -n $(hdr no-autoload) ]] && touch "$initrd_root/lib/rig/no-autoload"
hdr params >"$initrd_root/lib/rig/module-params"
if [[ -e $KDIR_ROOT/modules ]]; then
	kver=$(cat "$KDIR_ROOT/version")
	: >"$initrd_root/lib/rig/modules.list"
	# The rig's own drivers, then the scenario's (rig-stock-modules:
	# e.g. zram, brd and nvme-rdma for the benchmark's alternatives).
	for m in $(cat "$GVTMEM_ROOT/tests/rig/stock-modules.txt") $(hdr stock-modules); do
		modprobe -d "$KDIR_ROOT/root" -S "$kver" --show-depends "$m" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		# Stored compressed (6.12: .ko.xz): busybox insmod takes plain ones.
		name=$(basename "$ko")
		case $ko in
		*.xz) name=${name%.xz}; xz -dc "$ko" >"$initrd_root/lib/rig/$name" ;;
		*.zst) name=${name%.zst}; zstd -qdc "$ko" >"$initrd_root/lib/rig/$name" ;;
		*) cp "$ko" "$initrd_root/lib/rig/" ;;
		esac
		echo "$name" >>"$initrd_root/lib/rig/modules.list"
	done
fi
if [[ -n $MODTREE ]]; then
	[[ -d $MODTREE/lib/modules ]] || die "--modtree $MODTREE has no lib/modules"
	cp -a "$MODTREE/lib/modules" "$initrd_root/lib/"
fi
chmod +x "$initrd_root/init"
(cd "$initrd_root" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/build/initrd.gz"

# 3. The private segment: netns + bridge + one tap per node.
NS=gvtmem-rig-$$
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
ip netns add "$NS" || die "cannot create network namespace"
ip -n "$NS" link add br0 type bridge
ip -n "$NS" link set br0 up
# Jumbo frames, as RoCE fabrics run: soft-RoCE then carries a 4 KiB page
# in one packet (MTU 4096) instead of four.
for i in $(seq 1 "$NODES"); do
	ip -n "$NS" tuntap add "tap$i" mode tap
	ip -n "$NS" link set "tap$i" mtu 9000
	ip -n "$NS" link set "tap$i" master br0
	ip -n "$NS" link set "tap$i" up
done

rig_mac() { printf '52:54:00:21:30:%02x' "$1"; }

# host_netwatch: once a second, each tap's counters (the host's side of
# the guest's link) and the guest's virtio-net queues (queue 0 receives,
# 1 sends), twice: as qemu last saw them (its cached indices), and the
# rings themselves in guest memory (the guest's avail idx and flags, the
# used idx and flags). A guest that posts no receive buffers shows
# last_avail_idx catching up with avail_idx while the tap drops; a guest
# that queued packets qemu never took shows the ring's avail idx ahead
# of qemu's last_avail_idx. Without --netwatch, only the transmit queues,
# every 2 s: what link_stalls needs, at a quarter of the cost.
host_netwatch() {
	local i q mon period=2 queues=1
	[[ -n $NETWATCH ]] && period=1 queues="0 1"
	while sleep "$period"; do
		echo "t=$(date +%s.%N | cut -c1-14)"
		for i in $(seq 1 "$NODES"); do
			ip -n "$NS" -s -s -o link show "tap$i" | tr -s ' \\' ' '
			mon=$OUT/node$i/monitor.sock
			for q in $queues; do
				echo "info virtio-queue-status /machine/peripheral/nic0/virtio-backend $q" |
					timeout 2 socat - "UNIX-CONNECT:$mon" 2>/dev/null |
					grep -aE 'avail_idx|used_idx|inuse|signalled|shadow' | tr -s ' \r\n' ' ' |
					sed "s/^/node$i q$q: /"
				echo
				echo "info virtio-queue-element /machine/peripheral/nic0/virtio-backend $q" |
					timeout 2 socat - "UNIX-CONNECT:$mon" 2>/dev/null | tr -d '\r' |
					awk -v p="node$i q$q ring:" '
						/^ *avail:/ { r = "avail" } /^ *used:/ { r = "used" }
						r && /^ *(flags|idx):/ { p = p " " r "_" $1 " " $2 }
						END { print p }'
			done
		done
	done
}

# link_stalls: from host-netwatch.log, every span of 20 s or more in
# which a node's tap received nothing from it (its eth0 sent nothing:
# killed, cut off, or a transmit path that stopped), with its transmit
# ring at the end of the span: the guest's avail idx (what it gave its
# NIC), qemu's last_avail_idx (what qemu took) and the used idx.
link_stalls() {
	awk -v min=20 '
	function report(n, end) {
		if (end - since[n] >= min)
			printf "rig: node%d sent nothing on its link from %d s to %d s after boot (transmit ring: %s; qemu took up to %s)\n",
				n, since[n] - t0, end - t0, ring[n], took[n]
	}
	/^t=/ { t = substr($1, 3) + 0; if (!t0) t0 = t; next }
	/ tap[0-9]+: / {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^tap[0-9]+:$/) n = substr($i, 4) + 0
			if ($i == "RX:") rx = $(i + 8)
		}
		if (!(n in last) || rx != last[n]) {
			if (n in last) report(n, t)
			last[n] = rx; since[n] = t
		}
		next
	}
	# A node whose qemu is gone (powered off, killed) answers no query.
	/^node[0-9]+ q1 ring: .*avail_idx/ {
		n = substr($1, 5) + 0; alive[n] = t
		ring[n] = $0; sub(/^[^:]*: /, "", ring[n])
		next
	}
	/^node[0-9]+ q1: .*last_avail_idx/ {
		n = substr($1, 5) + 0
		for (i = 1; i <= NF; i++) if ($i == "last_avail_idx:") took[n] = $(i + 1)
		next
	}
	END { for (n in last) report(n, alive[n]) }' "$OUT/host-netwatch.log"
}

# 4. Boot the nodes. No 5-level paging: with it, the KASAN kernel's early
# boot intermittently reports a wild access in rcu_nmi_enter (identify_cpu),
# a 5.10 KASAN limit, not ours, which also turns lockdep off for the run.
# no_timer_check: on a loaded host the kernel's boot-time check of the
# timer through the IO-APIC fails under TCG, and it panics. noapic: the
# same window one step later, an interrupt inside setup_IO_APIC, panicked
# a node 0.015 s into boot (Documentation/testing.md); one vCPU needs no
# IO-APIC, and virtio's MSI-X goes to the local APIC without it.
CPU=max,la57=off
for i in $(seq 1 "$NODES"); do
	nd=$OUT/node$i
	mkdir -p "$nd"
	truncate -s 512M "$nd/swap.img"
	truncate -s 256M "$nd/data.img"
	mkfs.ext4 -q -F -b 4096 "$nd/data.img"
	ip netns exec "$NS" timeout -k 10 "$TIMEOUT" \
		qemu-system-x86_64 -nodefaults -no-user-config -machine pc -cpu "$CPU" \
		-m "$MEM" -smp 1 -kernel "$KDIR_ROOT/bzImage" -initrd "$OUT/build/initrd.gz" \
		-append "console=ttyS0 loglevel=5 panic=-1 oops=panic no_timer_check noapic rig.node=$i rig.nodes=$NODES rig.kernel=$KERNEL rig.net=$RIG_NET $CMDLINE_EXTRA" \
		-display none -no-reboot -serial "file:$nd/console.log" \
		-drive "file=$nd/swap.img,if=virtio,format=raw$SWAP_OPTS" \
		-drive "file=$nd/data.img,if=virtio,format=raw" \
		-netdev "tap,id=n0,ifname=tap$i,script=no,downscript=no" \
		-device "virtio-net-pci,id=nic0,netdev=n0,mac=$(rig_mac "$i")${NIC_OPTS:+,$NIC_OPTS}" \
		-monitor "unix:$nd/monitor.sock,server=on,wait=off" \
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on" \
		-virtfs "local,path=$OUT/share,mount_tag=rig,security_model=none" \
		>"$nd/qemu.log" 2>&1 &
	echo $! >"$nd/pid"
done
say "rig: $NODES nodes booting on $KERNEL kernel, scenario $NAME (timeout $TIMEOUT s)"

# A scenario may ask for its own node to be killed (rig_kill_me): the VM
# is stopped at once, as a power cut, for failure tests. Or to be cut off
# the segment for a while (rig_partition_me): its tap goes down on the
# host side, so the node's own link and RDMA device stay up, as when a
# switch port or the fabric between fails.
partition() {
	local i=$1 secs=$2
	ip -n "$NS" link set "tap$i" down
	say "rig: node$i cut off the network for $secs s, as its scenario asked"
	sleep "$secs"
	ip -n "$NS" link set "tap$i" up
	say "rig: node$i back on the network"
	touch "$OUT/share/node$i/partition-healed"
}
watch_requests() {
	local i nd secs
	while sleep 0.5; do
		for i in $(seq 1 "$NODES"); do
			nd=$OUT/node$i
			if [[ -e $OUT/share/node$i/partition-me ]]; then
				secs=$(cat "$OUT/share/node$i/partition-me")
				rm -f "$OUT/share/node$i/partition-me"
				[[ $secs =~ ^[1-9][0-9]{0,3}$ ]] || secs=10
				partition "$i" "$secs" &
			fi
			vm_ended_early "$i" && stop_all "$i"
			[[ -e $OUT/share/node$i/kill-me && ! -e $nd/killed ]] || continue
			pkill -KILL -P "$(cat "$nd/pid")" 2>/dev/null
			touch "$nd/killed"
			say "rig: node$i killed, as its scenario asked"
		done
	done
}
# vm_ended_early I: node I's VM is gone though it neither finished nor
# was killed or stopped by the rig: it crashed (panic=-1 and -no-reboot
# end qemu) or qemu died. Said once. Gone means its timeout wrapper (the
# pid file's process, whose child qemu is) has exited: while the wrapper
# runs, qemu is starting, running or just ended. Whether the node
# finished is looked at only once it is gone: a node's "done" comes
# before it powers off, so it is there by then. Looked at before, a node
# finishing between the two looks (a loaded host can stall this loop for
# seconds) counted as crashed.
vm_ended_early() {
	local nd=$OUT/node$1 state
	[[ ! -e $nd/ended-early ]] || return 1
	state=$(awk '/^State:/ { print $2 }' "/proc/$(cat "$nd/pid")/status" 2>/dev/null)
	[[ -n $state && $state != Z ]] && return 1
	[[ ! -e $nd/killed && ! -e $nd/stopped && ! -e $OUT/share/node$1/done ]] ||
		return 1
	touch "$nd/ended-early"
	say "rig: node$1's VM ended before its scenario did: $(grep -a -m1 -E 'Kernel panic|BUG:|Oops' "$nd/console.log" || echo "no panic on its console; see $nd/qemu.log")"
}
# stop_all I: the other nodes would wait for node I at their next barrier
# until the run's timeout: stop them now; the verdicts name node I.
stop_all() {
	local j
	say "rig: stopping the other nodes: node$1 cannot reach the end"
	for j in $(seq 1 "$NODES"); do
		[[ $j == "$1" || -e $OUT/share/node$j/done || -e $OUT/node$j/killed ]] && continue
		echo "$1" >"$OUT/node$j/stopped"
		pkill -KILL -P "$(cat "$OUT/node$j/pid")" 2>/dev/null
	done
}
watch_requests &
watcher=$!
# The host's view of the links is cheap (no guest work): always kept, so
# a failed run says whether a node's link stopped sending.
host_netwatch >"$OUT/host-netwatch.log" 2>&1 &
netwatcher=$!
for i in $(seq 1 "$NODES"); do
	wait "$(cat "$OUT/node$i/pid")"
done
kill "$watcher" "$netwatcher" 2>/dev/null

# 5. Verdicts.
SPLAT='Oops|BUG:|WARNING:|Kernel panic|KASAN|UBSAN|general protection fault|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|scheduling while atomic|sleeping function called from invalid context'
fail=0
for i in $(seq 1 "$NODES"); do
	nd=$OUT/node$i
	cp -r "$OUT/share/node$i/." "$nd/" 2>/dev/null
	if [[ -s $nd/results ]]; then
		sed "s/^\(not \)\?ok /&node$i\//" "$nd/results"
		grep -q '^not ok' "$nd/results" && fail=1
	fi
	if [[ $(grep -c '^ok\|^not ok' "$nd/results" 2>/dev/null) -lt 2 ]]; then
		echo "not ok node$i/scenario-ran # node$i recorded no scenario results"
		fail=1
	fi
	splat=$(cat "$nd/console.log" "$nd/dmesg.txt" 2>/dev/null | grep -aE "$SPLAT" | head -n1)
	if [[ -n $splat ]]; then
		echo "not ok node$i/kernel-clean # node$i: $splat (log: $nd/console.log)"
		fail=1
	else
		echo "ok node$i/kernel-clean"
	fi
	if [[ -e $nd/ended-early ]]; then
		echo "not ok node$i/vm-ended-early # node$i's VM ended before its scenario (see the rig's log line); log: $nd/console.log"
		fail=1
	elif [[ -e $nd/stopped && ! -e $nd/done ]]; then
		echo "# node$i: stopped by the rig when node$(cat "$nd/stopped")'s VM ended early"
	elif [[ -e $nd/killed ]]; then
		echo "ok node$i/killed-on-request"
	elif [[ ! -e $nd/done ]]; then
		echo "not ok node$i/finished # node$i did not finish (crash or timeout); log: $nd/console.log"
		fail=1
	fi
done
[[ $fail == 1 ]] && link_stalls
exit $fail
