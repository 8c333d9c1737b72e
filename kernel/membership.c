// SPDX-License-Identifier: GPL-2.0
/*
 * Node state transitions (see membership.h and Documentation/cluster.md).
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "membership.h"

const char * const gvtmem_node_state_names[GVTMEM_NODE_NR_STATES] = {
	[GVTMEM_NODE_INACTIVE] = "inactive",
	[GVTMEM_NODE_ACTIVE] = "active",
	[GVTMEM_NODE_RECOVERY] = "recovery",
	[GVTMEM_NODE_LEAVING] = "leaving",
};

const char * const gvtmem_node_event_names[GVTMEM_EV_NR] = {
	[GVTMEM_EV_REGISTER] = "register",
	[GVTMEM_EV_LEAVE_REQ] = "leave_req",
	[GVTMEM_EV_LEAVE_DONE] = "leave_done",
	[GVTMEM_EV_LEASE_MISSED] = "lease_missed",
	[GVTMEM_EV_FENCED] = "fenced",
};

#define X (-EINVAL)

/*
 * [from][event] = to. Register on an Active node is allowed and changes
 * nothing: a new master hears Register again from nodes that were Active
 * under the old one. A node in Recovery that registers within the lease
 * was only slow or cut off briefly: it is Active again and keeps what it
 * borrowed (its donors hold it until the node is fenced), having given up
 * what it lent (the others forgot their zones at it). Once fenced
 * (Inactive), nothing it held survives.
 */
static const int gvtmem_node_table[GVTMEM_NODE_NR_STATES][GVTMEM_EV_NR] = {
	[GVTMEM_NODE_INACTIVE] = {
		GVTMEM_NODE_ACTIVE, X, X, X, X },
	[GVTMEM_NODE_ACTIVE] = {
		GVTMEM_NODE_ACTIVE, GVTMEM_NODE_LEAVING, X,
		GVTMEM_NODE_RECOVERY, X },
	[GVTMEM_NODE_RECOVERY] = {
		GVTMEM_NODE_ACTIVE, X, X, X, GVTMEM_NODE_INACTIVE },
	[GVTMEM_NODE_LEAVING] = {
		X, GVTMEM_NODE_LEAVING, GVTMEM_NODE_INACTIVE,
		GVTMEM_NODE_RECOVERY, X },
};

#undef X

int gvtmem_node_next(enum gvtmem_node_state from, enum gvtmem_node_event ev)
{
	if ((unsigned int)from >= GVTMEM_NODE_NR_STATES ||
	    (unsigned int)ev >= GVTMEM_EV_NR)
		return -EINVAL;
	return gvtmem_node_table[from][ev];
}
