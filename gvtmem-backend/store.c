// SPDX-License-Identifier: GPL-2.0
/*
 * The page store: put, get and flush of pages by (pool, object, index),
 * on behalf of the frontswap and cleancache hooks.
 *
 * A put takes a free page in the closest zone (zone.c), charges it to the
 * page's client if the client is under its tier-1 limit, and copies the
 * contents in. Clean (ephemeral) pages may be evicted, oldest first, to
 * make room; swap (persistent) pages never are, but one: with shared gets
 * (module parameter shared_gets), a loaded swap page stays in tmem and the
 * kernel's copy stays clean, so a page only read is never written again;
 * such a kept page that the swap device also holds (writethrough, or a
 * disk copy written in writebehind mode) is the first to go when a put
 * needs room: losing it costs a disk read at most.
 * A put that cannot be stored fails, which is always safe: the kernel
 * then writes the swap device or drops the clean page. A failed put over
 * an existing key drops the old copy, so a later get can never return
 * stale data.
 *
 * Store path rules: entries come from a slab with GFP_NOWAIT (no direct
 * reclaim), every step is bounded, and nothing sleeps under the lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "backend.h"

DEFINE_SPINLOCK(gvtmem_store_lock);

/* Fixed at load; frontswap's exclusive-gets flag is set from it. */
bool gvtmem_shared_gets;
module_param_cb(shared_gets, &gvtmem_param_ops_bool, &gvtmem_shared_gets, 0444);
MODULE_PARM_DESC(shared_gets,
		 "A swap page loaded stays in tmem and the kernel's copy clean, so pages only read are not written again (default 0)");

/* Entries looked at, at most, for one kept page to evict. */
#define GVTMEM_KEPT_SCAN 64

/* All below: under gvtmem_store_lock. */
bool gvtmem_accepting = true;
static LIST_HEAD(gvtmem_clean_lru);	/* clean entries, oldest first */
static LIST_HEAD(gvtmem_kept_lru);	/* evictable kept swap entries, oldest first */
static unsigned long gvtmem_swap_pages, gvtmem_clean_pages;

static struct kmem_cache *gvtmem_entry_cache;
/* Mem-Limit from the master: at most this many pages held; 0: none. */
static unsigned long gvtmem_mem_limit;

#define GVTMEM_STORE_GFP (GFP_NOWAIT | __GFP_NOWARN)

struct gvtmem_entry *gvtmem_entry_alloc(gfp_t gfp)
{
	struct gvtmem_entry *e = kmem_cache_zalloc(gvtmem_entry_cache, gfp);

	if (e) {
		INIT_LIST_HEAD(&e->lru);
		INIT_LIST_HEAD(&e->kept);
		INIT_LIST_HEAD(&e->rerep);
	}
	return e;
}

void gvtmem_entry_free(struct gvtmem_entry *e)
{
	kmem_cache_free(gvtmem_entry_cache, e);
}

/*
 * Free an entry that is no longer in the index: page, charge, memory. An
 * entry a load is reading over RDMA is only marked; that load frees it.
 */
void gvtmem_store_release(struct gvtmem_entry *e, void *priv)
{
	lockdep_assert_held(&gvtmem_store_lock);
	gvtmem_prefetch_forget(e);
	gvtmem_replica_release(e);
	gvtmem_zone_free_page(e);
	e->zone = NULL;
	e->client->pages--;
	if (gvtmem_entry_is_clean(e)) {
		list_del(&e->lru);
		gvtmem_clean_pages--;
	} else {
		gvtmem_swap_pages--;
	}
	if (!list_empty(&e->kept)) {
		list_del_init(&e->kept);
		gvtmem_counters.kept_pages--;
	}
	if (e->busy) {
		e->dropped = true;
		return;
	}
	gvtmem_entry_free(e);
}

/* Take e out of the index and free it. */
void gvtmem_store_drop(struct gvtmem_entry *e)
{
	struct gvtmem_object *obj = e->obj;

	gvtmem_index_erase(e);
	gvtmem_store_release(e, NULL);
	gvtmem_obj_put_if_empty(obj);
}

