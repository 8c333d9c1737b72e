# SPDX-License-Identifier: GPL-2.0
# Every writable attribute refuses garbage, out-of-range and boundary
# values with an error, and the value it holds does not change. Every
# writable file gets the same garbage (trailing junk, a sign, spaces,
# numeric overflow, an embedded NUL, 4 KiB of text); a file holding a
# word also gets every prefix of each of its words.
# rig-nodes: 1
# rig-timeout: 400

# put FILE VALUE: write VALUE to FILE. Tokens: NL is a lone newline (an
# empty line written by echo), NUL:X is X, a NUL byte and "x", 4K:C is
# 4096 times the character C.
put() {
	case "$2" in
	NL) echo > "$1" ;;
	NUL:*) printf '%s\000x' "${2#NUL:}" > "$1" ;;
	4K:*) head -c 4096 /dev/zero | tr '\0' "${2#4K:}" > "$1" ;;
	*) printf '%s' "$2" > "$1" ;;
	esac
}
# refuse FILE VALUE: writing VALUE to FILE must fail and leave FILE as it was.
refuse() {
	local f=/sys/kernel/gvtmem/$1 before after name
	name=sysfs/$(echo "$1" | tr / -)-refuses-$(echo "$2" | tr -c 'a-zA-Z0-9' _)
	before=$(cat "$f")
	if put "$f" "$2" 2>/dev/null; then
		rig_result fail "$name" "write of '$2' accepted"
		return
	fi
	after=$(cat "$f")
	rig_expect "$name" "$before" "$after"
}
# accept FILE VALUE: writing VALUE works and reads back.
accept() {
	local f=/sys/kernel/gvtmem/$1 name
	name=sysfs/$(echo "$1" | tr / -)-accepts-$2
	if printf '%s' "$2" > "$f"; then
		rig_expect "$name" "$2" "$(cat "$f")"
	else
		rig_result fail "$name" "write of '$2' refused"
	fi
}
# Garbage no writable file takes.
GARBAGE='abc NL 1_ _1 1x +1 -1 0x10 1e9 99999999999999999999
	18446744073709551616 yes-please y n NUL:1 NUL:0 4K:1 4K:a'
