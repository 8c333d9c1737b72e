/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RDMA transport's interface to the rest of gvtmem: peers, control
 * messages, connection events. Users see no verbs objects; a peer is named
 * by its node id.
 */
#ifndef GVTMEM_TRANSPORT_H
#define GVTMEM_TRANSPORT_H

#include <linux/kobject.h>
#include <linux/mm_types.h>
#include <linux/types.h>

#include "frame.h"

/**
 * struct gvtmem_transport_ops - callbacks into the transport's user
 * @recv: a frame from @peer passed every check; its payload is valid
 *	until return
 * @peer_up: a connection to @peer came up (after a @peer_down if it was
 *	up before)
 * @peer_down: the connection to @peer that @peer_up announced is gone;
 *	called before a new connection to @peer can deliver a frame, and
 *	at stop. The user's one path for a peer going down.
 * @blocks_borrowed: how many blocks @peer lends the user, for the
 *	transport's per-peer sysfs
 * @tag: write the authentication tag of the whole frame @buf (header and
 *	payload, @len bytes) in place, for the connection @bind; 0 or an
 *	error (the frame is not sent)
 * @tag_ok: whether the tag of the received frame @buf is right for
 *	@bind; checked before anything else in the frame is believed
 * @payload_ok: whether the payload of the decoded frame @f is well
 *	formed for its type; @recv sees only frames that passed
 *
 * All run in process context, never in a CM or completion handler.
 * @peer_up and @peer_down of one peer never run at once.
 */
struct gvtmem_transport_ops {
	void (*recv)(void *priv, u32 peer, const struct gvtmem_frame *f);
	void (*peer_up)(void *priv, u32 peer);
	void (*peer_down)(void *priv, u32 peer);
	unsigned int (*blocks_borrowed)(void *priv, u32 peer);
	int (*tag)(void *priv, void *buf, u32 len,
		   const struct gvtmem_frame_bind *bind);
	bool (*tag_ok)(void *priv, void *buf, u32 len,
		       const struct gvtmem_frame_bind *bind);
	bool (*payload_ok)(void *priv, const struct gvtmem_frame *f);
};

struct gvtmem_config;

int gvtmem_transport_start(const struct gvtmem_config *cfg,
			   const struct gvtmem_transport_ops *ops, void *priv);
void gvtmem_transport_stop(void);
int gvtmem_transport_send(u32 peer, u16 type, const void *payload, u32 len);
int gvtmem_transport_post(u32 peer, u16 type, const void *payload, u32 len);
bool gvtmem_transport_peer_up(u32 peer);
u32 gvtmem_transport_self(void);

struct gvtmem_msg_grant;

/* Memory this node lends (lend.c). */
int gvtmem_lend_grant(u32 peer, unsigned int nr_blocks);
void gvtmem_lend_revoke(u32 peer);
void gvtmem_lend_take_back(u32 peer, const struct gvtmem_msg_grant *msg);
void gvtmem_lend_acked(u32 peer, const struct gvtmem_msg_grant *msg);
void gvtmem_lend_pages(unsigned long *lent, unsigned long *free);
unsigned int gvtmem_lend_blocks_to(u32 peer);
unsigned int gvtmem_lend_list(u32 peer, unsigned int skip,
			      struct gvtmem_msg_grant *msg);
bool gvtmem_lend_took_back_unacked(u32 peer);
/* transport/keep_loans: a connection reset leaves loans in place. */
bool gvtmem_keep_loans(void);

/* One-sided page I/O into blocks a peer granted (rdma-io.c). */
#define GVTMEM_PAGE_IO_MAX 16
struct gvtmem_page_io {
	u64 addr;		/* in the peer's block */
	u32 rkey;
	struct page *page;	/* ours */
	int ret;		/* out: 0 or -errno */
};

int gvtmem_transport_page_io(u32 peer, struct page *page, u64 addr, u32 rkey,
			     bool write);
int gvtmem_transport_page_io_many(u32 peer, struct gvtmem_page_io *io,
				  unsigned int n, bool write);
typedef void (*gvtmem_page_io_done_t)(void *ctx, int ret);
int gvtmem_transport_page_write_async(u32 peer, struct page *page, u64 addr,
				      u32 rkey, gvtmem_page_io_done_t done,
				      void *ctx);
void gvtmem_transport_reset(u32 peer);

int gvtmem_transport_sysfs_init(struct kobject *parent);
void gvtmem_transport_sysfs_exit(void);

#endif /* GVTMEM_TRANSPORT_H */
