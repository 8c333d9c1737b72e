# SPDX-License-Identifier: GPL-2.0
# The swap block device front end on one node (kernels without frontswap:
# stock 6.1, 6.12): /dev/gvtmem0 over the node's swap partition (/dev/vda,
# module parameter swapdev_backing). Swapped pages go through gvtmem's
# store into the local zone and come back intact; the backing partition
# stays idle while the zone has room and takes the pages a too-small zone
# refuses; slots are freed when the process exits; the module cannot be
# removed while the device is a swap area; swapoff brings everything back.
# rig-nodes: 1
# rig-mem: 768
# rig-params: swapdev_backing=/dev/vda
# rig-timeout: 600

S=/sys/kernel/gvtmem/stats
gv() { cat "/sys/kernel/gvtmem/$1"; }

rig_check swapdev/device-created rig_wait 10 test -b /dev/gvtmem0
rig_check swapdev/logged sh -c 'dmesg | grep -q "gvtmem0: 512 MiB swap device over /dev/vda"'
rig_check swapdev/mkswap mkswap /dev/gvtmem0
rig_check swapdev/swapon swapon /dev/gvtmem0
rig_check swapdev/swap-active grep -q '^/dev/gvtmem0 ' /proc/swaps
rig_check swapdev/rmmod-refused-while-swapon sh -c '! rmmod gvtmem 2>/dev/null'
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
rig_check swapdev/rmmod-after-swapoff rmmod gvtmem
rig_check swapdev/device-gone test ! -e /dev/gvtmem0

# 4. A backing device that cannot be opened fails the load, logged.
rig_check swapdev/bad-backing-refused sh -c \
	'! insmod /lib/rig/gvtmem.ko swapdev_backing=/dev/nonexistent 2>/dev/null'
rig_check swapdev/bad-backing-logged sh -c \
	'dmesg | grep -q "swapdev_backing=/dev/nonexistent: cannot open it"'
rig_check swapdev/bad-backing-no-module sh -c '! grep -q "^gvtmem " /proc/modules'
