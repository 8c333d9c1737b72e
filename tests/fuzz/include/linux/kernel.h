/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GVTMEM_FUZZ_KERNEL_H
#define GVTMEM_FUZZ_KERNEL_H
#include <linux/types.h>
#include <asm/byteorder.h>
#include <limits.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max3(a, b, c) max(max(a, b), c)
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y) ((x) - ((x) % (y)))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define U32_MAX UINT32_MAX
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)((n) >> 32))
#endif
