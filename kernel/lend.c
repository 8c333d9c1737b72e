// SPDX-License-Identifier: GPL-2.0
/*
 * Memory this node lends to peers. A pool of 2 MiB blocks, sized by
 * transport/lend_mb, is taken from the page allocator; a grant exposes
 * blocks one by one to the borrower (the transport registers each with
 * its own memory region: rdma-transport/expose.c), so the borrower can
 * reach exactly the blocks it was granted. Taking a block back ends its
 * exposure before the block can be lent again. Exposures outlive the
 * connection's queue pairs: with keep_loans, a reset leaves them lent
 * and reachable over the next connection (both sides' lists are
 * reconciled then, loans.c); without, the peer going down takes them
 * back (loans.c). The transport ending them (a device that goes away)
 * always does.
 *
 * Lock order: a connection's qp_sem (held by the transport around
 * commit and unexposed), or gvtmem_lend_resize_mutex, before
 * gvtmem_lend_mutex. Nothing allocates under gvtmem_lend_mutex.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../rdma-transport/transport.h"
#include "block-size.h"
#include "gvtmem.h"
#include "lend.h"
#include "parse.h"
#include "protocol.h"

/*
 * Lent blocks are GVTMEM_BLOCK_PAGES (512) pages: within soft-RoCE's
 * fast-registration page-list limit.
 */
struct gvtmem_lend_block {
	struct list_head node;		/* free list or a peer's lent list */
	struct page *pages;
	struct gvtmem_exposure x;	/* while lent */
	u32 peer;			/* lent to, while lent */
	unsigned long granted_at;	/* jiffies, while lent */
	unsigned long sent_at;		/* jiffies: its Grant last sent */
	unsigned int gen;		/* the connection's up_gen it was sent on */
	bool sent;			/* its Grant went out */
	bool acked;			/* the borrower said it took it */
};

/*
 * A Grant the borrower has not acknowledged within this is taken to be
 * lost: the blocks come back, so donor and borrower agree on what is lent.
 * If the acknowledgements were lost instead, the borrower holds them: the
 * cluster sends it a reconciliation pass at once (it asks
 * gvtmem_lend_took_back_unacked), which has it drop them.
 */
#define GVTMEM_LEND_ACK_TIMEOUT_MS	8000
/*
 * Until then the Grant is sent again this often, on the connection it
 * went out on (a borrower takes a block it holds once): a lost Grant or
 * a lost acknowledgement then costs a resend, not a block taken back.
 */
#define GVTMEM_LEND_RESEND_MS		1000
static void gvtmem_lend_sweep(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_lend_sweep_work, gvtmem_lend_sweep);

static bool gvtmem_keep_loans_param = true;
module_param_cb(keep_loans, &gvtmem_param_ops_bool, &gvtmem_keep_loans_param,
		0444);
MODULE_PARM_DESC(keep_loans,
		 "A connection reset leaves blocks lent and borrowed, reconciled at reconnect (default 1; change later in transport/keep_loans)");

bool gvtmem_keep_loans(void)
{
	return READ_ONCE(gvtmem_keep_loans_param);
}

static unsigned int gvtmem_lend_mb_param;
module_param_cb(lend_mb, &gvtmem_param_ops_mb, &gvtmem_lend_mb_param, 0444);
MODULE_PARM_DESC(lend_mb,
		 "RAM to set aside for lending to peers at load, in MiB (default 0; change later in transport/lend_mb)");

/* Protects the lists and counts below. */
static DEFINE_MUTEX(gvtmem_lend_mutex);
static LIST_HEAD(gvtmem_lend_free);
static struct list_head gvtmem_lent[GVTMEM_MAX_NODES];
static unsigned int gvtmem_lend_nr_blocks, gvtmem_lent_nr[GVTMEM_MAX_NODES];

/* Peers we took unacknowledged blocks back from since the last ask. */
static DECLARE_BITMAP(gvtmem_lend_took_back, GVTMEM_MAX_NODES);

