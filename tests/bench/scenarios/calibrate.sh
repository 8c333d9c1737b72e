# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario (not a test): time calib's fixed CPU work and memory
# copying in a guest; tests/bench/run.sh divides by the host's figures to
# get the guest's slowdown under emulation.
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 600

rig_check calib/ran sh -c "calib -r 5 > $RIG_OUT/calib.txt"
cat "$RIG_OUT/calib.txt"
