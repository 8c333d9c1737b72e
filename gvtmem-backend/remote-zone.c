// SPDX-License-Identifier: GPL-2.0
/*
 * Remote zones: blocks peers granted this node, one zone per donor, after
 * the local zone in allocation order. Pages in them are written and read
 * with one-sided RDMA (rdma-transport/rdma-io.c), with the store lock
 * dropped around each transfer.
 *
 * Only swap pages go remote (cleancache calls cannot sleep), and each is
 * kept safe from its donor's failure by the durability mode (replica.c):
 * writethrough puts a copy on the swap device too, replicas a second copy
 * in another node's zone. A zone that goes away takes only pages that
 * have another copy; a block given back must not hold a page's only copy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../kernel/gvtmem.h"
#include "../kernel/protocol.h"
#include "../rdma-transport/transport.h"
#include "backend.h"

/* Under gvtmem_store_lock (published and unpublished under it). */
struct gvtmem_zone *gvtmem_remote_zones[GVTMEM_MAX_NODES];

/* Where e's remote page is; store lock held (the zone may go after). */
void gvtmem_remote_target(const struct gvtmem_entry *e,
			  struct gvtmem_remote_target *t)
{
	const struct gvtmem_zone_block *zb = e->loc.block->priv;

	lockdep_assert_held(&gvtmem_store_lock);
	t->peer = e->zone->peer;
	t->addr = zb->addr + ((u64)e->loc.offset << PAGE_SHIFT);
	t->rkey = zb->rkey;
}

/* Batched asynchronous writes waiting to be posted go first, in order. */
int gvtmem_remote_io(const struct gvtmem_remote_target *t, struct page *page,
		     bool write)
{
	gvtmem_put_async_flush();
	return gvtmem_transport_page_io(t->peer, page, t->addr, t->rkey, write);
}

/* Write page to n targets, on n different peers, at once: 0 if all took it. */
int gvtmem_remote_write_copies(const struct gvtmem_remote_target *t,
			       unsigned int n, struct page *page)
{
	struct gvtmem_page_io io[GVTMEM_COPIES_MAX] = {};
	unsigned int i;

	if (WARN_ON_ONCE(n > GVTMEM_COPIES_MAX))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		io[i].peer = t[i].peer;
		io[i].addr = t[i].addr;
		io[i].rkey = t[i].rkey;
		io[i].page = page;
	}
	gvtmem_put_async_flush();
	if (gvtmem_transport_page_write_copies(io, n) == n)
		return 0;
	for (i = 0; i < n; i++)
		if (io[i].ret)
			return io[i].ret;
	return -EIO;
}

/*
 * Peers the cluster counts failed but has not fenced (Recovery), under
 * gvtmem_store_lock: their zones, and any zone made for them meanwhile,
 * take no new page.
 */
static DECLARE_BITMAP(gvtmem_remote_suspect, GVTMEM_MAX_NODES);

static struct gvtmem_zone *gvtmem_remote_zone_create(u32 peer)
{
	struct gvtmem_zone *z = kzalloc(sizeof(*z), GFP_KERNEL);
	int ret;

	if (!z)
		return NULL;
	z->peer = peer;
	snprintf(z->name_buf, sizeof(z->name_buf), "%u", peer);
	z->name = z->name_buf;
	gvtmem_buddy_zone_init(&z->buddy);
	z->kobj = kobject_create_and_add(z->name, gvtmem_zones_kobj);
	if (!z->kobj)
		goto err_zone;
	ret = sysfs_create_group(z->kobj, &gvtmem_zone_group);
	if (ret)
		goto err_kobj;
	return z;

err_kobj:
	kobject_put(z->kobj);
err_zone:
	kfree(z);
	return NULL;
}

static void gvtmem_remote_zone_free(struct gvtmem_zone *z)
{
	sysfs_remove_group(z->kobj, &gvtmem_zone_group);
	kobject_put(z->kobj);
	kfree(z);
}

