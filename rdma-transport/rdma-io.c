// SPDX-License-Identifier: GPL-2.0
/*
 * One-sided page I/O and work requests that must finish before the caller
 * goes on (memory registration and invalidation): post on the peer's
 * connection, wait with a bound, and treat a timeout as a broken
 * connection. The waiter is refcounted because a timed-out request can
 * still complete (or be flushed) after its caller gave up.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "../kernel/gvtmem.h"
#include "conn-pri.h"
#include "transport.h"

/* A one-sided request unfinished this long breaks its connection. */
#define GVTMEM_IO_TIMEOUT_MS (2000 * GVTMEM_DEBUG_SLOWDOWN)

void gvtmem_wait_put(struct gvtmem_wait *w)
{
	const u64 *pages = (const u64 *)w->buf;
	unsigned int i;

	if (!refcount_dec_and_test(&w->ref))
		return;
	if (w->dev && w->len)
		ib_dma_unmap_single(w->dev, w->dma, w->len, w->dir);
	for (i = 0; i < w->nr_pages; i++) {
		ib_dma_unmap_page(w->dev, pages[i], PAGE_SIZE, w->dir);
		put_page(w->held[i]);
	}
	if (w->done_fn)
		w->done_fn(w->done_ctx, w->status == IB_WC_SUCCESS ? 0 : -EIO);
	kfree(w);
}

/*
 * A request on conn completed with status: a failed request leaves the QP
 * in the error state, where every later one would only be flushed, so
 * reset the connection, as a timeout does.
 */
static void gvtmem_request_failed(struct gvtmem_conn *conn,
				  enum ib_wc_status status)
{
	pr_warn_ratelimited("peer %u: RDMA request failed: %s\n", conn->peer,
			    ib_wc_status_msg(status));
	gvtmem_conn_error(conn);
}

/*
 * ib_post_send failed with ret: a full send queue (-ENOMEM) passes, any
 * other error means the QP cannot take requests: reset the connection.
 */
static void gvtmem_post_failed(struct gvtmem_conn *conn, int ret)
{
	if (ret == -ENOMEM)
		return;
	pr_warn_ratelimited("peer %u: cannot post a request (%d); resetting the connection\n",
			    conn->peer, ret);
	gvtmem_conn_error(conn);
}

static void gvtmem_wait_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct gvtmem_wait *w = container_of(wc->wr_cqe, struct gvtmem_wait, cqe);

	w->status = wc->status;
	if (wc->status == IB_WC_SUCCESS)
		gvtmem_latency_record(w->lat_op, w->nr_pages,
				      ktime_get_ns() - w->posted_ns);
	if (w->unwaited && wc->status != IB_WC_SUCCESS &&
	    wc->status != IB_WC_WR_FLUSH_ERR)
		gvtmem_request_failed(w->unwaited, wc->status);
	complete(&w->done);
	gvtmem_wait_put(w);
}

/* A waiter with room for a buffer of buf_len bytes after it. */
struct gvtmem_wait *gvtmem_wait_alloc(gfp_t gfp, size_t buf_len)
{
	struct gvtmem_wait *w = kzalloc(struct_size(w, buf, buf_len), gfp);

	if (!w)
		return NULL;
	init_completion(&w->done);
	refcount_set(&w->ref, 1);
	w->cqe.done = gvtmem_wait_done;
	return w;
}

/* Map len bytes at ptr for the request; unmapped with the last reference. */
int gvtmem_wait_map(struct gvtmem_wait *w, struct ib_device *dev, void *ptr,
		    u32 len, enum dma_data_direction dir)
{
	w->dma = ib_dma_map_single(dev, ptr, len, dir);
	if (ib_dma_mapping_error(dev, w->dma))
		return -EIO;
	w->dev = dev;
	w->len = len;
	w->dir = dir;
	return 0;
}

/*
 * Wait until deadline for w, posted on conn, and drop it: 0, -EIO or
 * -ETIMEDOUT. A timeout resets conn, once per caller (*reset).
 */