bool gvtmem_lend_took_back_unacked(u32 peer)
{
	return peer < GVTMEM_MAX_NODES &&
	       test_and_clear_bit(peer, gvtmem_lend_took_back);
}

static void gvtmem_lend_to_free(struct list_head *blocks, u32 peer)
{
	struct gvtmem_lend_block *b, *tmp;

	mutex_lock(&gvtmem_lend_mutex);
	list_for_each_entry_safe(b, tmp, blocks, node) {
		list_move(&b->node, &gvtmem_lend_free);
		gvtmem_lent_nr[peer]--;
	}
	mutex_unlock(&gvtmem_lend_mutex);
}

/*
 * The transport ended every exposure to peer (its PD went: a device
 * going away, the transport stopping): the blocks lent to it are free.
 * Under the connection's qp_sem, held for write.
 */
void gvtmem_lend_unexposed(u32 peer)
{
	LIST_HEAD(gone);

	if (peer >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_lend_mutex);
	list_splice_init(&gvtmem_lent[peer], &gone);
	mutex_unlock(&gvtmem_lend_mutex);
	if (!list_empty(&gone))
		pr_info("peer %u: its connection's memory is gone; the blocks lent to it are revoked\n",
			peer);
	gvtmem_lend_to_free(&gone, peer);
}

/*
 * The blocks on back, taken off peer's lent list, become unreachable and
 * free again.
 */
static void gvtmem_lend_unexpose(struct list_head *back, u32 peer)
{
	struct gvtmem_lend_block *b;

	list_for_each_entry(b, back, node)
		gvtmem_transport_unexpose(peer, &b->x);
	gvtmem_lend_to_free(back, peer);
}

/* The block lent to peer under rkey, or NULL (gvtmem_lend_mutex held). */
static struct gvtmem_lend_block *gvtmem_lend_find(u32 peer, u32 rkey)
{
	struct gvtmem_lend_block *b;

	list_for_each_entry(b, &gvtmem_lent[peer], node)
		if (b->x.rkey == rkey)
			return b;
	return NULL;
}

/* Take back and free the blocks of msg lent to peer; how many were. */
static unsigned int gvtmem_lend_unlend(u32 peer,
				       const struct gvtmem_msg_grant *msg)
{
	unsigned int i, count = le16_to_cpu(msg->count), n = 0;
	struct gvtmem_lend_block *b;
	LIST_HEAD(back);

	mutex_lock(&gvtmem_lend_mutex);
	for (i = 0; i < count; i++) {
		b = gvtmem_lend_find(peer, le32_to_cpu(msg->blocks[i].rkey));
		if (b) {
			list_move(&b->node, &back);
			n++;
		}
	}
	mutex_unlock(&gvtmem_lend_mutex);
	gvtmem_lend_unexpose(&back, peer);
	return n;
}

/* The Grant msg of blocks lent to peer went out. */
static void gvtmem_lend_mark_sent(u32 peer, const struct gvtmem_msg_grant *msg)
{
	unsigned int i, count = le16_to_cpu(msg->count);
	struct gvtmem_lend_block *b;

	mutex_lock(&gvtmem_lend_mutex);
	for (i = 0; i < count; i++) {
		b = gvtmem_lend_find(peer, le32_to_cpu(msg->blocks[i].rkey));
		if (b)
			b->sent = true;
	}
	mutex_unlock(&gvtmem_lend_mutex);
}

static void gvtmem_grant_block_from(struct gvtmem_grant_block *blk,
				    const struct gvtmem_lend_block *b)
{
	blk->addr = cpu_to_le64(b->x.addr);
	blk->rkey = cpu_to_le32(b->x.rkey);
	blk->order = GVTMEM_BLOCK_ORDER;
}

/*
 * A block is exposed to its borrower: it is lent from now on, recorded
 * before the connection it was exposed on can go (under its qp_sem).
 */
