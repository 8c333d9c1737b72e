# SPDX-License-Identifier: GPL-2.0
# Grant ahead (cluster/grant_ahead_s, default 5). Under greedy-remote,
# node 1 runs usemem-grow in a 32 MiB cgroup over a 16 MiB local zone:
# from 24 MiB to 96 MiB in steps of 8 MiB a second apart, each step
# rewriting everything so far, so its swap pages grow step by step, as a
# growing job's do. Node 2 lends 128 MiB. The master sees node 1's demand
# grow and orders blocks for it before its local zone is full: the first
# grant to node 1 is ordered with no put of node 1 refused ("refused 0",
# a shortfall > 0 in the master's log). Every page comes back intact. The
# puts refused are printed, the figure grant ahead exists to lower. Then grant_ahead_s = 0 is announced to every node.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=128
# rig-timeout: 900

C=/sys/kernel/gvtmem/cluster
rig_join
rig_check ahead/both-active rig_wait 90 rig_active_is 1,2
rig_expect ahead/default-5-s 5 "$(gv cluster/grant_ahead_s)"
if [ "$NODE" = 1 ]; then
	echo 0 > /sys/kernel/gvtmem/transport/lend_mb
	rig_check ahead/greedy-remote rig_wait 30 sh -c "echo greedy-remote > $C/policy"
fi
rig_barrier policy

if [ "$NODE" = 1 ]; then
	# A new master leaves every node alone for its first 3 s (the orders
	# of the old one may still be settling): start after that.
	sleep 4
	rig_swap_on
	echo 16 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_cgroup use 32M
	out=$(rig_in_cgroup use usemem-grow -s 61 -i 24 -t 8 -m 96 -S 1)
	echo "$out"
	rig_usemem_ok ahead/usemem-no-mismatch "$(echo "$out" | tail -n 1)"
	rig_check ahead/borrowed-from-node2 test "$(gv transport/peers/2/blocks_borrowed)" -gt 0
	echo "ahead: node 1 puts refused: $(gv stats/puts_failed) of $(($(gv stats/puts_succeeded) + $(gv stats/puts_failed))) (client share $(gv stats/puts_refused_share), zones full $(gv stats/puts_refused_full))"
	gvtmemctl status | grep -E '^(tier-2 policy|puts|zones|local|node 2) '
fi
rig_barrier loaded 600

# The master (either node) logged every grant it ordered, with the
# borrower's refusals and shortfall of that round.
if [ "$(cat $C/role)" = master ]; then
	first=$(dmesg | grep -m1 'grants [0-9]* pages to node 1 ')
	echo "ahead: first grant: ${first:-none}"
	case $first in
	*"(refused 0, short "[1-9]*) rig_result ok ahead/first-grant-ordered-ahead ;;
	*) rig_result fail ahead/first-grant-ordered-ahead "${first:-no grant to node 1 logged}" ;;
	esac
	echo 0 > $C/grant_ahead_s
fi
rig_barrier off
rig_check ahead/off-announced rig_wait 10 sh -c "test \$(cat $C/grant_ahead_s) = 0"
rig_barrier done 300
exit 0