static int gvtmem_page_io_wait(struct gvtmem_conn *conn, struct gvtmem_wait *w,
			       unsigned long deadline, bool *reset)
{
	long left = (long)(deadline - jiffies);
	int ret = 0;

	if (!wait_for_completion_timeout(&w->done, max(left, 1L))) {
		if (!*reset) {
			pr_warn("peer %u: RDMA request timed out; resetting the connection\n",
				conn->peer);
			gvtmem_conn_error(conn);
			*reset = true;
		}
		ret = -ETIMEDOUT;
	} else if (w->status != IB_WC_SUCCESS) {
		gvtmem_request_failed(conn, w->status);
		ret = -EIO;
	}
	gvtmem_wait_put(w);
	return ret;
}

/*
 * Post wr (whose wr_cqe is w's) on conn and wait, bounded. The caller
 * holds qp_sem for read throughout, so teardown waits for this request
 * (at most the timeout). Consumes the caller's reference on w.
 */
int gvtmem_post_wait(struct gvtmem_conn *conn, struct ib_send_wr *wr,
		     struct gvtmem_wait *w)
{
	bool reset = false;
	int ret;

	refcount_inc(&w->ref);		/* the completion's */
	ret = ib_post_send(conn->qp, wr, NULL);
	if (ret) {
		refcount_dec(&w->ref);
		gvtmem_wait_put(w);
		gvtmem_post_failed(conn, ret);
		return ret;
	}
	return gvtmem_page_io_wait(conn, w, jiffies +
				   msecs_to_jiffies(GVTMEM_IO_TIMEOUT_MS),
				   &reset);
}

/*
 * Post wr on conn and return at once; the completion frees w, and a
 * failed request resets the connection. Consumes the caller's reference.
 * The caller holds qp_sem for read while posting.
 */
int gvtmem_post_nowait(struct gvtmem_conn *conn, struct ib_send_wr *wr,
		       struct gvtmem_wait *w)
{
	int ret;

	w->unwaited = conn;
	refcount_inc(&w->ref);		/* the completion's */
	ret = ib_post_send(conn->qp, wr, NULL);
	if (ret)
		refcount_dec(&w->ref);
	gvtmem_wait_put(w);
	if (ret)
		gvtmem_post_failed(conn, ret);
	return ret;
}

/*
 * Take conn's queue for posting: qp_sem read-held, the connection up and
 * its port not down (then the connection is kept, unused, for the link
 * to come back; its peer resets it if that takes too long). subclass:
 * for a caller holding other connections' queues, which of them this
 * one is (each taken once, in order), for lockdep.
 */
static int gvtmem_conn_get_queue_nested(struct gvtmem_conn *conn,
					unsigned int subclass)
{
	down_read_nested(&conn->qp_sem, subclass);
	if (READ_ONCE(conn->state) != GVTMEM_CONN_UP || !conn->qp ||
	    gvtmem_rdma_port_down(conn->qp->device)) {
		up_read(&conn->qp_sem);
		return -ENOTCONN;
	}
	return 0;
}

/* gvtmem_conn_get_queue_nested for a caller holding no other queue. */
int gvtmem_conn_get_queue(struct gvtmem_conn *conn)
{
	return gvtmem_conn_get_queue_nested(conn, 0);
}

/*
 * Post one RDMA request for the nr pages of io, adjacent in one remote
 * block, on conn (qp_sem held): one work request with a page per SGE.
 * 0 and the waiter in *wp, or an error.
 */