static void gvtmem_lend_commit(void *ctx, struct gvtmem_exposure *x)
{
	struct gvtmem_lend_block *b = ctx;

	b->granted_at = jiffies;
	b->sent_at = b->granted_at;
	b->gen = gvtmem_transport_up_gen(b->peer);
	b->sent = false;
	b->acked = false;
	mutex_lock(&gvtmem_lend_mutex);
	list_add_tail(&b->node, &gvtmem_lent[b->peer]);
	gvtmem_lent_nr[b->peer]++;
	mutex_unlock(&gvtmem_lend_mutex);
}

/*
 * Grant up to nr_blocks free blocks to peer: expose each to it, then tell
 * it with a Grant message. Returns the number granted, or a negative
 * error if none could be.
 */
int gvtmem_lend_grant(u32 peer, unsigned int nr_blocks)
{
	struct gvtmem_msg_grant *msg;
	struct gvtmem_lend_block *b;
	unsigned int n = 0;
	int ret = 0;

	if (peer >= GVTMEM_MAX_NODES)
		return -ENOENT;
	nr_blocks = min_t(unsigned int, nr_blocks, GVTMEM_GRANT_MAX_BLOCKS);
	msg = kzalloc(struct_size(msg, blocks, nr_blocks), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	while (n < nr_blocks) {
		mutex_lock(&gvtmem_lend_mutex);
		b = list_first_entry_or_null(&gvtmem_lend_free,
					     struct gvtmem_lend_block, node);
		if (b)
			list_del_init(&b->node);
		mutex_unlock(&gvtmem_lend_mutex);
		if (!b) {
			ret = -ENOSPC;
			break;
		}
		b->peer = peer;
		ret = gvtmem_transport_expose(peer, b->pages, GVTMEM_BLOCK_ORDER,
					      &b->x, gvtmem_lend_commit, b);
		if (ret) {
			mutex_lock(&gvtmem_lend_mutex);
			list_add(&b->node, &gvtmem_lend_free);
			mutex_unlock(&gvtmem_lend_mutex);
			break;
		}
		gvtmem_grant_block_from(&msg->blocks[n], b);
		n++;
	}
	if (n) {
		msg->donor = cpu_to_le32(gvtmem_transport_self());
		msg->count = cpu_to_le16(n);
		ret = gvtmem_transport_send(peer, GVTMEM_MSG_GRANT, msg,
					    struct_size(msg, blocks, n));
		if (ret) {
			/* The peer never learnt of these: take them back. */
			gvtmem_lend_unlend(peer, msg);
		} else {
			gvtmem_lend_mark_sent(peer, msg);
			pr_info("peer %u: granted %u blocks of %lu KiB\n", peer, n,
				(PAGE_SIZE << GVTMEM_BLOCK_ORDER) >> 10);
			ret = n;
			mod_delayed_work(system_wq, &gvtmem_lend_sweep_work,
					 msecs_to_jiffies(GVTMEM_LEND_RESEND_MS));
		}
	}
	kfree(msg);
	return ret;
}

/* Take back every block lent to peer: end its exposure, then free it. */
void gvtmem_lend_revoke(u32 peer)
{
	LIST_HEAD(back);

	if (peer >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_lend_mutex);
	list_splice_init(&gvtmem_lent[peer], &back);
	mutex_unlock(&gvtmem_lend_mutex);
	if (!list_empty(&back))
		pr_info("peer %u: lent blocks revoked\n", peer);
	gvtmem_lend_unexpose(&back, peer);
}

/*
 * peer gives back blocks we lent it (a Grant with the return flag): it
 * holds nothing in them any more, so take them back.
 */
void gvtmem_lend_take_back(u32 peer, const struct gvtmem_msg_grant *msg)
{
	unsigned int count = le16_to_cpu(msg->count);
	unsigned int n = gvtmem_lend_unlend(peer, msg);

	if (n != count)
		pr_info_ratelimited("peer %u: gave back %u blocks, %u of them not lent to it (given back before)\n",
				    peer, count, count - n);
	else
		pr_info("peer %u: gave back %u blocks\n", peer, n);
}

/* peer acknowledged the Grant of the blocks in msg: they are its now. */
void gvtmem_lend_acked(u32 peer, const struct gvtmem_msg_grant *msg)
{
	unsigned int i, count = le16_to_cpu(msg->count), n = 0;
	struct gvtmem_lend_block *b;

	if (peer >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_lend_mutex);
	for (i = 0; i < count; i++) {
		b = gvtmem_lend_find(peer, le32_to_cpu(msg->blocks[i].rkey));
		if (b) {
			b->acked = true;
			n++;
		}
	}
	mutex_unlock(&gvtmem_lend_mutex);
	if (n != count)
		pr_warn_ratelimited("peer %u: acknowledged %u blocks we no longer lend it (taken back unacknowledged)\n",
				    peer, count - n);
}

/*
 * Send peer again the Grant of the blocks it has not acknowledged that
 * went out on its connection as it is now, not in the last
 * GVTMEM_LEND_RESEND_MS. msg has room for GVTMEM_GRANT_MAX_BLOCKS.
 */
static void gvtmem_lend_resend(u32 peer, struct gvtmem_msg_grant *msg)
{
	unsigned long again = msecs_to_jiffies(GVTMEM_LEND_RESEND_MS);
	unsigned int gen = gvtmem_transport_up_gen(peer), n = 0;
	struct gvtmem_lend_block *b;

	if (!gen)
		return;		/* a reset: the reconciliation pass settles them */
	mutex_lock(&gvtmem_lend_mutex);
	list_for_each_entry(b, &gvtmem_lent[peer], node) {
		if (b->acked || b->gen != gen ||
		    time_before(jiffies, b->sent_at + again))
			continue;
		gvtmem_grant_block_from(&msg->blocks[n], b);
		b->sent_at = jiffies;
		if (++n == GVTMEM_GRANT_MAX_BLOCKS)
			break;
	}
	mutex_unlock(&gvtmem_lend_mutex);
	if (!n)
		return;
	msg->donor = cpu_to_le32(gvtmem_transport_self());
	msg->count = cpu_to_le16(n);
	msg->flags = 0;
	if (!gvtmem_transport_send(peer, GVTMEM_MSG_GRANT, msg,
				   struct_size(msg, blocks, n)))
		pr_info_ratelimited("peer %u: Grant of %u blocks not acknowledged yet: sent again\n",
				    peer, n);
}

/*
 * Take back from every peer the blocks whose Grant it has not acknowledged
 * in GVTMEM_LEND_ACK_TIMEOUT_MS: the Grant was lost (a dropped frame, a
 * borrower that could not take it), and the borrower never heard of them.
 * Runs again while any Grant is still unacknowledged.
 */
static void gvtmem_lend_sweep(struct work_struct *work)
{
	unsigned long deadline = msecs_to_jiffies(GVTMEM_LEND_ACK_TIMEOUT_MS);
	struct gvtmem_msg_grant *msg;
	struct gvtmem_lend_block *b, *tmp;
	bool pending = false;
	u32 peer;

	/* Without it, no resend: the deadline still holds. */
	msg = kzalloc(struct_size(msg, blocks, GVTMEM_GRANT_MAX_BLOCKS),
		      GFP_KERNEL);
	for (peer = 0; peer < GVTMEM_MAX_NODES; peer++) {
		unsigned int n = 0;
		LIST_HEAD(back);

		if (!READ_ONCE(gvtmem_lent_nr[peer]))
			continue;
		mutex_lock(&gvtmem_lend_mutex);
		list_for_each_entry_safe(b, tmp, &gvtmem_lent[peer], node) {
			if (b->acked)
				continue;
			if (time_before(jiffies, b->granted_at + deadline)) {
				pending = true;
				continue;
			}
			list_move(&b->node, &back);
			n++;
		}
		mutex_unlock(&gvtmem_lend_mutex);
		if (n) {
			pr_warn("peer %u: no acknowledgement of the Grant of %u blocks in %u s: taking them back\n",
				peer, n, GVTMEM_LEND_ACK_TIMEOUT_MS / 1000);
			set_bit(peer, gvtmem_lend_took_back);
		}
		gvtmem_lend_unexpose(&back, peer);
		if (msg)
			gvtmem_lend_resend(peer, msg);
	}
	kfree(msg);
	if (pending)
		mod_delayed_work(system_wq, &gvtmem_lend_sweep_work, HZ);
}

/*
 * The blocks lent to peer whose Grant went out, from the skip-th on, into
 * msg (up to GVTMEM_GRANT_MAX_BLOCKS): one frame of a reconciliation
 * pass. The borrower acknowledges those it holds, which repairs a lost
 * acknowledgement, and gives back those whose Grant it never got. Those
 * not sent yet are left out: their Grant follows, and the borrower keeps
 * blocks granted during a pass. Returns how many; fewer than the maximum
 * means the list is done.
 */
unsigned int gvtmem_lend_list(u32 peer, unsigned int skip,
			      struct gvtmem_msg_grant *msg)
{
	struct gvtmem_lend_block *b;
	unsigned int i = 0, n = 0;

	if (peer >= GVTMEM_MAX_NODES)
		return 0;
	mutex_lock(&gvtmem_lend_mutex);
	list_for_each_entry(b, &gvtmem_lent[peer], node) {
		if (!b->sent || i++ < skip)
			continue;
		gvtmem_grant_block_from(&msg->blocks[n], b);
		if (++n == GVTMEM_GRANT_MAX_BLOCKS)
			break;
	}
	mutex_unlock(&gvtmem_lend_mutex);
	return n;
}

/* Pages lent to peers, and pages still free to lend. */
void gvtmem_lend_pages(unsigned long *lent, unsigned long *free)
{
	unsigned int i, nr = 0;

	mutex_lock(&gvtmem_lend_mutex);
	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		nr += gvtmem_lent_nr[i];
	*lent = (unsigned long)nr << GVTMEM_BLOCK_ORDER;
	*free = (unsigned long)(gvtmem_lend_nr_blocks - nr) << GVTMEM_BLOCK_ORDER;
	mutex_unlock(&gvtmem_lend_mutex);
}

unsigned int gvtmem_lend_blocks_to(u32 peer)
{
	return peer < GVTMEM_MAX_NODES ? READ_ONCE(gvtmem_lent_nr[peer]) : 0;
}

/*
 * Serializes resizes. Blocks are allocated under it but never under
 * gvtmem_lend_mutex: a connection's teardown takes that one with qp_sem
 * held, and an allocation that reclaims may swap out through a queue,
 * taking qp_sem.
 */
static DEFINE_MUTEX(gvtmem_lend_resize_mutex);

static struct gvtmem_lend_block *gvtmem_lend_block_alloc(void)
{
	struct gvtmem_lend_block *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->pages = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN |
			       __GFP_ZERO, GVTMEM_BLOCK_ORDER);
	if (!b->pages) {
		kfree(b);
		return NULL;
	}
	return b;
}

