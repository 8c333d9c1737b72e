/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Buddy allocator over the blocks of one zone.
 *
 * A zone is the memory this node may use at one owner node (itself, or a
 * peer that granted it blocks). Blocks are power-of-two runs of pages,
 * granted whole and returned whole; inside a block, pages are handed out
 * with the classic split/merge buddy rule. The allocator knows nothing of
 * what a block's base means (a local pfn or a remote address): it deals in
 * (block, page offset) pairs.
 *
 * Locking: none inside. The zone's owner serialises every call on a zone.
 */
#ifndef GVTMEM_BUDDY_H
#define GVTMEM_BUDDY_H

#include <linux/list.h>
#include <linux/types.h>

/* 2^20 pages = 4 GiB with 4 KiB pages: the largest block one grant moves. */
#define GVTMEM_BUDDY_MAX_ORDER 20

struct gvtmem_buddy_block {
	struct list_head node;		/* on gvtmem_buddy_zone.blocks */
	u64 base;			/* owner's address of page 0 */
	unsigned int order;		/* holds 1 << order pages */
	unsigned long nr_free;		/* free pages in this block */
	bool frozen;			/* being emptied: allocate nothing here */
	void *priv;			/* the zone's per-block data */
	/* free bitmap of level o holds 1 << (order - o) chunks */
	unsigned long *level[GVTMEM_BUDDY_MAX_ORDER + 1];
	unsigned long *bits;		/* one allocation backing all levels */
};

struct gvtmem_buddy_zone {
	struct list_head blocks;
	unsigned long nr_pages;		/* pages in all blocks */
	unsigned long nr_free;		/* free pages in all blocks */
	unsigned int nr_blocks;
};

/* A page handed out by the allocator. */
struct gvtmem_buddy_page {
	struct gvtmem_buddy_block *block;
	unsigned long offset;		/* page index inside the block */
};

void gvtmem_buddy_zone_init(struct gvtmem_buddy_zone *zone);
struct gvtmem_buddy_block *
gvtmem_buddy_zone_grow(struct gvtmem_buddy_zone *zone, u64 base,
		       unsigned int order, void *priv, gfp_t gfp);
struct gvtmem_buddy_block *gvtmem_buddy_find(struct gvtmem_buddy_zone *zone,
					     u64 base);
int gvtmem_buddy_zone_shrink(struct gvtmem_buddy_zone *zone, u64 base);
void gvtmem_buddy_zone_destroy(struct gvtmem_buddy_zone *zone);

int gvtmem_buddy_alloc(struct gvtmem_buddy_zone *zone, unsigned int order,
		       struct gvtmem_buddy_page *page);
int gvtmem_buddy_free(struct gvtmem_buddy_zone *zone,
		      const struct gvtmem_buddy_page *page, unsigned int order);
bool gvtmem_buddy_is_free(const struct gvtmem_buddy_block *block,
			  unsigned long offset);

#endif /* GVTMEM_BUDDY_H */
