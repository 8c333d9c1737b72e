# SPDX-License-Identifier: GPL-2.0
# gvtmem: out-of-tree build and the project's entry points.
#
#   make [KDIR=/path/to/kernel/tree]   build gvtmem.ko (W=1 by default)
#   make GVTMEM_TEST_HOOKS=1           the same with the test hooks (as the rig)
#   make check                         every test layer; ends "N passed, N failed"
#   make check-debug                   the same, rig layers on the KASAN+lockdep kernel
#   make demo                          a 3-node soft-RoCE cluster in VMs
#   make bench                         the paper's scenarios vs the alternatives (hours)
#   make bench-quick                   the same, every configuration once, small
#   make bench-rdma                    4 KiB remote store/load vs perftest and memcpy
#   make kernels                       fetch/build the test kernels into the cache
#   make dkms-install                  build and install for the running kernel

KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1
PWD := $(shell pwd)
GVTMEM_CC ?= gcc
GVTMEM_TEST_HOOKS ?= 0

modules:
	$(MAKE) -C $(KDIR) M=$(PWD) W=$(W) CC=$(GVTMEM_CC) \
		GVTMEM_TEST_HOOKS=$(GVTMEM_TEST_HOOKS) modules

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || \
		find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
	rm -rf tests/out

check:
	tests/run-all.sh

check-debug:
	RIG_KERNEL=debug tests/run-all.sh

demo:
	tests/rig/demo.sh

# A longer fuzzing campaign: make fuzz FUZZ_SECONDS=3600
fuzz:
	tests/fuzz/run.sh $(or $(FUZZ_SECONDS),600)

bench:
	tests/bench/run.sh

bench-quick:
	tests/bench/run.sh --quick

bench-rdma:
	tests/bench/rdma-latency.sh

kernels:
	scripts/kernels.sh ensure test
	scripts/kernels.sh ensure stock510
	scripts/kernels.sh ensure stock61
	scripts/kernels.sh ensure stock612

kernel-debug:
	scripts/kernels.sh ensure debug

dkms-install:
	scripts/dkms-install.sh

.PHONY: modules clean check check-debug demo fuzz bench bench-quick bench-rdma kernels kernel-debug dkms-install
