// SPDX-License-Identifier: GPL-2.0
/*
 * Tier-1 policies (see tier1.h).
 *
 * fair: a client that had puts refused wants without bound; one that did
 * not wants what it holds plus some slack to grow, and an idle one nothing. Capacity is then
 * water-filled: clients wanting less than an equal share get what they
 * want, and the rest is split equally among the others. A client above
 * its new limit keeps its pages but gets no new ones until it is below.
 * Capacity nobody wants is split among the active clients (among all of
 * them when every one is idle), so a lone growing client, or the first to
 * wake up, is not held back until the next round.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "tier1.h"

const char * const gvtmem_tier1_policy_names[GVTMEM_TIER1_NR_POLICIES] = {
	[GVTMEM_TIER1_GREEDY] = "greedy",
	[GVTMEM_TIER1_FAIR] = "fair",
};

static unsigned long gvtmem_tier1_want(const struct gvtmem_tier1_demand *d)
{
	if (d->failed)
		return ULONG_MAX;
	/* An idle client reserves nothing; its next refused put makes it hungry. */
	if (!d->used)
		return 0;
	return d->used + max(d->used / 8, GVTMEM_TIER1_MIN_SLACK);
}

void gvtmem_tier1_limits(enum gvtmem_tier1_policy policy,
			 unsigned long capacity, unsigned int n,
			 const struct gvtmem_tier1_demand *d,
			 unsigned long *limit)
{
	unsigned long remaining = capacity, share, want;
	unsigned int i, left = n, active = 0;
	bool changed, all_idle;

	if (policy != GVTMEM_TIER1_FAIR) {
		for (i = 0; i < n; i++)
			limit[i] = capacity;
		return;
	}

	/* ULONG_MAX marks a client whose limit is not settled yet. */
	for (i = 0; i < n; i++)
		limit[i] = ULONG_MAX;
	while (left) {
		share = remaining / left;
		changed = false;
		for (i = 0; i < n; i++) {
			if (limit[i] != ULONG_MAX)
				continue;
			want = gvtmem_tier1_want(&d[i]);
			if (want > share)
				continue;
			limit[i] = want;
			remaining -= want;
			left--;
			changed = true;
		}
		if (changed)
			continue;
		/* Everyone left wants more than a share: split what remains. */
		for (i = 0; i < n; i++) {
			if (limit[i] != ULONG_MAX)
				continue;
			limit[i] = share + (remaining % left ? 1 : 0);
			remaining -= limit[i];
			left--;
		}
	}

	/*
	 * Everyone is satisfied and capacity is left: limits are caps, not
	 * reservations, so hand the rest to the active clients as room to
	 * grow instead of refusing their puts until the next round.
	 */
	if (!remaining || !n)
		return;
	for (i = 0; i < n; i++)
		active += limit[i] != 0;
	/* All idle: whoever wakes first may use a share at once. */
	all_idle = !active;
	if (all_idle)
		active = n;
	for (i = 0; i < n && active; i++) {
		if (!limit[i] && !all_idle)
			continue;
		share = remaining / active;
		limit[i] += share;
		remaining -= share;
		active--;
	}
}
