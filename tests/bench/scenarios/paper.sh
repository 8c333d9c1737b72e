# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (not a test; tests/bench/run.sh generates the header
# and these variables): one of the GV-Tmem paper's three scenarios under
# one configuration, on three nodes.
#
#   node 1  runs the clients: memory cgroups of BENCH_B MiB each (the
#           paper's VMs), whose workloads outgrow them, over a swap disk
#   node 2  has spare RAM: BENCH_R MiB it lends (gvtmem), or exports as a
#           RAM disk (brd) over NBD or NVMe-oF/RDMA
#   node 3  only runs the master (gvtmem configurations)
#
# BENCH_SCENARIO  1: k-means in three clients, run twice with 5 s between
#                 2: usemem-grow in two clients, the third starting when
#                    the first has grown to 2/3 of its maximum
#                 3: PageRank in two clients
# BENCH_CONFIG    disk, greedy-local, greedy-remote, ttm, adaptive (gvtmem
#                 with that tier-2 policy), adaptive-replicas (adaptive,
#                 durability replicas: no disk copy, a second copy in
#                 memory, so node 3 lends BENCH_R MiB as well),
#                 greedy-remote-shared and adaptive-shared (those policies
#                 with the module parameter shared_gets=1: a loaded swap
#                 page stays in tmem, the kernel's copy clean),
#                 greedy-remote-writebehind and adaptive-writebehind
#                 (durability writebehind: gvtmem writes remote pages'
#                 disk copies itself, local pages none), zswap, zram,
#                 nbd, nvmeof
# BENCH_SET       "FILE=VALUE ..." node 1 writes under /sys/kernel/gvtmem
#                 in a gvtmem configuration before the clients start
# BENCH_B         client size unit, MiB; BENCH_L local budget (gvtmem's
#                 local zone, zswap's pool, zram's size), MiB
#
# Node 1 writes $RIG_OUT/bench.tsv (one line per client: client, workload,
# wall seconds, exit status, checksum), each client's output as
# $RIG_OUT/<client>.out (run.sh reads the workload's own timing there) and,
# with gvtmem, tmem-pages.tsv sampled every second.

: "${BENCH_SCENARIO:=1}" "${BENCH_CONFIG:=adaptive}" "${BENCH_B:=16}"
: "${BENCH_L:=$((BENCH_B / 2))}" "${BENCH_R:=$((BENCH_B * 4))}"
: "${BENCH_ITERS:=3}" "${BENCH_TTM_P:=2}" "${BENCH_SET:=}"
B=$BENCH_B
C=/sys/kernel/gvtmem/cluster
IP2=$(rig_ip 2)
echo "bench: scenario=$BENCH_SCENARIO config=$BENCH_CONFIG B=$B L=$BENCH_L R=$BENCH_R"

case $BENCH_CONFIG in
greedy-local|greedy-remote|ttm|adaptive|adaptive-replicas) gvtmem=1 ;;
greedy-remote-shared|adaptive-shared) gvtmem=1 ;;
greedy-remote-writebehind|adaptive-writebehind) gvtmem=1 ;;
*) gvtmem= ;;
esac
policy=${BENCH_CONFIG%-replicas}
policy=${policy%-shared}
policy=${policy%-writebehind}

# --- the configuration -------------------------------------------------

if [ -n "$gvtmem" ]; then
	rig_cluster_config > /tmp/cluster.conf
	echo "$RIG_CLUSTER_KEY" > /tmp/cluster.key
	gvtmemctl key /tmp/cluster.key
	[ "$NODE" = 2 ] && rig_check bench/lend sh -c "echo $BENCH_R > /sys/kernel/gvtmem/transport/lend_mb"
	if [ "$BENCH_CONFIG" = adaptive-replicas ]; then
		[ "$NODE" = 1 ] && rig_check bench/replicas sh -c "echo replicas > /sys/kernel/gvtmem/backend/durability"
		[ "$NODE" = 3 ] && rig_check bench/lend sh -c "echo $BENCH_R > /sys/kernel/gvtmem/transport/lend_mb"
	fi
	[ "$NODE" = 1 ] && [ "${BENCH_CONFIG%-writebehind}" != "$BENCH_CONFIG" ] &&
		rig_check bench/writebehind sh -c "echo writebehind > /sys/kernel/gvtmem/backend/durability"
	# Node 3 joins first and stands first, so it is usually the master
	# (the paper's master-only node); node 2 joins next. Node 1, which
	# runs the clients, joins only once one of them leads: the lowest id
	# among candidates wins a tie, and a master on node 1 would take CPU
	# from the clients it is measured on.
	if [ "$NODE" = 3 ]; then
		gvtmemctl config /tmp/cluster.conf
	elif [ "$NODE" = 2 ]; then
		sleep 4
		gvtmemctl config /tmp/cluster.conf
	fi
	[ "$NODE" != 1 ] && rig_check bench/master-not-node-1 rig_wait 120 grep -qxE '[23]' $C/master
	rig_barrier bench-master 300
	[ "$NODE" = 1 ] && gvtmemctl config /tmp/cluster.conf
	rig_check bench/cluster-formed rig_wait 90 sh -c "test \"\$(cat $C/active)\" = 1,2,3"
	if [ "$NODE" = 3 ]; then
		[ "$policy" = ttm ] && echo "$BENCH_TTM_P" > $C/ttm_percent
		rig_check bench/policy rig_wait 30 sh -c "echo $policy > $C/policy"
	fi
	rig_check bench/policy-seen rig_wait 30 sh -c "test \$(cat $C/policy) = $policy"
	echo "bench: master=$(cat $C/master)"
