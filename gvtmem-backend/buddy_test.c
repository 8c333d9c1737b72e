// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_buddy: split, merge, grow, shrink and exhaustion of
 * the zone buddy allocator. Built into gvtmem_test.ko, which compiles the
 * unit under test into itself so the suite runs without gvtmem.ko.
 */
/* The unit under test first: it defines pr_fmt before any printk.h. */
#include "buddy.c"

#include <kunit/test.h>

static void gvtmem_buddy_test_setup(struct kunit *test,
				    struct gvtmem_buddy_zone *zone,
				    unsigned int order)
{
	gvtmem_buddy_zone_init(zone);
	KUNIT_ASSERT_FALSE(test, IS_ERR(gvtmem_buddy_zone_grow(zone, 0x1000, order,
							       NULL, GFP_KERNEL)));
}

/* One page from a fresh block splits it down; the rest stays free. */
static void gvtmem_buddy_test_split(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p;
	struct gvtmem_buddy_block *b;
	unsigned int o;

	gvtmem_buddy_test_setup(test, &zone, 4);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	b = p.block;
	KUNIT_EXPECT_EQ(test, 0UL, p.offset);
	KUNIT_EXPECT_EQ(test, 15UL, zone.nr_free);
	KUNIT_EXPECT_FALSE(test, gvtmem_buddy_is_free(b, 0));
	/* Right halves 1, 2-3, 4-7, 8-15 are free chunks of orders 0..3. */
	for (o = 0; o < 4; o++)
		KUNIT_EXPECT_TRUE(test, test_bit(1, b->level[o]));
	KUNIT_EXPECT_FALSE(test, test_bit(0, b->level[4]));
	gvtmem_buddy_zone_destroy(&zone);
}

/* Freeing every page in any order merges back to one whole block. */
static void gvtmem_buddy_test_merge(struct kunit *test)
{
	static const unsigned int order_of_free[] = { 5, 0, 7, 2, 3, 6, 1, 4 };
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p[8];
	unsigned int i;

	gvtmem_buddy_test_setup(test, &zone, 3);
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p[i]));
	KUNIT_EXPECT_EQ(test, 0UL, zone.nr_free);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, 0,
				gvtmem_buddy_free(&zone, &p[order_of_free[i]], 0));
	KUNIT_EXPECT_EQ(test, 8UL, zone.nr_free);
	KUNIT_EXPECT_TRUE(test, test_bit(0, p[0].block->level[3]));
	/* Whole again: an order-3 allocation fits. */
	KUNIT_EXPECT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 3, &p[0]));
	gvtmem_buddy_zone_destroy(&zone);
}

/* Pages handed out never overlap, and every page of the block is used. */
static void gvtmem_buddy_test_distinct(struct kunit *test)
{
	DECLARE_BITMAP(seen, 64);
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p;
	unsigned int i;

	bitmap_zero(seen, 64);
	gvtmem_buddy_test_setup(test, &zone, 6);
	for (i = 0; i < 64; i++) {
		KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
		KUNIT_ASSERT_LT(test, p.offset, 64UL);
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(p.offset, seen));
	}
	KUNIT_EXPECT_TRUE(test, bitmap_full(seen, 64));
	gvtmem_buddy_zone_destroy(&zone);
}

/* A full zone refuses; growing it by a block makes room again. */
static void gvtmem_buddy_test_exhaust_and_grow(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p;
	unsigned int i;

	gvtmem_buddy_test_setup(test, &zone, 2);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_EXPECT_EQ(test, -ENOSPC, gvtmem_buddy_alloc(&zone, 0, &p));

	KUNIT_ASSERT_FALSE(test, IS_ERR(gvtmem_buddy_zone_grow(&zone, 0x9000, 1,
							       NULL, GFP_KERNEL)));
	KUNIT_EXPECT_EQ(test, 2U, zone.nr_blocks);
	KUNIT_EXPECT_EQ(test, 6UL, zone.nr_pages);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_EXPECT_EQ(test, 0x9000ULL, p.block->base);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_EXPECT_EQ(test, -ENOSPC, gvtmem_buddy_alloc(&zone, 0, &p));
	/* The same block cannot be granted twice. */
	KUNIT_EXPECT_EQ(test, (long)-EEXIST,
			PTR_ERR(gvtmem_buddy_zone_grow(&zone, 0x9000, 1, NULL,
						       GFP_KERNEL)));
	gvtmem_buddy_zone_destroy(&zone);
}

