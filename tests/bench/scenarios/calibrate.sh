# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (not a test): in one guest, time calib's fixed CPU
# work and memory copying, and the three benchmark workloads at a size that
# needs no swap; tests/bench/run.sh runs the same on the host and divides
# (it generates the runnable scenario: this file after CALIB_WORKLOADS).
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 900

rig_check calib/ran sh -c "calib -r 5 > $RIG_OUT/calib.txt"
cat "$RIG_OUT/calib.txt"
# CALIB_WORKLOADS: one command a line, which run.sh writes above this
# file and also runs on the host.
echo "$CALIB_WORKLOADS" | while read -r w args; do
	[ -n "$w" ] && rig_check "calib/$w" sh -c "$w $args > $RIG_OUT/$w.out"
done
cat "$RIG_OUT"/*.out