/* Drop one clean page (a zone emptying a block). */
void gvtmem_store_evict_entry(struct gvtmem_entry *e)
{
	lockdep_assert_held(&gvtmem_store_lock);
	gvtmem_store_drop(e);
	gvtmem_counters.evictions++;
}

/*
 * Drop the oldest clean page outside object keep (whose pointer the caller
 * still holds, so it must not be emptied and freed). False if none.
 */
bool gvtmem_store_evict_clean(struct gvtmem_object *keep)
{
	struct gvtmem_entry *e;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(e, &gvtmem_clean_lru, lru) {
		if (e->obj == keep)
			continue;
		gvtmem_store_drop(e);
		gvtmem_counters.evictions++;
		return true;
	}
	return false;
}

/*
 * Drop the oldest evictable kept swap page of client (of anyone's if
 * client is NULL), not the one at (obj, index) being put again; obj
 * (whose pointer the caller holds) is pinned meanwhile. False if none
 * within GVTMEM_KEPT_SCAN entries.
 */
static bool gvtmem_store_evict_kept(struct gvtmem_client *client,
				    struct gvtmem_object *obj, pgoff_t index)
{
	unsigned int scanned = 0;
	struct gvtmem_entry *e;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(e, &gvtmem_kept_lru, kept) {
		if (++scanned > GVTMEM_KEPT_SCAN)
			break;
		if ((client && e->client != client) || e->busy ||
		    (e->obj == obj && e->index == index))
			continue;
		obj->pins++;
		gvtmem_store_drop(e);
		obj->pins--;
		gvtmem_counters.kept_evictions++;
		return true;
	}
	return false;
}

/*
 * Whether the swap device holds swap entry e's page too: put in the
 * writethrough period that is still on, or its disk copy written by us
 * (writebehind). Store lock held.
 */
bool gvtmem_entry_on_disk(const struct gvtmem_entry *e)
{
	return e->on_disk ||
	       (e->wt_period && e->wt_period == gvtmem_frontswap_wt_period());
}

/*
 * A swap entry just loaded with shared gets stays: if the swap device
 * holds it too, it goes to the tail of the kept LRU.
 */
static void gvtmem_store_keep(struct gvtmem_entry *e)
{
	if (!gvtmem_entry_on_disk(e))
		return;
	if (list_empty(&e->kept))
		gvtmem_counters.kept_pages++;
	list_move_tail(&e->kept, &gvtmem_kept_lru);
}

void gvtmem_backend_set_mem_limit(unsigned long pages)
{
	spin_lock_irq(&gvtmem_store_lock);
	gvtmem_mem_limit = pages;
	spin_unlock_irq(&gvtmem_store_lock);
}

struct gvtmem_pool *gvtmem_store_pool_create(bool persistent, int id)
{
	struct gvtmem_pool *pool = kzalloc(sizeof(*pool), GFP_KERNEL);

	if (pool)
		gvtmem_pool_init(pool, id, persistent);
	return pool;
}

/* Flush every page of the pool and free it; the caller unpublished it. */
void gvtmem_store_pool_destroy(struct gvtmem_pool *pool)
{
	unsigned long flags;

	if (!pool)
		return;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	gvtmem_counters.node.flushes_ok += pool->nr_pages;
	gvtmem_pool_flush(pool, gvtmem_store_release, NULL);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	kfree(pool);
}

static void gvtmem_store_count_put_failed(struct gvtmem_client *client)
{
	client->stats.puts_failed++;
	client->failed_round++;
	gvtmem_counters.node.puts_failed++;
}

static void gvtmem_store_put_failed(struct gvtmem_client *client,
				    struct gvtmem_object *obj, pgoff_t index)
{
	struct gvtmem_entry *old = obj ? gvtmem_index_find(obj, index) : NULL;

	/* The kernel's copy changed: the old one must not be found again. */
	if (old)
		gvtmem_store_drop(old);
	else if (obj)
		gvtmem_obj_put_if_empty(obj);
	gvtmem_store_count_put_failed(client);
}

/*
 * Write page to e's place and, in replicas mode, to r's (already given a
 * page in another zone) at the same time, with the lock dropped around
 * RDMA. Both stay pending throughout, so a zone going meanwhile frees
 * their pages instead of treating them as stored. 0 once both are
 * written; otherwise whatever pages they still have are freed.
 */
