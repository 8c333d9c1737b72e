#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and install gvtmem with DKMS for the running kernel (or KVER=...).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
KVER=${KVER:-$(uname -r)}
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$GVTMEM_ROOT/dkms.conf")
need_pkgs dkms
[[ -d /lib/modules/$KVER/build ]] || need_pkgs "linux-headers-$KVER"
dest=/usr/src/gvtmem-$VER
say "copying sources to $dest"
rm -rf "$dest" && mkdir -p "$dest"
(cd "$GVTMEM_ROOT" && git ls-files 2>/dev/null || find . -type f -not -path './.git/*') |
	grep -Ev '^(tests|\.ci)/' | (cd "$GVTMEM_ROOT" && xargs cp --parents -t "$dest")
dkms remove -m gvtmem -v "$VER" --all >/dev/null 2>&1 || true
dkms add -m gvtmem -v "$VER"
dkms build -m gvtmem -v "$VER" -k "$KVER"
dkms install -m gvtmem -v "$VER" -k "$KVER"
say "installed; load with: modprobe gvtmem"
