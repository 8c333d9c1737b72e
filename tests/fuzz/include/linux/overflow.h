/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GVTMEM_FUZZ_OVERFLOW_H
#define GVTMEM_FUZZ_OVERFLOW_H
#define struct_size(p, member, n) (sizeof(*(p)) + sizeof((p)->member[0]) * (size_t)(n))
#endif
