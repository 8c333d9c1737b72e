# SPDX-License-Identifier: GPL-2.0
# Shared gets (module parameter shared_gets=1). Node 1, with no local
# zone, swaps into 64 MiB node 2 lends it, under durability writethrough.
# usemem A writes 64 MiB in a 32 MiB cgroup and then only reads it, pass
# after pass: a loaded page stays in tmem and the kernel's copy stays
# clean, so a read pass puts almost nothing again (with exclusive gets
# every page it loads is put once more). Then usemem B writes 48 MiB of
# its own in the same cgroup: its puts find the zone full of A's kept
# copies and drop the oldest of them (stats/kept_evictions). A's last
# pass reads the pages so dropped from the swap device: both read every
# word back intact. SHARED_MODE (writethrough by default) names the
# durability mode; under writebehind a page is kept evictable once
# gvtmem's own disk copy of it is written.
# rig-nodes: 2
# rig-params: test_hooks=1 lend_mb=96 shared_gets=1
# rig-timeout: 900

: "${SHARED_MODE:=writethrough}"
gv() { cat "/sys/kernel/gvtmem/$1"; }
# passes_done: how many passes usemem A has finished.
passes_done() { grep -c 'pass [0-9]* done' /tmp/a.out; }

[ "$NODE" = 1 ] && rig_check shared/durability-set sh -c \
	"echo $SHARED_MODE > /sys/kernel/gvtmem/backend/durability"
rig_cluster_config > /tmp/cluster.conf
gvtmemctl config /tmp/cluster.conf
rig_check shared/peers-up rig_peers_up 60
rig_barrier up

if [ "$NODE" = 2 ]; then
	rig_check shared/grant sh -c 'echo "1 32" > /sys/kernel/debug/gvtmem/grant'
fi
rig_barrier granted

if [ "$NODE" = 1 ]; then
	rig_expect shared/backend-shared-gets 1 "$(gv backend/shared_gets)"
	rig_borrow_only shared/zone-appeared 2
	rig_expect shared/durability "$SHARED_MODE" "$(gv backend/durability)"
	rig_cgroup use 32M
	rm -f /tmp/a.stop /tmp/a.done
	(rig_in_cgroup use usemem -s 41 -p 2 -u /tmp/a.stop 64 > /tmp/a.out 2>&1
	 touch /tmp/a.done) &
	# The write pass and a first read pass put A's pages; then two read
	# passes are measured.
	rig_check shared/a-first-read-pass rig_wait 600 sh -c "test \$(grep -c 'pass [0-9]* done' /tmp/a.out) -ge 2"
	n0=$(passes_done)
	p0=$(($(gv stats/puts_succeeded) + $(gv stats/puts_failed)))
	g0=$(gv stats/gets_succeeded)
	rig_check shared/a-two-more-passes rig_wait 600 sh -c "test \$(grep -c 'pass [0-9]* done' /tmp/a.out) -ge $((n0 + 2))"
	puts=$(($(gv stats/puts_succeeded) + $(gv stats/puts_failed) - p0))
	gets=$(($(gv stats/gets_succeeded) - g0))
	echo "shared: two read passes of A loaded $gets pages from tmem and put $puts"
	rig_check shared/read-passes-loaded test "$gets" -gt 4096
	rig_check shared/read-passes-put-under-a-tenth-of-loads test $((puts * 10)) -lt "$gets"
	rig_check shared/pages-kept test "$(gv stats/kept_pages)" -gt 0
	# B's puts make room by dropping A's kept copies.
	e0=$(gv stats/kept_evictions)
	out=$(rig_in_cgroup use usemem -s 42 -p 1 48)
	echo "$out"
	rig_usemem_ok shared/b-no-mismatch "$out"
	echo "shared: kept_pages=$(gv stats/kept_pages) kept_evictions=$(gv stats/kept_evictions) gets_not_found=$(gv stats/gets_not_found)"
	rig_check shared/kept-copies-dropped-for-room test "$(gv stats/kept_evictions)" -gt "$e0"
	# A's next whole pass reads what was dropped from the swap device.
	n1=$(passes_done)
	rig_check shared/a-pass-after-b rig_wait 600 sh -c "test \$(grep -c 'pass [0-9]* done' /tmp/a.out) -ge $((n1 + 1))"
	touch /tmp/a.stop
	rig_check shared/a-finished rig_wait 600 test -e /tmp/a.done
	cat /tmp/a.out
	rig_usemem_ok shared/a-no-mismatch "$(tail -n 1 /tmp/a.out)"
	rig_expect shared/no-read-failed 0 "$(gv stats/gets_read_failed)"
	gvtmemctl status
fi
rig_barrier done 900
exit 0