else
	# No gvtmem: it accepts nothing and holds no memory.
	echo 0 > /sys/kernel/gvtmem/backend/enabled
	echo 0 > /sys/kernel/gvtmem/zones/local/target_mb
	if [ "$NODE" = 2 ] && { [ "$BENCH_CONFIG" = nbd ] || [ "$BENCH_CONFIG" = nvmeof ]; }; then
		rig_check bench/ramdisk test -b /dev/ram0
		if [ "$BENCH_CONFIG" = nbd ]; then
			printf '[generic]\nuser = root\ngroup = root\nlistenaddr = %s\n[swap]\nexportname = /dev/ram0\n' \
				"$IP2" > /dev/nbd-bench.conf
			rig_check bench/nbd-server host nbd-server -C /dev/nbd-bench.conf -p /dev/nbd-bench.pid
		else
			mount -t configfs none /sys/kernel/config 2>/dev/null
			n=/sys/kernel/config/nvmet
			rig_check bench/nvmet-target sh -c "
				mkdir $n/subsystems/bench &&
				echo 1 > $n/subsystems/bench/attr_allow_any_host &&
				mkdir $n/subsystems/bench/namespaces/1 &&
				echo -n /dev/ram0 > $n/subsystems/bench/namespaces/1/device_path &&
				echo 1 > $n/subsystems/bench/namespaces/1/enable &&
				mkdir $n/ports/1 &&
				echo rdma > $n/ports/1/addr_trtype &&
				echo ipv4 > $n/ports/1/addr_adrfam &&
				echo $IP2 > $n/ports/1/addr_traddr &&
				echo 4420 > $n/ports/1/addr_trsvcid &&
				ln -s $n/subsystems/bench $n/ports/1/subsystems/bench"
		fi
	fi
fi
rig_barrier configured 180

# --- node 1: swap devices and clients ----------------------------------

