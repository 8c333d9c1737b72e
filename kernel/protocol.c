// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of cluster-protocol payloads (see protocol.h). A payload is
 * used only after it passed here: its size matches its type exactly, its
 * reserved bytes are zero and every field is in range.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/byteorder.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "protocol.h"

/* Largest block a grant may move; matches the zone allocator's limit. */
#define GVTMEM_GRANT_MAX_ORDER 20

const char * const gvtmem_msg_type_names[GVTMEM_MSG_NR_TYPES] = {
	[GVTMEM_MSG_STATISTICS] = "statistics",
	[GVTMEM_MSG_GRANT_ANY] = "grant_any",
	[GVTMEM_MSG_GRANT_RETURN] = "grant_return",
	[GVTMEM_MSG_FORCE_RETURN] = "force_return",
	[GVTMEM_MSG_MEM_LIMIT] = "mem_limit",
	[GVTMEM_MSG_GRANT] = "grant",
	[GVTMEM_MSG_REGISTER] = "register",
	[GVTMEM_MSG_LEAVE_REQ] = "leave_req",
	[GVTMEM_MSG_LEAVE_NOTIFY] = "leave_notify",
	[GVTMEM_MSG_ENABLE_NODE] = "enable_node",
	[GVTMEM_MSG_HEARTBEAT] = "heartbeat",
	[GVTMEM_MSG_VOTE_REQ] = "vote_req",
	[GVTMEM_MSG_VOTE] = "vote",
	[GVTMEM_MSG_SET_POLICY] = "set_policy",
};

static bool gvtmem_msg_node_ok(__le32 node)
{
	return le32_to_cpu(node) < GVTMEM_MAX_NODES;
}

#define GVTMEM_RESERVED_ZERO(field) (!memchr_inv(&(field), 0, sizeof(field)))

