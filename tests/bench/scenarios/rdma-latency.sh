# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (not a test): node 1 times 4 KiB RDMA WRITEs and READs
# into a block node 2 lent it, through gvtmem's own page I/O path, then
# perftest's ib_write_lat, ib_read_lat and ib_write_bw run on the same link, and the
# guest's memcpy of 4 KiB is timed, all in one run.
# rig-nodes: 2
# rig-params: test_hooks=1
# rig-timeout: 900

N=${BENCH_N:-1000}
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check bench/peers-up rig_peers_up 60
rig_barrier up
if [ "$NODE" = 2 ]; then
	echo 2 > /sys/kernel/gvtmem/transport/lend_mb
	rig_check bench/grant sh -c 'echo "1 1" > /sys/kernel/debug/gvtmem/grant'
fi
rig_barrier granted
# gvtmem_bench FILE: node 1 times its page I/O into the block node 2 lent
# it, the figures to $RIG_OUT/FILE.
gvtmem_bench() {
	rig_wait 10 test -s /sys/kernel/debug/gvtmem/remote_blocks
	set -- "$1" $(head -n 1 /sys/kernel/debug/gvtmem/remote_blocks)
	rig_check "bench/$1" sh -c "echo '2 $3 $4 $(printf %x "$N")' > /sys/kernel/debug/gvtmem/bench"
	cat /sys/kernel/debug/gvtmem/bench > "$RIG_OUT/$1.txt"
	cat "$RIG_OUT/$1.txt"
}
[ "$NODE" = 1 ] && gvtmem_bench gvtmem
rig_barrier gvtmem-done 300

# The same with the load lane (transport/load_lane at both ends, then a
# new connection; the loan outlives the reset): loads on a queue pair of
# their own, not behind the stores.
echo 1 > /sys/kernel/gvtmem/transport/load_lane
rig_barrier lane-on
if [ "$NODE" = 1 ]; then
	echo 2 > /sys/kernel/debug/gvtmem/faults/reset
	rig_check bench/lane-up rig_wait 60 sh -c \
		'test "$(cat /sys/kernel/gvtmem/transport/peers/2/load_lane)" = 1'
	rig_check bench/loan-reconciled rig_wait 30 sh -c \
		'dmesg | grep -q "peer 2: reconciled"'
	gvtmem_bench gvtmem-lane
fi
rig_barrier lane-done 300
echo 0 > /sys/kernel/gvtmem/transport/load_lane

for t in ib_write_lat ib_read_lat ib_write_bw; do
	if [ "$NODE" = 2 ]; then
		host $t -d rxe0 -s 4096 -n "$N" -p 18600 -F > "$RIG_OUT/$t-server.txt" 2>&1 &
	fi
	rig_barrier "$t-server"
	if [ "$NODE" = 1 ]; then
		sleep 2
		rig_check "bench/$t" host $t -d rxe0 -s 4096 -n "$N" -p 18600 -F "$(rig_ip 2)" > "$RIG_OUT/$t.txt" 2>&1
		cat "$RIG_OUT/$t.txt"
	fi
	rig_barrier "$t-done" 300
	wait
done
exit 0
