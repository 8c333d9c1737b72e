# SPDX-License-Identifier: GPL-2.0
# Tier 1: two clients (memory cgroups) compete for a small local zone.
# Under greedy the first comes, first served: a client that filled the
# zone and then sits on its swapped pages starves the next one, whose puts
# all fail while it runs (the parked run). Under fair each client's
# share of the tmem pages the two hold must average within 10% of one half
# while both run, and fairness by starving both would not do: the limits
# the policy sets must hand out the whole zone (on average at least 95% of
# it), each limit within 10% of one half. (How much of its limit a client
# holds at a given second depends on how fast its pages cycle through
# swap, not on the policy; the pages held are printed.)
# Page counts over time go to tier1-<policy>.csv in the node's results.
# rig-nodes: 1
# rig-mem: 1024
# rig-timeout: 1200

rig_swap_on || rig_result fail tier1/swapon "swapon /dev/vda failed"
echo 32 > /sys/kernel/gvtmem/zones/local/target_mb
cap=$(gv zones/local/pages)
rig_cgroup a 48M
rig_cgroup b 48M

# run POLICY HEADSTART: a starts, b follows after HEADSTART seconds;
# samples both clients' pages every second into tier1-POLICY.csv.
run() {
	local policy=$1 head=$2 csv=$RIG_OUT/tier1-$1.csv t=0 da db pa pb
	echo "$policy" > /sys/kernel/gvtmem/policy/tier1
	for d in /sys/kernel/gvtmem/clients/*; do
		echo "$policy start: $d $(cat "$d/name") pages=$(cat "$d/pages") limit=$(cat "$d/limit")"
	done
	rm -f /tmp/a.done /tmp/b.done
	(rig_in_cgroup a usemem -s 11 -d -p 20 96 > /tmp/a.out 2>&1; touch /tmp/a.done) &
	sleep "$head"
	(rig_in_cgroup b usemem -s 12 -d -p 20 96 > /tmp/b.out 2>&1; touch /tmp/b.done) &
	echo "seconds,client_a_pages,client_b_pages,both_running,client_a_limit,client_b_limit" > "$csv"
	while [ ! -e /tmp/a.done ] || [ ! -e /tmp/b.done ]; do
		da=$(rig_client_dir a)
		db=$(rig_client_dir b)
		pa=$(cat "$da/pages" 2>/dev/null || echo 0)
		pb=$(cat "$db/pages" 2>/dev/null || echo 0)
		both=1
		[ -e /tmp/a.done ] || [ -e /tmp/b.done ] && both=0
		echo "$t,$pa,$pb,$both,$(cat "$da/limit" 2>/dev/null),$(cat "$db/limit" 2>/dev/null)" >> "$csv"
		sleep 1
		t=$((t + 1))
		[ $t -gt 600 ] && break
	done
	wait
	rig_usemem_ok "tier1/$policy-client-a-no-mismatch" "$(cat /tmp/a.out)"
	rig_usemem_ok "tier1/$policy-client-b-no-mismatch" "$(cat /tmp/b.out)"
	echo "$policy: zone $cap pages; seconds,a,b,both:"
	cat "$csv"
}

# mean COLUMN CSV: mean of a column over samples where both ran, after 3 s.
mean() {
	awk -F, -v c="$1" 'NR > 1 && $4 == 1 && $1 >= 3 { s += $c; n++ }
		END { if (n) printf "%d %d\n", s / n, n; else print "0 0" }' "$2"
}

# parked POLICY: a fills the zone and parks (holds its swapped pages
# without touching them) while b runs its whole job; samples both
# clients' pages every second into tier1-POLICY-parked.csv.
parked() {
	local policy=$1 csv=$RIG_OUT/tier1-$1-parked.csv t=0 da db f0
	echo "$policy" > /sys/kernel/gvtmem/policy/tier1
	rm -f /tmp/a.go /tmp/b.done
	rig_in_cgroup a usemem -s 13 -w /tmp/a.go 96 > /tmp/a.out 2>&1 &
	rig_check "tier1/$policy-parked-a-waiting" rig_wait 300 grep -q 'waiting for' /tmp/a.out
	da=$(rig_client_dir a)
	db=$(rig_client_dir b)
	f0=$(cat "$db/puts_failed")
	(rig_in_cgroup b usemem -s 14 -d -p 3 96 > /tmp/b.out 2>&1; touch /tmp/b.done) &
	# Same columns as run()'s; both clients are there throughout.
	echo "seconds,client_a_pages,client_b_pages,both_running" > "$csv"
	while [ ! -e /tmp/b.done ] && [ $t -le 600 ]; do
		echo "$t,$(cat "$da/pages"),$(cat "$db/pages"),1" >> "$csv"
		sleep 1
		t=$((t + 1))
	done
	b_failed=$(( $(cat "$db/puts_failed") - f0 ))
	touch /tmp/a.go
	wait
	rig_usemem_ok "tier1/$policy-parked-client-a-no-mismatch" "$(cat /tmp/a.out)"
	rig_usemem_ok "tier1/$policy-parked-client-b-no-mismatch" "$(cat /tmp/b.out)"
	echo "$policy, a parked: zone $cap pages; b's puts refused: $b_failed; seconds,a,b:"
	cat "$csv"
}

run greedy 4
set -- $(mean 2 "$RIG_OUT/tier1-greedy.csv"); ga=$1
set -- $(mean 3 "$RIG_OUT/tier1-greedy.csv"); gb=$1
echo "greedy: mean pages while both ran: a=$ga b=$gb (equal share $((cap / 2)))"

# Both clients exist now, so their directories can be read from the start.
parked greedy
set -- $(mean 2 "$RIG_OUT/tier1-greedy-parked.csv"); pa=$1
set -- $(mean 3 "$RIG_OUT/tier1-greedy-parked.csv"); pb=$1
echo "greedy, a parked: mean pages while b ran: a=$pa b=$pb (zone $cap)"
rig_check tier1/greedy-parked-a-holds-zone test $((pa * 100 / cap)) -ge 90
rig_check tier1/greedy-parked-b-starved test $((pb * 100 / cap)) -le 10
rig_check tier1/greedy-parked-b-puts-refused test "$b_failed" -gt 1000

run fair 4
set -- $(mean 2 "$RIG_OUT/tier1-fair.csv"); fa=$1 n=$2
set -- $(mean 3 "$RIG_OUT/tier1-fair.csv"); fb=$1
echo "fair: mean pages while both ran ($n samples): a=$fa b=$fb (half the zone: $((cap / 2)))"
echo "greedy: client a held $((ga * 100 / (ga + gb + 1)))% of the pages in use; fair: $((fa * 100 / (fa + fb + 1)))%"
rig_check tier1/fair-enough-samples test "$n" -ge 5
# percent X Y: X as a percentage of X + Y
percent() { echo $(( $1 * 100 / ($1 + $2 + 1) )); }
in_band() { [ "$1" -ge 45 ] && [ "$1" -le 55 ]; }
rig_check tier1/fair-client-a-share in_band "$(percent "$fa" "$fb")"
rig_check tier1/fair-client-b-share in_band "$(percent "$fb" "$fa")"
set -- $(mean 5 "$RIG_OUT/tier1-fair.csv"); la=$1
set -- $(mean 6 "$RIG_OUT/tier1-fair.csv"); lb=$1
echo "fair: mean limits while both ran: a=$la b=$lb (zone $cap); pages held: $(( (fa + fb) * 100 / cap ))% of the zone (greedy: $(( (ga + gb) * 100 / cap ))%)"
rig_check tier1/fair-zone-handed-out test $(( (la + lb) * 100 / cap )) -ge 95
rig_check tier1/fair-client-a-limit in_band "$(percent "$la" "$lb")"
rig_check tier1/fair-client-b-limit in_band "$(percent "$lb" "$la")"
exit 0
