// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster manager: membership, master election, the Table 1 protocol
 * and tier 2, all in one delayed work item that runs every GVTMEM_TICK_MS.
 * The transport queues each authenticated, validated frame in the inbox
 * (it may not block its completion queue); the work handles them under
 * gvtmem_mgr.lock, runs the timers and, as master, keeps the node table
 * and orders grants. Everything the work sends is posted without waiting
 * (gvtmem_transport_post) so that a dead peer stalls nobody; what is lost
 * is sent again on a later tick, since every message is either periodic
 * or repeated until its effect shows in a heartbeat or in Statistics.
 *
 * Without a cluster key the manager only handles Grants (transport bring-up
 * and tests): no membership, no election.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <linux/ktime.h>
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
#include "loans.h"
#include "manager.h"
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

static u64 gvtmem_now(void)
{
	return ktime_to_ms(ktime_get_boottime());
}

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
	return IS_ENABLED(CONFIG_KASAN) ? 4 * GVTMEM_LEASE_MS : GVTMEM_LEASE_MS;
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

/* The lease in force; gvtmem_mgr.lock held. */
static u32 gvtmem_lease(void)
{
	return gvtmem_mgr.el.lease_ms;
}

static u32 gvtmem_jitter(void)
{
	return get_random_u32() % (gvtmem_lease() / 2);
}

static bool gvtmem_is_master(void)
{
	return gvtmem_mgr.el.role == GVTMEM_MASTER;
}

static u8 gvtmem_my_state(void)
{
	return gvtmem_mgr.nodes[gvtmem_mgr.self].state;
}

static bool gvtmem_node_ok(u32 id)
{
	return id < GVTMEM_MAX_NODES && gvtmem_mgr.nodes[id].configured;
}

static void gvtmem_mgr_handle(u32 peer, u16 type, const void *p, u32 len);

/* Send to one node; to ourselves means handling it here and now. */
static void gvtmem_mgr_send(u32 to, u16 type, const void *p, u32 len)
{
	if (to == gvtmem_mgr.self) {
		gvtmem_mgr_handle(to, type, p, len);
		return;
	}
	gvtmem_transport_post(to, type, p, len);
}

/* Send to every configured node, ourselves last if self is set. */
static void gvtmem_mgr_broadcast(u16 type, const void *p, u32 len, bool self)
{
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].configured && id != gvtmem_mgr.self)
			gvtmem_transport_post(id, type, p, len);
	if (self)
		gvtmem_mgr_handle(gvtmem_mgr.self, type, p, len);
}

static void gvtmem_mgr_send_node_msg(u32 to, u16 type, u32 node)
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
static void gvtmem_mgr_master_heard(int m, u64 now)
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

/* ---- as master ---- */

static void gvtmem_mgr_heartbeat(u64 now)
{
	struct gvtmem_msg_heartbeat *hb = kzalloc(sizeof(*hb), GFP_KERNEL);
	u32 id;

	gvtmem_mgr.last_hb = now;
	if (!hb)
		return;
	hb->epoch = cpu_to_le64(gvtmem_mgr.el.term);
	hb->policy = gvtmem_mgr.policy;
	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		hb->states[id] = gvtmem_mgr.nodes[id].state;
	gvtmem_mgr_broadcast(GVTMEM_MSG_HEARTBEAT, hb, sizeof(*hb), false);
	kfree(hb);
}

static void gvtmem_mgr_send_mem_limit(u32 to)
{
	struct gvtmem_msg_mem_limit m = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term),
		.max_local_pages = gvtmem_mgr.policy.node_limit,
	};

	if (to == U32_MAX)
		gvtmem_mgr_broadcast(GVTMEM_MSG_MEM_LIMIT, &m, sizeof(m), true);
	else
		gvtmem_mgr_send(to, GVTMEM_MSG_MEM_LIMIT, &m, sizeof(m));
}

/*
 * Node id is out for good (fenced, or done leaving): forget every block
 * between it and us. Until then, blocks it borrowed from us are kept, so
 * that a node that was only slow can come back with them (Recovery).
 */
static void gvtmem_mgr_forget(u32 id)
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
static void gvtmem_mgr_set_state(u32 x, u8 to)
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
static bool gvtmem_mgr_move(u32 x, enum gvtmem_node_event ev, u64 now)
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

