// SPDX-License-Identifier: GPL-2.0
/*
 * Blocks peers granted this node: (address, key, order) per block, kept
 * per donor until given back, revoked, or the donor is gone. Without
 * keep_loans a connection that goes down ends them; with it, each block
 * must be listed again by the donor's next reconciliation pass (it
 * carries the pass it was last confirmed in). Every pass, periodic or
 * after a reconnect, starts a new local pass number at its first frame,
 * and only a pass whose every frame came drops what it did not list. The
 * backend's remote zones are built from these.
 *
 * Keys given back stay remembered for GVTMEM_BORROW_GIVEN_BACK_MS: a
 * resent Grant of one that crossed our Return on the wire (the donor
 * resends until acknowledged) must not make us hold a block the donor
 * has freed. A donor registers a block anew, under a new key, to lend it
 * again, so a remembered key never refuses a real Grant for long.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "borrow.h"
#include "gvtmem.h"
#include "protocol.h"

struct gvtmem_borrowed {
	struct list_head node;
	u64 addr;
	u32 rkey;
	u8 order;
	unsigned int pass;	/* granted or listed in this pass */
};

/* A donor's reconciliation pass as this node receives it. */
struct gvtmem_borrow_pass {
	unsigned int nr;	/* local number: bumped by each pass's frame 0 */
	u32 tag;		/* the donor's number for the pass in progress */
	u16 next_frame;		/* the frame expected next */
	bool whole;		/* every frame of the pass so far came */
};

/* Longer than a donor resends an unacknowledged Grant (lend.c: 8 s). */
#define GVTMEM_BORROW_GIVEN_BACK_MS	20000
#define GVTMEM_BORROW_GIVEN_BACK_NR	256

struct gvtmem_borrow_given_back {
	unsigned long at;	/* jiffies; 0: an empty slot */
	u32 donor;
	u32 rkey;
};

/* Protects the lists, counts, passes and the given-back ring. */
static DEFINE_MUTEX(gvtmem_borrow_mutex);
static struct list_head gvtmem_borrowed[GVTMEM_MAX_NODES];
static unsigned int gvtmem_borrowed_nr[GVTMEM_MAX_NODES];
static struct gvtmem_borrow_pass gvtmem_borrow_pass[GVTMEM_MAX_NODES];
static struct gvtmem_borrow_given_back
	gvtmem_borrow_given_back[GVTMEM_BORROW_GIVEN_BACK_NR];
static unsigned int gvtmem_borrow_given_back_next;

/* Remember that the block under rkey went back to donor (mutex held). */
static void gvtmem_borrow_note_given_back(u32 donor, u32 rkey)
{
	struct gvtmem_borrow_given_back *g;

	g = &gvtmem_borrow_given_back[gvtmem_borrow_given_back_next];
	gvtmem_borrow_given_back_next = (gvtmem_borrow_given_back_next + 1) %
					GVTMEM_BORROW_GIVEN_BACK_NR;
	g->at = jiffies | 1;
	g->donor = donor;
	g->rkey = rkey;
}

/* Was the block under rkey given back to donor lately? (mutex held) */
static bool gvtmem_borrow_given_back_lately(u32 donor, u32 rkey)
{
	unsigned long lately = msecs_to_jiffies(GVTMEM_BORROW_GIVEN_BACK_MS);
	unsigned int i;

	for (i = 0; i < GVTMEM_BORROW_GIVEN_BACK_NR; i++) {
		const struct gvtmem_borrow_given_back *g =
			&gvtmem_borrow_given_back[i];

		if (g->at && g->donor == donor && g->rkey == rkey &&
		    time_before(jiffies, g->at + lately))
			return true;
	}
	return false;
}

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
 * acknowledgement was lost: it is held once. A block given back lately
 * is a resend that crossed our Return: not taken. Sets bit i of fresh
 * for each block taken now and of held for each we hold after it (both
 * with room for GVTMEM_GRANT_MAX_BLOCKS); returns how many were taken.
 */
