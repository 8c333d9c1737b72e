// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA connections between gvtmem nodes and the control channel over them.
 * The state machine is described in conn-pri.h.
 *
 * CM events arrive in the RDMA CM's work context; completions are polled
 * from a workqueue (IB_POLL_WORKQUEUE), so every receive is handled in
 * process context. A cm_id is never destroyed inside its own handler:
 * errors queue teardown_work, which disconnects, drains and destroys.
 * Every wait is bounded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/route.h>

#include "../kernel/config.h"
#include "../kernel/protocol.h"
#include "conn-pri.h"
#include "transport.h"

#define GVTMEM_CM_MAGIC		0x43564d47	/* "GMVC" on the wire */
#define GVTMEM_CM_VERSION	2	/* 2: nonces bind frame tags */
#define GVTMEM_CM_TIMEOUT_MS	2000
#define GVTMEM_BACKOFF_MIN_MS	500
#define GVTMEM_BACKOFF_MAX_MS	4000	/* the passive side cannot dial: keep heals short */
/*
 * One connect attempt, start to ESTABLISHED. The CM's own REQ retries can
 * take minutes when the peer's link is down; a heal must not wait for them.
 */
#define GVTMEM_CONNECT_TIMEOUT_MS 10000
/* How long teardown waits for the peer to answer our DREQ. */
#define GVTMEM_DISCONNECT_TIMEOUT_MS 1000
/*
 * Transport retries: a request unacknowledged for 4.096 us << 17 (537 ms)
 * is sent again, up to 6 times; then the QP fails (after about 3.8 s).
 * With the CM's default for RoCE (about 2.15 s) one lost packet outlived
 * the 2 s page-I/O bound and always became a reset. Shorter would reset
 * connections to guests that are merely descheduled for 2 s on a loaded
 * host. 7 retries would mean "forever" on rxe.
 */
#define GVTMEM_ACK_TIMEOUT	17
#define GVTMEM_RETRY_COUNT	6
#define GVTMEM_KEEPALIVE_MS	1000

/* Connection private data: checked before anything else on accept. */
struct gvtmem_cm_priv {
	__le32 magic;
	__le16 version;
	__le16 reserved;
	__le32 node;
	__le32 lane_qpn;	/* this end's load lane (lane.c); 0: none */
	__le64 nonce;		/* this end's, fresh for each attempt */
} __packed;

/* How long a frame that arrived before the connection's binding waits. */
#define GVTMEM_BIND_WAIT_MS	2000

const char * const gvtmem_conn_state_names[GVTMEM_CONN_NR_STATES] = {
	[GVTMEM_CONN_DOWN] = "down",
	[GVTMEM_CONN_CONNECTING] = "connecting",
	[GVTMEM_CONN_UP] = "up",
	[GVTMEM_CONN_CLOSING] = "closing",
};

atomic_long_t gvtmem_drops[GVTMEM_NR_DROPS];
/* Control messages sent (queued, for posts) since load, by type. */
atomic_long_t gvtmem_sent[GVTMEM_MSG_NR_TYPES];

/*
 * The running transport. gvtmem_transport_mutex serialises start and stop;
 * the connections array is fixed while running.
 */
static DEFINE_MUTEX(gvtmem_transport_mutex);
static struct gvtmem_conn *gvtmem_conns[GVTMEM_MAX_NODES];
/*
 * The listener. gvtmem_listen_lock protects the pointer only, and is never
 * held across a CM call: rdma_destroy_id waits for the id's handler, which
 * takes the lock. listen_work (re)creates the listener: after a device
 * went away with it, or a port came back (the listener may be gone with
 * the link), retrying every GVTMEM_RELISTEN_MS while it cannot bind.
 */
static DEFINE_SPINLOCK(gvtmem_listen_lock);
static struct rdma_cm_id *gvtmem_listen_id;
static struct sockaddr_in gvtmem_listen_addr;
static bool gvtmem_relisten;		/* listen_work replaces a live one */
static void gvtmem_listen_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_listen_work, gvtmem_listen_work_fn);
#define GVTMEM_RELISTEN_MS	2000
static const struct gvtmem_transport_ops *gvtmem_ops;
static void *gvtmem_ops_priv;
static u32 gvtmem_self;
static bool gvtmem_running;
static struct workqueue_struct *gvtmem_wq;

struct gvtmem_conn *gvtmem_conn_find(u32 peer)
{
	return peer < GVTMEM_MAX_NODES ? gvtmem_conns[peer] : NULL;
}

u32 gvtmem_transport_self(void)
{
	return READ_ONCE(gvtmem_self);
}

bool gvtmem_transport_peer_up(u32 peer)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);

	return conn && READ_ONCE(conn->state) == GVTMEM_CONN_UP;
}

unsigned int gvtmem_transport_up_gen(u32 peer)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);

	return conn ? gvtmem_conn_up_gen(conn) : 0;
}

/* What the user says peer lends it, and it lends peer; 0 while stopped. */
unsigned int gvtmem_transport_blocks_borrowed(u32 peer)
{
	const struct gvtmem_transport_ops *ops = READ_ONCE(gvtmem_ops);

	return ops && ops->blocks_borrowed ?
	       ops->blocks_borrowed(gvtmem_ops_priv, peer) : 0;
}

unsigned int gvtmem_transport_blocks_lent(u32 peer)
{
	const struct gvtmem_transport_ops *ops = READ_ONCE(gvtmem_ops);

	return ops && ops->blocks_lent ? ops->blocks_lent(gvtmem_ops_priv, peer) : 0;
}

/* expose.c ended every exposure to peer (qp_sem held for write). */
void gvtmem_transport_unexposed(u32 peer)
{
	if (gvtmem_ops && gvtmem_ops->unexposed)
		gvtmem_ops->unexposed(gvtmem_ops_priv, peer);
}

/* The one place a connection changes state; lock held. */
static void gvtmem_conn_set_state(struct gvtmem_conn *conn,
				  enum gvtmem_conn_state to)
{
	enum gvtmem_conn_state from = conn->state;
	bool ok;

	lockdep_assert_held(&conn->lock);
	switch (to) {
	case GVTMEM_CONN_CONNECTING:
		ok = from == GVTMEM_CONN_DOWN;
		break;
	case GVTMEM_CONN_UP:
		ok = from == GVTMEM_CONN_CONNECTING;
		break;
	case GVTMEM_CONN_CLOSING:
		ok = from == GVTMEM_CONN_CONNECTING || from == GVTMEM_CONN_UP;
		break;
	case GVTMEM_CONN_DOWN:
		ok = from == GVTMEM_CONN_CLOSING;
		break;
	default:
		ok = false;
	}
	if (WARN_ONCE(!ok, "peer %u: bad transition %s -> %s\n", conn->peer,
		      gvtmem_conn_state_names[from], gvtmem_conn_state_names[to]))
		return;
	WRITE_ONCE(conn->state, to);
	if (to == GVTMEM_CONN_UP)
		conn->up_gen++;
	if (to == GVTMEM_CONN_UP || from == GVTMEM_CONN_UP)
		queue_work(gvtmem_wq, &conn->notify_work);
	if (to == GVTMEM_CONN_UP)
		mod_delayed_work(gvtmem_wq, &conn->keepalive,
				 msecs_to_jiffies(GVTMEM_KEEPALIVE_MS));
}

