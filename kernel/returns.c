// SPDX-License-Identifier: GPL-2.0
/*
 * Returns a donor has not heard of yet. A borrower gives emptied blocks
 * back with a Grant carrying the return flag. If that message cannot be
 * sent (the connection to the donor is coming back from a reset, which
 * keeps loans), the donor would count the blocks as lent for good, so the
 * message is kept here and sent again from the manager's tick once the
 * donor is reachable. Loans that end otherwise (the donor is forgotten,
 * restarted or revoked everything) take its kept returns with them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../rdma-transport/transport.h"
#include "manager.h"
#include "protocol.h"

/* Messages kept at most (each up to GVTMEM_GRANT_MAX_BLOCKS blocks). */
#define GVTMEM_RETURNS_MAX 32

struct gvtmem_kept_return {
	struct list_head node;
	u32 donor;
	u32 len;
	u8 msg[];			/* struct gvtmem_msg_grant */
};

/* Protects the list and count; never held while sending. */
static DEFINE_SPINLOCK(gvtmem_returns_lock);
static LIST_HEAD(gvtmem_returns);
static unsigned int gvtmem_returns_nr;

/* The return g (len bytes) could not be sent to donor: keep it. */
void gvtmem_returns_keep(u32 donor, const struct gvtmem_msg_grant *g, u32 len)
{
	struct gvtmem_kept_return *r = kmalloc(sizeof(*r) + len, GFP_KERNEL);
	bool kept = false;

	if (r) {
		r->donor = donor;
		r->len = len;
		memcpy(r->msg, g, len);
		spin_lock(&gvtmem_returns_lock);
		if (gvtmem_returns_nr < GVTMEM_RETURNS_MAX) {
			list_add_tail(&r->node, &gvtmem_returns);
			gvtmem_returns_nr++;
			kept = true;
		}
		spin_unlock(&gvtmem_returns_lock);
	}
	if (kept) {
		pr_warn("node %u: could not tell it %u blocks came back; telling it again once it is reachable\n",
			donor, le16_to_cpu(g->count));
		return;
	}
	kfree(r);
	pr_warn("node %u: could not tell it %u blocks came back, and too many such returns wait: they stay counted as lent there until it or we leave\n",
		donor, le16_to_cpu(g->count));
}

/* Send kept returns to donors that are reachable now (manager's tick). */
void gvtmem_returns_retry(void)
{
	struct gvtmem_kept_return *r, *tmp;
	LIST_HEAD(todo);

	spin_lock(&gvtmem_returns_lock);
	list_splice_init(&gvtmem_returns, &todo);
	spin_unlock(&gvtmem_returns_lock);
	list_for_each_entry_safe(r, tmp, &todo, node) {
		const struct gvtmem_msg_grant *g = (const void *)r->msg;

		if (!gvtmem_transport_peer_up(r->donor) ||
		    gvtmem_transport_send(r->donor, GVTMEM_MSG_GRANT, r->msg,
					  r->len))
			continue;
		pr_info("node %u: told it %u blocks came back, after all\n",
			r->donor, le16_to_cpu(g->count));
		list_del(&r->node);
		kfree(r);
		spin_lock(&gvtmem_returns_lock);
		gvtmem_returns_nr--;
		spin_unlock(&gvtmem_returns_lock);
	}
	spin_lock(&gvtmem_returns_lock);
	list_splice(&todo, &gvtmem_returns);
	spin_unlock(&gvtmem_returns_lock);
}

/* donor's loans to us ended otherwise (U32_MAX: every donor's). */
void gvtmem_returns_forget(u32 donor)
{
	struct gvtmem_kept_return *r, *tmp;
	LIST_HEAD(gone);

	spin_lock(&gvtmem_returns_lock);
	list_for_each_entry_safe(r, tmp, &gvtmem_returns, node) {
		if (donor != U32_MAX && r->donor != donor)
			continue;
		list_move(&r->node, &gone);
		gvtmem_returns_nr--;
	}
	spin_unlock(&gvtmem_returns_lock);
	list_for_each_entry_safe(r, tmp, &gone, node)
		kfree(r);
}
