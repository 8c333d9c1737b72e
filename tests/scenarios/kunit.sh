# SPDX-License-Identifier: GPL-2.0
# KUnit: load every gvtmem_*_test.ko, parse the KTAP they print, and record
# each test case as a result of its own (kunit/<suite>/<case>).
# rig-nodes: 1
# rig-timeout: 240

found=0
for ko in /lib/rig/gvtmem_*_test.ko; do
	[ -e "$ko" ] || continue
	found=1
	insmod "$ko" || rig_result fail "kunit/load-$(basename "$ko" .ko)" "insmod failed"
done
[ $found = 1 ] || rig_result fail kunit/modules "no gvtmem_*_test.ko built (kernel without CONFIG_KUNIT?)"

# 5.10 KTAP: "    # Subtest: SUITE", "    1..N", "    ok I - CASE", "ok J - SUITE".
dmesg | sed 's/^\[[ 0-9.]*\] //' | awk -v out="$RIG_OUT/results" '
	/^    # Subtest: / { suite = $3; plan[suite] = 0; seen[suite] = 0; next }
	/^    1\.\.[0-9]+$/ { n = $1; sub(/^1\.\./, "", n); plan[suite] = n + 0; next }
	/^    (not )?ok [0-9]+ - / {
		name = $0; sub(/^ *(not )?ok [0-9]+ - /, "", name); sub(/ .*/, "", name)
		verdict = ($1 == "not") ? "not ok" : "ok"
		print verdict " kunit/" suite "/" name >> out
		seen[suite]++
		next
	}
	END {
		for (s in plan)
			if (seen[s] != plan[s])
				print "not ok kunit/" s "/plan # " seen[s] " of " plan[s] " cases reported" >> out
	}'
dmesg | grep -E '^\[[ 0-9.]*\]     (# |not ok|ok)' | head -n 200
exit 0