/* Any failure: tear the connection down once, from a work item. */
void gvtmem_conn_error(struct gvtmem_conn *conn)
{
	unsigned long flags;

	spin_lock_irqsave(&conn->lock, flags);
	if (conn->state == GVTMEM_CONN_CONNECTING || conn->state == GVTMEM_CONN_UP) {
		gvtmem_conn_set_state(conn, GVTMEM_CONN_CLOSING);
		if (!test_and_set_bit(GVTMEM_CONN_TEARDOWN, &conn->flags))
			queue_work(gvtmem_wq, &conn->teardown_work);
	}
	spin_unlock_irqrestore(&conn->lock, flags);
}

/* Which time the connection came up, if it is up now; 0 if it is not. */
unsigned int gvtmem_conn_up_gen(struct gvtmem_conn *conn)
{
	unsigned int gen = 0;
	unsigned long flags;

	spin_lock_irqsave(&conn->lock, flags);
	if (conn->state == GVTMEM_CONN_UP)
		gen = conn->up_gen;
	spin_unlock_irqrestore(&conn->lock, flags);
	return gen;
}

/* ---- receive ---- */

static int gvtmem_post_recv(struct gvtmem_conn *conn, struct gvtmem_recv *r)
{
	struct ib_sge sge = {
		.addr = r->dma,
		.length = GVTMEM_FRAME_MAX_LEN,
		.lkey = conn->pd->local_dma_lkey,
	};
	struct ib_recv_wr wr = {
		.wr_cqe = &r->cqe,
		.sg_list = &sge,
		.num_sge = 1,
	};

	return ib_post_recv(conn->qp, &wr, NULL);
}

static void gvtmem_recv_deliver(struct gvtmem_conn *conn, void *buf, u32 len)
{
	struct gvtmem_frame f;
	enum gvtmem_frame_err ferr;

	if (gvtmem_fault_drop_frame(conn->peer))
		return;
	if (!wait_for_completion_timeout(&conn->bound,
					 msecs_to_jiffies(GVTMEM_BIND_WAIT_MS)))
		pr_warn_ratelimited("peer %u: frame before the connection was bound\n",
				    conn->peer);
	/* Nothing in a frame is believed before its tag is. */
	if (len >= GVTMEM_FRAME_HDR_LEN &&
	    !gvtmem_ops->tag_ok(gvtmem_ops_priv, buf, len, &conn->bind)) {
		atomic_long_inc(&gvtmem_drops[GVTMEM_DROP_BAD_TAG]);
		pr_warn_ratelimited("peer %u: frame dropped: authentication tag does not match our cluster key and this connection\n",
				    conn->peer);
		return;
	}
	ferr = gvtmem_frame_decode(buf, len, &f);
	if (ferr != GVTMEM_FRAME_OK) {
		atomic_long_inc(&gvtmem_drops[ferr]);
		pr_warn_ratelimited("peer %u: frame dropped: %s\n", conn->peer,
				    gvtmem_frame_err_names[ferr]);
		return;
	}
	if (f.sender != conn->peer) {
		atomic_long_inc(&gvtmem_drops[GVTMEM_DROP_BAD_SENDER]);
		pr_warn_ratelimited("peer %u: frame dropped: claims to be from node %u\n",
				    conn->peer, f.sender);
		return;
	}
	if (f.seq <= conn->rx_seq) {
		atomic_long_inc(&gvtmem_drops[GVTMEM_DROP_REPLAY]);
		pr_warn_ratelimited("peer %u: frame dropped: sequence %llu replayed (last %llu)\n",
				    conn->peer, f.seq, conn->rx_seq);
		return;
	}
	if (!gvtmem_ops->payload_ok(gvtmem_ops_priv, &f)) {
		atomic_long_inc(&gvtmem_drops[GVTMEM_DROP_PAYLOAD]);
		pr_warn_ratelimited("peer %u: frame dropped: bad payload for type %u\n",
				    conn->peer, f.type);
		return;
	}
	conn->rx_seq = f.seq;
	atomic_long_inc(&conn->frames_received);
	gvtmem_ops->recv(gvtmem_ops_priv, conn->peer, &f);
}

static void gvtmem_recv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct gvtmem_recv *r = container_of(wc->wr_cqe, struct gvtmem_recv, cqe);
	struct gvtmem_conn *conn = r->conn;
	struct ib_device *dev = cq->device;

	if (wc->status != IB_WC_SUCCESS) {
		if (wc->status != IB_WC_WR_FLUSH_ERR) {
			pr_warn("peer %u: receive failed: %s\n", conn->peer,
				ib_wc_status_msg(wc->status));
			gvtmem_conn_error(conn);
		}
		return;
	}
	ib_dma_sync_single_for_cpu(dev, r->dma, GVTMEM_FRAME_MAX_LEN,
				   DMA_FROM_DEVICE);
	gvtmem_recv_deliver(conn, r->buf, wc->byte_len);
	ib_dma_sync_single_for_device(dev, r->dma, GVTMEM_FRAME_MAX_LEN,
				      DMA_FROM_DEVICE);
	if (gvtmem_post_recv(conn, r))
		gvtmem_conn_error(conn);
}

/* ---- queue: PD, CQ, QP and receive buffers of one connection ---- */

static void gvtmem_queue_free_recv(struct gvtmem_conn *conn,
				   struct ib_device *dev)
{
	int i;

	for (i = 0; i < GVTMEM_NR_RECV; i++) {
		struct gvtmem_recv *r = &conn->recv[i];

		if (!r->buf)
			continue;
		ib_dma_unmap_single(dev, r->dma, GVTMEM_FRAME_MAX_LEN,
				    DMA_FROM_DEVICE);
		kfree(r->buf);
		r->buf = NULL;
	}
}

/*
 * With qp_sem held for write: drain the QP and put it out of posters'
 * reach (gvtmem_conn_get_queue fails from now on).
 */
static void gvtmem_queue_unpublish(struct gvtmem_conn *conn)
{
	gvtmem_lane_unpublish(conn);
	if (!conn->qp)
		return;
	ib_drain_qp(conn->qp);
	conn->qp = NULL;
}

/* Free the MRs parked while requests on them may have been queued. */
static void gvtmem_conn_free_parked(struct gvtmem_conn *conn)
{
	struct ib_mr *mr, *tmp;
	LIST_HEAD(parked);

	spin_lock_irq(&conn->lock);
	list_splice_init(&conn->parked_mrs, &parked);
	spin_unlock_irq(&conn->lock);
	list_for_each_entry_safe(mr, tmp, &parked, qp_entry) {
		list_del(&mr->qp_entry);
		ib_dereg_mr(mr);
	}
}

/* An MR a request may still reach: freed by teardown, after the drain. */
void gvtmem_conn_park_mr(struct gvtmem_conn *conn, struct ib_mr *mr)
{
	unsigned long flags;

	spin_lock_irqsave(&conn->lock, flags);
	list_add_tail(&mr->qp_entry, &conn->parked_mrs);
	spin_unlock_irqrestore(&conn->lock, flags);
}

