// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster manager: membership, master election, the Table 1 protocol
 * and tier 2, all in one delayed work item that runs every GVTMEM_TICK_MS.
 * The transport queues each authenticated, validated frame in the inbox
 * (it may not block its completion queue); the work hands them, under
 * gvtmem_mgr.lock, to the handler the message table names, then runs the
 * timers. Everything the work sends is posted without waiting
 * (gvtmem_transport_post) so that a dead peer stalls nobody; what is lost
 * is sent again on a later tick, since every message is either periodic
 * or repeated until its effect shows in a heartbeat or in Statistics.
 *
 * This file: the work, the inbox, the message table, the node states and
 * the election. The master's duties are in manager-master.c, every node's
 * in manager-member.c.
 *
 * Without a cluster key the manager only handles Grants (transport bring-up
 * and tests): no membership, no election.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>

#include "../rdma-transport/transport.h"
#include "auth.h"
#include "borrow.h"
#include "gvtmem.h"
#include "lend.h"
#include "manager-pri.h"
#include "parse.h"

struct gvtmem_mgr gvtmem_mgr;

/*
 * The work runs here, not on system_wq: heartbeats and Statistics are due
 * every few hundred milliseconds, and a node busy swapping is when they
 * matter most. High priority keeps usemem-like loads from starving them (on
 * one slow CPU, a master missed a lease that way and stepped down); the
 * rescuer (WQ_MEM_RECLAIM) keeps them going when no worker can be forked.
 */
static struct workqueue_struct *gvtmem_mgr_wq;

struct gvtmem_inbox_msg {
	struct list_head node;
	u32 peer;
	u16 type;
	u32 len;
	u8 payload[];
};

/*
 * The lease (cluster/lease_ms, module parameter lease_ms): how long a
 * node or the master may go unheard before it counts as failed. Under
 * KASAN a guest runs several times slower and misses 2 s leases while
 * alive, so the default is four times longer there.
 */
static unsigned int gvtmem_lease_ms_param;

static int gvtmem_lease_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;

	if (!val || gvtmem_parse_uint(kp->name, val, strlen(val), 0,
				      GVTMEM_LEASE_MAX_MS,
				      "give 0 (the default) or " __stringify(GVTMEM_LEASE_MIN_MS) " to " __stringify(GVTMEM_LEASE_MAX_MS) " ms",
				      &ms))
		return -EINVAL;
	if (ms && ms < GVTMEM_LEASE_MIN_MS) {
		pr_warn("%s: %u ms is shorter than two Statistics periods; give 0 or %u to %u ms\n",
			kp->name, ms, GVTMEM_LEASE_MIN_MS, GVTMEM_LEASE_MAX_MS);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = ms;
	return 0;
}

static const struct kernel_param_ops gvtmem_lease_param_ops = {
	.set = gvtmem_lease_param_set,
	.get = param_get_uint,
};

module_param_cb(lease_ms, &gvtmem_lease_param_ops, &gvtmem_lease_ms_param, 0444);
MODULE_PARM_DESC(lease_ms, "failure-detection lease in ms, " __stringify(GVTMEM_LEASE_MIN_MS) " to " __stringify(GVTMEM_LEASE_MAX_MS) "; 0: 2000 (8000 under KASAN)");

static u32 gvtmem_mgr_default_lease_ms(void)
{
	if (gvtmem_lease_ms_param)
		return gvtmem_lease_ms_param;
	return GVTMEM_DEBUG_SLOWDOWN * GVTMEM_LEASE_MS;
}

/* cluster/lease_ms: in force at once, for the election and the node checks. */
void gvtmem_mgr_set_lease(u32 ms)
{
	mutex_lock(&gvtmem_mgr.lock);
	if (ms != gvtmem_mgr.lease_ms)
		pr_info("lease: %u -> %u ms\n", gvtmem_mgr.lease_ms, ms);
	gvtmem_mgr.lease_ms = ms;
	gvtmem_mgr.el.lease_ms = ms;
	mutex_unlock(&gvtmem_mgr.lock);
}

/* Send to one node; to ourselves means handling it here and now. */
void gvtmem_mgr_send(u32 to, u16 type, const void *p, u32 len)
{
	if (to == gvtmem_mgr.self) {
		gvtmem_mgr_handle(to, type, p, len);
		return;
	}
	gvtmem_transport_post(to, type, p, len);
}

