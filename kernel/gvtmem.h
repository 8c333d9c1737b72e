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

/* sysfs root, /sys/kernel/gvtmem; valid between gvtmem_sysfs_init/exit. */
extern struct kobject *gvtmem_kobj;

int gvtmem_sysfs_init(void);
void gvtmem_sysfs_exit(void);

/* gvtmem-backend/hooks.c: the page store and the kernel hooks it serves. */
int gvtmem_backend_init(struct kobject *parent);
void gvtmem_backend_exit(void);

/* gvtmem-backend/stats.c: this node's figures for Statistics. */
struct gvtmem_node_report {
	unsigned long tmem_pages, used_pages, borrowed_pages;
	unsigned long puts_ok, puts_failed, gets_ok, gets_failed;
};

void gvtmem_backend_report(struct gvtmem_node_report *r);

/* gvtmem-backend/store.c: Mem-Limit, pages of tmem for local data; 0: none. */
void gvtmem_backend_set_mem_limit(unsigned long pages);

/* gvtmem-backend/remote-zone.c: zones of blocks peers granted us. */
int gvtmem_remote_zone_add(u32 peer, u64 addr, u32 rkey, unsigned int order);
void gvtmem_remote_zone_drop(u32 peer);
bool gvtmem_remote_zone_set_offline(u32 peer, bool offline);
bool gvtmem_remote_zone_is_offline(u32 peer);
void gvtmem_remote_zone_set_suspect(u32 peer, bool suspect);
void gvtmem_remote_zone_drop_block(u32 peer, u32 rkey);
/* Whether resets keep loans: a failed read then waits for the zone. */
void gvtmem_remote_zone_set_keep_loans(bool keep);
unsigned int gvtmem_remote_zone_return(u32 peer, unsigned int max, u32 *rkeys);

/*
 * rdma-transport/device.c: RDMA devices seen by the transport;
 * @type_names (GVTMEM_MSG_NR_TYPES of them) name its sent/ counters.
 */
int gvtmem_rdma_devices_init(struct kobject *parent,
			     const char * const *type_names);
void gvtmem_rdma_devices_exit(void);
/* transport/ in sysfs; the cluster's lend_mb and keep_loans live there. */
struct kobject *gvtmem_transport_kobject(void);

/* kernel/lend.c: transport/keep_loans, a connection reset keeps loans. */
bool gvtmem_keep_loans(void);

/* kernel/cluster.c: cluster configuration, key and membership. */
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