static int gvtmem_page_io_post(struct gvtmem_conn *conn,
			       struct gvtmem_page_io *io, unsigned int nr,
			       bool write, gvtmem_page_io_done_t done,
			       void *ctx, struct gvtmem_wait **wp)
{
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct ib_device *dev = conn->pd->device;
	struct ib_sge sge[GVTMEM_PAGE_IO_MAX];
	struct ib_rdma_wr wr = {};
	struct gvtmem_wait *w;
	unsigned int i;
	u64 *pages;
	int ret;

	for (i = 0; i < nr; i++) {
		ret = gvtmem_fault_page_io(conn->peer);
		if (ret)
			return ret;
	}
	/* The store path: no reclaim; failing the page is always safe. */
	w = gvtmem_wait_alloc(GFP_NOWAIT | __GFP_NOWARN,
			      nr * (sizeof(u64) + sizeof(struct page *)));
	if (!w)
		return -ENOMEM;
	pages = (u64 *)w->buf;
	w->held = (struct page **)(pages + nr);
	w->dev = dev;
	w->dir = dir;
	for (i = 0; i < nr; i++) {
		pages[i] = ib_dma_map_page(dev, io[i].page, 0, PAGE_SIZE, dir);
		if (ib_dma_mapping_error(dev, pages[i])) {
			gvtmem_wait_put(w);	/* unmaps the first i */
			return -EIO;
		}
		get_page(io[i].page);
		w->held[i] = io[i].page;
		w->nr_pages = i + 1;
		sge[i].addr = pages[i];
		sge[i].length = PAGE_SIZE;
		sge[i].lkey = conn->pd->local_dma_lkey;
	}
	wr.wr.wr_cqe = &w->cqe;
	wr.wr.sg_list = sge;
	wr.wr.num_sge = nr;
	wr.wr.opcode = write ? IB_WR_RDMA_WRITE : IB_WR_RDMA_READ;
	wr.wr.send_flags = IB_SEND_SIGNALED;
	wr.remote_addr = io[0].addr;
	wr.rkey = io[0].rkey;
	if (done) {
		/* Only a completion says it worked; a failure resets. */
		w->status = IB_WC_WR_FLUSH_ERR;
		w->unwaited = conn;
		w->done_fn = done;
		w->done_ctx = ctx;
	}
	w->lat_op = !write ? GVTMEM_LAT_READ :
		    done ? GVTMEM_LAT_WRITE_ASYNC : GVTMEM_LAT_WRITE;
	w->posted_ns = ktime_get_ns();
	refcount_inc(&w->ref);		/* the completion's */
	ret = ib_post_send(write ? conn->qp : gvtmem_conn_read_qp(conn),
			   &wr.wr, NULL);
	if (ret) {
		refcount_dec(&w->ref);
		w->done_fn = NULL;	/* never posted: the caller is told */
		gvtmem_wait_put(w);
		gvtmem_post_failed(conn, ret);
		return ret;
	}
	*wp = w;
	return 0;
}

/* How many of io[0..n) continue io[0] in the same block, up to max. */
static unsigned int gvtmem_page_io_run(const struct gvtmem_page_io *io,
				       unsigned int n, unsigned int max)
{
	unsigned int k = 1;

	while (k < n && k < max && io[k].rkey == io[0].rkey &&
	       io[k].addr == io[k - 1].addr + PAGE_SIZE)
		k++;
	return k;
}

/*
 * Write n pages to, or read them from, 4 KiB places in blocks peer granted
 * (io[i].addr under io[i].rkey): all requests are posted at once, so the
 * n transfers share round trips (and pages adjacent in a block share a
 * request), then each is waited for, within one bound for all. Sets
 * io[i].ret to 0, -ENOTCONN, -EIO or -ETIMEDOUT (a failed read leaves the
 * page's contents undefined); returns how many succeeded. A timeout
 * resets the connection.
 */
