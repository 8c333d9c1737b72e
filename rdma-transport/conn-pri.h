/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transport internals: one connection per configured peer.
 *
 * Connection states (changed only through gvtmem_conn_set_state()):
 *
 *   DOWN --connect_work/CONNECT_REQUEST--> CONNECTING --ESTABLISHED--> UP
 *   CONNECTING, UP --any CM error or a send timeout--> CLOSING
 *   CLOSING --teardown_work (disconnect, drain, destroy)--> DOWN
 *
 * Both sides bound an attempt (connect_timeout). While up, each side
 * sends a keepalive a second (a zero-length RDMA WRITE, acknowledged by
 * the peer's device): a peer whose queue pair is gone never acknowledges,
 * the request fails after the transport's retries and the connection
 * resets, so a half-open connection (the peer lost its link, or made a new
 * queue pair, while we had nothing to send) does not outlive 5 s.
 * Teardown disconnects (DREQ, waited for up to a bound; not while the
 * port is down, nor for an attempt that never connected), destroys the
 * cm_id first, which waits
 * for any of its handlers still running and stops further events, then
 * drains the QP and frees the queue (nvme-rdma's order). A CM event for an
 * id that is no longer the connection's is ignored.
 *
 * The lower node id of a pair initiates (the "active" side) and, after a
 * teardown, reconnects after a backoff that doubles up to 4 s, plus
 * random jitter so that peers do not stampede. The passive side accepts.
 */
#ifndef GVTMEM_CONN_PRI_H
#define GVTMEM_CONN_PRI_H

#include <linux/completion.h>
#include <linux/dma-direction.h>
#include <linux/in.h>
#include <linux/refcount.h>
#include <linux/kobject.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <rdma/ib_cm.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>

#include "../kernel/protocol.h"
#include "frame.h"
#include "transport.h"

#define GVTMEM_NR_RECV		16
#define GVTMEM_SEND_DEPTH	64

enum gvtmem_conn_state {
	GVTMEM_CONN_DOWN,
	GVTMEM_CONN_CONNECTING,
	GVTMEM_CONN_UP,
	GVTMEM_CONN_CLOSING,
	GVTMEM_CONN_NR_STATES,
};

struct gvtmem_conn;

struct gvtmem_recv {
	struct ib_cqe cqe;
	struct gvtmem_conn *conn;
	void *buf;
	u64 dma;
};

struct gvtmem_conn {
	u32 peer;
	struct sockaddr_in addr;
	bool active;			/* we initiate: our id is lower */

	/* lock protects state, cm_id and established. */
	spinlock_t lock;
	enum gvtmem_conn_state state;
	struct rdma_cm_id *cm_id;
	bool established;		/* cm_id reached ESTABLISHED */

	/*
	 * qp_sem: senders hold it for read while posting; teardown holds it
	 * for write while it destroys the queue below.
	 */
	struct rw_semaphore qp_sem;
	struct ib_pd *pd;
	struct ib_cq *cq;
	struct ib_qp *qp;		/* published to posters */
	struct ib_qp *own_qp;		/* what teardown destroys */
	u32 last_qpn;			/* own_qp's number, kept after it */
	/*
	 * The load lane (lane.c): a queue pair for this node's RDMA READs
	 * only, on its own CQ. lane_qp is published to posters like qp;
	 * lane_own is what teardown destroys; lane_failed (sticky) stops
	 * further lanes to a peer whose lane could not be connected.
	 */
	struct ib_cq *lane_cq;
	struct ib_qp *lane_qp;
	struct ib_qp *lane_own;
	bool lane_failed;
	/*
	 * MRs whose registration or invalidation may still be queued (their
	 * wait timed out): freed by teardown once the QP is drained, since
	 * the device may still dereference them. Linked by mr->qp_entry,
	 * which only ib_mr_pool uses; under lock.
	 */
	struct list_head parked_mrs;
	/* Exposures on pd (expose.c); under lock. */
	struct list_head exposed;
	struct completion disconnected;	/* DISCONNECTED for cm_id */
	unsigned int max_sge;		/* pages one page I/O request may carry */
	struct gvtmem_recv recv[GVTMEM_NR_RECV];

	/*
	 * What this connection's frame tags are bound to: set before the
	 * connection is up (passive: on the request; active: on the reply),
	 * then fixed until teardown. bound completes once it is set; the
	 * active side's receive path waits for it (the peer may send
	 * before our ESTABLISHED handler ran).
	 */
	struct gvtmem_frame_bind bind;
	u64 local_nonce;
	struct completion bound;

	atomic64_t tx_seq;
	u64 rx_seq;			/* CQ work only */
	unsigned int backoff_ms;
	unsigned long flags;		/* GVTMEM_CONN_TEARDOWN */
	unsigned int up_gen;		/* times it came up; under lock */
	/*
	 * notify_mutex orders the user's peer_up and peer_down calls and
	 * protects these two; it is held across the calls.
	 */
	struct mutex notify_mutex;
	bool notified_up;
	unsigned int notified_gen;	/* the up_gen the user was told of */

	struct delayed_work connect_work;
	struct delayed_work connect_timeout;	/* bounds one attempt */
	const char *connect_stage;	/* where the attempt is, for the log */
	struct work_struct teardown_work;
	struct work_struct notify_work;
	/* While up: one keepalive a second, the next only once it is back. */
	struct delayed_work keepalive;
	atomic_t keepalive_busy;

	atomic_long_t frames_sent, frames_received;
	struct kobject kobj;		/* transport/peers/<id> */
};

#define GVTMEM_CONN_TEARDOWN 0

/* Drop reasons beyond the frame codec's and the protocol's. */
enum gvtmem_drop {
	GVTMEM_DROP_BAD_SENDER = GVTMEM_FRAME_NR_ERRS,
	GVTMEM_DROP_REPLAY,
	GVTMEM_DROP_PAYLOAD,	/* payload refused by the protocol */
	GVTMEM_DROP_BAD_TAG,	/* not authenticated by our cluster key */
	GVTMEM_DROP_FAULT,	/* lost to failure injection (faults.c) */
	GVTMEM_NR_DROPS,
};

/* Page requests timed by latency.c, by what they do. */
enum gvtmem_latency_op {
	GVTMEM_LAT_NONE,	/* not timed: control frames, registrations */
	GVTMEM_LAT_READ,
	GVTMEM_LAT_WRITE,	/* the caller waits for it */
	GVTMEM_LAT_WRITE_ASYNC,
	GVTMEM_LAT_NR_OPS,
};

/*
 * An RC queue pair's attributes: both queues on cq, signalled sends as
 * asked, send_wr and recv_wr deep, send_sge entries a send, one a receive.
 */
static inline void gvtmem_rc_qp_attr(struct ib_qp_init_attr *attr,
				     struct ib_cq *cq, u32 send_wr,
				     u32 recv_wr, u32 send_sge)
{
	memset(attr, 0, sizeof(*attr));
	attr->send_cq = cq;
	attr->recv_cq = cq;
	attr->qp_type = IB_QPT_RC;
	attr->sq_sig_type = IB_SIGNAL_REQ_WR;
	attr->cap.max_send_wr = send_wr;
	attr->cap.max_recv_wr = recv_wr;
	attr->cap.max_send_sge = send_sge;
	attr->cap.max_recv_sge = 1;
}

/* lane.c: the load lane of a connection; transport/load_lane. */
extern struct kobj_attribute gvtmem_lane_attr;
void gvtmem_lane_create(struct gvtmem_conn *conn);
u32 gvtmem_lane_qpn(struct gvtmem_conn *conn);
int gvtmem_lane_connect(struct gvtmem_conn *conn, struct rdma_cm_id *id,
			u32 peer_qpn);
void gvtmem_lane_unpublish(struct gvtmem_conn *conn);
void gvtmem_lane_destroy(struct gvtmem_conn *conn);

/* Where conn's reads go (qp_sem held): its lane, or its queue pair. */
static inline struct ib_qp *gvtmem_conn_read_qp(struct gvtmem_conn *conn)
{
	return conn->lane_qp ?: conn->qp;
}

void gvtmem_latency_record(enum gvtmem_latency_op op, unsigned int pages,
			   u64 ns);
int gvtmem_latency_sysfs_init(struct kobject *parent);
void gvtmem_latency_sysfs_exit(void);

extern atomic_long_t gvtmem_drops[GVTMEM_NR_DROPS];
extern atomic_long_t gvtmem_sent[GVTMEM_MSG_NR_TYPES];
extern const char * const gvtmem_conn_state_names[GVTMEM_CONN_NR_STATES];

/*
 * A work request someone waits for (rdma-io.c). Refcounted: a request
 * that timed out can still complete, or be flushed, after its caller left.
 */
struct gvtmem_wait {
	struct ib_cqe cqe;
	struct completion done;
	refcount_t ref;
	enum ib_wc_status status;
	/* Set when nobody waits: a failure must still reset the connection. */
	struct gvtmem_conn *unwaited;
	/* An unwaited request's owner, told once its pages are unmapped. */
	gvtmem_page_io_done_t done_fn;
	void *done_ctx;
	/*
	 * What the request has mapped, unmapped on the last reference: one
	 * buffer (dma, len), or nr_pages pages whose addresses are in buf.
	 * Each of those pages is also referenced (held) until then: a
	 * request given up on (a timeout) can still be carried out by the
	 * device until the reset flushes it, so the page must not be freed
	 * and reused meanwhile (a prefetch page freed so became a page
	 * table, and a late read overwrote it).
	 */
	struct ib_device *dev;
	u64 dma;
	u32 len;
	unsigned int nr_pages;
	struct page **held;	/* in buf, after the nr_pages addresses */
	enum dma_data_direction dir;
	enum gvtmem_latency_op lat_op;	/* page requests: timed */
	u64 posted_ns;
	u8 buf[];		/* payload (control frames) or page addresses */
};

struct gvtmem_wait *gvtmem_wait_alloc(gfp_t gfp, size_t buf_len);
void gvtmem_wait_put(struct gvtmem_wait *w);
int gvtmem_wait_map(struct gvtmem_wait *w, struct ib_device *dev, void *ptr,
		    u32 len, enum dma_data_direction dir);
int gvtmem_post_nowait(struct gvtmem_conn *conn, struct ib_send_wr *wr,
		       struct gvtmem_wait *w);
int gvtmem_post_wait(struct gvtmem_conn *conn, struct ib_send_wr *wr,
		     struct gvtmem_wait *w);

/* transport/, made by device.c; peers/ and drops/ live under it. */
extern struct kobject *gvtmem_transport_kobj;

/* Failure injection for tests (faults.c, only with GVTMEM_TEST_HOOKS). */
#ifdef GVTMEM_TEST_HOOKS
bool gvtmem_fault_drop_frame(u32 peer);
void gvtmem_fault_delay(u32 peer);
int gvtmem_fault_page_io(u32 peer);
struct dentry;
void gvtmem_faults_debugfs_init(struct dentry *parent);
#else
static inline bool gvtmem_fault_drop_frame(u32 peer) { return false; }
static inline void gvtmem_fault_delay(u32 peer) { }
static inline int gvtmem_fault_page_io(u32 peer) { return 0; }
#endif

struct gvtmem_conn *gvtmem_conn_find(u32 peer);
unsigned int gvtmem_conn_up_gen(struct gvtmem_conn *conn);
/* device.c tells the connections of RDMA devices and ports. */
void gvtmem_transport_port_active(void);
void gvtmem_transport_device_removed(struct ib_device *dev);
bool gvtmem_rdma_port_down(struct ib_device *ibdev);
struct seq_file;
int gvtmem_rdma_devices_show(struct seq_file *m, void *v);
void gvtmem_conn_error(struct gvtmem_conn *conn);
int gvtmem_conn_get_queue(struct gvtmem_conn *conn);
struct ib_mr *gvtmem_conn_reg_block(struct gvtmem_conn *conn, u64 dma,
				    unsigned int order);
void gvtmem_conn_unreg_block(struct gvtmem_conn *conn, struct ib_mr *mr);
void gvtmem_conn_park_mr(struct gvtmem_conn *conn, struct ib_mr *mr);
void gvtmem_conn_keepalive(struct gvtmem_conn *conn);

/* expose.c: the PD goes; conn.c: the user hears of it. */
void gvtmem_expose_pd_down(struct gvtmem_conn *conn);
void gvtmem_transport_unexposed(u32 peer);
unsigned int gvtmem_transport_blocks_lent(u32 peer);

int gvtmem_conn_sysfs_add(struct gvtmem_conn *conn);
unsigned int gvtmem_transport_blocks_borrowed(u32 peer);
void gvtmem_conn_kobj_release(struct kobject *kobj);
/* Test hooks (debugfs.c): sends of their own, the last frame sent kept. */
#ifdef GVTMEM_TEST_HOOKS
int gvtmem_transport_send_raw(u32 peer, const void *buf, u32 len, bool tag);
int gvtmem_transport_send_recorded(u32 peer, u16 type, const void *payload,
				   u32 len);
void gvtmem_debugfs_record_frame(u32 peer, const void *buf, u32 len);
#else
static inline void gvtmem_debugfs_record_frame(u32 peer, const void *buf,
					       u32 len) { }
#endif

#endif /* GVTMEM_CONN_PRI_H */
