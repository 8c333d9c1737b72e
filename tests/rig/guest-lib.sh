# SPDX-License-Identifier: GPL-2.0
# Helpers for scenario scripts running on a rig node (busybox sh).
# Available variables: NODE (1..NODES), NODES, RIG_OUT, RIG_KERNEL.
#
# Results: each check appends "ok NAME" or "not ok NAME # why" to
# $RIG_OUT/results; the host prefixes them with the node's name.

# rig_ip N: the address of node N on the rig's private segment.
rig_ip() {
	echo "${RIG_NET:-10.213.0}.$((10 + $1))"
}

# host CMD...: run a host tool (rdma, rping, ib_*) from the read-only host root.
host() {
	chroot /host "$@"
}

rig_rxe_active() {
	host rdma link show rxe0/1 | grep -q "state ACTIVE"
}

# rig_netwatch: once a second, what the node's network path is doing, for
# the analysis of a link that stops (rig.sh --netwatch): eth0's counters,
# virtio interrupts, softnet (processed, dropped, squeezed), ARP and the
# neighbour table, UDP errors (soft-RoCE rides on UDP), soft-RoCE's
# counters, free and unreclaimable memory, reclaim; every 5 s its QPs, CM
# ids (the rdma tool is slow to start under TCG) and eth0's qdisc (backlog,
# requeues, drops).
rig_netwatch() {
	local f v i=0
	while :; do
		echo "t=$(cut -d' ' -f1 /proc/uptime)"
		grep eth0: /proc/net/dev | tr -s ' '
		grep virtio0 /proc/interrupts | tr -s ' ' | cut -d' ' -f2,3,6 | tr '\n' ' '
		echo
		echo "softnet $(head -n1 /proc/net/softnet_stat)"
		echo "arp $(sed -n 2p /proc/net/stat/arp_cache)"
		sed 1d /proc/net/arp
		grep '^Udp:' /proc/net/snmp | tail -n1
		printf 'rxe'
		for f in /sys/class/infiniband/rxe0/ports/1/hw_counters/*; do
			v=$(cat "$f" 2>/dev/null)
			[ "${v:-0}" != 0 ] && printf ' %s=%s' "${f##*/}" "$v"
		done
		echo
		grep -v '^netdev lo ' /sys/kernel/debug/gvtmem/rdma_devices 2>/dev/null | tr '\n' ' '
		echo
		grep -E '^(MemFree|SUnreclaim):' /proc/meminfo | tr -s ' ' | tr '\n' ' '
		grep -E '^(allocstall_normal|pgscan_direct|compact_fail|pswpout|pswpin) ' /proc/vmstat |
			tr '\n' ' '
		echo
		if [ $((i % 5)) = 0 ]; then
			host rdma res show qp 2>&1 | grep ' RC \| GSI '
			host rdma res show cm_id 2>&1
			# By path: busybox's tc applet would shadow the host's.
			host /usr/sbin/tc -s qdisc show dev eth0 2>&1 | tr -s ' \n' ' '
			echo
		fi
		i=$((i + 1))
		sleep 1
	done
}

rig_result() {
	# rig_result ok|fail NAME [why...]
	local verdict=$1 name=$2
	shift 2
	if [ "$verdict" = ok ]; then
		echo "ok $name" >> "$RIG_OUT/results"
		echo "rig: ok $name"
	else
		echo "not ok $name # $*" >> "$RIG_OUT/results"
		echo "rig: not ok $name # $*"
	fi
}

# rig_check NAME CMD...: run CMD; its exit status decides the result.
rig_check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out" | sed "s|^|[$name] |"
	if [ $rc -eq 0 ]; then
		rig_result ok "$name"
	else
		rig_result fail "$name" "exit $rc: $(echo "$out" | tail -n 1)"
	fi
	return $rc
}

# rig_expect NAME WANT GOT: compare two values.
rig_expect() {
	if [ "$2" = "$3" ]; then
		rig_result ok "$1"
	else
		rig_result fail "$1" "expected '$2', got '$3'"
	fi
}

# rig_wait SECONDS CMD...: retry CMD once a second until it succeeds.
rig_wait() {
	local left=$1
	shift
	while ! "$@" >/dev/null 2>&1; do
		left=$((left - 1))
		[ $left -le 0 ] && return 1
		sleep 1
	done
}

# rig_bound SECONDS: a bound set for the test kernel, as it stands on this
# node's kernel: four times as long on the debug kernel, as the rig's own
# timeout is.
rig_bound() {
	if [ "$RIG_KERNEL" = debug ]; then echo $(($1 * 4)); else echo "$1"; fi
}

