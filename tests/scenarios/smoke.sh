# SPDX-License-Identifier: GPL-2.0
# Smoke: gvtmem is loaded and reports itself, rxe0 is up, and every node
# reaches every other one over RDMA (rping, connection manager + verbs).
# rig-timeout: 300

rig_expect smoke/sysfs-version "$(cat /sys/module/gvtmem/version)" "$(cat /sys/kernel/gvtmem/version)"
rig_expect smoke/sysfs-page-size 4096 "$(cat /sys/kernel/gvtmem/page_size)"
rig_expect smoke/sysfs-block-pages 512 "$(cat /sys/kernel/gvtmem/block_pages)"
rig_check smoke/log-prefix sh -c 'dmesg | grep -q "gvtmem: loaded"'
rig_check smoke/rdma-device-seen test "$(cat /sys/kernel/gvtmem/transport/nr_devices)" -ge 1
rig_abi_check smoke/abi-documented
# The check must catch an attribute whose documentation went missing.
mkdir -p /tmp/abi-missing
grep -v '^What:.*stats/evictions$' /lib/rig/abi/sysfs-kernel-gvtmem > /tmp/abi-missing/doc
if out=$(rig_abi_diff /tmp/abi-missing); then
	rig_result fail smoke/abi-check-catches-undocumented "an undocumented attribute passed"
else
	echo "$out"
	rig_check smoke/abi-check-catches-undocumented sh -c "echo '$out' | grep -q 'undocumented: /sys/kernel/gvtmem/stats/evictions'"
fi
rig_check smoke/gvtmemctl-status gvtmemctl status
if gvtmemctl policy fairest 2>/tmp/ctl.err; then
	rig_result fail smoke/gvtmemctl-refusal "policy fairest accepted"
else
	rig_check smoke/gvtmemctl-refusal grep -q 'policy/tier1: refused' /tmp/ctl.err
fi

# Hooks: the test kernel offers frontswap and cleancache to modules, stock
# 5.10 frontswap only, stock 6.1 neither (not exported), 6.12 neither (gone).
case $RIG_KERNEL in
test|debug) rig_expect smoke/frontswap-registered registered "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
	rig_expect smoke/cleancache-registered registered "$(cat /sys/kernel/gvtmem/hooks/cleancache)" ;;
stock510) rig_expect smoke/frontswap-registered registered "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
	rig_expect smoke/cleancache-unavailable unavailable "$(cat /sys/kernel/gvtmem/hooks/cleancache)" ;;
stock61) rig_expect smoke/frontswap-unavailable unavailable "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
	rig_check smoke/frontswap-reason grep -q 'not exported' /sys/kernel/gvtmem/hooks/frontswap_reason ;;
stock612) rig_expect smoke/frontswap-unavailable unavailable "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
	rig_check smoke/frontswap-reason grep -q 'removed from Linux in 6.5' /sys/kernel/gvtmem/hooks/frontswap_reason
	rig_expect smoke/cleancache-unavailable unavailable "$(cat /sys/kernel/gvtmem/hooks/cleancache)" ;;
esac
# The swap block device front end exists on every kernel; no device yet.
rig_expect smoke/swapdev-available available "$(cat /sys/kernel/gvtmem/hooks/swapdev)"

# Every node serves rping; once all are listening, each pings every other.
host rping -s -P -a "$(rig_ip "$NODE")" >/tmp/rping-server.log 2>&1 &
rig_barrier rping-servers
for peer in $(seq 1 "$NODES"); do
	[ "$peer" = "$NODE" ] && continue
	rig_check "smoke/rdma-reach-node$peer" rig_wait 10 host rping -c -a "$(rig_ip "$peer")" -C 3 -S 4096
done
rig_barrier rping-done
kill %1 2>/dev/null
exit 0
