/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tier 2: how the master moves capacity between nodes, as pure arithmetic
 * over the nodes' last Statistics, so that KUnit can reach it. The master
 * turns the plan into Grant-Any and Grant-Return messages.
 */
#ifndef GVTMEM_TIER2_H
#define GVTMEM_TIER2_H

#include <linux/types.h>

#include "block-size.h"
#include "protocol.h"

/* Grants move whole blocks: plans are in multiples of GVTMEM_BLOCK_PAGES. */
/* A node's ask is spread over at most this many donors at a time. */
#define GVTMEM_TIER2_SPREAD	3
/* Room for a plan over n nodes: a few grants per borrower, one return. */
#define GVTMEM_TIER2_MAX_ACTIONS(n)	((n) * (GVTMEM_TIER2_SPREAD + 1))

struct gvtmem_tier2_node {
	bool active;		/* Active, with fresh Statistics */
	bool busy;		/* an order to it is still settling: skip */
	unsigned long owned;	/* pages in all its zones */
	unsigned long used;	/* of which holding data */
	unsigned long borrowed;	/* of owned, granted by peers */
	unsigned long lendable;	/* free pages it could still lend */
	unsigned long failed;	/* puts refused since the last round */
	unsigned long grown;	/* growth of pages held, per round, lately */
	unsigned long give;	/* scratch: what the plan takes from it */
	unsigned long lack;	/* scratch: its shortfall, grant ahead */
};

enum gvtmem_tier2_kind {
	GVTMEM_TIER2_GRANT,	/* Grant-Any to donor: give pages to borrower */
	GVTMEM_TIER2_RETURN,	/* Grant-Return to borrower: give pages back */
};

struct gvtmem_tier2_action {
	enum gvtmem_tier2_kind kind;
	u32 donor;		/* RETURN: == borrower, meaning any donor */
	u32 borrower;
	unsigned long pages;
};

extern const char * const gvtmem_tier2_policy_names[GVTMEM_TIER2_NR_POLICIES];

unsigned long gvtmem_tier2_shortfall(unsigned long owned, unsigned long used,
				     unsigned long grown, unsigned int ahead);
unsigned int gvtmem_tier2_plan(enum gvtmem_tier2_policy policy,
			       unsigned int percent, unsigned int ahead,
			       unsigned long node_limit,
			       struct gvtmem_tier2_node *nodes, unsigned int n,
			       struct gvtmem_tier2_action *acts,
			       unsigned int max_acts);

#endif /* GVTMEM_TIER2_H */