/*
 * Resize the pool to mb MiB. Only free blocks can go; lent ones stay
 * until returned (-EBUSY if that leaves the pool above the size asked).
 */
static int gvtmem_lend_resize(unsigned long mb)
{
	unsigned long want = (mb << 20) / (PAGE_SIZE << GVTMEM_BLOCK_ORDER);
	struct gvtmem_lend_block *b, *tmp;
	LIST_HEAD(gone);
	int ret = 0;

	mutex_lock(&gvtmem_lend_resize_mutex);
	while (READ_ONCE(gvtmem_lend_nr_blocks) < want) {
		b = gvtmem_lend_block_alloc();
		if (!b) {
			ret = -ENOMEM;
			break;
		}
		mutex_lock(&gvtmem_lend_mutex);
		list_add(&b->node, &gvtmem_lend_free);
		gvtmem_lend_nr_blocks++;
		mutex_unlock(&gvtmem_lend_mutex);
	}
	mutex_lock(&gvtmem_lend_mutex);
	while (gvtmem_lend_nr_blocks > want) {
		b = list_first_entry_or_null(&gvtmem_lend_free,
					     struct gvtmem_lend_block, node);
		if (!b) {
			ret = -EBUSY;
			break;
		}
		list_move(&b->node, &gone);
		gvtmem_lend_nr_blocks--;
	}
	mutex_unlock(&gvtmem_lend_mutex);
	mutex_unlock(&gvtmem_lend_resize_mutex);
	list_for_each_entry_safe(b, tmp, &gone, node) {
		__free_pages(b->pages, GVTMEM_BLOCK_ORDER);
		kfree(b);
	}
	return ret;
}