# refuse_garbage FILE: every value of GARBAGE ("_" stands for a space).
refuse_garbage() {
	local v
	for v in $GARBAGE; do
		refuse "$1" "$(echo "$v" | tr _ ' ')"
	done
}
# refuse_prefixes FILE WORD...: every proper prefix of each word, and the
# word with something after it.
refuse_prefixes() {
	local f=$1 w i
	shift
	for w in "$@"; do
		i=1
		while [ $i -lt ${#w} ]; do
			refuse "$f" "$(echo "$w" | cut -c1-$i)"
			i=$((i + 1))
		done
		refuse "$f" "${w}x"
		refuse "$f" "$w "
		refuse "$f" "NUL:$w"
	done
}

# logged NAME FILE VALUE PATTERN: a refusal of VALUE is logged (PATTERN).
# Refusal lines are rate-limited (10 per 5 s), so wait out the burst.
logged() {
	sleep 6
	dmesg -c > /dev/null
	put "/sys/kernel/gvtmem/$2" "$3" 2>/dev/null
	rig_check "$1" sh -c "dmesg | grep -q \"$4\""
}

# The grammar each writable file's ABI entry states ("Accepts: ..."), by
# path: boolean, unsigned MIN-MAX (RAM_MB: the node's RAM in MiB), word
# W..., hex MIN-MAX (bytes) or text.
abi_grammar() {
	awk -v f="$1" '
		/^What:/ { if (!inwhat) n = 0; inwhat = 1; w[++n] = $2; next }
		{ inwhat = 0 }
		/^[[:space:]]+Accepts:/ {
			sub(/^[[:space:]]+Accepts:[[:space:]]*/, "")
			for (i = 1; i <= n; i++) if (w[i] == f) print
		}' /lib/rig/abi/sysfs-kernel-gvtmem
}
# accept_restore FILE VALUE: VALUE is taken and reads back; FILE then
# gets its old value again.
accept_restore() {
	local f=/sys/kernel/gvtmem/$1 old
	old=$(cat "$f")
	accept "$1" "$2"
	printf '%s' "$old" > "$f"
}
ram_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
# Every writable file has a grammar, and takes what it says and no more:
# values just outside a range, a sign, a word's prefix or case, a key one
# byte too short or too long are refused. Files under cluster/ need a
# cluster to apply a value, so only their refusals are tried here.
for path in $(find /sys/kernel/gvtmem -type f -perm -200 | sort); do
	f=${path#/sys/kernel/gvtmem/}
	g=$(abi_grammar "$path")
	if [ -z "$g" ]; then
		rig_result fail "sysfs/abi-grammar-$(echo "$f" | tr / -)" "no Accepts: line in the ABI"
		continue
	fi
	rig_result ok "sysfs/abi-grammar-$(echo "$f" | tr / -)"
	set -- $g
	kind=$1
	shift
	case $kind in
	boolean)
		for v in 2 01 10 y N 1x +1 true; do refuse "$f" "$v"; done
		case $f in cluster/*|backend/enabled) ;;
		*) accept_restore "$f" 0; accept_restore "$f" 1 ;; esac ;;
	unsigned)
		lo=${1%-*} hi=${1#*-}
		[ "$hi" = RAM_MB ] && hi=$ram_mb
		refuse "$f" "$((hi + 1))"
		[ "$lo" -gt 0 ] && refuse "$f" "$((lo - 1))"
		for v in "+$lo" "$lo " " $lo" "${lo}x" "-$lo"; do refuse "$f" "$v"; done
		case $f in cluster/*) ;;
		*) accept_restore "$f" "$lo"
		   [ "${1#*-}" != RAM_MB ] && accept_restore "$f" "$hi" ;;
		esac ;;
	word)
		for w in "$@"; do
			refuse "$f" "$(echo "$w" | tr a-z A-Z)"
			refuse "$f" "${w}x"
			refuse "$f" "$(echo "$w" | sed 's/.$//')"
			case $f in cluster/*) ;; *) accept_restore "$f" "$w" ;; esac
		done ;;
	hex)
		lo=${1%-*} hi=${1#*-}
		for v in "$(head -c $((lo - 1)) /dev/zero | od -An -tx1 | tr -d ' \n')" \
			 "$(head -c $((hi + 1)) /dev/zero | od -An -tx1 | tr -d ' \n')" \
			 "$(head -c "$lo" /dev/zero | od -An -tx1 | tr -d ' \n')0"; do
			before=$(gv cluster/key_set)
			if put "$path" "$v" 2>/dev/null; then
				rig_result fail "sysfs/$(echo "$f" | tr / -)-refuses-${#v}-digits" "accepted"
			else
				rig_expect "sysfs/$(echo "$f" | tr / -)-refuses-${#v}-digits" "$before" "$(gv cluster/key_set)"
			fi
		done ;;
	text)
		refuse "$f" x ;;
	*)
		rig_result fail "sysfs/abi-grammar-$(echo "$f" | tr / -)-kind" "unknown kind '$kind'" ;;
	esac
done

for f in zones/local/target_mb policy/tier1 policy/tier1_period_ms \
	 backend/enabled backend/durability backend/prefetch_pages \
	 backend/async_writes backend/async_writes_loading \
	 transport/lend_mb transport/keep_loans cluster/leave cluster/policy cluster/ttm_percent \
	 cluster/grant_ahead_s cluster/node_limit_mb cluster/config \
	 backend/swapdev/create backend/swapdev/remove; do
	refuse_garbage "$f"
done
# A path with a NUL byte in it is refused, not cut short at the NUL.
refuse backend/swapdev/create NUL:/dev/vda
refuse backend/swapdev/remove NUL:gvtmem0
rig_check sysfs/swapdev-nothing-created test ! -e /dev/gvtmem0
refuse_prefixes policy/tier1 greedy fair
refuse_prefixes backend/durability writethrough replicas writebehind
refuse_prefixes cluster/policy greedy-local greedy-remote ttm adaptive
refuse_prefixes backend/enabled 1
refuse_prefixes cluster/leave 0
refuse_prefixes transport/keep_loans 1
rig_expect sysfs/backend-still-enabled 1 "$(gv backend/enabled)"
rig_expect sysfs/no-leave-asked 0 "$(gv cluster/leave)"
logged sysfs/nul-refusal-logged policy/tier1 NUL:fair \
	"policy/tier1: 'fair.*x' refused: write greedy or fair"

for v in abc -1 NL 12x 99999999999999999999 "1 2" 0x10; do
	refuse zones/local/target_mb "$v"
done
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

for v in 0 -1 49 abc NL 8x "4 4"; do
	refuse backend/async_writes_loading "$v"
done
accept backend/async_writes_loading 1
accept backend/async_writes_loading 48

# Cluster files. The key cannot be read back: key_set must stay 0.
for v in abc 00 0011223344556677889900112233445 zz112233445566778899aabbccddeeff NL \
	 NUL:00112233445566778899aabbccddeeff 4K:a 4K:0 +00112233445566778899aabbccddeeff \
	 "00112233445566778899aabbccddeeff " 00112233445566778899aabbccddeeffx; do
	refuse cluster/key_set "$v"
	if put /sys/kernel/gvtmem/cluster/key "$v" 2>/dev/null; then
		rig_result fail "sysfs/cluster-key-refuses-$v" "write accepted"
	else
		rig_expect "sysfs/cluster-key-refuses-$(echo "$v" | cut -c1-8)" 0 "$(gv cluster/key_set)"
	fi
done
logged sysfs/cluster-key-refusal-logged cluster/key abc "cluster/key refused"
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
logged sysfs/cluster-grant-ahead-refusal-logged cluster/grant_ahead_s 61 \
	"cluster/grant_ahead_s: '61' refused: write 0 (off) to 60 seconds"
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
logged sysfs/refusals-logged zones/local/target_mb 12x \
	"zones/local/target_mb: '12x' refused"
logged sysfs/leave-refusal-logged cluster/leave 1e9 "cluster/leave: '1e9' refused: write 1 or 0"
exit 0
