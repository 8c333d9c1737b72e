#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of a rig node: bring up devices, network and soft-RoCE, load
# gvtmem, run the scenario, leave results in /rig/node<N>/, power off.
# Everything printed here lands in the node's console log.

/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /tmp /rig /host /mnt
mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null

for arg in $(cat /proc/cmdline); do
	case $arg in
	rig.node=*) NODE=${arg#*=} ;;
	rig.nodes=*) NODES=${arg#*=} ;;
	rig.kernel=*) RIG_KERNEL=${arg#*=} ;;
	rig.net=*) RIG_NET=${arg#*=} ;;
	rig.netwatch=1) RIG_NETWATCH=1 ;;
	rig.pinneigh=1) RIG_PIN_NEIGH=1 ;;
	rig.cmtrace=1) RIG_CMTRACE=1 ;;
	esac
done
export NODE NODES RIG_KERNEL RIG_NET
export RIG_OUT=/rig/node$NODE

# Stock kernels ship drivers as modules: load the list the host resolved,
# each with its NAME.PARAM=VALUE words from the kernel command line, as
# kmod's modprobe passes them (e.g. brd.rd_size=...).
if [ -s /lib/rig/modules.list ]; then
	while read -r mod; do
		name=$(echo "${mod%.ko}" | tr - _)
		# shellcheck disable=SC2046 # one word per parameter
		insmod "/lib/rig/$mod" $(tr ' ' '\n' < /proc/cmdline | sed -n "s/^$name\.//p") 2>/dev/null ||
			echo "rig: insmod $mod failed"
	done < /lib/rig/modules.list
fi

mount -t 9p -o trans=virtio,version=9p2000.L,cache=none rig /rig ||
	echo "rig: cannot mount the rig share"
mkdir -p "$RIG_OUT"
mount -t 9p -o trans=virtio,version=9p2000.L,ro hostroot /host ||
	echo "rig: cannot mount the host root"
for d in proc sys dev; do mount --bind /$d /host/$d; done

. /lib/rig/guest-lib.sh

ip link set lo up
ip addr add "$(rig_ip "$NODE")/24" dev eth0
ip link set eth0 mtu 9000
ip link set eth0 up
hostname "node$NODE"
# --pin-neigh: the link works without ARP (the MACs are rig.sh's rig_mac).
if [ -n "$RIG_PIN_NEIGH" ]; then
	for n in $(seq 1 "$NODES"); do
		[ "$n" = "$NODE" ] && continue
		ip neigh replace "$(rig_ip "$n")" lladdr "$(printf '52:54:00:21:30:%02x' "$n")" \
			nud permanent dev eth0
	done
fi

echo "rig: node $NODE of $NODES up on $RIG_KERNEL ($(uname -r))"
# soft-RoCE allocates every packet with GFP_ATOMIC, on the swap-out path
# too: keep the reserve the admin guide asks of operators (section 6). The
# KASAN kernel reclaims far more slowly, so it needs a deeper one.
reserve=16384
[ "$RIG_KERNEL" = debug ] && reserve=65536
[ "$(cat /proc/sys/vm/min_free_kbytes)" -ge $reserve ] ||
	echo $reserve > /proc/sys/vm/min_free_kbytes
rig_check rig/rxe-link host rdma link add rxe0 type rxe netdev eth0
rig_check rig/rxe-active rig_wait 20 rig_rxe_active

# Should a node run out of memory, memwatch.log shows what grew: every
# 10 s the free and unreclaimable memory, the largest slab caches and
# soft-RoCE's packet counters.
(while :; do
	echo "t=$(cut -d' ' -f1 /proc/uptime) $(grep -E '^(MemFree|SUnreclaim):' /proc/meminfo | tr -s ' ' | tr '\n' ' ')"
	awk 'NR > 2 { printf "  %s %d KiB\n", $1, $3 * $4 / 1024 }' /proc/slabinfo |
		sort -k2 -n -r | head -n 4
	for f in /sys/class/infiniband/rxe0/ports/1/hw_counters/*; do
		v=$(cat "$f" 2>/dev/null)
		[ "${v:-0}" != 0 ] && printf ' %s=%s' "${f##*/}" "$v"
	done
	echo
	sleep 10
done) >> "$RIG_OUT/memwatch.log" 2>/dev/null &

[ -n "$RIG_NETWATCH" ] && rig_netwatch >> "$RIG_OUT/netwatch.log" 2>&1 &

# rig.cmtrace=1: the kernel's connection manager tracepoints (ib_cma, IB CM
# and rdma_cma: every REQ, REP, REJ and DREQ with its ids, QP numbers and
# reason), left in cmtrace.txt; how a connect attempt ended on each side.
T=/sys/kernel/debug/tracing
if [ -n "$RIG_CMTRACE" ]; then
	echo 8192 > $T/buffer_size_kb
	for e in ib_cma rdma_cma; do
		echo 1 > "$T/events/$e/enable" ||
			echo "rig: no $e tracepoints"
	done
fi

if [ -e /lib/rig/gvtmem.ko ] && [ ! -e /lib/rig/no-autoload ]; then
	# shellcheck disable=SC2046
	rig_check rig/module-load insmod /lib/rig/gvtmem.ko $(cat /lib/rig/module-params)
	dmesg | grep 'gvtmem:' > "$RIG_OUT/gvtmem-load.log"
	# rig.gvset.DIR.FILE=VALUE words (rig.sh's RIG_CMDLINE): a run's
	# variant, written to /sys/kernel/gvtmem/DIR/FILE before the scenario.
	for w in $(tr ' ' '\n' < /proc/cmdline | sed -n 's/^rig\.gvset\.//p'); do
		k=${w%%=*}
		rig_check "rig/gvset-$(echo "$k" | tr . -)" sh -c \
			"echo '${w#*=}' > /sys/kernel/gvtmem/$(echo "$k" | tr . /)"
	done
fi

echo "rig: scenario start"
(cd /tmp && sh -c '. /lib/rig/guest-lib.sh && . /lib/rig/scenario.sh') \
	> "$RIG_OUT/scenario.log" 2>&1
rc=$?
echo "rig: scenario exit $rc"
[ $rc -eq 0 ] || rig_result fail rig/scenario-exit "scenario exited $rc"
dmesg > "$RIG_OUT/dmesg.txt"
[ -n "$RIG_CMTRACE" ] && cat $T/trace > "$RIG_OUT/cmtrace.txt"
echo RIG-DONE > "$RIG_OUT/done"
echo "rig: node $NODE done"
# Should powering off hang, the console shows where: blocked tasks, CPUs.
(sleep 120; echo "rig: not off after 120 s"; echo w > /proc/sysrq-trigger
 echo l > /proc/sysrq-trigger) &
echo "rig: sync"
sync
# The share is written through (cache=none), so it is not unmounted: on
# the KASAN kernel, umount of the 9p share never returned.
echo "rig: powering off"
poweroff -f
