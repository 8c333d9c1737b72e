/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/fuzz/include's stand-in, plus what kernel code used since it was
 * written and it does not have yet. Searched first (-I order), so every
 * #include <linux/kernel.h> of the simulator comes here.
 */
#ifndef GVTMEM_SCALE_KERNEL_H
#define GVTMEM_SCALE_KERNEL_H
#include_next <linux/kernel.h>

#ifndef min3
#define min3(a, b, c) min(min(a, b), c)
#endif
#ifndef max_t
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#endif
#endif
