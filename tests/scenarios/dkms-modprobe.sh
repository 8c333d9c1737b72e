# SPDX-License-Identifier: GPL-2.0
# The operator's path on a stock kernel: gvtmem installed by `dkms
# install` into the kernel's module tree (tests/user/dkms.sh builds it for
# the stock Debian 11 kernel and depmods it), loaded with plain modprobe,
# which finds it under updates/dkms and loads what it depends on.
# Run by make check as: rig.sh --kernel stock510 --modtree tests/out/dkms-stock510
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 240

kver=$(uname -r)
rig_check dkms/installed-module-present test -e "/lib/modules/$kver/updates/dkms/gvtmem.ko"
rig_check dkms/not-loaded-yet test ! -d /sys/module/gvtmem
rig_check dkms/modprobe modprobe gvtmem local_zone_mb=16
rig_check dkms/loaded test -d /sys/kernel/gvtmem
rig_expect dkms/parameter-applied 16 "$(cat /sys/module/gvtmem/parameters/local_zone_mb)"
rig_expect dkms/version-of-installed-module \
	"$(modinfo -F version "/lib/modules/$kver/updates/dkms/gvtmem.ko")" \
	"$(cat /sys/kernel/gvtmem/version)"
rig_expect dkms/frontswap-registered registered "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
rig_check dkms/log sh -c 'dmesg | grep -q "gvtmem: loaded"'
exit 0
