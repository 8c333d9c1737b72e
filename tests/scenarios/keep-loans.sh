# SPDX-License-Identifier: GPL-2.0
# A reset is not a revocation (transport/keep_loans=1). Node 1 swaps into
# the 48 blocks node 2 lent it, under usemem, while its connection to node
# 2 is reset RESETS times (faults/reset, as a timed-out request would).
# After each reset: up again within 15 s, node 1's zone 2 was never
# dropped and is online again within 15 s of the link, with the very same
# blocks, and both sides' books agree. Then node 2 revokes what it lent
# without telling node 1 (debugfs revoke): node 1's next access to those
# blocks fails, the connection resets, and the reconciliation drops them on
# both sides (books agree at 0). usemem reads back every page intact.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96 keep_loans=1
# rig-timeout: 1200

P=/sys/kernel/gvtmem/transport/peers
D=/sys/kernel/debug/gvtmem
Z=/sys/kernel/gvtmem/zones/2
RESETS=${RESETS:-4}
now() { cut -d' ' -f1 /proc/uptime | cut -d. -f1; }

rig_expect loans/keep_loans-set 1 "$(cat /sys/kernel/gvtmem/transport/keep_loans)"
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check loans/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check loans/granted rig_wait 60 sh -c "echo '1 48' > $D/grant"
	rig_barrier resets-done 900
	rig_books_check loans/books-agree-after-resets
	echo 1 > $D/revoke
	rig_expect loans/revoked-at-donor 0 "$(cat $P/1/blocks_lent)"
	rig_barrier revoked
	rig_books_check loans/books-agree-after-revoke
	rig_barrier load-done 900
	exit 0
fi

rig_borrow_only loans/zone-appeared 2
rig_check loans/all-48-borrowed rig_wait 60 sh -c "test \$(cat $P/2/blocks_borrowed) = 48"
rig_cgroup use 48M
rig_in_cgroup use usemem -s 37 -p 2 -d -u /tmp/load-stop 96 >/tmp/usemem.out 2>&1 &
um=$!
rig_check loans/pages-remote rig_wait 120 sh -c "test \$(cat $Z/used_pages) -gt 2000"
dropped0=$(dmesg | grep -c 'zone 2 dropped')
n=0 slow=0 same=0 kept=0 worst=0
while [ $n -lt "$RESETS" ] && kill -0 $um 2>/dev/null; do
	sort "$D/remote_blocks" > /tmp/blocks.before
	echo 2 > "$D/faults/reset"
	n=$((n + 1))
	t0=$(now)
	rig_wait 60 sh -c "test \$(cat $P/2/state) = up"
	rig_wait 30 sh -c "test \$(cat $Z/offline) = 0"
	t=$(($(now) - t0))
	sort "$D/remote_blocks" > /tmp/blocks.after
	cmp -s /tmp/blocks.before /tmp/blocks.after && same=$((same + 1))
	[ "$(cat $P/2/blocks_borrowed)" = 48 ] && kept=$((kept + 1))
	echo "loans: reset $n: up and reconciled after $t s ($(cat $P/2/state), offline $(cat $Z/offline)); zone 2 holds $(cat $Z/used_pages) pages in $(cat $Z/blocks) blocks"
	[ $t -gt 15 ] && slow=$((slow + 1))
	[ $t -gt $worst ] && worst=$t
	sleep 10
done
echo "loans: $n resets, slowest heal $worst s"
rig_expect loans/resets-done "$RESETS" $n
rig_expect loans/every-reset-reconciled-within-15s 0 $slow
rig_expect loans/same-blocks-after-every-reset "$RESETS" $same
rig_expect loans/48-borrowed-after-every-reset "$RESETS" $kept
rig_expect loans/zone-never-dropped 0 $(($(dmesg | grep -c 'zone 2 dropped') - dropped0))
rig_barrier resets-done
rig_books_check loans/books-agree-after-resets

# Node 2 revoked behind our back: the next access fails, and the
# reconnect's reconciliation drops the blocks here too.
rig_barrier revoked
rig_check loans/revoked-blocks-dropped rig_wait 90 sh -c \
	"test \$(cat $P/2/blocks_borrowed) = 0 && test \$(cat $P/2/state) = up && test \$(cat $Z/blocks) = 0"
dmesg | grep -E 'gvtmem: (peer 2|zone 2)' | tail -n 8
rig_books_check loans/books-agree-after-revoke

touch /tmp/load-stop
wait $um
out=$(tail -n 1 /tmp/usemem.out)
echo "$out"
rig_usemem_ok loans/usemem-no-mismatch "$out"
echo "loans: gets_failed=$(gv stats/gets_failed) gets_succeeded=$(gv stats/gets_succeeded 2>/dev/null)"
rig_barrier load-done
exit 0