/*
 * Destroy what gvtmem_queue_create made, once unpublished and drained.
 * id is the live cm_id inside its own handler (error paths), or NULL
 * once teardown destroyed it: then the QP goes without the CM's help.
 * Not under qp_sem: rdma_destroy_qp takes the CM's qp_mutex, which the
 * CM holds while the device allocates (modify_qp), and an allocation may
 * swap out through a queue, taking qp_sem.
 */
static void gvtmem_queue_destroy(struct gvtmem_conn *conn,
				 struct rdma_cm_id *id)
{
	if (id && id->qp)
		rdma_destroy_qp(id);
	else if (conn->own_qp)
		ib_destroy_qp(conn->own_qp);
	conn->own_qp = NULL;
	gvtmem_lane_destroy(conn);
	gvtmem_conn_free_parked(conn);
	if (conn->pd)
		gvtmem_queue_free_recv(conn, conn->pd->device);
	if (conn->cq) {
		ib_free_cq(conn->cq);
		conn->cq = NULL;
	}
}

/*
 * Free conn's PD, and every exposure on it first: its device goes, the
 * transport stops, or a new queue is on another device. qp_sem held for
 * write, no queue left on the PD.
 */
static void gvtmem_conn_free_pd(struct gvtmem_conn *conn)
{
	lockdep_assert_held_write(&conn->qp_sem);
	if (!conn->pd)
		return;
	gvtmem_expose_pd_down(conn);
	ib_dealloc_pd(conn->pd);
	conn->pd = NULL;
}

/*
 * Once conn is torn down: free its PD unless a new attempt already built
 * a queue on it (then that attempt's teardown comes first). True if no
 * PD is left.
 */
static bool gvtmem_conn_drop_pd(struct gvtmem_conn *conn)
{
	bool done;

	down_write(&conn->qp_sem);
	done = !conn->own_qp && !conn->cq;
	if (done)
		gvtmem_conn_free_pd(conn);
	up_write(&conn->qp_sem);
	return done;
}

/*
 * A QP that holds the number of conn's previous QP while the next one is
 * made, or NULL if that number is free to be given out again. The peer's
 * CM may still hold one of our past attempts with that number in a live
 * state: a retransmitted REQ it accepted after we had given the attempt
 * up, for one. It then refuses every REQ and REP from the number as a
 * stale connection (IB_CM_REJ_STALE_CONN) until its own attempt times
 * out, 10 s later, and it cannot disconnect that attempt to clear it.
 * Soft-RoCE on 5.10 hands out the number it freed last first, so without
 * this every attempt to a peer carries the same number.
 */
static struct ib_qp *gvtmem_qpn_hold(struct gvtmem_conn *conn)
{
	struct ib_qp_init_attr attr;
	struct ib_qp *qp;

	if (!conn->last_qpn)
		return NULL;
	gvtmem_rc_qp_attr(&attr, conn->cq, 1, 1, 1);
	qp = ib_create_qp(conn->pd, &attr);
	if (IS_ERR(qp))
		return NULL;
	if (qp->qp_num == conn->last_qpn)
		return qp;
	/* The number given out next is this one, or another: not the old. */
	ib_destroy_qp(qp);
	return NULL;
}

