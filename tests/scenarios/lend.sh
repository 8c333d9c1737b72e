# SPDX-License-Identifier: GPL-2.0
# Lending: node 2 lends node 1 blocks of its RAM; node 1 writes and reads
# pages in them with one-sided RDMA and gets its data back; a key it was
# not granted, or one revoked since, reaches nothing; a Grant lost on its
# way is sent again until acknowledged, and one lost for longer than the
# donor waits is taken back; the lender's sysfs shows what it lent and to
# whom. (Test hooks grant by hand until the master does.)
# rig-nodes: 2
# rig-params: test_hooks=1
# rig-timeout: 300

D=/sys/kernel/debug/gvtmem
P=/sys/kernel/gvtmem/transport/peers
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check lend/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check lend/pool-sized sh -c 'echo 8 > /sys/kernel/gvtmem/transport/lend_mb'
	rig_expect lend/pool-size 8 "$(cat /sys/kernel/gvtmem/transport/lend_mb)"
	sent=$(cat /sys/kernel/gvtmem/transport/sent/grant)
	rig_check lend/grant sh -c "echo '1 2' > $D/grant"
	rig_expect lend/lent-shown 2 "$(cat $P/1/blocks_lent)"
	# Both blocks travel in one Grant message, counted by type.
	rig_expect lend/grant-message-counted $((sent + 1)) "$(cat /sys/kernel/gvtmem/transport/sent/grant)"
	# A pool with blocks out cannot shrink below them.
	if echo 0 > /sys/kernel/gvtmem/transport/lend_mb 2>/dev/null; then
		rig_result fail lend/lent-blocks-pinned "pool shrank under lent blocks"
	else
		rig_expect lend/lent-blocks-pinned 4 "$(cat /sys/kernel/gvtmem/transport/lend_mb)"
	fi
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_check lend/grant-received rig_wait 10 sh -c "test \$(cat $P/2/blocks_borrowed) -eq 2"
	cat $D/remote_blocks
	n=0
	while read -r donor addr key order; do
		n=$((n + 1))
		rig_check "lend/rdma-write-read-block$n" sh -c "echo '$donor $addr $key' > $D/rw_test"
		# The last page of the block too.
		last=$(printf %x $(( 0x$addr + (1 << (order + 12)) - 4096 )))
		rig_check "lend/rdma-write-read-block$n-last-page" sh -c "echo '$donor $last $key' > $D/rw_test"
	done < $D/remote_blocks
	rig_expect lend/blocks-tested 2 "$n"
	set -- $(head -n 1 $D/remote_blocks)
	echo "$2 $3" > /tmp/block
fi
rig_barrier io-done

# Revoke on the lender; the old key must reach nothing.
if [ "$NODE" = 2 ]; then
	rig_check lend/revoke sh -c "echo 1 > $D/revoke"
	rig_expect lend/revoke-shown 0 "$(cat $P/1/blocks_lent)"
	rig_check lend/pool-shrinks-after-revoke sh -c 'echo 0 > /sys/kernel/gvtmem/transport/lend_mb'
fi
rig_barrier revoked

if [ "$NODE" = 1 ]; then
	read -r addr key < /tmp/block
	if echo "2 $addr $key" > $D/rw_test 2>/dev/null; then
		rig_result fail lend/revoked-key-refused "RDMA with a revoked key succeeded"
	else
		rig_result ok lend/revoked-key-refused
	fi
	# A key never granted (the connection may reset; it must come back).
	rig_check lend/peer-back-after-revoke-error rig_peers_up 60
	if echo "2 $addr $(printf %x $(( 0x$key ^ 0x5500 )))" > $D/rw_test 2>/dev/null; then
		rig_result fail lend/ungranted-key-refused "RDMA with an ungranted key succeeded"
	else
		rig_result ok lend/ungranted-key-refused
	fi
	rig_check lend/peer-back-after-bad-key rig_peers_up 60
fi
rig_barrier keys-done 120

# A Grant lost on its way for a while: node 2 drops its frames to and
# from node 1 for 3 s while it grants a block. It sends the Grant again
# every second until acknowledged, so node 1 takes it once the drop ends
# and both count it: 1 lent, 1 borrowed, never taken back.
if [ "$NODE" = 2 ]; then
	rig_check lend/up-before-lost-grant rig_peers_up 60
	echo 8 > /sys/kernel/gvtmem/transport/lend_mb
	rig_check lend/lost-grant-dropping sh -c "echo '1 3' > $D/faults/drop"
	rig_check lend/lost-grant sh -c "echo '1 1' > $D/grant"
	rig_expect lend/lost-grant-counted 1 "$(cat $P/1/blocks_lent)"
	rig_check lend/lost-grant-resent rig_wait 15 sh -c \
		'dmesg | grep -q "peer 1: Grant of 1 blocks not acknowledged yet: sent again"'
	sleep 10	# past the 8 s deadline: acknowledged, so kept
	rig_expect lend/resent-grant-kept 1 "$(cat $P/1/blocks_lent)"
fi
rig_barrier lost-grant 120
[ "$NODE" = 1 ] && rig_expect lend/resent-grant-borrowed-once 1 "$(cat $P/2/blocks_borrowed)"
rig_barrier resent-grant-checked 60

# A Grant lost for good: the frames are dropped for 10 s, longer than
# the 8 s a donor waits for an acknowledgement. Every resend is lost;
# node 2 takes the block back and says so; node 1 never counts it.
if [ "$NODE" = 2 ]; then
	rig_check lend/lost-grant-for-good-dropping sh -c "echo '1 10' > $D/faults/drop"
	rig_check lend/lost-grant-for-good sh -c "echo '1 1' > $D/grant"
	rig_expect lend/lost-grant-for-good-counted 2 "$(cat $P/1/blocks_lent)"
	rig_check lend/lost-grant-taken-back rig_wait 30 sh -c "test \$(cat $P/1/blocks_lent) -eq 1"
	rig_check lend/lost-grant-logged sh -c \
		'dmesg | grep -q "peer 1: no acknowledgement of the Grant of 1 blocks"'
	sleep 4		# past the drop: nothing of it is sent again
	rig_expect lend/lost-grant-stays-back 1 "$(cat $P/1/blocks_lent)"
fi
rig_barrier lost-grant-for-good 120
[ "$NODE" = 1 ] && rig_expect lend/lost-grant-never-borrowed 1 "$(cat $P/2/blocks_borrowed)"
rig_barrier done 200
exit 0
