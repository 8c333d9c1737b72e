# SPDX-License-Identifier: GPL-2.0
# Frontswap on one node with the local zone: pages survive the trip through
# tmem, the swap disk stays idle while the zone has room, a too-small zone
# spills to disk without corruption, rmmod is refused once registered, and
# draining empties the store without a single mismatch.
# rig-nodes: 1
# rig-mem: 768
# rig-timeout: 600

rig_expect frontswap/registered registered "$(gv hooks/frontswap)"
rig_swap_on || rig_result fail frontswap/swapon "swapon /dev/vda failed"
rig_cgroup use 64M

# 1. Zone larger than the overflow: everything swapped lands in tmem.
echo 160 > /sys/kernel/gvtmem/zones/local/target_mb
rig_expect frontswap/zone-resized 40960 "$(gv zones/local/pages)"
w0=$(rig_disk_writes vda)
out=$(rig_in_cgroup use usemem -s 7 -p 2 128)
echo "$out"
w1=$(rig_disk_writes vda)
rig_usemem_ok frontswap/roomy-zone-no-mismatch "$out"
puts=$(gv stats/puts_succeeded)
gets=$(gv stats/gets_succeeded)
echo "roomy zone: puts_succeeded=$puts gets_succeeded=$gets puts_failed=$(gv stats/puts_failed) disk_sectors_written=$((w1 - w0))"
rig_check frontswap/puts-succeeded test "$puts" -gt 0
rig_check frontswap/gets-succeeded test "$gets" -gt 0
# Nearly nothing on disk: under 1 MiB (2048 sectors) against 64+ MiB swapped.
rig_check frontswap/swap-disk-idle test $((w1 - w0)) -lt 2048
c=$(rig_client_dir use) && rig_check frontswap/client-charged test "$(cat "$c/puts_succeeded")" -gt 0 ||
	rig_result fail frontswap/client-charged "no clients/ entry named /use"

# 2. Zone too small: puts fail, the disk takes the rest, data stays right.
echo 8 > /sys/kernel/gvtmem/zones/local/target_mb
rig_expect frontswap/zone-shrunk 2048 "$(gv zones/local/pages)"
f0=$(gv stats/puts_failed)
w0=$(rig_disk_writes vda)
out=$(rig_in_cgroup use usemem -s 8 -p 2 128)
echo "$out"
w1=$(rig_disk_writes vda)
rig_usemem_ok frontswap/small-zone-no-mismatch "$out"
echo "small zone: puts_failed=$(( $(gv stats/puts_failed) - f0 )) disk_sectors_written=$((w1 - w0))"
rig_check frontswap/small-zone-puts-fail test "$(gv stats/puts_failed)" -gt "$f0"
rig_check frontswap/small-zone-disk-used test $((w1 - w0)) -gt 2048

# 3. Registered hooks cannot go away: rmmod must be refused.
if rmmod gvtmem 2>/tmp/rmmod.err; then
	rig_result fail frontswap/rmmod-refused "rmmod succeeded"
else
	rig_check frontswap/rmmod-refused test -d /sys/kernel/gvtmem
fi
cat /tmp/rmmod.err

# 4. Drain while a workload holds swapped pages, then verify them.
echo 160 > /sys/kernel/gvtmem/zones/local/target_mb
rm -f /tmp/go
rig_in_cgroup use usemem -s 9 -p 2 -w /tmp/go 128 > /tmp/drain.out 2>&1 &
# Wait until usemem is parked: from then on its pages stay where they are.
rig_check frontswap/workload-parked rig_wait 120 grep -q 'waiting for' /tmp/drain.out
rig_check frontswap/workload-swapped test "$(gv stats/swap_pages)" -gt 4096
held=$(gv stats/swap_pages)
# Shrinking below the swap pages held must be refused, losing nothing.
pages=$(gv zones/local/pages)
if echo 4 > /sys/kernel/gvtmem/zones/local/target_mb 2>/tmp/shrink.err; then
	rig_result fail frontswap/shrink-below-swap-refused "the write succeeded"
else
	rig_check frontswap/shrink-below-swap-refused grep -q 'No space left' /tmp/shrink.err
fi
rig_check frontswap/shrink-kept-swap-pages test "$(gv stats/swap_pages)" -ge "$held"
echo "shrink to 4 MiB with $held swap pages held: $(cat /tmp/shrink.err); zone now $(gv zones/local/pages) pages (was $pages)"
held=$(gv stats/swap_pages)
echo 0 > /sys/kernel/gvtmem/backend/enabled
rig_check frontswap/drain-empties rig_wait 120 sh -c 'test "$(cat /sys/kernel/gvtmem/stats/swap_pages)" -eq 0'
echo "drain: held $held swap pages before, $(gv stats/swap_pages) after"
f0=$(gv stats/puts_succeeded)
touch /tmp/go
wait
out=$(cat /tmp/drain.out)
echo "$out"
rig_usemem_ok frontswap/drain-no-mismatch "$out"
rig_expect frontswap/disabled-refuses-puts "$f0" "$(gv stats/puts_succeeded)"
echo 1 > /sys/kernel/gvtmem/backend/enabled
exit 0
