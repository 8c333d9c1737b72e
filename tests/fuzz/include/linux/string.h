/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GVTMEM_FUZZ_STRING_H
#define GVTMEM_FUZZ_STRING_H
#include <string.h>

/* The kernel's: first byte in p[0..n) that is not c, or NULL. */
static inline void *memchr_inv(const void *p, int c, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != (unsigned char)c)
			return (void *)(s + i);
	return NULL;
}
#endif
