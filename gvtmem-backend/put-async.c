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
 * Replicas mode (backend/async_replicas) stages the same way and posts
 * the page's two copies at once, one write per copy; the staged copy
 * serves loads until both are over. There is no disk copy to fall back
 * on, so a failed write is never dropped: while its copy still has its
 * place (a reset with loans kept), it is posted again once the zone is
 * usable; after GVTMEM_PUT_ASYNC_TRIES tries the copy is given up and the
 * page lives on in its other copy (queued for a new second one) or, with
 * none, moves to the local zone from the staged copy. A zone dropped
 * under a write detaches that copy the same way (replica.c).
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
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../kernel/gvtmem.h"
#include "../rdma-transport/transport.h"
#include "backend.h"

#define GVTMEM_PUT_ASYNC_MS (4000 * GVTMEM_DEBUG_SLOWDOWN)	/* twice the I/O bound */

#define GVTMEM_PUT_ASYNC_WRITES 2	/* a page and its second copy */

/* One RDMA WRITE of a record: one copy's place in a remote zone. */
struct gvtmem_put_async_write {
	struct gvtmem_put_async *a;
	struct gvtmem_remote_target t;
	struct gvtmem_entry *ent;	/* whose page is at t; NULL: no one's now */
	unsigned long posted;		/* jiffies */
	unsigned long due;		/* retry: jiffies it may go again */
	unsigned long failed_at;	/* jiffies of its first failure */
	u8 tries;			/* posts that failed */
	bool out;			/* posted (or pending), not completed */
	struct list_head pending;	/* on gvtmem_put_async_pending, to post */
	bool retry;			/* replicas: failed, to be posted again */
	bool reset;			/* its connection was reset for it */
};

struct gvtmem_put_async {
	struct list_head node;		/* on gvtmem_put_async_list */
	struct gvtmem_entry *e;		/* holds the staged copy; NULL once released */
	struct page *copy;		/* what is being written */
	struct gvtmem_put_async_write w[GVTMEM_PUT_ASYNC_WRITES];
	u8 nw;				/* writes: 1, or 2 for two remote copies */
	bool replicas;			/* failed writes are posted again */
	bool parked;			/* counted in gvtmem_put_async_parked_nr */
	bool disk_done;			/* the disk copy is over */
	u8 parts;			/* writes and disk copy not over yet */
	/* writebehind: the disk copy, to slot index of pool on bdev */
	struct block_device *bdev;	/* NULL: no disk copy */
	struct gvtmem_pool *pool;
	pgoff_t index;
	bool drop_after_disk;		/* the RDMA WRITE failed: e goes with the disk part */
	struct bio bio;
	struct bio_vec bvec;
};

/*
 * A replicas write's copy is given up after this many failed posts, or
 * when its zone stayed unusable this long after the first failure (the
 * staged copy serves loads meanwhile, so waiting costs only memory).
 */
#define GVTMEM_PUT_ASYNC_TRIES 3
#define GVTMEM_PUT_ASYNC_GIVE_UP_MS 30000
#define GVTMEM_PUT_ASYNC_RETRY_MS 200

/* Replicas mode: puts stage and post both copies (0: write synchronously). */
unsigned int gvtmem_put_async_replicas = 1;

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
/*
 * Of those, records whose every unfinished write waits to be posted again
 * (replicas, a zone unusable for now): they hold a staged page but no
 * place on the wire, so up to GVTMEM_PUT_ASYNC_PARKED_MAX of them do not
 * count against backend/async_writes, and puts do not wait for a
 * reconnect to find room.
 */
static unsigned int gvtmem_put_async_parked_nr;
#define GVTMEM_PUT_ASYNC_PARKED_MAX (4 * GVTMEM_PUT_ASYNC_LIMIT)
static unsigned int gvtmem_put_async_disk_nr;	/* disk copies out */

/* Woken whenever a record ends: slot, pool and room waiters look again. */
static DECLARE_WAIT_QUEUE_HEAD(gvtmem_put_async_ended);

