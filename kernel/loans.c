// SPDX-License-Identifier: GPL-2.0
/*
 * Loans across connection resets. With transport/keep_loans, a reset is
 * not a revocation: the donor keeps the blocks registered (their regions
 * live in a PD that outlives queue pairs), the borrower keeps its zone
 * offline (nothing new is put in it; its pages stay). After every
 * reconnect the donor sends a reconciliation pass, the acknowledged
 * blocks it lends (Grant frames flagged SYNC, the last SYNC_END). The
 * borrower acknowledges the listed blocks it holds, gives back those it
 * does not know, and at the end drops and gives back those it holds that
 * were not listed; then its zone is online again.
 *
 * The donor also sends a pass every GVTMEM_LOANS_PASS_MS while connected,
 * and at once after its sweep took back blocks whose Grant was never
 * acknowledged: a Return lost on the way (a dropped frame) is repaired by
 * the next one (a borrower that gave a block back answers its listing
 * with another Return), and a block the donor took back while the
 * borrower held it is dropped by it, so both sides' books agree again
 * without a reset. Every pass is numbered and its frames counted
 * (gvtmem_grant_pass_tag): a borrower only drops what a pass whose every
 * frame came did not list.
 *
 * Bounds, so nothing waits on a peer for ever:
 * - a borrower whose donor stays unreachable for GVTMEM_LOANS_BORROW_GRACE_MS
 *   drops its zone (pages are read from their other copy or the swap
 *   device), and one that gets no pass within GVTMEM_LOANS_SYNC_MS of the
 *   reconnect does too;
 * - a donor whose borrower stays unreachable for the longer
 *   GVTMEM_LOANS_LEND_GRACE_MS takes its blocks back.
 * The master's fencing (manager.c) still ends every loan of a node out of
 * the cluster, whichever comes first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../rdma-transport/transport.h"
#include "borrow.h"
#include "gvtmem.h"
#include "lend.h"
#include "loans.h"
#include "protocol.h"
#include "tier2.h"

#define GVTMEM_LOANS_BORROW_GRACE_MS	30000
#define GVTMEM_LOANS_LEND_GRACE_MS	60000
#define GVTMEM_LOANS_SYNC_MS		10000
#define GVTMEM_LOANS_PASS_MS		30000
#define GVTMEM_LOANS_WATCH_MS		1000

struct gvtmem_loans_peer {
	unsigned long down_since;	/* jiffies; 0 while up */
	unsigned long up_since;		/* jiffies; 0 while down */
	unsigned long pass_sent;	/* jiffies: our last pass to it */
	bool awaiting_pass;		/* kept loans not reconciled yet */
};

/* Protects gvtmem_loans_peers. */
static DEFINE_SPINLOCK(gvtmem_loans_lock);
static struct gvtmem_loans_peer gvtmem_loans_peers[GVTMEM_MAX_NODES];

/*
 * Serialises our passes, so the frames of two never interleave on the
 * wire, and protects the pass numbers we gave each peer.
 */
static DEFINE_MUTEX(gvtmem_loans_pass_mutex);
static u32 gvtmem_loans_pass_nr[GVTMEM_MAX_NODES];

static void gvtmem_loans_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_loans_watch_work, gvtmem_loans_watch);

static void gvtmem_loans_kick_watch(void)
{
	mod_delayed_work(system_unbound_wq, &gvtmem_loans_watch_work,
			 msecs_to_jiffies(GVTMEM_LOANS_WATCH_MS));
}

/*
 * Forget what peer lent us, why having been true for ms: its zone goes,
 * pages to their other copy.
 */
static void gvtmem_loans_forget_borrowed(u32 peer, const char *why,
					 unsigned int ms)
{
	if (gvtmem_borrow_blocks_from(peer) || gvtmem_remote_zone_is_offline(peer))
		pr_warn("peer %u: %s for %u s: dropping the zone of its blocks\n",
			peer, why, ms / 1000);
	gvtmem_remote_zone_drop(peer);
	gvtmem_borrow_forget(peer);
}

void gvtmem_loans_peer_down(u32 peer)
{
	struct gvtmem_loans_peer *p;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	p = &gvtmem_loans_peers[peer];
	spin_lock(&gvtmem_loans_lock);
	p->up_since = 0;
	spin_unlock(&gvtmem_loans_lock);
	if (!gvtmem_keep_loans()) {
		/* A reset ends the loans made over it, both ways. */
		gvtmem_remote_zone_drop(peer);
		gvtmem_borrow_forget(peer);
		gvtmem_lend_revoke(peer);
		return;
	}
	spin_lock(&gvtmem_loans_lock);
	p->down_since = jiffies | 1;
	p->awaiting_pass = true;
	spin_unlock(&gvtmem_loans_lock);
	gvtmem_remote_zone_set_offline(peer, true);
	gvtmem_loans_kick_watch();
}

