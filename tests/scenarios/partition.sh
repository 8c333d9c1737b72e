# SPDX-License-Identifier: GPL-2.0
# Partition and heal on 3 nodes. Node 3 lends to nodes 1 and 2, which run
# usemem with most swap pages at node 3. The rig cuts node 3 off the
# network for four lease periods (cluster/lease_ms: 8 s; its tap goes
# down on the host, so node 3's own link and RDMA device stay up, as when
# a switch port or the fabric fails), then puts it back.
# - The others declare it failed (Recovery, then Inactive), forget its
#   blocks, and go on (electing a new master if it was the master).
# - Node 3 knows it was out, and after the heal it rejoins: Active again
#   on every node.
# - Ownership is consistent on every node: what each donor says it lent to
#   a borrower is what that borrower says it borrowed from it, so no block
#   is owned twice.
# - usemem on nodes 1 and 2 reads back every page.
# A node whose own link goes down and up (ip link set eth0 down/up in the
# guest) is tests/scenarios/link-flap.sh (Documentation/testing.md).
# rig-nodes: 3
# rig-mem: 640
# rig-timeout: 900

C=/sys/kernel/gvtmem/cluster
[ "$NODE" = 3 ] && echo 64 > /sys/kernel/gvtmem/transport/lend_mb
rig_join
rig_check partition/all-active rig_wait 90 rig_active_is 1,2,3
# ttm grows each borrower a block or so at a time: both get some of node 3.
[ "$NODE" = 1 ] && rig_check partition/ttm \
	rig_wait 30 sh -c "echo ttm > $C/policy"
rig_barrier policy

if [ "$NODE" != 3 ]; then
	rig_usemem_start 32M $((50 + NODE)) 80
	rig_check partition/borrowing-from-node3 rig_wait 120 \
		sh -c "test \$(cat /sys/kernel/gvtmem/zones/3/used_pages 2>/dev/null || echo 0) -gt 0"
fi
rig_barrier borrowing 300
echo "before: master $(cat $C/master), epoch $(cat $C/epoch)"

# ---- the partition ----
if [ "$NODE" = 3 ]; then
	rig_check partition/cut-off-and-back rig_partition_me $((4 * $(cat $C/lease_ms) / 1000))
	# Cut off, node 3 cannot tell it is out; the master tells it after
	# the heal, and only then does it rejoin.
	rig_check partition/node3-knew-it-was-out rig_wait 60 sh -c \
		'dmesg | grep -qE "no longer counts this node Active|this node: (active|recovery|inactive) -> (recovery|inactive)"'
	rig_check partition/node3-rejoined rig_wait 90 sh -c "test \$(cat $C/state) = active"
else
	rig_check partition/node3-declared-failed rig_wait 20 \
		grep -qE 'recovery|inactive' $C/nodes/3/state
	rig_check partition/node3-zone-forgotten rig_wait 20 test ! -d /sys/kernel/gvtmem/zones/3
	rig_check partition/survivors-have-master rig_wait 20 sh -c \
		"test \$(cat $C/master) != none && test \$(cat $C/master) != 3"
	rig_check partition/node3-back rig_wait 120 grep -qx active $C/nodes/3/state
fi
rig_check partition/all-active-again rig_wait 60 rig_active_is 1,2,3
echo "after: master $(cat $C/master), epoch $(cat $C/epoch)"
rig_barrier healed 300

# ---- ownership: every donor's and borrower's books agree ----
# No new grants while the books are read on three nodes at once.
rig_tier2_quiet partition
rig_books_check partition/ownership-consistent

if [ "$NODE" != 3 ]; then
	rig_usemem_stop partition
fi
dmesg | grep 'gvtmem:' | grep -E 'master|node [0-9]+:|this node|Force|zone|fenc|no longer' | tail -n 40
rig_barrier done 600
exit 0
