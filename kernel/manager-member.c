// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster manager's duties as any node, master included: Statistics
 * and Register to the master, the master's orders (Grant-Any,
 * Grant-Return, Force-Return, Mem-Limit, Enable-Node, Leave-Notify), its
 * heartbeats, and the Grants that move blocks between donor and borrower.
 * Everything here runs in the manager's work, under gvtmem_mgr.lock
 * (manager.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>
#include <linux/slab.h>

#include "../rdma-transport/transport.h"
#include "auth.h"
#include "borrow.h"
#include "gvtmem.h"
#include "lend.h"
#include "loans.h"
#include "manager-pri.h"

/* Pages of this node's zones holding nothing, as r reports them. */
static unsigned long gvtmem_mgr_report_free(const struct gvtmem_node_report *r)
{
	return r->tmem_pages - min(r->used_pages, r->tmem_pages);
}

void gvtmem_mgr_send_stats(u64 now)
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
bool gvtmem_mgr_filling(u64 now)
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
bool gvtmem_mgr_return_all(u32 only)
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
int gvtmem_register_proof(const struct gvtmem_msg_register *m, u8 *out)
{
	u8 buf[sizeof(m->nonce) + sizeof(m->node)];

	memcpy(buf, m->nonce, sizeof(m->nonce));
	memcpy(buf + sizeof(m->nonce), &m->node, sizeof(m->node));
	return gvtmem_auth_hmac(buf, sizeof(buf), out);
}

void gvtmem_mgr_send_register(u64 now)
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

/* ---- messages from the master ---- */

void gvtmem_mgr_on_heartbeat(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_heartbeat *hb = p;
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

void gvtmem_mgr_on_force_return(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_node *m = p;
	u32 x = le32_to_cpu(m->node);

	if (!gvtmem_node_ok(x))
		return;
	if (x == gvtmem_mgr.self) {
		/*
		 * Sent to all when the master missed our lease: the others
		 * forget what we lent; we register again at once, and donors
		 * keep our blocks until a fence, so giving them back would
		 * only cost their pages a copy. A leaving node gives
		 * everything back.
		 */
		if (gvtmem_my_state() == GVTMEM_NODE_RECOVERY) {
			pr_info_ratelimited("Force-Return for this node after a missed lease: keeping what it borrowed, registering again\n");
			return;
		}
		gvtmem_mgr_return_all(U32_MAX);
		return;
	}
	/*
	 * A failed node's blocks cannot be given back, and it may only be
	 * slow: its zone here is suspect since the table said Recovery
	 * (gvtmem_mgr_set_state), and goes at a fence.
	 */
	if (gvtmem_mgr.nodes[x].state == GVTMEM_NODE_RECOVERY) {
		pr_info_ratelimited("Force-Return: node %u missed a lease; its zone takes no new pages until it is back or fenced\n",
				    x);
		return;
	}
	pr_info_ratelimited("Force-Return: returning node %u's blocks\n", x);
	/* A leaving one's: what is in use now goes at the next repeat. */
	gvtmem_mgr_return_all(x);
}

void gvtmem_mgr_on_grant_any(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_grant_req *m = p;
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

void gvtmem_mgr_on_grant_return(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_grant_req *m = p;
	u32 d = le32_to_cpu(m->node);
	unsigned int blocks = DIV_ROUND_UP(le64_to_cpu(m->pages),
					   GVTMEM_BLOCK_PAGES);

	if (d != gvtmem_mgr.self) {
		gvtmem_mgr_return_to(d, blocks);
		return;
	}
	for (d = 0; d < GVTMEM_MAX_NODES && blocks; d++)
		if (d != gvtmem_mgr.self)
			blocks -= gvtmem_mgr_return_to(d, blocks);
}

void gvtmem_mgr_on_mem_limit(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_mem_limit *m = p;

	gvtmem_mgr.mem_limit = le64_to_cpu(m->max_local_pages);
	gvtmem_backend_set_mem_limit(gvtmem_mgr.mem_limit);
}

void gvtmem_mgr_on_enable_node(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_enable_node *m = p;
	u32 x = le32_to_cpu(m->node);
	u32 id;

	/* The active set; heartbeats carry the other states. */
	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].configured &&
		    le64_to_cpu(m->active[id / 64]) & (1ULL << (id % 64)))
			gvtmem_mgr_set_state(id, GVTMEM_NODE_ACTIVE);
	if (x == gvtmem_mgr.self)
		pr_info("this node is Active in the cluster (master %u, epoch %llu)\n",
			peer, le64_to_cpu(m->epoch));
}

void gvtmem_mgr_on_leave_notify(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_node *m = p;
	u32 x = le32_to_cpu(m->node);

	if (x == gvtmem_mgr.self && gvtmem_mgr.leave_asked) {
		gvtmem_mgr.left = true;
		pr_info("this node has left the cluster; it may shut down\n");
	} else {
		pr_info("node %u has left the cluster\n", x);
	}
}

/* ---- Grants: blocks moving between donor and borrower ---- */

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

void gvtmem_mgr_on_grant(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_grant *g = p;
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
