// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_protocol: every Table 1 payload is accepted when well
 * formed and refused, with the right reason, when its size, reserved bytes
 * or fields are wrong; random payloads of every type never crash.
 */
#include "protocol.c"

#include <kunit/test.h>
#include <linux/slab.h>

static u64 gvtmem_protocol_test_rand(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Fixed-size types with their sizes. */
static const struct {
	u16 type;
	u32 size;
} gvtmem_protocol_sizes[] = {
	{ GVTMEM_MSG_STATISTICS, sizeof(struct gvtmem_msg_statistics) },
	{ GVTMEM_MSG_GRANT_ANY, sizeof(struct gvtmem_msg_grant_req) },
	{ GVTMEM_MSG_GRANT_RETURN, sizeof(struct gvtmem_msg_grant_req) },
	{ GVTMEM_MSG_FORCE_RETURN, sizeof(struct gvtmem_msg_node) },
	{ GVTMEM_MSG_MEM_LIMIT, sizeof(struct gvtmem_msg_mem_limit) },
	{ GVTMEM_MSG_REGISTER, sizeof(struct gvtmem_msg_register) },
	{ GVTMEM_MSG_LEAVE_REQ, sizeof(struct gvtmem_msg_node) },
	{ GVTMEM_MSG_LEAVE_NOTIFY, sizeof(struct gvtmem_msg_node) },
	{ GVTMEM_MSG_ENABLE_NODE, sizeof(struct gvtmem_msg_enable_node) },
	{ GVTMEM_MSG_HEARTBEAT, sizeof(struct gvtmem_msg_heartbeat) },
	{ GVTMEM_MSG_VOTE_REQ, sizeof(struct gvtmem_msg_vote_req) },
	{ GVTMEM_MSG_VOTE, sizeof(struct gvtmem_msg_vote) },
	{ GVTMEM_MSG_SET_POLICY, sizeof(struct gvtmem_msg_set_policy) },
};

/* A well-formed payload of a fixed-size type: zeroes, with n > 0 pages. */
static void gvtmem_protocol_test_fill(u16 type, u8 *p, u32 size)
{
	memset(p, 0, size);
	if (type == GVTMEM_MSG_GRANT_ANY || type == GVTMEM_MSG_GRANT_RETURN)
		((struct gvtmem_msg_grant_req *)p)->pages = cpu_to_le64(16);
	if (type == GVTMEM_MSG_HEARTBEAT)
		((struct gvtmem_msg_heartbeat *)p)->policy.percent = 10;
	if (type == GVTMEM_MSG_SET_POLICY)
		((struct gvtmem_msg_set_policy *)p)->policy.percent = 10;
}

static void gvtmem_protocol_test_sizes(struct kunit *test)
{
	u8 *p = kunit_kzalloc(test, 1024, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	for (i = 0; i < ARRAY_SIZE(gvtmem_protocol_sizes); i++) {
		u16 t = gvtmem_protocol_sizes[i].type;
		u32 sz = gvtmem_protocol_sizes[i].size;

		gvtmem_protocol_test_fill(t, p, sz);
		KUNIT_EXPECT_EQ_MSG(test, (int)GVTMEM_MSG_OK,
				    (int)gvtmem_msg_validate(t, p, sz), "%s",
				    gvtmem_msg_type_names[t]);
		KUNIT_EXPECT_EQ_MSG(test, (int)GVTMEM_MSG_BAD_SIZE,
				    (int)gvtmem_msg_validate(t, p, sz - 1), "%s short",
				    gvtmem_msg_type_names[t]);
		KUNIT_EXPECT_EQ_MSG(test, (int)GVTMEM_MSG_BAD_SIZE,
				    (int)gvtmem_msg_validate(t, p, sz + 1), "%s long",
				    gvtmem_msg_type_names[t]);
		KUNIT_EXPECT_EQ_MSG(test, (int)GVTMEM_MSG_BAD_SIZE,
				    (int)gvtmem_msg_validate(t, p, 0), "%s empty",
				    gvtmem_msg_type_names[t]);
	}
}

static void gvtmem_protocol_test_bad_type(struct kunit *test)
{
	u8 p[64] = {};

	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_TYPE, (int)gvtmem_msg_validate(0, p, 16));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_TYPE,
			(int)gvtmem_msg_validate(GVTMEM_MSG_NR_TYPES, p, 16));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_TYPE, (int)gvtmem_msg_validate(0xffff, p, 16));
}

