# SPDX-License-Identifier: GPL-2.0
# Remote zones: node 1 has no local zone; node 2 lends it blocks. Node 1
# runs usemem at twice its cgroup limit: every page comes back intact,
# swap pages go to node 2's memory and come back from it, and node 2's
# sysfs shows what it lent and to whom. The load runs three times: as
# configured (prefetch, asynchronous puts), without prefetch, and with
# every put waiting for its write; the data must be intact each time.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96
# rig-timeout: 900

P=/sys/kernel/gvtmem/transport/peers
# dump_connection PEER: for the analysis of failed gets or a connection
# that did not come back: its state, blocked tasks, CPU backtraces.
dump_connection() {
	echo "remote: connection to node $1: $(cat $P/$1/state)"
	cat /sys/kernel/debug/gvtmem/rdma_devices
	grep '^Udp:' /proc/net/snmp
	cat /sys/class/infiniband/rxe0/ports/1/hw_counters/rcvd_pkts
	echo w > /proc/sysrq-trigger
	echo l > /proc/sysrq-trigger
	dmesg | tail -n 150
}
# paths_add NAME: the counters of where puts and gets went add up to the
# totals (stats/ is quiet: no load runs).
paths_add() {
	local s=/sys/kernel/gvtmem/stats
	gvtmemctl status | grep -E '^(puts went|puts refused|gets) '
	rig_expect "$1-puts" "$(cat $s/puts_succeeded)" \
		"$(($(cat $s/puts_local) + $(cat $s/puts_remote_async) + $(cat $s/puts_remote_sync)))"
	rig_expect "$1-refusals" "$(cat $s/puts_failed)" \
		"$(($(cat $s/puts_refused_off) + $(cat $s/puts_refused_share) +
		    $(cat $s/puts_refused_mem_limit) + $(cat $s/puts_refused_full) +
		    $(cat $s/puts_refused_nomem) + $(cat $s/puts_refused_writebehind) +
		    $(cat $s/puts_write_failed)))"
	rig_expect "$1-gets" "$(cat $s/gets_succeeded)" \
		"$(($(cat $s/gets_local) + $(cat $s/gets_remote)))"
	rig_expect "$1-failed-gets" "$(cat $s/gets_failed)" \
		"$(($(cat $s/gets_not_found) + $(cat $s/gets_read_failed)))"
}
# latency_sane OP: transport/latency/OP's buckets never fall from one
# bound to the next and end at or below its count.
latency_sane() {
	local d=/sys/kernel/gvtmem/transport/latency/$1 b=1 last=0 v
	while [ "$b" -le 2097152 ]; do
		v=$(cat "$d/le_${b}us")
		[ "$v" -ge "$last" ] || { echo "le_${b}us $v < $last"; return 1; }
		last=$v b=$((b * 2))
	done
	[ "$last" -le "$(cat "$d/count")" ]
}
L=/sys/kernel/gvtmem/transport/latency
S=/sys/kernel/gvtmem/stats
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check remote/peers-up rig_peers_up 60
rig_expect_load_lane remote/load-lane-as-configured "$((3 - NODE))"
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_expect remote/lend-pool-from-module-parameter 96 "$(cat /sys/kernel/gvtmem/transport/lend_mb)"
	rig_check remote/grant sh -c 'echo "1 48" > /sys/kernel/debug/gvtmem/grant'
	rig_expect remote/lent-to-node1 48 "$(cat $P/1/blocks_lent)"
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_swap_on
	# Node 1 only borrows: its share of lend_mb=96 goes back to it.
	rig_check remote/borrower-lend-pool-freed sh -c \
		'echo 0 > /sys/kernel/gvtmem/transport/lend_mb'
	echo 0 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_check remote/zone-appeared rig_wait 10 test -d /sys/kernel/gvtmem/zones/2
	rig_expect remote/zone-size 24576 "$(gv zones/2/pages)"
	# The durability mode cannot change under remote pages.
	rig_check remote/durability-fixed-while-borrowing sh -c \
		"! echo replicas > /sys/kernel/gvtmem/backend/durability 2>/dev/null &&
		 test \$(cat /sys/kernel/gvtmem/backend/durability) = writethrough &&
		 dmesg | grep -q 'cannot change to replicas while this node holds remote zones'"
	rig_cgroup use 48M
	out=$(rig_in_cgroup use usemem -s 21 -p 2 96)
	echo "$out"
	rig_usemem_ok remote/usemem-no-mismatch "$out"
	echo "remote: puts_succeeded=$(gv stats/puts_succeeded) puts_failed=$(gv stats/puts_failed) gets_succeeded=$(gv stats/gets_succeeded) gets_failed=$(gv stats/gets_failed)"
	rig_check remote/puts-succeeded test "$(gv stats/puts_succeeded)" -gt 0
	rig_check remote/gets-succeeded test "$(gv stats/gets_succeeded)" -gt 0
	rig_expect remote/no-failed-gets 0 "$(gv stats/gets_failed)"
	# No local zone: every put and get was remote; puts did not wait.
	paths_add remote/paths-add-up
	rig_expect remote/no-local-puts 0 "$(gv stats/puts_local)"
	rig_check remote/puts-remote-async test "$(gv stats/puts_remote_async)" -gt 0
	rig_check remote/gets-remote test "$(gv stats/gets_remote)" -gt 0
	# Swap-in prefetch (default 8 pages) read ahead and was used.
	echo "remote: prefetch_reads=$(gv stats/prefetch_reads) prefetch_hits=$(gv stats/prefetch_hits) prefetch_pages=$(gv stats/prefetch_pages)"
	rig_check remote/prefetch-read-ahead test "$(gv stats/prefetch_reads)" -gt 0
	rig_check remote/prefetch-hits test "$(gv stats/prefetch_hits)" -gt 0
	# Every remote read and every asynchronous write was timed (a
	# prefetch read carries several pages).
	rig_check remote/latency-reads-timed test "$(cat $L/read/count)" -gt 0
	rig_check remote/latency-read-pages test "$(cat $L/read/pages)" -ge "$(cat $L/read/count)"
	# Every asynchronous write's page was timed (with batched posting, a
	# request carries several, and a write whose page was freed before it
	# went is not posted).
	rig_check remote/latency-async-writes-timed rig_wait 10 sh -c \
		"[ \$((\$(cat $L/write_async/pages) + \$(cat $S/async_batch_skipped))) = \$(cat $S/puts_remote_async) ]"
	echo "remote: asynchronous writes: $(cat $L/write_async/pages) pages in $(cat $L/write_async/count) requests (backend/async_write_batch $(gv backend/async_write_batch))"
	rig_check remote/latency-read-buckets latency_sane read
	rig_check remote/latency-async-buckets latency_sane write_async
	# The same load without it: the data is as good, and what prefetch
	# saves shows in the two usemem times.
	# It also lets out at most 4 writes while pages are being loaded.
	echo 1 > /sys/kernel/gvtmem/backend/prefetch_pages
	echo 4 > /sys/kernel/gvtmem/backend/async_writes_loading
	hits=$(gv stats/prefetch_hits)
	out=$(rig_in_cgroup use usemem -s 22 -p 2 96)
	echo "$out"
	rig_usemem_ok remote/usemem-no-prefetch-no-mismatch "$out"
	rig_expect remote/prefetch-off-no-hits "$hits" "$(gv stats/prefetch_hits)"
	echo 8 > /sys/kernel/gvtmem/backend/prefetch_pages
	echo 48 > /sys/kernel/gvtmem/backend/async_writes_loading
	# Asynchronous puts (default 32 in flight) wrote every page: none
	# failed. Then the same load with each put waiting for its write.
	rig_expect remote/async-writes-none-failed 0 "$(gv stats/async_writes_failed)"
	echo 0 > /sys/kernel/gvtmem/backend/async_writes
	async0=$(gv stats/puts_remote_async) sync0=$(gv stats/puts_remote_sync)
	out=$(rig_in_cgroup use usemem -s 23 -p 2 96)
	echo "$out"
	rig_usemem_ok remote/usemem-sync-puts-no-mismatch "$out"
	rig_expect remote/sync-pass-no-async-put "$async0" "$(gv stats/puts_remote_async)"
	rig_check remote/sync-pass-puts-waited test "$(gv stats/puts_remote_sync)" -gt "$sync0"
	rig_expect remote/latency-sync-writes-timed "$(gv stats/puts_remote_sync)" "$(cat $L/write/count)"
	rig_check remote/latency-sync-buckets latency_sane write
	echo 32 > /sys/kernel/gvtmem/backend/async_writes
	paths_add remote/paths-add-up-at-end
	rig_expect remote/no-failed-gets-at-all 0 "$(gv stats/gets_failed)"
	gvtmemctl status
	[ "$(gv stats/gets_failed)" != 0 ] && dump_connection 2
fi
# The lender stays up until the borrower is done: its three passes take
# about 2 minutes on the test kernel, over 20 on a loaded KASAN one.
rig_barrier done 600
[ "$NODE" = 2 ] && [ "$(cat $P/1/state)" != up ] && dump_connection 1
exit 0