static void gvtmem_put_async_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_put_async_watchdog, gvtmem_put_async_watch);
static void gvtmem_put_async_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_put_async_retry_work, gvtmem_put_async_retry);

/*
 * Batched posting (backend/async_write_batch > 1). A put's writes wait,
 * marked out, on the pending list, and go out together: pages adjacent in
 * one block as one request with one completion, the cost soft-RoCE and
 * the completion path charge per request shared among them. The list
 * goes when it holds a batch (posted by the put that filled it), or from
 * the flush work a tick after the first write waiting (reclaim stores
 * many pages meanwhile). Every other request to a
 * peer (a synchronous write or a read: the store, re-replication,
 * prefetch) posts the list first (gvtmem_put_async_flush), and the list
 * is posted under gvtmem_put_async_flush_mutex in order, so a place is
 * still written in the order its writes were made; a write whose place
 * was freed while it waited is not posted at all.
 */
unsigned int gvtmem_put_async_batch = 1;
static LIST_HEAD(gvtmem_put_async_pending);	/* store lock */
static unsigned int gvtmem_put_async_pending_nr;	/* store lock */
static DEFINE_MUTEX(gvtmem_put_async_flush_mutex);
static struct workqueue_struct *gvtmem_put_async_wq;	/* WQ_MEM_RECLAIM */
static void gvtmem_put_async_flush_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_put_async_flush_work,
			    gvtmem_put_async_flush_workfn);
/*
 * How long a batch not yet full may wait for more writes: a tick. Run at
 * once, the (high-priority) work preempted the putter after every put,
 * and batches were of one page (62,355 pages in 62,336 requests).
 */
#define GVTMEM_PUT_ASYNC_FLUSH_DELAY 1
/* Writes taken off the list per pass: sorted, then posted in runs. */
#define GVTMEM_PUT_ASYNC_CHUNK GVTMEM_PAGE_IO_MAX

/* A run of adjacent writes posted as one request. */
struct gvtmem_put_async_run {
	unsigned int n;
	struct gvtmem_put_async_write *w[];
};

/* Whether replicas-mode puts stage and write asynchronously. */
static bool gvtmem_put_async_replicas_on(void)
{
	return gvtmem_replicas_on() && READ_ONCE(gvtmem_put_async_replicas);
}

/* Records allowed at once; writebehind stages every remote put (>= 1). */
static unsigned int gvtmem_put_async_room(void)
{
	unsigned int max = READ_ONCE(gvtmem_put_async_max);

	if (gvtmem_loading())
		max = min(max, READ_ONCE(gvtmem_put_async_max_loading));
	return gvtmem_writebehind_on() ? max(max, 1U) : max;
}

/* Records that count against the limit. Lock held or a racy read. */
static unsigned int gvtmem_put_async_used(void)
{
	unsigned int nr = READ_ONCE(gvtmem_put_async_nr);
	unsigned int parked = min_t(unsigned int,
				    READ_ONCE(gvtmem_put_async_parked_nr),
				    GVTMEM_PUT_ASYNC_PARKED_MAX);

	return nr > parked ? nr - parked : 0;
}

/*
 * Whether asynchronous writes are on and every one allowed is in flight:
 * a put then waits for one to end (gvtmem_put_async_wait_room) rather
 * than write synchronously behind all of them. Store lock held.
 */
bool gvtmem_put_async_full(void)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (gvtmem_replicas_on() && !gvtmem_put_async_replicas_on())
		return false;
	return gvtmem_put_async_room() &&
	       gvtmem_put_async_used() >= gvtmem_put_async_room();
}

/* Whether w is still to write: posted, or waiting to be posted again. */
static bool gvtmem_put_async_write_out(const struct gvtmem_put_async_write *w)
{
	return w->out || (w->retry && w->ent);
}

static void gvtmem_put_async_add_write(struct gvtmem_put_async *a,
				       struct gvtmem_entry *x)
{
	struct gvtmem_put_async_write *w = &a->w[a->nw++];

	w->a = a;
	w->ent = x;
	INIT_LIST_HEAD(&w->pending);
	gvtmem_remote_target(x, &w->t);
	x->aw = a;
}

