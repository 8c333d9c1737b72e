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
 * @unexposed: every exposure to @peer was ended by the transport (the
 *	memory region's device or PD went); called with the connection's
 *	queue held for write, so it must not call the transport
 * @blocks_lent: how many blocks the user lends @peer, and
 * @blocks_borrowed: how many @peer lends the user, for the transport's
 *	per-peer sysfs
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
	void (*unexposed)(void *priv, u32 peer);
	unsigned int (*blocks_lent)(void *priv, u32 peer);
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
/* Which time the connection to peer came up, if it is up now; else 0. */
unsigned int gvtmem_transport_up_gen(u32 peer);
u32 gvtmem_transport_self(void);

/**
 * struct gvtmem_exposure - pages a peer may read and write one-sidedly
 * @addr: the address the peer uses (zero-based: an offset in the pages)
 * @rkey: the key the peer uses
 *
 * Embedded in the user's record; the rest is the transport's. Exposed
 * from a successful gvtmem_transport_expose() until
 * gvtmem_transport_unexpose() or the user's ops->unexposed().
 */
struct gvtmem_exposure {
	u64 addr;
	u32 rkey;
	/* private: the transport's, under the connection's qp_sem */
	struct list_head node;		/* the connection's exposed list */
	struct ib_device *dev;		/* mapped on */
	u64 dma;
	struct ib_mr *mr;		/* NULL once ended */
	unsigned int order;
};

/**
 * gvtmem_transport_expose() - let @peer read and write 2^@order pages
 * @peer: the peer
 * @pages: the first page of the run
 * @order: the run's order (at most GVTMEM_BLOCK_PAGES)
 * @x: filled in; @x->addr and @x->rkey are what @peer is to be told
 * @commit: called once exposed, before the connection can go (the user
 *	records the exposure there); it must not call the transport
 * @ctx: passed to @commit
 *
 * Return: 0, or an error with nothing exposed (-ENOTCONN: no connection
 * up to @peer).
 */
int gvtmem_transport_expose(u32 peer, struct page *pages, unsigned int order,
			    struct gvtmem_exposure *x,
			    void (*commit)(void *ctx, struct gvtmem_exposure *x),
			    void *ctx);

/**
 * gvtmem_transport_unexpose() - end an exposure to @peer
 * @peer: the peer @x was exposed to
 * @x: the exposure; nothing is done if the transport ended it already
 *
 * Once it returns, @peer can no longer reach the pages.
 */
void gvtmem_transport_unexpose(u32 peer, struct gvtmem_exposure *x);

/* One-sided page I/O into blocks a peer granted (rdma-io.c). */
#define GVTMEM_PAGE_IO_MAX 16
#define GVTMEM_COPIES_MAX 4
struct gvtmem_page_io {
	u64 addr;		/* in the peer's block */
	u32 rkey;
	u32 peer;		/* gvtmem_transport_page_write_copies only */
	struct page *page;	/* ours */
	int ret;		/* out: 0 or -errno */
};

int gvtmem_transport_page_io(u32 peer, struct page *page, u64 addr, u32 rkey,
			     bool write);
int gvtmem_transport_page_io_many(u32 peer, struct gvtmem_page_io *io,
				  unsigned int n, bool write);
int gvtmem_transport_page_write_copies(struct gvtmem_page_io *io,
				       unsigned int n);
typedef void (*gvtmem_page_io_done_t)(void *ctx, int ret);
int gvtmem_transport_page_write_async(u32 peer, struct page *page, u64 addr,
				      u32 rkey, gvtmem_page_io_done_t done,
				      void *ctx);
int gvtmem_transport_page_write_async_run(u32 peer, struct gvtmem_page_io *io,
					  unsigned int n,
					  gvtmem_page_io_done_t done, void *ctx);
unsigned int gvtmem_transport_run_max(u32 peer);
void gvtmem_transport_reset(u32 peer);

int gvtmem_transport_sysfs_init(struct kobject *parent,
				const char * const *type_names);
void gvtmem_transport_sysfs_exit(void);

#endif /* GVTMEM_TRANSPORT_H */
