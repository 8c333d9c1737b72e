/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control-message frames: the header every control message on the wire
 * starts with. Little-endian, fixed 64 bytes, versioned. The transport
 * checks the header; what a payload means is the cluster manager's
 * business (kernel/protocol.h).
 *
 * See Documentation/protocol.md; the two must agree.
 */
#ifndef GVTMEM_FRAME_H
#define GVTMEM_FRAME_H

#include <linux/types.h>

#define GVTMEM_FRAME_MAGIC	0x544d5647	/* "GVMT" on the wire */
#define GVTMEM_FRAME_VERSION	1
#define GVTMEM_FRAME_TAG_LEN	32		/* HMAC-SHA256 */
#define GVTMEM_FRAME_HDR_LEN	64
/* A whole frame fits one 4 KiB receive buffer. */
#define GVTMEM_FRAME_MAX_LEN	4096
#define GVTMEM_FRAME_MAX_PAYLOAD (GVTMEM_FRAME_MAX_LEN - GVTMEM_FRAME_HDR_LEN)

struct gvtmem_frame_hdr {
	__le32 magic;
	__le16 version;
	__le16 type;		/* kernel/protocol.h: enum gvtmem_msg_type */
	__le32 len;		/* payload bytes after the header */
	__le32 sender;		/* sender's node id */
	__le64 seq;		/* per sender and connection, increasing */
	u8 tag[GVTMEM_FRAME_TAG_LEN];	/* authentication tag; zeroes if none */
	u8 reserved[8];		/* zero */
} __packed;

/*
 * The connection a frame travels on: the active and passive ends' random
 * nonces, exchanged at connect. A tag that covers it binds the frame to
 * the connection (the transport's user computes tags: transport.h).
 */
struct gvtmem_frame_bind {
	__le64 active_nonce;
	__le64 passive_nonce;
};

/* A decoded frame: host-order fields, payload pointing into the buffer. */
struct gvtmem_frame {
	u16 type;
	u32 sender;
	u64 seq;
	const u8 *tag;
	const void *payload;
	u32 len;
};

/* Why a frame was dropped; each has a counter in transport statistics. */
enum gvtmem_frame_err {
	GVTMEM_FRAME_OK,
	GVTMEM_FRAME_SHORT,		/* shorter than a header */
	GVTMEM_FRAME_BAD_MAGIC,
	GVTMEM_FRAME_BAD_VERSION,
	GVTMEM_FRAME_BAD_LENGTH,	/* len disagrees with bytes received */
	GVTMEM_FRAME_TOO_LONG,
	GVTMEM_FRAME_BAD_RESERVED,
	GVTMEM_FRAME_NR_ERRS,
};

extern const char * const gvtmem_frame_err_names[GVTMEM_FRAME_NR_ERRS];

enum gvtmem_frame_err gvtmem_frame_decode(const void *buf, size_t len,
					  struct gvtmem_frame *f);
int gvtmem_frame_encode(void *buf, size_t cap, u16 type, u32 sender, u64 seq,
			const void *payload, u32 len);

#endif /* GVTMEM_FRAME_H */