/*
 * Under the lock, for a put of page into remote e (placed, not yet in the
 * index), and in replicas mode r, its second copy (placed in another
 * zone, not yet linked): stage a copy for asynchronous writes, and with
 * bdev (durability writebehind) a disk copy to slot index of pool. A
 * second copy in the local zone is written here. NULL if the put is to
 * write synchronously (the limit reached, no memory, or replicas writes
 * synchronous); in writebehind mode it must then not stay in a remote
 * zone. first: the put's first try (a full limit is counted once per put).
 */
struct gvtmem_put_async *gvtmem_put_async_prepare(struct gvtmem_entry *e,
						  struct gvtmem_entry *r,
						  struct page *page,
						  struct block_device *bdev,
						  struct gvtmem_pool *pool,
						  pgoff_t index, bool first)
{
	struct gvtmem_put_async *a;

	lockdep_assert_held(&gvtmem_store_lock);
	if (r && !gvtmem_put_async_replicas_on())
		return NULL;
	if (!gvtmem_put_async_room())
		return NULL;
	if (gvtmem_put_async_full()) {
		gvtmem_counters.paths.async_full += first;
		return NULL;
	}
	a = kzalloc(sizeof(*a), GFP_NOWAIT | __GFP_NOWARN);
	if (!a)
		goto err_nomem;
	a->copy = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
	if (!a->copy)
		goto err_free_a;
	copy_highpage(a->copy, page);
	a->e = e;
	gvtmem_put_async_add_write(a, e);
	if (r && r->zone->local)
		gvtmem_zone_write(r, page);
	else if (r)
		gvtmem_put_async_add_write(a, r);
	a->replicas = r != NULL;
	e->pf = a->copy;
	a->parts = a->nw + (bdev ? 1 : 0);
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
	gvtmem_counters.paths.async_nomem++;
	return NULL;
}

/*
 * x is released, moved or its record is over: it no longer has a. If x
 * holds the staged copy, that goes back to the record.
 */
void gvtmem_put_async_detach(struct gvtmem_entry *x)
{
	struct gvtmem_put_async *a = x->aw;
	unsigned int i;

	lockdep_assert_held(&gvtmem_store_lock);
	for (i = 0; i < a->nw; i++)
		if (a->w[i].ent == x)
			a->w[i].ent = NULL;
	if (a->e == x) {
		a->e = NULL;
		x->pf = NULL;
	}
	x->aw = NULL;
}

/*
 * to takes over from's place (replica.c, a lost copy's twin becoming the
 * first copy): a write to that place is now to's. Lock held.
 */
void gvtmem_put_async_moved(struct gvtmem_entry *to, struct gvtmem_entry *from)
{
	struct gvtmem_put_async *a = from->aw;
	unsigned int i;

	lockdep_assert_held(&gvtmem_store_lock);
	if (to->aw) {
		/* to's old place is gone: its write no longer counts. */
		for (i = 0; i < to->aw->nw; i++)
			if (to->aw->w[i].ent == to)
				to->aw->w[i].ent = NULL;
	}
	if (!a)
		return;
	WARN_ON_ONCE(to->aw && to->aw != a);
	for (i = 0; i < a->nw; i++)
		if (a->w[i].ent == from)
			a->w[i].ent = to;
	from->aw = NULL;
	to->aw = a;
}

/* e's staged copy while its record lasts, else NULL. Lock held. */
struct page *gvtmem_put_async_staged(const struct gvtmem_entry *e)
{
	lockdep_assert_held(&gvtmem_store_lock);
	return e->aw && e->aw->e == e ? e->pf : NULL;
}

/*
 * e's only copy is going (its zone dropped, or its write given up) while
 * its staged copy is still held: move it to the local zone from the
 * staged copy. False if e has none or the local zone is full. Lock held.
 */