static void gvtmem_mgr_become_master(u64 now)
{
	struct gvtmem_node_report r;
	u32 id;

	pr_info("node %u is master for epoch %llu\n", gvtmem_mgr.self,
		gvtmem_mgr.el.term);
	gvtmem_mgr_master_heard(gvtmem_mgr.self, now);
	gvtmem_mgr.el.table_epoch = gvtmem_mgr.el.term;
	gvtmem_backend_report(&r);
	for (id = 0; id < GVTMEM_MAX_NODES; id++) {
		struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[id];

		/* The table is the old master's; give everyone a lease. */
		n->since = now;
		n->stats_at = now;
		n->busy_until = now + GVTMEM_BUSY_MS;
		n->settle_owned = ULONG_MAX;	/* only time settles this */
		n->settle_up = true;
		n->failed_seen = le64_to_cpu(n->st.puts_failed);
		n->used_seen = le64_to_cpu(n->st.used_pages);
		n->used_seen_at = now;
		n->grown = 0;
	}
	if (gvtmem_my_state() == GVTMEM_NODE_INACTIVE && !gvtmem_mgr.left)
		gvtmem_mgr_move(gvtmem_mgr.self, GVTMEM_EV_REGISTER, now);
	gvtmem_mgr_heartbeat(now);
	gvtmem_mgr_send_mem_limit(U32_MAX);
}

static void gvtmem_mgr_check_nodes(u64 now)
{
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++) {
		struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[id];
		bool done;

		if (!n->configured)
			continue;
		switch (n->state) {
		case GVTMEM_NODE_ACTIVE:
		case GVTMEM_NODE_LEAVING:
			/* Our own Statistics are handed over here, not sent. */
			if (id != gvtmem_mgr.self &&
			    now > n->stats_at + gvtmem_lease()) {
				pr_warn("node %u: no Statistics for %u ms (cluster/lease_ms): failed\n",
					id, gvtmem_lease());
				gvtmem_mgr_move(id, GVTMEM_EV_LEASE_MISSED, now);
				/* The table first, so receivers know why. */
				gvtmem_mgr_heartbeat(now);
				gvtmem_mgr_send_node_msg(U32_MAX,
							 GVTMEM_MSG_FORCE_RETURN, id);
				break;
			}
			if (n->state != GVTMEM_NODE_LEAVING)
				break;
			done = !le64_to_cpu(n->st.lent_pages) &&
			       !le64_to_cpu(n->st.borrowed_pages) &&
			       n->stats_at > n->since;
			if (!done && now < n->since + GVTMEM_LEAVE_TIMEOUT_MS) {
				/* Repeated: a lost Force-Return must not stall it. */
				if (now >= n->last_order + GVTMEM_STATS_MS) {
					n->last_order = now;
					gvtmem_mgr_send_node_msg(U32_MAX,
								 GVTMEM_MSG_FORCE_RETURN, id);
				}
				break;
			}
			if (!done)
				pr_warn("node %u: leave not finished in %u s; completing it\n",
					id, GVTMEM_LEAVE_TIMEOUT_MS / 1000);
			gvtmem_mgr_move(id, GVTMEM_EV_LEAVE_DONE, now);
			gvtmem_mgr_heartbeat(now);
			gvtmem_mgr_send_node_msg(U32_MAX, GVTMEM_MSG_LEAVE_NOTIFY, id);
			break;
		case GVTMEM_NODE_RECOVERY:
			if (now > n->since + gvtmem_lease()) {
				gvtmem_mgr_move(id, GVTMEM_EV_FENCED, now);
				gvtmem_mgr_heartbeat(now);
			}
			break;
		}
	}
}

/*
 * On Statistics from n: how fast the pages it holds grew, per round,
 * since the previous ones (at least GVTMEM_EARLY_MS before, for a steady
 * rate). Refused puts are not growth: the kernel retries the same pages,
 * so their rate counts attempts, and projected ahead it asked for many
 * times a thrashing job's size. A full node asks for what it refused.
 */
static void gvtmem_mgr_growth(struct gvtmem_mgr_node *n, u64 now)
{
	unsigned long used = le64_to_cpu(n->st.used_pages);
	u64 ms = now - n->used_seen_at;

	if (now < n->used_seen_at + GVTMEM_EARLY_MS)
		return;
	n->grown = used > n->used_seen ?
		   div64_u64((u64)(used - n->used_seen) * GVTMEM_TIER2_MS, ms) : 0;
	n->used_seen = used;
	n->used_seen_at = now;
}

/* Rounds of growth the policy grants ahead of. */
static unsigned int gvtmem_mgr_ahead_rounds(void)
{
	return gvtmem_mgr.policy.ahead_s * 1000 / GVTMEM_TIER2_MS;
}

