/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the cluster manager: what its three files share. manager.c runs
 * the work, the inbox, the message table, the node states and the
 * election; manager-master.c holds the master's duties, manager-member.c
 * every node's. All of it runs with gvtmem_mgr.lock held.
 */
#ifndef GVTMEM_MANAGER_PRI_H
#define GVTMEM_MANAGER_PRI_H

#include <linux/ktime.h>
#include <linux/random.h>

#include "manager.h"

static inline u64 gvtmem_now(void)
{
	return ktime_to_ms(ktime_get_boottime());
}

/* The lease in force (cluster/lease_ms). */
static inline u32 gvtmem_lease(void)
{
	return gvtmem_mgr.el.lease_ms;
}

static inline u32 gvtmem_jitter(void)
{
	return get_random_u32() % (gvtmem_lease() / 2);
}

static inline bool gvtmem_is_master(void)
{
	return gvtmem_mgr.el.role == GVTMEM_MASTER;
}

static inline u8 gvtmem_my_state(void)
{
	return gvtmem_mgr.nodes[gvtmem_mgr.self].state;
}

static inline bool gvtmem_node_ok(u32 id)
{
	return id < GVTMEM_MAX_NODES && gvtmem_mgr.nodes[id].configured;
}

/* manager.c: sending, node states, the table's dispatch. */
void gvtmem_mgr_handle(u32 peer, u16 type, const void *p, u32 len);
void gvtmem_mgr_send(u32 to, u16 type, const void *p, u32 len);
void gvtmem_mgr_broadcast(u16 type, const void *p, u32 len, bool self);
void gvtmem_mgr_send_node_msg(u32 to, u16 type, u32 node);
void gvtmem_mgr_master_heard(int m, u64 now);
void gvtmem_mgr_forget(u32 id);
void gvtmem_mgr_set_state(u32 x, u8 to);
bool gvtmem_mgr_move(u32 x, enum gvtmem_node_event ev, u64 now);

/* manager-master.c: as master. */
void gvtmem_mgr_heartbeat(u64 now);
void gvtmem_mgr_send_mem_limit(u32 to);
void gvtmem_mgr_become_master(u64 now);
void gvtmem_mgr_check_nodes(u64 now);
void gvtmem_mgr_tier2(u64 now);

/* manager-member.c: as any node. */
void gvtmem_mgr_send_stats(u64 now);
bool gvtmem_mgr_filling(u64 now);
void gvtmem_mgr_send_register(u64 now);
bool gvtmem_mgr_return_all(u32 only);
int gvtmem_register_proof(const struct gvtmem_msg_register *m, u8 *out);

/*
 * Message handlers, named in manager.c's table, which checks the key, the
 * epoch and the role the message needs before calling one. p is the
 * payload, of the size its type has (the transport checked it).
 */
void gvtmem_mgr_on_statistics(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_register(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_leave_req(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_set_policy(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_heartbeat(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_force_return(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_grant_any(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_grant_return(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_mem_limit(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_enable_node(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_leave_notify(u32 peer, const void *p, u64 now);
void gvtmem_mgr_on_grant(u32 peer, const void *p, u64 now);

#endif /* GVTMEM_MANAGER_PRI_H */
