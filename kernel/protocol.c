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
};

const char * const gvtmem_msg_err_names[GVTMEM_MSG_NR_ERRS] = {
	[GVTMEM_MSG_OK] = "ok",
	[GVTMEM_MSG_BAD_TYPE] = "bad_type",
	[GVTMEM_MSG_BAD_SIZE] = "bad_size",
	[GVTMEM_MSG_BAD_RESERVED] = "bad_reserved",
	[GVTMEM_MSG_BAD_FIELD] = "bad_field",
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
	unsigned int i, count;

	if (len < sizeof(*g))
		return GVTMEM_MSG_BAD_SIZE;
	count = le16_to_cpu(g->count);
	if (!count || count > GVTMEM_GRANT_MAX_BLOCKS)
		return GVTMEM_MSG_BAD_FIELD;
	if (len != struct_size(g, blocks, count))
		return GVTMEM_MSG_BAD_SIZE;
	if (!GVTMEM_RESERVED_ZERO(g->reserved))
		return GVTMEM_MSG_BAD_RESERVED;
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

enum gvtmem_msg_err gvtmem_msg_validate(u16 type, const void *payload,
					u32 len)
{
	switch (type) {
	case GVTMEM_MSG_STATISTICS: {
		const struct gvtmem_msg_statistics *m = payload;

		if (len != sizeof(*m))
			return GVTMEM_MSG_BAD_SIZE;
		if (!GVTMEM_RESERVED_ZERO(m->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (m->state >= GVTMEM_NODE_NR_STATES)
			return GVTMEM_MSG_BAD_FIELD;
		return GVTMEM_MSG_OK;
	}
	case GVTMEM_MSG_GRANT_ANY:
	case GVTMEM_MSG_GRANT_RETURN: {
		const struct gvtmem_msg_grant_req *m = payload;

		if (len != sizeof(*m))
			return GVTMEM_MSG_BAD_SIZE;
		if (!GVTMEM_RESERVED_ZERO(m->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (!gvtmem_msg_node_ok(m->node) || !m->pages)
			return GVTMEM_MSG_BAD_FIELD;
		return GVTMEM_MSG_OK;
	}
	case GVTMEM_MSG_FORCE_RETURN:
	case GVTMEM_MSG_LEAVE_REQ:
	case GVTMEM_MSG_LEAVE_NOTIFY: {
		const struct gvtmem_msg_node *m = payload;

		if (len != sizeof(*m))
			return GVTMEM_MSG_BAD_SIZE;
		if (!GVTMEM_RESERVED_ZERO(m->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (!gvtmem_msg_node_ok(m->node))
			return GVTMEM_MSG_BAD_FIELD;
		return GVTMEM_MSG_OK;
	}
	case GVTMEM_MSG_MEM_LIMIT:
		if (len != sizeof(struct gvtmem_msg_mem_limit))
			return GVTMEM_MSG_BAD_SIZE;
		return GVTMEM_MSG_OK;
	case GVTMEM_MSG_GRANT:
		return gvtmem_msg_validate_grant(payload, len);
	case GVTMEM_MSG_REGISTER: {
		const struct gvtmem_msg_register *m = payload;

		if (len != sizeof(*m))
			return GVTMEM_MSG_BAD_SIZE;
		if (!GVTMEM_RESERVED_ZERO(m->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (!gvtmem_msg_node_ok(m->node))
			return GVTMEM_MSG_BAD_FIELD;
		return GVTMEM_MSG_OK;
	}
	case GVTMEM_MSG_ENABLE_NODE: {
		const struct gvtmem_msg_enable_node *m = payload;

		if (len != sizeof(*m))
			return GVTMEM_MSG_BAD_SIZE;
		if (!GVTMEM_RESERVED_ZERO(m->reserved))
			return GVTMEM_MSG_BAD_RESERVED;
		if (!gvtmem_msg_node_ok(m->node))
			return GVTMEM_MSG_BAD_FIELD;
		return GVTMEM_MSG_OK;
	}
	default:
		return GVTMEM_MSG_BAD_TYPE;
	}
}
