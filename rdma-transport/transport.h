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

/**
 * gvtmem_transport_start() - listen, and connect to every peer of @cfg
 * @cfg: this node's id and address, and every peer's
 * @ops: the user's callbacks; recv, tag, tag_ok and payload_ok are required
 * @priv: passed to every callback
 *
 * Connections come up, and come back after a reset, on their own; the
 * user hears of each through @ops->peer_up and @ops->peer_down.
 *
 * Context: process; may sleep.
 * Return: 0; -EINVAL for missing ops; -EBUSY if started; another
 * negative errno with nothing left running.
 */
int gvtmem_transport_start(const struct gvtmem_config *cfg,
			   const struct gvtmem_transport_ops *ops, void *priv);

/**
 * gvtmem_transport_stop() - close every connection and stop listening
 *
 * Calls @ops->peer_down for each connection that was up. Safe to call
 * when not started, and more than once.
 *
 * Context: process; may sleep (bounded: each queue is drained).
 */
void gvtmem_transport_stop(void);

/**
 * gvtmem_transport_send() - send one control message and wait for it to leave
 * @peer: the peer's node id
 * @type: the message type (kernel/protocol.h)
 * @payload: @len bytes, copied before return
 * @len: the payload's size
 *
 * The frame is tagged for the connection it goes on. "Left" means the
 * local queue completed the send, not that the peer handled it.
 *
 * Context: process; may sleep, bounded.
 * Return: 0; -ENOENT for a peer not configured; -ENOTCONN; -ENOMEM; -EIO
 * or -ETIMEDOUT if the send failed (the connection is then reset).
 */
int gvtmem_transport_send(u32 peer, u16 type, const void *payload, u32 len);

/**
 * gvtmem_transport_post() - queue one control message without waiting
 * @peer: the peer's node id
 * @type: the message type
 * @payload: @len bytes, copied before return
 * @len: the payload's size
 *
 * A dead peer cannot stall the caller; the message is lost if the
 * connection fails, so the user sends again what matters.
 *
 * Context: process; does not wait for the send.
 * Return: as gvtmem_transport_send(), but for the send's own outcome.
 */
int gvtmem_transport_post(u32 peer, u16 type, const void *payload, u32 len);

/**
 * gvtmem_transport_peer_up() - whether the connection to @peer is up now
 * @peer: the peer's node id
 *
 * Context: any.
 */
bool gvtmem_transport_peer_up(u32 peer);

/**
 * gvtmem_transport_up_gen() - which time the connection to @peer came up
 * @peer: the peer's node id
 *
 * Tells one connection from the next: a value taken before a wait and
 * compared after it shows whether a reset came between.
 *
 * Context: any.
 * Return: the count of times it came up, if it is up now; else 0.
 */
unsigned int gvtmem_transport_up_gen(u32 peer);

/**
 * gvtmem_transport_self() - this node's id, as the running config names it
 *
 * Context: any.
 */
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

/**
 * gvtmem_transport_page_io() - write one page to, or read it from, a peer's block
 * @peer: the peer that granted the block
 * @page: our page
 * @addr: the 4 KiB place in the block
 * @rkey: the block's key
 * @write: true to write @page there, false to read it into @page
 *
 * gvtmem_transport_page_io_many() for one page.
 *
 * Context: process; may sleep, bounded (2 s).
 * Return: 0, -ENOTCONN, -EIO or -ETIMEDOUT.
 */
int gvtmem_transport_page_io(u32 peer, struct page *page, u64 addr, u32 rkey,
			     bool write);

/**
 * gvtmem_transport_page_io_many() - write or read @n pages at once
 * @peer: the peer that granted the blocks
 * @io: @n places (addr, rkey) and pages; each io[i].ret is set
 * @n: at most GVTMEM_PAGE_IO_MAX
 * @write: true to write, false to read
 *
 * Every request is posted before any is waited for, so the transfers
 * share round trips (pages adjacent in a block share a request); one
 * bound covers them all. A failed read leaves its page's contents
 * undefined. A timeout resets the connection.
 *
 * Context: process; may sleep, bounded (2 s).
 * Return: how many succeeded; io[i].ret is 0, -ENOTCONN, -EIO or -ETIMEDOUT.
 */
