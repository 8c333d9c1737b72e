/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Blocks peers granted this node (borrow.c): the cluster's record of what
 * it borrowed, from which the backend's remote zones are built. The
 * transport knows nothing of them: a connection that goes down reaches
 * this record only through the cluster's peer_down (loans.c).
 */
#ifndef GVTMEM_BORROW_H
#define GVTMEM_BORROW_H

#include <linux/types.h>

struct dentry;
struct gvtmem_msg_grant;

/**
 * gvtmem_borrow_add() - take the blocks of a Grant from @donor
 * @donor: the peer the Grant came from
 * @msg: the Grant, validated (gvtmem_msg_validate)
 * @fresh: bit i set for each block i taken now
 * @held: bit i set for each block i held after the call
 *
 * All or nothing: a block already held is held once, one given back
 * lately is not taken again. Both bitmaps have room for
 * GVTMEM_GRANT_MAX_BLOCKS.
 *
 * Return: how many blocks were taken, or -EINVAL (the Grant names another
 * donor) or -ENOMEM (nothing taken).
 */
int gvtmem_borrow_add(u32 donor, const struct gvtmem_msg_grant *msg,
		      unsigned long *fresh, unsigned long *held);

/**
 * gvtmem_borrow_blocks_from() - how many blocks @donor lends us now
 * @donor: a node id
 */
unsigned int gvtmem_borrow_blocks_from(u32 donor);

/**
 * gvtmem_borrow_remove() - we gave @donor back the block under @rkey
 * @donor: the block's donor
 * @rkey: its key, remembered a while so that a resent Grant of it is
 *	refused
 */
void gvtmem_borrow_remove(u32 donor, u32 rkey);

/**
 * gvtmem_borrow_forget() - forget everything @donor lent us
 * @donor: a donor that is gone, fenced us, or took its blocks back
 */
void gvtmem_borrow_forget(u32 donor);

/**
 * gvtmem_borrow_forget_all() - forget every donor's blocks
 *
 * The transport stopped: no loan outlives it.
 */
void gvtmem_borrow_forget_all(void);

/**
 * gvtmem_borrow_sync() - one frame of @donor's reconciliation pass
 * @donor: the donor, checked against the frame
 * @msg: the frame, validated
 * @known: receives the listed blocks we hold
 * @unknown: receives the listed blocks we do not hold, to be given back
 *
 * @known and @unknown are sized for @msg's count, their counts zeroed by
 * the caller.
 *
 * Return: whether every frame of the pass so far came.
 */
bool gvtmem_borrow_sync(u32 donor, const struct gvtmem_msg_grant *msg,
			struct gvtmem_msg_grant *known,
			struct gvtmem_msg_grant *unknown);

/**
 * gvtmem_borrow_take_stale() - forget one block @donor's pass left out
 * @donor: a donor whose pass ended whole
 * @rkey: receives the forgotten block's key
 *
 * Return: false once none is left.
 */
bool gvtmem_borrow_take_stale(u32 donor, u32 *rkey);

struct seq_file;
/**
 * gvtmem_borrow_show() - every borrowed block, "donor addr rkey order" per
 * line (the test hooks' remote_blocks file)
 * @m: the seq_file to print to
 * @v: unused
 *
 * Return: 0.
 */
int gvtmem_borrow_show(struct seq_file *m, void *v);

void gvtmem_borrow_init(void);

#endif /* GVTMEM_BORROW_H */