bool gvtmem_put_async_rescue(struct gvtmem_entry *e)
{
	struct page *staged = gvtmem_put_async_staged(e);
	struct gvtmem_entry tmp = {};
	unsigned int i;

	if (!staged || gvtmem_zone_alloc_page(&tmp, false))
		return false;
	for (i = 0; i < e->aw->nw; i++)
		if (e->aw->w[i].ent == e)
			e->aw->w[i].ent = NULL;
	gvtmem_zone_take_over(e, &tmp);
	gvtmem_zone_write(e, staged);
	pr_info_ratelimited("a staged page whose remote copies failed moved to the local zone\n");
	return true;
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

/* Count a as parked or not (see gvtmem_put_async_parked_nr). Lock held. */
static void gvtmem_put_async_park(struct gvtmem_put_async *a)
{
	bool parked = a->replicas && a->parts;
	unsigned int i;

	for (i = 0; i < a->nw; i++)
		parked &= !a->w[i].out;
	if (parked == a->parked)
		return;
	a->parked = parked;
	if (parked)
		gvtmem_put_async_parked_nr++;
	else
		gvtmem_put_async_parked_nr--;
}

/* One of a's parts is over; true if it was the last (a is to be freed). */
static bool gvtmem_put_async_part_over(struct gvtmem_put_async *a)
{
	unsigned int i;

	lockdep_assert_held(&gvtmem_store_lock);
	if (--a->parts) {
		gvtmem_put_async_park(a);
		return false;
	}
	if (a->parked) {
		a->parked = false;
		gvtmem_put_async_parked_nr--;
	}
	list_del(&a->node);
	gvtmem_put_async_nr--;
	for (i = 0; i < a->nw; i++)
		if (a->w[i].ent && a->w[i].ent != a->e)
			gvtmem_put_async_detach(a->w[i].ent);
	if (a->e)
		gvtmem_put_async_detach(a->e);
	return true;
}

/*
 * A write of a is over: written (ret 0), failed, or never posted
 * (!posted). Replicas: a failed write whose copy still has its place is
 * posted again later. Otherwise a failed write drops the entry: the swap
 * device has the page (writethrough: the kernel wrote it). With a disk
 * copy of ours still out, the entry stays, served by the staged copy,
 * until that is over.
 */
static void gvtmem_put_async_write_end(struct gvtmem_put_async_write *w,
				       int ret, bool posted)
{
	struct gvtmem_put_async *a = w->a;
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	w->out = false;
	gvtmem_counters.async_failed += ret && posted;
	if (ret && a->replicas && w->ent) {
		if (!w->tries++)
			w->failed_at = jiffies;
		w->retry = true;
		w->due = jiffies + msecs_to_jiffies(GVTMEM_PUT_ASYNC_RETRY_MS);
		gvtmem_put_async_park(a);
		spin_unlock_irqrestore(&gvtmem_store_lock, flags);
		wake_up_all(&gvtmem_put_async_ended);	/* room, if parked */
		queue_delayed_work(system_unbound_wq,
				   &gvtmem_put_async_retry_work,
				   msecs_to_jiffies(GVTMEM_PUT_ASYNC_RETRY_MS));
		return;
	}
	if (ret && !a->replicas && a->e) {
		if (a->bdev)
			a->drop_after_disk = true;
		else
			gvtmem_store_drop(a->e);	/* detaches a */
	}
	last = gvtmem_put_async_part_over(a);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	if (last)
		gvtmem_put_async_free(a);
}

/* The disk copy of a is over: written, or failed (bio completion context). */
static void gvtmem_put_async_disk_end(struct gvtmem_put_async *a, int ret)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	a->disk_done = true;
	gvtmem_put_async_disk_nr--;
	gvtmem_writebehind_done(a->index, ret, !!a->e, a->drop_after_disk,
				a->w[0].t.peer);
	if (a->pool->disk_copy_done)
		a->pool->disk_copy_done(a->pool, a->index, ret);
	if (a->e && a->drop_after_disk)
		gvtmem_store_drop(a->e);
	else if (a->e && ret)
		a->e->no_disk_copy = true;	/* its zone is its only copy */
	else if (a->e)
		a->e->on_disk = true;
	last = gvtmem_put_async_part_over(a);
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	if (last)
		gvtmem_put_async_free(a);
}