/* Send to every configured node, ourselves last if self is set. */
void gvtmem_mgr_broadcast(u16 type, const void *p, u32 len, bool self)
{
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].configured && id != gvtmem_mgr.self)
			gvtmem_transport_post(id, type, p, len);
	if (self)
		gvtmem_mgr_handle(gvtmem_mgr.self, type, p, len);
}

void gvtmem_mgr_send_node_msg(u32 to, u16 type, u32 node)
{
	struct gvtmem_msg_node m = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term),
		.node = cpu_to_le32(node),
	};

	if (to == U32_MAX)
		gvtmem_mgr_broadcast(type, &m, sizeof(m), true);
	else
		gvtmem_mgr_send(to, type, &m, sizeof(m));
}

/*
 * A word from master m (a heartbeat, or our own win). If the master
 * changed, failover_ms is how long the cluster was without one, from the
 * old master's last heartbeat.
 */
void gvtmem_mgr_master_heard(int m, u64 now)
{
	if (gvtmem_mgr.last_master != GVTMEM_NO_NODE &&
	    gvtmem_mgr.last_master != m) {
		gvtmem_mgr.failover_ms = now - gvtmem_mgr.last_master_seen;
		pr_info("master changed from node %d to node %d: %llu ms without one\n",
			gvtmem_mgr.last_master, m, gvtmem_mgr.failover_ms);
	}
	gvtmem_mgr.last_master = m;
	gvtmem_mgr.last_master_seen = now;
}

/*
 * Node id is out for good (fenced, or done leaving): forget every block
 * between it and us. Until then, blocks it borrowed from us are kept, so
 * that a node that was only slow can come back with them (Recovery).
 */
void gvtmem_mgr_forget(u32 id)
{
	gvtmem_remote_zone_drop(id);
	gvtmem_borrow_forget(id);
	gvtmem_lend_revoke(id);
}

/*
 * Node x's state as the master's table has it, here on the master or
 * on a follower; every change of a state goes through here, so leaving
 * the cluster for good forgets x's blocks in one place. While x is in
 * Recovery its zone here takes no new page but keeps its pages: x may
 * only have been slow, and a replica whose two copies sit on two slow
 * donors would otherwise be lost (a fence drops the zone).
 */
void gvtmem_mgr_set_state(u32 x, u8 to)
{
	struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[x];

	if (x != gvtmem_mgr.self && n->configured &&
	    n->state != GVTMEM_NODE_INACTIVE && to == GVTMEM_NODE_INACTIVE)
		gvtmem_mgr_forget(x);
	if (x != gvtmem_mgr.self && n->configured && n->state != to)
		gvtmem_remote_zone_set_suspect(x, to == GVTMEM_NODE_RECOVERY);
	n->state = to;
}

/* Move node x by ev; false (and a log line) if the table forbids it. */
bool gvtmem_mgr_move(u32 x, enum gvtmem_node_event ev, u64 now)
{
	struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[x];
	int to = gvtmem_node_next(n->state, ev);

	if (to < 0) {
		pr_warn_ratelimited("node %u: %s refused in state %s\n", x,
				    gvtmem_node_event_names[ev],
				    gvtmem_node_state_names[n->state]);
		return false;
	}
	if (to != n->state)
		pr_info("node %u: %s -> %s (%s)\n", x,
			gvtmem_node_state_names[n->state],
			gvtmem_node_state_names[to], gvtmem_node_event_names[ev]);
	gvtmem_mgr_set_state(x, to);
	n->since = now;
	n->stats_at = now;	/* a lease of grace in the new state */
	return true;
}

/* ---- the election ---- */

static void gvtmem_mgr_send_vote_req(bool pre)
{
	struct gvtmem_msg_vote_req m = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term + (pre ? 1 : 0)),
		.node = cpu_to_le32(gvtmem_mgr.self),
		.pre = pre,
		.table_epoch = cpu_to_le64(gvtmem_mgr.el.table_epoch),
	};

	gvtmem_mgr_broadcast(GVTMEM_MSG_VOTE_REQ, &m, sizeof(m), false);
}