# rig_barrier NAME [SECONDS]: wait until every node reached NAME (every
# live node: RIG_LIVE_NODES, if a scenario killed some). SECONDS is for the
# test kernel; the debug kernel gets four times as long, as the rig's
# timeout does. A node that gives up waiting is a failure, not a pass: it
# would go on (and power off) while the others still need it.
rig_barrier() {
	local name=$1 left n want=${RIG_LIVE_NODES:-$NODES}
	left=$(rig_bound "${2:-120}")
	mkdir -p /rig/barrier
	touch "/rig/barrier/$name.$NODE"
	while :; do
		n=$(ls /rig/barrier 2>/dev/null | grep -c "^$name\.")
		[ "$n" -ge "$want" ] && return 0
		left=$((left - 1))
		if [ $left -le 0 ]; then
			rig_result fail "rig/barrier-$name" "timed out ($n/$want nodes)"
			return 1
		fi
		sleep 1
	done
}

# rig_abi_diff [DIR]: print every file under /sys/kernel/gvtmem that the
# ABI documents in DIR (default: the repo's Documentation/ABI/testing) do
# not describe, and every documented path that does not exist; fail if any.
# Documented paths may hold <placeholders> (e.g. clients/<id>/puts) that
# match one path component.
rig_abi_diff() {
	local dir=${1:-/lib/rig/abi} doc=/tmp/abi-paths.$$ f bad=0
	cat "$dir"/* 2>/dev/null | sed -n 's/^What:[[:space:]]*//p' >"$doc"
	[ -s "$doc" ] || { echo "no ABI documents in $dir"; return 1; }
	for f in $(find /sys/kernel/gvtmem -type f); do
		if ! awk -v f="$f" '{ re = $0; gsub(/<[^>]*>/, "[^/]+", re)
			if (f ~ "^" re "$") found = 1 } END { exit !found }' "$doc"; then
			echo "undocumented: $f"
			bad=1
		fi
	done
	while read -r f; do
		case $f in *'<'*) continue ;; esac
		[ -e "$f" ] || { echo "documented but missing: $f"; bad=1; }
	done <"$doc"
	rm -f "$doc"
	return $bad
}

# rig_abi_check NAME: code and ABI document agree.
rig_abi_check() {
	rig_check "$1" rig_abi_diff
}

# gv FILE: read /sys/kernel/gvtmem/FILE.
gv() {
	cat "/sys/kernel/gvtmem/$1"
}

# rig_swap_on: the node's swap disk (/dev/vda) becomes its only swap:
# directly where gvtmem is the frontswap backend, else (6.1, 6.12)
# through /dev/gvtmem0 stacked on it, so that swap pages go to gvtmem
# on every kernel.
rig_swap_on() {
	if [ "$(cat /sys/kernel/gvtmem/hooks/frontswap 2>/dev/null)" = unavailable ]; then
		gvtmemctl swapdev add /dev/vda >/dev/null
		return
	fi
	mkswap /dev/vda >/dev/null && swapon /dev/vda
}

# rig_disk_writes DEV: sectors written to DEV so far.
rig_disk_writes() {
	awk -v d="$1" '$3 == d { print $10 }' /proc/diskstats
}

# rig_lend_while_absent BORROWER BLOCKS STOPFILE: until STOPFILE exists,
# lend BLOCKS blocks by hand (debugfs grant) whenever the connection to
# BORROWER is up and it holds nothing of ours (a reset ended the loans).
# Prints how many times it lent. Run it in the background.
rig_lend_while_absent() {
	local p=/sys/kernel/gvtmem/transport/peers/$1 n=0
	while [ ! -e "$3" ]; do
		if [ "$(cat "$p/state" 2>/dev/null)" = up ] &&
		   [ "$(cat "$p/blocks_lent" 2>/dev/null)" = 0 ] &&
		   echo "$1 $2" > /sys/kernel/debug/gvtmem/grant 2>/dev/null; then
			n=$((n + 1))
		fi
		sleep 1
	done
	echo "$n"
}

# rig_borrow_only CHECK DONOR: this node swaps to /dev/vda and keeps no
# memory of its own for tmem (no local zone, no lending): its pages go to
# DONOR's memory once DONOR lends (CHECK: that zone appeared).
rig_borrow_only() {
	rig_swap_on
	echo 0 > /sys/kernel/gvtmem/transport/lend_mb
	echo 0 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_check "$1" rig_wait 60 test -d "/sys/kernel/gvtmem/zones/$2"
}

