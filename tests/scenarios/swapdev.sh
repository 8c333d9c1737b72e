# SPDX-License-Identifier: GPL-2.0
# The swap block device front end on one node (kernels without frontswap:
# stock 6.1, 6.12): /dev/gvtmem0 over the node's swap partition (/dev/vda,
# module parameter swapdev_backing). Swapped pages go through gvtmem's
# store into the local zone and come back intact; the backing partition
# stays idle while the zone has room and takes the pages a too-small zone
# refuses; slots are freed when the process exits; the module cannot be
# removed while the device is a swap area; swapoff brings everything back.
# Then the device's control files: discard and write-zeroes free and zero
# slots, backend/swapdev/remove and create remove and re-create it (bad
# input refused, logged, nothing changed), and a device created without
# the synchronous flag by `gvtmemctl swapdev add` swaps as well.
# rig-nodes: 1
# rig-mem: 768
# rig-params: swapdev_backing=/dev/vda
# rig-timeout: 600

S=/sys/kernel/gvtmem/stats
D=/sys/kernel/gvtmem/backend/swapdev
gv() { cat "/sys/kernel/gvtmem/$1"; }

rig_check swapdev/device-created rig_wait 10 test -b /dev/gvtmem0
rig_check swapdev/logged sh -c 'dmesg | grep -q "gvtmem0: 512 MiB swap device over /dev/vda"'
rig_check swapdev/mkswap mkswap /dev/gvtmem0
rig_check swapdev/swapon swapon /dev/gvtmem0
rig_check swapdev/swap-active grep -q '^/dev/gvtmem0 ' /proc/swaps
rig_check swapdev/rmmod-refused-while-swapon sh -c '! rmmod gvtmem 2>/dev/null'
rig_check swapdev/remove-refused-while-swapon sh -c \
	"! echo gvtmem0 > $D/remove 2>/dev/null && test -b /dev/gvtmem0 &&
	 grep -q '^/dev/gvtmem0 ' /proc/swaps &&
	 dmesg | grep -q 'gvtmem0 is open (an active swap area? swapoff it first): not removed'"
rig_expect swapdev/hook-registered registered "$(gv hooks/swapdev)"
rig_expect swapdev/backing-file /dev/vda "$(cat $D/gvtmem0/backing)"
rig_expect swapdev/synchronous-by-default 1 "$(cat $D/gvtmem0/synchronous)"
rig_cgroup use 64M

# 1. Zone larger than the overflow: every swapped page lands in tmem.
echo 160 > /sys/kernel/gvtmem/zones/local/target_mb
w0=$(rig_disk_writes vda)
p0=$(gv stats/puts_succeeded)
out=$(rig_in_cgroup use usemem -s 7 -p 2 128)
echo "$out"
w1=$(rig_disk_writes vda)
puts=$(( $(gv stats/puts_succeeded) - p0 ))
echo "swapdev roomy zone: puts=$puts gets=$(gv stats/gets_succeeded) puts_failed=$(gv stats/puts_failed) backing_sectors_written=$((w1 - w0)) swap_pages=$(gv stats/swap_pages)"
rig_usemem_ok swapdev/roomy-zone-no-mismatch "$out"
# 64+ MiB swapped out: at least 16384 pages went through the store.
rig_check swapdev/pages-stored test "$puts" -gt 16384
rig_check swapdev/pages-loaded test "$(gv stats/gets_succeeded)" -gt 0
rig_check swapdev/backing-idle test $((w1 - w0)) -lt 2048
# usemem exited: its slots were freed. What stays: the swap header's page
# and up to 64 slots per CPU in the kernel's swap-slot cache (6.12 frees
# those in batches; swapoff below empties it).
rig_check swapdev/slots-freed rig_wait 10 sh -c "test \$(cat $S/swap_pages) -le 65"