/* Act on what the election rules decided. */
static void gvtmem_mgr_election_step(enum gvtmem_elect_action act, u64 now)
{
	switch (act) {
	case GVTMEM_ELECT_PREVOTE:
		pr_info_ratelimited("no master heard: asking whether we could win epoch %llu\n",
				    gvtmem_mgr.el.term + 1);
		gvtmem_mgr_send_vote_req(true);
		break;
	case GVTMEM_ELECT_START:
		pr_info("standing for epoch %llu\n", gvtmem_mgr.el.term);
		gvtmem_mgr_send_vote_req(false);
		break;
	case GVTMEM_ELECT_WON:
		gvtmem_mgr_become_master(now);
		break;
	case GVTMEM_ELECT_STEP_DOWN:
		pr_warn("master out of touch with a majority of %u nodes: stepping down\n",
			gvtmem_mgr.nr_nodes);
		break;
	case GVTMEM_ELECT_NONE:
		break;
	}
}

static void gvtmem_mgr_on_vote_req(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_vote_req *m = p;
	struct gvtmem_msg_vote v = { .node = m->node, .pre = m->pre };
	bool was_master = gvtmem_is_master();

	if (le32_to_cpu(m->node) != peer)
		return;
	v.granted = gvtmem_elect_on_vote_req(&gvtmem_mgr.el, peer,
					     le64_to_cpu(m->epoch),
					     le64_to_cpu(m->table_epoch),
					     m->pre, now, gvtmem_jitter());
	if (was_master && !gvtmem_is_master())
		pr_info("node %u stands in epoch %llu: no longer master\n",
			peer, gvtmem_mgr.el.term);
	v.epoch = m->pre ? m->epoch : cpu_to_le64(gvtmem_mgr.el.term);
	gvtmem_mgr_send(peer, GVTMEM_MSG_VOTE, &v, sizeof(v));
}

static void gvtmem_mgr_on_vote(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_vote *v = p;

	if (le32_to_cpu(v->node) != gvtmem_mgr.self)
		return;
	gvtmem_mgr_election_step(gvtmem_elect_on_vote(&gvtmem_mgr.el, peer,
						      le64_to_cpu(v->epoch),
						      v->granted, v->pre,
						      now, gvtmem_jitter()),
				 now);
}

/* ---- the message table ---- */

/* What a message needs before its handler runs, checked in this order. */
#define GVTMEM_MH_KEY		BIT(0)	/* membership: only with the cluster key */
#define GVTMEM_MH_EPOCH		BIT(1)	/* an order: from our epoch or newer */
#define GVTMEM_MH_MASTER	BIT(2)	/* only the master handles it */
#define GVTMEM_MH_FOLLOWER	BIT(3)	/* the master ignores it (its own) */

struct gvtmem_mgr_handler {
	void (*fn)(u32 peer, const void *p, u64 now);
	u8 flags;
	u8 epoch_at;		/* with GVTMEM_MH_EPOCH: offset of its epoch */
};

#define GVTMEM_MH_ORDER		(GVTMEM_MH_KEY | GVTMEM_MH_EPOCH)
#define GVTMEM_EPOCH_AT(msg)	offsetof(struct msg, epoch)

static const struct gvtmem_mgr_handler gvtmem_mgr_handlers[GVTMEM_MSG_NR_TYPES] = {
	/* Grants move blocks with or without membership. */
	[GVTMEM_MSG_GRANT]	  = { gvtmem_mgr_on_grant, 0 },
	[GVTMEM_MSG_HEARTBEAT]	  = { gvtmem_mgr_on_heartbeat, GVTMEM_MH_KEY },
	[GVTMEM_MSG_VOTE_REQ]	  = { gvtmem_mgr_on_vote_req, GVTMEM_MH_KEY },
	[GVTMEM_MSG_VOTE]	  = { gvtmem_mgr_on_vote, GVTMEM_MH_KEY },
	[GVTMEM_MSG_STATISTICS]	  = { gvtmem_mgr_on_statistics,
				      GVTMEM_MH_KEY | GVTMEM_MH_MASTER },
	[GVTMEM_MSG_REGISTER]	  = { gvtmem_mgr_on_register,
				      GVTMEM_MH_KEY | GVTMEM_MH_MASTER },
	[GVTMEM_MSG_LEAVE_REQ]	  = { gvtmem_mgr_on_leave_req,
				      GVTMEM_MH_KEY | GVTMEM_MH_MASTER },
	[GVTMEM_MSG_SET_POLICY]	  = { gvtmem_mgr_on_set_policy,
				      GVTMEM_MH_KEY | GVTMEM_MH_MASTER },
	[GVTMEM_MSG_FORCE_RETURN] = { gvtmem_mgr_on_force_return,
				      GVTMEM_MH_ORDER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_node) },
	[GVTMEM_MSG_GRANT_ANY]	  = { gvtmem_mgr_on_grant_any,
				      GVTMEM_MH_ORDER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_grant_req) },
	[GVTMEM_MSG_GRANT_RETURN] = { gvtmem_mgr_on_grant_return,
				      GVTMEM_MH_ORDER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_grant_req) },
	[GVTMEM_MSG_MEM_LIMIT]	  = { gvtmem_mgr_on_mem_limit,
				      GVTMEM_MH_ORDER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_mem_limit) },
	[GVTMEM_MSG_LEAVE_NOTIFY] = { gvtmem_mgr_on_leave_notify,
				      GVTMEM_MH_ORDER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_node) },
	/* The master's own announcement: its table is already so. */
	[GVTMEM_MSG_ENABLE_NODE]  = { gvtmem_mgr_on_enable_node,
				      GVTMEM_MH_ORDER | GVTMEM_MH_FOLLOWER,
				      GVTMEM_EPOCH_AT(gvtmem_msg_enable_node) },
};

