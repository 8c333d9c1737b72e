// SPDX-License-Identifier: GPL-2.0
/*
 * The load lane: a second RC queue pair per connection that carries only
 * this node's RDMA READs (page loads and prefetches). On one queue pair a
 * load waits behind every write queued before it, about ten loads' worth
 * behind 32 page writes (Documentation/benchmarks.md); on its own queue
 * pair it does not.
 *
 * The lane needs no CM exchange of its own. Each end makes it with the
 * connection's queue, names its number in the connection's private data,
 * and takes it through INIT, RTR and RTS with the connection's own
 * attributes (rdma_init_qp_attr: path, MTU, PSNs, read depths, timeout),
 * pointed at the other end's lane instead of its main queue pair. The
 * passive end does so before it accepts, the active end when the reply
 * comes, before the connection is up; neither reads over its lane before
 * then. The lane lives and dies with the connection's queue. A peer that
 * names no lane (0: transport/load_lane off, or a peer without lanes)
 * means loads stay on the main queue pair, in both directions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "../kernel/parse.h"
#include "conn-pri.h"

/* transport/load_lane: connections made from now on have a lane. */
static bool gvtmem_lane_wanted;
module_param_cb(load_lane, &gvtmem_param_ops_bool, &gvtmem_lane_wanted, 0444);
MODULE_PARM_DESC(load_lane,
		 "Page loads on a queue pair of their own per peer, not behind page writes (default 0; change later in transport/load_lane)");

static bool gvtmem_transport_load_lane(void)
{
	return READ_ONCE(gvtmem_lane_wanted);
}

static ssize_t load_lane_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", gvtmem_transport_load_lane());
}

static ssize_t load_lane_store(struct kobject *k, struct kobj_attribute *a,
			       const char *buf, size_t count)
{
	bool on;

	if (gvtmem_parse_bool("transport/load_lane", buf, count, &on))
		return -EINVAL;
	WRITE_ONCE(gvtmem_lane_wanted, on);
	pr_info("transport/load_lane: %d (for connections made from now on)\n",
		on);
	return count;
}

struct kobj_attribute gvtmem_lane_attr = __ATTR_RW(load_lane);

/* Destroy conn's lane, which no request was ever posted on or is drained. */
void gvtmem_lane_destroy(struct gvtmem_conn *conn)
{
	if (conn->lane_own)
		ib_destroy_qp(conn->lane_own);
	conn->lane_own = NULL;
	if (conn->lane_cq)
		ib_free_cq(conn->lane_cq);
	conn->lane_cq = NULL;
}

/*
 * Make conn's lane on its PD, after its main queue pair (qp_sem held for
 * write). Not fatal: without a lane, loads share the main queue pair.
 */
void gvtmem_lane_create(struct gvtmem_conn *conn)
{
	struct ib_device *dev = conn->pd->device;
	struct ib_qp_init_attr attr;
	struct ib_qp *qp;
	int ret;

	if (!gvtmem_transport_load_lane() || conn->lane_failed)
		return;
	/* Every read may complete at once, +1 for the drain. */
	conn->lane_cq = ib_alloc_cq(dev, conn, GVTMEM_SEND_DEPTH + 2, 0,
				    IB_POLL_WORKQUEUE);
	if (IS_ERR(conn->lane_cq)) {
		ret = PTR_ERR(conn->lane_cq);
		conn->lane_cq = NULL;
		goto err_lane;
	}
	/* One receive: the drain's. */
	gvtmem_rc_qp_attr(&attr, conn->lane_cq, GVTMEM_SEND_DEPTH + 1, 1,
			  conn->max_sge);
	qp = ib_create_qp(conn->pd, &attr);
	if (IS_ERR(qp)) {
		ret = PTR_ERR(qp);
		goto err_lane;
	}
	conn->lane_own = qp;
	return;

err_lane:
	gvtmem_lane_destroy(conn);
	pr_warn("peer %u: no load lane (%d); loads share the connection's queue pair\n",
		conn->peer, ret);
}

/* The number the private data names for conn's lane: 0 for none. */
u32 gvtmem_lane_qpn(struct gvtmem_conn *conn)
{
	return conn->lane_own ? conn->lane_own->qp_num : 0;
}

/* Take qp to state with id's connection attributes, aimed at peer_qpn. */
static int gvtmem_lane_modify(struct rdma_cm_id *id, struct ib_qp *qp,
			      enum ib_qp_state state, u32 peer_qpn)
{
	struct ib_qp_attr attr;
	int mask, ret;

	memset(&attr, 0, sizeof(attr));
	attr.qp_state = state;
	ret = rdma_init_qp_attr(id, &attr, &mask);
	if (ret)
		return ret;
	if (state == IB_QPS_RTR)
		attr.dest_qp_num = peer_qpn;
	return ib_modify_qp(qp, &attr, mask);
}

/*
 * Connect conn's lane to the peer's, peer_qpn (0: the peer has none), and
 * publish it to posters; from id's handler, qp_sem not held. Without a
 * lane at both ends, ours goes at once. 0, or an error after which the
 * lane is gone and the next attempts make none (the peer may already
 * aim at ours: the caller resets the connection if it named it).
 */
int gvtmem_lane_connect(struct gvtmem_conn *conn, struct rdma_cm_id *id,
			u32 peer_qpn)
{
	static const enum ib_qp_state steps[] = {
		IB_QPS_INIT, IB_QPS_RTR, IB_QPS_RTS,
	};
	int i, ret = 0;

	if (!conn->lane_own)
		return 0;
	if (!peer_qpn) {
		gvtmem_lane_destroy(conn);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(steps) && !ret; i++)
		ret = gvtmem_lane_modify(id, conn->lane_own, steps[i], peer_qpn);
	if (ret) {
		pr_warn("peer %u: cannot connect the load lane (%d); connections to it go without one\n",
			conn->peer, ret);
		conn->lane_failed = true;
		gvtmem_lane_destroy(conn);
		return ret;
	}
	down_write(&conn->qp_sem);
	conn->lane_qp = conn->lane_own;
	up_write(&conn->qp_sem);
	return 0;
}

/* qp_sem held for write: drain the lane and put it out of posters' reach. */
void gvtmem_lane_unpublish(struct gvtmem_conn *conn)
{
	if (!conn->lane_qp)
		return;
	ib_drain_qp(conn->lane_qp);
	conn->lane_qp = NULL;
}