/* Its free pages will not last grant_ahead_s at its growth. */
static bool gvtmem_mgr_short(const struct gvtmem_mgr_node *n)
{
	return gvtmem_tier2_shortfall(le64_to_cpu(n->st.tmem_pages),
				      le64_to_cpu(n->st.used_pages), n->grown,
				      gvtmem_mgr_ahead_rounds()) > 0;
}

/*
 * An order to n is settled once its Statistics show its owned pages
 * moved as ordered, or at busy_until if they never do (a donor that
 * could not lend): its next ask is then not held back for BUSY_MS.
 */
static bool gvtmem_mgr_busy(const struct gvtmem_mgr_node *n, u64 now)
{
	unsigned long owned = le64_to_cpu(n->st.tmem_pages);

	if (now >= n->busy_until)
		return false;
	return n->settle_up ? owned < n->settle_owned : owned > n->settle_owned;
}

/* The order a asks of its borrower settles it at these owned pages. */
static void gvtmem_mgr_settle_at(struct gvtmem_mgr_node *n,
				 const struct gvtmem_tier2_action *a,
				 unsigned long owned, u64 now)
{
	bool first = now >= n->busy_until || n->settle_owned == ULONG_MAX;

	n->busy_until = now + GVTMEM_BUSY_MS;
	if (first)
		n->settle_owned = owned;
	n->settle_up = a->kind == GVTMEM_TIER2_GRANT;
	if (n->settle_up)
		n->settle_owned += a->pages;
	else
		n->settle_owned -= min(a->pages, n->settle_owned);
}

/* One tier-2 round over the nodes' last Statistics. */
static void gvtmem_mgr_tier2(u64 now)
{
	struct gvtmem_tier2_action *acts;
	struct gvtmem_tier2_node *in;
	unsigned int i, nr;
	u32 id;

	gvtmem_mgr.last_tier2 = now;
	in = kcalloc(GVTMEM_MAX_NODES, sizeof(*in), GFP_KERNEL);
	acts = kcalloc(GVTMEM_TIER2_MAX_ACTIONS(GVTMEM_MAX_NODES),
		       sizeof(*acts), GFP_KERNEL);
	if (!in || !acts)
		goto out_free;
	for (id = 0; id < GVTMEM_MAX_NODES; id++) {
		struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[id];
		unsigned long failed = le64_to_cpu(n->st.puts_failed);

		in[id].active = n->configured &&
				n->state == GVTMEM_NODE_ACTIVE &&
				now <= n->stats_at + gvtmem_lease();
		in[id].busy = gvtmem_mgr_busy(n, now);
		in[id].owned = le64_to_cpu(n->st.tmem_pages);
		in[id].used = le64_to_cpu(n->st.used_pages);
		in[id].borrowed = le64_to_cpu(n->st.borrowed_pages);
		in[id].lendable = le64_to_cpu(n->st.donor_free_pages);
		in[id].failed = failed > n->failed_seen ? failed - n->failed_seen : 0;
		in[id].grown = n->grown;
		if (!in[id].busy)
			n->failed_seen = failed;
	}
	nr = gvtmem_tier2_plan(gvtmem_mgr.policy.policy,
			       gvtmem_mgr.policy.percent,
			       gvtmem_mgr_ahead_rounds(),
			       le64_to_cpu(gvtmem_mgr.policy.node_limit), in,
			       GVTMEM_MAX_NODES, acts,
			       GVTMEM_TIER2_MAX_ACTIONS(GVTMEM_MAX_NODES));
	for (i = 0; i < nr; i++) {
		struct gvtmem_tier2_action *a = &acts[i];
		struct gvtmem_msg_grant_req m = {
			.epoch = cpu_to_le64(gvtmem_mgr.el.term),
			.pages = cpu_to_le64(a->pages),
		};

		gvtmem_mgr_settle_at(&gvtmem_mgr.nodes[a->borrower], a,
				     in[a->borrower].owned, now);
		if (a->kind == GVTMEM_TIER2_GRANT) {
			pr_info("tier 2 (%s): node %u grants %lu pages to node %u (refused %lu, short %lu)\n",
				gvtmem_tier2_policy_names[gvtmem_mgr.policy.policy],
				a->donor, a->pages, a->borrower,
				in[a->borrower].failed, in[a->borrower].lack);
			m.node = cpu_to_le32(a->borrower);
			gvtmem_mgr.grants_ordered += a->pages;
			gvtmem_mgr_send(a->donor, GVTMEM_MSG_GRANT_ANY, &m, sizeof(m));
		} else {
			pr_info("tier 2 (%s): node %u returns %lu pages\n",
				gvtmem_tier2_policy_names[gvtmem_mgr.policy.policy],
				a->borrower, a->pages);
			m.node = cpu_to_le32(a->borrower);
			gvtmem_mgr.returns_ordered += a->pages;
			gvtmem_mgr_send(a->borrower, GVTMEM_MSG_GRANT_RETURN, &m,
					sizeof(m));
		}
	}
out_free:
	kfree(acts);
	kfree(in);
}