static ssize_t lend_mb_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%lu\n", (unsigned long)READ_ONCE(gvtmem_lend_nr_blocks) *
			  (PAGE_SIZE << GVTMEM_BLOCK_ORDER) >> 20);
}

static ssize_t lend_mb_store(struct kobject *k, struct kobj_attribute *a,
			     const char *buf, size_t count)
{
	unsigned long mb;
	int ret;

	if (gvtmem_parse_ulong("transport/lend_mb", buf, count, 0,
			       totalram_pages() >> (20 - PAGE_SHIFT),
			       "write MiB, at most the node's RAM", &mb))
		return -EINVAL;
	ret = gvtmem_lend_resize(mb);
	return ret ? ret : count;
}

static struct kobj_attribute gvtmem_lend_mb_attr = __ATTR_RW(lend_mb);

static ssize_t keep_loans_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%d\n", gvtmem_keep_loans());
}

static ssize_t keep_loans_store(struct kobject *k, struct kobj_attribute *a,
				const char *buf, size_t count)
{
	bool keep;

	if (gvtmem_parse_bool("transport/keep_loans", buf, count, &keep))
		return -EINVAL;
	WRITE_ONCE(gvtmem_keep_loans_param, keep);
	gvtmem_remote_zone_set_keep_loans(keep);
	pr_info("transport/keep_loans: %d (a connection reset %s)\n", keep,
		keep ? "keeps loans, reconciled at reconnect" :
		"ends the loans made over it");
	return count;
}

