# SPDX-License-Identifier: GPL-2.0
# Connections heal under load: node 1 swaps into node 2's memory with
# usemem while its connection to node 2 is reset every 20 s
# (faults/reset, as a timed-out request would). Each time the connection
# must be up again within 15 s, and every page comes back intact. With
# keep_loans=0 (not the default; keep-loans.sh tests the default) a reset
# still ends the loans made over the connection, so node 2 lends again
# whenever node 1 holds nothing of its: the traffic stays remote.
# Run with rig.sh --netwatch to see each node's network path per second.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96 keep_loans=0
# rig-timeout: 1200

P=/sys/kernel/gvtmem/transport/peers
RESETS=${RESETS:-6}
now() { cut -d' ' -f1 /proc/uptime | cut -d. -f1; }

rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check reset/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	regrants=$(rig_lend_while_absent 1 48 /rig/barrier/load-done.1)
	echo "reset: node 2 lent to node 1 $regrants times"
	rig_check reset/lent-at-least-once test "$regrants" -ge 1
fi

if [ "$NODE" = 1 ]; then
	rig_borrow_only reset/zone-appeared 2
	rig_cgroup use 48M
	rig_in_cgroup use usemem -s 31 -p 2 -d -u /tmp/load-stop 96 >/tmp/usemem.out 2>&1 &
	um=$!
	n=0 slow=0 worst=0
	while [ $n -lt "$RESETS" ] && kill -0 $um 2>/dev/null; do
		sleep 20
		rig_wait 60 test -d /sys/kernel/gvtmem/zones/2
		echo 2 > /sys/kernel/debug/gvtmem/faults/reset
		n=$((n + 1))
		t0=$(now)
		rig_wait 60 sh -c "test \$(cat $P/2/state) = up"
		t=$(($(now) - t0))
		echo "reset: reset $n: up again after $t s ($(cat $P/2/state)); zone 2 holds $(cat /sys/kernel/gvtmem/zones/2/used_pages 2>/dev/null || echo no) pages"
		[ $t -gt 15 ] && slow=$((slow + 1))
		[ $t -gt $worst ] && worst=$t
	done
	touch /tmp/load-stop
	wait $um
	out=$(tail -n 1 /tmp/usemem.out)
	echo "$out"
	echo "reset: $n resets, slowest heal $worst s"
	rig_expect reset/resets-done "$RESETS" $n
	rig_expect reset/every-reset-healed-within-15s 0 $slow
	rig_usemem_ok reset/usemem-no-mismatch "$out"
	rig_expect reset/up-at-end up "$(cat $P/2/state)"
	echo "reset: gets_failed=$(gv stats/gets_failed) puts_succeeded=$(gv stats/puts_succeeded)"
	rig_barrier load-done
fi
[ "$NODE" = 2 ] && rig_barrier load-done 1200
exit 0
