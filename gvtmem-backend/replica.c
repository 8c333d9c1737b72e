// SPDX-License-Identifier: GPL-2.0
/*
 * Durability of remote swap pages, chosen in backend/durability.
 *
 * writethrough (the default): frontswap also writes every accepted swap
 *   page to the swap device, switched on with the first remote block. A
 *   remote copy lost with its donor, or a read that fails, falls back to
 *   the swap device. Survives any number of failures; costs a disk write
 *   per swap-out (local pages too), the traffic tmem otherwise saves.
 * replicas: no disk copy. A swap page put in a remote zone gets a second
 *   copy in another zone on another node (the local zone counts); both
 *   are written from a staged copy after the put returned (put-async.c;
 *   backend/async_replicas 0: before it returns); a load reads either.
 *   When a zone goes (donor failed, left, revoked or took blocks back)
 *   the pages that lost a copy are queued, and a work item makes them a
 *   new second copy. Survives one node failure at a time, as long as
 *   re-replication finishes before the next; costs twice the remote
 *   capacity and a second write per put.
 * writebehind: frontswap's writethrough stays off; the module writes each
 *   remote swap page's disk copy itself, after the put returned
 *   (writebehind.c). Local-zone pages never go to disk. Survives any
 *   number of failures, like writethrough, at no cost to local puts.
 *
 * Clean pages never go remote and need no copy in either mode.
 *
 * Locking: all state here is under gvtmem_store_lock, which the
 * re-replication work drops only around its RDMA transfers, holding the
 * page's primary entry busy so that it cannot be freed meanwhile.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "backend.h"

/* Under gvtmem_store_lock. */
enum gvtmem_durability gvtmem_durability = GVTMEM_DURABILITY_WRITETHROUGH;
static unsigned long gvtmem_rerep_since;	/* jiffies the queue filled */
static LIST_HEAD(gvtmem_rerep_list);

static void gvtmem_rerep_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_rerep_work, gvtmem_rerep_workfn);

/* Pages per work run; the rest wait for the next one. */
#define GVTMEM_REREP_BATCH 256
#define GVTMEM_REREP_RETRY_MS 1000

static const char * const gvtmem_durability_names[] = {
	[GVTMEM_DURABILITY_WRITETHROUGH] = "writethrough",
	[GVTMEM_DURABILITY_REPLICAS] = "replicas",
	[GVTMEM_DURABILITY_WRITEBEHIND] = "writebehind",
};

const char *gvtmem_durability_name(enum gvtmem_durability d)
{
	return gvtmem_durability_names[d];
}

/* backend/durability's word: the mode, or -EINVAL (logged). */
int gvtmem_durability_parse(const char *buf, size_t count)
{
	return gvtmem_parse_word("backend/durability", buf, count,
				 gvtmem_durability_names,
				 ARRAY_SIZE(gvtmem_durability_names),
				 "write writethrough, replicas or writebehind");
}

static bool gvtmem_remote_zones_exist(void)
{
	const struct gvtmem_zone *z;

	list_for_each_entry(z, &gvtmem_zones, list)
		if (!z->local)
			return true;
	return false;
}

/*
 * Change mode: only while this node holds no remote zone, so that every
 * remote page was put under the mode in force now. -EBUSY otherwise.
 */
int gvtmem_durability_set(enum gvtmem_durability d)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	if (d != gvtmem_durability && gvtmem_remote_zones_exist()) {
		ret = -EBUSY;
	} else {
		WRITE_ONCE(gvtmem_durability, d);
		if (d != GVTMEM_DURABILITY_WRITETHROUGH)
			gvtmem_frontswap_writethrough(false);
	}
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return ret;
}

/*
 * Whether swap pages need a copy on the swap device now: writethrough,
 * with a remote zone (swapdev.c writes it itself, as frontswap would).
 */
bool gvtmem_durability_disk_copies(void)
{
	unsigned long flags;
	bool on;

	spin_lock_irqsave(&gvtmem_store_lock, flags);
	on = gvtmem_durability == GVTMEM_DURABILITY_WRITETHROUGH &&
	     gvtmem_remote_zones_exist();
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return on;
}

/* A remote zone is being published: make the mode's promise hold first. */
void gvtmem_durability_zone_added(void)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (gvtmem_durability == GVTMEM_DURABILITY_WRITETHROUGH)
		gvtmem_frontswap_writethrough(true);
}

bool gvtmem_replicas_on(void)
{
	lockdep_assert_held(&gvtmem_store_lock);
	return gvtmem_durability == GVTMEM_DURABILITY_REPLICAS;
}

/*
 * A remote swap page in replicas mode with one copy only: it needs a
 * second one, and giving back its block would lose it.
 */
bool gvtmem_replica_sole_copy(const struct gvtmem_entry *e)
{
	return gvtmem_replicas_on() && !e->is_replica && !e->twin &&
	       e->zone && !e->zone->local && !gvtmem_entry_is_clean(e);
}