static struct kobj_attribute gvtmem_keep_loans_attr = __ATTR_RW(keep_loans);

int gvtmem_lend_init(struct kobject *parent)
{
	int i, ret;

	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		INIT_LIST_HEAD(&gvtmem_lent[i]);
	if (gvtmem_lend_mb_param > totalram_pages() >> (20 - PAGE_SHIFT)) {
		pr_err("lend_mb=%u refused: more than the node's RAM\n",
		       gvtmem_lend_mb_param);
		return -EINVAL;
	}
	/* Less than asked is not fatal: lend_mb then says what we got. */
	if (gvtmem_lend_mb_param && gvtmem_lend_resize(gvtmem_lend_mb_param))
		pr_warn("lend_mb=%u: only %lu MiB could be set aside\n",
			gvtmem_lend_mb_param, (unsigned long)gvtmem_lend_nr_blocks *
			(PAGE_SIZE << GVTMEM_BLOCK_ORDER) >> 20);
	gvtmem_remote_zone_set_keep_loans(gvtmem_keep_loans_param);
	ret = sysfs_create_file(parent, &gvtmem_keep_loans_attr.attr);
	if (ret)
		return ret;
	ret = sysfs_create_file(parent, &gvtmem_lend_mb_attr.attr);
	if (ret)
		sysfs_remove_file(parent, &gvtmem_keep_loans_attr.attr);
	return ret;
}

/* Before the transport stops: no sweep may use its connections after. */
void gvtmem_lend_stop(void)
{
	cancel_delayed_work_sync(&gvtmem_lend_sweep_work);
}

/* After the transport stopped: every block is free again. */
void gvtmem_lend_exit(struct kobject *parent)
{
	cancel_delayed_work_sync(&gvtmem_lend_sweep_work);
	sysfs_remove_file(parent, &gvtmem_lend_mb_attr.attr);
	sysfs_remove_file(parent, &gvtmem_keep_loans_attr.attr);
	gvtmem_lend_resize(0);
}
