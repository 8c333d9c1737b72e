// SPDX-License-Identifier: GPL-2.0
/*
 * Control-message frame codec (see frame.h). Decoding trusts nothing: every
 * field is checked against the bytes actually received before any is used.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/byteorder.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "frame.h"

const char * const gvtmem_frame_err_names[GVTMEM_FRAME_NR_ERRS] = {
	[GVTMEM_FRAME_OK] = "ok",
	[GVTMEM_FRAME_SHORT] = "short",
	[GVTMEM_FRAME_BAD_MAGIC] = "bad_magic",
	[GVTMEM_FRAME_BAD_VERSION] = "bad_version",
	[GVTMEM_FRAME_BAD_LENGTH] = "bad_length",
	[GVTMEM_FRAME_TOO_LONG] = "too_long",
	[GVTMEM_FRAME_BAD_RESERVED] = "bad_reserved",
};

enum gvtmem_frame_err gvtmem_frame_decode(const void *buf, size_t len,
					  struct gvtmem_frame *f)
{
	const struct gvtmem_frame_hdr *h = buf;
	u32 plen;

	BUILD_BUG_ON(sizeof(struct gvtmem_frame_hdr) != GVTMEM_FRAME_HDR_LEN);

	if (len < sizeof(*h))
		return GVTMEM_FRAME_SHORT;
	if (le32_to_cpu(h->magic) != GVTMEM_FRAME_MAGIC)
		return GVTMEM_FRAME_BAD_MAGIC;
	if (le16_to_cpu(h->version) != GVTMEM_FRAME_VERSION)
		return GVTMEM_FRAME_BAD_VERSION;
	if (len > GVTMEM_FRAME_MAX_LEN)
		return GVTMEM_FRAME_TOO_LONG;
	plen = le32_to_cpu(h->len);
	if (plen > GVTMEM_FRAME_MAX_PAYLOAD)
		return GVTMEM_FRAME_TOO_LONG;
	if (plen != len - sizeof(*h))
		return GVTMEM_FRAME_BAD_LENGTH;
	if (memchr_inv(h->reserved, 0, sizeof(h->reserved)))
		return GVTMEM_FRAME_BAD_RESERVED;

	f->type = le16_to_cpu(h->type);
	f->sender = le32_to_cpu(h->sender);
	f->seq = le64_to_cpu(h->seq);
	f->tag = h->tag;
	f->payload = h + 1;
	f->len = plen;
	return GVTMEM_FRAME_OK;
}

/*
 * Write a frame with a zero tag into buf; the caller signs it afterwards
 * if the cluster has a key. Returns the frame's length, or -EMSGSIZE.
 */
int gvtmem_frame_encode(void *buf, size_t cap, u16 type, u32 sender, u64 seq,
			const void *payload, u32 len)
{
	struct gvtmem_frame_hdr *h = buf;

	if (len > GVTMEM_FRAME_MAX_PAYLOAD || cap < sizeof(*h) + len)
		return -EMSGSIZE;
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(GVTMEM_FRAME_MAGIC);
	h->version = cpu_to_le16(GVTMEM_FRAME_VERSION);
	h->type = cpu_to_le16(type);
	h->len = cpu_to_le32(len);
	h->sender = cpu_to_le32(sender);
	h->seq = cpu_to_le64(seq);
	if (len)
		memcpy(h + 1, payload, len);
	return sizeof(*h) + len;
}