static void gvtmem_replica_queue(struct gvtmem_entry *e)
{
	if (!list_empty(&e->rerep))
		return;
	list_add_tail(&e->rerep, &gvtmem_rerep_list);
	gvtmem_counters.rerep_waiting++;
	if (!gvtmem_rerep_since)
		gvtmem_rerep_since = jiffies ? jiffies : 1;
	queue_delayed_work(system_unbound_wq, &gvtmem_rerep_work, 0);
}

static void gvtmem_replica_unqueue(struct gvtmem_entry *e)
{
	if (list_empty(&e->rerep))
		return;
	list_del_init(&e->rerep);
	gvtmem_counters.rerep_waiting--;
}

/* e, a primary entry, is being freed: its second copy goes with it. */
void gvtmem_replica_release(struct gvtmem_entry *e)
{
	struct gvtmem_entry *r = e->twin;

	lockdep_assert_held(&gvtmem_store_lock);
	gvtmem_replica_unqueue(e);
	if (!r)
		return;
	if (r->aw)
		gvtmem_put_async_detach(r);
	gvtmem_zone_free_page(r);
	gvtmem_entry_free(r);
	e->twin = NULL;
	gvtmem_counters.replica_pages--;
}

/* A put's second copy is written: join the two. */
void gvtmem_replica_link(struct gvtmem_entry *e, struct gvtmem_entry *r)
{
	e->twin = r;
	r->twin = e;
	gvtmem_counters.replica_pages++;
}

/*
 * e's page is in a zone that is going away (not while being written).
 * True if the page lives on in its other copy: a lost second copy is
 * dropped and the page queued for a new one; a lost first copy is
 * replaced by the second, which becomes the first. False if e has no
 * other copy: the caller drops it.
 */
bool gvtmem_replica_survive(struct gvtmem_entry *e)
{
	struct gvtmem_entry *r = e->twin;

	lockdep_assert_held(&gvtmem_store_lock);
	if (!r)
		return false;
	if (e->is_replica) {
		r->twin = NULL;
		if (e->aw)
			gvtmem_put_async_detach(e);
		gvtmem_zone_free_page(e);
		gvtmem_entry_free(e);
		gvtmem_counters.replica_pages--;
		gvtmem_replica_queue(r);
		return true;
	}
	gvtmem_put_async_moved(e, r);
	gvtmem_zone_take_over(e, r);
	e->twin = NULL;
	gvtmem_entry_free(r);
	gvtmem_counters.replica_pages--;
	gvtmem_replica_queue(e);
	return true;
}

/* An accepted swap page has no copy left. */
void gvtmem_replica_lost(unsigned long n)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (!n)
		return;
	gvtmem_counters.lost_pages += n;
	pr_crit("%lu swap pages lost their only copy (replicas: a second failure before re-replication; writebehind: a failed disk copy); their processes may read stale data\n",
		n);
}

/*
 * Read a remote page into page, with the lock (saved flags) dropped during
 * RDMA. If a copy cannot be read, the other copy is tried, or the first
 * copy's new place if its zone went meanwhile. Once per load, a read that
 * failed because its connection reset with loans kept waits (bounded) for
 * the zone to be back and reads that copy again. 0 or the last error; the
 * caller checks e->dropped.
 */
int gvtmem_replica_read(struct gvtmem_entry *e, struct page *page,
			unsigned long *flags)
{
	struct gvtmem_remote_target t;
	struct gvtmem_entry *src = e;
	const struct gvtmem_zone *z;
	int ret = -EIO, tries;
	bool waited = false, again, other;

	for (tries = 0; tries < 3; tries++) {
		z = src->zone;
		if (z->local) {
			gvtmem_zone_read(src, page);
			return 0;
		}
		gvtmem_remote_target(src, &t);
		other = src == e && e->twin;	/* the twin is tried first */
		e->busy++;
		spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
		ret = gvtmem_remote_io(&t, page, false);
		again = ret && !waited && !other &&
			gvtmem_remote_zone_wait_usable(t.peer);
		spin_lock_irqsave(&gvtmem_store_lock, *flags);
		e->busy--;
		if (!ret || e->dropped)
			return ret;
		if (again) {
			/* The twin may have gone while we waited: look again. */
			waited = true;
			tries--;
			if (src != e)
				src = e->twin ? e->twin : e;
			continue;
		}
		if (e->zone != z && src == e)
			continue;		/* promoted: read the new place */
		if (src == e && e->twin)
			src = e->twin;
		else if (src != e)
			src = e;
		else
			return ret;
	}
	return ret;
}

/*
 * Write page to e's place, with the lock dropped for RDMA. 0 once written
 * and e still has its page (a zone going meanwhile frees the page of an
 * entry being written and clears e->zone).
 */
int gvtmem_entry_write(struct gvtmem_entry *e, struct page *page,
		       unsigned long *flags)
{
	struct gvtmem_remote_target t;
	int ret;

	if (e->zone->local) {
		gvtmem_zone_write(e, page);
		return 0;
	}
	gvtmem_remote_target(e, &t);
	spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
	ret = gvtmem_remote_io(&t, page, true);
	spin_lock_irqsave(&gvtmem_store_lock, *flags);
	if (!e->zone)
		return -ENOLINK;
	return ret;
}

