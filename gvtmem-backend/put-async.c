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
 * queue's depth) and watched: one unfinished after GVTMEM_PUT_ASYNC_MS
 * resets its connection, whose drain ends it with an error. A block with
 * a write in flight is not given back (gvtmem_put_async_targets).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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
};

/* Writes allowed in flight; 0: every remote put waits for its write. */
unsigned int gvtmem_put_async_max = GVTMEM_PUT_ASYNC_DEFAULT;

/* All below: under gvtmem_store_lock. */
static LIST_HEAD(gvtmem_put_async_list);	/* oldest first */
static unsigned int gvtmem_put_async_nr;
unsigned long gvtmem_put_async_failed;		/* stats/async_writes_failed */

static void gvtmem_put_async_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_put_async_watchdog, gvtmem_put_async_watch);

/*
 * Under the lock, for a put of page into remote e (placed, not yet in the
 * index): stage a copy for an asynchronous write. NULL if the put is to
 * write synchronously (replicas mode, the limit reached, no memory).
 */
struct gvtmem_put_async *gvtmem_put_async_prepare(struct gvtmem_entry *e,
						  struct page *page)
{
	struct gvtmem_put_async *a;

	lockdep_assert_held(&gvtmem_store_lock);
	if (gvtmem_replicas_on() || !READ_ONCE(gvtmem_put_async_max))
		return NULL;
	if (gvtmem_put_async_nr >= READ_ONCE(gvtmem_put_async_max)) {
		gvtmem_paths.async_full++;
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

/* a is over: written (ret 0), failed, or never posted (!posted). */
static void gvtmem_put_async_end(struct gvtmem_put_async *a, int ret,
				 bool posted)
{
	unsigned long flags;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	list_del(&a->node);
	gvtmem_put_async_nr--;
	if (a->e) {
		struct gvtmem_entry *e = a->e;

		gvtmem_put_async_detach(e);
		if (ret) {
			/* The swap device has the page: forget ours. */
			gvtmem_put_async_failed += posted;
			gvtmem_store_drop(e);
		}
	}
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	__free_page(a->copy);
	kfree(a);
}

/* The transport is done with a's write (and its page). */
static void gvtmem_put_async_done(void *ctx, int ret)
{
	struct gvtmem_put_async *a = ctx;

	if (ret)
		pr_warn_ratelimited("peer %u: asynchronous page write failed; the page will be read from the swap device\n",
				    a->t.peer);
	gvtmem_put_async_end(a, ret, true);
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
	schedule_delayed_work(&gvtmem_put_async_watchdog,
			      msecs_to_jiffies(GVTMEM_PUT_ASYNC_MS) / 2);
	ret = gvtmem_transport_page_write_async(t.peer, a->copy, t.addr, t.rkey,
						gvtmem_put_async_done, a);
	if (ret)
		gvtmem_put_async_end(a, ret, false);
	spin_lock_irqsave(&gvtmem_store_lock, *flags);
	return ret;
}

/* Whether a write is in flight to the block under rkey in peer's zone. */
bool gvtmem_put_async_targets(u32 peer, u32 rkey)
{
	struct gvtmem_put_async *a;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		if (a->t.peer == peer && a->t.rkey == rkey)
			return true;
	return false;
}

static bool gvtmem_put_async_to(u32 peer)
{
	struct gvtmem_put_async *a;
	bool out = false;

	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(a, &gvtmem_put_async_list, node)
		if (a->t.peer == peer) {
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
		if (a->reset || time_before(jiffies, a->posted + late))
			continue;
		peer = a->t.peer;
		reset = true;
		break;
	}
	if (reset)
		list_for_each_entry(a, &gvtmem_put_async_list, node)
			if (a->t.peer == peer)
				a->reset = true;
	more = !list_empty(&gvtmem_put_async_list);
	spin_unlock_irq(&gvtmem_store_lock);
	if (reset) {
		pr_warn("peer %u: page write unfinished after %u ms; resetting the connection\n",
			peer, GVTMEM_PUT_ASYNC_MS);
		gvtmem_transport_reset(peer);
	}
	if (more)
		schedule_delayed_work(&gvtmem_put_async_watchdog, late / 2);
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
