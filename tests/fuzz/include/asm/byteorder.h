/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GVTMEM_FUZZ_BYTEORDER_H
#define GVTMEM_FUZZ_BYTEORDER_H
/* x86 and every target the harness runs on: little-endian. */
#define le16_to_cpu(x) ((uint16_t)(x))
#define le32_to_cpu(x) ((uint32_t)(x))
#define le64_to_cpu(x) ((uint64_t)(x))
#define cpu_to_le16(x) ((uint16_t)(x))
#define cpu_to_le32(x) ((uint32_t)(x))
#define cpu_to_le64(x) ((uint64_t)(x))
#endif