/* ---- as any node ---- */

/* Give back up to max_blocks blocks donor lent us, and tell it. */
static unsigned int gvtmem_mgr_return_to(u32 donor, unsigned int max_blocks)
{
	struct gvtmem_msg_grant *g;
	unsigned int i, n;
	u32 *rkeys;

	max_blocks = min_t(unsigned int, max_blocks, GVTMEM_GRANT_MAX_BLOCKS);
	g = kzalloc(struct_size(g, blocks, max_blocks), GFP_KERNEL);
	rkeys = kcalloc(max_blocks, sizeof(*rkeys), GFP_KERNEL);
	n = g && rkeys ? gvtmem_remote_zone_return(donor, max_blocks, rkeys) : 0;
	for (i = 0; i < n; i++) {
		g->blocks[i].rkey = cpu_to_le32(rkeys[i]);
		g->blocks[i].order = GVTMEM_BLOCK_ORDER;
		gvtmem_borrow_remove(donor, rkeys[i]);
	}
	if (n) {
		g->epoch = cpu_to_le64(gvtmem_mgr.el.term);
		g->donor = cpu_to_le32(gvtmem_mgr.self);
		g->count = cpu_to_le16(n);
		g->flags = cpu_to_le16(GVTMEM_GRANT_F_RETURN);
		/* Waited for: a lost return would leave the block lent. */
		if (gvtmem_transport_send(donor, GVTMEM_MSG_GRANT, g,
					  struct_size(g, blocks, n)))
			pr_warn("node %u: could not tell it %u blocks came back; they return when the connection resets\n",
				donor, n);
	}
	kfree(rkeys);
	kfree(g);
	return n;
}

/* Give back every block of every donor (or of one); true if none is left. */
static bool gvtmem_mgr_return_all(u32 only)
{
	bool empty = true;
	u32 d;

	for (d = 0; d < GVTMEM_MAX_NODES; d++) {
		if (d == gvtmem_mgr.self || (only != U32_MAX && d != only))
			continue;
		while (gvtmem_borrow_blocks_from(d) &&
		       gvtmem_mgr_return_to(d, GVTMEM_GRANT_MAX_BLOCKS))
			;
		if (gvtmem_borrow_blocks_from(d))
			empty = false;	/* some in use right now: next time */
		else
			gvtmem_remote_zone_drop(d);	/* the empty zone */
	}
	return empty;
}

/* We were fenced without leaving: nothing we held survives. */
static void gvtmem_mgr_fence_self(void)
{
	u32 id;

	pr_warn("the master no longer counts this node Active: dropping remote zones, revoking what we lent\n");
	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (id != gvtmem_mgr.self && gvtmem_mgr.nodes[id].configured)
			gvtmem_mgr_forget(id);
}

/* Register's proof: HMAC(cluster key, nonce | node), as protocol.md says. */
static int gvtmem_register_proof(const struct gvtmem_msg_register *m, u8 *out)
{
	u8 buf[sizeof(m->nonce) + sizeof(m->node)];

	memcpy(buf, m->nonce, sizeof(m->nonce));
	memcpy(buf + sizeof(m->nonce), &m->node, sizeof(m->node));
	return gvtmem_auth_hmac(buf, sizeof(buf), out);
}

static void gvtmem_mgr_send_register(u64 now)
{
	struct gvtmem_msg_register m = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term),
		.node = cpu_to_le32(gvtmem_mgr.self),
	};

	gvtmem_mgr.last_join = now;
	get_random_bytes(m.nonce, sizeof(m.nonce));
	if (gvtmem_register_proof(&m, m.proof))
		return;
	gvtmem_mgr_send(gvtmem_mgr.el.master, GVTMEM_MSG_REGISTER, &m, sizeof(m));
}

