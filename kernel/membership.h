/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Node states (the paper's Inactive, Active, Recovery, Leaving) and the
 * events that move a node between them, as one transition table. Only the
 * master moves nodes; every node mirrors the master's table from its
 * heartbeats.
 */
#ifndef GVTMEM_MEMBERSHIP_H
#define GVTMEM_MEMBERSHIP_H

#include "protocol.h"

enum gvtmem_node_event {
	GVTMEM_EV_REGISTER,	/* Register with a valid proof reached the master */
	GVTMEM_EV_LEAVE_REQ,	/* Leave-Req: the node asks to go */
	GVTMEM_EV_LEAVE_DONE,	/* nothing is owned at or by it any more */
	GVTMEM_EV_LEASE_MISSED,	/* no Statistics from it for a lease */
	GVTMEM_EV_FENCED,	/* Force-Return sent: its blocks are fenced */
	GVTMEM_EV_NR,
};

extern const char * const gvtmem_node_state_names[GVTMEM_NODE_NR_STATES];
extern const char * const gvtmem_node_event_names[GVTMEM_EV_NR];

/* The state after ev, or -EINVAL if ev is not allowed in from. */
int gvtmem_node_next(enum gvtmem_node_state from, enum gvtmem_node_event ev);

#endif /* GVTMEM_MEMBERSHIP_H */
