# SPDX-License-Identifier: GPL-2.0
# The operator's path on a stock kernel: gvtmem installed by `dkms
# install` into the kernel's module tree (tests/user/dkms.sh builds it for
# each stock Debian kernel and depmods it), loaded with plain modprobe,
# which finds it under updates/dkms and loads what it depends on. Then the
# node swaps into gvtmem the way the admin guide says for its kernel:
# straight to the partition where frontswap is registered (5.10), through
# `gvtmemctl swapdev add` where it is not (6.1, 6.12); usemem at twice its
# cgroup limit reads back every page and the pages went through gvtmem.
# Run by make check as: rig.sh --kernel stockNNN --modtree tests/out/dkms-stockNNN
# rig-nodes: 1
# rig-no-autoload: 1
# rig-timeout: 300

kver=$(uname -r)
ko=/lib/modules/$kver/updates/dkms/gvtmem.ko
rig_check dkms/installed-module-present test -e "$ko"
rig_check dkms/not-loaded-yet test ! -d /sys/module/gvtmem
rig_check dkms/modprobe modprobe gvtmem local_zone_mb=64
rig_check dkms/loaded test -d /sys/kernel/gvtmem
rig_expect dkms/parameter-applied 64 "$(cat /sys/module/gvtmem/parameters/local_zone_mb)"
rig_expect dkms/version-of-installed-module \
	"$(modinfo -F version "$ko")" "$(cat /sys/kernel/gvtmem/version)"
case $kver in
5.10.*)
	rig_expect dkms/frontswap-registered registered "$(cat /sys/kernel/gvtmem/hooks/frontswap)" ;;
*)
	rig_expect dkms/frontswap-unavailable unavailable "$(cat /sys/kernel/gvtmem/hooks/frontswap)"
	rig_expect dkms/swapdev-available available "$(cat /sys/kernel/gvtmem/hooks/swapdev)" ;;
esac
rig_check dkms/log sh -c 'dmesg | grep -q "gvtmem: loaded"'
# The operator's build leaves the test hooks out: no parameter, no files.
rig_check dkms/no-test-hooks sh -c \
	'test ! -e /sys/module/gvtmem/parameters/test_hooks && test ! -e /sys/kernel/debug/gvtmem'

# Swap into it: 64 MiB over a 32 MiB cgroup, all of it fits the local zone.
rig_swap_on
rig_check dkms/swap-active sh -c 'test "$(wc -l < /proc/swaps)" -ge 2'
p0=$(cat /sys/kernel/gvtmem/stats/puts_succeeded)
rig_cgroup use 32M
out=$(rig_in_cgroup use usemem -s 3 -p 2 64)
echo "$out"
puts=$(( $(cat /sys/kernel/gvtmem/stats/puts_succeeded) - p0 ))
echo "dkms-modprobe: kernel=$kver puts=$puts gets=$(cat /sys/kernel/gvtmem/stats/gets_succeeded)"
rig_usemem_ok dkms/usemem-no-mismatch "$out"
# At least 32 MiB went out of the cgroup and through gvtmem's store.
rig_check dkms/pages-stored test "$puts" -ge 8192
exit 0