static int gvtmem_store_write(struct gvtmem_entry *e, struct gvtmem_entry *r,
			      struct page *page, unsigned long *flags)
{
	int ret;

	e->pending = true;
	if (r)
		r->pending = true;
	if (r)
		ret = gvtmem_entry_write_pair(e, r, page, flags);
	else
		ret = gvtmem_entry_write(e, page, flags);
	if (!ret && !e->zone)
		ret = -ENOLINK;
	e->pending = false;
	if (r)
		r->pending = false;
	if (!ret) {
		if (r)
			gvtmem_replica_link(e, r);
		return 0;
	}
	if (e->zone)
		gvtmem_zone_free_page(e);
	e->zone = NULL;
	if (r && r->zone)
		gvtmem_zone_free_page(r);
	return ret;
}

/*
 * One try at a put. bdev: in writebehind mode, the swap partition a
 * remote swap page's disk copy goes to (NULL: it may not go remote).
 * -EAGAIN (only if may_wait): no room to stage the page (every write
 * allowed in flight); nothing changed, and the caller may wait for room
 * and try again.
 */
static int gvtmem_store_put_once(struct gvtmem_pool *pool,
				 const struct gvtmem_objkey *key,
				 pgoff_t index, struct page *page,
				 struct block_device *bdev, bool may_wait)
{
	struct gvtmem_object *obj = NULL;
	struct gvtmem_entry *e, *old, *r = NULL;
	struct gvtmem_put_async *a = NULL;
	struct gvtmem_client *client;
	unsigned long flags, held, *why, *path;
	bool wb, remote_ok;
	int ret;

	e = gvtmem_entry_alloc(GVTMEM_STORE_GFP);

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	client = gvtmem_client_of(page);
	why = &gvtmem_counters.puts_refused_off;
	if (!gvtmem_accepting)
		goto fail;
	why = &gvtmem_counters.paths.refused_nomem;
	if (!e)
		goto fail;
	obj = gvtmem_obj_get(pool, key, GVTMEM_STORE_GFP);
	if (!obj)
		goto fail;

	/* A replaced page of the same client does not count against it. */
	old = gvtmem_index_find(obj, index);
	held = client->pages - (old && old->client == client ? 1 : 0);
	why = &gvtmem_counters.paths.refused_share;
	for (; held >= client->limit; held--)
		if (!gvtmem_store_evict_kept(client, obj, index))
			goto fail;
	/* Mem-Limit: kept and clean pages make room, as for a full zone. */
	why = &gvtmem_counters.paths.refused_mem_limit;
	while (gvtmem_mem_limit &&
	       gvtmem_swap_pages + gvtmem_clean_pages >= gvtmem_mem_limit)
		if (!gvtmem_store_evict_kept(NULL, obj, index) &&
		    !gvtmem_store_evict_clean(obj))
			goto fail;

	/*
	 * Swap pages may go remote: frontswap stores can sleep. With
	 * writebehind only if a disk copy can be written (a partition).
	 */
	wb = pool->persistent && gvtmem_writebehind_on();
	remote_ok = pool->persistent && (!wb || bdev);
	why = &gvtmem_counters.paths.refused_full;
	while (gvtmem_zone_alloc_page(e, remote_ok))
		if (!gvtmem_store_evict_kept(NULL, obj, index) &&
		    !gvtmem_store_evict_clean(obj))
			goto fail;

