/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory this node lends (lend.c): the pool of blocks set aside by
 * transport/lend_mb and the record of which peer holds which, with the
 * Grants sent, resent and acknowledged. The transport only exposes the
 * blocks (rdma-transport/expose.c).
 */
#ifndef GVTMEM_LEND_H
#define GVTMEM_LEND_H

#include <linux/types.h>

struct dentry;
struct kobject;
struct gvtmem_msg_grant;

/**
 * gvtmem_lend_grant() - lend @peer up to @nr_blocks free blocks
 * @peer: the borrower, with a connection up
 * @nr_blocks: at most GVTMEM_GRANT_MAX_BLOCKS are granted at once
 *
 * Each block is exposed to @peer, then one Grant tells it; the Grant is
 * sent again until acknowledged, and the blocks are taken back if it is
 * not within 8 s.
 *
 * Return: how many were granted, or a negative error if none was.
 */
int gvtmem_lend_grant(u32 peer, unsigned int nr_blocks);

/** gvtmem_lend_revoke() - take back every block lent to @peer */
void gvtmem_lend_revoke(u32 peer);

/**
 * gvtmem_lend_take_back() - @peer gave back the blocks of @msg
 * @peer: the borrower
 * @msg: its Return (a Grant with the return flag), validated
 */
void gvtmem_lend_take_back(u32 peer, const struct gvtmem_msg_grant *msg);

/**
 * gvtmem_lend_acked() - @peer took the blocks of the Grant @msg
 * @peer: the borrower
 * @msg: its acknowledgement, validated
 */
void gvtmem_lend_acked(u32 peer, const struct gvtmem_msg_grant *msg);

/**
 * gvtmem_lend_unexposed() - the transport ended every exposure to @peer
 * @peer: the borrower; the blocks lent to it are free again
 */
void gvtmem_lend_unexposed(u32 peer);

/** gvtmem_lend_pages() - pages lent to peers, and pages free to lend */
void gvtmem_lend_pages(unsigned long *lent, unsigned long *free);

/** gvtmem_lend_blocks_to() - how many blocks @peer holds of ours */
unsigned int gvtmem_lend_blocks_to(u32 peer);

/**
 * gvtmem_lend_list() - one frame of a reconciliation pass to @peer
 * @peer: the borrower
 * @skip: blocks listed by the pass's frames before this one
 * @msg: receives up to GVTMEM_GRANT_MAX_BLOCKS blocks whose Grant went out
 *
 * Return: how many; fewer than the maximum means the list is done.
 */
unsigned int gvtmem_lend_list(u32 peer, unsigned int skip,
			      struct gvtmem_msg_grant *msg);

/**
 * gvtmem_lend_took_back_unacked() - whether blocks were taken back from
 * @peer for want of an acknowledgement since the last call
 * @peer: the borrower
 */
bool gvtmem_lend_took_back_unacked(u32 peer);

int gvtmem_lend_init(struct kobject *parent);
void gvtmem_lend_stop(void);
void gvtmem_lend_exit(struct kobject *parent);

#endif /* GVTMEM_LEND_H */