static int gvtmem_queue_create(struct gvtmem_conn *conn, struct rdma_cm_id *id)
{
	struct ib_qp *held;
	struct ib_device *dev = id->device;
	struct ib_qp_init_attr attr;
	int i, ret;

	/*
	 * The PD outlives queues: the blocks lent to the peer are registered
	 * in it, and stay reachable by the next queue pair (a reset is not a
	 * revocation). Only a queue on another device needs a new one.
	 */
	if (conn->pd && conn->pd->device != dev) {
		pr_info("peer %u: now reached through %s; blocks lent over the old device are revoked\n",
			conn->peer, dev_name(&dev->dev));
		gvtmem_conn_free_pd(conn);
	}
	if (!conn->pd) {
		struct ib_pd *pd = ib_alloc_pd(dev, 0);

		if (IS_ERR(pd))
			return PTR_ERR(pd);
		conn->pd = pd;
	}
	/* Every send and receive may complete at once, +1 for the drain. */
	conn->cq = ib_alloc_cq(dev, conn, GVTMEM_NR_RECV + GVTMEM_SEND_DEPTH + 2,
			       0, IB_POLL_WORKQUEUE);
	if (IS_ERR(conn->cq)) {
		ret = PTR_ERR(conn->cq);
		conn->cq = NULL;
		goto err_queue;
	}
	/* Page I/O to adjacent remote pages goes in one request. */
	conn->max_sge = clamp_t(int, dev->attrs.max_send_sge, 1, GVTMEM_PAGE_IO_MAX);
	gvtmem_rc_qp_attr(&attr, conn->cq, GVTMEM_SEND_DEPTH + 1,
			  GVTMEM_NR_RECV + 1, conn->max_sge);
	held = gvtmem_qpn_hold(conn);
	ret = rdma_create_qp(id, conn->pd, &attr);
	if (held)
		ib_destroy_qp(held);
	if (ret)
		goto err_queue;
	conn->qp = id->qp;
	conn->own_qp = id->qp;
	conn->last_qpn = id->qp->qp_num;
	gvtmem_lane_create(conn);

	for (i = 0; i < GVTMEM_NR_RECV; i++) {
		struct gvtmem_recv *r = &conn->recv[i];

		r->buf = kmalloc(GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
		if (!r->buf) {
			ret = -ENOMEM;
			goto err_queue;
		}
		r->dma = ib_dma_map_single(dev, r->buf, GVTMEM_FRAME_MAX_LEN,
					   DMA_FROM_DEVICE);
		if (ib_dma_mapping_error(dev, r->dma)) {
			kfree(r->buf);
			r->buf = NULL;
			ret = -EIO;
			goto err_queue;
		}
		r->conn = conn;
		r->cqe.done = gvtmem_recv_done;
		ret = gvtmem_post_recv(conn, r);
		if (ret)
			goto err_queue;
	}
	conn->rx_seq = 0;
	return 0;

err_queue:
	gvtmem_queue_unpublish(conn);
	return ret;
}

/*
 * gvtmem_queue_create with qp_sem held for write; on failure, what was
 * made is destroyed after. Swap-outs take qp_sem for read (page I/O), so
 * allocations made meanwhile must not reclaim by swapping: they would
 * wait for this very queue.
 */
static int gvtmem_queue_create_locked(struct gvtmem_conn *conn,
				      struct rdma_cm_id *id)
{
	unsigned int noio = memalloc_noio_save();
	int ret;

	down_write(&conn->qp_sem);
	ret = gvtmem_queue_create(conn, id);
	up_write(&conn->qp_sem);
	if (ret)
		gvtmem_queue_destroy(conn, id);
	memalloc_noio_restore(noio);
	return ret;
}

static void gvtmem_conn_param(struct gvtmem_conn *conn,
			      struct rdma_conn_param *param,
			      struct gvtmem_cm_priv *priv, struct ib_device *dev)
{
	memset(priv, 0, sizeof(*priv));
	priv->magic = cpu_to_le32(GVTMEM_CM_MAGIC);
	priv->version = cpu_to_le16(GVTMEM_CM_VERSION);
	priv->node = cpu_to_le32(gvtmem_self);
	priv->nonce = cpu_to_le64(conn->local_nonce);
	priv->lane_qpn = cpu_to_le32(gvtmem_lane_qpn(conn));
	memset(param, 0, sizeof(*param));
	param->private_data = priv;
	param->private_data_len = sizeof(*priv);
	/* Page loads are RDMA READs: allow a few in flight each way. */
	param->responder_resources = min(dev->attrs.max_qp_rd_atom, 16);
	param->initiator_depth = min(dev->attrs.max_qp_init_rd_atom, 16);
	param->retry_count = GVTMEM_RETRY_COUNT;
	param->rnr_retry_count = 7;	/* the peer is alive; it will post */
}

/* ---- connection manager events ---- */

/* A peer's private data, if it is a gvtmem peer of our version. */
static const struct gvtmem_cm_priv *
gvtmem_cm_priv_of(const struct rdma_cm_event *ev)
{
	const struct gvtmem_cm_priv *p = ev->param.conn.private_data;

	if (!p || ev->param.conn.private_data_len < sizeof(*p) ||
	    le32_to_cpu(p->magic) != GVTMEM_CM_MAGIC ||
	    le16_to_cpu(p->version) != GVTMEM_CM_VERSION)
		return NULL;
	return p;
}

/*
 * A new attempt on conn, lock held: fresh nonce, no binding yet. Frames
 * of the previous connection can never verify on this one.
 */
static void gvtmem_conn_new_attempt(struct gvtmem_conn *conn,
				    struct rdma_cm_id *id)
{
	lockdep_assert_held(&conn->lock);
	conn->cm_id = id;
	conn->established = false;
	conn->local_nonce = get_random_u64();
	memset(&conn->bind, 0, sizeof(conn->bind));
	reinit_completion(&conn->bound);
	reinit_completion(&conn->disconnected);
}

/* Bind conn's frame tags to both nonces; before the connection is up. */
static void gvtmem_conn_bind(struct gvtmem_conn *conn, u64 peer_nonce)
{
	u64 active = conn->active ? conn->local_nonce : peer_nonce;
	u64 passive = conn->active ? peer_nonce : conn->local_nonce;

	conn->bind.active_nonce = cpu_to_le64(active);
	conn->bind.passive_nonce = cpu_to_le64(passive);
	complete_all(&conn->bound);
}

static int gvtmem_cm_connect_request(struct rdma_cm_id *id,
				     struct rdma_cm_event *ev)
{
	const struct gvtmem_cm_priv *req = gvtmem_cm_priv_of(ev);
	struct rdma_conn_param param;
	struct gvtmem_cm_priv priv;
	struct gvtmem_conn *conn;
	u32 node;
	int ret;

	if (!req) {
		pr_warn("connection refused: not a gvtmem peer, or another protocol version\n");
		goto reject;
	}
	node = le32_to_cpu(req->node);
	conn = gvtmem_conn_find(node);
	if (!conn || conn->active) {
		pr_warn("connection refused: node %u is not a configured peer that connects to us\n",
			node);
		goto reject;
	}

	spin_lock_irq(&conn->lock);
	if (conn->state != GVTMEM_CONN_DOWN) {
		/* The peer restarted: drop the old connection; it retries. */
		spin_unlock_irq(&conn->lock);
		pr_info("peer %u: new connection while %s; resetting the old one\n",
			node, gvtmem_conn_state_names[conn->state]);
		gvtmem_conn_error(conn);
		goto reject;
	}
	gvtmem_conn_set_state(conn, GVTMEM_CONN_CONNECTING);
	gvtmem_conn_new_attempt(conn, id);
	gvtmem_conn_bind(conn, le64_to_cpu(req->nonce));
	spin_unlock_irq(&conn->lock);
	id->context = conn;

	ret = gvtmem_queue_create_locked(conn, id);
	if (ret)
		goto err_conn;
	rdma_set_ack_timeout(id, GVTMEM_ACK_TIMEOUT);
	/* Before the reply names it: a lane that fails is not named. */
	gvtmem_lane_connect(conn, id, le32_to_cpu(req->lane_qpn));
	gvtmem_conn_param(conn, &param, &priv, id->device);
	/* The passive side bounds its attempt too. */
	WRITE_ONCE(conn->connect_stage, "waiting for the peer to confirm");
	mod_delayed_work(gvtmem_wq, &conn->connect_timeout,
			 msecs_to_jiffies(GVTMEM_CONNECT_TIMEOUT_MS));
	ret = rdma_accept(id, &param);
	if (ret) {
		down_write(&conn->qp_sem);
		gvtmem_queue_unpublish(conn);
		up_write(&conn->qp_sem);
		gvtmem_queue_destroy(conn, id);
		goto err_conn;
	}
	return 0;

err_conn:
	pr_warn("peer %u: cannot accept connection: %d\n", node, ret);
	spin_lock_irq(&conn->lock);
	conn->cm_id = NULL;
	gvtmem_conn_set_state(conn, GVTMEM_CONN_CLOSING);
	gvtmem_conn_set_state(conn, GVTMEM_CONN_DOWN);
	spin_unlock_irq(&conn->lock);
	id->context = NULL;
reject:
	rdma_reject(id, NULL, 0, IB_CM_REJ_CONSUMER_DEFINED);
	return 1;	/* the CM destroys this id */
}

/*
 * Whether a packet to the peer can leave now: a route to it through a
 * device that is running with its carrier on. When the link goes down,
 * the route goes a little before the RDMA port-down event comes, and a
 * CM message (on the device's QP1) sent in between fails. Soft-RoCE on
 * 5.10 then puts QP1 in the error state and never takes it out: its
 * receive side drops every CM message after, silently, until the device
 * is made anew (Documentation/testing.md, "Connections that stop"). So
 * no CM message of ours goes out while this is false.
 */
static bool gvtmem_conn_link_usable(struct gvtmem_conn *conn)
{
	struct flowi4 fl4 = { .daddr = conn->addr.sin_addr.s_addr };
	struct rtable *rt;
	bool ok;

	rt = ip_route_output_key(&init_net, &fl4);
	if (IS_ERR(rt))
		return false;
	ok = netif_running(rt->dst.dev) && netif_carrier_ok(rt->dst.dev);
	ip_rt_put(rt);
	return ok;
}

static void gvtmem_cm_route_resolved(struct gvtmem_conn *conn,
				     struct rdma_cm_id *id)
{
	struct rdma_conn_param param;
	struct gvtmem_cm_priv priv;
	int ret;

	if (!gvtmem_conn_link_usable(conn)) {
		pr_info("peer %u: no usable link to it; connecting later\n",
			conn->peer);
		gvtmem_conn_error(conn);
		return;
	}
	ret = gvtmem_queue_create_locked(conn, id);
	if (ret) {
		pr_warn("peer %u: cannot create queue: %d\n", conn->peer, ret);
		gvtmem_conn_error(conn);
		return;
	}
	gvtmem_conn_param(conn, &param, &priv, id->device);
	rdma_set_ack_timeout(id, GVTMEM_ACK_TIMEOUT);
	ret = rdma_connect_locked(id, &param);
	if (ret) {
		pr_warn("peer %u: connect failed: %d\n", conn->peer, ret);
		gvtmem_conn_error(conn);
	}
}

/*
 * An event on the listener. Its device going away takes it along: the CM
 * destroys it when we return 1 (it cannot be destroyed here), and
 * listen_work makes a new one once an RDMA device has our address again.
 */
static int gvtmem_listener_event(struct rdma_cm_id *id,
				 struct rdma_cm_event *ev)
{
	bool ours;

	spin_lock(&gvtmem_listen_lock);
	ours = id == gvtmem_listen_id;
	if (ours && ev->event == RDMA_CM_EVENT_DEVICE_REMOVAL)
		gvtmem_listen_id = NULL;
	spin_unlock(&gvtmem_listen_lock);
	if (!ours)
		return 0;
	pr_info("listener: %s (status %d)\n", rdma_event_msg(ev->event),
		ev->status);
	if (ev->event != RDMA_CM_EVENT_DEVICE_REMOVAL)
		return 0;
	if (READ_ONCE(gvtmem_running))
		mod_delayed_work(system_wq, &gvtmem_listen_work,
				 msecs_to_jiffies(GVTMEM_RELISTEN_MS));
	return 1;
}

static int gvtmem_cm_handler(struct rdma_cm_id *id, struct rdma_cm_event *ev)
{
	struct gvtmem_conn *conn = id->context;
	bool current_id;
	int ret;

	if (ev->event == RDMA_CM_EVENT_CONNECT_REQUEST)
		return gvtmem_cm_connect_request(id, ev);
	if (!conn)		/* the listener, or a refused id */
		return gvtmem_listener_event(id, ev);
	if (ev->event == RDMA_CM_EVENT_DISCONNECTED ||
	    ev->event == RDMA_CM_EVENT_TIMEWAIT_EXIT)
		complete(&conn->disconnected);
	/*
	 * An id teardown has taken (it is destroying it) or an older one:
	 * its events are about a connection that is gone.
	 */
	spin_lock_irq(&conn->lock);
	current_id = conn->cm_id == id;
	spin_unlock_irq(&conn->lock);
	if (!current_id)
		return 0;

	switch (ev->event) {
	case RDMA_CM_EVENT_ADDR_RESOLVED:
		WRITE_ONCE(conn->connect_stage, "resolving the route");
		ret = rdma_resolve_route(id, GVTMEM_CM_TIMEOUT_MS);
		if (ret) {
			pr_warn("peer %u: route resolution failed: %d\n", conn->peer, ret);
			gvtmem_conn_error(conn);
		}
		break;
	case RDMA_CM_EVENT_ROUTE_RESOLVED:
		WRITE_ONCE(conn->connect_stage, "waiting for the peer to accept");
		gvtmem_cm_route_resolved(conn, id);
		break;
	case RDMA_CM_EVENT_ESTABLISHED:
		if (conn->active) {
			const struct gvtmem_cm_priv *rep = gvtmem_cm_priv_of(ev);

			if (!rep) {
				pr_warn("peer %u: connection refused: its reply is not a gvtmem peer's of our version\n",
					conn->peer);
				gvtmem_conn_error(conn);
				break;
			}
			gvtmem_conn_bind(conn, le64_to_cpu(rep->nonce));
			/* The peer aims at our lane: without it, start over. */
			if (gvtmem_lane_connect(conn, id, le32_to_cpu(rep->lane_qpn))) {
				gvtmem_conn_error(conn);
				break;
			}
		}
		spin_lock_irq(&conn->lock);
		conn->established = true;
		if (conn->state == GVTMEM_CONN_CONNECTING) {
			gvtmem_conn_set_state(conn, GVTMEM_CONN_UP);
			conn->backoff_ms = 0;
		}
		spin_unlock_irq(&conn->lock);
		pr_info("peer %u: connected\n", conn->peer);
		break;
	case RDMA_CM_EVENT_ADDR_ERROR:
	case RDMA_CM_EVENT_ROUTE_ERROR:
	case RDMA_CM_EVENT_CONNECT_ERROR:
	case RDMA_CM_EVENT_UNREACHABLE:
	case RDMA_CM_EVENT_REJECTED:
	case RDMA_CM_EVENT_DISCONNECTED:
	case RDMA_CM_EVENT_DEVICE_REMOVAL:
	case RDMA_CM_EVENT_ADDR_CHANGE:
		pr_info("peer %u: %s (status %d)\n", conn->peer,
			rdma_event_msg(ev->event), ev->status);
		gvtmem_conn_error(conn);
		break;
	default:
		break;
	}
	return 0;
}

/* ---- connect, teardown, notify ---- */

static void gvtmem_conn_connect_work(struct work_struct *work)
{
	struct gvtmem_conn *conn = container_of(to_delayed_work(work),
						struct gvtmem_conn, connect_work);
	struct rdma_cm_id *id;
	int ret;

	if (!READ_ONCE(gvtmem_running))
		return;
	id = rdma_create_id(&init_net, gvtmem_cm_handler, conn, RDMA_PS_TCP,
			    IB_QPT_RC);
	if (IS_ERR(id)) {
		pr_warn("peer %u: cannot create CM id: %ld\n", conn->peer, PTR_ERR(id));
		return;
	}
	spin_lock_irq(&conn->lock);
	if (conn->state != GVTMEM_CONN_DOWN) {
		spin_unlock_irq(&conn->lock);
		rdma_destroy_id(id);
		return;
	}
	gvtmem_conn_set_state(conn, GVTMEM_CONN_CONNECTING);
	gvtmem_conn_new_attempt(conn, id);
	spin_unlock_irq(&conn->lock);

	WRITE_ONCE(conn->connect_stage, "resolving the address");
	mod_delayed_work(gvtmem_wq, &conn->connect_timeout,
			 msecs_to_jiffies(GVTMEM_CONNECT_TIMEOUT_MS));
	ret = rdma_resolve_addr(id, NULL, (struct sockaddr *)&conn->addr,
				GVTMEM_CM_TIMEOUT_MS);
	if (ret) {
		pr_warn("peer %u: address resolution failed: %d\n", conn->peer, ret);
		gvtmem_conn_error(conn);
	}
}

/* An attempt still not connected: give it up and try again later. */
static void gvtmem_conn_connect_timeout(struct work_struct *work)
{
	struct gvtmem_conn *conn = container_of(to_delayed_work(work),
						struct gvtmem_conn, connect_timeout);

	if (READ_ONCE(conn->state) != GVTMEM_CONN_CONNECTING)
		return;
	pr_info("peer %u: not connected after %u s (%s); will try again\n",
		conn->peer, GVTMEM_CONNECT_TIMEOUT_MS / 1000,
		READ_ONCE(conn->connect_stage) ?: "starting");
	gvtmem_conn_error(conn);
}

/* Schedule the next connect attempt: doubling backoff plus jitter. */
static void gvtmem_conn_schedule_connect(struct gvtmem_conn *conn)
{
	unsigned int delay;

	if (!conn->active || !READ_ONCE(gvtmem_running))
		return;
	conn->backoff_ms = clamp(conn->backoff_ms * 2, GVTMEM_BACKOFF_MIN_MS,
				 GVTMEM_BACKOFF_MAX_MS);
	delay = conn->backoff_ms + get_random_u32() % (conn->backoff_ms / 2 + 1);
	queue_delayed_work(gvtmem_wq, &conn->connect_work,
			   msecs_to_jiffies(delay));
}

/* notify_mutex held: the user was told the peer is up; tell it down. */
static void gvtmem_conn_notify_down(struct gvtmem_conn *conn)
{
	conn->notified_up = false;
	if (gvtmem_ops && gvtmem_ops->peer_down)
		gvtmem_ops->peer_down(gvtmem_ops_priv, conn->peer);
}

/*
 * The connection is gone (teardown, stop): the user's one peer-down
 * path, if it was told of the connection coming up.
 */
static void gvtmem_conn_tell_down(struct gvtmem_conn *conn)
{
	mutex_lock(&conn->notify_mutex);
	if (conn->notified_up)
		gvtmem_conn_notify_down(conn);
	mutex_unlock(&conn->notify_mutex);
}

static void gvtmem_conn_teardown_work(struct work_struct *work)
{
	struct gvtmem_conn *conn = container_of(work, struct gvtmem_conn,
						teardown_work);
	struct rdma_cm_id *id;
	unsigned int noio;
	bool established;

	/*
	 * Swap-outs may be waiting for this queue (qp_sem): allocations made
	 * while tearing it down must not recurse into swapping.
	 */
	noio = memalloc_noio_save();
	spin_lock_irq(&conn->lock);
	id = conn->cm_id;
	conn->cm_id = NULL;
	established = conn->established;
	spin_unlock_irq(&conn->lock);

	if (id) {
		/*
		 * DREQ, so the peer learns at once; its answer is waited for,
		 * bounded. Not while our port is down or the link unusable
		 * (gvtmem_conn_link_usable): the peer's keepalive finds the
		 * connection gone instead. Not for an attempt that never
		 * connected: there is nothing to disconnect, no answer comes,
		 * and destroying the id sends the peer a reject at once.
		 */
		if (!established) {
			/* rdma_destroy_id below */
		} else if ((id->device && gvtmem_rdma_port_down(id->device)) ||
			   !gvtmem_conn_link_usable(conn)) {
			pr_info("peer %u: link down; closing without a disconnect request\n",
				conn->peer);
		} else if (!rdma_disconnect(id) &&
			   !wait_for_completion_timeout(&conn->disconnected,
							msecs_to_jiffies(GVTMEM_DISCONNECT_TIMEOUT_MS))) {
			pr_info("peer %u: no answer to our disconnect within %u ms\n",
				conn->peer, GVTMEM_DISCONNECT_TIMEOUT_MS);
		}
		/* Waits for this id's running handler; no event comes after. */
		rdma_destroy_id(id);
		cancel_delayed_work(&conn->connect_timeout);
		down_write(&conn->qp_sem);
		gvtmem_queue_unpublish(conn);
		up_write(&conn->qp_sem);
		gvtmem_queue_destroy(conn, NULL);
	}

	/* The user hears of it before a new connection can deliver frames. */
	gvtmem_conn_tell_down(conn);
	spin_lock_irq(&conn->lock);
	gvtmem_conn_set_state(conn, GVTMEM_CONN_DOWN);
	clear_bit(GVTMEM_CONN_TEARDOWN, &conn->flags);
	spin_unlock_irq(&conn->lock);
	memalloc_noio_restore(noio);
	gvtmem_conn_schedule_connect(conn);
}

/* While up: a keepalive, then again in a second (rdma-io.c). */
static void gvtmem_conn_keepalive_work(struct work_struct *work)
{
	struct gvtmem_conn *conn = container_of(to_delayed_work(work),
						struct gvtmem_conn, keepalive);

	if (READ_ONCE(conn->state) != GVTMEM_CONN_UP)
		return;
	gvtmem_conn_keepalive(conn);
	queue_delayed_work(gvtmem_wq, &conn->keepalive,
			   msecs_to_jiffies(GVTMEM_KEEPALIVE_MS));
}

/* Tell the user about up/down edges, outside any CM or CQ context. */
static void gvtmem_conn_notify_work(struct work_struct *work)
{
	struct gvtmem_conn *conn = container_of(work, struct gvtmem_conn,
						notify_work);
	unsigned int gen;
	bool up;

	mutex_lock(&conn->notify_mutex);
	spin_lock_irq(&conn->lock);
	up = conn->state == GVTMEM_CONN_UP;
	gen = conn->up_gen;
	spin_unlock_irq(&conn->lock);
	/* A reset and reconnect before we ran is a down edge, then an up. */
	if (conn->notified_up && (!up || gen != conn->notified_gen))
		gvtmem_conn_notify_down(conn);
	if (up && !conn->notified_up) {
		conn->notified_up = true;
		conn->notified_gen = gen;
		if (gvtmem_ops && gvtmem_ops->peer_up)
			gvtmem_ops->peer_up(gvtmem_ops_priv, conn->peer);
	}
	mutex_unlock(&conn->notify_mutex);
}

/* ---- send ---- */

/* How gvtmem_send_frame sends. */
#define GVTMEM_SEND_NOWAIT	BIT(0)	/* do not wait for it to leave */
#define GVTMEM_SEND_TAG		BIT(1)	/* tag it for this connection */
#define GVTMEM_SEND_RECORD	BIT(2)	/* keep a copy for the replay hook */

/*
 * Post a frame of len bytes held in w->buf; wait for it to leave (bounded)
 * unless GVTMEM_SEND_NOWAIT. A frame to tag is tagged under the queue:
 * the tag binds it to the connection it is posted on.
 */
static int gvtmem_send_frame(struct gvtmem_conn *conn, struct gvtmem_wait *w,
			     u32 len, unsigned int how)
{
	struct ib_send_wr wr = {};
	struct ib_sge sge;
	int ret;

	ret = gvtmem_conn_get_queue(conn);
	if (ret) {
		gvtmem_wait_put(w);
		return ret;
	}
	if ((how & GVTMEM_SEND_TAG) && len >= GVTMEM_FRAME_HDR_LEN) {
		ret = gvtmem_ops->tag(gvtmem_ops_priv, w->buf, len, &conn->bind);
		if (ret) {
			up_read(&conn->qp_sem);
			gvtmem_wait_put(w);
			return ret;
		}
	}
	if (how & GVTMEM_SEND_RECORD)
		gvtmem_debugfs_record_frame(conn->peer, w->buf, len);
	ret = gvtmem_wait_map(w, conn->pd->device, w->buf, len, DMA_TO_DEVICE);
	if (ret) {
		up_read(&conn->qp_sem);
		gvtmem_wait_put(w);
		return ret;
	}
	sge.addr = w->dma;
	sge.length = len;
	sge.lkey = conn->pd->local_dma_lkey;
	wr.wr_cqe = &w->cqe;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = IB_WR_SEND;
	wr.send_flags = IB_SEND_SIGNALED;
	ret = how & GVTMEM_SEND_NOWAIT ? gvtmem_post_nowait(conn, &wr, w) :
					 gvtmem_post_wait(conn, &wr, w);
	up_read(&conn->qp_sem);
	if (!ret)
		atomic_long_inc(&conn->frames_sent);
	return ret;
}

static int gvtmem_send_msg(u32 peer, u16 type, const void *payload, u32 len,
			   unsigned int how)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	struct gvtmem_wait *w;
	int n;

	if (!conn)
		return -ENOENT;
	gvtmem_fault_delay(peer);
	if (gvtmem_fault_drop_frame(peer))
		return 0;	/* lost on the way, as far as the caller knows */
	w = gvtmem_wait_alloc(GFP_KERNEL, GVTMEM_FRAME_MAX_LEN);
	if (!w)
		return -ENOMEM;
	n = gvtmem_frame_encode(w->buf, GVTMEM_FRAME_MAX_LEN, type, gvtmem_self,
				atomic64_inc_return(&conn->tx_seq), payload, len);
	if (n < 0) {
		gvtmem_wait_put(w);
		return n;
	}
	n = gvtmem_send_frame(conn, w, n, how | GVTMEM_SEND_TAG);
	if (!n && type < GVTMEM_MSG_NR_TYPES)
		atomic_long_inc(&gvtmem_sent[type]);
	return n;
}