int gvtmem_borrow_add(u32 donor, const struct gvtmem_msg_grant *msg,
		      unsigned long *fresh, unsigned long *held)
{
	unsigned int i, n = 0, refused = 0, count = le16_to_cpu(msg->count);
	struct gvtmem_borrowed *b, *tmp;
	LIST_HEAD(taken);

	if (donor >= GVTMEM_MAX_NODES || le32_to_cpu(msg->donor) != donor) {
		pr_warn("peer %u: grant names donor %u; ignored\n", donor,
			le32_to_cpu(msg->donor));
		return -EINVAL;
	}
	bitmap_zero(fresh, GVTMEM_GRANT_MAX_BLOCKS);
	bitmap_zero(held, GVTMEM_GRANT_MAX_BLOCKS);
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
		/* The rest of taken is freed below. */
		if (gvtmem_borrow_given_back_lately(donor, b->rkey)) {
			refused++;
			i++;
			continue;
		}
		__set_bit(i, held);
		if (gvtmem_borrow_find(donor, b->addr, b->rkey)) {
			i++;
			continue;
		}
		b->pass = gvtmem_borrow_pass[donor].nr;
		list_move_tail(&b->node, &gvtmem_borrowed[donor]);
		gvtmem_borrowed_nr[donor]++;
		__set_bit(i++, fresh);
		n++;
	}
	mutex_unlock(&gvtmem_borrow_mutex);
	if (n == count)
		pr_info("peer %u: granted us %u blocks\n", donor, n);
	else
		pr_info_ratelimited("peer %u: granted us %u blocks (%u of them held already, %u given back lately: not taken)\n",
				    donor, count, count - n - refused, refused);
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
	gvtmem_borrow_note_given_back(donor, rkey);
	mutex_unlock(&gvtmem_borrow_mutex);
}

/* Forget everything donor lent us: it is gone, or revoked it all. */
void gvtmem_borrow_forget(u32 donor)
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
 * One frame of donor's reconciliation pass (validated, donor checked):
 * its first frame starts a new pass; each listed block we hold is
 * confirmed for this pass and copied to known; each we do not goes to
 * unknown, to be given back (both sized for msg's count, counts zeroed by
 * the caller). Returns whether every frame of the pass so far came.
 */
bool gvtmem_borrow_sync(u32 donor, const struct gvtmem_msg_grant *msg,
			struct gvtmem_msg_grant *known,
			struct gvtmem_msg_grant *unknown)
{
	unsigned int i, count = le16_to_cpu(msg->count);
	u32 tag = gvtmem_grant_pass_nr(msg->epoch);
	u16 frame = gvtmem_grant_pass_frame(msg->epoch);
	struct gvtmem_borrow_pass *p;
	struct gvtmem_borrowed *b;
	bool whole;

	if (donor >= GVTMEM_MAX_NODES)
		return false;
	p = &gvtmem_borrow_pass[donor];
	mutex_lock(&gvtmem_borrow_mutex);
	if (!frame) {
		p->nr++;
		p->whole = true;
	} else if (tag != p->tag || frame != p->next_frame) {
		p->whole = false;
	}
	p->tag = tag;
	p->next_frame = frame + 1;
	for (i = 0; i < count; i++) {
		const struct gvtmem_grant_block *blk = &msg->blocks[i];

		b = gvtmem_borrow_find(donor, le64_to_cpu(blk->addr),
				       le32_to_cpu(blk->rkey));
		if (b)
			b->pass = p->nr;
		else
			gvtmem_borrow_note_given_back(donor,
						      le32_to_cpu(blk->rkey));
		gvtmem_grant_append(b ? known : unknown, blk);
	}
	whole = p->whole;
	mutex_unlock(&gvtmem_borrow_mutex);
	return whole;
}

/*
 * At the end of donor's pass, one gvtmem_borrow_sync called whole: forget
 * one block it did not list (nor grant since the pass began) and give its
 * key. False if none is left.
 */
bool gvtmem_borrow_take_stale(u32 donor, u32 *rkey)
{
	struct gvtmem_borrowed *b;
	bool found = false;

	if (donor >= GVTMEM_MAX_NODES)
		return false;
	mutex_lock(&gvtmem_borrow_mutex);
	list_for_each_entry(b, &gvtmem_borrowed[donor], node) {
		if (b->pass == gvtmem_borrow_pass[donor].nr)
			continue;
		*rkey = b->rkey;
		list_del(&b->node);
		kfree(b);
		gvtmem_borrowed_nr[donor]--;
		gvtmem_borrow_note_given_back(donor, *rkey);
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

/* debugfs remote_blocks (cluster-debugfs.c): "donor addr rkey order" per line. */
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

void gvtmem_borrow_forget_all(void)
{
	u32 donor;

	for (donor = 0; donor < GVTMEM_MAX_NODES; donor++)
		gvtmem_borrow_forget(donor);
}

void gvtmem_borrow_init(void)
{
	int i;

	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		INIT_LIST_HEAD(&gvtmem_borrowed[i]);
}