/* The transport is done with a write (and its page). */
static void gvtmem_put_async_done(void *ctx, int ret)
{
	struct gvtmem_put_async_write *w = ctx;

	if (ret && w->a->replicas)
		pr_warn_ratelimited("peer %u: asynchronous page write failed; it will be written again\n",
				    w->t.peer);
	else if (ret)
		pr_warn_ratelimited("peer %u: asynchronous page write failed; the page will be read from the swap device\n",
				    w->t.peer);
	gvtmem_put_async_write_end(w, ret, true);
}

/* The disk copy is written, or failed (bio completion context). */
static void gvtmem_put_async_disk_done(struct bio *bio)
{
	gvtmem_put_async_disk_end(bio->bi_private,
				  blk_status_to_errno(bio->bi_status));
}

/*
 * Post w (marked out under the lock); no lock held. An error: it was not
 * posted, and has ended as a failed write (write_end).
 */
static int gvtmem_put_async_write_post(struct gvtmem_put_async_write *w)
{
	int ret;

	ret = gvtmem_transport_page_write_async(w->t.peer, w->a->copy,
						w->t.addr, w->t.rkey,
						gvtmem_put_async_done, w);
	if (ret)
		gvtmem_put_async_write_end(w, ret, false);
	return ret;
}

/*
 * Post a's writes, with the lock (saved flags) dropped meanwhile. 0, or
 * an error: nothing was written, a is gone and its entry, if still in
 * the store, dropped (never in replicas mode: a write that could not be
 * posted is posted again later).
 */
int gvtmem_put_async_post(struct gvtmem_put_async *a, unsigned long *flags)
{
	struct gvtmem_put_async_write *w[GVTMEM_PUT_ASYNC_WRITES];
	unsigned int i, nw = a->nw, batch = READ_ONCE(gvtmem_put_async_batch);
	bool replicas = a->replicas, full;
	int ret = 0;

	for (i = 0; i < nw; i++) {
		w[i] = &a->w[i];
		w[i]->out = true;
		w[i]->posted = jiffies;
		if (batch > 1) {
			list_add_tail(&w[i]->pending, &gvtmem_put_async_pending);
			gvtmem_put_async_pending_nr++;
		}
	}
	full = gvtmem_put_async_pending_nr >= batch;
	spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
	/* Each part holds a: it goes when the last one ends. */
	if (a->bdev)
		gvtmem_writebehind_submit(&a->bio, &a->bvec, a->bdev, a->index,
					  a->copy, gvtmem_put_async_disk_done,
					  a);
	schedule_delayed_work(&gvtmem_put_async_watchdog,
			      msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS) / 2);
	if (batch > 1) {
		if (full)
			gvtmem_put_async_flush();
		else
			queue_delayed_work(gvtmem_put_async_wq,
					   &gvtmem_put_async_flush_work,
					   GVTMEM_PUT_ASYNC_FLUSH_DELAY);
		spin_lock_irqsave(&gvtmem_store_lock, *flags);
		return 0;	/* a post that fails ends as a failed write */
	}
	/* Writes still waiting from batched posting go first, in order. */
	gvtmem_put_async_flush();
	for (i = 0; i < nw; i++)
		ret = gvtmem_put_async_write_post(w[i]);
	spin_lock_irqsave(&gvtmem_store_lock, *flags);
	return replicas ? 0 : ret;
}

/*
 * A replicas write failed GVTMEM_PUT_ASYNC_TRIES times while its copy
 * kept its place: give the copy up. The page lives on in its other copy
 * (queued for a new one) or moves to the local zone; with neither, the
 * write is tried again later: the staged copy is never dropped. Lock held.
 */
static void gvtmem_put_async_give_up(struct gvtmem_put_async_write *w)
{
	struct gvtmem_entry *x = w->ent;

	if (x->twin ? gvtmem_replica_survive(x) : gvtmem_put_async_rescue(x)) {
		gvtmem_counters.async_given_up++;
		pr_warn_ratelimited("peer %u: page write failed %u times; that copy is given up\n",
				    w->t.peer, w->tries);
		return;
	}
	w->due = jiffies + msecs_to_jiffies(GVTMEM_OFFLINE_WAIT_MS);
}