/* The epoch of order p (its offset need not be aligned in the inbox). */
static u64 gvtmem_mgr_epoch_of(const void *p, const struct gvtmem_mgr_handler *h)
{
	__le64 epoch;

	memcpy(&epoch, p + h->epoch_at, sizeof(epoch));
	return le64_to_cpu(epoch);
}

/* Orders only count from the master of our epoch or a newer one. */
static bool gvtmem_mgr_order_ok(u32 peer, u64 epoch, u16 type)
{
	if (epoch >= gvtmem_mgr.el.term)
		return true;
	gvtmem_mgr.stale_dropped++;
	pr_warn_ratelimited("node %u: %s of epoch %llu ignored (epoch is %llu)\n",
			    peer, gvtmem_msg_type_names[type], epoch,
			    gvtmem_mgr.el.term);
	return false;
}

/*
 * Message p of a valid type and size (the transport checked both, or we
 * sent it to ourselves) from peer: to its handler, if it passes the
 * table's checks.
 */
void gvtmem_mgr_handle(u32 peer, u16 type, const void *p, u32 len)
{
	const struct gvtmem_mgr_handler *h;
	u64 now = gvtmem_now();

	if (type >= GVTMEM_MSG_NR_TYPES || !gvtmem_mgr_handlers[type].fn)
		return;
	h = &gvtmem_mgr_handlers[type];
	gvtmem_mgr.nodes[peer].heard = now;
	if ((h->flags & GVTMEM_MH_KEY) && !gvtmem_auth_has_key())
		return;
	if ((h->flags & GVTMEM_MH_EPOCH) &&
	    !gvtmem_mgr_order_ok(peer, gvtmem_mgr_epoch_of(p, h), type))
		return;
	if ((h->flags & GVTMEM_MH_MASTER) && !gvtmem_is_master())
		return;
	if ((h->flags & GVTMEM_MH_FOLLOWER) && gvtmem_is_master())
		return;
	h->fn(peer, p, now);
}

/* ---- the work ---- */

static void gvtmem_mgr_tick(u64 now)
{
	struct gvtmem_election *el = &gvtmem_mgr.el;
	unsigned int contacts = 1;
	bool master_known;
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].configured && id != gvtmem_mgr.self &&
		    now < gvtmem_mgr.nodes[id].heard + gvtmem_lease())
			contacts++;
	gvtmem_mgr_election_step(gvtmem_elect_tick(el, now, gvtmem_jitter(),
						   !gvtmem_mgr.left, contacts),
				 now);
	if (gvtmem_is_master()) {
		el->master_seen = now;
		gvtmem_mgr.last_master_seen = now;
		if (now >= gvtmem_mgr.last_hb + GVTMEM_HEARTBEAT_MS)
			gvtmem_mgr_heartbeat(now);
		gvtmem_mgr_check_nodes(now);
	}

	master_known = el->master != GVTMEM_NO_NODE;
	if (master_known && now < gvtmem_mgr.last_stats + GVTMEM_STATS_MS &&
	    gvtmem_mgr_filling(now)) {
		gvtmem_mgr.last_early = now;
		gvtmem_mgr_send_stats(now);
	}
	if (!master_known || now < gvtmem_mgr.last_stats + GVTMEM_STATS_MS)
		return;
	gvtmem_mgr.last_stats = now;
	gvtmem_mgr_send_stats(now);
	switch (gvtmem_my_state()) {
	case GVTMEM_NODE_INACTIVE:
	case GVTMEM_NODE_RECOVERY:	/* back within the lease: Active again */
		if (!gvtmem_mgr.left)
			gvtmem_mgr_send_register(now);
		break;
	case GVTMEM_NODE_ACTIVE:
		if (gvtmem_mgr.leave_asked)
			gvtmem_mgr_send_node_msg(el->master, GVTMEM_MSG_LEAVE_REQ,
						 gvtmem_mgr.self);
		break;
	case GVTMEM_NODE_LEAVING:
		/* Step 3 of a leave: give back what we borrowed. */
		gvtmem_mgr_return_all(U32_MAX);
		break;
	}
	if (gvtmem_is_master() && now >= gvtmem_mgr.last_tier2 + GVTMEM_TIER2_MS)
		gvtmem_mgr_tier2(now);
}