int gvtmem_transport_page_io_many(u32 peer, struct gvtmem_page_io *io,
				  unsigned int n, bool write)
{
	struct gvtmem_wait *w[GVTMEM_PAGE_IO_MAX] = {};
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	unsigned int len[GVTMEM_PAGE_IO_MAX];
	unsigned long deadline;
	unsigned int i, k, ok = 0;
	bool reset = false;
	int ret;

	if (WARN_ON_ONCE(n > GVTMEM_PAGE_IO_MAX))
		n = GVTMEM_PAGE_IO_MAX;
	ret = conn ? 0 : -ENOENT;
	if (conn) {
		gvtmem_fault_delay(peer);
		ret = gvtmem_conn_get_queue(conn);
	}
	if (ret) {
		for (i = 0; i < n; i++)
			io[i].ret = ret;
		return 0;
	}
	/*
	 * qp_sem stays read-held until every request is done or given up.
	 * Pages adjacent in one block share a request: len[i] pages from i.
	 */
	for (i = 0; i < n; i += len[i]) {
		len[i] = gvtmem_page_io_run(&io[i], n - i, conn->max_sge);
		ret = gvtmem_page_io_post(conn, &io[i], len[i], write, NULL,
					  NULL, &w[i]);
		for (k = i; k < i + len[i]; k++)
			io[k].ret = ret;
	}
	deadline = jiffies + msecs_to_jiffies(GVTMEM_IO_TIMEOUT_MS);
	for (i = 0; i < n; i += len[i]) {
		if (!w[i])
			continue;
		ret = gvtmem_page_io_wait(conn, w[i], deadline, &reset);
		ok += ret ? 0 : len[i];
		for (k = i; k < i + len[i]; k++)
			io[k].ret = ret;
	}
	up_read(&conn->qp_sem);
	return ok;
}

/*
 * Write one page to n places, each in a block a different peer granted
 * (io[i].peer, io[i].addr under io[i].rkey, io[i].page): every request is
 * posted before any is waited for, so the copies share one round trip
 * instead of taking one each. The queues are taken in order of peer id,
 * so that no two callers wait on each other's. Sets io[i].ret as
 * gvtmem_transport_page_io_many does; returns how many were written.
 */
int gvtmem_transport_page_write_copies(struct gvtmem_page_io *io,
				       unsigned int n)
{
	struct gvtmem_conn *conn[GVTMEM_COPIES_MAX] = {};
	struct gvtmem_wait *w[GVTMEM_COPIES_MAX] = {};
	unsigned int by_peer[GVTMEM_COPIES_MAX];
	unsigned int i, j, ok = 0;
	unsigned long deadline;
	bool reset;

	if (WARN_ON_ONCE(n > GVTMEM_COPIES_MAX))
		n = GVTMEM_COPIES_MAX;
	for (i = 0; i < n; i++) {
		for (j = i; j && io[by_peer[j - 1]].peer > io[i].peer; j--)
			by_peer[j] = by_peer[j - 1];
		by_peer[j] = i;
	}
	for (j = 0; j < n; j++) {
		struct gvtmem_conn *c;

		i = by_peer[j];
		c = gvtmem_conn_find(io[i].peer);
		if (WARN_ON_ONCE(j && io[by_peer[j - 1]].peer == io[i].peer)) {
			io[i].ret = -EINVAL;	/* its queue is already taken */
			continue;
		}
		if (!c) {
			io[i].ret = -ENOENT;
			continue;
		}
		gvtmem_fault_delay(io[i].peer);
		/* Distinct peers' queues, taken in one order: nest them. */
		io[i].ret = gvtmem_conn_get_queue_nested(c, j);
		if (io[i].ret)
			continue;
		conn[i] = c;
		io[i].ret = gvtmem_page_io_post(c, &io[i], 1, true, NULL, NULL,
						&w[i]);
	}
	deadline = jiffies + msecs_to_jiffies(GVTMEM_IO_TIMEOUT_MS);
	for (i = 0; i < n; i++) {
		if (!w[i])
			continue;
		reset = false;
		io[i].ret = gvtmem_page_io_wait(conn[i], w[i], deadline, &reset);
		ok += !io[i].ret;
	}
	for (j = n; j--;)
		if (conn[by_peer[j]])
			up_read(&conn[by_peer[j]]->qp_sem);
	return ok;
}

