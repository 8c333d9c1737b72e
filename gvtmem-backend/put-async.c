// SPDX-License-Identifier: GPL-2.0
/*
 * Asynchronous remote puts, writethrough mode only. A swap page bound for
 * a remote zone is copied into a staging page and its RDMA WRITE posted;
 * the put returns at once instead of waiting a round trip. This is safe
 * because the kernel writes the same page to the swap device as well: a
 * write that fails drops the entry, and the next load of it misses and
 * reads the swap device. Until the write completes, the staging copy
 * hangs off the entry (e->pf) and serves loads; the page lives in the
 * index like any other. Requests on one connection are carried out in
 * order, so a slot freed and reused meanwhile ends with the newer page.
 *
 * Writes in flight are bounded (backend/async_writes, below the send
 * queue's depth; a put that finds them all out waits for one to end, as
 * a write of its own would only queue behind them) and watched: one
 * unfinished after GVTMEM_PUT_ASYNC_MS resets its connection, whose drain
 * ends it with an error. A block with a write in flight is not given back
 * (gvtmem_put_async_targets).
 *
 * Durability writebehind (writebehind.c) uses the same records with a
 * second part: the staged copy is also written to the page's slot on the
 * swap device, by the module, and the record (with the copy serving
 * loads) lasts until both writes are over. A disk write still out for a
 * slot holds back a new store to it and the answer to a load that misses
 * it (gvtmem_put_async_wait_slot), so the kernel never reads or writes a
 * slot under one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "../rdma-transport/transport.h"
#include "backend.h"

#define GVTMEM_PUT_ASYNC_MS 4000	/* twice the transport's I/O bound */

struct gvtmem_put_async {
	struct list_head node;		/* on gvtmem_put_async_list */
	struct gvtmem_entry *e;		/* NULL once e was released */
	struct page *copy;		/* what is being written */
	struct gvtmem_remote_target t;
	unsigned long posted;		/* jiffies */
	bool reset;			/* its connection was reset for it */
	bool rdma_done;			/* the RDMA WRITE is over */
	bool disk_done;			/* the disk copy is over */
	u8 parts;			/* writes not over yet: 1, or 2 with a disk copy */
	/* writebehind: the disk copy, to slot index of pool on bdev */
	struct block_device *bdev;	/* NULL: no disk copy */
	struct gvtmem_pool *pool;
	pgoff_t index;
	bool drop_after_disk;		/* the RDMA WRITE failed: e goes with the disk part */
	struct bio bio;
	struct bio_vec bvec;
};

/* Writes allowed in flight; 0: every remote put waits for its write. */
unsigned int gvtmem_put_async_max = GVTMEM_PUT_ASYNC_DEFAULT;

/*
 * Writes allowed in flight while remote pages are being loaded (a load
 * in the last GVTMEM_LOADING_MS): a load waits behind every write already
 * on its connection (one queue pair, carried out in order), so fewer are
 * let out while faults wait. The limit (backend/async_writes) by default.
 */
unsigned int gvtmem_put_async_max_loading = GVTMEM_PUT_ASYNC_LIMIT;
#define GVTMEM_LOADING_MS 20
static unsigned long gvtmem_last_load;	/* jiffies | 1; 0: none yet */

/* A remote page is being loaded for a fault (not a prefetch hit). */
void gvtmem_put_async_note_load(void)
{
	WRITE_ONCE(gvtmem_last_load, jiffies | 1);
}

static bool gvtmem_loading(void)
{
	unsigned long last = READ_ONCE(gvtmem_last_load);

	return last && time_before(jiffies, last +
				   msecs_to_jiffies(GVTMEM_LOADING_MS));
}

/* All below: under gvtmem_store_lock. */
static LIST_HEAD(gvtmem_put_async_list);	/* oldest first */
static unsigned int gvtmem_put_async_nr;
static unsigned int gvtmem_put_async_disk_nr;	/* disk copies out */
unsigned long gvtmem_put_async_failed;		/* stats/async_writes_failed */