/* Send one control message to peer and wait for it to leave. May sleep. */
int gvtmem_transport_send(u32 peer, u16 type, const void *payload, u32 len)
{
	return gvtmem_send_msg(peer, type, payload, len, 0);
}

/*
 * Queue one control message to peer without waiting for it to leave (a
 * dead peer cannot stall the caller); lost if the connection fails.
 */
int gvtmem_transport_post(u32 peer, u16 type, const void *payload, u32 len)
{
	return gvtmem_send_msg(peer, type, payload, len, GVTMEM_SEND_NOWAIT);
}

#ifdef GVTMEM_TEST_HOOKS
/* Test hook (debugfs): gvtmem_transport_send, keeping a copy for replay. */
int gvtmem_transport_send_recorded(u32 peer, u16 type, const void *payload,
				   u32 len)
{
	return gvtmem_send_msg(peer, type, payload, len, GVTMEM_SEND_RECORD);
}

/*
 * Test hook (debugfs): send bytes as they are, frame or not, tagged for
 * this connection if tag (so the checks behind authentication are
 * reached) or verbatim (a replayed frame).
 */
int gvtmem_transport_send_raw(u32 peer, const void *buf, u32 len, bool tag)
{
	struct gvtmem_conn *conn = gvtmem_conn_find(peer);
	struct gvtmem_wait *w;

	if (!conn)
		return -ENOENT;
	if (!len || len > GVTMEM_FRAME_MAX_LEN)
		return -EMSGSIZE;
	w = gvtmem_wait_alloc(GFP_KERNEL, len);
	if (!w)
		return -ENOMEM;
	memcpy(w->buf, buf, len);
	return gvtmem_send_frame(conn, w, len, tag ? GVTMEM_SEND_TAG : 0);
}
#endif /* GVTMEM_TEST_HOOKS */