/* Only a wholly free block can be returned; a used one is refused. */
static void gvtmem_buddy_test_shrink(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p;

	gvtmem_buddy_test_setup(test, &zone, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(gvtmem_buddy_zone_grow(&zone, 0x9000, 2,
							       NULL, GFP_KERNEL)));
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			gvtmem_buddy_zone_shrink(&zone, p.block->base));
	KUNIT_EXPECT_EQ(test, 8UL, zone.nr_pages);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_buddy_zone_shrink(&zone, 0x9000));
	KUNIT_EXPECT_EQ(test, 4UL, zone.nr_pages);
	KUNIT_EXPECT_EQ(test, 3UL, zone.nr_free);
	KUNIT_EXPECT_EQ(test, -ENOENT, gvtmem_buddy_zone_shrink(&zone, 0x9000));
	KUNIT_EXPECT_EQ(test, 0, gvtmem_buddy_free(&zone, &p, 0));
	KUNIT_EXPECT_EQ(test, 0, gvtmem_buddy_zone_shrink(&zone, 0x1000));
	KUNIT_EXPECT_EQ(test, 0UL, zone.nr_pages);
	KUNIT_EXPECT_EQ(test, 0U, zone.nr_blocks);
	gvtmem_buddy_zone_destroy(&zone);
}

/* Double and misaligned frees are refused and change nothing. */
static void gvtmem_buddy_test_bad_free(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p, q;

	gvtmem_buddy_test_setup(test, &zone, 3);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 1, &p));
	KUNIT_EXPECT_EQ(test, 6UL, zone.nr_free);
	q = p;
	q.offset = p.offset + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_buddy_free(&zone, &q, 1));
	KUNIT_EXPECT_EQ(test, 0, gvtmem_buddy_free(&zone, &p, 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_buddy_free(&zone, &p, 1));
	KUNIT_EXPECT_EQ(test, 8UL, zone.nr_free);
	q.offset = 8;
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_buddy_free(&zone, &q, 0));
	KUNIT_EXPECT_EQ(test, (long)-EINVAL,
			PTR_ERR(gvtmem_buddy_zone_grow(&zone, 0x5000,
						       GVTMEM_BUDDY_MAX_ORDER + 1,
						       NULL, GFP_KERNEL)));
	gvtmem_buddy_zone_destroy(&zone);
}

/* Larger orders come from the same block without overlapping order-0 use. */
static void gvtmem_buddy_test_mixed_orders(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page small, big, none;

	gvtmem_buddy_test_setup(test, &zone, 3);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &small));
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 2, &big));
	KUNIT_EXPECT_EQ(test, 4UL, big.offset);
	KUNIT_EXPECT_EQ(test, -ENOSPC, gvtmem_buddy_alloc(&zone, 2, &none));
	KUNIT_EXPECT_EQ(test, 3UL, zone.nr_free);
	gvtmem_buddy_zone_destroy(&zone);
}

/* A frozen block hands out nothing; other blocks still serve. */
static void gvtmem_buddy_test_frozen(struct kunit *test)
{
	struct gvtmem_buddy_zone zone;
	struct gvtmem_buddy_page p;
	struct gvtmem_buddy_block *b;

	gvtmem_buddy_test_setup(test, &zone, 1);
	b = gvtmem_buddy_find(&zone, 0x1000);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	b->frozen = true;
	KUNIT_EXPECT_EQ(test, -ENOSPC, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_ASSERT_FALSE(test, IS_ERR(gvtmem_buddy_zone_grow(&zone, 0x9000, 0,
							       NULL, GFP_KERNEL)));
	KUNIT_ASSERT_EQ(test, 0, gvtmem_buddy_alloc(&zone, 0, &p));
	KUNIT_EXPECT_EQ(test, 0x9000ULL, p.block->base);
	gvtmem_buddy_zone_destroy(&zone);
}

static struct kunit_case gvtmem_buddy_test_cases[] = {
	KUNIT_CASE(gvtmem_buddy_test_frozen),
	KUNIT_CASE(gvtmem_buddy_test_split),
	KUNIT_CASE(gvtmem_buddy_test_merge),
	KUNIT_CASE(gvtmem_buddy_test_distinct),
	KUNIT_CASE(gvtmem_buddy_test_exhaust_and_grow),
	KUNIT_CASE(gvtmem_buddy_test_shrink),
	KUNIT_CASE(gvtmem_buddy_test_bad_free),
	KUNIT_CASE(gvtmem_buddy_test_mixed_orders),
	{}
};

static struct kunit_suite gvtmem_buddy_test_suite = {
	.name = "gvtmem_buddy",
	.test_cases = gvtmem_buddy_test_cases,
};
kunit_test_suites(&gvtmem_buddy_test_suite);

MODULE_LICENSE("GPL");
