// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_frame: the control-frame decoder against truncated,
 * oversized, wrong-version, corrupted and random frames. Every one must be
 * rejected with the right reason, and none may read past its buffer.
 */
#include "frame.c"

#include <kunit/test.h>
#include <linux/slab.h>

/* Deterministic, so a failure reproduces. */
static u64 gvtmem_frame_test_rand(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int gvtmem_frame_test_make(u8 *buf, u32 len)
{
	static const char payload[] = "statistics payload";

	return gvtmem_frame_encode(buf, GVTMEM_FRAME_MAX_LEN, 1, 7, 42,
				   payload, min_t(u32, len, sizeof(payload)));
}

static void gvtmem_frame_test_roundtrip(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	u8 payload[100];
	struct gvtmem_frame f;
	int n, i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = i;
	n = gvtmem_frame_encode(buf, GVTMEM_FRAME_MAX_LEN, 6, 3, 1234567890123ULL,
				payload, sizeof(payload));
	KUNIT_ASSERT_EQ(test, GVTMEM_FRAME_HDR_LEN + (int)sizeof(payload), n);
	KUNIT_ASSERT_EQ(test, (int)GVTMEM_FRAME_OK, (int)gvtmem_frame_decode(buf, n, &f));
	KUNIT_EXPECT_EQ(test, 6, (int)f.type);
	KUNIT_EXPECT_EQ(test, 3U, f.sender);
	KUNIT_EXPECT_EQ(test, 1234567890123ULL, f.seq);
	KUNIT_EXPECT_EQ(test, (u32)sizeof(payload), f.len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(f.payload, payload, sizeof(payload)));
	/* Little-endian on the wire whatever the host. */
	KUNIT_EXPECT_EQ(test, (u8)'G', buf[0]);
	KUNIT_EXPECT_EQ(test, (u8)'V', buf[1]);
}

static void gvtmem_frame_test_encode_limits(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			gvtmem_frame_encode(buf, GVTMEM_FRAME_MAX_LEN + 1, 1, 1, 1, buf,
					    GVTMEM_FRAME_MAX_PAYLOAD + 1));
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			gvtmem_frame_encode(buf, GVTMEM_FRAME_HDR_LEN + 3, 1, 1, 1, buf, 4));
	KUNIT_EXPECT_EQ(test, GVTMEM_FRAME_MAX_LEN,
			gvtmem_frame_encode(buf, GVTMEM_FRAME_MAX_LEN, 1, 1, 1, buf,
					    GVTMEM_FRAME_MAX_PAYLOAD));
}

/* Every prefix of a good frame is refused. */
static void gvtmem_frame_test_truncated(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	struct gvtmem_frame f;
	int n, cut;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = gvtmem_frame_test_make(buf, 100);
	for (cut = 0; cut < n; cut++) {
		enum gvtmem_frame_err e = gvtmem_frame_decode(buf, cut, &f);

		KUNIT_EXPECT_NE_MSG(test, (int)GVTMEM_FRAME_OK, (int)e, "cut at %d", cut);
		KUNIT_EXPECT_EQ_MSG(test, (int)(cut < GVTMEM_FRAME_HDR_LEN ?
				    GVTMEM_FRAME_SHORT : GVTMEM_FRAME_BAD_LENGTH),
				    (int)e, "cut at %d", cut);
	}
}