/* Woken whenever a record ends: slot, pool and room waiters look again. */
static DECLARE_WAIT_QUEUE_HEAD(gvtmem_put_async_ended);

static void gvtmem_put_async_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_put_async_watchdog, gvtmem_put_async_watch);

/* Records allowed at once; writebehind stages every remote put (>= 1). */
static unsigned int gvtmem_put_async_room(void)
{
	unsigned int max = READ_ONCE(gvtmem_put_async_max);

	if (gvtmem_loading())
		max = min(max, READ_ONCE(gvtmem_put_async_max_loading));
	return gvtmem_writebehind_on() ? max(max, 1U) : max;
}

/*
 * Whether asynchronous writes are on and every one allowed is in flight:
 * a put then waits for one to end (gvtmem_put_async_wait_room) rather
 * than write synchronously behind all of them. Store lock held.
 */
bool gvtmem_put_async_full(void)
{
	lockdep_assert_held(&gvtmem_store_lock);
	return !gvtmem_replicas_on() && gvtmem_put_async_room() &&
	       gvtmem_put_async_nr >= gvtmem_put_async_room();
}

/*
 * Under the lock, for a put of page into remote e (placed, not yet in the
 * index): stage a copy for an asynchronous write, and with bdev (durability
 * writebehind) a disk copy to slot index of pool. NULL if the put is to
 * write synchronously (replicas mode, the limit reached, no memory); in
 * writebehind mode it must then not stay in a remote zone. first: the
 * put's first try (a full limit is counted once per put).
 */
struct gvtmem_put_async *gvtmem_put_async_prepare(struct gvtmem_entry *e,
						  struct page *page,
						  struct block_device *bdev,
						  struct gvtmem_pool *pool,
						  pgoff_t index, bool first)
{
	struct gvtmem_put_async *a;

	lockdep_assert_held(&gvtmem_store_lock);
	if (gvtmem_replicas_on() || !gvtmem_put_async_room())
		return NULL;
	if (gvtmem_put_async_full()) {
		gvtmem_paths.async_full += first;
		return NULL;
	}
	a = kzalloc(sizeof(*a), GFP_NOWAIT | __GFP_NOWARN);
	if (!a)
		goto err_nomem;
	a->copy = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
	if (!a->copy)
		goto err_free_a;
	copy_highpage(a->copy, page);
	gvtmem_remote_target(e, &a->t);
	a->e = e;
	e->aw = a;
	e->pf = a->copy;
	a->posted = jiffies;
	a->parts = bdev ? 2 : 1;
	gvtmem_put_async_disk_nr += !!bdev;
	a->bdev = bdev;
	a->pool = pool;
	a->index = index;
	list_add_tail(&a->node, &gvtmem_put_async_list);
	gvtmem_put_async_nr++;
	return a;

err_free_a:
	kfree(a);
err_nomem:
	gvtmem_paths.async_nomem++;
	return NULL;
}

/* e is released or its write is over: it no longer has a. */
void gvtmem_put_async_detach(struct gvtmem_entry *e)
{
	lockdep_assert_held(&gvtmem_store_lock);
	e->aw->e = NULL;
	e->aw = NULL;
	e->pf = NULL;
}

/* Both of a's writes are over: it goes, and waiters look again. */
static void gvtmem_put_async_free(struct gvtmem_put_async *a)
{
	if (a->bdev)
		gvtmem_writebehind_release(&a->bio);
	__free_page(a->copy);
	kfree(a);
	wake_up_all(&gvtmem_put_async_ended);
}

/*
 * One of a's writes is over (rdma: the RDMA WRITE, else the disk copy):
 * written (ret 0), failed, or never posted (!posted). A failed RDMA WRITE
 * drops the entry: the swap device has the page (writethrough: the
 * kernel wrote it). With a disk copy of ours still out, the entry stays,
 * served by the staged copy, until that is over. a goes with its last
 * part.
 */
