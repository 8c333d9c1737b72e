/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gvtmem: declarations shared by the module's three layers (cluster
 * manager, backend, transport). Each layer keeps its internals in its own
 * headers; only what crosses a layer boundary is declared here.
 */
#ifndef GVTMEM_H
#define GVTMEM_H

#include <linux/kobject.h>

#define GVTMEM_VERSION "0.1.0"

/*
 * How many times longer every bound that takes slowness for failure is on
 * a KASAN kernel: the lease, the transport's I/O bound, the watchdog of
 * asynchronous writes. Such a kernel runs several times slower; with the
 * production bounds a live node counts as failed and a live connection as
 * broken (Documentation/testing.md).
 */
#define GVTMEM_DEBUG_SLOWDOWN	(IS_ENABLED(CONFIG_KASAN) ? 4 : 1)

/* sysfs root, /sys/kernel/gvtmem; valid between gvtmem_sysfs_init/exit. */
extern struct kobject *gvtmem_kobj;

/**
 * gvtmem_sysfs_init() - create /sys/kernel/gvtmem, the root of every layer's files
 *
 * Context: module load, before any layer's init.
 * Return: 0 or a negative errno.
 */
int gvtmem_sysfs_init(void);
void gvtmem_sysfs_exit(void);

/**
 * gvtmem_backend_init() - bring up the page store and register its kernel hooks
 * @parent: the sysfs root; backend/, stats/, zones/ and clients/ go under it
 *
 * Frontswap and cleancache where the kernel offers them, the swap block
 * device otherwise (gvtmem-backend/hooks.c).
 *
 * Context: module load, process context.
 * Return: 0 or a negative errno; on error nothing is left registered.
 */
int gvtmem_backend_init(struct kobject *parent);
void gvtmem_backend_exit(void);

/* gvtmem-backend/stats.c: this node's figures for Statistics. */
struct gvtmem_node_report {
	unsigned long tmem_pages, used_pages, borrowed_pages;
	unsigned long puts_ok, puts_failed, gets_ok, gets_failed;
};

/**
 * gvtmem_backend_report() - this node's figures, for its Statistics
 * @r: filled in: pages of every zone, in use and borrowed; puts and gets
 *
 * puts_failed leaves out puts refused while backend/enabled is 0 (not
 * hunger for memory).
 *
 * Context: process; takes the store lock with interrupts off.
 */
void gvtmem_backend_report(struct gvtmem_node_report *r);

/**
 * gvtmem_backend_set_mem_limit() - apply the master's Mem-Limit
 * @pages: most pages of tmem this node's clients may hold; 0: no limit
 *
 * Context: process; takes the store lock with interrupts off.
 */
void gvtmem_backend_set_mem_limit(unsigned long pages);

/*
 * gvtmem-backend/remote-zone.c: zones of blocks peers granted us, one
 * per peer, told by the cluster what happens to its loans. None may be
 * called with the store lock held.
 */

/**
 * gvtmem_remote_zone_add() - a block @peer granted us joins its zone
 * @peer: the donor's node id
 * @addr: the block's address in the donor's memory region
 * @rkey: the region's key; unique per block, it names the block later
 * @order: the block's size, 2^order pages
 *
 * Creates the zone at the first block, and rebalances tier 1.
 *
 * Context: process; may sleep (allocates).
 * Return: 0; -EINVAL for a bad @peer or @order; -ENOMEM.
 */
int gvtmem_remote_zone_add(u32 peer, u64 addr, u32 rkey, unsigned int order);

/**
 * gvtmem_remote_zone_drop() - forget @peer's zone: the donor is gone or revoked all
 *
 * Its pages live on in their other copy (replicas), on the swap device
 * (writethrough, writebehind), or are counted lost; a write in flight to
 * it fails, a read in flight frees its entry. Waits for RDMA writes still
 * out to its blocks. Nothing happens if @peer has no zone.
 *
 * @peer: the donor's node id
 *
 * Context: process; may sleep.
 */
void gvtmem_remote_zone_drop(u32 peer);

/**
 * gvtmem_remote_zone_set_offline() - take @peer's zone out of use, or back in
 * @peer: the donor's node id
 * @offline: true while the connection is down and its loans are kept
 *
 * An offline zone takes no page and keeps the ones it has.
 *
 * Context: process; may sleep (tier 1 rebalances).
 * Return: false if @peer has no zone.
 */
bool gvtmem_remote_zone_set_offline(u32 peer, bool offline);

