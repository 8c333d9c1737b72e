# SPDX-License-Identifier: GPL-2.0
# Membership and election on 3 nodes.
# 1. Nodes join in any order (2, then 1 four seconds later); node 3 comes
#    with a wrong key: it is refused, hears nothing, and the others go on.
# 2. Node 3 gets the right key: all three agree on master, epoch and the
#    active set.
# 3. The master's VM is killed: the survivors elect a new master within
#    two lease periods (4 s), agree on every node's state, and grants go
#    on: a survivor short of local tmem gets blocks from the other, ordered
#    by the new master, and its usemem reads back every page.
# rig-nodes: 3
# rig-mem: 640
# rig-timeout: 900

C=/sys/kernel/gvtmem/cluster
K=$RIG_CLUSTER_KEY
WRONG=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
rig_cluster_config > /tmp/cluster.conf
echo 16 > /sys/kernel/gvtmem/transport/lend_mb

# uptime in ms (to 10 ms)
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
# view: what this node believes, one line, to compare across nodes
view() { echo "master=$(cat $C/master) epoch=$(cat $C/epoch) active=$(cat $C/active)"; }
# rig_agree NAME: every node wrote the same view file for NAME
agree() {
	local name=$1
	cat /rig/view-$name.* | sort -u > /tmp/views
	cat /tmp/views
	[ "$(wc -l < /tmp/views)" = 1 ]
}

# ---- 1. join in any order; a wrong key is refused ----
case $NODE in
1) sleep 4; echo $K > $C/key ;;
2) echo $K > $C/key ;;
3) echo $WRONG > $C/key ;;
esac
gvtmemctl config /tmp/cluster.conf
if [ "$NODE" = 3 ]; then
	sleep 15
	rig_expect cluster/wrong-key-node-inactive inactive "$(cat $C/state)"
	rig_expect cluster/wrong-key-node-hears-no-master none "$(cat $C/master)"
	rig_check cluster/wrong-key-node-drops-their-frames \
		test "$(gv transport/drops/bad_tag)" -gt 0
else
	rig_check cluster/two-nodes-form-cluster rig_wait 60 rig_active_is 1,2
	sleep 5
	rig_check cluster/wrong-key-frames-refused test "$(gv transport/drops/bad_tag)" -gt 0
	rig_check cluster/refusal-logged sh -c 'dmesg | grep -q "authentication tag does not match"'
	rig_expect cluster/others-unaffected 1,2 "$(cat $C/active)"
fi
rig_barrier wrong-key-checked

# ---- 2. the right key: everyone agrees ----
[ "$NODE" = 3 ] && echo $K > $C/key
rig_check cluster/all-active rig_wait 60 rig_active_is 1,2,3
sleep 2
view > "/rig/view-joined.$NODE"
rig_barrier joined
rig_check cluster/agree-on-master-epoch-active agree joined
m=$(cat $C/master)
rig_check cluster/one-master sh -c "test \$(cat /rig/view-joined.* | grep -c master=$m) -eq 3"
[ "$NODE" = "$m" ] && rig_expect cluster/master-role master "$(cat $C/role)"
epoch0=$(cat $C/epoch)

# ---- 3. kill the master ----
rig_barrier kill
if [ "$NODE" = "$m" ]; then
	rig_result ok cluster/master-about-to-be-killed
	rig_kill_me
fi
t0=$(now_ms)
RIG_LIVE_NODES=2
new_master() {
	local x
	x=$(cat $C/master)
	[ "$x" != none ] && [ "$x" != "$m" ]
}
rig_check cluster/new-master rig_wait 30 new_master
t1=$(now_ms)
# failover_ms: from the old master's last heartbeat to the new master's
# first word here; the old master died after that heartbeat.
gap=$(cat $C/failover_ms)
echo "cluster: new master $(cat $C/master) in epoch $(cat $C/epoch); $gap ms without a master (seen here $((t1 - t0)) ms after the kill barrier)"
rig_check cluster/new-master-within-two-leases test "$gap" -gt 0 -a "$gap" -le $((2 * $(cat $C/lease_ms)))
rig_check cluster/epoch-advanced test "$(cat $C/epoch)" -gt "$epoch0"

survivors=$(seq 1 3 | grep -v "^$m$" | tr '\n' , | sed 's/,$//')
rig_check cluster/dead-master-out-of-active-set rig_wait 30 rig_active_is "$survivors"
rig_check cluster/dead-master-inactive rig_wait 30 \
	sh -c "test \$(cat $C/nodes/$m/state) = inactive"
states() { for i in 1 2 3; do printf '%s=%s ' $i "$(cat $C/nodes/$i/state)"; done; view; }
states > "/rig/view-survivors.$NODE"
rig_barrier survivors-agree 60
cat /rig/view-survivors.*
rig_check cluster/survivors-agree-on-states sh -c \
	"test \$(cat /rig/view-survivors.* | sort -u | wc -l) -eq 1"

# Grants go on: the first survivor runs short of local tmem; the other lends.
b=$(echo "$survivors" | cut -d, -f1)
if [ "$NODE" = "$b" ]; then
	rig_swap_on
	echo 4 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_cgroup use 32M
	rig_in_cgroup use usemem -s 31 -d -p 4 64 > /tmp/usemem.out 2>&1
	cat /tmp/usemem.out
	rig_usemem_ok cluster/usemem-after-failover-no-mismatch "$(cat /tmp/usemem.out)"
	d=$(echo "$survivors" | cut -d, -f2)
	rig_check cluster/grant-after-failover test "$(gv transport/peers/$d/blocks_borrowed)" -gt 0
fi
rig_barrier usemem-done 600
[ "$(cat $C/role)" = master ] &&
	rig_check cluster/new-master-ordered-grants test "$(cat $C/grants_ordered_pages)" -gt 0
dmesg | grep 'gvtmem:' | grep -E 'master|tier 2|node [0-9]+:|standing' | tail -n 30
exit 0