/* A block peer granted us: the zone of that peer grows by it. */
int gvtmem_remote_zone_add(u32 peer, u64 addr, u32 rkey, unsigned int order)
{
	struct gvtmem_zone *z, *fresh = NULL;
	struct gvtmem_buddy_block *b;
	struct gvtmem_zone_block *zb;
	int ret = -ENOMEM;

	if (peer >= GVTMEM_MAX_NODES || order > GVTMEM_BUDDY_MAX_ORDER)
		return -EINVAL;
	zb = gvtmem_zone_block_alloc(order);
	if (!zb)
		return -ENOMEM;
	zb->addr = addr;
	zb->rkey = rkey;
	if (!READ_ONCE(gvtmem_remote_zones[peer])) {
		fresh = gvtmem_remote_zone_create(peer);
		if (!fresh)
			goto err_zb;
	}
	spin_lock_irq(&gvtmem_store_lock);
	/* Before the first remote page: see the comment at the top. */
	gvtmem_durability_zone_added();
	z = gvtmem_remote_zones[peer];
	if (!z) {
		z = fresh;
		fresh = NULL;
		z->suspect = test_bit(peer, gvtmem_remote_suspect);
		gvtmem_remote_zones[peer] = z;
		list_add_tail(&z->list, &gvtmem_zones);
	}
	/* Keys are unique per block; zero-based addresses are not. */
	b = gvtmem_buddy_zone_grow(&z->buddy, rkey, order, zb, GFP_ATOMIC);
	spin_unlock_irq(&gvtmem_store_lock);
	if (fresh)
		gvtmem_remote_zone_free(fresh);
	if (IS_ERR(b)) {
		ret = PTR_ERR(b);
		goto err_zb;
	}
	gvtmem_tier1_rebalance();
	return 0;

err_zb:
	gvtmem_zone_block_free(zb);
	return ret;
}

/*
 * Entry e's page is in a block going away and has no other copy: drop it
 * (clean pages may be; swap pages are on the swap device in writethrough
 * and writebehind modes). Returns whether it was a swap page's only copy
 * (replicas mode, or a disk copy that failed), i.e. lost.
 */
static bool gvtmem_remote_entry_drop(struct gvtmem_entry *e)
{
	bool lost = gvtmem_replica_sole_copy(e) || e->no_disk_copy;

	gvtmem_store_evict_entry(e);
	return lost;
}

/*
 * Block b goes away: every entry in it lives on in its other copy or is
 * dropped (counted in *dropped); one being written is failed; one being
 * read is freed by its reader. Returns how many swap pages lost their
 * only copy. Store lock held.
 */
static unsigned long gvtmem_remote_block_clear(struct gvtmem_buddy_block *b,
					       unsigned long *dropped)
{
	struct gvtmem_zone_block *zb = b->priv;
	unsigned long off, lost = 0;

	for (off = 0; off < 1UL << b->order; off++) {
		struct gvtmem_entry *e = zb->rmap[off];

		if (!e)
			continue;
		if (e->pending) {
			gvtmem_zone_free_page(e);
			e->zone = NULL;
		} else if (!gvtmem_replica_survive(e) &&
			   !gvtmem_put_async_rescue(e)) {
			lost += gvtmem_remote_entry_drop(e);
			(*dropped)++;
		}
	}
	return lost;
}

/*
 * The donor is gone (or revoked everything): forget its zone. Entries in
 * it live on in their other copy or are dropped; one being written is
 * failed; one being read is freed by its reader.
 */
void gvtmem_remote_zone_drop(u32 peer)
{
	struct gvtmem_buddy_block *b, *tmp;
	struct gvtmem_zone *z;
	unsigned long dropped = 0, lost = 0;
	bool replicas;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_remote_zones[peer];
	if (!z) {
		spin_unlock_irq(&gvtmem_store_lock);
		return;
	}
	list_for_each_entry(b, &z->buddy.blocks, node)
		lost += gvtmem_remote_block_clear(b, &dropped);
	gvtmem_remote_zones[peer] = NULL;
	list_del(&z->list);
	replicas = gvtmem_replicas_on();
	gvtmem_replica_lost(lost);
	spin_unlock_irq(&gvtmem_store_lock);

	/* Writes still out to its blocks end before they can be returned. */
	gvtmem_put_async_quiesce(peer);
	/* Unpublished: nobody else reaches z now. */
	list_for_each_entry_safe(b, tmp, &z->buddy.blocks, node) {
		gvtmem_zone_block_free(b->priv);
	}
	gvtmem_buddy_zone_destroy(&z->buddy);
	gvtmem_remote_zone_free(z);
	if (replicas)
		pr_info("zone %u dropped: pages it held are read from their other copy, %lu without one\n",
			peer, dropped);
	else
		pr_info("zone %u dropped: %lu swap pages it held will be read from the swap device\n",
			peer, dropped);
	gvtmem_tier1_rebalance();
}