/*
 * Write page to addr under rkey in a block peer granted, and return once
 * the request is posted. done(ctx, 0 or -EIO) runs once it has finished
 * and page is unmapped: from the completion (a workqueue) or, if that came
 * first, from this call, so the caller must not hold what done takes.
 * Requests on one connection are carried out in order, so a later read
 * or write of the same place sees this one. A failure resets the
 * connection; a request that never completes is flushed by the drain of
 * a reset (gvtmem_transport_reset). 0: done will run; an error: it won't.
 */
int gvtmem_transport_page_write_async(u32 peer, struct page *page, u64 addr,
				      u32 rkey, gvtmem_page_io_done_t done,
				      void *ctx)
{
	struct gvtmem_page_io io = { .addr = addr, .rkey = rkey, .page = page };

	return gvtmem_transport_page_write_async_run(peer, &io, 1, done, ctx);
}

/*
 * gvtmem_transport_page_write_async for the n pages of io, adjacent in
 * one block (io[i].addr = io[0].addr + i pages, one rkey): one request,
 * one completion, one done(ctx, ret) for all. -EINVAL if they are not
 * adjacent or more than the connection carries in one request
 * (gvtmem_transport_run_max).
 */
int gvtmem_transport_page_write_async_run(u32 peer, struct gvtmem_page_io *io,
					  unsigned int n,
					  gvtmem_page_io_done_t done, void *ctx)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	struct gvtmem_wait *w;
	int ret;

	if (!conn)
		return -ENOENT;
	gvtmem_fault_delay(peer);
	ret = gvtmem_conn_get_queue(conn);
	if (ret)
		return ret;
	if (!n || gvtmem_page_io_run(io, n, conn->max_sge) != n) {
		up_read(&conn->qp_sem);
		return -EINVAL;
	}
	ret = gvtmem_page_io_post(conn, io, n, true, done, ctx, &w);
	up_read(&conn->qp_sem);
	if (!ret)
		gvtmem_wait_put(w);	/* the completion's reference is left */
	return ret;
}

/* Most adjacent pages one request to peer carries (1 if not connected). */
unsigned int gvtmem_transport_run_max(u32 peer)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);

	return conn ? max(READ_ONCE(conn->max_sge), 1U) : 1;
}

static void gvtmem_keepalive_done(void *ctx, int err)
{
	struct gvtmem_conn *conn = ctx;

	atomic_set(&conn->keepalive_busy, 0);
}

/*
 * A keepalive on conn: a zero-length RDMA WRITE, which needs no key and
 * which the peer's device acknowledges without its CPU. A peer whose queue
 * pair is gone never acknowledges it; it fails after the transport's
 * retries and resets the connection (gvtmem_wait_done). One at a time: a
 * keepalive still out will tell of its own failure.
 */
void gvtmem_conn_keepalive(struct gvtmem_conn *conn)
{
	struct ib_rdma_wr wr = {};
	struct gvtmem_wait *w;

	if (atomic_xchg(&conn->keepalive_busy, 1))
		return;
	if (gvtmem_conn_get_queue(conn)) {
		atomic_set(&conn->keepalive_busy, 0);
		return;
	}
	/* qp_sem is held: no reclaim, it could swap out through this queue. */
	w = gvtmem_wait_alloc(GFP_NOWAIT | __GFP_NOWARN, 0);
	if (!w) {
		up_read(&conn->qp_sem);
		atomic_set(&conn->keepalive_busy, 0);
		return;
	}
	w->status = IB_WC_WR_FLUSH_ERR;
	w->done_fn = gvtmem_keepalive_done;	/* runs once, even if not posted */
	w->done_ctx = conn;
	wr.wr.wr_cqe = &w->cqe;
	wr.wr.opcode = IB_WR_RDMA_WRITE;
	wr.wr.send_flags = IB_SEND_SIGNALED;
	gvtmem_post_nowait(conn, &wr.wr, w);
	up_read(&conn->qp_sem);
}

