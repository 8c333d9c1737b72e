# SPDX-License-Identifier: GPL-2.0
# Demo: three nodes form a cluster over soft-RoCE and elect a master.
# Nodes 1 and 2 each run two clients (memory cgroups of 40 MiB, the
# paper's VMs) whose workloads outgrow them: usemem of 80 MiB, and k-means
# over 48 MiB run twice with a 5 s pause. Their swapped-out pages go to the node's
# local zone, then to memory node 3 (and the other) lends. Each node
# samples every client's tmem pages once a second into tmem-pages.tsv
# (tests/rig/demo.sh plots them) and saves `gvtmemctl status` at the peak
# and at the end.
# rig-mem: 640
# rig-timeout: 1200

C=/sys/kernel/gvtmem/cluster
rig_cluster_config > /tmp/cluster.conf
echo "$RIG_CLUSTER_KEY" > /tmp/cluster.key
gvtmemctl key /tmp/cluster.key
[ "$NODE" = 3 ] && echo 160 > /sys/kernel/gvtmem/transport/lend_mb
[ "$NODE" != 3 ] && echo 32 > /sys/kernel/gvtmem/transport/lend_mb
gvtmemctl config /tmp/cluster.conf
rig_check demo/peers-up rig_peers_up 60
all="$(seq 1 "$NODES" | tr '\n' , | sed 's/,$//')"
rig_check demo/cluster-formed rig_wait 60 sh -c "test \"\$(cat $C/active)\" = $all"
[ "$NODE" = 1 ] && rig_check demo/policy-adaptive sh -c "gvtmemctl tier2 adaptive"
rig_barrier formed

# The workloads, on nodes 1 and 2.
if [ "$NODE" != 3 ]; then
	rig_swap_on
	echo 16 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_cgroup a 40M
	rig_cgroup b 40M
	rig_sample_tmem_pages /tmp/workloads.done "$RIG_OUT/tmem-pages.tsv"
	rig_in_cgroup a usemem -s $((NODE * 10)) -d -p 2 80 > /tmp/a.out 2>&1 &
	a=$!
	sleep 5
	rig_in_cgroup b kmeans -m 48 -i 3 -r 2 -S 5 > /tmp/b.out 2>&1 &
	b=$!
	sleep 40
	gvtmemctl status > "$RIG_OUT/status-peak.txt" 2>&1
	wait $a; ra=$?
	wait $b; rb=$?
	touch /tmp/workloads.done
	cat /tmp/a.out /tmp/b.out
	rig_check demo/usemem-intact test "$ra" -eq 0
	rig_check demo/kmeans-verified test "$rb" -eq 0
	rig_check demo/pages-went-remote sh -c \
		"ls -d /sys/kernel/gvtmem/zones/[0-9]* >/dev/null 2>&1"
	cp /tmp/a.out /tmp/b.out "$RIG_OUT/"
fi
rig_barrier workloads 800
gvtmemctl status > "$RIG_OUT/status.txt" 2>&1
rig_barrier done
exit 0