static void gvtmem_put_async_part_end(struct gvtmem_put_async *a, bool rdma,
				      int ret, bool posted)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	if (rdma) {
		a->rdma_done = true;
		if (ret && a->e) {
			gvtmem_put_async_failed += posted;
			if (a->parts > 1)
				a->drop_after_disk = true;
			else
				gvtmem_store_drop(a->e);	/* detaches a */
		}
	} else {
		a->disk_done = true;
		gvtmem_put_async_disk_nr--;
		gvtmem_writebehind_done(a->index, ret, !!a->e,
					a->drop_after_disk, a->t.peer);
		if (a->e && a->drop_after_disk)
			gvtmem_store_drop(a->e);
		else if (a->e && ret)
			a->e->no_disk_copy = true;	/* its zone is its only copy */
		else if (a->e)
			a->e->on_disk = true;
	}
	last = !--a->parts;
	if (last) {
		list_del(&a->node);
		gvtmem_put_async_nr--;
		if (a->e)
			gvtmem_put_async_detach(a->e);
	}
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	if (last)
		gvtmem_put_async_free(a);
}

/* The transport is done with a's write (and its page). */
static void gvtmem_put_async_done(void *ctx, int ret)
{
	struct gvtmem_put_async *a = ctx;

	if (ret)
		pr_warn_ratelimited("peer %u: asynchronous page write failed; the page will be read from the swap device\n",
				    a->t.peer);
	gvtmem_put_async_part_end(a, true, ret, true);
}

/* The disk copy is written, or failed (bio completion context). */
static void gvtmem_put_async_disk_done(struct bio *bio)
{
	struct gvtmem_put_async *a = bio->bi_private;

	gvtmem_put_async_part_end(a, false, blk_status_to_errno(bio->bi_status),
				  true);
}

/*
 * Post a's write, with the lock (saved flags) dropped meanwhile. 0, or
 * an error: nothing was written, a is gone and its entry, if still in
 * the store, dropped.
 */
int gvtmem_put_async_post(struct gvtmem_put_async *a, unsigned long *flags)
{
	struct gvtmem_remote_target t = a->t;
	int ret;

	spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
	/* Each part holds a: it goes when the later of the two ends. */
	if (a->bdev)
		gvtmem_writebehind_submit(&a->bio, &a->bvec, a->bdev, a->index,
					  a->copy, gvtmem_put_async_disk_done,
					  a);
	schedule_delayed_work(&gvtmem_put_async_watchdog,
			      msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS) / 2);
	ret = gvtmem_transport_page_write_async(t.peer, a->copy, t.addr, t.rkey,
						gvtmem_put_async_done, a);
	if (ret)
		gvtmem_put_async_part_end(a, true, ret, false);
	spin_lock_irqsave(&gvtmem_store_lock, *flags);
	return ret;
}

/* Whether a write is in flight to the block under rkey in peer's zone. */
bool gvtmem_put_async_targets(u32 peer, u32 rkey)
{
	struct gvtmem_put_async *a;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		if (!a->rdma_done && a->t.peer == peer && a->t.rkey == rkey)
			return true;
	return false;
}

static bool gvtmem_put_async_to(u32 peer)
{
	struct gvtmem_put_async *a;
	bool out = false;

	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		if (!a->rdma_done && a->t.peer == peer) {
			out = true;
			break;
		}
	spin_unlock_irq(&gvtmem_store_lock);
	return out;
}

/*
 * peer's zone is going: wait until no write to it is out, so that its
 * blocks are not returned under one. Bounded: the watchdog resets the
 * connection of a late write, and the reset's drain ends it.
 */
void gvtmem_put_async_quiesce(u32 peer)
{
	unsigned long end = jiffies + msecs_to_jiffies(2 * GVTMEM_PUT_ASYNC_MS);

	while (gvtmem_put_async_to(peer) && time_before(jiffies, end))
		msleep(20);
}

