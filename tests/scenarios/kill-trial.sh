# SPDX-License-Identifier: GPL-2.0
# One node-failure trial on 4 nodes. Nodes 1-3 run usemem in 24 MiB
# cgroups over a 4 MiB local zone, so most of their swap pages live in
# zones the other nodes lend; node 4 only lends. At a moment TRIAL_DELAY
# seconds into the load, one node's VM is killed (a power cut): the
# master (TRIAL_VICTIM=master) or another node (TRIAL_VICTIM=other, which
# one chosen by TRIAL_DELAY). Durability mode TRIAL_MODE: writethrough,
# replicas or writebehind.
# - Every survivor's usemem reads back every page (0 mismatches) after at
#   least one full pass following the kill.
# - The survivors drop the victim (active set), keep or elect a master.
# - replicas: pages really had two copies before the kill; afterwards the
#   re-replication queue empties, no page is lost, and the time it took
#   is printed ("trial: ... rereplication_ms=N").
# - No survivor logs an oops, warning or lockdep/KASAN report (the rig's
#   kernel-clean check).
# tests/rig/kill-trials.sh runs many of these with varied parameters; the
# rig runs this file with the defaults below.
# rig-nodes: 4
# rig-mem: 640
# rig-timeout: 900

: "${TRIAL_MODE:=replicas}" "${TRIAL_VICTIM:=other}" "${TRIAL_DELAY:=5}"
C=/sys/kernel/gvtmem/cluster
S=/sys/kernel/gvtmem/stats
gv() { cat "/sys/kernel/gvtmem/$1"; }
echo "trial: mode=$TRIAL_MODE victim=$TRIAL_VICTIM delay=$TRIAL_DELAY"

rig_check trial/durability-set sh -c "echo $TRIAL_MODE > /sys/kernel/gvtmem/backend/durability"
rig_expect trial/durability "$TRIAL_MODE" "$(gv backend/durability)"
echo 80 > /sys/kernel/gvtmem/transport/lend_mb
rig_join
rig_check trial/all-active rig_wait 120 rig_active_is 1,2,3,4
[ "$NODE" = 1 ] && rig_check trial/greedy-remote \
	rig_wait 30 sh -c "echo greedy-remote > $C/policy"
rig_barrier policy 120

# Pages held remotely: everything held but what the local zone holds.
remote_pages() {
	echo $(( $(gv stats/swap_pages) + $(gv stats/clean_pages) - $(gv zones/local/used_pages) ))
}
most_remote() {
	[ "$(remote_pages)" -gt "$(gv zones/local/used_pages)" ] &&
		[ "$(remote_pages)" -gt 1536 ]
}

if [ "$NODE" != 4 ]; then
	rig_usemem_start 24M $((70 + NODE)) 40
	if ! rig_check trial/most-pages-remote rig_wait 240 most_remote; then
		# Why not, before this node may be the one killed.
		for z in /sys/kernel/gvtmem/zones/*; do
			echo "trial: node $NODE zone ${z##*/} pages=$(cat $z/pages) used=$(cat $z/used_pages)"
		done
		echo "trial: node $NODE active=$(cat $C/active) master=$(cat $C/master)"
		dmesg | grep 'gvtmem:' | tail -n 40 | sed "s/^/trial: node $NODE /"
	fi
	echo "trial: node $NODE holds $(remote_pages) pages remotely, $(gv zones/local/used_pages) locally"
	for f in puts_local puts_remote_async puts_remote_sync async_writes_full \
		 async_writes_nomem async_writes_failed puts_refused_share \
		 puts_refused_mem_limit puts_refused_full puts_refused_nomem \
		 puts_write_failed puts_refused_writebehind evictions; do
		printf '%s=%s ' "$f" "$(gv stats/$f)"
	done | sed "s/^/trial: node $NODE /; s/ $//"; echo
	[ "$TRIAL_MODE" = replicas ] &&
		rig_check trial/second-copies-held test "$(gv stats/replica_pages)" -gt 1024
fi
rig_barrier loaded 400
# Every node's books and the master's view, for a run that went wrong.
for p in /sys/kernel/gvtmem/transport/peers/*; do
	echo "trial: node $NODE peer ${p##*/} $(cat $p/state) lent=$(cat $p/blocks_lent) borrowed=$(cat $p/blocks_borrowed)"
done
if [ "$(cat $C/role)" = master ]; then
	for n in $C/nodes/*; do
		echo "trial: master's view of node ${n##*/}: $(cat $n/state) tmem=$(cat $n/tmem_pages) used=$(cat $n/used_pages) borrowed=$(cat $n/borrowed_pages) lent=$(cat $n/lent_pages) puts_failed=$(cat $n/puts_failed)"
	done
	echo "trial: master ordered grants=$(cat $C/grants_ordered_pages) returns=$(cat $C/returns_ordered_pages) stale=$(cat $C/stale_orders_dropped) inbox_dropped=$(cat $C/inbox_dropped)"
	dmesg | grep 'gvtmem: tier 2 (' | head -n 12 | sed 's/^/trial: master /'
fi

# ---- the kill ----
m=$(cat $C/master)
if [ "$TRIAL_VICTIM" = master ]; then
	victim=$m
else
	others=$(seq 1 4 | grep -v "^$m$")
	victim=$(echo "$others" | sed -n "$((TRIAL_DELAY % 3 + 1))p")
fi
echo "trial: master $m, victim $victim"
sleep "$TRIAL_DELAY"
if [ "$NODE" = "$victim" ]; then
	rig_result ok trial/victim-about-to-be-killed
	rig_kill_me
fi
t0=$(date +%s)
RIG_LIVE_NODES=3
survivors=$(seq 1 4 | grep -v "^$victim$" | tr '\n' , | sed 's/,$//')
rig_check trial/victim-out rig_wait 60 rig_active_is "$survivors"
rig_check trial/master-alive rig_wait 30 sh -c \
	"test \$(cat $C/master) != none && test \$(cat $C/master) != $victim"
rig_check trial/victim-zone-gone rig_wait 60 test ! -d "/sys/kernel/gvtmem/zones/$victim"

if [ "$TRIAL_MODE" = replicas ]; then
	rig_check trial/rereplication-done rig_wait 300 sh -c \
		"test \$(cat $S/rereplication_queue) -eq 0"
	ms=$(gv stats/rereplication_last_ms)
	echo "trial: node $NODE rereplication_ms=$ms rereplicated_pages=$(gv stats/rereplicated_pages) replica_pages=$(gv stats/replica_pages) seconds_after_kill=$(( $(date +%s) - t0 ))"
fi
# From load on: a page lost before the kill (a false failure under load
# and a re-replication not done in time) counts as much as one after it.
rig_expect trial/no-page-lost 0 "$(gv stats/lost_pages)"

if [ "$NODE" != 4 ]; then
	# At least one whole verify pass after the kill.
	passes=$(grep -c 'pass .* done' /tmp/usemem.out)
	rig_check trial/pass-after-kill rig_wait 300 sh -c \
		"test \$(grep -c 'pass .* done' /tmp/usemem.out) -ge $((passes + 2))"
	rig_usemem_stop trial
	echo "trial: node $NODE gets_failed=$(gv stats/gets_failed) puts_failed=$(gv stats/puts_failed)"
fi
dmesg | grep 'gvtmem:' | grep -E 'zone|re-replication|lost|master|no longer' | tail -n 20
rig_barrier done 900
exit 0
