// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_index: put/replace/find, flush of one page, of an
 * object and of a pool, with every released entry accounted for; a pinned
 * object outlives its last page.
 */
#include "index.c"

#include <kunit/test.h>

struct gvtmem_index_test_ctx {
	unsigned int released;
};

static void gvtmem_index_test_release(struct gvtmem_entry *e, void *priv)
{
	struct gvtmem_index_test_ctx *ctx = priv;

	ctx->released++;
	kfree(e);
}

static struct gvtmem_entry *gvtmem_index_test_entry(struct kunit *test,
						    pgoff_t index)
{
	struct gvtmem_entry *e = kzalloc(sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
	e->index = index;
	return e;
}

static struct gvtmem_objkey gvtmem_index_test_key(u32 ino)
{
	struct gvtmem_objkey key = { .w = { ino } };

	return key;
}

static void gvtmem_index_test_put(struct kunit *test, struct gvtmem_pool *pool,
				  u32 ino, pgoff_t index)
{
	struct gvtmem_objkey key = gvtmem_index_test_key(ino);
	struct gvtmem_object *obj = gvtmem_obj_get(pool, &key, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	KUNIT_ASSERT_PTR_EQ(test, (struct gvtmem_entry *)NULL,
			    gvtmem_index_insert(obj, gvtmem_index_test_entry(test, index)));
}

static void gvtmem_index_test_find(struct kunit *test)
{
	struct gvtmem_index_test_ctx ctx = {};
	struct gvtmem_objkey key = gvtmem_index_test_key(7);
	struct gvtmem_pool pool;
	struct gvtmem_object *obj;
	pgoff_t i;

	gvtmem_pool_init(&pool, 0, false);
	for (i = 0; i < 100; i += 3)
		gvtmem_index_test_put(test, &pool, 7, i);
	obj = gvtmem_obj_find(&pool, &key);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, 34UL, obj->nr_pages);
	KUNIT_EXPECT_EQ(test, 34UL, pool.nr_pages);
	for (i = 0; i < 100; i++) {
		struct gvtmem_entry *e = gvtmem_index_find(obj, i);

		if (i % 3) {
			KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_entry *)NULL, e);
		} else {
			KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
			KUNIT_EXPECT_EQ(test, i, e->index);
			KUNIT_EXPECT_PTR_EQ(test, obj, e->obj);
		}
	}
	key = gvtmem_index_test_key(8);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL,
			    gvtmem_obj_find(&pool, &key));
	gvtmem_pool_flush(&pool, gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 34U, ctx.released);
}

/* A put over an existing index returns the old entry; counts don't grow. */
static void gvtmem_index_test_replace(struct kunit *test)
{
	struct gvtmem_index_test_ctx ctx = {};
	struct gvtmem_objkey key = gvtmem_index_test_key(1);
	struct gvtmem_entry *first, *second, *old;
	struct gvtmem_object *obj;
	struct gvtmem_pool pool;

	gvtmem_pool_init(&pool, 0, true);
	obj = gvtmem_obj_get(&pool, &key, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	first = gvtmem_index_test_entry(test, 5);
	second = gvtmem_index_test_entry(test, 5);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_entry *)NULL,
			    gvtmem_index_insert(obj, first));
	old = gvtmem_index_insert(obj, second);
	KUNIT_EXPECT_PTR_EQ(test, first, old);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL, old->obj);
	KUNIT_EXPECT_PTR_EQ(test, second, gvtmem_index_find(obj, 5));
	KUNIT_EXPECT_EQ(test, 1UL, obj->nr_pages);
	KUNIT_EXPECT_EQ(test, 1UL, pool.nr_pages);
	kfree(old);
	gvtmem_pool_flush(&pool, gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 1U, ctx.released);
}

/* Erasing the last page and putting the object frees it. */
static void gvtmem_index_test_flush_page(struct kunit *test)
{
	struct gvtmem_objkey key = gvtmem_index_test_key(3);
	struct gvtmem_pool pool;
	struct gvtmem_object *obj;
	struct gvtmem_entry *e;

	gvtmem_pool_init(&pool, 0, false);
	gvtmem_index_test_put(test, &pool, 3, 9);
	obj = gvtmem_obj_find(&pool, &key);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	e = gvtmem_index_find(obj, 9);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
	gvtmem_index_erase(e);
	kfree(e);
	KUNIT_EXPECT_EQ(test, 0UL, pool.nr_pages);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_entry *)NULL,
			    gvtmem_index_find(obj, 9));
	gvtmem_obj_put_if_empty(obj);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL,
			    gvtmem_obj_find(&pool, &key));
}