/*
 * Take peer's zone out of use, or back into it: while offline, no page is
 * put in it and its pages stay (a reset while loans are kept). False if
 * there is no such zone.
 */
bool gvtmem_remote_zone_set_offline(u32 peer, bool offline)
{
	struct gvtmem_zone *z;

	if (peer >= GVTMEM_MAX_NODES)
		return false;
	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_remote_zones[peer];
	if (z)
		z->offline = offline;
	spin_unlock_irq(&gvtmem_store_lock);
	if (z)
		pr_info("zone %u %s\n", peer, offline ?
			"offline: its donor is unreachable or not reconciled yet" :
			"online again");
	if (z && !offline)
		gvtmem_tier1_rebalance();
	return z;
}

/*
 * The cluster counts peer failed (Recovery), or no longer: while it does,
 * peer's zone takes no new page and keeps the ones it has, readable, so
 * that a donor that was only slow (it registers again within a lease)
 * loses none. A fence drops the zone (gvtmem_remote_zone_drop); a page
 * whose read fails meanwhile is read from its other copy or the disk.
 */
void gvtmem_remote_zone_set_suspect(u32 peer, bool suspect)
{
	struct gvtmem_zone *z;
	bool changed;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	spin_lock_irq(&gvtmem_store_lock);
	changed = suspect != test_bit(peer, gvtmem_remote_suspect);
	assign_bit(peer, gvtmem_remote_suspect, suspect);
	z = gvtmem_remote_zones[peer];
	if (z)
		z->suspect = suspect;
	spin_unlock_irq(&gvtmem_store_lock);
	if (!changed)
		return;
	if (z)
		pr_info("zone %u %s\n", peer, suspect ?
			"suspect: its donor missed a lease; no new pages, its pages stay readable until a fence" :
			"trusted again: its donor is back");
	if (z && !suspect)
		gvtmem_tier1_rebalance();
}

/* Whether peer has a zone; if so, whether it is offline (*offline). */
static bool gvtmem_remote_zone_state(u32 peer, bool *offline)
{
	struct gvtmem_zone *z;

	*offline = false;
	if (peer >= GVTMEM_MAX_NODES)
		return false;
	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_remote_zones[peer];
	if (z)
		*offline = z->offline;
	spin_unlock_irq(&gvtmem_store_lock);
	return z;
}

/* Whether peer's zone is gone or offline (not to be written). Lock held. */
bool gvtmem_remote_zone_offline_locked(u32 peer)
{
	lockdep_assert_held(&gvtmem_store_lock);
	return peer >= GVTMEM_MAX_NODES || !gvtmem_remote_zones[peer] ||
	       gvtmem_remote_zones[peer]->offline;
}

bool gvtmem_remote_zone_is_offline(u32 peer)
{
	bool offline;

	gvtmem_remote_zone_state(peer, &offline);
	return offline;
}

/*
 * Whether a connection reset keeps loans (the zone goes offline, not
 * away): the cluster's transport/keep_loans, told by kernel/lend.c.
 */
static bool gvtmem_remote_keep_loans = true;

void gvtmem_remote_zone_set_keep_loans(bool keep)
{
	WRITE_ONCE(gvtmem_remote_keep_loans, keep);
}

/*
 * A read from peer's zone failed: if the connection reset with loans
 * kept, wait for the zone to be usable again (reconnected and
 * reconciled), polling, at most GVTMEM_OFFLINE_WAIT_MS. True if it is:
 * the read is worth trying again. Sleeps; no lock held.
 */
bool gvtmem_remote_zone_wait_usable(u32 peer)
{
	unsigned long end = jiffies + msecs_to_jiffies(GVTMEM_OFFLINE_WAIT_MS);
	bool offline;

	if (!READ_ONCE(gvtmem_remote_keep_loans))
		return false;
	for (;;) {
		if (!gvtmem_remote_zone_state(peer, &offline))
			return false;
		if (!offline && gvtmem_transport_peer_up(peer))
			return true;
		if (time_after(jiffies, end))
			return false;
		msleep(GVTMEM_OFFLINE_POLL_MS);
	}
}

