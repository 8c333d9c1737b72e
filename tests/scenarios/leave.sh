# SPDX-License-Identifier: GPL-2.0
# Tier-2 policy under load, and a clean leave, on 3 nodes. Node 3 lends;
# nodes 1 and 2 run usemem short of local tmem.
# 1. greedy-local: no remote grants, though puts are refused.
# 2. The policy is switched to greedy-remote at run time, on node 2,
#    under load: nodes 1 and 2 borrow from node 3, and the master's
#    Statistics show the new policy and the borrowed pages.
# 3. Node 3 leaves cleanly while both borrow from it and their usemem
#    runs: it reaches Inactive, nothing is owned at it afterwards, and
#    usemem on nodes 1 and 2 reads back every page.
# rig-nodes: 3
# rig-mem: 640
# rig-timeout: 1200

C=/sys/kernel/gvtmem/cluster
P=/sys/kernel/gvtmem/transport/peers
# More than one Grant-Any can carry (64 blocks, 128 MiB): greedy-remote
# may give the first hungry node all it asks for, and the leave must find
# node 3 lending to both.
[ "$NODE" = 3 ] && echo 160 > /sys/kernel/gvtmem/transport/lend_mb
rig_join
policy_is() { [ "$(cat $C/policy)" = "$1" ]; }
rig_check leave/all-active rig_wait 90 rig_active_is 1,2,3
# Strings that merely start like a boolean do not make node 3 leave.
if [ "$NODE" = 3 ]; then
	for v in 1e9 18446744073709551616 yes-please y 1x " 1" on; do
		if printf '%s' "$v" > $C/leave 2>/dev/null; then
			rig_result fail "leave/refuses-$(printf '%s' "$v" | tr -c 'a-zA-Z0-9' _)" "accepted"
		else
			rig_result ok "leave/refuses-$(printf '%s' "$v" | tr -c 'a-zA-Z0-9' _)"
		fi
	done
	rig_expect leave/no-leave-asked 0 "$(cat $C/leave)"
fi
sleep 3
rig_check leave/still-all-active rig_active_is 1,2,3

# ---- 1. greedy-local ----
[ "$NODE" = 1 ] && rig_check leave/set-greedy-local \
	rig_wait 30 sh -c "echo greedy-local > $C/policy"
rig_check leave/policy-greedy-local-everywhere rig_wait 15 policy_is greedy-local
rig_barrier policy-local
if [ "$NODE" != 3 ]; then
	rig_usemem_start 32M $((40 + NODE)) 80
	sleep 20
	rig_check leave/greedy-local-puts-refused test "$(gv stats/puts_failed)" -gt 0
	rig_expect leave/greedy-local-no-grant 0 "$(cat $P/3/blocks_borrowed)"
fi
rig_barrier local-checked 300

# ---- 2. switch to greedy-remote under load ----
[ "$NODE" = 2 ] && rig_check leave/switch-to-greedy-remote \
	sh -c "echo greedy-remote > $C/policy"
rig_check leave/policy-greedy-remote-everywhere rig_wait 15 policy_is greedy-remote
if [ "$NODE" != 3 ]; then
	rig_check leave/borrowing-from-node3 rig_wait 120 \
		sh -c "test \$(cat $P/3/blocks_borrowed) -gt 0"
	rig_check leave/remote-pages-used rig_wait 120 \
		sh -c "test \$(cat /sys/kernel/gvtmem/zones/3/used_pages) -gt 0" ||
		{ gvtmemctl status; grep . /sys/kernel/gvtmem/stats/*; }
fi
rig_barrier borrowing 300
if [ "$(cat $C/role)" = master ]; then
	for i in 1 2; do
		rig_check "leave/statistics-node$i-policy" rig_wait 10 \
			sh -c "test \$(cat $C/nodes/$i/policy) = greedy-remote"
		# Statistics come every second: wait for one after the grant.
		rig_check "leave/statistics-node$i-borrowed" rig_wait 10 \
			sh -c "test \$(cat $C/nodes/$i/borrowed_pages) -gt 0"
	done
	rig_check leave/master-ordered-grants test "$(cat $C/grants_ordered_pages)" -gt 0
fi
# Node 3 leaves only after the master has seen the borrowing: its leave
# drains it, and on a slow kernel a Statistics could come after that.
rig_barrier statistics-checked 120

# ---- 3. node 3 leaves while both borrow from it ----
if [ "$NODE" = 3 ]; then
	echo "leave: lent to node 1: $(cat $P/1/blocks_lent), node 2: $(cat $P/2/blocks_lent) blocks"
	rig_check leave/lends-to-both sh -c \
		"test \$(cat $P/1/blocks_lent) -gt 0 && test \$(cat $P/2/blocks_lent) -gt 0"
	rig_check leave/request sh -c "echo 1 > $C/leave"
	rig_check leave/leaving-shown rig_wait 10 sh -c \
		"grep -qE 'leaving|inactive' $C/state"
	rig_check leave/reached-inactive rig_wait 60 sh -c "test \$(cat $C/state) = inactive"
	rig_check leave/left-logged sh -c 'dmesg | grep -q "has left the cluster; it may shut down"'
	rig_expect leave/nothing-lent-to-node1 0 "$(cat $P/1/blocks_lent)"
	rig_expect leave/nothing-lent-to-node2 0 "$(cat $P/2/blocks_lent)"
else
	rig_check leave/node3-inactive-here rig_wait 90 sh -c \
		"test \$(cat $C/nodes/3/state) = inactive"
	rig_expect leave/nothing-borrowed-from-node3 0 "$(cat $P/3/blocks_borrowed)"
	rig_check leave/no-zone-at-node3 test ! -d /sys/kernel/gvtmem/zones/3
	rig_check leave/active-set rig_wait 30 rig_active_is 1,2
	rig_usemem_stop leave
fi
dmesg | grep 'gvtmem:' | grep -E 'master|tier 2|node [0-9]+:|Force|left|leave|gave back' | tail -n 40
rig_barrier done 900
exit 0
