# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (not a test): in one guest, time calib's fixed CPU
# work and memory copying, and the three benchmark workloads at a size that
# needs no swap; tests/bench/run.sh runs the same on the host and divides.
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 900

rig_check calib/ran sh -c "calib -r 5 > $RIG_OUT/calib.txt"
cat "$RIG_OUT/calib.txt"
# The same commands as tests/bench/run.sh's calib_workloads, on the host.
rig_check calib/kmeans sh -c "kmeans -m 32 -i 3 -S 0 > $RIG_OUT/kmeans.out"
rig_check calib/pagerank sh -c "pagerank -m 32 -i 4 > $RIG_OUT/pagerank.out"
rig_check calib/usemem-grow sh -c "usemem-grow -i 32 -t 32 -m 64 -r 2 > $RIG_OUT/usemem-grow.out"
cat "$RIG_OUT"/*.out
