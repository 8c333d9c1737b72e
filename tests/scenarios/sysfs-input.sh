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

# Read-only files refuse writes.
for f in version hooks/frontswap stats/puts_succeeded zones/local/pages; do
	refuse "$f" 1
done

# The load-time parameter cannot be changed behind the sysfs tunable's back.
rig_expect sysfs/param-local-zone-mb-readonly 444 "$(stat -c %a /sys/module/gvtmem/parameters/local_zone_mb)"
rig_check sysfs/refusals-logged sh -c 'dmesg | grep -q "target_mb: .* refused"'
exit 0