if [ "$NODE" = 1 ]; then
	if [ -n "$gvtmem" ] && [ "$(cat /sys/kernel/gvtmem/hooks/frontswap)" = unavailable ]; then
		# No frontswap (6.1, 6.12): gvtmem's block device over the same
		# swap disk is the swap area; pages it refuses go to the disk.
		rig_check bench/swapdev gvtmemctl swapdev add /dev/vda
	else
		mkswap /dev/vda >/dev/null
		rig_check bench/disk-swap host /sbin/swapon -p 10 /dev/vda
	fi
	case $BENCH_CONFIG in
	greedy-local|greedy-remote|ttm|adaptive|adaptive-replicas|*-shared|*-writebehind)
		for kv in $BENCH_SET; do
			rig_check "bench/set-$(echo "${kv%%=*}" | tr / -)" \
				sh -c "echo ${kv#*=} > /sys/kernel/gvtmem/${kv%%=*}"
		done
		rig_check bench/local-zone sh -c "echo $BENCH_L > /sys/kernel/gvtmem/zones/local/target_mb" ;;
	zswap)
		# The pool may hold BENCH_L MiB of compressed pages.
		mem=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
		rig_check bench/zswap sh -c "
			echo $(( (BENCH_L * 100 + mem - 1) / mem )) > /sys/module/zswap/parameters/max_pool_percent &&
			echo 1 > /sys/module/zswap/parameters/enabled" ;;
	zram)
		# Incompressible pages take their whole size: BENCH_L MiB.
		rig_check bench/zram sh -c "
			echo lzo > /sys/block/zram0/comp_algorithm &&
			echo ${BENCH_L}M > /sys/block/zram0/disksize &&
			mkswap /dev/zram0 >/dev/null && chroot /host /sbin/swapon -p 100 /dev/zram0" ;;
	nbd)
		rig_check bench/nbd-client host nbd-client -s -N swap "$IP2" /dev/nbd0
		rig_check bench/nbd-swap sh -c "mkswap /dev/nbd0 >/dev/null && chroot /host /sbin/swapon -p 100 /dev/nbd0" ;;
	nvmeof)
		# The connect may time out under emulation (nvme-rdma allows 3 s).
		rig_check bench/nvme-connect rig_wait 5 sh -c \
			"echo transport=rdma,traddr=$IP2,trsvcid=4420,nqn=bench > /dev/nvme-fabrics"
		rig_check bench/nvme-dev rig_wait 30 test -b /dev/nvme0n1
		rig_check bench/nvme-swap sh -c "mkswap /dev/nvme0n1 >/dev/null && chroot /host /sbin/swapon -p 100 /dev/nvme0n1" ;;
	esac
	cat /proc/swaps

	[ -n "$gvtmem" ] && rig_sample_tmem_pages /tmp/clients.done "$RIG_OUT/tmem-pages.tsv"

	# client NAME WORKLOAD ARGS...: run in cgroup NAME, in the background;
	# its line goes to /tmp/NAME.line when it ends.
	client() {
		local name=$1
		shift
		rig_cgroup "$name" "${B}M"
		# A VM's kernel waits for its swap writes; a memory cgroup
		# at memory.max does not: on 6.12 with model B's 4 MB/s disk,
		# c3's whole 16 MiB was under writeback, reclaim found nothing
		# to free and the cgroup's OOM killer ended it. So the client
		# is throttled at B (memory.high) and killed only at 1.25 B,
		# in every configuration alike.
		echo "${B}M" > "/sys/fs/cgroup/$name/memory.high"
		echo "$((B * 5 / 4))M" > "/sys/fs/cgroup/$name/memory.max"
		( t0=$(cut -d' ' -f1 /proc/uptime)
		  rig_in_cgroup "$name" "$@" > "/tmp/$name.out" 2>&1
		  rc=$?
		  t1=$(cut -d' ' -f1 /proc/uptime)
		  sum=$(sed -n 's/.*checksum=\(0x[0-9a-f]*\).*/\1/p' "/tmp/$name.out" | tail -n 1)
		  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$1" \
			"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" \
			"$rc" "${sum:-none}" > "/tmp/$name.line" ) &
	}

	start=$(cut -d' ' -f1 /proc/uptime)
	case $BENCH_SCENARIO in
	1)
		for c in c1 c2 c3; do
			client $c kmeans -m $((B * 3 / 2)) -i "$BENCH_ITERS" -r 2 -S 5
		done ;;
	2)
		client c1 usemem-grow -i "$B" -t $((B / 2)) -m $((B * 3)) -n /tmp/c1.size
		client c2 usemem-grow -s 2 -i "$B" -t $((B / 2)) -m $((B * 3))
		# (or c1 ended early: a failed run must not wait forever)
		rig_wait 1800 sh -c "test \$(cat /tmp/c1.size 2>/dev/null || echo 0) -ge $((B * 2)) || test -e /tmp/c1.line"
		echo "bench: c3 starts at +$(awk -v a="$start" '{ printf "%d", $1 - a }' /proc/uptime) s"
		client c3 usemem-grow -s 3 -i "$B" -t $((B / 2)) -m $((B * 3)) ;;
	3)
		client c1 pagerank -m $((B * 3 / 2)) -i $((BENCH_ITERS * 2))
		client c2 pagerank -s 2 -m $((B * 3 / 2)) -i $((BENCH_ITERS * 2)) ;;
	esac
	wait_clients() {
		for c in c1 c2 c3; do
			[ -d "/sys/fs/cgroup/$c" ] || continue
			[ -e "/tmp/$c.line" ] || return 1
		done
	}
	rig_check bench/clients-finished rig_wait 3000 wait_clients
	touch /tmp/clients.done
	cat /tmp/c[123].line > "$RIG_OUT/bench.tsv"
	cat /tmp/c[123].out
	cp /tmp/c[123].out "$RIG_OUT/"
	cat "$RIG_OUT/bench.tsv"
	for c in c1 c2 c3; do
		[ -e "/tmp/$c.line" ] || continue
		rig_check "bench/$c-verified" test "$(cut -f4 "/tmp/$c.line")" = 0
	done
	# What each run did, kept with its results: the status table, every
	# counter of stats/ (where puts and gets went, why puts were
	# refused) and the kernel's whole vmstat (pswpin, pswpout, ...).
	if [ -n "$gvtmem" ]; then
		gvtmemctl status > "$RIG_OUT/status.txt" 2>&1
		grep -H . /sys/kernel/gvtmem/stats/* | sed 's|.*/stats/||' > "$RIG_OUT/stats.txt"
	fi
	cat /proc/vmstat > "$RIG_OUT/vmstat.txt"
fi

# Every node waits for node 1's clients before reading its counters.
rig_barrier measured 3600

# Control traffic (gvtmem configurations): the tier-2 messages each node
# sent (Grant-Any, Grant-Return, Force-Return, Grant), all its messages,
# and on the master the pages it ordered moved.
if [ -n "$gvtmem" ]; then
	s=/sys/kernel/gvtmem/transport/sent
	cat $s/grant_any $s/grant_return $s/force_return $s/grant |
		awk '{ n += $1 } END { print n + 0 }' > "$RIG_OUT/tier2_messages"
	cat $s/* | awk '{ n += $1 } END { print n + 0 }' > "$RIG_OUT/messages"
	echo $(( $(cat $C/grants_ordered_pages) + $(cat $C/returns_ordered_pages) )) \
		> "$RIG_OUT/ordered_pages"
fi
rig_barrier done 3600
if [ "$NODE" = 1 ] && [ "$BENCH_CONFIG" = nbd ]; then
	swapoff /dev/nbd0 2>/dev/null
	host nbd-client -d /dev/nbd0 >/dev/null 2>&1
fi
exit 0