/*
 * The donor no longer lends us the block under rkey (a reconciliation
 * found it gone): its pages live on in their other copy or are dropped,
 * as when the whole zone goes.
 */
void gvtmem_remote_zone_drop_block(u32 peer, u32 rkey)
{
	struct gvtmem_buddy_block *b = NULL;
	struct gvtmem_zone_block *zb;
	struct gvtmem_zone *z;
	unsigned long dropped = 0, lost;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	/* Writes still out to it end first (an offline zone gets none new). */
	gvtmem_put_async_quiesce(peer);
	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_remote_zones[peer];
	if (z)
		b = gvtmem_buddy_find(&z->buddy, rkey);	/* keyed by rkey */
	if (!b) {
		spin_unlock_irq(&gvtmem_store_lock);
		return;
	}
	zb = b->priv;
	lost = gvtmem_remote_block_clear(b, &dropped);
	WARN_ON_ONCE(gvtmem_buddy_zone_shrink(&z->buddy, rkey));
	gvtmem_replica_lost(lost);
	spin_unlock_irq(&gvtmem_store_lock);
	gvtmem_zone_block_free(zb);
	pr_info("zone %u: block %x is no longer lent to us; %lu pages it held are read from their other copy\n",
		peer, rkey, dropped);
	gvtmem_tier1_rebalance();
}

/*
 * No RDMA in flight on any page of the block and no page's only copy in
 * it: it can be emptied and given back.
 */
static bool gvtmem_remote_block_idle(const struct gvtmem_buddy_block *b,
				     u32 peer)
{
	const struct gvtmem_zone_block *zb = b->priv;
	unsigned long off;

	if (gvtmem_put_async_targets(peer, zb->rkey))
		return false;
	for (off = 0; off < 1UL << b->order; off++) {
		const struct gvtmem_entry *e = zb->rmap[off];

		if (e && (e->pending || e->busy ||
			  (e->twin && e->twin->busy) ||
			  gvtmem_replica_sole_copy(e)))
			return false;
	}
	return true;
}

/*
 * Give back one block of peer's zone, the emptiest that can go (idle,
 * above). Its pages live on in their other copy or are dropped. The
 * block's key goes in *rkey.
 * -ENOENT if the zone has no block that can go now.
 */
static int gvtmem_remote_zone_return_one(u32 peer, u32 *rkey)
{
	struct gvtmem_buddy_block *b, *victim = NULL;
	struct gvtmem_zone_block *zb;
	struct gvtmem_zone *z;
	unsigned long off;

	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_remote_zones[peer];
	if (z)
		list_for_each_entry(b, &z->buddy.blocks, node)
			if ((!victim || b->nr_free > victim->nr_free) &&
			    gvtmem_remote_block_idle(b, peer))
				victim = b;
	if (!victim) {
		spin_unlock_irq(&gvtmem_store_lock);
		return -ENOENT;
	}
	zb = victim->priv;
	/* Idle: no page here is the only copy of a swap page. */
	for (off = 0; off < 1UL << victim->order; off++)
		if (zb->rmap[off] && !gvtmem_replica_survive(zb->rmap[off]))
			gvtmem_remote_entry_drop(zb->rmap[off]);
	*rkey = zb->rkey;
	WARN_ON_ONCE(gvtmem_buddy_zone_shrink(&z->buddy, victim->base));
	spin_unlock_irq(&gvtmem_store_lock);
	gvtmem_zone_block_free(zb);
	return 0;
}

/*
 * Give back up to max blocks that peer lent us; their keys go in rkeys.
 * Returns how many. The caller tells the donor (a Grant with the return
 * flag); until then the donor keeps the blocks registered, unused.
 */
unsigned int gvtmem_remote_zone_return(u32 peer, unsigned int max, u32 *rkeys)
{
	unsigned int n = 0;

	if (peer >= GVTMEM_MAX_NODES)
		return 0;
	while (n < max && !gvtmem_remote_zone_return_one(peer, &rkeys[n]))
		n++;
	if (n) {
		pr_info("zone %u: %u blocks given back\n", peer, n);
		gvtmem_tier1_rebalance();
	}
	return n;
}

void gvtmem_remote_zones_exit(void)
{
	u32 peer;

	for (peer = 0; peer < GVTMEM_MAX_NODES; peer++)
		gvtmem_remote_zone_drop(peer);
}