/* Reset the connection to peer: its queue is drained, then rebuilt. */
void gvtmem_transport_reset(u32 peer)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);

	if (conn)
		gvtmem_conn_error(conn);
}

/* One page: gvtmem_transport_page_io_many of one. */
int gvtmem_transport_page_io(u32 peer, struct page *page, u64 addr, u32 rkey,
			     bool write)
{
	struct gvtmem_page_io io = {
		.addr = addr, .rkey = rkey, .page = page,
	};

	gvtmem_transport_page_io_many(peer, &io, 1, write);
	return io.ret;
}

/*
 * Register the 1 << order pages at dma (mapped on conn's device) for the
 * peer of conn: the MR reaches exactly this block, with remote read and
 * write. qp_sem held for read by the caller. Returns the MR or ERR_PTR.
 */
struct ib_mr *gvtmem_conn_reg_block(struct gvtmem_conn *conn, u64 dma,
				    unsigned int order)
{
	struct ib_reg_wr wr = {};
	struct scatterlist sg;
	struct gvtmem_wait *w;
	struct ib_mr *mr;
	int ret, n;

	/*
	 * One page more than the block: soft-RoCE (rxe) in 5.10, having
	 * copied an MR's last page, reads the pointer to the next map past
	 * the end of its map table (rxe_mem_copy), which KASAN reports on
	 * every access to a block's last page. A spare slot keeps that read
	 * inside the table; other devices just get room for one more page.
	 */
	mr = ib_alloc_mr(conn->pd, IB_MR_TYPE_MEM_REG, (1 << order) + 1);
	if (IS_ERR(mr))
		return mr;
	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = dma;
	sg_dma_len(&sg) = PAGE_SIZE << order;
	/* Zero-based: the peer sees offsets in the block, not our addresses. */
	n = ib_map_mr_sg_zbva(mr, &sg, 1, NULL, PAGE_SIZE);
	if (n != 1) {
		ret = n < 0 ? n : -EINVAL;
		goto err_mr;
	}
	w = gvtmem_wait_alloc(GFP_KERNEL, 0);
	if (!w) {
		ret = -ENOMEM;
		goto err_mr;
	}
	ib_update_fast_reg_key(mr, ib_inc_rkey(mr->rkey));
	wr.wr.wr_cqe = &w->cqe;
	wr.wr.opcode = IB_WR_REG_MR;
	wr.wr.send_flags = IB_SEND_SIGNALED;
	wr.mr = mr;
	wr.key = mr->rkey;
	wr.access = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_READ |
		    IB_ACCESS_REMOTE_WRITE;
	ret = gvtmem_post_wait(conn, &wr.wr, w);
	if (ret == -ETIMEDOUT) {
		/* Still queued: the device may use mr until the drain. */
		gvtmem_conn_park_mr(conn, mr);
		return ERR_PTR(ret);
	}
	if (ret)
		goto err_mr;
	return mr;

err_mr:
	ib_dereg_mr(mr);
	return ERR_PTR(ret);
}

/*
 * Revoke the peer's access to mr with a local invalidation (waited for)
 * and free it. qp_sem held for read and the connection up.
 */
void gvtmem_conn_unreg_block(struct gvtmem_conn *conn, struct ib_mr *mr)
{
	struct ib_send_wr wr = {};
	struct gvtmem_wait *w = gvtmem_wait_alloc(GFP_KERNEL, 0);

	if (w) {
		wr.wr_cqe = &w->cqe;
		wr.opcode = IB_WR_LOCAL_INV;
		wr.send_flags = IB_SEND_SIGNALED;
		wr.ex.invalidate_rkey = mr->rkey;
		if (gvtmem_post_wait(conn, &wr, w) == -ETIMEDOUT) {
			/* Still queued: the device may use mr until the drain. */
			gvtmem_conn_park_mr(conn, mr);
			return;
		}
	}
	ib_dereg_mr(mr);
}
