#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DKMS pre-build check: refuse kernels gvtmem cannot work on, and say why.
#   dkms-check-kernel.sh KERNEL_SOURCE_DIR
kdir=$1
config=$kdir/.config
[ -r "$config" ] || { echo "gvtmem: no kernel config at $config; install the kernel's headers package" >&2; exit 1; }
has() { grep -q "^$1=[ym]" "$config"; }
bad=0
for opt in CONFIG_MODULES CONFIG_SYSFS CONFIG_INFINIBAND CONFIG_INFINIBAND_ADDR_TRANS; do
	if ! has "$opt"; then
		echo "gvtmem: this kernel lacks $opt, which gvtmem needs (RDMA verbs and the RDMA connection manager)" >&2
		bad=1
	fi
done
[ $bad = 0 ] || { echo "gvtmem: refusing to build for $kdir" >&2; exit 1; }
fs=no; cc=no
has CONFIG_FRONTSWAP && grep -qw frontswap_register_ops "$kdir/Module.symvers" 2>/dev/null && fs=yes
has CONFIG_CLEANCACHE && grep -qw cleancache_register_ops "$kdir/Module.symvers" 2>/dev/null && cc=yes
echo "gvtmem: frontswap usable: $fs; cleancache usable: $cc" >&2
if [ $fs = no ] && [ $cc = no ]; then
	echo "gvtmem: WARNING: this kernel offers neither frontswap nor cleancache to modules;" >&2
	echo "gvtmem: the node stores its own swap pages through the swap block device" >&2
	echo "gvtmem: (gvtmemctl swapdev add /dev/PARTITION) and lends memory to peers." >&2
fi
exit 0
