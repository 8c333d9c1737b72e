// SPDX-License-Identifier: GPL-2.0
/*
 * Blocks peers granted this node: (address, key, order) per block, kept
 * per donor until given back, revoked, or the donor is gone. Without
 * keep_loans a connection that goes down ends them; with it, each block
 * must be listed again by the donor's reconciliation pass after the
 * reconnect (it carries the pass it was last confirmed in). The
 * backend's remote zones are built from these.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "../kernel/protocol.h"
#include "conn-pri.h"
#include "transport.h"

struct gvtmem_borrowed {
	struct list_head node;
	u64 addr;
	u32 rkey;
	u8 order;
	unsigned int pass;	/* granted or listed in this pass */
};

/* Protects the lists, counts and passes. */
static DEFINE_MUTEX(gvtmem_borrow_mutex);
static struct list_head gvtmem_borrowed[GVTMEM_MAX_NODES];
static unsigned int gvtmem_borrowed_nr[GVTMEM_MAX_NODES];
static unsigned int gvtmem_borrow_pass[GVTMEM_MAX_NODES];

static struct gvtmem_borrowed *gvtmem_borrow_find(u32 donor, u64 addr,
						    u32 rkey)
{
	struct gvtmem_borrowed *b;

	list_for_each_entry(b, &gvtmem_borrowed[donor], node)
		if (b->rkey == rkey && b->addr == addr)
			return b;
	return NULL;
}

/*
 * A validated Grant from donor (gvtmem_msg_validate passed), taken whole
 * or not at all. A block already held is a resent Grant whose
 * acknowledgement was lost: it is held once. Sets bit i of fresh (room
 * for GVTMEM_GRANT_MAX_BLOCKS) for each block taken now; returns how many.
 */
int gvtmem_borrow_add(u32 donor, const struct gvtmem_msg_grant *msg,
		      unsigned long *fresh)
{
	unsigned int i, n = 0, count = le16_to_cpu(msg->count);
	struct gvtmem_borrowed *b, *tmp;
	LIST_HEAD(taken);

	if (donor >= GVTMEM_MAX_NODES || le32_to_cpu(msg->donor) != donor) {
		pr_warn("peer %u: grant names donor %u; ignored\n", donor,
			le32_to_cpu(msg->donor));
		return -EINVAL;
	}
	bitmap_zero(fresh, GVTMEM_GRANT_MAX_BLOCKS);
	for (i = 0; i < count; i++) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			goto free_taken;
		b->addr = le64_to_cpu(msg->blocks[i].addr);
		b->rkey = le32_to_cpu(msg->blocks[i].rkey);
		b->order = msg->blocks[i].order;
		list_add_tail(&b->node, &taken);
	}
	mutex_lock(&gvtmem_borrow_mutex);
	i = 0;
	list_for_each_entry_safe(b, tmp, &taken, node) {
		if (gvtmem_borrow_find(donor, b->addr, b->rkey)) {
			i++;
			continue;	/* freed with the rest of taken */
		}
		b->pass = gvtmem_borrow_pass[donor];
		list_move_tail(&b->node, &gvtmem_borrowed[donor]);
		gvtmem_borrowed_nr[donor]++;
		__set_bit(i++, fresh);
		n++;
	}
	mutex_unlock(&gvtmem_borrow_mutex);
	if (n == count)
		pr_info("peer %u: granted us %u blocks\n", donor, n);
	else
		pr_info_ratelimited("peer %u: granted us %u blocks (%u of them again: held once)\n",
				    donor, count, count - n);
free_taken:
	list_for_each_entry_safe(b, tmp, &taken, node)
		kfree(b);
	return i == count ? n : -ENOMEM;
}

/* We gave donor back the block under rkey. */
void gvtmem_borrow_remove(u32 donor, u32 rkey)
{
	struct gvtmem_borrowed *b;

	if (donor >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_borrow_mutex);
	list_for_each_entry(b, &gvtmem_borrowed[donor], node) {
		if (b->rkey != rkey)
			continue;
		list_del(&b->node);
		kfree(b);
		gvtmem_borrowed_nr[donor]--;
		break;
	}
	mutex_unlock(&gvtmem_borrow_mutex);
}

