# SPDX-License-Identifier: GPL-2.0
# backend/enabled = 0 drains a node that swaps into a peer's memory, with
# part of its swap on the disk too (the borrowed zone is smaller than what
# it swaps). Node 1 only borrows; node 2 lends it 32 MiB.
# 1. usemem (96 MiB in a 32 MiB cgroup) parked before its last pass: the
#    drain brings every page back; stats/swap_pages and every zone's used
#    pages reach 0 within 60 s; the drain logs its end; usemem then reads
#    back every page.
# 2. A 24 MiB tmpfs file written in the cgroup, then usemem run to its
#    end: the file's pages stay swapped out after usemem exits. Drained
#    again: 0 within 60 s, and the file reads back the same.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96
# rig-mem: 512
# rig-timeout: 900

P=/sys/kernel/gvtmem/transport/peers
E=/sys/kernel/gvtmem/backend/enabled
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check drain/peers-up rig_peers_up 60
rig_barrier up
[ "$NODE" = 2 ] && rig_check drain/grant sh -c 'echo "1 16" > /sys/kernel/debug/gvtmem/grant'
rig_barrier granted

# zones_used: the used pages of every zone, summed.
zones_used() {
	cat /sys/kernel/gvtmem/zones/*/used_pages | awk '{ s += $1 } END { print s + 0 }'
}
# empty: nothing held in any zone, no swap page in the store.
empty() {
	[ "$(gv stats/swap_pages)" -eq 0 ] && [ "$(zones_used)" -eq 0 ]
}
# drain NAME: write 0 to backend/enabled; the store empties within 60 s
# and the drain logs its end. Then accept puts again.
drain() {
	dmesg -c > /dev/null
	echo "drain: before: swap_pages=$(gv stats/swap_pages) zones_used=$(zones_used) swap_used_kb=$(awk '/SwapTotal/ { t = $2 } /SwapFree/ { f = $2 } END { print t - f }' /proc/meminfo)"
	echo 0 > $E
	rig_check "$1-empty-within-60s" rig_wait 60 empty
	echo "drain: after: swap_pages=$(gv stats/swap_pages) zones_used=$(zones_used)"
	for z in /sys/kernel/gvtmem/zones/*; do
		echo "drain: zone ${z##*/} used=$(cat $z/used_pages)"
	done
	if ! rig_check "$1-end-logged" rig_wait 30 sh -c 'dmesg | grep -q "gvtmem: drained in"'; then
		for p in /proc/[0-9]*; do
			[ "$(cat $p/comm 2>/dev/null)" = gvtmem-drain ] || continue
			echo "drain: thread ${p#/proc/} still there:"
			grep -E '^(State|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt)' $p/status
			cat $p/stack
		done
		dmesg | tail -n 20
	fi
	dmesg | grep 'gvtmem: drain'
	rig_expect "$1-none-left" 0 "$(gv stats/drain_left_pages)"
	# The swap-in thread is gone once the drain logged its end.
	rig_check "$1-thread-gone" sh -c '! grep -qx gvtmem-drain /proc/[0-9]*/comm'
	echo 1 > $E
}

if [ "$NODE" = 1 ]; then
	rig_borrow_only drain/zone-appeared 2
	rig_cgroup use 32M
	rm -f /tmp/go
	rig_in_cgroup use usemem -s 31 -p 2 -w /tmp/go 96 > /tmp/u1.out 2>&1 &
	rig_check drain/parked rig_wait 300 grep -q 'waiting for' /tmp/u1.out
	rig_check drain/remote-pages-held test "$(gv zones/2/used_pages)" -gt 1024
	drain drain/parked
	touch /tmp/go
	wait
	out=$(cat /tmp/u1.out)
	echo "$out"
	rig_usemem_ok drain/parked-no-mismatch "$out"

	# A tmpfs file outlives the process that wrote it: its pages, swapped
	# out under the next usemem, stay in the store after usemem exits.
	mkdir -p /mnt/t && mount -t tmpfs -o size=64m none /mnt/t
	rig_in_cgroup use sh -c 'head -c 25165824 /dev/urandom > /mnt/t/f'
	sum=$(md5sum < /mnt/t/f)
	rig_in_cgroup use usemem -s 32 -p 2 96 > /tmp/u2.out 2>&1
	rig_usemem_ok drain/exited-no-mismatch "$(cat /tmp/u2.out)"
	rig_check drain/exited-tmpfs-pages-held test "$(gv stats/swap_pages)" -gt 1024
	drain drain/exited
	rig_expect drain/tmpfs-file-intact "$sum" "$(md5sum < /mnt/t/f)"
fi
rig_barrier done 600
exit 0
