/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GVTMEM_FUZZ_BITMAP_H
#define GVTMEM_FUZZ_BITMAP_H
#include <linux/types.h>
#include <string.h>

#define BITS_PER_LONG 64
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline void set_bit(unsigned int nr, unsigned long *m)
{
	m[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void bitmap_zero(unsigned long *m, unsigned int bits)
{
	memset(m, 0, BITS_TO_LONGS(bits) * sizeof(long));
}

static inline unsigned int bitmap_weight(const unsigned long *m,
					 unsigned int bits)
{
	unsigned int i, w = 0;

	for (i = 0; i < BITS_TO_LONGS(bits); i++)
		w += __builtin_popcountl(m[i]);
	return w;
}
#endif