/* Reset the connection of a write overdue; look again while any is out. */
static void gvtmem_put_async_watch(struct work_struct *work)
{
	unsigned long late = msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS);
	struct gvtmem_put_async *a;
	bool more, reset = false;
	u32 peer = 0;

	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node) {
		if (a->reset || a->rdma_done ||
		    time_before(jiffies, a->posted + late))
			continue;
		peer = a->t.peer;
		reset = true;
		break;
	}
	if (reset)
		list_for_each_entry(a, &gvtmem_put_async_list, node)
			if (a->t.peer == peer)
				a->reset = true;
	more = false;
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		more |= !a->rdma_done;
	spin_unlock_irq(&gvtmem_store_lock);
	if (reset) {
		pr_warn("peer %u: page write unfinished after %u ms; resetting the connection\n",
			peer, GVTMEM_PUT_ASYNC_MS);
		gvtmem_transport_reset(peer);
	}
	if (more)
		schedule_delayed_work(&gvtmem_put_async_watchdog, late / 2);
}

/* Whether a disk copy is still being written to slot index of pool. */
static bool gvtmem_put_async_slot_busy(const struct gvtmem_pool *pool,
				       pgoff_t index, bool any_index)
{
	struct gvtmem_put_async *a;
	unsigned long flags;
	bool busy = false;

	if (!READ_ONCE(gvtmem_put_async_disk_nr))
		return false;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		if (a->bdev && !a->disk_done && a->pool == pool &&
		    (any_index || a->index == index)) {
			busy = true;
			break;
		}
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return busy;
}

/*
 * Before a store to slot index of pool, or the answer to a load of it
 * that goes to the swap device: wait until no disk copy of an earlier
 * page is still being written there (the block layer does not order two
 * writes to one sector). Sleeps; bounded, and logged if the bound passes.
 */
void gvtmem_put_async_wait_slot(const struct gvtmem_pool *pool, pgoff_t index)
{
	if (!wait_event_timeout(gvtmem_put_async_ended,
				!gvtmem_put_async_slot_busy(pool, index, false),
				msecs_to_jiffies(GVTMEM_WRITEBEHIND_WAIT_MS)))
		pr_warn_ratelimited("swap slot %lu: disk copy still being written after %u ms\n",
				    index, GVTMEM_WRITEBEHIND_WAIT_MS);
}

/* pool is going (swapoff): its disk copies end first. Sleeps; bounded. */
void gvtmem_put_async_wait_pool(const struct gvtmem_pool *pool)
{
	if (!wait_event_timeout(gvtmem_put_async_ended,
				!gvtmem_put_async_slot_busy(pool, 0, true),
				msecs_to_jiffies(GVTMEM_WRITEBEHIND_WAIT_MS)))
		pr_warn("swap type %d: disk copies still being written after %u ms\n",
			pool->id, GVTMEM_WRITEBEHIND_WAIT_MS);
}

static bool gvtmem_put_async_has_room(void)
{
	return READ_ONCE(gvtmem_put_async_nr) < gvtmem_put_async_room();
}

/*
 * A put found every record taken: wait a bounded time for one to end.
 * Whether there is room now.
 */
bool gvtmem_put_async_wait_room(void)
{
	return wait_event_timeout(gvtmem_put_async_ended,
				  gvtmem_put_async_has_room(),
				  msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS)) > 0;
}

/*
 * Before the backend goes: wait for writes still out. The hooks cannot
 * unregister, so any are only possible if frontswap never registered.
 */
void gvtmem_put_async_exit(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(3 * GVTMEM_PUT_ASYNC_MS);

	while (READ_ONCE(gvtmem_put_async_nr) && time_before(jiffies, end))
		msleep(20);
	cancel_delayed_work_sync(&gvtmem_put_async_watchdog);
	WARN_ON(READ_ONCE(gvtmem_put_async_nr));
}
