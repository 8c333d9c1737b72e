/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page index: pools hold objects, objects hold pages.
 *
 *   frontswap:  one persistent pool per swap type, one object (key 0),
 *               page index = swap offset
 *   cleancache: one ephemeral pool per filesystem, one object per inode
 *               (the 24-byte file key), page index = file page index
 *
 * A put over an existing (pool, object, index) replaces the old page.
 * The index knows nothing of where a page's contents live: an entry's
 * location and owner are filled in and released by the store.
 *
 * Locking: none inside. The store's lock covers every call.
 */
#ifndef GVTMEM_INDEX_H
#define GVTMEM_INDEX_H

#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/types.h>

#include "buddy.h"

#define GVTMEM_KEY_WORDS 6

struct gvtmem_objkey {
	u32 w[GVTMEM_KEY_WORDS];
};

struct gvtmem_pool {
	struct rb_root objects;
	unsigned long nr_pages;
	bool persistent;		/* swap: pages may never be dropped */
	bool keep_on_get;		/* a block device's: loads do not drop */
	int id;
	/*
	 * A block device's (swapdev.c): told, under gvtmem_store_lock, that
	 * the disk copy of slot index it asked for is over (ret 0: written).
	 */
	void (*disk_copy_done)(struct gvtmem_pool *pool, pgoff_t index, int ret);
	void *owner;
};

struct gvtmem_object {
	struct rb_node rb;		/* in pool->objects */
	struct gvtmem_objkey key;
	struct rb_root pages;
	unsigned long nr_pages;
	struct gvtmem_pool *pool;
	/* Puts holding it with the store lock dropped: not freed meanwhile. */
	unsigned int pins;
};

struct gvtmem_zone;
struct gvtmem_client;
struct gvtmem_put_async;

struct gvtmem_entry {
	struct rb_node rb;		/* in object->pages */
	pgoff_t index;
	struct gvtmem_object *obj;
	struct gvtmem_zone *zone;	/* where the contents live */
	struct gvtmem_buddy_page loc;
	struct gvtmem_client *client;	/* charged for this page */
	struct list_head lru;		/* clean pages: eviction order */
	/*
	 * Swap pages with shared gets (store.c): on the kept LRU once
	 * loaded, if the swap device holds them too (put in writethrough
	 * period wt_period, still the current one, or on_disk below):
	 * evictable at no cost.
	 */
	struct list_head kept;
	unsigned int wt_period;
	/* Remote pages: the store lock is dropped around RDMA. */
	u8 busy;			/* loads reading it right now */
	bool pending;			/* being written; not in the index yet */
	bool dropped;			/* released while busy: last loader frees */
	u16 pf_slot;			/* prefetch.c: its place in the FIFO */
	/* A copy in memory: prefetched, or staged while aw's write is out. */
	struct page *pf;
	struct gvtmem_put_async *aw;	/* put-async.c: write in flight */
	bool on_disk;			/* writebehind: its disk copy is written */
	bool no_disk_copy;		/* writebehind: its disk copy failed */
	/*
	 * Replicas mode (replica.c): a remote swap page's second copy is an
	 * entry of its own, outside the index, with is_replica set; each
	 * points to the other through twin. Contents never change after a
	 * put, so either copy serves a load.
	 */
	bool is_replica;
	struct gvtmem_entry *twin;
	struct list_head rerep;		/* waiting for a second copy */
};

/* Called for each entry a flush removes; it owns the entry afterwards. */
typedef void (*gvtmem_entry_release_t)(struct gvtmem_entry *e, void *priv);

void gvtmem_pool_init(struct gvtmem_pool *pool, int id, bool persistent);
struct gvtmem_object *gvtmem_obj_find(struct gvtmem_pool *pool,
				      const struct gvtmem_objkey *key);
struct gvtmem_object *gvtmem_obj_get(struct gvtmem_pool *pool,
				     const struct gvtmem_objkey *key, gfp_t gfp);
void gvtmem_obj_put_if_empty(struct gvtmem_object *obj);

struct gvtmem_entry *gvtmem_index_find(struct gvtmem_object *obj,
				       pgoff_t index);
struct gvtmem_entry *gvtmem_index_insert(struct gvtmem_object *obj,
					 struct gvtmem_entry *e);
void gvtmem_index_erase(struct gvtmem_entry *e);

void gvtmem_obj_flush(struct gvtmem_object *obj,
		      gvtmem_entry_release_t release, void *priv);
void gvtmem_pool_flush(struct gvtmem_pool *pool,
		       gvtmem_entry_release_t release, void *priv);

#endif /* GVTMEM_INDEX_H */