/*
 * The master lost us for a lease (Recovery): keep what we lent (its
 * borrowers keep reading it until we are fenced) and what we borrowed
 * (its donors hold it until then too), and register again at once.
 */
static void gvtmem_mgr_recover_self(u64 now)
{
	pr_warn("the master lost this node for a lease: keeping what we lent and borrowed, registering again\n");
	gvtmem_mgr_send_register(now);
}

static void gvtmem_mgr_on_heartbeat(u32 peer, const struct gvtmem_msg_heartbeat *hb,
				    u64 now)
{
	u8 old = gvtmem_my_state(), new;
	bool was_master = gvtmem_is_master();
	u32 id;

	if (gvtmem_elect_on_heartbeat(&gvtmem_mgr.el, peer, le64_to_cpu(hb->epoch),
				      now, gvtmem_jitter())) {
		gvtmem_mgr.stale_dropped++;
		return;
	}
	if (was_master)
		pr_info("node %u is master for epoch %llu; following it\n", peer,
			gvtmem_mgr.el.term);
	gvtmem_mgr_master_heard(peer, now);
	gvtmem_mgr.el.table_epoch = gvtmem_mgr.el.term;
	gvtmem_mgr.policy = hb->policy;
	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		gvtmem_mgr_set_state(id, gvtmem_mgr.nodes[id].configured ?
					 hb->states[id] : GVTMEM_NODE_INACTIVE);
	new = gvtmem_my_state();
	if (old == new)
		return;
	pr_info("this node: %s -> %s\n", gvtmem_node_state_names[old],
		gvtmem_node_state_names[new]);
	if (new == GVTMEM_NODE_RECOVERY)
		gvtmem_mgr_recover_self(now);
	else if (new == GVTMEM_NODE_INACTIVE && old != GVTMEM_NODE_LEAVING)
		gvtmem_mgr_fence_self();
}

/* Enable-Node: node is Active; the bitmap is the whole active set. */
static void gvtmem_mgr_enable_node(u32 node)
{
	struct gvtmem_msg_enable_node en = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term),
		.node = cpu_to_le32(node),
	};
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].state == GVTMEM_NODE_ACTIVE)
			en.active[id / 64] |= cpu_to_le64(1ULL << (id % 64));
	gvtmem_mgr_broadcast(GVTMEM_MSG_ENABLE_NODE, &en, sizeof(en), false);
}

static void gvtmem_mgr_on_register(u32 peer, const struct gvtmem_msg_register *m,
				   u64 now)
{
	u8 proof[GVTMEM_PROOF_LEN];
	u32 node = le32_to_cpu(m->node);

	if (!gvtmem_is_master())
		return;
	if (node != peer || gvtmem_register_proof(m, proof) ||
	    crypto_memneq(proof, m->proof, sizeof(proof))) {
		pr_warn("node %u: Register refused: wrong node id or key proof\n", peer);
		return;
	}
	if (gvtmem_mgr.nodes[node].state == GVTMEM_NODE_ACTIVE)
		return;
	if (!gvtmem_mgr_move(node, GVTMEM_EV_REGISTER, now))
		return;
	gvtmem_mgr_heartbeat(now);
	gvtmem_mgr_enable_node(node);
	gvtmem_mgr_send_mem_limit(node);
}

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

/* Orders only count from the master of our epoch or a newer one. */
static bool gvtmem_mgr_order_ok(u32 peer, __le64 epoch, u16 type)
{
	if (le64_to_cpu(epoch) >= gvtmem_mgr.el.term)
		return true;
	gvtmem_mgr.stale_dropped++;
	pr_warn_ratelimited("node %u: %s of epoch %llu ignored (epoch is %llu)\n",
			    peer, gvtmem_msg_type_names[type], le64_to_cpu(epoch),
			    gvtmem_mgr.el.term);
	return false;
}

/*
 * Tell donor we hold the blocks of its Grant g marked in held: the same
 * blocks back, flagged as an acknowledgement. Without it the donor takes
 * them back (lend.c).
 */
static void gvtmem_mgr_ack_grant(u32 donor, const struct gvtmem_msg_grant *g,
				 const unsigned long *held)
{
	struct gvtmem_msg_grant *ack;
	unsigned int i;

	ack = kzalloc(struct_size(ack, blocks, le16_to_cpu(g->count)),
		      GFP_KERNEL);
	if (!ack)
		return;		/* the donor takes them back; we drop them then */
	ack->donor = g->donor;
	ack->flags = cpu_to_le16(GVTMEM_GRANT_F_ACK);
	for_each_set_bit(i, held, le16_to_cpu(g->count))
		gvtmem_grant_append(ack, &g->blocks[i]);
	if (ack->count)
		gvtmem_transport_post(donor, GVTMEM_MSG_GRANT, ack,
				      struct_size(ack, blocks,
						  le16_to_cpu(ack->count)));
	kfree(ack);
}