static void gvtmem_protocol_test_fields(struct kunit *test)
{
	struct gvtmem_msg_statistics st = {};
	struct gvtmem_msg_grant_req gr = { .pages = cpu_to_le64(1) };
	struct gvtmem_msg_node nd = {};
	struct gvtmem_msg_register rg = {};
	struct gvtmem_msg_enable_node en = {};

	st.state = GVTMEM_NODE_NR_STATES;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_STATISTICS, &st, sizeof(st)));
	st.state = GVTMEM_NODE_LEAVING;
	st.reserved[3] = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_STATISTICS, &st, sizeof(st)));

	gr.node = cpu_to_le32(GVTMEM_MAX_NODES);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT_ANY, &gr, sizeof(gr)));
	gr.node = cpu_to_le32(2);
	gr.pages = 0;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT_RETURN, &gr, sizeof(gr)));
	gr.pages = cpu_to_le64(1);
	gr.reserved = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT_ANY, &gr, sizeof(gr)));

	nd.node = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_LEAVE_REQ, &nd, sizeof(nd)));
	rg.node = cpu_to_le32(GVTMEM_MAX_NODES + 5);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_REGISTER, &rg, sizeof(rg)));
	en.reserved = cpu_to_le32(9);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_ENABLE_NODE, &en, sizeof(en)));
}

/* Election and policy messages: every field with a range is checked. */
static void gvtmem_protocol_test_election_fields(struct kunit *test)
{
	struct gvtmem_msg_heartbeat *hb = kunit_kzalloc(test, sizeof(*hb), GFP_KERNEL);
	struct gvtmem_msg_set_policy sp = { .policy.percent = 10 };
	struct gvtmem_msg_vote v = {};
	struct gvtmem_msg_vote_req vr = {};
	struct gvtmem_msg_statistics st = {};

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hb);
	hb->policy.percent = 10;
	hb->states[GVTMEM_MAX_NODES - 1] = GVTMEM_NODE_LEAVING;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_HEARTBEAT, hb, sizeof(*hb)));
	hb->states[GVTMEM_MAX_NODES - 1] = GVTMEM_NODE_NR_STATES;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_HEARTBEAT, hb, sizeof(*hb)));
	hb->states[GVTMEM_MAX_NODES - 1] = 0;
	hb->policy.policy = GVTMEM_TIER2_NR_POLICIES;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_HEARTBEAT, hb, sizeof(*hb)));

	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));
	sp.policy.percent = 0;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));
	sp.policy.percent = 101;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));
	sp.policy.percent = 100;
	sp.policy.ahead_s = GVTMEM_TIER2_MAX_AHEAD_S + 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));
	sp.policy.ahead_s = GVTMEM_TIER2_MAX_AHEAD_S;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));
	sp.policy.reserved[ARRAY_SIZE(sp.policy.reserved) - 1] = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_SET_POLICY, &sp, sizeof(sp)));

	v.granted = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE, &v, sizeof(v)));
	v.granted = 2;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE, &v, sizeof(v)));
	v.granted = 0;
	v.pre = 2;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE, &v, sizeof(v)));
	vr.pre = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE_REQ, &vr, sizeof(vr)));
	vr.pre = 2;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE_REQ, &vr, sizeof(vr)));
	vr.pre = 0;
	vr.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_VOTE_REQ, &vr, sizeof(vr)));

	st.policy = GVTMEM_TIER2_NR_POLICIES;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_STATISTICS, &st, sizeof(st)));
}

