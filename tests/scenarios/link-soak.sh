# SPDX-License-Identifier: GPL-2.0
# A diagnostic, not in make check: node 1 swaps into node 2's memory
# (usemem at twice its cgroup, asynchronous puts) for SOAK_S seconds
# (default 600) in one boot, so a connection that stops for good (the CI
# signature in Documentation/testing.md) is met many times faster than by
# whole scenarios. Every second both nodes compare their eth0 and
# soft-RoCE counters with the second before; when the connection has not
# been up for 20 s, each node writes what its link is doing into its log
# (eth0 TX and RX, UDP, soft-RoCE sent and received, the queue pairs,
# the qdisc) and the run fails. A node whose eth0 sent nothing meanwhile
# then tries to get it going: first a new root qdisc, then eth0 down and
# up, and says which one did. Run it with rig.sh --netwatch.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96
# rig-timeout: 1500

P=/sys/kernel/gvtmem/transport/peers
SOAK_S=${SOAK_S:-600}
other=$((3 - NODE))
now() { cut -d' ' -f1 /proc/uptime | cut -d. -f1; }

# link_line: eth0 RX and TX packets, UDP datagrams in, soft-RoCE received
# and sent, on one line.
link_line() {
	local d=/sys/class/infiniband/rxe0/ports/1/hw_counters
	echo "eth0 rx $(cat /sys/class/net/eth0/statistics/rx_packets)" \
		"tx $(cat /sys/class/net/eth0/statistics/tx_packets)" \
		"tx_dropped $(cat /sys/class/net/eth0/statistics/tx_dropped)" \
		"udp_in $(grep '^Udp:' /proc/net/snmp | tail -n1 | cut -d' ' -f2)" \
		"rxe_rcvd $(cat $d/rcvd_pkts 2>/dev/null)" \
		"rxe_sent $(cat $d/sent_pkts 2>/dev/null)"
}

rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check soak/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check soak/grant sh -c 'echo "1 48" > /sys/kernel/debug/gvtmem/grant'
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_swap_on
	echo 0 > /sys/kernel/gvtmem/transport/lend_mb
	echo 0 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_check soak/zone-appeared rig_wait 10 test -d /sys/kernel/gvtmem/zones/2
	rig_cgroup soak 48M
	rig_in_cgroup soak usemem -s 41 -p 2 -d -u /tmp/load-stop 96 \
		>/tmp/usemem.out 2>&1 &
	um=$!
fi

t0=$(now)
down_since=
stopped=0
while [ $(($(now) - t0)) -lt "$SOAK_S" ]; do
	state=$(cat $P/$other/state)
	if [ "$state" = up ]; then
		down_since=
	elif [ -z "$down_since" ]; then
		down_since=$(now)
		echo "soak: $(now) s: connection $state; $(link_line)"
	elif [ $(($(now) - down_since)) -ge 20 ]; then
		stopped=1
		break
	fi
	sleep 1
done

if [ "$stopped" = 1 ]; then
	echo "soak: $(now) s: connection not up for 20 s; the link:"
	for _ in 1 2 3 4 5; do
		echo "soak: $(now) s: $(link_line)"
		sleep 2
	done
	host rdma res show qp 2>&1
	host rdma res show cm_id 2>&1
	# The host's tools by path: busybox's applets would shadow them.
	host /usr/sbin/tc -s qdisc show dev eth0 2>&1
	host /usr/sbin/ethtool -S eth0 2>&1
	cat /sys/kernel/debug/gvtmem/rdma_devices
	cat /proc/net/softnet_stat
	grep . /sys/class/net/eth0/queues/*/tx_* 2>/dev/null
	dmesg | tail -n 60
	# Whose transmit stopped, and what gets it going again. Each step
	# pings the peer so that there is something to send.
	tx() { cat /sys/class/net/eth0/statistics/tx_packets; }
	sends() {
		ping -c 3 -W 1 "$(rig_ip "$other")" >/dev/null 2>&1
		[ "$(tx)" != "$1" ]
	}
	t1=$(tx)
	if ! sends "$t1"; then
		echo "soak: eth0 sent nothing, not even a ping; replacing the root qdisc"
		host /usr/sbin/tc qdisc replace dev eth0 root pfifo limit 1000 2>&1
		if sends "$t1"; then
			echo "soak: eth0 sends again after a new qdisc ($(tx))"
		else
			echo "soak: still nothing; eth0 down and up"
			ip link set eth0 down
			sleep 1
			ip link set eth0 up
			sleep 2
			sends "$t1"
			echo "soak: eth0 tx $(tx) after down and up (was $t1)"
		fi
		host /usr/sbin/tc -s qdisc show dev eth0 2>&1
		host /usr/sbin/ethtool -S eth0 2>&1
	else
		echo "soak: eth0 sends (a ping went out: tx $t1 -> $(tx))"
	fi
	rig_wait 60 sh -c "test \$(cat $P/$other/state) = up" &&
		echo "soak: $(now) s: connection up again"
fi
rig_expect soak/connection-never-stopped 0 "$stopped"
# The other node may still be soaking: wait for it, bounded.
rig_barrier soaked $((SOAK_S + 120))
if [ "$NODE" = 1 ]; then
	touch /tmp/load-stop
	wait $um
	out=$(tail -n 1 /tmp/usemem.out)
	echo "$out"
	rig_usemem_ok soak/usemem-no-mismatch "$out"
fi
exit 0