static void gvtmem_mgr_on_grant(u32 peer, const struct gvtmem_msg_grant *g)
{
	DECLARE_BITMAP(fresh, GVTMEM_GRANT_MAX_BLOCKS);
	DECLARE_BITMAP(held, GVTMEM_GRANT_MAX_BLOCKS);
	unsigned int i;

	if (le16_to_cpu(g->flags) & GVTMEM_GRANT_F_SYNC) {
		gvtmem_loans_on_pass(peer, g);
		return;
	}
	if (le16_to_cpu(g->flags) & GVTMEM_GRANT_F_RETURN) {
		gvtmem_lend_take_back(peer, g);
		return;
	}
	if (le16_to_cpu(g->flags) & GVTMEM_GRANT_F_ACK) {
		if (le32_to_cpu(g->donor) == gvtmem_transport_self())
			gvtmem_lend_acked(peer, g);
		return;
	}
	if (gvtmem_borrow_add(peer, g, fresh, held) < 0)
		return;		/* not acknowledged: the donor sends it again */
	for_each_set_bit(i, fresh, le16_to_cpu(g->count))
		if (gvtmem_remote_zone_add(peer, le64_to_cpu(g->blocks[i].addr),
					   le32_to_cpu(g->blocks[i].rkey),
					   g->blocks[i].order))
			pr_warn("peer %u: cannot add granted block %u to its zone\n",
				peer, i);
	gvtmem_mgr_ack_grant(peer, g, held);
}

static void gvtmem_mgr_on_grant_any(u32 peer, const struct gvtmem_msg_grant_req *m)
{
	u32 to = le32_to_cpu(m->node);
	u64 pages = le64_to_cpu(m->pages);
	int ret;

	if (gvtmem_my_state() != GVTMEM_NODE_ACTIVE || !gvtmem_node_ok(to) ||
	    to == gvtmem_mgr.self ||
	    gvtmem_mgr.nodes[to].state != GVTMEM_NODE_ACTIVE) {
		pr_warn_ratelimited("Grant-Any to node %u refused: it or we are not Active\n",
				    to);
		return;
	}
	ret = gvtmem_lend_grant(to, DIV_ROUND_UP(pages, GVTMEM_BLOCK_PAGES));
	if (ret < 0)
		pr_info_ratelimited("Grant-Any to node %u: nothing granted (%d)\n",
				    to, ret);
}

