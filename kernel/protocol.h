/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster protocol: payloads of the messages of GV-Tmem's Table 1,
 * carried in transport frames (rdma-transport/frame.h). Little-endian,
 * fixed layouts, explicit reserved bytes that must be zero. Every payload
 * starts with the sender's view of the cluster epoch (the master's term),
 * which fences a stale master.
 *
 * See Documentation/protocol.md; the two must agree.
 */
#ifndef GVTMEM_PROTOCOL_H
#define GVTMEM_PROTOCOL_H

#include <asm/byteorder.h>
#include <linux/kernel.h>
#include <linux/types.h>

#define GVTMEM_MAX_NODES	256
#define GVTMEM_GRANT_MAX_BLOCKS	64
#define GVTMEM_NONCE_LEN	32
#define GVTMEM_PROOF_LEN	32	/* HMAC-SHA256 */

enum gvtmem_msg_type {
	GVTMEM_MSG_STATISTICS = 1,	/* node -> master, periodic */
	GVTMEM_MSG_GRANT_ANY,		/* master -> donor: grant n pages to x */
	GVTMEM_MSG_GRANT_RETURN,	/* master -> borrower: return n pages to donor */
	GVTMEM_MSG_FORCE_RETURN,	/* master -> all: disable x, return pages at x */
	GVTMEM_MSG_MEM_LIMIT,		/* master -> node: cap on pages for local data */
	GVTMEM_MSG_GRANT,		/* peer -> peer: ownership of blocks moves */
	GVTMEM_MSG_REGISTER,		/* joining node -> master, with key proof */
	GVTMEM_MSG_LEAVE_REQ,		/* node -> master: wants to leave */
	GVTMEM_MSG_LEAVE_NOTIFY,	/* master -> all: node left (Inactive) */
	GVTMEM_MSG_ENABLE_NODE,		/* master -> all: node is Active */
	/* Election and administration; not in the paper's Table 1. */
	GVTMEM_MSG_HEARTBEAT,		/* master -> all: lease, node table, policy */
	GVTMEM_MSG_VOTE_REQ,		/* candidate -> all: vote for me in epoch */
	GVTMEM_MSG_VOTE,		/* node -> candidate: the answer */
	GVTMEM_MSG_SET_POLICY,		/* node -> master: operator changed policy */
	GVTMEM_MSG_NR_TYPES,
};

/* Node states (the paper's). */
enum gvtmem_node_state {
	GVTMEM_NODE_INACTIVE,
	GVTMEM_NODE_ACTIVE,
	GVTMEM_NODE_RECOVERY,
	GVTMEM_NODE_LEAVING,
	GVTMEM_NODE_NR_STATES,
};

/* Tier-2 policies: how the master moves capacity between nodes. */
enum gvtmem_tier2_policy {
	GVTMEM_TIER2_GREEDY_LOCAL,	/* no remote grants */
	GVTMEM_TIER2_GREEDY_REMOTE,	/* grants on demand, never taken back */
	GVTMEM_TIER2_TTM,		/* grants and releases of P% of owned */
	GVTMEM_TIER2_ADAPTIVE,		/* see kernel/tier2.c */
	GVTMEM_TIER2_NR_POLICIES,
};

/* The most seconds of growth a node may be granted ahead of. */
#define GVTMEM_TIER2_MAX_AHEAD_S	60

/* The cluster-wide policy, as the master announces it. */
struct gvtmem_wire_policy {
	u8 policy;		/* enum gvtmem_tier2_policy */
	u8 percent;		/* TTM's P: 1..100 */
	u8 ahead_s;		/* grant ahead of this many s of growth; 0: off */
	u8 reserved[5];
	__le64 node_limit;	/* Mem-Limit for every node, pages; 0: none */
} __packed;

struct gvtmem_msg_statistics {
	__le64 epoch;
	u8 state;		/* enum gvtmem_node_state, as the node sees itself */
	u8 policy;		/* the tier-2 policy the node last heard of */
	u8 reserved[6];
	__le64 tmem_pages;	/* pages in all zones this node uses */
	__le64 used_pages;	/* of which holding data */
	__le64 borrowed_pages;	/* of tmem_pages, in blocks peers granted */
	__le64 lent_pages;	/* this node's RAM lent to peers */
	__le64 donor_free_pages; /* RAM it could still lend */
	__le64 puts_ok, puts_failed, gets_ok, gets_failed;
} __packed;

/*
 * Grant-Any: to donor, node = the borrower. Grant-Return: to borrower,
 * node = the donor to return to, or the borrower itself for "any donor,
 * emptiest blocks first".
 */
struct gvtmem_msg_grant_req {
	__le64 epoch;
	__le32 node;
	__le32 reserved;
	__le64 pages;
} __packed;

/* Force-Return, Leave-Req, Leave-Notify. */
struct gvtmem_msg_node {
	__le64 epoch;
	__le32 node;
	__le32 reserved;
} __packed;

