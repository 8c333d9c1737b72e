# SPDX-License-Identifier: GPL-2.0
# Deliberately broken: node 2 crashes its kernel. The rig must fail the run
# and name node2; tests/rig/selftest.sh checks that it does.
# rig-timeout: 180

rig_result ok selftest/booted
if [ "$NODE" = 2 ]; then
	echo c > /proc/sysrq-trigger
fi
exit 0
