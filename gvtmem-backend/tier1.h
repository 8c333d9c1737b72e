/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tier 1: how a node splits its tmem capacity among its clients (memory
 * cgroups). Pure arithmetic: the backend feeds it statistics and applies
 * the limits it returns.
 */
#ifndef GVTMEM_TIER1_H
#define GVTMEM_TIER1_H

#include <linux/types.h>

enum gvtmem_tier1_policy {
	/* No per-client cap: first come, first served (can starve). */
	GVTMEM_TIER1_GREEDY,
	/* Max-min fair share of demand (water-filling). */
	GVTMEM_TIER1_FAIR,
	GVTMEM_TIER1_NR_POLICIES,
};

/* Smallest room to grow a satisfied client is given above its use. */
#define GVTMEM_TIER1_MIN_SLACK 256UL

struct gvtmem_tier1_demand {
	unsigned long used;	/* pages held now */
	unsigned long failed;	/* puts refused since the last round */
};

extern const char * const gvtmem_tier1_policy_names[GVTMEM_TIER1_NR_POLICIES];
void gvtmem_tier1_limits(enum gvtmem_tier1_policy policy,
			 unsigned long capacity, unsigned int n,
			 const struct gvtmem_tier1_demand *d,
			 unsigned long *limit);

#endif /* GVTMEM_TIER1_H */
