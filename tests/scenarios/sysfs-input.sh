# SPDX-License-Identifier: GPL-2.0
# Every writable attribute refuses garbage, out-of-range and boundary
# values with an error, and the value it holds does not change.
# rig-nodes: 1
# rig-timeout: 240

# refuse FILE VALUE: writing VALUE to FILE must fail and leave FILE as it was.
refuse() {
	local f=/sys/kernel/gvtmem/$1 before after name
	name=sysfs/$(echo "$1" | tr / -)-refuses-$(echo "$2" | tr -c 'a-zA-Z0-9' _)
	before=$(cat "$f")
	# NL stands for a lone newline (an empty line written by echo).
	if if [ "$2" = NL ]; then echo > "$f"; else printf '%s' "$2" > "$f"; fi 2>/dev/null; then
		rig_result fail "$name" "write of '$2' accepted"
		return
	fi
	after=$(cat "$f")
	rig_expect "$name" "$before" "$after"
}
# accept FILE VALUE: writing VALUE works and reads back.
accept() {
	local f=/sys/kernel/gvtmem/$1
	printf '%s' "$2" > "$f" && rig_expect "sysfs/$(echo "$1" | tr / -)-accepts-$2" "$2" "$(cat "$f")"
}

for v in abc -1 NL 12x 99999999999999999999 "1 2" 0x10; do
	refuse zones/local/target_mb "$v"
done
ram_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
refuse zones/local/target_mb $((ram_mb + 1))
accept zones/local/target_mb 0
accept zones/local/target_mb 16

for v in fairest NL GREEDY 1 "fair greedy"; do
	refuse policy/tier1 "$v"
done
accept policy/tier1 greedy
accept policy/tier1 fair

for v in 0 9 60001 -5 abc NL; do
	refuse policy/tier1_period_ms "$v"
done
accept policy/tier1_period_ms 10
accept policy/tier1_period_ms 60000
accept policy/tier1_period_ms 500

for v in 2 -1 yes2 y NL abc; do
	refuse backend/enabled "$v"
done

for v in replica writethrough2 REPLICAS NL 1 "replicas writethrough" write-behind writebehind2; do
	refuse backend/durability "$v"
done
accept backend/durability replicas
accept backend/durability writebehind
accept backend/durability writethrough

for v in 0 17 -1 abc NL 8x 99999999999999999999 "4 4"; do
	refuse backend/prefetch_pages "$v"
done
accept backend/prefetch_pages 1
accept backend/prefetch_pages 16
accept backend/prefetch_pages 8

for v in -1 49 abc NL 8x 99999999999999999999 "4 4"; do
	refuse backend/async_writes "$v"
done
accept backend/async_writes 0
accept backend/async_writes 48
accept backend/async_writes 32

# Cluster files. The key cannot be read back: key_set must stay 0.
for v in abc 00 0011223344556677889900112233445 zz112233445566778899aabbccddeeff NL; do
	refuse cluster/key_set "$v"
	if printf '%s' "$v" > /sys/kernel/gvtmem/cluster/key 2>/dev/null; then
		rig_result fail "sysfs/cluster-key-refuses-$v" "write accepted"
	else
		rig_expect "sysfs/cluster-key-refuses-$(echo "$v" | cut -c1-8)" 0 "$(gv cluster/key_set)"
	fi
done
rig_check sysfs/cluster-key-refusal-logged sh -c 'dmesg | grep -q "cluster/key refused"'
for v in 2 -1 abc NL; do
	refuse cluster/leave "$v"
done
for v in fastest NL GREEDY-REMOTE "ttm adaptive"; do
	refuse cluster/policy "$v"
done
for v in 0 101 -3 abc NL; do
	refuse cluster/ttm_percent "$v"
done
for v in 61 -1 abc 4294967296 NL; do
	refuse cluster/grant_ahead_s "$v"
done
rig_check sysfs/cluster-grant-ahead-refusal-logged sh -c 'dmesg | grep -q "cluster/grant_ahead_s: .* refused"'
for v in -1 abc 99999999999 NL; do
	refuse cluster/node_limit_mb "$v"
done
# A valid policy with no cluster to apply it to is refused too, and says so.
refuse cluster/policy ttm
rig_check sysfs/cluster-policy-unconfigured-logged sh -c 'dmesg | grep -q "cluster/policy: not applied"'

# Read-only files refuse writes.
for f in version hooks/frontswap stats/puts_succeeded zones/local/pages \
	 cluster/state cluster/master cluster/epoch cluster/active; do
	refuse "$f" 1
done

# The load-time parameter cannot be changed behind the sysfs tunable's back.
rig_expect sysfs/param-local-zone-mb-readonly 444 "$(stat -c %a /sys/module/gvtmem/parameters/local_zone_mb)"
rig_check sysfs/refusals-logged sh -c 'dmesg | grep -q "target_mb: .* refused"'
exit 0