	e->index = index;
	e->client = client;
	if (pool->persistent)
		e->wt_period = gvtmem_frontswap_wt_period();
	if (!e->zone->local && gvtmem_replicas_on()) {
		/* A second copy in another zone; no room: refuse (disk). */
		r = gvtmem_entry_alloc(GVTMEM_STORE_GFP);
		if (!r)
			why = &gvtmem_counters.paths.refused_nomem;
		if (!r || gvtmem_zone_alloc_page_avoiding(r, true, e->zone)) {
			gvtmem_zone_free_page(e);
			goto fail;
		}
	}
	if (!e->zone->local)	/* posted below */
		a = gvtmem_put_async_prepare(e, r, page, wb ? bdev : NULL,
					     pool, index, may_wait);
	if (!e->zone->local && !a &&
	    (wb || (may_wait && gvtmem_put_async_full()))) {
		/*
		 * writebehind: no disk copy can be staged; otherwise every
		 * write allowed is in flight, and a synchronous one would
		 * wait behind them all. Wait for room (a second try without
		 * room writes synchronously or, writebehind, refuses).
		 */
		gvtmem_zone_free_page(e);
		e->zone = NULL;
		if (r)
			gvtmem_zone_free_page(r);
		if (may_wait) {
			gvtmem_obj_put_if_empty(obj);
			spin_unlock_irqrestore(&gvtmem_store_lock, flags);
			gvtmem_entry_free(e);
			if (r)
				gvtmem_entry_free(r);
			return -EAGAIN;
		}
		why = &gvtmem_counters.paths.refused_writebehind;
		goto fail;
	}
	if (e->zone->local)
		path = &gvtmem_counters.paths.puts_local;
	else
		path = a ? &gvtmem_counters.paths.puts_remote_async :
			   &gvtmem_counters.paths.puts_remote_sync;
	if (e->zone->local) {
		gvtmem_zone_write(e, page);
	} else if (!a) {
		/*
		 * The lock is dropped during the write: a zone going away
		 * meanwhile may empty obj, which must outlive this put.
		 */
		obj->pins++;
		ret = gvtmem_store_write(e, r, page, &flags);
		obj->pins--;
		why = &gvtmem_counters.paths.write_failed;
		if (ret)
			goto fail;
	} else if (r) {
		/* Staged: both copies are written after the put returns. */
		gvtmem_replica_link(e, r);
	}
	if (r) {
		r->is_replica = true;
		r->client = client;
		r = NULL;	/* now e's */
	}
	client->pages++;
	if (pool->persistent) {
		INIT_LIST_HEAD(&e->lru);
		gvtmem_swap_pages++;
	} else {
		list_add_tail(&e->lru, &gvtmem_clean_lru);
		gvtmem_clean_pages++;
	}
	old = gvtmem_index_insert(obj, e);
	if (old)
		gvtmem_store_release(old, NULL);
	if (a && gvtmem_put_async_post(a, &flags)) {
		/* Not written, and e dropped: the kernel writes the disk. */
		gvtmem_counters.paths.write_failed++;
		gvtmem_store_count_put_failed(client);
		spin_unlock_irqrestore(&gvtmem_store_lock, flags);
		return -EIO;
	}
	(*path)++;
	client->stats.puts_ok++;
	gvtmem_counters.node.puts_ok++;
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return 0;

fail:
	(*why)++;
	gvtmem_store_put_failed(client, obj, index);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	if (e)
		gvtmem_entry_free(e);
	if (r)
		gvtmem_entry_free(r);
	return -ENOSPC;
}

/*
 * A put whose disk copy, in writebehind mode, goes to slot index of bdev
 * (NULL: the page may not go remote then): a block device's own backing
 * device (swapdev.c).
 */
int gvtmem_store_put_to(struct gvtmem_pool *pool,
			const struct gvtmem_objkey *key, pgoff_t index,
			struct page *page, struct block_device *bdev)
{
	int ret;

	/*
	 * An earlier page's disk copy to this slot ends first: whether this
	 * page goes to disk (refused) or gets a disk copy of its own, its
	 * write must land last.
	 */
	if (pool->persistent)
		gvtmem_put_async_wait_slot(pool, index);
	ret = gvtmem_store_put_once(pool, key, index, page, bdev, true);
	if (ret == -EAGAIN) {
		gvtmem_put_async_wait_room();
		ret = gvtmem_store_put_once(pool, key, index, page, bdev,
					    false);
	}
	return ret;
}

/* frontswap's and cleancache's: a swap page's disk copy goes to its slot. */
int gvtmem_store_put(struct gvtmem_pool *pool, const struct gvtmem_objkey *key,
		     pgoff_t index, struct page *page)
{
	return gvtmem_store_put_to(pool, key, index, page,
				   pool->persistent ? gvtmem_writebehind_bdev(page) : NULL);
}

/*
 * Copy the page out and drop it from the store: gets are exclusive, so a
 * page lives either in the kernel or in tmem, never both.
 */
