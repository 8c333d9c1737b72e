# SPDX-License-Identifier: GPL-2.0
# Module parameters: garbage, out-of-range and boundary values. Each bad
# value makes the load fail with an error naming the parameter, and
# leaves nothing behind (no module, no sysfs directory); a failure inside
# initialisation (lend_mb beyond RAM) unwinds everything done before it.
# The boundary values then load and read back.
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 240

ko=/lib/rig/gvtmem.ko
ram_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)

# refuse PARAM VALUE: insmod with PARAM=VALUE fails, says so, leaves nothing.
refuse() {
	local name
	name=modparam/$1-refuses-$(echo "$2" | tr -c 'a-zA-Z0-9' _)
	dmesg -c > /dev/null
	if insmod "$ko" "$1=$2" 2>/dev/null; then
		rig_result fail "$name" "loaded with $1=$2"
		rmmod gvtmem 2>/dev/null
		return
	fi
	if [ -d /sys/module/gvtmem ] || [ -d /sys/kernel/gvtmem ]; then
		rig_result fail "$name" "refused, but left /sys/module/gvtmem or /sys/kernel/gvtmem"
		return
	fi
	rig_check "$name" sh -c "dmesg | grep -q '$1'"
}

for v in abc -1 12x 0x 99999999999 "$((ram_mb + 1))" +5 1e3 18446744073709551616; do
	refuse local_zone_mb "$v"
done
for v in abc -5 1.5 "$((ram_mb + 1))" +5 5x 0x10; do
	refuse lend_mb "$v"
done
# Booleans are 1 or 0, as the sysfs files take them.
for v in 2 maybe -1 y yes-please 1e9 +1 01 N; do
	refuse test_hooks "$v"
done
# The lease: 0 (the default) or 2000 to 60000 ms.
for v in abc -1 1 1999 60001 2000x 4294967296; do
	refuse lease_ms "$v"
done
for v in 2 yes-please 1x; do
	refuse keep_loans "$v"
	refuse shared_gets "$v"
	refuse swapdev_synchronous "$v"
done

# Boundaries load, and each value reads back.
rig_check modparam/boundaries-load insmod "$ko" local_zone_mb=0 lend_mb=0 test_hooks=0 \
	keep_loans=0 shared_gets=0 swapdev_synchronous=0 lease_ms=60000
rig_expect modparam/local_zone_mb-reads-back 0 "$(cat /sys/module/gvtmem/parameters/local_zone_mb)"
rig_expect modparam/lend_mb-reads-back 0 "$(cat /sys/module/gvtmem/parameters/lend_mb)"
rig_expect modparam/test_hooks-reads-back 0 "$(cat /sys/module/gvtmem/parameters/test_hooks)"
rig_expect modparam/keep_loans-reads-back 0 "$(cat /sys/module/gvtmem/parameters/keep_loans)"
rig_expect modparam/keep_loans-applied 0 "$(cat /sys/kernel/gvtmem/transport/keep_loans)"
rig_expect modparam/shared_gets-reads-back 0 "$(cat /sys/module/gvtmem/parameters/shared_gets)"
rig_expect modparam/swapdev_synchronous-reads-back 0 "$(cat /sys/module/gvtmem/parameters/swapdev_synchronous)"
rig_expect modparam/lease_ms-reads-back 60000 "$(cat /sys/module/gvtmem/parameters/lease_ms)"
rig_expect modparam/lease_ms-applied 60000 "$(cat /sys/kernel/gvtmem/cluster/lease_ms)"
# cluster/lease_ms changes it at run time, and says so.
rig_check modparam/lease_ms-sysfs-write sh -c 'echo 2000 > /sys/kernel/gvtmem/cluster/lease_ms'
rig_expect modparam/lease_ms-sysfs-applied 2000 "$(cat /sys/kernel/gvtmem/cluster/lease_ms)"
rig_check modparam/lease_ms-change-logged sh -c 'dmesg | grep -q "lease: 60000 -> 2000 ms"'
rig_expect modparam/local-zone-empty 0 "$(cat /sys/kernel/gvtmem/zones/local/pages)"
# Read-only after load: the sysfs files are the run-time knobs.
rig_check modparam/read-only-after-load sh -c \
	'! echo 5 > /sys/module/gvtmem/parameters/local_zone_mb 2>/dev/null'
exit 0