/* The next write waiting to be posted again and due, or NULL. Lock held. */
static struct gvtmem_put_async_write *gvtmem_put_async_next_retry(bool *more)
{
	struct gvtmem_put_async *a;
	unsigned int i;

	list_for_each_entry(a, &gvtmem_put_async_list, node)
		for (i = 0; i < a->nw; i++) {
			if (!a->w[i].retry)
				continue;
			if (a->w[i].ent && time_before(jiffies, a->w[i].due)) {
				*more = true;
				continue;
			}
			return &a->w[i];
		}
	return NULL;
}

/* Whether w's copy is to be given up (see GVTMEM_PUT_ASYNC_TRIES). */
static bool gvtmem_put_async_hopeless(const struct gvtmem_put_async_write *w)
{
	return w->tries >= GVTMEM_PUT_ASYNC_TRIES ||
	       time_after(jiffies, w->failed_at +
			  msecs_to_jiffies(GVTMEM_PUT_ASYNC_GIVE_UP_MS));
}

/*
 * Replicas: post failed writes again once their zone is usable, give a
 * copy up when hopeless, and end writes whose copy went meanwhile. Only
 * this work clears w->retry, so a record with a write waiting here lasts.
 * Never sleeps but to post.
 */
static void gvtmem_put_async_retry(struct work_struct *work)
{
	struct gvtmem_put_async_write *w;
	bool more = false, last;
	unsigned int n;
	u32 peer;

	for (n = 0; n < GVTMEM_PUT_ASYNC_LIMIT * GVTMEM_PUT_ASYNC_WRITES; n++) {
		spin_lock_irq(&gvtmem_store_lock);
		w = gvtmem_put_async_next_retry(&more);
		if (!w) {
			spin_unlock_irq(&gvtmem_store_lock);
			break;
		}
		if (w->ent && gvtmem_put_async_hopeless(w))
			gvtmem_put_async_give_up(w);
		if (!w->ent) {
			/* Its copy went or was given up: the write is over. */
			w->retry = false;
			last = gvtmem_put_async_part_over(w->a);
			spin_unlock_irq(&gvtmem_store_lock);
			if (last)
				gvtmem_put_async_free(w->a);
			continue;
		}
		peer = w->t.peer;
		if (time_before(jiffies, w->due) ||
		    gvtmem_remote_zone_offline_locked(peer) ||
		    !gvtmem_transport_peer_up(peer)) {
			/* Not usable yet (reconnecting, reconciling). */
			if (!time_before(jiffies, w->due))
				w->due = jiffies +
					 msecs_to_jiffies(GVTMEM_PUT_ASYNC_RETRY_MS);
			more = true;
			spin_unlock_irq(&gvtmem_store_lock);
			continue;
		}
		w->retry = false;
		w->reset = false;
		w->out = true;
		w->posted = jiffies;
		gvtmem_put_async_park(w->a);
		gvtmem_counters.async_reposted++;
		spin_unlock_irq(&gvtmem_store_lock);
		schedule_delayed_work(&gvtmem_put_async_watchdog,
				      msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS) / 2);
		gvtmem_put_async_write_post(w);
	}
	if (more || n)
		queue_delayed_work(system_unbound_wq, &gvtmem_put_async_retry_work,
				   msecs_to_jiffies(GVTMEM_PUT_ASYNC_RETRY_MS));
}

/* A run's request is over: each of its writes is. */
static void gvtmem_put_async_run_done(void *ctx, int ret)
{
	struct gvtmem_put_async_run *run = ctx;
	unsigned int i;

	for (i = 0; i < run->n; i++)
		gvtmem_put_async_done(run->w[i], ret);
	kfree(run);
}