static void gvtmem_frame_test_bad_fields(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN + 64, GFP_KERNEL);
	struct gvtmem_frame_hdr *h = (struct gvtmem_frame_hdr *)buf;
	struct gvtmem_frame f;
	int n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = gvtmem_frame_test_make(buf, 16);

	h->magic = cpu_to_le32(0x12345678);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_MAGIC, (int)gvtmem_frame_decode(buf, n, &f));
	n = gvtmem_frame_test_make(buf, 16);
	h->version = cpu_to_le16(GVTMEM_FRAME_VERSION + 1);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_VERSION, (int)gvtmem_frame_decode(buf, n, &f));
	n = gvtmem_frame_test_make(buf, 16);
	h->version = 0;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_VERSION, (int)gvtmem_frame_decode(buf, n, &f));
	n = gvtmem_frame_test_make(buf, 16);
	h->reserved[7] = 1;
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_RESERVED, (int)gvtmem_frame_decode(buf, n, &f));
	/* len claims more than was received, or less. */
	n = gvtmem_frame_test_make(buf, 16);
	h->len = cpu_to_le32(17);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_LENGTH, (int)gvtmem_frame_decode(buf, n, &f));
	h->len = cpu_to_le32(15);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_BAD_LENGTH, (int)gvtmem_frame_decode(buf, n, &f));
	/* Huge len must not wrap any arithmetic. */
	h->len = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_TOO_LONG, (int)gvtmem_frame_decode(buf, n, &f));
	/* Oversized frames, even with a consistent len. */
	n = gvtmem_frame_test_make(buf, 16);
	h->len = cpu_to_le32(GVTMEM_FRAME_MAX_PAYLOAD + 1);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FRAME_TOO_LONG,
			(int)gvtmem_frame_decode(buf, GVTMEM_FRAME_MAX_LEN + 1, &f));
}

/* 20000 random buffers and 20000 one-byte corruptions: no crash, and a
 * frame is accepted only if its header is exactly consistent.
 */
static void gvtmem_frame_test_random(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	u8 *good = kunit_kzalloc(test, GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	u64 s = 0x9E3779B97F4A7C15ULL;
	struct gvtmem_frame f;
	unsigned int i, accepted = 0;
	int n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, good);
	for (i = 0; i < 20000; i++) {
		u32 len = gvtmem_frame_test_rand(&s) % (GVTMEM_FRAME_MAX_LEN + 1);
		u32 j;

		for (j = 0; j < len; j++)
			buf[j] = gvtmem_frame_test_rand(&s);
		if (i & 1)	/* half of them start with a valid magic */
			memcpy(buf, good, min_t(u32, len, 4));
		if (gvtmem_frame_decode(buf, len, &f) == GVTMEM_FRAME_OK)
			accepted++;
	}
	KUNIT_EXPECT_EQ(test, 0U, accepted);

	n = gvtmem_frame_test_make(good, 64);
	for (i = 0; i < 20000; i++) {
		u32 pos = gvtmem_frame_test_rand(&s) % GVTMEM_FRAME_HDR_LEN;
		u8 x = 1 + gvtmem_frame_test_rand(&s) % 255;
		bool ok;

		memcpy(buf, good, n);
		buf[pos] ^= x;
		ok = gvtmem_frame_decode(buf, n, &f) == GVTMEM_FRAME_OK;
		/* Only type, sender, seq and tag may change and still parse. */
		if (pos >= 6 && pos < 8)
			KUNIT_EXPECT_TRUE(test, ok);
		else if (pos >= 12 && pos < 56)
			KUNIT_EXPECT_TRUE(test, ok);
		else
			KUNIT_EXPECT_FALSE_MSG(test, ok, "byte %u ^ %u accepted", pos, x);
	}
}

static struct kunit_case gvtmem_frame_test_cases[] = {
	KUNIT_CASE(gvtmem_frame_test_roundtrip),
	KUNIT_CASE(gvtmem_frame_test_encode_limits),
	KUNIT_CASE(gvtmem_frame_test_truncated),
	KUNIT_CASE(gvtmem_frame_test_bad_fields),
	KUNIT_CASE(gvtmem_frame_test_random),
	{}
};

static struct kunit_suite gvtmem_frame_test_suite = {
	.name = "gvtmem_frame",
	.test_cases = gvtmem_frame_test_cases,
};
kunit_test_suites(&gvtmem_frame_test_suite);

MODULE_LICENSE("GPL");