/* ---- start and stop ---- */

static void gvtmem_conn_free_all(void)
{
	int i;

	for (i = 0; i < GVTMEM_MAX_NODES; i++) {
		struct gvtmem_conn *conn = gvtmem_conns[i];

		if (!conn)
			continue;
		cancel_delayed_work_sync(&conn->connect_work);
		cancel_delayed_work_sync(&conn->connect_timeout);
		gvtmem_conn_error(conn);
		flush_work(&conn->teardown_work);
		cancel_delayed_work_sync(&conn->connect_work);
		cancel_delayed_work_sync(&conn->connect_timeout);
		flush_work(&conn->notify_work);
		cancel_delayed_work_sync(&conn->keepalive);
		WARN_ON(!gvtmem_conn_drop_pd(conn));
		gvtmem_conn_tell_down(conn);
		gvtmem_conns[i] = NULL;
		kobject_put(&conn->kobj);
	}
}

void gvtmem_conn_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct gvtmem_conn, kobj));
}

/* Listen on gvtmem_listen_addr; publish the id. 0 or an error. */
static int gvtmem_listen(void)
{
	struct rdma_cm_id *id;
	int ret;

	id = rdma_create_id(&init_net, gvtmem_cm_handler, NULL, RDMA_PS_TCP,
			    IB_QPT_RC);
	if (IS_ERR(id))
		return PTR_ERR(id);
	ret = rdma_bind_addr(id, (struct sockaddr *)&gvtmem_listen_addr);
	if (ret) {
		pr_err_ratelimited("cannot listen on %pI4:%u: %d (is the address on an RDMA device?)\n",
				   &gvtmem_listen_addr.sin_addr,
				   ntohs(gvtmem_listen_addr.sin_port), ret);
		goto err_id;
	}
	ret = rdma_listen(id, 64);
	if (ret) {
		pr_err_ratelimited("rdma_listen on %pI4:%u failed: %d\n",
				   &gvtmem_listen_addr.sin_addr,
				   ntohs(gvtmem_listen_addr.sin_port), ret);
		goto err_id;
	}
	spin_lock(&gvtmem_listen_lock);
	gvtmem_listen_id = id;
	spin_unlock(&gvtmem_listen_lock);
	return 0;

err_id:
	rdma_destroy_id(id);
	return ret;
}