/* The connection to donor went down: it revoked everything it lent us. */
void gvtmem_borrow_conn_down(u32 donor)
{
	struct gvtmem_borrowed *b, *tmp;

	mutex_lock(&gvtmem_borrow_mutex);
	if (gvtmem_borrowed[donor].next) {
		list_for_each_entry_safe(b, tmp, &gvtmem_borrowed[donor], node) {
			list_del(&b->node);
			kfree(b);
		}
	}
	gvtmem_borrowed_nr[donor] = 0;
	mutex_unlock(&gvtmem_borrow_mutex);
}

/*
 * The connection to donor went down with loans kept: what we hold from it
 * must be listed by its next reconciliation pass to stay.
 */
void gvtmem_borrow_new_pass(u32 donor)
{
	if (donor >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_borrow_mutex);
	gvtmem_borrow_pass[donor]++;
	mutex_unlock(&gvtmem_borrow_mutex);
}

/*
 * One frame of donor's reconciliation pass (validated, donor checked):
 * each listed block we hold is confirmed for this pass and copied to
 * known; each we do not goes to unknown (both sized for msg's count,
 * counts zeroed by the caller).
 */
void gvtmem_borrow_sync(u32 donor, const struct gvtmem_msg_grant *msg,
			struct gvtmem_msg_grant *known,
			struct gvtmem_msg_grant *unknown)
{
	unsigned int i, count = le16_to_cpu(msg->count);
	struct gvtmem_borrowed *b;

	if (donor >= GVTMEM_MAX_NODES)
		return;
	mutex_lock(&gvtmem_borrow_mutex);
	for (i = 0; i < count; i++) {
		const struct gvtmem_grant_block *blk = &msg->blocks[i];

		b = gvtmem_borrow_find(donor, le64_to_cpu(blk->addr),
				       le32_to_cpu(blk->rkey));
		if (b)
			b->pass = gvtmem_borrow_pass[donor];
		gvtmem_grant_append(b ? known : unknown, blk);
	}
	mutex_unlock(&gvtmem_borrow_mutex);
}

/*
 * At the end of donor's pass: forget one block it did not list (nor
 * grant since the pass began) and give its key. False if none is left.
 */
bool gvtmem_borrow_take_stale(u32 donor, u32 *rkey)
{
	struct gvtmem_borrowed *b;
	bool found = false;

	if (donor >= GVTMEM_MAX_NODES)
		return false;
	mutex_lock(&gvtmem_borrow_mutex);
	list_for_each_entry(b, &gvtmem_borrowed[donor], node) {
		if (b->pass == gvtmem_borrow_pass[donor])
			continue;
		*rkey = b->rkey;
		list_del(&b->node);
		kfree(b);
		gvtmem_borrowed_nr[donor]--;
		found = true;
		break;
	}
	mutex_unlock(&gvtmem_borrow_mutex);
	return found;
}

unsigned int gvtmem_borrow_blocks_from(u32 donor)
{
	return donor < GVTMEM_MAX_NODES ? READ_ONCE(gvtmem_borrowed_nr[donor]) : 0;
}

/* debugfs remote_blocks: "donor addr rkey order" per line. */
int gvtmem_borrow_show(struct seq_file *m, void *v)
{
	struct gvtmem_borrowed *b;
	int d;

	mutex_lock(&gvtmem_borrow_mutex);
	for (d = 0; d < GVTMEM_MAX_NODES; d++)
		list_for_each_entry(b, &gvtmem_borrowed[d], node)
			seq_printf(m, "%d %llx %x %u\n", d, b->addr, b->rkey, b->order);
	mutex_unlock(&gvtmem_borrow_mutex);
	return 0;
}

void gvtmem_borrow_init(void)
{
	int i;

	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		INIT_LIST_HEAD(&gvtmem_borrowed[i]);
}