# 2. Zone too small: the store refuses, the backing partition takes the rest.
echo 8 > /sys/kernel/gvtmem/zones/local/target_mb
f0=$(gv stats/puts_failed)
w0=$(rig_disk_writes vda)
out=$(rig_in_cgroup use usemem -s 8 -p 2 128)
echo "$out"
w1=$(rig_disk_writes vda)
echo "swapdev small zone: puts_failed=$(( $(gv stats/puts_failed) - f0 )) backing_sectors_written=$((w1 - w0))"
rig_usemem_ok swapdev/small-zone-no-mismatch "$out"
rig_check swapdev/refused-puts test "$(gv stats/puts_failed)" -gt "$f0"
rig_check swapdev/backing-written test $((w1 - w0)) -gt 2048

# 3. A process parked with its pages swapped out; swapoff brings them back.
echo 160 > /sys/kernel/gvtmem/zones/local/target_mb
rm -f /tmp/stop /tmp/usemem.done
(rig_in_cgroup use usemem -s 9 -d -p 1 -u /tmp/stop 96 > /tmp/usemem.out 2>&1
 touch /tmp/usemem.done) &
rig_check swapdev/parked-pages-stored rig_wait 120 sh -c "test \$(cat $S/swap_pages) -gt 4096"
echo max > /sys/fs/cgroup/use/memory.max
rig_check swapdev/swapoff swapoff /dev/gvtmem0
rig_check swapdev/swapoff-emptied-store sh -c "test \$(cat $S/swap_pages) -le 1"
touch /tmp/stop
rig_check swapdev/parked-usemem-finished rig_wait 300 test -e /tmp/usemem.done
cat /tmp/usemem.out
rig_usemem_ok swapdev/parked-no-mismatch "$(cat /tmp/usemem.out)"
rig_check swapdev/swapoff-freed-slots test "$(cat $D/gvtmem0/stored_slots)" -le 1

# 4. Written straight to the device: 256 pages in the store, read back
# identical; a discard frees the first 128 slots, write-zeroes zeroes the
# other 128 (BLKZEROOUT).
dd if=/dev/urandom of=/tmp/pat bs=4096 count=256 2>/dev/null
rig_check swapdev/direct-write dd if=/tmp/pat of=/dev/gvtmem0 bs=4096 seek=16 count=256 oflag=direct
rig_check swapdev/direct-write-stored test "$(cat $D/gvtmem0/stored_slots)" -ge 256
rig_check swapdev/direct-read-identical sh -c \
	'dd if=/dev/gvtmem0 bs=4096 skip=16 count=256 iflag=direct 2>/dev/null | cmp - /tmp/pat'
s0=$(cat $D/gvtmem0/stored_slots)
rig_check swapdev/discard blkdiscard -o $((16 * 4096)) -l $((128 * 4096)) /dev/gvtmem0
rig_expect swapdev/discard-freed-slots $((s0 - 128)) "$(cat $D/gvtmem0/stored_slots)"
rig_check swapdev/write-zeroes blkzero /dev/gvtmem0 $((144 * 4096)) $((128 * 4096))
dd if=/dev/zero of=/tmp/zero bs=4096 count=128 2>/dev/null
rig_check swapdev/write-zeroes-read-zero sh -c \
	'dd if=/dev/gvtmem0 bs=4096 skip=144 count=128 iflag=direct 2>/dev/null |
	 cmp - /tmp/zero'
rig_check swapdev/write-zeroes-partial-refused sh -c \
	'! blkzero /dev/gvtmem0 $((144 * 4096 + 512)) 512 2>/dev/null'

# 5. Remove and create through sysfs; bad input refused, nothing changed.
rig_check swapdev/remove-unknown-refused sh -c \
	"! echo gvtmem7 > $D/remove 2>/dev/null && test -b /dev/gvtmem0 &&
	 dmesg | grep -q 'backend/swapdev/remove: no device gvtmem7'"
rig_check swapdev/remove sh -c "echo gvtmem0 > $D/remove"
rig_check swapdev/removed sh -c \
	"test ! -e /dev/gvtmem0 && test ! -e $D/gvtmem0 && dmesg | grep -q 'gvtmem0 removed'"