/* Take the listener out of reach and destroy it, if there is one. */
static void gvtmem_unlisten(void)
{
	struct rdma_cm_id *id;

	spin_lock(&gvtmem_listen_lock);
	id = gvtmem_listen_id;
	gvtmem_listen_id = NULL;
	spin_unlock(&gvtmem_listen_lock);
	if (id)
		rdma_destroy_id(id);
}

static void gvtmem_listen_work_fn(struct work_struct *work)
{
	bool missing;
	int i;

	/* Stop waits for this work only after it let go of the mutex. */
	mutex_lock(&gvtmem_transport_mutex);
	if (!gvtmem_running)
		goto out_unlock;
	if (xchg(&gvtmem_relisten, false)) {
		gvtmem_unlisten();
		/* Peers that are down: connect now, not after the backoff. */
		for (i = 0; i < GVTMEM_MAX_NODES; i++) {
			struct gvtmem_conn *conn = gvtmem_conns[i];

			if (!conn || !conn->active)
				continue;
			conn->backoff_ms = 0;	/* the link is back: no long waits */
			if (READ_ONCE(conn->state) == GVTMEM_CONN_DOWN)
				mod_delayed_work(gvtmem_wq, &conn->connect_work, 0);
		}
	}
	spin_lock(&gvtmem_listen_lock);
	missing = !gvtmem_listen_id;
	spin_unlock(&gvtmem_listen_lock);
	if (!missing)
		goto out_unlock;
	if (gvtmem_listen())
		mod_delayed_work(system_wq, &gvtmem_listen_work,
				 msecs_to_jiffies(GVTMEM_RELISTEN_MS));
	else
		pr_info("transport: listening on %pI4:%u again\n",
			&gvtmem_listen_addr.sin_addr,
			ntohs(gvtmem_listen_addr.sin_port));
out_unlock:
	mutex_unlock(&gvtmem_transport_mutex);
}