static void gvtmem_mgr_handle(u32 peer, u16 type, const void *p, u32 len)
{
	u64 now = gvtmem_now();
	bool keyed = gvtmem_auth_has_key();

	gvtmem_mgr.nodes[peer].heard = now;
	if (type == GVTMEM_MSG_GRANT) {
		gvtmem_mgr_on_grant(peer, p);
		return;
	}
	if (!keyed)
		return;		/* membership needs the key */

	switch (type) {
	case GVTMEM_MSG_HEARTBEAT:
		gvtmem_mgr_on_heartbeat(peer, p, now);
		break;
	case GVTMEM_MSG_VOTE_REQ: {
		const struct gvtmem_msg_vote_req *m = p;
		struct gvtmem_msg_vote v = { .node = m->node, .pre = m->pre };
		bool was_master = gvtmem_is_master();

		if (le32_to_cpu(m->node) != peer)
			break;
		v.granted = gvtmem_elect_on_vote_req(&gvtmem_mgr.el, peer,
						     le64_to_cpu(m->epoch),
						     le64_to_cpu(m->table_epoch),
						     m->pre, now, gvtmem_jitter());
		if (was_master && !gvtmem_is_master())
			pr_info("node %u stands in epoch %llu: no longer master\n",
				peer, gvtmem_mgr.el.term);
		v.epoch = m->pre ? m->epoch : cpu_to_le64(gvtmem_mgr.el.term);
		gvtmem_mgr_send(peer, GVTMEM_MSG_VOTE, &v, sizeof(v));
		break;
	}
	case GVTMEM_MSG_VOTE: {
		const struct gvtmem_msg_vote *v = p;

		if (le32_to_cpu(v->node) != gvtmem_mgr.self)
			break;
		gvtmem_mgr_election_step(gvtmem_elect_on_vote(&gvtmem_mgr.el, peer,
							      le64_to_cpu(v->epoch),
							      v->granted, v->pre,
							      now, gvtmem_jitter()),
					 now);
		break;
	}
	case GVTMEM_MSG_STATISTICS: {
		struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[peer];

		if (!gvtmem_is_master())
			break;
		n->st = *(const struct gvtmem_msg_statistics *)p;
		n->stats_at = now;
		gvtmem_mgr_growth(n, now);
		/* Grant ahead: a node filling fast need not wait for the round. */
		if (n->state == GVTMEM_NODE_ACTIVE && gvtmem_mgr_short(n) &&
		    !gvtmem_mgr_busy(n, now) &&
		    now >= gvtmem_mgr.last_tier2 + GVTMEM_EARLY_MS)
			gvtmem_mgr_tier2(now);
		break;
	}
	case GVTMEM_MSG_REGISTER:
		gvtmem_mgr_on_register(peer, p, now);
		break;
	case GVTMEM_MSG_LEAVE_REQ:
		if (gvtmem_is_master() &&
		    le32_to_cpu(((const struct gvtmem_msg_node *)p)->node) == peer &&
		    gvtmem_mgr.nodes[peer].state == GVTMEM_NODE_ACTIVE &&
		    gvtmem_mgr_move(peer, GVTMEM_EV_LEAVE_REQ, now)) {
			gvtmem_mgr_heartbeat(now);
			/* The repeat in the node check counts from here. */
			gvtmem_mgr.nodes[peer].last_order = now;
			gvtmem_mgr_send_node_msg(U32_MAX, GVTMEM_MSG_FORCE_RETURN, peer);
		}
		break;
	case GVTMEM_MSG_FORCE_RETURN: {
		const struct gvtmem_msg_node *m = p;
		u32 x = le32_to_cpu(m->node);

		if (!gvtmem_mgr_order_ok(peer, m->epoch, type) || !gvtmem_node_ok(x))
			break;
		if (x == gvtmem_mgr.self) {
			/*
			 * Sent to all when the master missed our lease: the
			 * others forget what we lent; we register again at
			 * once, and donors keep our blocks until a fence, so
			 * giving them back would only cost their pages a
			 * copy. A leaving node gives everything back.
			 */
			if (gvtmem_my_state() == GVTMEM_NODE_RECOVERY) {
				pr_info_ratelimited("Force-Return for this node after a missed lease: keeping what it borrowed, registering again\n");
				break;
			}
			gvtmem_mgr_return_all(U32_MAX);
			break;
		}
		/*
		 * A failed node's blocks cannot be given back, and it may
		 * only be slow: its zone here is suspect since the table said
		 * Recovery (gvtmem_mgr_set_state), and goes at a fence.
		 */
		if (gvtmem_mgr.nodes[x].state == GVTMEM_NODE_RECOVERY) {
			pr_info_ratelimited("Force-Return: node %u missed a lease; its zone takes no new pages until it is back or fenced\n",
					    x);
			break;
		}
		pr_info_ratelimited("Force-Return: returning node %u's blocks\n",
				    x);
		/* A leaving one's: what is in use now goes at the next repeat. */
		gvtmem_mgr_return_all(x);
		break;
	}
	case GVTMEM_MSG_GRANT_ANY:
		if (gvtmem_mgr_order_ok(peer, ((const struct gvtmem_msg_grant_req *)p)->epoch,
					type))
			gvtmem_mgr_on_grant_any(peer, p);
		break;
	case GVTMEM_MSG_GRANT_RETURN: {
		const struct gvtmem_msg_grant_req *m = p;
		u32 d = le32_to_cpu(m->node);
		unsigned int blocks = DIV_ROUND_UP(le64_to_cpu(m->pages),
						   GVTMEM_BLOCK_PAGES);

		if (!gvtmem_mgr_order_ok(peer, m->epoch, type))
			break;
		if (d != gvtmem_mgr.self) {
			gvtmem_mgr_return_to(d, blocks);
			break;
		}
		for (d = 0; d < GVTMEM_MAX_NODES && blocks; d++)
			if (d != gvtmem_mgr.self)
				blocks -= gvtmem_mgr_return_to(d, blocks);
		break;
	}
	case GVTMEM_MSG_MEM_LIMIT: {
		const struct gvtmem_msg_mem_limit *m = p;

		if (!gvtmem_mgr_order_ok(peer, m->epoch, type))
			break;
		gvtmem_mgr.mem_limit = le64_to_cpu(m->max_local_pages);
		gvtmem_backend_set_mem_limit(gvtmem_mgr.mem_limit);
		break;
	}
	case GVTMEM_MSG_ENABLE_NODE: {
		const struct gvtmem_msg_enable_node *m = p;
		u32 x = le32_to_cpu(m->node);

		u32 id;

		if (!gvtmem_mgr_order_ok(peer, m->epoch, type) || gvtmem_is_master())
			break;
		/* The active set; heartbeats carry the other states. */
		for (id = 0; id < GVTMEM_MAX_NODES; id++)
			if (gvtmem_mgr.nodes[id].configured &&
			    le64_to_cpu(m->active[id / 64]) & (1ULL << (id % 64)))
				gvtmem_mgr_set_state(id, GVTMEM_NODE_ACTIVE);
		if (x == gvtmem_mgr.self)
			pr_info("this node is Active in the cluster (master %u, epoch %llu)\n",
				peer, le64_to_cpu(m->epoch));
		break;
	}
	case GVTMEM_MSG_LEAVE_NOTIFY: {
		const struct gvtmem_msg_node *m = p;
		u32 x = le32_to_cpu(m->node);

		if (!gvtmem_mgr_order_ok(peer, m->epoch, type))
			break;
		if (x == gvtmem_mgr.self && gvtmem_mgr.leave_asked) {
			gvtmem_mgr.left = true;
			pr_info("this node has left the cluster; it may shut down\n");
		} else {
			pr_info("node %u has left the cluster\n", x);
		}
		break;
	}
	case GVTMEM_MSG_SET_POLICY:
		if (gvtmem_is_master())
			gvtmem_mgr_set_policy(&((const struct gvtmem_msg_set_policy *)p)->policy);
		break;
	}
}

