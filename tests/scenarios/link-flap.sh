# SPDX-License-Identifier: GPL-2.0
# Links that come back: node 1 swaps into node 2's memory with usemem
# while node 2's own link (eth0, under rxe0) goes down for 10 s and up
# again: the connection is up again within 15 s of the link. Then node 2's
# RDMA device is deleted with gvtmem loaded: the deletion ends within
# 30 s, and once the device is added again the connection comes back.
# Last, node 1's own link flaps the same way, under its traffic. Every
# page comes back intact. Node 2 lends by hand (debugfs grant) whenever
# node 1 holds nothing of its: a device that goes away ends the loans.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96
# rig-timeout: 900
# rig-cmdline: rig.cmtrace=1

P=/sys/kernel/gvtmem/transport/peers
now() { cut -d' ' -f1 /proc/uptime | cut -d. -f1; }
other=$((3 - NODE))

# up_within NAME SECONDS: the connection to the other node is up within
# SECONDS of now; prints how long it took.
up_within() {
	local t0=$(now) t
	rig_wait 90 sh -c "test \$(cat $P/$other/state) = up"
	t=$(($(now) - t0))
	echo "flap: $1: connection up after $t s"
	rig_check "flap/$1-up-within-$2s" test "$t" -le "$2"
}

rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check flap/peers-up rig_peers_up 60
rig_barrier up

[ "$NODE" = 2 ] && rig_lend_while_absent 1 48 /tmp/lend-stop >/dev/null &
if [ "$NODE" = 1 ]; then
	rig_borrow_only flap/zone-appeared 2
	rig_cgroup use 48M
	rig_in_cgroup use usemem -s 41 -p 2 -d -u /tmp/load-stop 96 >/tmp/usemem.out 2>&1 &
	um=$!
	sleep 20
fi
rig_barrier loaded 300

# flap VICTIM: VICTIM's eth0 goes down for 10 s and up again.
flap() {
	if [ "$NODE" = "$1" ]; then
		ip link set eth0 down
		sleep 10
		ip link set eth0 up
		up_within "own-link-node$1" 15
	else
		sleep 5
		up_within "peer-link-node$1" 30
	fi
	rig_barrier "flapped-$1" 300
}

flap 2

# The RDMA device goes away under gvtmem and comes back.
if [ "$NODE" = 2 ]; then
	t0=$(now)
	rig_check flap/rdma-link-delete timeout 30 chroot /host rdma link delete rxe0
	echo "flap: rdma link delete took $(($(now) - t0)) s"
	rig_check flap/device-gone-logged sh -c 'dmesg | grep -q "RDMA device rxe0 removed"'
	sleep 5
	rig_check flap/rdma-link-add host rdma link add rxe0 type rxe netdev eth0
	rig_check flap/rxe-active-again rig_wait 20 rig_rxe_active
	up_within device-back 30
	rig_check flap/listening-again sh -c 'dmesg | grep -q "listening on .* again"'
else
	up_within peer-device-back 60
fi
rig_barrier device-back 300

# Last: the borrower's own link, under its traffic. Nothing may be posted
# while the port is down: soft-RoCE on 5.10 drops every packet a node
# receives after a send of its failed that way, until rxe0 is made anew
# (Documentation/testing.md, "Connections that stop").
flap 1

if [ "$NODE" = 1 ]; then
	sleep 10
	touch /tmp/load-stop
	wait $um
	out=$(tail -n 1 /tmp/usemem.out)
	echo "$out"
	rig_usemem_ok flap/usemem-no-mismatch "$out"
fi
rig_barrier done 600
[ "$NODE" = 2 ] && touch /tmp/lend-stop
rig_expect flap/up-at-end up "$(cat $P/$other/state)"

# Every attempt to the other node had a QP number the one before it did
# not have. The other node's CM refuses a REQ or REP from a number it
# still holds for an attempt of ours (a retransmitted REQ it accepted
# after we gave that attempt up) as a stale connection, for as long as
# it holds it: 10 s. Soft-RoCE on 5.10 hands out the number freed last
# first (Documentation/testing.md, "Refused as stale").
qpns=$(grep "cm_qp_create: .* dst=$(rig_ip "$other"):" /sys/kernel/debug/tracing/trace |
	sed -n 's/.* qp_num=\([0-9]*\).*/\1/p' | tr '\n' ' ')
echo "flap: QP numbers of the attempts to node $other: $qpns"
rig_check flap/attempts-counted test "$(echo $qpns | wc -w)" -ge 2
repeats=$(echo $qpns | tr ' ' '\n' | uniq -d | tr '\n' ' ')
rig_expect flap/qp-number-new-each-attempt "" "$repeats"
exit 0