/*
 * An RDMA port became active, or a device appeared: make the listener
 * anew (the old one may be bound to a port that went away) and connect
 * to every peer that is down now rather than after its backoff.
 * Any context: it only queues work.
 */
void gvtmem_transport_port_active(void)
{
	if (!READ_ONCE(gvtmem_running))
		return;
	WRITE_ONCE(gvtmem_relisten, true);
	mod_delayed_work(system_wq, &gvtmem_listen_work, 0);
}

/*
 * dev is going away (hot unplug, `rdma link delete`): everything this
 * transport made on it must be gone before it is, so tear down every
 * connection on it and wait (each teardown is bounded), and drop the
 * listener if it is bound to it.
 */
void gvtmem_transport_device_removed(struct ib_device *dev)
{
	struct rdma_cm_id *lid;
	int i;

	mutex_lock(&gvtmem_transport_mutex);
	if (!gvtmem_running)
		goto out_unlock;
	for (i = 0; i < GVTMEM_MAX_NODES; i++) {
		struct gvtmem_conn *conn = gvtmem_conns[i];
		bool on_dev;

		if (!conn)
			continue;
		spin_lock_irq(&conn->lock);
		on_dev = (conn->cm_id && conn->cm_id->device == dev) ||
			 (conn->pd && conn->pd->device == dev);
		spin_unlock_irq(&conn->lock);
		if (!on_dev)
			continue;
		pr_info("peer %u: RDMA device %s is going away; closing, revoking what we lent over it\n",
			conn->peer, dev_name(&dev->dev));
		cancel_delayed_work_sync(&conn->connect_work);
		gvtmem_conn_error(conn);
		flush_work(&conn->teardown_work);
		if (!gvtmem_conn_drop_pd(conn))
			pr_warn("peer %u: a new connection on %s came up while it went away\n",
				conn->peer, dev_name(&dev->dev));
		gvtmem_conn_schedule_connect(conn);
	}
	spin_lock(&gvtmem_listen_lock);
	lid = gvtmem_listen_id;
	if (lid && lid->device == dev)
		gvtmem_listen_id = NULL;
	else
		lid = NULL;
	spin_unlock(&gvtmem_listen_lock);
	if (lid) {
		rdma_destroy_id(lid);
		pr_info("listener: RDMA device %s is going away; listening again once a device has our address\n",
			dev_name(&dev->dev));
		mod_delayed_work(system_wq, &gvtmem_listen_work,
				 msecs_to_jiffies(GVTMEM_RELISTEN_MS));
	}
out_unlock:
	mutex_unlock(&gvtmem_transport_mutex);
}

int gvtmem_transport_start(const struct gvtmem_config *cfg,
			   const struct gvtmem_transport_ops *ops, void *priv)
{
	__be32 self_addr = 0;	/* the config holds self: config.c checks */
	unsigned int i;
	int ret;

	if (!ops || !ops->recv || !ops->tag || !ops->tag_ok || !ops->payload_ok)
		return -EINVAL;
	mutex_lock(&gvtmem_transport_mutex);
	if (gvtmem_running) {
		ret = -EBUSY;
		goto out_unlock;
	}
	gvtmem_wq = alloc_workqueue("gvtmem_transport", WQ_MEM_RECLAIM, 0);
	if (!gvtmem_wq) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	gvtmem_self = cfg->self;
	gvtmem_ops = ops;
	gvtmem_ops_priv = priv;

	for (i = 0; i < cfg->nr_nodes; i++) {
		const struct gvtmem_config_node *n = &cfg->nodes[i];
		struct gvtmem_conn *conn;

		if (n->id == cfg->self) {
			self_addr = n->addr;
			continue;
		}
		conn = kzalloc(sizeof(*conn), GFP_KERNEL);
		if (!conn) {
			ret = -ENOMEM;
			goto err_conns;
		}
		conn->peer = n->id;
		conn->addr.sin_family = AF_INET;
		conn->addr.sin_addr.s_addr = n->addr;
		conn->addr.sin_port = htons(cfg->port);
		conn->active = cfg->self < n->id;
		spin_lock_init(&conn->lock);
		init_rwsem(&conn->qp_sem);
		INIT_LIST_HEAD(&conn->parked_mrs);
		INIT_LIST_HEAD(&conn->exposed);
		init_completion(&conn->disconnected);
		init_completion(&conn->bound);
		INIT_DELAYED_WORK(&conn->connect_work, gvtmem_conn_connect_work);
		INIT_DELAYED_WORK(&conn->connect_timeout, gvtmem_conn_connect_timeout);
		INIT_WORK(&conn->teardown_work, gvtmem_conn_teardown_work);
		INIT_WORK(&conn->notify_work, gvtmem_conn_notify_work);
		mutex_init(&conn->notify_mutex);
		INIT_DELAYED_WORK(&conn->keepalive, gvtmem_conn_keepalive_work);
		gvtmem_conns[n->id] = conn;
		ret = gvtmem_conn_sysfs_add(conn);
		if (ret)
			goto err_conns;
	}

	gvtmem_listen_addr = (struct sockaddr_in) {
		.sin_family = AF_INET,
		.sin_addr.s_addr = self_addr,
		.sin_port = htons(cfg->port),
	};
	ret = gvtmem_listen();
	if (ret)
		goto err_conns;
	WRITE_ONCE(gvtmem_running, true);
	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		if (gvtmem_conns[i] && gvtmem_conns[i]->active)
			queue_delayed_work(gvtmem_wq, &gvtmem_conns[i]->connect_work, 0);
	pr_info("transport: node %u listening on port %u, %u peers\n",
		cfg->self, cfg->port, cfg->nr_nodes - 1);
	mutex_unlock(&gvtmem_transport_mutex);
	return 0;

err_conns:
	gvtmem_conn_free_all();
	destroy_workqueue(gvtmem_wq);
	gvtmem_wq = NULL;
	gvtmem_ops = NULL;
out_unlock:
	mutex_unlock(&gvtmem_transport_mutex);
	return ret;
}

/* Safe to call when not started, and more than once. */
void gvtmem_transport_stop(void)
{
	mutex_lock(&gvtmem_transport_mutex);
	if (!gvtmem_running) {
		mutex_unlock(&gvtmem_transport_mutex);
		return;
	}
	WRITE_ONCE(gvtmem_running, false);
	gvtmem_unlisten();
	gvtmem_conn_free_all();
	destroy_workqueue(gvtmem_wq);
	gvtmem_wq = NULL;
	gvtmem_ops = NULL;
	mutex_unlock(&gvtmem_transport_mutex);
	/* Not running: nothing queues it again. */
	cancel_delayed_work_sync(&gvtmem_listen_work);
	pr_info("transport: stopped\n");
}
