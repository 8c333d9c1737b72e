// SPDX-License-Identifier: GPL-2.0
/*
 * Swap-in prefetch. A load of a remote swap page also reads the pages
 * that follow it in the same swap area and sit in the same donor's zone,
 * up to backend/prefetch_pages in all, in one batch of RDMA READs
 * (gvtmem_transport_page_io_many): they share round trips instead of
 * paying one each. The kernel's swap readahead asks for those pages next,
 * and they are then copied from memory.
 *
 * A prefetched copy hangs off its entry (e->pf) until the entry is loaded
 * or released. A swap page's contents never change after its put (a new
 * put of the same slot makes a new entry), so the copy is as good as the
 * remote one for as long as its entry lives. Copies are bounded: a FIFO
 * of GVTMEM_PREFETCH_CAP slots, the oldest copy dropped for a new one.
 * Their pages come from GFP_NOWAIT allocations: no reclaim on this path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>

#include "../rdma-transport/transport.h"
#include "backend.h"

#define GVTMEM_PREFETCH_CAP 512		/* pages, 2 MiB */
#define GVTMEM_PREFETCH_DEFAULT 8

/* Pages per load, the loaded one included: 1 turns prefetch off. */
unsigned int gvtmem_prefetch_window = GVTMEM_PREFETCH_DEFAULT;

/* All below: under gvtmem_store_lock. */
static struct gvtmem_entry *gvtmem_pf_ring[GVTMEM_PREFETCH_CAP];
static unsigned int gvtmem_pf_head;

/* Free e's prefetched copy (it has one, not a staged write's). */
static void gvtmem_prefetch_free(struct gvtmem_entry *e)
{
	__free_page(e->pf);
	e->pf = NULL;
	gvtmem_pf_ring[e->pf_slot] = NULL;
	gvtmem_counters.prefetch_pages--;
}

/* Drop e's prefetched copy, if it has one, unused. */
void gvtmem_prefetch_forget(struct gvtmem_entry *e)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (e->aw) {
		/* A staged copy: its write owns it until it completes. */
		gvtmem_put_async_detach(e);
		return;
	}
	if (!e->pf)
		return;
	gvtmem_counters.paths.prefetch_unused++;
	gvtmem_prefetch_free(e);
}

/* e keeps page as its copy, in the FIFO's next slot. */
static void gvtmem_prefetch_keep(struct gvtmem_entry *e, struct page *page)
{
	struct gvtmem_entry *old = gvtmem_pf_ring[gvtmem_pf_head];

	if (old)
		gvtmem_prefetch_forget(old);
	e->pf = page;
	e->pf_slot = gvtmem_pf_head;
	gvtmem_pf_ring[gvtmem_pf_head] = e;
	gvtmem_pf_head = (gvtmem_pf_head + 1) % GVTMEM_PREFETCH_CAP;
	gvtmem_counters.prefetch_pages++;
}

/* Whether x (the slot after a loaded one) is worth reading along. */
static bool gvtmem_prefetch_wanted(const struct gvtmem_entry *x, u32 peer)
{
	return x->zone && !x->zone->local && x->zone->peer == peer &&
	       !x->pending && !x->busy && !x->pf;
}

/*
 * Load remote entry e into page, reading up to the window's following
 * slots along, with the lock (saved flags) dropped during RDMA. A copy
 * prefetched earlier serves at once. If e's own read fails, its other
 * copy or new place is tried (gvtmem_replica_read). 0 or an error; the
 * caller checks e->dropped.
 */
int gvtmem_prefetch_load(struct gvtmem_entry *e, struct page *page,
			 unsigned long *flags)
{
	struct gvtmem_page_io io[GVTMEM_PAGE_IO_MAX];
	struct gvtmem_entry *x[GVTMEM_PAGE_IO_MAX];
	unsigned int window = READ_ONCE(gvtmem_prefetch_window);
	struct gvtmem_remote_target t;
	unsigned int n = 1, i;
	pgoff_t idx;
	u32 peer;
	int ret;

	lockdep_assert_held(&gvtmem_store_lock);
	if (e->pf) {
		copy_highpage(page, e->pf);
		/*
		 * A staged copy stays with its write in flight: if e is kept
		 * (shared gets), a failed write must still drop it.
		 */
		if (!e->aw) {
			gvtmem_counters.prefetch_hits++;
			gvtmem_prefetch_free(e);
		}
		return 0;
	}
	gvtmem_put_async_note_load();
	if (window <= 1)
		return gvtmem_replica_read(e, page, flags);

	window = min_t(unsigned int, window, GVTMEM_PAGE_IO_MAX);
	gvtmem_remote_target(e, &t);
	peer = t.peer;
	io[0] = (struct gvtmem_page_io){ .addr = t.addr, .rkey = t.rkey, .page = page };
	x[0] = e;
	for (idx = e->index + 1; idx < e->index + window; idx++) {
		struct gvtmem_entry *next = gvtmem_index_find(e->obj, idx);
		struct page *copy;

		if (!next || !gvtmem_prefetch_wanted(next, peer))
			continue;
		copy = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
		if (!copy)
			break;
		gvtmem_remote_target(next, &t);
		io[n] = (struct gvtmem_page_io){ .addr = t.addr, .rkey = t.rkey,
						 .page = copy };
		x[n++] = next;
	}
	for (i = 0; i < n; i++)
		x[i]->busy++;
	spin_unlock_irqrestore(&gvtmem_store_lock, *flags);
	gvtmem_put_async_flush();	/* writes waiting to be posted go first */
	gvtmem_transport_page_io_many(peer, io, n, false);
	spin_lock_irqsave(&gvtmem_store_lock, *flags);
	for (i = 0; i < n; i++)
		x[i]->busy--;

	for (i = 1; i < n; i++) {
		/* Released meanwhile (its slot may hold another page now). */
		if (x[i]->dropped) {
			if (!x[i]->busy)
				gvtmem_entry_free(x[i]);
			__free_page(io[i].page);
		} else if (io[i].ret || x[i]->pf) {
			__free_page(io[i].page);
		} else {
			gvtmem_prefetch_keep(x[i], io[i].page);
			gvtmem_counters.prefetch_reads++;
		}
	}
	ret = io[0].ret;
	if (ret && !e->dropped)
		ret = gvtmem_replica_read(e, page, flags);
	return ret;
}
