/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cluster manager's state, shared by its logic (manager.c) and its
 * sysfs files (manager-sysfs.c). See Documentation/cluster.md.
 */
#ifndef GVTMEM_MANAGER_H
#define GVTMEM_MANAGER_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../rdma-transport/frame.h"
#include "config.h"
#include "election.h"
#include "membership.h"
#include "protocol.h"
#include "tier2.h"

#define GVTMEM_TICK_MS		100
#define GVTMEM_STATS_MS		1000	/* Statistics, Register, Leave-Req */
#define GVTMEM_TIER2_MS		1000
#define GVTMEM_BUSY_MS		3000	/* after an order, until stats show it */
#define GVTMEM_TIER2_AHEAD_S	5	/* default grant ahead: BUSY_MS and a grant */
#define GVTMEM_EARLY_MS		200	/* early Statistics and rounds: apart */
#define GVTMEM_LEAVE_TIMEOUT_MS	30000

struct gvtmem_mgr_node {
	bool configured;
	u8 state;			/* enum gvtmem_node_state */
	u64 heard;			/* ms: last frame from it */
	u64 stats_at;			/* ms: last Statistics from it */
	u64 since;			/* ms: entered its state (master) */
	u64 busy_until;			/* ms: tier-2 order settling */
	u64 last_order;			/* ms: last Force-Return about it */
	unsigned long failed_seen;	/* puts_failed at the last round */
	unsigned long used_seen;	/* used_pages, as of... */
	u64 used_seen_at;		/* ...this time (ms) */
	unsigned long grown;		/* what that gained per round, lately */
	unsigned long settle_owned;	/* owned pages that settle its order... */
	bool settle_up;			/* ...once reached from below (a grant) */
	struct gvtmem_msg_statistics st;	/* last Statistics, wire order */
	struct kobject *kobj;		/* cluster/nodes/<id> */
};

struct gvtmem_mgr {
	/* Protects every field but the inbox's; held by the work and sysfs. */
	struct mutex lock;
	bool running;
	u32 self;
	unsigned int nr_nodes;
	struct gvtmem_election el;
	struct gvtmem_mgr_node nodes[GVTMEM_MAX_NODES];
	struct gvtmem_wire_policy policy;	/* the cluster's, as last heard */
	bool leave_asked;		/* operator wrote 1 to cluster/leave */
	bool left;			/* Leave-Notify for us: stay out */
	u64 last_hb, last_stats, last_tier2, last_join;
	u64 last_early;			/* ms: last early Statistics sent */
	unsigned long stats_free;	/* free tmem pages in the last sent */
	unsigned long mem_limit;	/* Mem-Limit from the master, pages */
	unsigned long grants_ordered, returns_ordered;	/* pages, as master */
	unsigned long stale_dropped;	/* orders from a fenced master */
	int last_master;		/* the master we last heard */
	u64 last_master_seen;		/* ms: when */
	u64 failover_ms;		/* last change of master: gap, ms */
	u32 lease_ms;			/* cluster/lease_ms; el.lease_ms follows */
	struct delayed_work work;
	struct kobject *nodes_kobj;	/* cluster/nodes */

	/* Frames from the transport wait here for the work. */
	spinlock_t inbox_lock;		/* protects inbox */
	struct list_head inbox;
	atomic_long_t inbox_dropped;
};

extern struct gvtmem_mgr gvtmem_mgr;

int gvtmem_mgr_init(void);
void gvtmem_mgr_exit(void);
int gvtmem_mgr_start(const struct gvtmem_config *cfg);
void gvtmem_mgr_stop(void);
void gvtmem_mgr_recv(u32 peer, const struct gvtmem_frame *f);
int gvtmem_mgr_set_policy(const struct gvtmem_wire_policy *p);
void gvtmem_mgr_kick(void);
void gvtmem_mgr_set_lease(u32 ms);

int gvtmem_mgr_sysfs_init(struct kobject *cluster);
void gvtmem_mgr_sysfs_exit(struct kobject *cluster);
int gvtmem_mgr_nodes_sysfs_add(void);
void gvtmem_mgr_nodes_sysfs_del(void);

#endif /* GVTMEM_MANAGER_H */
