# SPDX-License-Identifier: GPL-2.0
# The swap block device into a peer's memory (kernels without frontswap:
# stock 6.1, 6.12). Node 1 swaps through /dev/gvtmem0 over its swap
# partition with a 4 MiB local zone and 48 blocks node 2 lends it:
# - usemem at twice its cgroup limit reads back every page; pages went
#   to node 2's memory; writethrough (with a remote zone) also wrote them
#   to the partition; writebehind (the rig's command line word
#   rig.durability=writebehind, RIG_CMDLINE) wrote each remote page's disk
#   copy there after the swap write, local pages never, and no put waited
#   for the wire;
# - its slots are freed when it exits;
# - node 2 is killed under a second usemem: node 1 drops the zone, reads
#   those pages from the partition, and usemem finishes with 0 mismatches;
# - swapoff then brings every page back and empties the store.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96 swapdev_backing=/dev/vda
# rig-timeout: 900

S=/sys/kernel/gvtmem/stats
P=/sys/kernel/gvtmem/transport/peers
gv() { cat "/sys/kernel/gvtmem/$1"; }
D=$(sed -n 's/.*rig\.durability=\([a-z]*\).*/\1/p' /proc/cmdline)
D=${D:-writethrough}
echo "swapdev-remote: durability $D"
[ "$NODE" = 1 ] && rig_check swapdev-remote/durability-$D \
	sh -c "echo $D > /sys/kernel/gvtmem/backend/durability"

rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check swapdev-remote/peers-up rig_peers_up 60
rig_expect_load_lane swapdev-remote/load-lane-as-configured "$((3 - NODE))"
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check swapdev-remote/grant sh -c 'echo "1 48" > /sys/kernel/debug/gvtmem/grant'
	rig_expect swapdev-remote/lent-to-node1 48 "$(cat $P/1/blocks_lent)"
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_check swapdev-remote/swapon sh -c 'mkswap /dev/gvtmem0 && swapon /dev/gvtmem0'
	echo 0 > /sys/kernel/gvtmem/transport/lend_mb
	echo 4 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_check swapdev-remote/zone-appeared rig_wait 10 test -d /sys/kernel/gvtmem/zones/2
	w0=$(rig_disk_writes vda)
	failed0=$(gv stats/puts_failed)
	rig_cgroup use 48M
	out=$(rig_in_cgroup use usemem -s 41 -p 2 96)
	echo "$out"
	rig_usemem_ok swapdev-remote/usemem-no-mismatch "$out"
	written=$(( ($(rig_disk_writes vda) - w0) / 8 ))
	copies=$(gv stats/disk_copies_written)
	refused=$(( $(gv stats/puts_failed) - failed0 ))
	echo "swapdev-remote: puts_local=$(gv stats/puts_local) puts_remote_async=$(gv stats/puts_remote_async) puts_remote_sync=$(gv stats/puts_remote_sync) gets_remote=$(gv stats/gets_remote) pages_written_to_partition=$written disk_copies_written=$copies refused=$refused"
	rig_check swapdev-remote/remote-puts test \
		$(( $(gv stats/puts_remote_async) + $(gv stats/puts_remote_sync) )) -gt 4096
	rig_check swapdev-remote/remote-loads test "$(gv stats/gets_remote)" -gt 0
	if [ "$D" = writebehind ]; then
		rig_check swapdev-remote/local-puts test "$(gv stats/puts_local)" -gt 0
		rig_expect swapdev-remote/no-sync-remote-puts 0 "$(gv stats/puts_remote_sync)"
		rig_check swapdev-remote/disk-copies-written test "$copies" -gt 4096
		rig_expect swapdev-remote/no-disk-copy-failed 0 "$(gv stats/disk_copies_failed)"
		# Every page on the partition is a disk copy or a refused
		# page; local ones are not there.
		rig_check swapdev-remote/partition-writes-are-copies-or-refusals \
			test "$written" -ge "$copies" -a "$written" -le $((copies + refused))
	else
		rig_check swapdev-remote/writethrough-wrote-partition \
			test "$written" -gt 1024
	fi
	# Batched posting (rig.gvset.backend.async_write_batch): staged
	# writes went through the list, in fewer requests than pages.
	if [ "$(gv backend/async_write_batch)" -gt 1 ]; then
		req=$(gv stats/async_batch_requests) pages=$(gv stats/async_batch_pages)
		echo "swapdev-remote: $pages staged pages in $req requests"
		# (a write whose page was freed before it went is not posted)
		rig_expect swapdev-remote/batched-staged-writes "$(gv stats/puts_remote_async)" \
			"$((pages + $(gv stats/async_batch_skipped)))"
		rig_check swapdev-remote/batched-fewer-requests test "$req" -lt "$pages"
	fi
	rig_check swapdev-remote/slots-freed rig_wait 10 sh -c "test \$(cat $S/swap_pages) -le 65"

	# The lender dies under a second usemem (rig_usemem_start would swapon
	# /dev/vda, which is gvtmem0's backing partition).
	rm -f /tmp/stop /tmp/usemem.done
	(rig_in_cgroup use usemem -s 42 -d -p 2 -u /tmp/stop 96 > /tmp/usemem.out 2>&1
	 touch /tmp/usemem.done) &
	rig_check swapdev-remote/remote-again rig_wait 120 sh -c \
		"test \$(cat /sys/kernel/gvtmem/zones/2/used_pages) -gt 2048"
fi
rig_barrier loaded 300
if [ "$NODE" = 2 ]; then
	rig_result ok swapdev-remote/killed-on-request
	rig_kill_me
fi
RIG_LIVE_NODES=1
if [ "$NODE" = 1 ]; then
	rig_check swapdev-remote/zone-dropped rig_wait 60 test ! -d /sys/kernel/gvtmem/zones/2
	sleep 5
	rig_usemem_stop swapdev-remote/after-kill
	rig_expect swapdev-remote/no-page-lost 0 "$(gv stats/lost_pages)"
	rig_expect swapdev-remote/no-read-error 0 \
		"$(dmesg | grep -c 'gvtmem0: slot .* I/O error')"

	# A parked process's pages come back at swapoff.
	rm -f /tmp/stop /tmp/usemem.done
	(rig_in_cgroup use usemem -s 43 -d -p 1 -u /tmp/stop 96 > /tmp/usemem.out 2>&1
	 touch /tmp/usemem.done) &
	# Its lender gone, the store has the 4 MiB zone: most of the 48+ MiB
	# swapped out is on the partition; swapoff reads both back.
	rig_check swapdev-remote/parked rig_wait 120 sh -c \
		"awk '\$1 == \"/dev/gvtmem0\" && \$4 > 16384 { f = 1 } END { exit !f }' /proc/swaps"
	echo max > /sys/fs/cgroup/use/memory.max
	rig_check swapdev-remote/swapoff swapoff /dev/gvtmem0
	rig_check swapdev-remote/swapoff-emptied-store sh -c "test \$(cat $S/swap_pages) -le 1"
	touch /tmp/stop
	rig_check swapdev-remote/parked-finished rig_wait 300 test -e /tmp/usemem.done
	rig_usemem_ok swapdev-remote/parked-no-mismatch "$(cat /tmp/usemem.out)"
fi