/* Order for a pass: by peer, block and place, so that runs are adjacent. */
static bool gvtmem_put_async_before(const struct gvtmem_put_async_write *x,
				    const struct gvtmem_put_async_write *y)
{
	if (x->t.peer != y->t.peer)
		return x->t.peer < y->t.peer;
	if (x->t.rkey != y->t.rkey)
		return x->t.rkey < y->t.rkey;
	return x->t.addr < y->t.addr;
}

static void gvtmem_put_async_count_request(unsigned int pages)
{
	spin_lock_irq(&gvtmem_store_lock);
	gvtmem_counters.batch_requests++;
	gvtmem_counters.batch_pages += pages;
	spin_unlock_irq(&gvtmem_store_lock);
}

/*
 * Post the n writes of w (sorted) as runs of adjacent pages, one request
 * each; a write that cannot be posted ends as a failed one. No lock held.
 */
static void gvtmem_put_async_post_runs(struct gvtmem_put_async_write **w,
				       unsigned int n)
{
	struct gvtmem_page_io io[GVTMEM_PAGE_IO_MAX];
	struct gvtmem_put_async_run *run;
	unsigned int i, j, k, max;
	int ret;

	for (i = 0; i < n; i += k) {
		max = min3(READ_ONCE(gvtmem_put_async_batch),
			   gvtmem_transport_run_max(w[i]->t.peer),
			   (unsigned int)GVTMEM_PAGE_IO_MAX);
		for (k = 0; i + k < n && k < max; k++) {
			const struct gvtmem_put_async_write *x = w[i + k];

			if (k && (x->t.peer != w[i]->t.peer ||
				  x->t.rkey != w[i]->t.rkey ||
				  x->t.addr != w[i]->t.addr + k * PAGE_SIZE))
				break;
			io[k] = (struct gvtmem_page_io){ .addr = x->t.addr,
							 .rkey = x->t.rkey,
							 .page = x->a->copy };
		}
		run = k > 1 ? kmalloc(struct_size(run, w, k),
				      GFP_NOWAIT | __GFP_NOWARN) : NULL;
		if (!run) {
			k = 1;
			if (!gvtmem_put_async_write_post(w[i]))
				gvtmem_put_async_count_request(1);
			continue;
		}
		run->n = k;
		memcpy(run->w, &w[i], k * sizeof(*w));
		ret = gvtmem_transport_page_write_async_run(w[i]->t.peer, io, k,
							    gvtmem_put_async_run_done,
							    run);
		if (!ret) {
			gvtmem_put_async_count_request(k);
			continue;
		}
		kfree(run);
		for (j = 0; j < k; j++)
			gvtmem_put_async_write_end(w[i + j], ret, false);
	}
}

/*
 * Post every write waiting on the pending list, oldest first, in passes
 * of GVTMEM_PUT_ASYNC_CHUNK; one whose place was freed meanwhile is over
 * without being posted. Sleeps (posting); never called with the store
 * lock or a queue's qp_sem held.
 */
void gvtmem_put_async_flush(void)
{
	struct gvtmem_put_async_write *w[GVTMEM_PUT_ASYNC_CHUNK], *x;
	struct gvtmem_put_async_write *gone[GVTMEM_PUT_ASYNC_CHUNK];
	unsigned int n, ngone, i, j;

	if (!READ_ONCE(gvtmem_put_async_pending_nr))
		return;
	mutex_lock(&gvtmem_put_async_flush_mutex);
	do {
		n = 0;
		ngone = 0;
		spin_lock_irq(&gvtmem_store_lock);
		while (n + ngone < GVTMEM_PUT_ASYNC_CHUNK &&
		       !list_empty(&gvtmem_put_async_pending)) {
			x = list_first_entry(&gvtmem_put_async_pending,
					     struct gvtmem_put_async_write, pending);
			list_del_init(&x->pending);
			gvtmem_put_async_pending_nr--;
			if (!x->ent) {
				gone[ngone++] = x;
				gvtmem_counters.batch_skipped++;
				continue;
			}
			/* Insertion sort: a pass is short. */
			for (j = n++; j && gvtmem_put_async_before(x, w[j - 1]); j--)
				w[j] = w[j - 1];
			w[j] = x;
		}
		spin_unlock_irq(&gvtmem_store_lock);
		for (i = 0; i < ngone; i++)
			gvtmem_put_async_write_end(gone[i], 0, false);
		gvtmem_put_async_post_runs(w, n);
	} while (n + ngone);
	mutex_unlock(&gvtmem_put_async_flush_mutex);
}