int gvtmem_transport_page_io_many(u32 peer, struct gvtmem_page_io *io,
				  unsigned int n, bool write);

/**
 * gvtmem_transport_page_write_copies() - write one page to @n peers at once
 * @io: @n places, each in a block a different peer (io[i].peer) granted
 * @n: at most GVTMEM_COPIES_MAX
 *
 * The copies share one round trip. Queues are taken in order of peer id,
 * so that no two callers wait on each other's.
 *
 * Context: process; may sleep, bounded (2 s).
 * Return: how many copies were written; io[i].ret as for
 * gvtmem_transport_page_io_many().
 */
int gvtmem_transport_page_write_copies(struct gvtmem_page_io *io,
				       unsigned int n);

typedef void (*gvtmem_page_io_done_t)(void *ctx, int ret);

/**
 * gvtmem_transport_page_write_async() - post a page write and return
 * @peer: the peer that granted the block
 * @page: our page; the caller keeps it until @done
 * @addr: the 4 KiB place in the block
 * @rkey: the block's key
 * @done: called once, with 0 or -EIO, when the write has finished and
 *	@page is unmapped: from the completion (a workqueue) or, if that
 *	came first, from this call, so the caller must not hold what @done
 *	takes
 * @ctx: passed to @done
 *
 * Requests on one connection are carried out in order, so a later read
 * or write of the same place sees this one. A failure resets the
 * connection; a request that never completes is flushed by the drain of
 * the reset.
 *
 * Context: process; does not wait for the write.
 * Return: 0 (@done will run), or an error (it will not).
 */
int gvtmem_transport_page_write_async(u32 peer, struct page *page, u64 addr,
				      u32 rkey, gvtmem_page_io_done_t done,
				      void *ctx);

/**
 * gvtmem_transport_page_write_async_run() - post @n adjacent page writes as one
 * @peer: the peer that granted the block
 * @io: @n pages for io[0].addr, io[0].addr + 1 page, ..., under one rkey
 * @n: at most gvtmem_transport_run_max(@peer)
 * @done: called once for all, as for gvtmem_transport_page_write_async()
 * @ctx: passed to @done
 *
 * One request, one completion.
 *
 * Context: process; does not wait for the writes.
 * Return: 0 (@done will run); -EINVAL if the places are not adjacent or
 * too many; another error (@done will not run).
 */
int gvtmem_transport_page_write_async_run(u32 peer, struct gvtmem_page_io *io,
					  unsigned int n,
					  gvtmem_page_io_done_t done, void *ctx);

/**
 * gvtmem_transport_run_max() - most adjacent pages one request to @peer carries
 * @peer: the peer
 *
 * Context: any.
 * Return: at least 1 (1 if not connected).
 */
unsigned int gvtmem_transport_run_max(u32 peer);

/**
 * gvtmem_transport_reset() - reset the connection to @peer
 * @peer: the peer
 *
 * Returns at once; a work item tears the connection down (requests in
 * flight complete with an error once its queue is drained), then it is
 * made again. A connection already going down is left to it.
 *
 * Context: any.
 */
void gvtmem_transport_reset(u32 peer);

/**
 * gvtmem_transport_sysfs_init() - transport/ in sysfs: peers, drops, sent, latency
 * @parent: the sysfs root
 * @type_names: names of the GVTMEM_MSG_NR_TYPES message types, for sent/
 *
 * Context: module load.
 * Return: 0 or a negative errno, with nothing left created.
 */
int gvtmem_transport_sysfs_init(struct kobject *parent,
				const char * const *type_names);
void gvtmem_transport_sysfs_exit(void);

#endif /* GVTMEM_TRANSPORT_H */
