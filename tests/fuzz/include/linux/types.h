/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-ins for the kernel headers gvtmem's pure code uses. */
#ifndef GVTMEM_FUZZ_TYPES_H
#define GVTMEM_FUZZ_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
typedef uint32_t __be32;
#define __packed __attribute__((__packed__))
#endif
