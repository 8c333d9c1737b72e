// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster manager's duties as master: the node table (Register,
 * leases, leaves, fences), its announcement in heartbeats, Mem-Limit, and
 * tier 2's rounds, which turn the nodes' Statistics into Grant-Any and
 * Grant-Return orders. Everything here runs in the manager's work, under
 * gvtmem_mgr.lock (manager.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <linux/slab.h>

#include "../rdma-transport/transport.h"
#include "auth.h"
#include "gvtmem.h"
#include "manager-pri.h"

void gvtmem_mgr_heartbeat(u64 now)
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

void gvtmem_mgr_send_mem_limit(u32 to)
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

void gvtmem_mgr_become_master(u64 now)
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

void gvtmem_mgr_check_nodes(u64 now)
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
void gvtmem_mgr_tier2(u64 now)
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

/* ---- messages to the master ---- */

void gvtmem_mgr_on_statistics(u32 peer, const void *p, u64 now)
{
	struct gvtmem_mgr_node *n = &gvtmem_mgr.nodes[peer];

	n->st = *(const struct gvtmem_msg_statistics *)p;
	n->stats_at = now;
	gvtmem_mgr_growth(n, now);
	/* Grant ahead: a node filling fast need not wait for the round. */
	if (n->state == GVTMEM_NODE_ACTIVE && gvtmem_mgr_short(n) &&
	    !gvtmem_mgr_busy(n, now) &&
	    now >= gvtmem_mgr.last_tier2 + GVTMEM_EARLY_MS)
		gvtmem_mgr_tier2(now);
}

void gvtmem_mgr_on_register(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_register *m = p;
	u8 proof[GVTMEM_PROOF_LEN];
	u32 node = le32_to_cpu(m->node);

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

void gvtmem_mgr_on_leave_req(u32 peer, const void *p, u64 now)
{
	const struct gvtmem_msg_node *m = p;

	if (le32_to_cpu(m->node) != peer ||
	    gvtmem_mgr.nodes[peer].state != GVTMEM_NODE_ACTIVE ||
	    !gvtmem_mgr_move(peer, GVTMEM_EV_LEAVE_REQ, now))
		return;
	gvtmem_mgr_heartbeat(now);
	/* The repeat in the node check counts from here. */
	gvtmem_mgr.nodes[peer].last_order = now;
	gvtmem_mgr_send_node_msg(U32_MAX, GVTMEM_MSG_FORCE_RETURN, peer);
}

void gvtmem_mgr_on_set_policy(u32 peer, const void *p, u64 now)
{
	gvtmem_mgr_set_policy(&((const struct gvtmem_msg_set_policy *)p)->policy);
}