static enum gvtmem_msg_err gvtmem_msg_validate_grant(const void *payload,
						     u32 len)
{
	const struct gvtmem_msg_grant *g = payload;
	unsigned int i, count, flags;

	if (len < sizeof(*g))
		return GVTMEM_MSG_BAD_SIZE;
	count = le16_to_cpu(g->count);
	flags = le16_to_cpu(g->flags);
	/* Only the end of a reconciliation pass may list no block. */
	if ((!count && !(flags & GVTMEM_GRANT_F_SYNC_END)) ||
	    count > GVTMEM_GRANT_MAX_BLOCKS)
		return GVTMEM_MSG_BAD_FIELD;
	if (len != struct_size(g, blocks, count))
		return GVTMEM_MSG_BAD_SIZE;
	if (flags & ~(GVTMEM_GRANT_F_RETURN | GVTMEM_GRANT_F_ACK |
		      GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_SYNC_END))
		return GVTMEM_MSG_BAD_RESERVED;
	/* One meaning per frame: a grant, a return, an ack or a pass. */
	if (flags != 0 && flags != GVTMEM_GRANT_F_RETURN &&
	    flags != GVTMEM_GRANT_F_ACK && flags != GVTMEM_GRANT_F_SYNC &&
	    flags != (GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_SYNC_END))
		return GVTMEM_MSG_BAD_FIELD;
	if (!gvtmem_msg_node_ok(g->donor))
		return GVTMEM_MSG_BAD_FIELD;
	for (i = 0; i < count; i++) {
		const struct gvtmem_grant_block *b = &g->blocks[i];

		if (!GVTMEM_RESERVED_ZERO(b->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (b->order > GVTMEM_GRANT_MAX_ORDER ||
		    le64_to_cpu(b->addr) & 4095)
			return GVTMEM_MSG_BAD_FIELD;
	}
	return GVTMEM_MSG_OK;
}

/*
 * Fixed-size payloads: their size, where their node id and reserved bytes
 * sit (offsets after the epoch's 8 bytes; 0 length = none).
 */
struct gvtmem_msg_layout {
	u32 size;
	u8 node_off;		/* 0: no node field */
	u8 rsv_off, rsv_len;
};

#define GVTMEM_NODE_MSG(type)						\
	{ sizeof(type), offsetof(type, node),				\
	  offsetof(type, reserved), sizeof(((type *)NULL)->reserved) }

static const struct gvtmem_msg_layout gvtmem_msg_layouts[GVTMEM_MSG_NR_TYPES] = {
	[GVTMEM_MSG_STATISTICS] = {
		sizeof(struct gvtmem_msg_statistics), 0,
		offsetof(struct gvtmem_msg_statistics, reserved),
		sizeof(((struct gvtmem_msg_statistics *)NULL)->reserved) },
	[GVTMEM_MSG_GRANT_ANY] = GVTMEM_NODE_MSG(struct gvtmem_msg_grant_req),
	[GVTMEM_MSG_GRANT_RETURN] = GVTMEM_NODE_MSG(struct gvtmem_msg_grant_req),
	[GVTMEM_MSG_FORCE_RETURN] = GVTMEM_NODE_MSG(struct gvtmem_msg_node),
	[GVTMEM_MSG_MEM_LIMIT] = { sizeof(struct gvtmem_msg_mem_limit) },
	[GVTMEM_MSG_REGISTER] = GVTMEM_NODE_MSG(struct gvtmem_msg_register),
	[GVTMEM_MSG_LEAVE_REQ] = GVTMEM_NODE_MSG(struct gvtmem_msg_node),
	[GVTMEM_MSG_LEAVE_NOTIFY] = GVTMEM_NODE_MSG(struct gvtmem_msg_node),
	[GVTMEM_MSG_ENABLE_NODE] = GVTMEM_NODE_MSG(struct gvtmem_msg_enable_node),
	[GVTMEM_MSG_HEARTBEAT] = { sizeof(struct gvtmem_msg_heartbeat) },
	[GVTMEM_MSG_VOTE_REQ] = GVTMEM_NODE_MSG(struct gvtmem_msg_vote_req),
	[GVTMEM_MSG_VOTE] = GVTMEM_NODE_MSG(struct gvtmem_msg_vote),
	[GVTMEM_MSG_SET_POLICY] = { sizeof(struct gvtmem_msg_set_policy) },
};

static bool gvtmem_wire_policy_ok(const struct gvtmem_wire_policy *p)
{
	return p->policy < GVTMEM_TIER2_NR_POLICIES && p->percent >= 1 &&
	       p->percent <= 100 && p->ahead_s <= GVTMEM_TIER2_MAX_AHEAD_S &&
	       GVTMEM_RESERVED_ZERO(p->reserved);
}

static bool gvtmem_states_ok(const u8 *states)
{
	unsigned int i;

	for (i = 0; i < GVTMEM_MAX_NODES; i++)
		if (states[i] >= GVTMEM_NODE_NR_STATES)
			return false;
	return true;
}

enum gvtmem_msg_err gvtmem_msg_validate(u16 type, const void *payload,
					u32 len)
{
	const struct gvtmem_msg_layout *l;
	const u8 *p = payload;
	__le32 node;

	if (type == GVTMEM_MSG_GRANT)
		return gvtmem_msg_validate_grant(payload, len);
	if (!type || type >= GVTMEM_MSG_NR_TYPES)
		return GVTMEM_MSG_BAD_TYPE;
	l = &gvtmem_msg_layouts[type];
	if (len != l->size)
		return GVTMEM_MSG_BAD_SIZE;
	if (l->rsv_len && memchr_inv(p + l->rsv_off, 0, l->rsv_len))
		return GVTMEM_MSG_BAD_RESERVED;
	if (l->node_off) {
		memcpy(&node, p + l->node_off, sizeof(node));
		if (!gvtmem_msg_node_ok(node))
			return GVTMEM_MSG_BAD_FIELD;
	}

	/* Fields with their own rules. */
	switch (type) {
	case GVTMEM_MSG_STATISTICS: {
		const struct gvtmem_msg_statistics *st = payload;

		if (st->state >= GVTMEM_NODE_NR_STATES ||
		    st->policy >= GVTMEM_TIER2_NR_POLICIES)
			return GVTMEM_MSG_BAD_FIELD;
		break;
	}
	case GVTMEM_MSG_HEARTBEAT: {
		const struct gvtmem_msg_heartbeat *hb = payload;

		if (!gvtmem_wire_policy_ok(&hb->policy) ||
		    !gvtmem_states_ok(hb->states))
			return GVTMEM_MSG_BAD_FIELD;
		break;
	}
	case GVTMEM_MSG_SET_POLICY:
		if (!gvtmem_wire_policy_ok(&((const struct gvtmem_msg_set_policy *)
					     payload)->policy))
			return GVTMEM_MSG_BAD_FIELD;
		break;
	case GVTMEM_MSG_VOTE:
		if (((const struct gvtmem_msg_vote *)payload)->granted > 1 ||
		    ((const struct gvtmem_msg_vote *)payload)->pre > 1)
			return GVTMEM_MSG_BAD_FIELD;
		break;
	case GVTMEM_MSG_VOTE_REQ:
		if (((const struct gvtmem_msg_vote_req *)payload)->pre > 1)
			return GVTMEM_MSG_BAD_FIELD;
		break;
	case GVTMEM_MSG_GRANT_ANY:
	case GVTMEM_MSG_GRANT_RETURN:
		if (!((const struct gvtmem_msg_grant_req *)p)->pages)
			return GVTMEM_MSG_BAD_FIELD;
		break;
	}
	return GVTMEM_MSG_OK;
}
