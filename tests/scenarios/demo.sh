# SPDX-License-Identifier: GPL-2.0
# Demo: the nodes form a cluster over soft-RoCE, elect a master, and each
# reports its state.
# rig-timeout: 300
rig_cluster_config > /tmp/cluster.conf
echo "$RIG_CLUSTER_KEY" > /tmp/cluster.key
gvtmemctl key /tmp/cluster.key
gvtmemctl config /tmp/cluster.conf
rig_check demo/peers-up rig_peers_up 60
all="$(seq 1 "$NODES" | tr '\n' , | sed 's/,$//')"
rig_check demo/cluster-formed rig_wait 60 sh -c "test \"\$(cat /sys/kernel/gvtmem/cluster/active)\" = $all"
{
	echo "node $NODE ($(rig_ip "$NODE")), kernel $(uname -r)"
	echo "gvtmem version:   $(cat /sys/kernel/gvtmem/version)"
	echo "frontswap hook:   $(cat /sys/kernel/gvtmem/hooks/frontswap)"
	echo "cleancache hook:  $(cat /sys/kernel/gvtmem/hooks/cleancache)"
	echo "RDMA devices:     $(cat /sys/kernel/gvtmem/transport/nr_devices)"
	host rdma link show
	gvtmemctl status
} > "$RIG_OUT/status.txt"
host rping -s -P -a "$(rig_ip "$NODE")" >/dev/null 2>&1 &
rig_barrier servers
for peer in $(seq 1 "$NODES"); do
	[ "$peer" = "$NODE" ] && continue
	if rig_check "demo/rdma-reach-node$peer" rig_wait 10 host rping -c -a "$(rig_ip "$peer")" -C 3 -S 4096; then
		echo "RDMA to node$peer:  ok" >> "$RIG_OUT/status.txt"
	else
		echo "RDMA to node$peer:  FAILED" >> "$RIG_OUT/status.txt"
	fi
done
rig_barrier done
exit 0