rig_expect swapdev/hook-available-after-remove available "$(gv hooks/swapdev)"
rig_check swapdev/create-relative-refused sh -c \
	"! echo vda > $D/create 2>/dev/null && test ! -e /dev/gvtmem0 &&
	 dmesg | grep -q 'backend/swapdev/create: give the path of a block device'"
rig_check swapdev/create-missing-refused sh -c \
	"! echo /dev/nonexistent > $D/create 2>/dev/null && test ! -e /dev/gvtmem0 &&
	 dmesg | grep -q 'swapdev: cannot open /dev/nonexistent as a backing device'"
rig_check swapdev/synchronous-param-refuses-2 sh -c \
	'! echo 2 > /sys/module/gvtmem/parameters/swapdev_synchronous 2>/dev/null &&
	 grep -qx 1 /sys/module/gvtmem/parameters/swapdev_synchronous'
rig_check swapdev/synchronous-param-off sh -c \
	'echo 0 > /sys/module/gvtmem/parameters/swapdev_synchronous'
rig_check swapdev/create sh -c "echo /dev/vda > $D/create"
rig_check swapdev/created rig_wait 10 test -b /dev/gvtmem0
rig_check swapdev/created-logged sh -c \
	"dmesg | grep -q 'gvtmem0: 512 MiB swap device over /dev/vda\$'"
rig_expect swapdev/created-not-synchronous 0 "$(cat $D/gvtmem0/synchronous)"
rig_expect swapdev/hook-registered-again registered "$(gv hooks/swapdev)"
rig_check swapdev/create-same-backing-refused sh -c \
	"! echo /dev/vda > $D/create 2>/dev/null && test ! -e /dev/gvtmem1 &&
	 dmesg | grep -q 'swapdev: cannot open /dev/vda as a backing device'"
rig_check swapdev/remove-again sh -c "echo gvtmem0 > $D/remove"
# gvtmemctl creates, mkswaps and swapons it in one command (not
# synchronous: the parameter is still 0), and swapoffs and removes it.
rig_check swapdev/gvtmemctl-add gvtmemctl swapdev add /dev/vda
rig_check swapdev/gvtmemctl-add-swapon grep -q '^/dev/gvtmem0 ' /proc/swaps
rig_check swapdev/gvtmemctl-list sh -c 'gvtmemctl swapdev | grep -q "^gvtmem0 .*/dev/vda .* 0 .* yes\$"'
rig_cgroup use 64M
p0=$(gv stats/puts_succeeded)
out=$(rig_in_cgroup use usemem -s 10 -p 2 96)
echo "$out"
echo "swapdev not synchronous: $(gvtmemctl swapdev | tail -n 1)"
rig_usemem_ok swapdev/not-synchronous-no-mismatch "$out"
rig_check swapdev/not-synchronous-stored test $(( $(gv stats/puts_succeeded) - p0 )) -gt 8192
rig_check swapdev/gvtmemctl-remove gvtmemctl swapdev remove gvtmem0
rig_check swapdev/gvtmemctl-removed sh -c \
	"test ! -e /dev/gvtmem0 && ! grep -q gvtmem0 /proc/swaps && test \$(cat /sys/kernel/gvtmem/hooks/swapdev) = available"
rig_check swapdev/rmmod-after-swapoff rmmod gvtmem
rig_check swapdev/device-gone test ! -e /dev/gvtmem0

# 6. A backing device that cannot be opened fails the load, logged.
rig_check swapdev/bad-backing-refused sh -c \
	'! insmod /lib/rig/gvtmem.ko swapdev_backing=/dev/nonexistent 2>/dev/null'
rig_check swapdev/bad-backing-logged sh -c \
	'dmesg | grep -q "swapdev_backing=/dev/nonexistent: no device created"'
rig_check swapdev/bad-backing-no-module sh -c '! grep -q "^gvtmem " /proc/modules'