/* ---- the work ---- */

/* Pages of this node's zones holding nothing, as r reports them. */
static unsigned long gvtmem_mgr_report_free(const struct gvtmem_node_report *r)
{
	return r->tmem_pages - min(r->used_pages, r->tmem_pages);
}

static void gvtmem_mgr_send_stats(u64 now)
{
	struct gvtmem_msg_statistics st = {
		.epoch = cpu_to_le64(gvtmem_mgr.el.term),
		.state = gvtmem_my_state(),
		.policy = gvtmem_mgr.policy.policy,
	};
	struct gvtmem_node_report r;
	unsigned long lent, lend_free;

	gvtmem_backend_report(&r);
	gvtmem_mgr.stats_free = gvtmem_mgr_report_free(&r);
	gvtmem_lend_pages(&lent, &lend_free);
	st.tmem_pages = cpu_to_le64(r.tmem_pages);
	st.used_pages = cpu_to_le64(r.used_pages);
	st.borrowed_pages = cpu_to_le64(r.borrowed_pages);
	st.lent_pages = cpu_to_le64(lent);
	st.donor_free_pages = cpu_to_le64(lend_free);
	st.puts_ok = cpu_to_le64(r.puts_ok);
	st.puts_failed = cpu_to_le64(r.puts_failed);
	st.gets_ok = cpu_to_le64(r.gets_ok);
	st.gets_failed = cpu_to_le64(r.gets_failed);
	gvtmem_mgr_send(gvtmem_mgr.el.master, GVTMEM_MSG_STATISTICS, &st,
			sizeof(st));
}

/*
 * Early Statistics, for grant ahead: since the last ones, this node used
 * more than a quarter of its free tmem pages (and at least a MiB). A burst can
 * fill a zone in less than GVTMEM_STATS_MS; the master hears of it within
 * a tick or two and may order blocks before puts are refused.
 */
static bool gvtmem_mgr_filling(u64 now)
{
	struct gvtmem_node_report r;
	unsigned long free, was = gvtmem_mgr.stats_free;

	if (!gvtmem_mgr.policy.ahead_s ||
	    gvtmem_mgr.policy.policy == GVTMEM_TIER2_GREEDY_LOCAL ||
	    gvtmem_my_state() != GVTMEM_NODE_ACTIVE ||
	    now < max(gvtmem_mgr.last_stats, gvtmem_mgr.last_early) + GVTMEM_EARLY_MS)
		return false;
	gvtmem_backend_report(&r);
	free = gvtmem_mgr_report_free(&r);
	return free < was - was / 4 && was - free >= (1UL << (20 - PAGE_SHIFT));
}

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