/**
 * gvtmem_remote_zone_is_offline() - whether @peer's zone is gone or offline
 * @peer: the donor's node id
 *
 * Context: process; takes the store lock with interrupts off.
 */
bool gvtmem_remote_zone_is_offline(u32 peer);

/**
 * gvtmem_remote_zone_set_suspect() - the cluster counts @peer failed, or no longer
 * @peer: the donor's node id
 * @suspect: true while the master has @peer in Recovery
 *
 * A suspect zone takes no new page and keeps its pages readable, so that a
 * donor that was only slow loses none; a fence drops the zone. Remembered
 * for a zone not made yet.
 *
 * Context: process; takes the store lock with interrupts off.
 */
void gvtmem_remote_zone_set_suspect(u32 peer, bool suspect);

/**
 * gvtmem_remote_zone_drop_block() - one block @peer no longer lends us
 * @peer: the donor's node id
 * @rkey: the block's key
 *
 * Its pages go as gvtmem_remote_zone_drop()'s do. Nothing happens if
 * there is no such block.
 *
 * Context: process; may sleep.
 */
void gvtmem_remote_zone_drop_block(u32 peer, u32 rkey);

/**
 * gvtmem_remote_zone_set_keep_loans() - whether a connection reset keeps loans
 * @keep: true: a failed remote read waits for the zone to come back
 *        rather than dropping it (transport/keep_loans)
 *
 * Context: any.
 */
void gvtmem_remote_zone_set_keep_loans(bool keep);

/**
 * gvtmem_remote_zone_return() - give back up to @max blocks @peer lent us
 * @peer: the donor's node id
 * @max: most blocks to give back
 * @rkeys: filled with the keys of the blocks given back
 *
 * Only blocks holding no swap page's only copy go back, freest first. The
 * caller tells the donor (a Grant with the return flag); the donor keeps
 * them registered until then.
 *
 * Context: process; may sleep (tier 1 rebalances).
 * Return: how many blocks went back.
 */
unsigned int gvtmem_remote_zone_return(u32 peer, unsigned int max, u32 *rkeys);

/**
 * gvtmem_rdma_devices_init() - start the transport: RDMA devices, transport/ in sysfs
 * @parent: the sysfs root
 * @type_names: names of the GVTMEM_MSG_NR_TYPES message types, for the
 *              transport's sent/ counters
 *
 * Context: module load, process context.
 * Return: 0 or a negative errno; on error nothing is left registered.
 */
int gvtmem_rdma_devices_init(struct kobject *parent,
			     const char * const *type_names);
void gvtmem_rdma_devices_exit(void);

/**
 * gvtmem_transport_kobject() - transport/ in sysfs
 *
 * The cluster puts its lend_mb and keep_loans there.
 *
 * Return: the kobject, valid between gvtmem_rdma_devices_init() and _exit().
 */
struct kobject *gvtmem_transport_kobject(void);

/**
 * gvtmem_keep_loans() - whether a connection reset keeps loans (transport/keep_loans)
 *
 * Context: any.
 */
bool gvtmem_keep_loans(void);

/**
 * gvtmem_cluster_init() - the cluster: configuration, key, membership, manager
 * @parent: the sysfs root; cluster/ goes under it
 *
 * Context: module load, after the backend and the transport.
 * Return: 0 or a negative errno; on error nothing is left registered.
 */
int gvtmem_cluster_init(struct kobject *parent);
void gvtmem_cluster_exit(void);

/*
 * Test hooks: rdma-transport/debugfs.c (with its module parameter
 * test_hooks), rdma-transport/faults.c and kernel/cluster-debugfs.c. They
 * are built only with GVTMEM_TEST_HOOKS=1 (make check and the rig); a
 * DKMS or plain build has neither the files nor the parameter.
 */
struct dentry;
#ifdef GVTMEM_TEST_HOOKS
struct dentry *gvtmem_debugfs_init(void);
int gvtmem_debugfs_words(const char __user *ubuf, size_t count, u64 *w, int n);
void gvtmem_debugfs_exit(void);
void gvtmem_cluster_debugfs_init(struct dentry *dir);
#else
static inline struct dentry *gvtmem_debugfs_init(void) { return NULL; }
static inline void gvtmem_debugfs_exit(void) { }
static inline void gvtmem_cluster_debugfs_init(struct dentry *dir) { }
#endif

#endif /* GVTMEM_H */
