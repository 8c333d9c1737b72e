/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster's block: a donor lends and grants memory in these, tier 2
 * counts shares in them, and the local zone takes spare RAM in them.
 * 512 pages: 2 MiB with 4 KiB pages. No includes, so that user-space
 * builds of the protocol code (tests/fuzz, tests/bench/scale) take it.
 */
#ifndef GVTMEM_BLOCK_SIZE_H
#define GVTMEM_BLOCK_SIZE_H

#define GVTMEM_BLOCK_ORDER 9
#define GVTMEM_BLOCK_PAGES (1UL << GVTMEM_BLOCK_ORDER)

#endif /* GVTMEM_BLOCK_SIZE_H */
