#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sysfs-tools/gvtmemctl against a fake sysfs tree (GVTMEM_SYSFS): status
# shows the values, status --json is valid JSON with the right numbers and
# strings, prometheus output follows the text exposition format, writes
# land in the right files, a refused write names the file and the reason,
# quoting the kernel's log line when there is one, and a missing sysfs
# directory says gvtmem is not loaded. The tool runs under the system sh
# (dash) and, when busybox is there, also under busybox sh with only
# busybox applets in PATH, as in the test VMs: both must print the same.
# The man page must cover every command and render without warnings, and
# shellcheck -s sh must pass. No root, no module; a few seconds.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ctl=$PWD/sysfs-tools/gvtmemctl
work=$(mktemp -d /tmp/gvtmem-ctl.XXXXXX)
trap 'rm -rf "$work"' EXIT
# python3 checks the JSON; resolved once (a pyenv shim costs a shell each run).
python3=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || python3=python3

# ok NAME / nok NAME WHY
ok() { echo "ok gvtmemctl/$1"; }
nok() { echo "not ok gvtmemctl/$1 # $2"; }
# check NAME WHY COMMAND...: ok if COMMAND succeeds.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ok "$name"; else nok "$name" "$why"; fi
}

# put FILE VALUE: a sysfs-like file (VALUE and a newline) in the tree.
put() {
	[[ $1 != */* || -d $root/${1%/*} ]] || mkdir -p "$root/${1%/*}"
	printf '%s\n' "$2" >"$root/$1"
}

# The fake tree of node 2 of a 3-node cluster, following
# Documentation/ABI/testing/sysfs-kernel-gvtmem.
root=$work/sys/kernel/gvtmem
mkdir -p "$root"
put version 0.1.0
put page_size 4096
put block_pages 256
put hooks/frontswap registered
put hooks/frontswap_reason ""
put hooks/cleancache unavailable
put hooks/cleancache_reason "cleancache was removed from Linux in 5.17"
put hooks/swapdev registered
put hooks/swapdev_reason ""
put backend/enabled 1
put backend/durability writethrough
put backend/prefetch_pages 8
put backend/async_writes 32
put backend/async_writes_loading 8
put backend/async_write_batch 8
put policy/tier1 fair
put policy/tier1_period_ms 500
for f in puts_succeeded:4321 puts_failed:17 gets_succeeded:3900 gets_failed:5 \
	 flushes_succeeded:250 flushes_failed:3 evictions:42 swap_pages:1500 \
	 clean_pages:300 replica_pages:0 rereplication_queue:0 rereplicated_pages:8 \
	 rereplication_last_ms:1250 lost_pages:0 prefetch_pages:12 prefetch_reads:700 \
	 prefetch_hits:650 async_writes_failed:3 puts_local:1000 \
	 puts_remote_async:3000 puts_remote_sync:321 async_writes_full:300 \
	 async_writes_nomem:21 puts_refused_off:0 puts_refused_share:10 \
	 puts_refused_mem_limit:0 puts_refused_full:4 puts_refused_nomem:1 \
	 puts_write_failed:2 gets_local:900 gets_remote:3000 gets_not_found:4 \
	 gets_read_failed:1 prefetch_unused:38; do
	put "stats/${f%%:*}" "${f#*:}"
done
put zones/local/pages 1024
put zones/local/used_pages 700
put zones/local/free_pages 324
put zones/local/blocks 4
put zones/local/target_mb 4
put zones/2/pages 2048
put zones/2/used_pages 1100
put zones/2/free_pages 948
put zones/2/blocks 4
# Client 3 is the plain one; client 5's cgroup name needs escaping; 12
# sorts after them (not as the glob does) and has a blank in its name.
put clients/3/name /a
put clients/5/name '/we"ird\x'
put clients/12/name '/b c'
for c in 3:12:512:100:2:90:1:7:0 5:7:256:9:0:8:0:1:1 12:0:64:0:0:0:0:0:0; do
	IFS=: read -r id pages limit po pf go gf fo ff <<<"$c"
	put "clients/$id/pages" "$pages"
	put "clients/$id/limit" "$limit"
	put "clients/$id/puts_succeeded" "$po"
	put "clients/$id/puts_failed" "$pf"
	put "clients/$id/gets_succeeded" "$go"
	put "clients/$id/gets_failed" "$gf"
	put "clients/$id/flushes_succeeded" "$fo"
	put "clients/$id/flushes_failed" "$ff"
done
put transport/nr_devices 1
put transport/lend_mb 64
for d in short bad_magic bad_version bad_length too_long bad_reserved bad_sender \
	 replayed bad_payload bad_tag fault_injected; do
	put "transport/drops/$d" 0
done
put transport/drops/bad_tag 3
put transport/sent/heartbeat 40
put transport/sent/grant_any 2
# Latency histograms: reads 10 at <= 256 us, 50 more <= 512, 35 more
# <= 1024, the last 5 <= 2048; nothing written yet.
for op in read write write_async; do
	b=1
	while ((b <= 2097152)); do
		v=0
		[[ $op == read ]] && ((b >= 256)) && v=10
		[[ $op == read ]] && ((b >= 512)) && v=60
		[[ $op == read ]] && ((b >= 1024)) && v=95
		[[ $op == read ]] && ((b >= 2048)) && v=100
		put "transport/latency/$op/le_${b}us" "$v"
		b=$((b * 2))
	done
	put "transport/latency/$op/count" "$([[ $op == read ]] && echo 100 || echo 0)"
	put "transport/latency/$op/sum_us" "$([[ $op == read ]] && echo 45000 || echo 0)"
	put "transport/latency/$op/pages" "$([[ $op == read ]] && echo 160 || echo 0)"
done
put transport/peers/1/state up
put transport/peers/1/address 10.0.0.1:18515
put transport/peers/2/state up
put transport/peers/2/address 10.0.0.2:18515
put transport/peers/3/state connecting
put transport/peers/3/address 10.0.0.3:18515
for p in 1:55:54:0:0 2:901:899:3:1 3:0:0:0:0; do
	IFS=: read -r id sent recv lent borrowed <<<"$p"
	put "transport/peers/$id/frames_sent" "$sent"
	put "transport/peers/$id/frames_received" "$recv"
	put "transport/peers/$id/blocks_lent" "$lent"
	put "transport/peers/$id/blocks_borrowed" "$borrowed"
done
mkdir -p "$root/cluster"
printf 'self 2\nport 18515\nnode 1 10.0.0.1\nnode 2 10.0.0.2\nnode 3 10.0.0.3\n' >"$root/cluster/config"
put cluster/key_set 1
put cluster/state active
put cluster/role follower
put cluster/master 1
put cluster/epoch 7
put cluster/active 1,2,3
put cluster/leave 0
put cluster/policy adaptive
put cluster/ttm_percent 10
put cluster/grant_ahead_s 5
put cluster/node_limit_mb 256
put cluster/mem_limit_pages 0
put cluster/grants_ordered_pages 0
put cluster/returns_ordered_pages 0
put cluster/stale_orders_dropped 2
put cluster/inbox_dropped 0
put cluster/failover_ms 830
touch "$root/cluster/key"
for n in 1 2 3; do
	put "cluster/nodes/$n/state" active
	put "cluster/nodes/$n/tmem_pages" 0
	put "cluster/nodes/$n/used_pages" 0
	put "cluster/nodes/$n/borrowed_pages" 0
	put "cluster/nodes/$n/lent_pages" 0
	put "cluster/nodes/$n/puts_failed" 0
	put "cluster/nodes/$n/policy" adaptive
done
export GVTMEM_SYSFS=$root

# ---- status ----------------------------------------------------------------
if sh "$ctl" status >"$work/status" 2>"$work/status.err"; then
	ok status-runs
else
	nok status-runs "exit $?: $(head -n1 "$work/status.err")"
fi
# Each pattern must appear in the table (a line of it, as grep -E).
missing=
for re in '^gvtmem +0\.1\.0' 'node 2: active, follower; master 1; epoch 7; active nodes 1,2,3' \
	'durability writethrough' 'tier-1 policy +fair' 'tier-2 policy +adaptive; ttm 10%; grant ahead 5 s;' \
	'local 1024 pages \(700 used\)' 'borrowed 2048 pages in 1 remote zone' \
	'lent 3 blocks \(768 pages\) of a 64 MiB pool' 'bad_tag 3' \
	'puts went +local 1000, remote 3000 without waiting, 321 waiting \(async writes full 300, no memory 21\)' \
	'puts refused +off 0, share 10, mem-limit 0, full 4, no memory 1, write failed 2' \
	'gets +local 900, remote 3000; not found 4, read failed 1' 'dropped unused 38' \
	'^local +1024 +700 +324 +4$' '^node 2 +2048 +1100 +948 +4$' \
	'^ *3 +/a +12 +512 +100 +2 +90 +1 +7$' \
	'^ *2 +10\.0\.0\.2:18515 +up +901 +899 +3 +1$' '^ *3 +10\.0\.0\.3:18515 +connecting ' \
	'^ *2 \(this\) +active ' \
	'remote read +100 \(160 pages\), mean 450 us, p50 <= 512 us, p99 <= 2048 us' \
	'remote write_async +none' 'up to 32 in flight \(8 while loading\); posted in batches of up to 8; failed 3'; do
	grep -Eq -- "$re" "$work/status" || missing="$missing [$re]"
done
if [[ -z $missing ]]; then ok status-values; else nok status-values "missing:$missing"; fi
# Columns line up: in the client table every row is as long as its header.
if awk '/^CLIENT/ { on = 1; w = length($0) } on && NF == 0 { exit } on && length($0) != w { bad = 1 } END { exit bad }' \
	"$work/status"; then
	ok status-aligned
else
	nok status-aligned "client rows differ in width from the header"
fi
check status-default "no command is not the same as status" \
	cmp -s "$work/status" <(sh "$ctl" 2>/dev/null)

# ---- status --json -----------------------------------------------------------
sh "$ctl" status --json >"$work/status.json" 2>"$work/json.err"
json_ok=false
if [[ -s $work/status.json ]] &&
   "$python3" -m json.tool "$work/status.json" >/dev/null 2>"$work/json.tool.err"; then
	ok json-valid
	json_ok=true
else
	nok json-valid "$(tail -n1 "$work/json.tool.err")"
fi
# field PY-EXPRESSION EXPECTED-REPR: the expression over the parsed object
# j must have this Python repr (so 7 and "7" differ).
json_fields() {
	"$python3" - "$work/status.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
checks = [
    ("version", 'j["version"]', "'0.1.0'"),
    ("epoch-number", 'j["cluster"]["epoch"]', "7"),
    ("master-number", 'j["cluster"]["master"]', "1"),
    ("self", 'j["cluster"]["self"]', "2"),
    ("active-list", 'j["cluster"]["active"]', "[1, 2, 3]"),
    ("durability", 'j["backend"]["durability"]', "'writethrough'"),
    ("local-zone", '[z["pages"] for z in j["zones"] if z["zone"] == "local"]', "[1024]"),
    ("remote-zone", '[(z["peer"], z["used_pages"]) for z in j["zones"] if z["remote"]]', "[(2, 1100)]"),
    ("client-3", '[(c["name"], c["pages"], c["limit"], c["puts_succeeded"], c["gets_succeeded"]) for c in j["clients"] if c["id"] == 3]',
     "[('/a', 12, 512, 100, 90)]"),
    ("escaped-name", '[c["name"] for c in j["clients"] if c["id"] == 5]', repr(['/we"ird\\x'])),
    ("peer-2", '[(p["state"], p["address"], p["blocks_lent"]) for p in j["transport"]["peers"] if p["id"] == 2]',
     "[('up', '10.0.0.2:18515', 3)]"),
    ("drops", 'j["transport"]["drops"]["bad_tag"]', "3"),
    ("latency-read", 'j["transport"]["latency"]["read"]',
     "{'count': 100, 'pages': 160, 'sum_us': 45000, 'p50_us': 512, 'p99_us': 2048}"),
    ("latency-none", 'j["transport"]["latency"]["write"]["p50_us"]', "None"),
    ("stats", 'j["stats"]["puts_succeeded"]', "4321"),
    ("hooks-reason", 'j["hooks"]["frontswap_reason"]', "''"),
    ("hooks-swapdev", 'j["hooks"]["swapdev"]', "'registered'"),
    ("nodes", 'len(j["cluster"]["nodes"])', "3"),
    ("clients-in-order", '[(c["id"], c["name"]) for c in j["clients"]]', "[(3, '/a'), (5, '/we\"ird\\\\x'), (12, '/b c')]"),
]
for name, expr, want in checks:
    try:
        got = repr(eval(expr))
    except Exception as e:
        got = "error: %r" % e
    if got == want:
        print("ok gvtmemctl/json-" + name)
    else:
        print("not ok gvtmemctl/json-%s # %s is %s, want %s" % (name, expr, got, want))
EOF
}
if $json_ok; then
	json_fields
else
	nok json-fields "no valid JSON to check"
fi

# ---- prometheus --------------------------------------------------------------
sh "$ctl" prometheus >"$work/prom" 2>"$work/prom.err"
bad=$(grep -v '^#' "$work/prom" | grep -Ev '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+$' | head -n3)
if [[ -s $work/prom && -z $bad ]]; then
	ok prom-syntax
else
	nok prom-syntax "lines not in the exposition format: ${bad:-no output}"
fi
# Every family has one HELP and one TYPE line before its samples, which are
# contiguous; counters, and only they, end in _total.
why=$(awk '
	/^# HELP / { help[$3]++; next }
	/^# TYPE / { type[$3] = $4; next }
	/^#/ { next }
	{
		name = $0; sub(/[{ ].*/, "", name)
		# A histogram: name_bucket, name_sum and name_count of family name.
		fam = name; sub(/_(bucket|sum|count)$/, "", fam)
		if (!(name in help) && type[fam] == "histogram") name = fam
		if (!(name in help)) { print name " has no HELP"; exit }
		if (!(name in type)) { print name " has no TYPE"; exit }
		if (help[name] != 1) { print name " has " help[name] " HELP lines"; exit }
		if (name != last && (name in done)) { print name " samples are not contiguous"; exit }
		done[name] = 1; last = name
		if ((type[name] == "counter") != (name ~ /_total$/)) { print name " is a " type[name]; exit }
	}' "$work/prom")
if [[ -s $work/prom && -z $why ]]; then ok prom-families; else nok prom-families "${why:-no output}"; fi
missing=
while IFS= read -r want; do
	grep -qxF -- "$want" "$work/prom" || missing="$missing [$want]"
done <<'EOF'
gvtmem_zone_pages{zone="local"} 1024
gvtmem_zone_used_pages{zone="2"} 1100
gvtmem_zone_target_bytes{zone="local"} 4194304
gvtmem_client_pages{client="3",name="/a"} 12
gvtmem_client_puts_succeeded_total{client="3",name="/a"} 100
gvtmem_client_limit_pages{client="5",name="/we\"ird\\x"} 256
gvtmem_peer_up{peer="2"} 1
gvtmem_peer_up{peer="3"} 0
gvtmem_peer_state{peer="3",state="connecting"} 1
gvtmem_peer_blocks_lent{peer="2"} 3
gvtmem_stats_puts_succeeded_total 4321
gvtmem_stats_swap_pages 1500
gvtmem_stats_rereplication_last_seconds 1.25
gvtmem_transport_drops_total{reason="bad_tag"} 3
gvtmem_transport_lend_bytes 67108864
gvtmem_cluster_epoch 7
gvtmem_cluster_master_id 1
gvtmem_cluster_active_nodes 3
gvtmem_cluster_failover_seconds 0.83
gvtmem_cluster_node_limit_bytes 268435456
gvtmem_cluster_state{state="active"} 1
gvtmem_cluster_state{state="leaving"} 0
gvtmem_policy_tier1{policy="fair"} 1
gvtmem_policy_tier1_period_seconds 0.5
gvtmem_hook_state{hook="cleancache",state="unavailable"} 1
gvtmem_hook_state{hook="swapdev",state="registered"} 1
gvtmem_info{version="0.1.0"} 1
gvtmem_transport_messages_sent_total{type="heartbeat"} 40
gvtmem_transport_messages_sent_total{type="grant_any"} 2
gvtmem_stats_prefetch_hits_total 650
gvtmem_stats_prefetch_pages 12
gvtmem_backend_prefetch_pages 8
gvtmem_stats_async_writes_failed_total 3
gvtmem_stats_puts_remote_async_total 3000
gvtmem_stats_puts_refused_share_total 10
gvtmem_stats_gets_not_found_total 4
gvtmem_stats_prefetch_unused_total 38
gvtmem_backend_async_writes 32
gvtmem_backend_async_writes_loading 8
gvtmem_backend_async_write_batch 8
gvtmem_transport_latency_seconds_bucket{op="read",le="0.000128"} 0
gvtmem_transport_latency_seconds_bucket{op="read",le="0.000512"} 60
gvtmem_transport_latency_seconds_bucket{op="read",le="2.097152"} 100
gvtmem_transport_latency_seconds_bucket{op="read",le="+Inf"} 100
gvtmem_transport_latency_seconds_sum{op="read"} 0.045000
gvtmem_transport_latency_seconds_count{op="read"} 100
gvtmem_transport_latency_seconds_count{op="write_async"} 0
gvtmem_transport_latency_pages_total{op="read"} 160
EOF
if [[ -z $missing ]]; then ok prom-values; else nok prom-values "missing:$missing"; fi
check metrics-alias "metrics differs from prometheus" cmp -s "$work/prom" <(sh "$ctl" metrics 2>/dev/null)
mkdir -p "$work/textfile"
echo stale >"$work/textfile/gvtmem.prom"
if sh "$ctl" prometheus "$work/textfile/gvtmem.prom" 2>"$work/err" &&
   cmp -s "$work/prom" "$work/textfile/gvtmem.prom" &&
   left=("$work"/textfile/*) && [[ ${left[*]} == "$work/textfile/gvtmem.prom" ]]; then
	ok prom-file
else
	nok prom-file "FILE not replaced with the metrics, or a temporary left: ${left[*]##*/} $(cat "$work/err")"
fi

# ---- busybox: the shell and tools of the test VMs ----------------------------
# bb ARGS: run the tool with busybox's sh and nothing but busybox applets
# (awk, grep, sed, ...) in PATH, as in the VMs' initramfs.
mkdir -p "$work/bb"
if command -v busybox >/dev/null && busybox --install -s "$work/bb" 2>/dev/null &&
   [[ -x $work/bb/sh && -x $work/bb/awk ]]; then
	have_bb=true
else
	have_bb=false
fi
bb() { PATH=$work/bb "$work/bb/sh" "$ctl" "$@"; }
# shellcheck disable=SC2086 # $c is the command and its option
for c in status "status --json" prometheus; do
	if ! $have_bb; then
		nok "busybox-${c// /}" "no busybox (the host packages include busybox-static)"
	elif bb $c >"$work/bb.out" 2>"$work/bb.err" && sh "$ctl" $c 2>/dev/null | cmp -s - "$work/bb.out"; then
		ok "busybox-${c// /}"
	else
		nok "busybox-${c// /}" "busybox prints otherwise: $(diff <(sh "$ctl" $c 2>&1) "$work/bb.out" | head -n3 | tr '\n' ' ')"
	fi
done

# ---- watch --------------------------------------------------------------------
if timeout 10 sh "$ctl" watch 0.1 2 >"$work/watch" 2>&1 &&
   [[ $(grep -o $'\033\[H\033\[2J' "$work/watch" | wc -l) -eq 2 ]] &&
   [[ $(grep -c '^local ' "$work/watch") -eq 2 ]]; then
	ok watch
else
	nok watch "watch 0.1 2 did not draw status twice and stop"
fi
out=$(sh "$ctl" watch abc 2>&1)
rc=$?
if [[ $rc -eq 2 && $out == *SECONDS* ]]; then
	ok watch-rejects-bad-interval
else
	nok watch-rejects-bad-interval "exit $rc, want 2 and a message naming SECONDS: $out"
fi

# ---- writes -------------------------------------------------------------------
check policy-show "policy did not print fair" [ "$(sh "$ctl" policy 2>&1)" = fair ]
sh "$ctl" policy greedy
# Exactly the word: the kernel takes it with or without a newline, and
# quotes what it got in its log line, where a newline would split the line.
check policy-set "policy/tier1 holds '$(od -c "$root/policy/tier1" | head -n1)'" \
	cmp -s "$root/policy/tier1" <(printf greedy)
sh "$ctl" policy tier2 ttm
check policy-tier2-set "cluster/policy holds '$(cat "$root/cluster/policy")'" [ "$(cat "$root/cluster/policy")" = ttm ]
if $have_bb; then bb tier2 greedy-remote; else sh "$ctl" tier2 greedy-remote; fi
check tier2-set "cluster/policy holds '$(cat "$root/cluster/policy")'" \
	[ "$(cat "$root/cluster/policy")" = greedy-remote ]
check tier2-show "tier2 did not print the policy" [ "$(sh "$ctl" tier2 2>&1)" = greedy-remote ]
sh "$ctl" leave
check leave "cluster/leave holds '$(cat "$root/cluster/leave")'" [ "$(cat "$root/cluster/leave")" = 1 ]
sh "$ctl" join
check join "cluster/leave holds '$(cat "$root/cluster/leave")'" [ "$(cat "$root/cluster/leave")" = 0 ]
sh "$ctl" disable
check disable "backend/enabled holds '$(cat "$root/backend/enabled")'" [ "$(cat "$root/backend/enabled")" = 0 ]
sh "$ctl" enable
check enable "backend/enabled holds '$(cat "$root/backend/enabled")'" [ "$(cat "$root/backend/enabled")" = 1 ]
printf '# test cluster\nself 3\nnode 1 10.0.0.1\nnode 3 10.0.0.3\n' >"$work/cluster.conf"
sh "$ctl" config "$work/cluster.conf"
check config-load "cluster/config is not the file" cmp -s "$work/cluster.conf" "$root/cluster/config"
check config-show "config did not print the configuration" \
	cmp -s "$work/cluster.conf" <(sh "$ctl" config 2>/dev/null)
printf '0011 2233 4455 6677\n8899 aabb ccdd eeff\n' >"$work/key"
sh "$ctl" key "$work/key"
check key "cluster/key holds '$(cat "$root/cluster/key")'" \
	[ "$(cat "$root/cluster/key")" = 00112233445566778899aabbccddeeff ]

# A refused write: the target is a directory, so opening it fails (as root
# too, unlike a mode). smoke.sh greps for 'policy/tier1: refused'.
rm "$root/policy/tier1" && mkdir "$root/policy/tier1"
if sh "$ctl" policy fairest 2>"$work/err"; then
	nok refused-write "policy fairest succeeded on a directory"
elif grep -q '^gvtmemctl: policy/tier1: refused: Is a directory' "$work/err" &&
     grep -q "'fairest'" "$work/err" && grep -q dmesg "$work/err"; then
	ok refused-write
else
	nok refused-write "stderr: $(cat "$work/err")"
fi
# With the kernel's log line readable, the message quotes it: a stand-in
# dmesg shows the refusal from its second run on (the tool reads the log
# before and after the write), among lines about other files.
mkdir -p "$work/fakebin"
cat >"$work/fakebin/dmesg" <<EOF
#!/bin/sh
echo "[   11.000000] gvtmem: policy/tier1_period_ms: '5' refused: write 10 to 60000"
[ -e "$work/dmesg.ran" ] &&
	echo "[   12.345678] gvtmem: policy/tier1: 'fairest' refused: write greedy or fair"
touch "$work/dmesg.ran"
EOF
chmod +x "$work/fakebin/dmesg"
PATH=$work/fakebin:$PATH sh "$ctl" policy fairest 2>"$work/err"
if grep -qF "gvtmemctl: policy/tier1: refused: Is a directory (writing 'fairest'; kernel log: policy/tier1: 'fairest' refused: write greedy or fair)" "$work/err"; then
	ok refused-write-kernel-reason
else
	nok refused-write-kernel-reason "stderr: $(cat "$work/err")"
fi
if ! $have_bb; then
	nok busybox-refused-write "no busybox (the host packages include busybox-static)"
elif bb policy fairest 2>"$work/err"; then
	nok busybox-refused-write "policy fairest succeeded on a directory"
elif grep -q '^gvtmemctl: policy/tier1: refused: Is a directory' "$work/err"; then
	ok busybox-refused-write
else
	nok busybox-refused-write "stderr: $(cat "$work/err")"
fi
rm "$root/cluster/key" && mkdir "$root/cluster/key"
if sh "$ctl" key "$work/key" 2>"$work/err"; then
	nok refused-key "key written to a directory"
elif grep -q '^gvtmemctl: cluster/key: refused: ' "$work/err" && ! grep -qi 'aabb' "$work/err"; then
	ok refused-key
else
	nok refused-key "stderr (must name cluster/key, not show the key): $(cat "$work/err")"
fi
# status goes on when files are missing or unreadable, showing "-" / null.
if ! sh "$ctl" status >/dev/null 2>"$work/err"; then
	nok status-with-holes "status failed with policy/tier1 a directory: $(cat "$work/err")"
elif ! sh "$ctl" status --json | "$python3" -c '
import json, sys
sys.exit(json.load(sys.stdin)["policy"]["tier1"] is not None)'; then
	nok status-with-holes "status --json: policy/tier1 is not null with the file unreadable"
else
	ok status-with-holes
fi

# ---- swapdev ----------------------------------------------------------------
put backend/swapdev/gvtmem0/backing /dev/sdb2
put backend/swapdev/gvtmem0/synchronous 1
put backend/swapdev/gvtmem0/stored_slots 1234
put backend/swapdev/gvtmem0/backing_slots 56
: >"$root/backend/swapdev/create"
: >"$root/backend/swapdev/remove"
out=$(sh "$ctl" swapdev 2>&1)
if [[ $(echo "$out" | sed -n 2p) =~ ^gvtmem0\ +/dev/sdb2\ +1\ +1234\ +56\ +(no|yes)$ ]] &&
	[[ $(echo "$out" | head -n1) == device* ]]; then
	ok swapdev-list
else
	nok swapdev-list "got: $out"
fi
check swapdev-list-same "swapdev and swapdev list differ" [ "$out" = "$(sh "$ctl" swapdev list 2>&1)" ]
if sh "$ctl" swapdev add "$work/not-a-device" 2>"$work/err"; then
	nok swapdev-add-not-block "add succeeded on a missing file"
elif grep -q "not a block device" "$work/err" && [[ ! -s $root/backend/swapdev/create ]]; then
	ok swapdev-add-not-block
else
	nok swapdev-add-not-block "stderr: $(cat "$work/err"); create holds '$(cat "$root/backend/swapdev/create")'"
fi
if sh "$ctl" swapdev remove gvtmem9 2>"$work/err"; then
	nok swapdev-remove-unknown "remove of a missing device succeeded"
elif grep -q "gvtmem9: no such gvtmem device" "$work/err" && [[ ! -s $root/backend/swapdev/remove ]]; then
	ok swapdev-remove-unknown
else
	nok swapdev-remove-unknown "stderr: $(cat "$work/err")"
fi
sh "$ctl" swapdev remove sdb2 2>/dev/null
check swapdev-remove-bad-name "exit $? for a name that is no gvtmem device name, want 2" [ $? -eq 2 ]
sh "$ctl" swapdev add 2>/dev/null
check swapdev-add-usage "exit $? for add without a device, want 2" [ $? -eq 2 ]
sh "$ctl" swapdev frob 2>/dev/null
check swapdev-unknown "exit $? for an unknown swapdev command, want 2" [ $? -eq 2 ]
# Not swapped on here: remove writes the name to backend/swapdev/remove.
if sh "$ctl" swapdev remove gvtmem0 2>"$work/err" && [[ $(cat "$root/backend/swapdev/remove") == gvtmem0 ]]; then
	ok swapdev-remove-writes
else
	nok swapdev-remove-writes "stderr: $(cat "$work/err"); remove holds '$(cat "$root/backend/swapdev/remove")'"
fi

# ---- errors and help ----------------------------------------------------------
if GVTMEM_SYSFS=$work/nowhere sh "$ctl" status >/dev/null 2>"$work/err"; then
	nok missing-root "status succeeded without a sysfs directory"
elif grep -q "$work/nowhere: no such directory" "$work/err" && grep -q 'gvtmem module' "$work/err"; then
	ok missing-root
else
	nok missing-root "stderr: $(cat "$work/err")"
fi
out=$(env -u GVTMEM_SYSFS sh "$ctl" 2>&1 >/dev/null)
if [[ -d /sys/kernel/gvtmem || $out == *'module is not loaded'* ]]; then
	ok missing-module
else
	nok missing-module "no 'module is not loaded' without /sys/kernel/gvtmem"
fi
sh "$ctl" help >"$work/help" 2>&1
missing=
for c in status --json watch prometheus metrics config key policy tier2 leave join enable disable swapdev help GVTMEM_SYSFS; do
	grep -q -- "$c" "$work/help" || missing="$missing $c"
done
if [[ -z $missing ]]; then ok help; else nok help "help does not mention:$missing"; fi
check help-h "-h differs from help" cmp -s "$work/help" <(sh "$ctl" -h 2>&1)
sh "$ctl" frobnicate 2>/dev/null
check unknown-command "exit $? for an unknown command, want 2" [ $? -eq 2 ]

# The man page documents every command, the variable and the textfile use.
man=sysfs-tools/gvtmemctl.8
missing=
for w in status watch prometheus metrics config key policy tier2 leave join enable disable \
	'swapdev add' 'swapdev remove' GVTMEM_SYSFS 'EXIT STATUS' textfile; do
	grep -q -- "$w" "$man" 2>/dev/null || missing="$missing [$w]"
done
if [[ -z $missing ]]; then ok man-page; else nok man-page "$man lacks:$missing"; fi
if command -v man >/dev/null && [[ -s $man ]]; then
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
	if [[ -z $out ]]; then ok man-renders; else nok man-renders "$(echo "$out" | head -n1)"; fi
else
	nok man-renders "man not installed (the host packages include man-db)"
fi

if ! command -v shellcheck >/dev/null; then
	nok shellcheck "shellcheck not installed (the host packages include it)"
elif out=$(shellcheck -s sh -f gcc "$ctl" 2>&1); then
	ok shellcheck
else
	nok shellcheck "$(echo "$out" | head -n1)"
fi