/* Send peer our reconciliation pass: what we lend it, acknowledged. */
static void gvtmem_loans_send_pass(u32 peer)
{
	struct gvtmem_msg_grant *g;
	unsigned int n, skip = 0, total = 0;
	u16 frame = 0;
	int ret = 0;
	u32 nr;

	g = kzalloc(struct_size(g, blocks, GVTMEM_GRANT_MAX_BLOCKS), GFP_KERNEL);
	if (!g)
		return;	/* the peer drops our blocks after GVTMEM_LOANS_SYNC_MS */
	mutex_lock(&gvtmem_loans_pass_mutex);
	nr = ++gvtmem_loans_pass_nr[peer];
	do {
		n = gvtmem_lend_list(peer, skip, g);
		g->epoch = gvtmem_grant_pass_tag(nr, frame++);
		g->donor = cpu_to_le32(gvtmem_transport_self());
		g->count = cpu_to_le16(n);
		g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC |
				       (n < GVTMEM_GRANT_MAX_BLOCKS ?
					GVTMEM_GRANT_F_SYNC_END : 0));
		ret = gvtmem_transport_send(peer, GVTMEM_MSG_GRANT, g,
					    struct_size(g, blocks, n));
		skip += n;
		total += n;
	} while (!ret && n == GVTMEM_GRANT_MAX_BLOCKS);
	mutex_unlock(&gvtmem_loans_pass_mutex);
	kfree(g);
	if (ret)
		pr_warn("peer %u: reconciliation pass not sent (%d); the next reconnect sends it\n",
			peer, ret);
	else if (total)
		pr_info("peer %u: reconciliation pass sent: %u blocks lent to it\n",
			peer, total);
}

void gvtmem_loans_peer_up(u32 peer)
{
	struct gvtmem_loans_peer *p;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	p = &gvtmem_loans_peers[peer];
	spin_lock(&gvtmem_loans_lock);
	p->down_since = 0;
	p->up_since = jiffies | 1;
	p->pass_sent = jiffies;
	spin_unlock(&gvtmem_loans_lock);
	/* Always: a peer that kept our blocks learns which still are. */
	gvtmem_loans_send_pass(peer);
	gvtmem_loans_kick_watch();
}

/* Send blocks back to donor under flags (an ack or a return). */
static void gvtmem_loans_reply(u32 donor, struct gvtmem_msg_grant *g, u16 flags)
{
	unsigned int n = le16_to_cpu(g->count);

	if (!n)
		return;
	g->donor = cpu_to_le32(flags & GVTMEM_GRANT_F_ACK ? donor :
			       gvtmem_transport_self());
	g->flags = cpu_to_le16(flags);
	if (gvtmem_transport_send(donor, GVTMEM_MSG_GRANT, g,
				  struct_size(g, blocks, n)))
		pr_warn("peer %u: could not answer its reconciliation pass (%u blocks); its next pass asks again\n",
			donor, n);
}

/*
 * The end of donor's pass: drop and give back what it did not list, if
 * every frame of it came (whole); else keep all until a pass that does.
 */
static void gvtmem_loans_end_pass(u32 donor, struct gvtmem_msg_grant *back,
				  bool whole)
{
	unsigned int dropped = 0;
	u32 rkey;

	if (!whole) {
		pr_warn("peer %u: reconciliation pass missed a frame; nothing dropped until a whole one\n",
			donor);
		return;
	}
	back->count = 0;
	while (gvtmem_borrow_take_stale(donor, &rkey)) {
		struct gvtmem_grant_block blk = {
			.rkey = cpu_to_le32(rkey),
			.order = GVTMEM_BLOCK_ORDER,
		};

		gvtmem_remote_zone_drop_block(donor, rkey);
		gvtmem_grant_append(back, &blk);
		dropped++;
		if (le16_to_cpu(back->count) == GVTMEM_GRANT_MAX_BLOCKS) {
			gvtmem_loans_reply(donor, back, GVTMEM_GRANT_F_RETURN);
			back->count = 0;
		}
	}
	gvtmem_loans_reply(donor, back, GVTMEM_GRANT_F_RETURN);
	spin_lock(&gvtmem_loans_lock);
	gvtmem_loans_peers[donor].awaiting_pass = false;
	spin_unlock(&gvtmem_loans_lock);
	if (dropped)
		pr_warn("peer %u: reconciled; %u blocks it no longer lends us dropped\n",
			donor, dropped);
	if (gvtmem_transport_peer_up(donor) &&
	    gvtmem_remote_zone_is_offline(donor)) {
		gvtmem_remote_zone_set_offline(donor, false);
		pr_info("peer %u: reconciled; %u blocks kept across the reset\n",
			donor, gvtmem_borrow_blocks_from(donor));
	}
}