# rig_cgroup NAME LIMIT: a memory cgroup with memory.max LIMIT (e.g. 64M).
rig_cgroup() {
	grep -q memory /sys/fs/cgroup/cgroup.subtree_control ||
		echo +memory > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p "/sys/fs/cgroup/$1"
	echo "$2" > "/sys/fs/cgroup/$1/memory.max"
}

# rig_expect_load_lane NAME PEER: page loads from PEER have a queue pair of
# their own exactly when transport/load_lane is on (a run boots every node
# with the same words, so both ends agree).
rig_expect_load_lane() {
	rig_expect "$1" "$(cat /sys/kernel/gvtmem/transport/load_lane)" \
		"$(cat "/sys/kernel/gvtmem/transport/peers/$2/load_lane")"
}

# rig_in_cgroup NAME CMD...: run CMD inside memory cgroup NAME.
rig_in_cgroup() {
	local cg=$1
	shift
	sh -c 'echo $$ > "/sys/fs/cgroup/$0/cgroup.procs" && exec "$@"' "$cg" "$@"
}

# rig_client_dir CGROUP: /sys/kernel/gvtmem/clients/<id> of a cgroup path.
rig_client_dir() {
	local d
	for d in /sys/kernel/gvtmem/clients/*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "/$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# rig_usemem_ok NAME OUTPUT: usemem printed zero mismatches.
rig_usemem_ok() {
	case $2 in
	*"mismatches=0"*) rig_result ok "$1" ;;
	*) rig_result fail "$1" "usemem: ${2:-no output}" ;;
	esac
}

# rig_usemem_start LIMIT SEED MB: a 4 MiB local zone, swap on, and usemem
# of MB in memory cgroup "use" of LIMIT (e.g. 32M), dirtying every page
# each pass and looping until rig_usemem_stop: a steady swap load.
rig_usemem_start() {
	rig_swap_on
	echo 4 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_cgroup use "$1"
	rm -f /tmp/stop /tmp/usemem.done
	(rig_in_cgroup use usemem -s "$2" -d -p 2 -u /tmp/stop "$3" > /tmp/usemem.out 2>&1
	 touch /tmp/usemem.done) &
}

# rig_usemem_stop PREFIX: the load was still running; it finishes its pass
# and read back every page (checks PREFIX/usemem-*).
rig_usemem_stop() {
	# Its read-back: 600 s, scaled on the debug kernel (a KASAN guest
	# took longer than 600 s).
	rig_check "$1/usemem-still-running" test ! -e /tmp/usemem.done
	touch /tmp/stop
	rig_check "$1/usemem-finished" rig_wait "$(rig_bound 600)" test -e /tmp/usemem.done
	cat /tmp/usemem.out
	rig_usemem_ok "$1/usemem-no-mismatch" "$(cat /tmp/usemem.out)"
}

# rig_sample_tmem_pages STOPFILE TSV: in the background, once a second
# until STOPFILE exists, append "uptime<TAB>client id<TAB>cgroup<TAB>pages"
# for every client to TSV (tests/tools/plot-tmem-pages.sh plots it).
rig_sample_tmem_pages() {
	( while [ ! -e "$1" ]; do
		t=$(cut -d' ' -f1 /proc/uptime)
		for d in /sys/kernel/gvtmem/clients/*; do
			printf '%s\t%s\t%s\t%s\n' "$t" "$(basename "$d")" \
				"$(cat "$d/name")" "$(cat "$d/pages")"
		done
		sleep 1
	  done > "$2" ) &
}

# rig_cluster_config: the cluster file for all NODES nodes, this one as self.
rig_cluster_config() {
	local i
	echo "# rig cluster"
	echo "self $NODE"
	for i in $(seq 1 "$NODES"); do
		echo "node $i $(rig_ip "$i")"
	done
}

# The rig's cluster key (any 32 bytes in hex will do; every node shares it).
RIG_CLUSTER_KEY=6776746d656d2072696720636c7573746572206b65792c203332206279746573

# rig_join: this node joins the rig's keyed cluster: the cluster key, then
# the configuration naming every node. A lender sets transport/lend_mb
# first.
rig_join() {
	rig_cluster_config > /tmp/cluster.conf
	echo "$RIG_CLUSTER_KEY" > /sys/kernel/gvtmem/cluster/key
	gvtmemctl config /tmp/cluster.conf
}

# rig_active_is LIST: the cluster's active set, as this node sees it, is
# LIST (e.g. 1,2,3).
rig_active_is() { [ "$(cat /sys/kernel/gvtmem/cluster/active)" = "$1" ]; }

# rig_kill_me: have the host kill this node's VM at once (a power cut).
# Results recorded so far are kept; nothing after this line runs.
rig_kill_me() {
	sync
	touch "$RIG_OUT/kill-me"
	sleep 600
}

# rig_tier2_quiet PREFIX: node 1 switches the cluster to greedy-local, so
# that no grant is in flight; every node waits until it shows it, then
# past the donors' acknowledgement window: a Grant lost just before the
# switch (a dropped frame) is taken back only 8 s after it was sent
# (lend.c), and until then the donor rightly counts it lent.
rig_tier2_quiet() {
	local c=/sys/kernel/gvtmem/cluster
	[ "$NODE" = 1 ] && rig_check "$1/greedy-local" \
		rig_wait 30 sh -c "echo greedy-local > $c/policy"
	rig_check "$1/quiet" rig_wait 15 sh -c "test \$(cat $c/policy) = greedy-local"
	sleep 10
}

# rig_books_check NAME: every donor's and borrower's books agree: what
# each node says it lent to another is what that one says it borrowed
# from it, so no block is owned twice. Every live node calls it at the
# same point, with no grants in flight (e.g. rig_tier2_quiet);
# RIG_LIVE_NODES says how many that is. A dead node writes no books: what
# the live ones lent to or borrowed from it must then be 0.
rig_books_check() {
	local i tag p=/sys/kernel/gvtmem/transport/peers
	tag=$(echo "$1" | tr / -)
	for i in $(seq 1 "$NODES"); do
		[ "$i" = "$NODE" ] && continue
		echo "lent $NODE $i $(cat "$p/$i/blocks_lent" 2>/dev/null || echo 0)"
		echo "borrowed $i $NODE $(cat "$p/$i/blocks_borrowed" 2>/dev/null || echo 0)"
	done > "/rig/own-$tag.$NODE"
	rig_barrier "$tag" 60
	cat /rig/own-"$tag".*
	awk '$1 == "lent" { l[$2 " " $3] = $4; k[$2 " " $3] = 1 }
	     $1 == "borrowed" { b[$2 " " $3] = $4; k[$2 " " $3] = 1 }
		END { bad = 0
		      for (x in k) {
			lv = "(no record)"; bv = lv
			if (x in l) lv = l[x]
			if (x in b) bv = b[x]
			if (lv + 0 != bv + 0) {
				print "donor borrower " x ": lent " lv ", borrowed " bv
				bad = 1
			}
		      }
		      exit bad }' /rig/own-"$tag".* > /tmp/books 2>&1
	rig_check "$1" sh -c "cat /tmp/books; test ! -s /tmp/books"
}

# rig_partition_me SECONDS: have the host cut this node off the rig's
# network for SECONDS (its tap goes down; the node's own link stays up),
# and wait until it is back.
rig_partition_me() {
	rm -f "$RIG_OUT/partition-healed"
	echo "$1" > "$RIG_OUT/partition-me"
	rig_wait $(($1 + 30)) test -e "$RIG_OUT/partition-healed"
}

# rig_peers_up SECONDS: wait until every peer's connection is up.
rig_peers_up() {
	local left=$1 i ok
	while :; do
		ok=1
		for i in $(seq 1 "$NODES"); do
			[ "$i" = "$NODE" ] && continue
			[ "$(cat "/sys/kernel/gvtmem/transport/peers/$i/state" 2>/dev/null)" = up ] || ok=0
		done
		[ $ok = 1 ] && return 0
		left=$((left - 1))
		[ $left -le 0 ] && return 1
		sleep 1
	done
}

# le HEXDIGITS VALUE: VALUE as a little-endian hex string of HEXDIGITS/2 bytes.
le() {
	local n=$1 v=$2 out="" i=0
	while [ $i -lt $((n / 2)) ]; do
		out="$out$(printf %02x $((v & 255)))"
		v=$((v >> 8))
		i=$((i + 1))
	done
	echo "$out"
}

# rig_frame TYPE SENDER SEQ HEXPAYLOAD [VERSION]: a frame as hex.
rig_frame() {
	local plen=$(( ${#4} / 2 ))
	printf '%s%s%s%s%s%s%s%s%s\n' 47564d54 "$(le 4 "${5:-1}")" "$(le 4 "$1")" \
		"$(le 8 $plen)" "$(le 8 "$2")" "$(le 16 "$3")" \
		"$(printf '%064d' 0)" "$(printf '%016d' 0)" "$4"
}