static void gvtmem_mgr_work(struct work_struct *work)
{
	struct gvtmem_inbox_msg *m, *tmp;
	unsigned int noio = memalloc_noio_save();
	LIST_HEAD(msgs);

	spin_lock_bh(&gvtmem_mgr.inbox_lock);
	list_splice_init(&gvtmem_mgr.inbox, &msgs);
	spin_unlock_bh(&gvtmem_mgr.inbox_lock);

	mutex_lock(&gvtmem_mgr.lock);
	list_for_each_entry_safe(m, tmp, &msgs, node) {
		if (gvtmem_mgr.running)
			gvtmem_mgr_handle(m->peer, m->type, m->payload, m->len);
		kfree(m);
	}
	if (gvtmem_mgr.running && gvtmem_auth_has_key())
		gvtmem_mgr_tick(gvtmem_now());
	if (gvtmem_mgr.running)
		queue_delayed_work(gvtmem_mgr_wq, &gvtmem_mgr.work,
				   msecs_to_jiffies(GVTMEM_TICK_MS));
	mutex_unlock(&gvtmem_mgr.lock);
	memalloc_noio_restore(noio);
}

void gvtmem_mgr_kick(void)
{
	mod_delayed_work(gvtmem_mgr_wq, &gvtmem_mgr.work, 0);
}

/* From the transport (its completion work): queue, never block. */
void gvtmem_mgr_recv(u32 peer, const struct gvtmem_frame *f)
{
	struct gvtmem_inbox_msg *m;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	m = kmalloc(struct_size(m, payload, f->len), GFP_NOWAIT | __GFP_NOWARN);
	if (!m) {
		atomic_long_inc(&gvtmem_mgr.inbox_dropped);
		pr_warn_ratelimited("peer %u: message dropped: no memory to queue it\n",
				    peer);
		return;
	}
	m->peer = peer;
	m->type = f->type;
	m->len = f->len;
	memcpy(m->payload, f->payload, f->len);
	spin_lock_bh(&gvtmem_mgr.inbox_lock);
	list_add_tail(&m->node, &gvtmem_mgr.inbox);
	spin_unlock_bh(&gvtmem_mgr.inbox_lock);
	gvtmem_mgr_kick();
}

/*
 * An operator's policy change: the master applies it and announces it in
 * its heartbeats; any other node forwards it to the master. Caller holds
 * gvtmem_mgr.lock.
 */
int gvtmem_mgr_set_policy(const struct gvtmem_wire_policy *p)
{
	struct gvtmem_msg_set_policy m = { .policy = *p };
	bool limit_changed;

	if (!gvtmem_mgr.running || !gvtmem_auth_has_key())
		return -ENOTCONN;
	if (!gvtmem_is_master()) {
		if (gvtmem_mgr.el.master == GVTMEM_NO_NODE)
			return -EAGAIN;
		m.epoch = cpu_to_le64(gvtmem_mgr.el.term);
		return gvtmem_transport_send(gvtmem_mgr.el.master,
					     GVTMEM_MSG_SET_POLICY, &m, sizeof(m));
	}
	limit_changed = p->node_limit != gvtmem_mgr.policy.node_limit;
	if (p->policy != gvtmem_mgr.policy.policy ||
	    p->percent != gvtmem_mgr.policy.percent ||
	    p->ahead_s != gvtmem_mgr.policy.ahead_s || limit_changed)
		pr_info("tier 2 policy: %s, P %u%%, ahead %u s, node limit %llu pages\n",
			gvtmem_tier2_policy_names[p->policy], p->percent,
			p->ahead_s, le64_to_cpu(p->node_limit));
	gvtmem_mgr.policy = *p;
	gvtmem_mgr.last_hb = 0;		/* announce at the next tick */
	if (limit_changed)
		gvtmem_mgr_send_mem_limit(U32_MAX);
	return 0;
}