struct gvtmem_msg_mem_limit {
	__le64 epoch;
	__le64 max_local_pages;	/* 0: no limit */
} __packed;

struct gvtmem_grant_block {
	__le64 addr;		/* donor's address of the block (page aligned) */
	__le32 rkey;		/* remote key that reaches exactly this block */
	u8 order;		/* 1 << order pages */
	u8 reserved[3];
} __packed;

/* flags: the blocks go back to the node that lent them. */
#define GVTMEM_GRANT_F_RETURN	0x1
/*
 * flags: an acknowledgement, from the borrower back to the donor (named in
 * donor), of a Grant it took: the same blocks. A donor takes back blocks
 * whose Grant is not acknowledged in time (the Grant was lost).
 */
#define GVTMEM_GRANT_F_ACK	0x2
/*
 * flags: a reconciliation, from the donor after every (re)connect: the
 * blocks listed are lent to the receiver. A pass is one or more frames,
 * the last with GVTMEM_GRANT_F_SYNC_END too (that one may list none).
 * The receiver acknowledges those it holds, gives back those it does not
 * know, and drops those it holds that no frame of the pass listed.
 */
#define GVTMEM_GRANT_F_SYNC	0x4
#define GVTMEM_GRANT_F_SYNC_END	0x8

struct gvtmem_msg_grant {
	__le64 epoch;
	__le32 donor;		/* the sender, who gives up the blocks */
	__le16 count;		/* 1..GVTMEM_GRANT_MAX_BLOCKS (0: a pass's end) */
	__le16 flags;		/* GVTMEM_GRANT_F_* */
	struct gvtmem_grant_block blocks[];
} __packed;

/*
 * In a reconciliation frame, epoch names the pass instead: the donor's
 * number for it (one count per borrower) in bits 0..31, the frame's index
 * in it in bits 32..47. A borrower drops unlisted blocks only after a pass
 * whose every frame came, in order.
 */
static inline __le64 gvtmem_grant_pass_tag(u32 nr, u16 frame)
{
	return cpu_to_le64((u64)frame << 32 | nr);
}

static inline u32 gvtmem_grant_pass_nr(__le64 tag)
{
	return lower_32_bits(le64_to_cpu(tag));
}

static inline u16 gvtmem_grant_pass_frame(__le64 tag)
{
	return upper_32_bits(le64_to_cpu(tag)) & 0xffff;
}

/* Append blk to g's list (the caller sized g for it). */
static inline void gvtmem_grant_append(struct gvtmem_msg_grant *g,
				       const struct gvtmem_grant_block *blk)
{
	unsigned int n = le16_to_cpu(g->count);

	g->blocks[n] = *blk;
	g->count = cpu_to_le16(n + 1);
}

struct gvtmem_msg_register {
	__le64 epoch;
	__le32 node;
	__le32 reserved;
	u8 nonce[GVTMEM_NONCE_LEN];
	u8 proof[GVTMEM_PROOF_LEN];	/* HMAC(key, nonce | node) */
} __packed;

struct gvtmem_msg_enable_node {
	__le64 epoch;
	__le32 node;
	__le32 reserved;
	__le64 active[GVTMEM_MAX_NODES / 64];	/* bitmap of Active nodes */
} __packed;

struct gvtmem_msg_heartbeat {
	__le64 epoch;
	struct gvtmem_wire_policy policy;
	u8 states[GVTMEM_MAX_NODES];	/* enum gvtmem_node_state per node id */
} __packed;

struct gvtmem_msg_vote_req {
	__le64 epoch;		/* the epoch the candidate stands in */
	__le32 node;		/* the candidate */
	u8 pre;			/* 1: pre-vote, would you vote for me? */
	u8 reserved[3];
	__le64 table_epoch;	/* epoch of the candidate's node table */
} __packed;

struct gvtmem_msg_vote {
	__le64 epoch;		/* pre: the epoch asked about; else the voter's */
	__le32 node;		/* the candidate */
	u8 granted;		/* 0 or 1 */
	u8 pre;			/* 0 or 1, as in the request */
	u8 reserved[2];
} __packed;

struct gvtmem_msg_set_policy {
	__le64 epoch;
	struct gvtmem_wire_policy policy;
} __packed;

/* Why a payload was refused; each has a counter. */
enum gvtmem_msg_err {
	GVTMEM_MSG_OK,
	GVTMEM_MSG_BAD_TYPE,
	GVTMEM_MSG_BAD_SIZE,
	GVTMEM_MSG_BAD_RESERVED,
	GVTMEM_MSG_BAD_FIELD,	/* a node id, state, order or count out of range */
	GVTMEM_MSG_NR_ERRS,
};

extern const char * const gvtmem_msg_type_names[GVTMEM_MSG_NR_TYPES];

enum gvtmem_msg_err gvtmem_msg_validate(u16 type, const void *payload,
					u32 len);

#endif /* GVTMEM_PROTOCOL_H */