static int gvtmem_store_get_once(struct gvtmem_pool *pool,
				 const struct gvtmem_objkey *key,
				 pgoff_t index, struct page *page)
{
	struct gvtmem_object *obj;
	struct gvtmem_entry *e = NULL;
	struct gvtmem_client *client;
	unsigned long flags;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	obj = gvtmem_obj_find(pool, key);
	if (obj)
		e = gvtmem_index_find(obj, index);
	if (!e) {
		gvtmem_counters.paths.gets_not_found++;
		gvtmem_counters.node.gets_failed++;
		client = gvtmem_client_of(page);
		client->stats.gets_failed++;
		spin_unlock_irqrestore(&gvtmem_store_lock, flags);
		return -ENOENT;
	}
	if (e->zone->local) {
		gvtmem_zone_read(e, page);
		gvtmem_counters.paths.gets_local++;
	} else {
		int ret = gvtmem_prefetch_load(e, page, &flags);

		if (e->dropped) {
			/* Flushed or its zone went meanwhile: trust nothing. */
			gvtmem_counters.paths.gets_read_failed++;
			gvtmem_counters.node.gets_failed++;
			if (!e->busy)
				gvtmem_entry_free(e);
			spin_unlock_irqrestore(&gvtmem_store_lock, flags);
			return -ENOLINK;
		}
		if (ret) {
			/*
			 * Writethrough, writebehind: the swap device has
			 * this page. Replicas: no copy could be read.
			 */
			if (gvtmem_replicas_on() || e->no_disk_copy)
				gvtmem_replica_lost(1);
			gvtmem_counters.paths.gets_read_failed++;
			e->client->stats.gets_failed++;
			gvtmem_counters.node.gets_failed++;
			gvtmem_store_drop(e);
			spin_unlock_irqrestore(&gvtmem_store_lock, flags);
			return ret;
		}
		gvtmem_counters.paths.gets_remote++;
	}
	e->client->stats.gets_ok++;
	gvtmem_counters.node.gets_ok++;
	if (pool->keep_on_get || (pool->persistent && gvtmem_shared_gets))
		gvtmem_store_keep(e);
	else
		gvtmem_store_drop(e);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return 0;
}

int gvtmem_store_get(struct gvtmem_pool *pool, const struct gvtmem_objkey *key,
		     pgoff_t index, struct page *page)
{
	int ret = gvtmem_store_get_once(pool, key, index, page);

	/*
	 * A miss sends the kernel to the swap device: a disk copy still
	 * being written there (writebehind) must be there first.
	 */
	if (ret && pool->persistent)
		gvtmem_put_async_wait_slot(pool, index);
	return ret;
}

void gvtmem_store_flush_page(struct gvtmem_pool *pool,
			     const struct gvtmem_objkey *key, pgoff_t index)
{
	struct gvtmem_object *obj;
	struct gvtmem_entry *e = NULL;
	unsigned long flags;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	obj = gvtmem_obj_find(pool, key);
	if (obj)
		e = gvtmem_index_find(obj, index);
	if (e) {
		e->client->stats.flushes_ok++;
		gvtmem_counters.node.flushes_ok++;
		gvtmem_store_drop(e);
	} else {
		gvtmem_counters.node.flushes_failed++;
	}
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
}

static void gvtmem_store_flush_release(struct gvtmem_entry *e, void *priv)
{
	e->client->stats.flushes_ok++;
	gvtmem_counters.node.flushes_ok++;
	gvtmem_store_release(e, priv);
}

void gvtmem_store_flush_object(struct gvtmem_pool *pool,
			       const struct gvtmem_objkey *key)
{
	struct gvtmem_object *obj;
	unsigned long flags;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	obj = gvtmem_obj_find(pool, key);
	if (obj)
		gvtmem_obj_flush(obj, gvtmem_store_flush_release, NULL);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
}

unsigned long gvtmem_store_pages(bool persistent)
{
	return persistent ? gvtmem_swap_pages : gvtmem_clean_pages;
}

int gvtmem_store_init(void)
{
	gvtmem_entry_cache = KMEM_CACHE(gvtmem_entry, 0);
	return gvtmem_entry_cache ? 0 : -ENOMEM;
}

void gvtmem_store_exit(void)
{
	kmem_cache_destroy(gvtmem_entry_cache);
}