static void gvtmem_put_async_flush_workfn(struct work_struct *work)
{
	unsigned int noio = memalloc_noio_save();

	gvtmem_put_async_flush();
	memalloc_noio_restore(noio);
}

/* Whether a write is in flight to the block under rkey in peer's zone. */
bool gvtmem_put_async_targets(u32 peer, u32 rkey)
{
	struct gvtmem_put_async *a;
	unsigned int i;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		for (i = 0; i < a->nw; i++)
			if (gvtmem_put_async_write_out(&a->w[i]) &&
			    a->w[i].t.peer == peer && a->w[i].t.rkey == rkey)
				return true;
	return false;
}

/* Whether a write is posted to peer (a retry not yet posted is not). */
static bool gvtmem_put_async_to(u32 peer)
{
	struct gvtmem_put_async *a;
	bool out = false;
	unsigned int i;

	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		for (i = 0; i < a->nw; i++)
			out |= a->w[i].out && a->w[i].t.peer == peer;
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

	/* Pending writes are posted (or, their place gone, ended) there. */
	if (READ_ONCE(gvtmem_put_async_pending_nr))
		mod_delayed_work(gvtmem_put_async_wq, &gvtmem_put_async_flush_work, 0);

	while (gvtmem_put_async_to(peer) && time_before(jiffies, end))
		msleep(20);
}

/* Reset the connection of a write overdue; look again while any is out. */
static void gvtmem_put_async_watch(struct work_struct *work)
{
	unsigned long late = msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS);
	struct gvtmem_put_async_write *w;
	struct gvtmem_put_async *a;
	bool more = false, reset = false;
	unsigned int i;
	u32 peer = 0;

	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		for (i = 0; i < a->nw; i++) {
			w = &a->w[i];
			more |= w->out;
			if (reset || w->reset || !w->out ||
			    time_before(jiffies, w->posted + late))
				continue;
			peer = w->t.peer;
			reset = true;
		}
	if (reset)
		list_for_each_entry(a, &gvtmem_put_async_list, node)
			for (i = 0; i < a->nw; i++)
				if (a->w[i].out && a->w[i].t.peer == peer)
					a->w[i].reset = true;
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
	return gvtmem_put_async_used() < gvtmem_put_async_room();
}

/*
 * A put found every record taken: wait a bounded time for one to end.
 * Whether there is room now.
 */
bool gvtmem_put_async_wait_room(void)
{
	gvtmem_put_async_flush();	/* writes waiting to go hold room too */
	return wait_event_timeout(gvtmem_put_async_ended,
				  gvtmem_put_async_has_room(),
				  msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS)) > 0;
}

/*
 * Before the backend goes: wait for writes still out. The hooks cannot
 * unregister, so any are only possible if frontswap never registered.
 */
int gvtmem_put_async_init(void)
{
	gvtmem_put_async_wq = alloc_workqueue("gvtmem_put_flush",
					      WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	return gvtmem_put_async_wq ? 0 : -ENOMEM;
}

void gvtmem_put_async_exit(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(3 * GVTMEM_PUT_ASYNC_MS);

	/* Writes still waiting to be posted go now, once. */
	cancel_delayed_work_sync(&gvtmem_put_async_flush_work);
	gvtmem_put_async_flush();
	while (READ_ONCE(gvtmem_put_async_nr) && time_before(jiffies, end))
		msleep(20);
	cancel_delayed_work_sync(&gvtmem_put_async_watchdog);
	cancel_delayed_work_sync(&gvtmem_put_async_retry_work);
	destroy_workqueue(gvtmem_put_async_wq);
	WARN_ON(READ_ONCE(gvtmem_put_async_nr));
}
