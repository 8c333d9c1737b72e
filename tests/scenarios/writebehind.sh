# SPDX-License-Identifier: GPL-2.0
# Durability writebehind: node 1 keeps a 4 MiB local zone and borrows
# node 2's memory; the module writes each remote swap page's disk copy
# itself, after the put returned, and frontswap's writethrough stays off.
# - usemem at twice its cgroup limit reads back every page; puts went
#   both local and remote, every remote one staged (none synchronous).
# - Local pages never reach the swap device: the pages written to it are
#   exactly the module's disk copies plus the kernel's own writes of the
#   pages gvtmem refused.
# - Node 2 is killed (a power cut) while a second usemem runs: node 1
#   drops its zone and reads those pages from the swap device; usemem
#   finishes two more passes with 0 mismatches and nothing is lost.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96
# rig-timeout: 900

S=/sys/kernel/gvtmem/stats
P=/sys/kernel/gvtmem/transport/peers
gv() { cat "/sys/kernel/gvtmem/$1"; }

if [ "$NODE" = 1 ]; then
	rig_check wb/durability-set sh -c \
		'echo writebehind > /sys/kernel/gvtmem/backend/durability'
	rig_expect wb/durability writebehind "$(gv backend/durability)"
fi
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check wb/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check wb/grant sh -c 'echo "1 48" > /sys/kernel/debug/gvtmem/grant'
	rig_expect wb/lent-to-node1 48 "$(cat $P/1/blocks_lent)"
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_swap_on
	echo 0 > /sys/kernel/gvtmem/transport/lend_mb
	echo 4 > /sys/kernel/gvtmem/zones/local/target_mb
	rig_check wb/zone-appeared rig_wait 10 test -d /sys/kernel/gvtmem/zones/2
	rig_check wb/durability-fixed-while-borrowing sh -c \
		'! echo writethrough > /sys/kernel/gvtmem/backend/durability 2>/dev/null'
	w0=$(rig_disk_writes vda)
	failed0=$(gv stats/puts_failed)
	rig_cgroup use 48M
	out=$(rig_in_cgroup use usemem -s 31 -p 2 96)
	echo "$out"
	rig_usemem_ok wb/usemem-no-mismatch "$out"
	rig_check wb/no-frontswap-writethrough sh -c \
		"! dmesg | grep -q 'frontswap writethrough on'"
	written=$(( ($(rig_disk_writes vda) - w0) / 8 ))
	copies=$(gv stats/disk_copies_written)
	refused=$(( $(gv stats/puts_failed) - failed0 ))
	echo "wb: puts_local=$(gv stats/puts_local) puts_remote_async=$(gv stats/puts_remote_async) puts_remote_sync=$(gv stats/puts_remote_sync) disk_copies_written=$copies refused=$refused refused_writebehind=$(gv stats/puts_refused_writebehind) pages_written_to_swap=$written"
	rig_check wb/local-puts test "$(gv stats/puts_local)" -gt 0
	rig_check wb/remote-puts test "$(gv stats/puts_remote_async)" -gt 0
	rig_expect wb/no-sync-remote-puts 0 "$(gv stats/puts_remote_sync)"
	rig_check wb/disk-copies-written test "$copies" -gt 0
	rig_expect wb/no-disk-copy-failed 0 "$(gv stats/disk_copies_failed)"
	rig_expect wb/no-failed-gets 0 "$(gv stats/gets_failed)"
	# Every page on the swap device is a disk copy of ours or a page we
	# refused; local ones are not there (they would add puts_local).
	rig_check wb/swap-writes-are-copies-or-refusals \
		test "$written" -ge "$copies" -a "$written" -le $((copies + refused))
fi
rig_barrier first-load 600

# ---- the lender dies under a second load ----
if [ "$NODE" = 1 ]; then
	# swapoff brings every page back (and waits for disk copies still
	# out); rig_usemem_start makes the swap area anew.
	rig_check wb/swapoff swapoff /dev/vda
	rig_expect wb/nothing-held-after-swapoff 0 "$(gv stats/swap_pages)"
	rig_usemem_start 48M 32 96
	remote_held() {
		[ $(( $(gv stats/swap_pages) - $(gv zones/local/used_pages) )) -gt 2048 ]
	}
	rig_check wb/pages-remote-before-kill rig_wait 240 remote_held
	echo "wb: before the kill: $(gv stats/swap_pages) swap pages, $(gv zones/local/used_pages) local, disk_copies_written=$(gv stats/disk_copies_written)"
fi
rig_barrier loaded 400
if [ "$NODE" = 2 ]; then
	rig_result ok wb/lender-about-to-be-killed
	rig_kill_me
fi
RIG_LIVE_NODES=1
lost0=$(gv stats/lost_pages)
rig_check wb/zone-gone rig_wait 120 test ! -d /sys/kernel/gvtmem/zones/2
passes=$(grep -c 'pass .* done' /tmp/usemem.out)
rig_check wb/passes-after-kill rig_wait 400 sh -c \
	"test \$(grep -c 'pass .* done' /tmp/usemem.out) -ge $((passes + 2))"
rig_usemem_stop wb/after-kill
rig_expect wb/no-page-lost "$lost0" "$(gv stats/lost_pages)"
echo "wb: after the kill: gets_failed=$(gv stats/gets_failed) gets_not_found=$(gv stats/gets_not_found) disk_copies_written=$(gv stats/disk_copies_written) disk_copies_failed=$(gv stats/disk_copies_failed)"
dmesg | grep 'gvtmem:' | grep -E 'zone|lost|disk copy|writethrough' | tail -n 20
exit 0