/*
 * Write page to e's place and r's (another zone's) at once, with the lock
 * dropped for RDMA: the two remote copies share one round trip. 0 once
 * both are written and both still have their pages.
 */
int gvtmem_entry_write_pair(struct gvtmem_entry *e, struct gvtmem_entry *r,
			    struct page *page, unsigned long *flags)
{
	struct gvtmem_remote_target t[2];
	struct gvtmem_entry *ent[2] = { e, r };
	unsigned int i, n = 0;
	int ret = 0;

	for (i = 0; i < 2; i++) {
		if (!ent[i]->zone)
			return -ENOLINK;
		if (ent[i]->zone->local)
			gvtmem_zone_write(ent[i], page);
		else
			gvtmem_remote_target(ent[i], &t[n++]);
	}
	if (n) {
		spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
		ret = gvtmem_remote_write_copies(t, n, page);
		spin_lock_irqsave(&gvtmem_store_lock, *flags);
	}
	if (!e->zone || !r->zone)
		return -ENOLINK;
	return ret;
}

/*
 * Give the next queued page a second copy. 0: progress (or nothing left
 * to do for that page); -ENOENT: queue empty; other: try again later.
 */
static int gvtmem_rerep_one(struct page *bounce)
{
	struct gvtmem_remote_target t;
	struct gvtmem_entry *e, *r;
	struct page *staged;
	unsigned long flags;
	int ret;

	r = gvtmem_entry_alloc(GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	e = list_first_entry_or_null(&gvtmem_rerep_list, struct gvtmem_entry,
				     rerep);
	if (!e) {
		ret = -ENOENT;
		goto out_free_r;
	}
	gvtmem_replica_unqueue(e);
	ret = 0;
	if (!gvtmem_replica_sole_copy(e))
		goto out_free_r;
	if (gvtmem_zone_alloc_page_avoiding(r, true, e->zone)) {
		/* No room on another node yet: wait for grants. */
		gvtmem_replica_queue(e);
		ret = -ENOSPC;
		goto out_free_r;
	}
	r->is_replica = true;
	r->pending = true;
	e->busy++;
	staged = gvtmem_put_async_staged(e);
	if (staged) {
		/* Its write may still be out: the staged copy is the page. */
		copy_highpage(bounce, staged);
		ret = 0;
	} else {
		gvtmem_remote_target(e, &t);
		spin_unlock_irqrestore(&gvtmem_store_lock, flags);
		ret = gvtmem_remote_io(&t, bounce, false);
		spin_lock_irqsave(&gvtmem_store_lock, flags);
	}
	if (!ret && r->zone)
		ret = gvtmem_entry_write(r, bounce, &flags);
	e->busy--;
	r->pending = false;
	if (e->dropped) {
		if (!e->busy)
			gvtmem_entry_free(e);
	} else if (!ret && r->zone && gvtmem_replica_sole_copy(e) &&
		   r->zone != e->zone) {
		gvtmem_replica_link(e, r);
		gvtmem_counters.rerep_done++;
		spin_unlock_irqrestore(&gvtmem_store_lock, flags);
		return 0;
	} else if (gvtmem_replica_sole_copy(e)) {
		gvtmem_replica_queue(e);
		ret = ret ? ret : -EAGAIN;
	}
	if (r->zone)
		gvtmem_zone_free_page(r);
out_free_r:
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	gvtmem_entry_free(r);
	return ret;
}

static void gvtmem_rerep_workfn(struct work_struct *work)
{
	struct page *bounce = alloc_page(GFP_KERNEL);
	unsigned long since, done;
	int i, ret = -ENOMEM;

	for (i = 0; bounce && i < GVTMEM_REREP_BATCH; i++) {
		ret = gvtmem_rerep_one(bounce);
		if (ret)
			break;
	}
	if (bounce)
		__free_page(bounce);
	if (ret != -ENOENT) {
		/* More to do now, or retry once grants or links change. */
		queue_delayed_work(system_unbound_wq, &gvtmem_rerep_work,
				   ret ? msecs_to_jiffies(GVTMEM_REREP_RETRY_MS) : 0);
		return;
	}
	spin_lock_irq(&gvtmem_store_lock);
	since = gvtmem_rerep_since;
	done = gvtmem_counters.rerep_done;
	if (since && list_empty(&gvtmem_rerep_list)) {
		gvtmem_counters.rerep_last_ms = jiffies_to_msecs(jiffies - since);
		gvtmem_rerep_since = 0;
	} else {
		since = 0;
	}
	spin_unlock_irq(&gvtmem_store_lock);
	if (since)
		pr_info("re-replication done in %lu ms: every remote swap page has two copies (%lu made again so far)\n",
			gvtmem_counters.rerep_last_ms, done);
}

void gvtmem_replica_exit(void)
{
	cancel_delayed_work_sync(&gvtmem_rerep_work);
}