/* A frame of donor's reconciliation pass (validated; manager work). */
void gvtmem_loans_on_pass(u32 donor, const struct gvtmem_msg_grant *g)
{
	size_t size = struct_size(g, blocks, GVTMEM_GRANT_MAX_BLOCKS);
	struct gvtmem_msg_grant *known, *unknown;
	bool whole;

	if (le32_to_cpu(g->donor) != donor) {
		pr_warn_ratelimited("peer %u: reconciliation pass names donor %u; ignored\n",
				    donor, le32_to_cpu(g->donor));
		return;
	}
	known = kzalloc(size, GFP_KERNEL);
	unknown = kzalloc(size, GFP_KERNEL);
	if (!known || !unknown) {
		pr_warn("peer %u: no memory to reconcile; its next pass does\n",
			donor);
		goto out_free;
	}
	whole = gvtmem_borrow_sync(donor, g, known, unknown);
	gvtmem_loans_reply(donor, known, GVTMEM_GRANT_F_ACK);
	if (unknown->count)
		pr_warn("peer %u: lists %u blocks we do not hold; giving them back\n",
			donor, le16_to_cpu(unknown->count));
	gvtmem_loans_reply(donor, unknown, GVTMEM_GRANT_F_RETURN);
	if (le16_to_cpu(g->flags) & GVTMEM_GRANT_F_SYNC_END)
		gvtmem_loans_end_pass(donor, unknown, whole);
out_free:
	kfree(known);
	kfree(unknown);
}

/* Ends loans kept past their bounds (see the top); again while any may. */
static void gvtmem_loans_watch(struct work_struct *work)
{
	unsigned long now = jiffies;
	bool again = false;
	u32 peer;

	for (peer = 0; peer < GVTMEM_MAX_NODES; peer++) {
		struct gvtmem_loans_peer *p = &gvtmem_loans_peers[peer];
		bool forget = false, revoke = false, late_pass = false;
		bool pass = false;

		spin_lock(&gvtmem_loans_lock);
		if (p->up_since) {
			pass = gvtmem_lend_took_back_unacked(peer) |
			       time_after(now, p->pass_sent +
					  msecs_to_jiffies(GVTMEM_LOANS_PASS_MS));
			if (pass)
				p->pass_sent = now;
			again = true;
		}
		if (p->down_since) {
			forget = p->awaiting_pass &&
				 time_after(now, p->down_since +
					    msecs_to_jiffies(GVTMEM_LOANS_BORROW_GRACE_MS));
			revoke = time_after(now, p->down_since +
					    msecs_to_jiffies(GVTMEM_LOANS_LEND_GRACE_MS));
			again |= !revoke;
		} else if (p->awaiting_pass) {
			late_pass = time_after(now, p->up_since +
					       msecs_to_jiffies(GVTMEM_LOANS_SYNC_MS));
			again |= !late_pass;
		}
		if (forget || late_pass)
			p->awaiting_pass = false;
		if (revoke)
			p->down_since = 0;
		spin_unlock(&gvtmem_loans_lock);

		if (pass && gvtmem_transport_peer_up(peer))
			gvtmem_loans_send_pass(peer);
		if (forget)
			gvtmem_loans_forget_borrowed(peer, "unreachable",
						     GVTMEM_LOANS_BORROW_GRACE_MS);
		if (late_pass)
			gvtmem_loans_forget_borrowed(peer, "reconnected, no reconciliation pass",
						     GVTMEM_LOANS_SYNC_MS);
		if (revoke && gvtmem_lend_blocks_to(peer)) {
			pr_warn("peer %u: unreachable for %u s: taking back the blocks lent to it\n",
				peer, GVTMEM_LOANS_LEND_GRACE_MS / 1000);
			gvtmem_lend_revoke(peer);
		}
	}
	if (again)
		gvtmem_loans_kick_watch();
}

/* The transport stopped: no loan outlives it. */
void gvtmem_loans_stop(void)
{
	u32 peer;

	cancel_delayed_work_sync(&gvtmem_loans_watch_work);
	spin_lock(&gvtmem_loans_lock);
	memset(gvtmem_loans_peers, 0, sizeof(gvtmem_loans_peers));
	spin_unlock(&gvtmem_loans_lock);
	for (peer = 0; peer < GVTMEM_MAX_NODES; peer++)
		gvtmem_remote_zone_drop(peer);
	gvtmem_borrow_forget_all();
}