int gvtmem_mgr_init(void)
{
	gvtmem_mgr_wq = alloc_workqueue("gvtmem_manager",
					WQ_HIGHPRI | WQ_MEM_RECLAIM, 1);
	if (!gvtmem_mgr_wq)
		return -ENOMEM;
	mutex_init(&gvtmem_mgr.lock);
	spin_lock_init(&gvtmem_mgr.inbox_lock);
	INIT_LIST_HEAD(&gvtmem_mgr.inbox);
	INIT_DELAYED_WORK(&gvtmem_mgr.work, gvtmem_mgr_work);
	gvtmem_mgr.policy.policy = GVTMEM_TIER2_ADAPTIVE;
	gvtmem_mgr.policy.percent = 10;
	gvtmem_mgr.policy.ahead_s = GVTMEM_TIER2_AHEAD_S;
	gvtmem_mgr.lease_ms = gvtmem_mgr_default_lease_ms();
	gvtmem_mgr.el.lease_ms = gvtmem_mgr.lease_ms;
	return 0;
}

/* After gvtmem_mgr_stop: the work is cancelled and cannot come back. */
void gvtmem_mgr_exit(void)
{
	destroy_workqueue(gvtmem_mgr_wq);
}

int gvtmem_mgr_start(const struct gvtmem_config *cfg)
{
	u64 now = gvtmem_now();
	unsigned int i;
	int ret;

	mutex_lock(&gvtmem_mgr.lock);
	memset(gvtmem_mgr.nodes, 0, sizeof(gvtmem_mgr.nodes));
	for (i = 0; i < cfg->nr_nodes; i++)
		gvtmem_mgr.nodes[cfg->nodes[i].id].configured = true;
	gvtmem_mgr.self = cfg->self;
	gvtmem_mgr.nr_nodes = cfg->nr_nodes;
	gvtmem_elect_init(&gvtmem_mgr.el, cfg->self, cfg->nr_nodes, now,
			  get_random_u32() % (GVTMEM_LEASE_MS / 2));
	gvtmem_mgr.el.lease_ms = gvtmem_mgr.lease_ms;
	gvtmem_mgr.leave_asked = false;
	gvtmem_mgr.left = false;
	gvtmem_mgr.last_hb = gvtmem_mgr.last_stats = 0;
	gvtmem_mgr.last_tier2 = gvtmem_mgr.last_join = 0;
	gvtmem_mgr.last_master = GVTMEM_NO_NODE;
	gvtmem_mgr.failover_ms = 0;
	mutex_unlock(&gvtmem_mgr.lock);

	/* sysfs readers take the lock: never add or remove files under it. */
	ret = gvtmem_mgr_nodes_sysfs_add();
	if (ret)
		return ret;
	mutex_lock(&gvtmem_mgr.lock);
	gvtmem_mgr.running = true;
	mutex_unlock(&gvtmem_mgr.lock);
	if (!gvtmem_auth_has_key())
		pr_warn("no cluster key (cluster/key): transport only, this node will not join\n");
	gvtmem_mgr_kick();
	return 0;
}

/* Idempotent: called before the transport stops and again after it. */
void gvtmem_mgr_stop(void)
{
	struct gvtmem_inbox_msg *m, *tmp;

	mutex_lock(&gvtmem_mgr.lock);
	gvtmem_mgr.running = false;
	mutex_unlock(&gvtmem_mgr.lock);
	cancel_delayed_work_sync(&gvtmem_mgr.work);
	gvtmem_mgr_nodes_sysfs_del();
	spin_lock_bh(&gvtmem_mgr.inbox_lock);
	list_for_each_entry_safe(m, tmp, &gvtmem_mgr.inbox, node) {
		list_del(&m->node);
		kfree(m);
	}
	spin_unlock_bh(&gvtmem_mgr.inbox_lock);
}
