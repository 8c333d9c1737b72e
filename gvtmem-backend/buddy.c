// SPDX-License-Identifier: GPL-2.0
/*
 * Buddy allocator over a zone's blocks; see buddy.h for the model.
 *
 * Each block keeps one free bitmap per level: bit i of level o set means
 * the chunk of 1 << o pages starting at page i << o is free and not part of
 * a larger free chunk. Allocation takes the smallest free chunk that fits
 * and splits it, marking each right half free; freeing merges a chunk with
 * its buddy for as long as the buddy is free.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "buddy.h"

static unsigned long gvtmem_buddy_chunks(const struct gvtmem_buddy_block *b,
					 unsigned int level)
{
	return 1UL << (b->order - level);
}

void gvtmem_buddy_zone_init(struct gvtmem_buddy_zone *zone)
{
	INIT_LIST_HEAD(&zone->blocks);
	zone->nr_pages = 0;
	zone->nr_free = 0;
	zone->nr_blocks = 0;
}

struct gvtmem_buddy_block *gvtmem_buddy_find(struct gvtmem_buddy_zone *zone,
					     u64 base)
{
	struct gvtmem_buddy_block *b;

	list_for_each_entry(b, &zone->blocks, node)
		if (b->base == base)
			return b;
	return NULL;
}

/*
 * Add a block of 1 << order pages at base; the whole block starts free.
 * Returns the block, or ERR_PTR(-EINVAL/-EEXIST/-ENOMEM).
 */
struct gvtmem_buddy_block *
gvtmem_buddy_zone_grow(struct gvtmem_buddy_zone *zone, u64 base,
		       unsigned int order, void *priv, gfp_t gfp)
{
	struct gvtmem_buddy_block *b;
	unsigned long words = 0;
	unsigned int o;

	if (order > GVTMEM_BUDDY_MAX_ORDER)
		return ERR_PTR(-EINVAL);
	if (gvtmem_buddy_find(zone, base))
		return ERR_PTR(-EEXIST);

	b = kzalloc(sizeof(*b), gfp);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->order = order;
	for (o = 0; o <= order; o++)
		words += BITS_TO_LONGS(gvtmem_buddy_chunks(b, o));
	b->bits = kvcalloc(words, sizeof(unsigned long), gfp);
	if (!b->bits)
		goto err_block;

	words = 0;
	for (o = 0; o <= order; o++) {
		b->level[o] = b->bits + words;
		words += BITS_TO_LONGS(gvtmem_buddy_chunks(b, o));
	}
	set_bit(0, b->level[order]);
	b->base = base;
	b->priv = priv;
	b->nr_free = 1UL << order;

	list_add_tail(&b->node, &zone->blocks);
	zone->nr_blocks++;
	zone->nr_pages += 1UL << order;
	zone->nr_free += 1UL << order;
	return b;

err_block:
	kfree(b);
	return ERR_PTR(-ENOMEM);
}

static void gvtmem_buddy_block_free(struct gvtmem_buddy_zone *zone,
				    struct gvtmem_buddy_block *b)
{
	list_del(&b->node);
	zone->nr_blocks--;
	zone->nr_pages -= 1UL << b->order;
	zone->nr_free -= b->nr_free;
	kvfree(b->bits);
	kfree(b);
}

/*
 * Remove the block at base. Only a wholly free block can go: the caller
 * must first move or drop the pages it holds. Returns -EBUSY otherwise.
 */
int gvtmem_buddy_zone_shrink(struct gvtmem_buddy_zone *zone, u64 base)
{
	struct gvtmem_buddy_block *b;

	b = gvtmem_buddy_find(zone, base);
	if (!b)
		return -ENOENT;
	if (b->nr_free != 1UL << b->order)
		return -EBUSY;
	gvtmem_buddy_block_free(zone, b);
	return 0;
}

/* Drop every block, used or not; for teardown only. */
void gvtmem_buddy_zone_destroy(struct gvtmem_buddy_zone *zone)
{
	struct gvtmem_buddy_block *b, *tmp;

	list_for_each_entry_safe(b, tmp, &zone->blocks, node)
		gvtmem_buddy_block_free(zone, b);
}

static long gvtmem_buddy_block_alloc(struct gvtmem_buddy_block *b,
				     unsigned int order)
{
	unsigned long i, n;
	unsigned int o;

	for (o = order; o <= b->order; o++) {
		n = gvtmem_buddy_chunks(b, o);
		i = find_first_bit(b->level[o], n);
		if (i < n)
			break;
	}
	if (o > b->order)
		return -ENOSPC;

	clear_bit(i, b->level[o]);
	/* Split down to the requested order, freeing each right half. */
	while (o > order) {
		o--;
		i <<= 1;
		set_bit(i + 1, b->level[o]);
	}
	b->nr_free -= 1UL << order;
	return i << order;
}

/* Allocate 1 << order contiguous pages from the first block that has them. */
int gvtmem_buddy_alloc(struct gvtmem_buddy_zone *zone, unsigned int order,
		       struct gvtmem_buddy_page *page)
{
	struct gvtmem_buddy_block *b;
	long off;

	if (zone->nr_free < 1UL << order)
		return -ENOSPC;
	list_for_each_entry(b, &zone->blocks, node) {
		if (b->frozen || b->order < order || b->nr_free < 1UL << order)
			continue;
		off = gvtmem_buddy_block_alloc(b, order);
		if (off < 0)
			continue;
		zone->nr_free -= 1UL << order;
		page->block = b;
		page->offset = off;
		return 0;
	}
	return -ENOSPC;
}

/*
 * Return 1 << order pages. A misaligned or already free range is refused
 * (-EINVAL) and logged: it means a caller's bookkeeping is wrong, and
 * freeing it would hand one page to two users.
 */
int gvtmem_buddy_free(struct gvtmem_buddy_zone *zone,
		      const struct gvtmem_buddy_page *page, unsigned int order)
{
	struct gvtmem_buddy_block *b = page->block;
	unsigned long i = page->offset >> order;
	unsigned int o = order;

	if (order > b->order || page->offset & ((1UL << order) - 1) ||
	    page->offset >= 1UL << b->order ||
	    gvtmem_buddy_is_free(b, page->offset)) {
		pr_err("buddy: bad free of order %u at page %lu of block %llx\n",
		       order, page->offset, b->base);
		return -EINVAL;
	}
	while (o < b->order && test_bit(i ^ 1, b->level[o])) {
		clear_bit(i ^ 1, b->level[o]);
		i >>= 1;
		o++;
	}
	set_bit(i, b->level[o]);
	b->nr_free += 1UL << order;
	zone->nr_free += 1UL << order;
	return 0;
}

/* True if the page at offset lies in a free chunk of any level. */
bool gvtmem_buddy_is_free(const struct gvtmem_buddy_block *b,
			  unsigned long offset)
{
	unsigned int o;

	for (o = 0; o <= b->order; o++)
		if (test_bit(offset >> o, b->level[o]))
			return true;
	return false;
}