static void gvtmem_protocol_test_grant(struct kunit *test)
{
	size_t max = struct_size((struct gvtmem_msg_grant *)NULL, blocks,
				 GVTMEM_GRANT_MAX_BLOCKS + 1);
	struct gvtmem_msg_grant *g = kunit_kzalloc(test, max, GFP_KERNEL);
	u32 len3 = struct_size(g, blocks, 3);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, g);
	g->donor = cpu_to_le32(1);
	g->count = cpu_to_le16(3);
	g->blocks[0].addr = cpu_to_le64(0x100000);
	g->blocks[0].order = 9;
	g->blocks[1].addr = cpu_to_le64(0x300000);
	g->blocks[2].addr = cpu_to_le64(0x400000);
	g->blocks[2].order = 20;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	/* an acknowledgement, a return; not both, and no other flag */
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_ACK);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_RETURN);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_RETURN | GVTMEM_GRANT_F_ACK);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(0x10);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	/* a reconciliation pass: its frames, its end; never mixed */
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_SYNC_END);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC_END);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_ACK);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_RETURN);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	/* the end of a pass may list nothing; nothing else may */
	g->count = 0;
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC | GVTMEM_GRANT_F_SYNC_END);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, sizeof(*g)));
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_SYNC);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, sizeof(*g)));
	g->count = cpu_to_le16(3);
	g->flags = 0;
	/* count and length must agree */
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_SIZE,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3 - 16));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_SIZE,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3 + 1));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_SIZE,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, 4));
	g->count = 0;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, sizeof(*g)));
	g->count = cpu_to_le16(GVTMEM_GRANT_MAX_BLOCKS + 1);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, max));
	g->count = cpu_to_le16(0xffff);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->count = cpu_to_le16(3);
	g->blocks[1].order = 21;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->blocks[1].order = 0;
	g->blocks[1].addr = cpu_to_le64(0x300001);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->blocks[1].addr = cpu_to_le64(0x300000);
	g->blocks[2].reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->blocks[2].reserved[0] = 0;
	g->flags = cpu_to_le16(GVTMEM_GRANT_F_RETURN);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_OK,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = cpu_to_le16(0x20);	/* no such flag */
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_RESERVED,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
	g->flags = 0;
	g->donor = cpu_to_le32(GVTMEM_MAX_NODES);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MSG_BAD_FIELD,
			(int)gvtmem_msg_validate(GVTMEM_MSG_GRANT, g, len3));
}

/* Random bytes and lengths for every type: never a crash, and a random
 * length other than the type's size is always refused.
 */
/* A pass's number and frame index survive the epoch field, apart. */
static void gvtmem_protocol_test_pass_tag(struct kunit *test)
{
	__le64 t = gvtmem_grant_pass_tag(0xfffffffe, 3);

	KUNIT_EXPECT_EQ(test, gvtmem_grant_pass_nr(t), 0xfffffffeU);
	KUNIT_EXPECT_EQ(test, gvtmem_grant_pass_frame(t), (u16)3);
	t = gvtmem_grant_pass_tag(7, 0xffff);
	KUNIT_EXPECT_EQ(test, gvtmem_grant_pass_nr(t), 7U);
	KUNIT_EXPECT_EQ(test, gvtmem_grant_pass_frame(t), (u16)0xffff);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(gvtmem_grant_pass_tag(1, 0)), 1ULL);
}

static void gvtmem_protocol_test_random(struct kunit *test)
{
	u8 *p = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u64 s = 0xD1B54A32D192ED03ULL;
	unsigned int i, j;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	for (i = 0; i < 30000; i++) {
		u16 t = gvtmem_protocol_test_rand(&s) % (GVTMEM_MSG_NR_TYPES + 2);
		u32 len = gvtmem_protocol_test_rand(&s) % 1200;
		enum gvtmem_msg_err e;

		for (j = 0; j < len; j++)
			p[j] = gvtmem_protocol_test_rand(&s);
		e = gvtmem_msg_validate(t, p, len);
		KUNIT_EXPECT_LT(test, (int)e, (int)GVTMEM_MSG_NR_ERRS);
		for (j = 0; j < ARRAY_SIZE(gvtmem_protocol_sizes); j++)
			if (gvtmem_protocol_sizes[j].type == t &&
			    gvtmem_protocol_sizes[j].size != len)
				KUNIT_EXPECT_NE(test, (int)GVTMEM_MSG_OK, (int)e);
	}
}

static struct kunit_case gvtmem_protocol_test_cases[] = {
	KUNIT_CASE(gvtmem_protocol_test_sizes),
	KUNIT_CASE(gvtmem_protocol_test_bad_type),
	KUNIT_CASE(gvtmem_protocol_test_fields),
	KUNIT_CASE(gvtmem_protocol_test_election_fields),
	KUNIT_CASE(gvtmem_protocol_test_grant),
	KUNIT_CASE(gvtmem_protocol_test_pass_tag),
	KUNIT_CASE(gvtmem_protocol_test_random),
	{}
};

static struct kunit_suite gvtmem_protocol_test_suite = {
	.name = "gvtmem_protocol",
	.test_cases = gvtmem_protocol_test_cases,
};
kunit_test_suites(&gvtmem_protocol_test_suite);

MODULE_LICENSE("GPL");
