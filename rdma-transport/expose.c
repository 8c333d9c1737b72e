// SPDX-License-Identifier: GPL-2.0
/*
 * Memory a peer may read and write one-sidedly: a run of pages mapped for
 * the peer's device and registered, with its own memory region, on the
 * connection's PD, which outlives the connection's queue pairs. What the
 * memory is for (a block lent to a borrower) is the user's business
 * (kernel/lend.c); the transport keeps only the list it must undo when
 * the PD goes (the device goes away, the transport stops, a new queue is
 * built on another device), and then tells the user through
 * ops->unexposed.
 *
 * Locking: a connection's qp_sem, read-held by expose and unexpose,
 * write-held by the PD's teardown, keeps the two apart; the list of a
 * connection's exposures is under its lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/mm.h>

#include "conn-pri.h"
#include "transport.h"

/* Unmap x, whose region is gone or being invalidated. */
static void gvtmem_expose_unmap(struct gvtmem_exposure *x)
{
	ib_dma_unmap_page(x->dev, x->dma, PAGE_SIZE << x->order,
			  DMA_BIDIRECTIONAL);
	x->mr = NULL;
	x->dev = NULL;
}

/*
 * Expose the 2^order pages at pages to peer: map them, register them on
 * its connection and, before the connection can be torn down, call
 * commit(ctx, x) (the user records the exposure there; it must not sleep
 * on the transport). 0 with x->addr and x->rkey set for the peer, or an
 * error with nothing exposed: -ENOTCONN without a connection up.
 */
int gvtmem_transport_expose(u32 peer, struct page *pages, unsigned int order,
			    struct gvtmem_exposure *x,
			    void (*commit)(void *ctx, struct gvtmem_exposure *x),
			    void *ctx)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	struct ib_device *dev;
	unsigned int noio;
	struct ib_mr *mr;
	int ret;

	if (!conn)
		return -ENOENT;
	/*
	 * Swap-outs take qp_sem for read: an allocation made while it is
	 * held here must not reclaim by swapping, or it could wait on this
	 * queue behind a teardown waiting on us.
	 */
	noio = memalloc_noio_save();
	ret = gvtmem_conn_get_queue(conn);
	if (ret)
		goto out_noio;
	dev = conn->pd->device;
	x->order = order;
	x->dma = ib_dma_map_page(dev, pages, 0, PAGE_SIZE << order,
				 DMA_BIDIRECTIONAL);
	if (ib_dma_mapping_error(dev, x->dma)) {
		ret = -EIO;
		goto out_queue;
	}
	x->dev = dev;
	mr = gvtmem_conn_reg_block(conn, x->dma, order);
	if (IS_ERR(mr)) {
		ret = PTR_ERR(mr);
		gvtmem_expose_unmap(x);
		goto out_queue;
	}
	x->mr = mr;
	x->addr = mr->iova;
	x->rkey = mr->rkey;
	spin_lock_irq(&conn->lock);
	list_add_tail(&x->node, &conn->exposed);
	spin_unlock_irq(&conn->lock);
	commit(ctx, x);
out_queue:
	up_read(&conn->qp_sem);
out_noio:
	memalloc_noio_restore(noio);
	return ret;
}

/*
 * End x, exposed to peer: invalidated on the queue if it is up (so the
 * device is done with it first), else deregistered at once (no queue
 * pair reaches it). Nothing to do if the PD's teardown ended it already.
 */
void gvtmem_transport_unexpose(u32 peer, struct gvtmem_exposure *x)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	unsigned int noio;
	bool queued;

	if (!conn)
		return;
	noio = memalloc_noio_save();
	queued = !gvtmem_conn_get_queue(conn);
	if (!queued)
		down_read(&conn->qp_sem);
	if (!x->mr)
		goto out;	/* the PD went, and x with it */
	spin_lock_irq(&conn->lock);
	list_del_init(&x->node);
	spin_unlock_irq(&conn->lock);
	if (queued)
		gvtmem_conn_unreg_block(conn, x->mr);
	else
		ib_dereg_mr(x->mr);
	gvtmem_expose_unmap(x);
out:
	up_read(&conn->qp_sem);
	memalloc_noio_restore(noio);
}

/*
 * conn's PD goes (qp_sem held for write, no queue left on it): end every
 * exposure on it, then tell the user they are gone.
 */
void gvtmem_expose_pd_down(struct gvtmem_conn *conn)
{
	struct gvtmem_exposure *x, *tmp;
	LIST_HEAD(gone);

	lockdep_assert_held_write(&conn->qp_sem);
	spin_lock_irq(&conn->lock);
	list_splice_init(&conn->exposed, &gone);
	spin_unlock_irq(&conn->lock);
	if (list_empty(&gone))
		return;
	list_for_each_entry_safe(x, tmp, &gone, node) {
		list_del_init(&x->node);
		ib_dereg_mr(x->mr);
		gvtmem_expose_unmap(x);
	}
	gvtmem_transport_unexposed(conn->peer);
}