/* Flushing one object leaves the others whole. */
static void gvtmem_index_test_flush_object(struct kunit *test)
{
	struct gvtmem_index_test_ctx ctx = {};
	struct gvtmem_objkey a = gvtmem_index_test_key(10);
	struct gvtmem_objkey b = gvtmem_index_test_key(11);
	struct gvtmem_pool pool;
	pgoff_t i;

	gvtmem_pool_init(&pool, 0, false);
	for (i = 0; i < 20; i++) {
		gvtmem_index_test_put(test, &pool, 10, i);
		gvtmem_index_test_put(test, &pool, 11, i);
	}
	KUNIT_EXPECT_EQ(test, 40UL, pool.nr_pages);
	gvtmem_obj_flush(gvtmem_obj_find(&pool, &a), gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 20U, ctx.released);
	KUNIT_EXPECT_EQ(test, 20UL, pool.nr_pages);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL,
			    gvtmem_obj_find(&pool, &a));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gvtmem_obj_find(&pool, &b));
	KUNIT_EXPECT_EQ(test, 20UL, gvtmem_obj_find(&pool, &b)->nr_pages);
	gvtmem_pool_flush(&pool, gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 40U, ctx.released);
}

/* Flushing a pool releases every page of every object and empties it. */
static void gvtmem_index_test_flush_pool(struct kunit *test)
{
	struct gvtmem_index_test_ctx ctx = {};
	struct gvtmem_objkey key = gvtmem_index_test_key(0);
	struct gvtmem_pool pool;
	u32 ino;

	gvtmem_pool_init(&pool, 0, false);
	for (ino = 0; ino < 50; ino++)
		gvtmem_index_test_put(test, &pool, ino, ino * 2);
	gvtmem_pool_flush(&pool, gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 50U, ctx.released);
	KUNIT_EXPECT_EQ(test, 0UL, pool.nr_pages);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL,
			    gvtmem_obj_find(&pool, &key));
	/* The pool is usable again after a flush. */
	gvtmem_index_test_put(test, &pool, 0, 1);
	KUNIT_EXPECT_EQ(test, 1UL, pool.nr_pages);
	gvtmem_pool_flush(&pool, gvtmem_index_test_release, &ctx);
}

/*
 * A pinned object (a put writing with the lock dropped) outlives losing
 * its last page, by erase or by flush; unpinned, it goes.
 */
static void gvtmem_index_test_pinned(struct kunit *test)
{
	struct gvtmem_index_test_ctx ctx = {};
	struct gvtmem_objkey key = gvtmem_index_test_key(12);
	struct gvtmem_entry *e;
	struct gvtmem_object *obj;
	struct gvtmem_pool pool;

	gvtmem_pool_init(&pool, 0, true);
	gvtmem_index_test_put(test, &pool, 12, 3);
	obj = gvtmem_obj_find(&pool, &key);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, obj);
	obj->pins++;
	e = gvtmem_index_find(obj, 3);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
	gvtmem_index_erase(e);
	kfree(e);
	gvtmem_obj_put_if_empty(obj);
	KUNIT_EXPECT_PTR_EQ(test, obj, gvtmem_obj_find(&pool, &key));

	/* The put goes on: it can still insert into the object. */
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_entry *)NULL,
			    gvtmem_index_insert(obj, gvtmem_index_test_entry(test, 4)));
	gvtmem_obj_flush(obj, gvtmem_index_test_release, &ctx);
	KUNIT_EXPECT_EQ(test, 1U, ctx.released);
	KUNIT_EXPECT_PTR_EQ(test, obj, gvtmem_obj_find(&pool, &key));
	KUNIT_EXPECT_EQ(test, 0UL, obj->nr_pages);

	obj->pins--;
	gvtmem_obj_put_if_empty(obj);
	KUNIT_EXPECT_PTR_EQ(test, (struct gvtmem_object *)NULL,
			    gvtmem_obj_find(&pool, &key));
}

static struct kunit_case gvtmem_index_test_cases[] = {
	KUNIT_CASE(gvtmem_index_test_find),
	KUNIT_CASE(gvtmem_index_test_replace),
	KUNIT_CASE(gvtmem_index_test_flush_page),
	KUNIT_CASE(gvtmem_index_test_flush_object),
	KUNIT_CASE(gvtmem_index_test_flush_pool),
	KUNIT_CASE(gvtmem_index_test_pinned),
	{}
};

static struct kunit_suite gvtmem_index_test_suite = {
	.name = "gvtmem_index",
	.test_cases = gvtmem_index_test_cases,
};
kunit_test_suites(&gvtmem_index_test_suite);

MODULE_LICENSE("GPL");
