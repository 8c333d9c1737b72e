// SPDX-License-Identifier: GPL-2.0
/*
 * Cleancache backend: clean page-cache pages. One ephemeral pool per
 * filesystem, one object per inode (the 24-byte file key), the file page
 * index as the page index. Puts and invalidations arrive with the page
 * cache's i_pages lock held and interrupts off: nothing here sleeps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../kernel/compat.h"
#include "backend.h"

#if GVTMEM_CLEANCACHE
#include <linux/cleancache.h>
#include <linux/slab.h>

/* Published under gvtmem_store_lock. */
static struct gvtmem_pool *gvtmem_clean_pools[GVTMEM_MAX_CLEAN_POOLS];

static struct gvtmem_pool *gvtmem_clean_pool(int id)
{
	struct gvtmem_pool *pool;
	unsigned long flags;

	if (id < 0 || id >= GVTMEM_MAX_CLEAN_POOLS)
		return NULL;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	pool = gvtmem_clean_pools[id];
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return pool;
}

static void gvtmem_cleancache_key(struct cleancache_filekey *fk,
				  struct gvtmem_objkey *key)
{
	BUILD_BUG_ON(sizeof(*fk) > sizeof(*key));
	memset(key, 0, sizeof(*key));
	memcpy(key, fk, sizeof(*fk));
}

/* A filesystem mounted: give it a pool id, or <0 to leave it uncached. */
static int gvtmem_cleancache_init_fs(size_t pagesize)
{
	struct gvtmem_pool *pool;
	int id;

	if (pagesize != PAGE_SIZE)
		return -EINVAL;
	pool = gvtmem_store_pool_create(false, 0);
	if (!pool)
		return -ENOMEM;
	spin_lock_irq(&gvtmem_store_lock);
	for (id = 0; id < GVTMEM_MAX_CLEAN_POOLS; id++) {
		if (!gvtmem_clean_pools[id]) {
			pool->id = id;
			gvtmem_clean_pools[id] = pool;
			break;
		}
	}
	spin_unlock_irq(&gvtmem_store_lock);
	if (id == GVTMEM_MAX_CLEAN_POOLS) {
		pr_warn("cleancache: all %d pools in use; filesystem not cached\n",
			GVTMEM_MAX_CLEAN_POOLS);
		kfree(pool);
		return -ENOSPC;
	}
	return id;
}

/* Shared (clustered) filesystems are cached per node, like any other. */
static int gvtmem_cleancache_init_shared_fs(uuid_t *uuid, size_t pagesize)
{
	return gvtmem_cleancache_init_fs(pagesize);
}

static int gvtmem_cleancache_get_page(int id, struct cleancache_filekey fk,
				      pgoff_t index, struct page *page)
{
	struct gvtmem_pool *pool = gvtmem_clean_pool(id);
	struct gvtmem_objkey key;

	if (!pool)
		return -ENOENT;
	gvtmem_cleancache_key(&fk, &key);
	return gvtmem_store_get(pool, &key, index, page);
}

static void gvtmem_cleancache_put_page(int id, struct cleancache_filekey fk,
				       pgoff_t index, struct page *page)
{
	struct gvtmem_pool *pool = gvtmem_clean_pool(id);
	struct gvtmem_objkey key;

	if (!pool)
		return;
	gvtmem_cleancache_key(&fk, &key);
	gvtmem_store_put(pool, &key, index, page);
}

static void gvtmem_cleancache_invalidate_page(int id,
					      struct cleancache_filekey fk,
					      pgoff_t index)
{
	struct gvtmem_pool *pool = gvtmem_clean_pool(id);
	struct gvtmem_objkey key;

	if (!pool)
		return;
	gvtmem_cleancache_key(&fk, &key);
	gvtmem_store_flush_page(pool, &key, index);
}

static void gvtmem_cleancache_invalidate_inode(int id,
					       struct cleancache_filekey fk)
{
	struct gvtmem_pool *pool = gvtmem_clean_pool(id);
	struct gvtmem_objkey key;

	if (!pool)
		return;
	gvtmem_cleancache_key(&fk, &key);
	gvtmem_store_flush_object(pool, &key);
}

/* Unmount: the pool and all its pages go. */
static void gvtmem_cleancache_invalidate_fs(int id)
{
	struct gvtmem_pool *pool;
	unsigned long flags;

	if (id < 0 || id >= GVTMEM_MAX_CLEAN_POOLS)
		return;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	pool = gvtmem_clean_pools[id];
	gvtmem_clean_pools[id] = NULL;
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	gvtmem_store_pool_destroy(pool);
}

static const struct cleancache_ops gvtmem_cleancache_ops = {
	.init_fs = gvtmem_cleancache_init_fs,
	.init_shared_fs = gvtmem_cleancache_init_shared_fs,
	.get_page = gvtmem_cleancache_get_page,
	.put_page = gvtmem_cleancache_put_page,
	.invalidate_page = gvtmem_cleancache_invalidate_page,
	.invalidate_inode = gvtmem_cleancache_invalidate_inode,
	.invalidate_fs = gvtmem_cleancache_invalidate_fs,
};

int gvtmem_cleancache_register(void)
{
	return cleancache_register_ops(&gvtmem_cleancache_ops);
}

/* Drop every clean page; pools stay, so filesystems keep working. */
void gvtmem_cleancache_flush_all(void)
{
	int id;

	for (id = 0; id < GVTMEM_MAX_CLEAN_POOLS; id++) {
		spin_lock_irq(&gvtmem_store_lock);
		if (gvtmem_clean_pools[id]) {
			gvtmem_counters.node.flushes_ok += gvtmem_clean_pools[id]->nr_pages;
			gvtmem_pool_flush(gvtmem_clean_pools[id],
					  gvtmem_store_release, NULL);
		}
		spin_unlock_irq(&gvtmem_store_lock);
	}
}

#else /* !GVTMEM_CLEANCACHE */

int gvtmem_cleancache_register(void)
{
	return -EOPNOTSUPP;
}

void gvtmem_cleancache_flush_all(void)
{
}

#endif
