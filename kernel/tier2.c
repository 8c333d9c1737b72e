// SPDX-License-Identifier: GPL-2.0
/*
 * Tier-2 policies (see tier2.h). A node is hungry when some of its puts
 * were refused in the last round, or when (grant ahead: ahead > 0) its
 * free pages will not last ahead more rounds at the rate its pages held
 * grew lately: a grant takes a few rounds to arrive, and puts refused
 * meanwhile go to the disk. Its shortfall is what it will lack by then.
 * Each round:
 *
 * greedy-local   nothing moves.
 * greedy-remote  a hungry node asks for what was refused and its shortfall
 *                (at least one block, at most an equal share of what the
 *                other nodes can lend), spread over the donors that can
 *                lend; nothing is ever taken back.
 * ttm            a hungry node gets P% of what it owns (at least one
 *                block); a node neither hungry nor with more than 2P% free
 *                gives back P% of what it owns, up to what it borrowed.
 * adaptive       a hungry node gets the larger of the two asks above, so
 *                it grows at least as fast as under either; idle borrowed
 *                memory is taken back only while a hungry node cannot be
 *                served from the donors' free memory. So it hoards like
 *                greedy-remote when nobody else wants the memory (where
 *                greedy-remote beats TTM) and releases like TTM when
 *                someone does (where TTM beats greedy-remote).
 *
 * node_limit (Mem-Limit, 0 = none) caps what any node may own.
 */
#include <linux/kernel.h>

#include "tier2.h"

const char * const gvtmem_tier2_policy_names[GVTMEM_TIER2_NR_POLICIES] = {
	[GVTMEM_TIER2_GREEDY_LOCAL] = "greedy-local",
	[GVTMEM_TIER2_GREEDY_REMOTE] = "greedy-remote",
	[GVTMEM_TIER2_TTM] = "ttm",
	[GVTMEM_TIER2_ADAPTIVE] = "adaptive",
};

static unsigned long gvtmem_tier2_units(unsigned long pages)
{
	return roundup(pages, GVTMEM_BLOCK_PAGES);
}

/* Pages a node will lack within ahead rounds, growing as it did lately. */
unsigned long gvtmem_tier2_shortfall(unsigned long owned, unsigned long used,
				     unsigned long grown, unsigned int ahead)
{
	unsigned long free = owned - min(used, owned);
	unsigned long need = grown * ahead;

	return need > free ? need - free : 0;
}

/*
 * What x asks for this round. The part driven by its own demand (puts
 * refused, shortfall) is capped at cap, its equal share of what the other
 * nodes can lend: refusals are retried, so a thrashing job's count can be
 * many times its size, and one round must not hand it every donor's
 * memory while the others start (a node keeping two copies needs room on
 * two donors). A node that still lacks room asks again next round.
 */
static unsigned long gvtmem_tier2_ask(enum gvtmem_tier2_policy policy,
				      unsigned int percent, unsigned long lack,
				      unsigned long cap,
				      const struct gvtmem_tier2_node *x)
{
	unsigned long ttm = x->owned / 100 * percent;
	unsigned long need = min(x->failed + lack, cap);

	switch (policy) {
	case GVTMEM_TIER2_GREEDY_REMOTE:
		return gvtmem_tier2_units(max(need, 1UL));
	case GVTMEM_TIER2_TTM:
		return gvtmem_tier2_units(max(ttm, 1UL));
	case GVTMEM_TIER2_ADAPTIVE:
		return gvtmem_tier2_units(max3(need, ttm, 1UL));
	default:
		return 0;
	}
}

static bool gvtmem_tier2_add(struct gvtmem_tier2_action *acts,
			     unsigned int *nr, unsigned int max_acts,
			     enum gvtmem_tier2_kind kind, u32 donor,
			     u32 borrower, unsigned long pages)
{
	if (*nr >= max_acts)
		return false;
	acts[*nr] = (struct gvtmem_tier2_action){ kind, donor, borrower, pages };
	(*nr)++;
	return true;
}

/* What donor d could still give x in this plan, in whole units. */
static unsigned long gvtmem_tier2_can(const struct gvtmem_tier2_node *nodes,
				      u32 d, u32 x)
{
	if (d == x || !nodes[d].active)
		return 0;
	return rounddown(nodes[d].lendable - nodes[d].give, GVTMEM_BLOCK_PAGES);
}

/* Up to GVTMEM_TIER2_SPREAD donors with most to give x, richest first. */
static unsigned int gvtmem_tier2_richest(const struct gvtmem_tier2_node *nodes,
					 unsigned int n, u32 x, u32 *pick)
{
	unsigned int k, i, d;

	for (k = 0; k < GVTMEM_TIER2_SPREAD; k++) {
		unsigned long can, best = 0;

		pick[k] = n;
		for (d = 0; d < n; d++) {
			can = gvtmem_tier2_can(nodes, d, x);
			for (i = 0; i < k && pick[i] != d; i++)
				;
			if (i == k && can > best) {
				best = can;
				pick[k] = d;
			}
		}
		if (pick[k] == n)
			break;
	}
	return k;
}

/*
 * Give x up to want pages, spread evenly over the richest few donors
 * (each gives an equal share or all it has; others step in for what they
 * lack), so that one donor's failure costs a borrower a fraction of its
 * remote pages and a borrower keeping two copies (durability replicas)
 * finds room on two nodes, while an ask costs a few Grant-Any, not one
 * per donor of a large cluster. One Grant-Any per donor. Returns what
 * stays unmet.
 */
static unsigned long gvtmem_tier2_serve(struct gvtmem_tier2_node *nodes,
					unsigned int n, u32 x,
					unsigned long want,
					struct gvtmem_tier2_action *acts,
					unsigned int *nr, unsigned int max_acts)
{
	u32 pick[GVTMEM_TIER2_SPREAD];
	unsigned long share, g;
	unsigned int d, k, i;

	for (d = 0; d < n; d++)
		nodes[d].give = 0;
	while (want) {
		k = gvtmem_tier2_richest(nodes, n, x, pick);
		if (!k)
			break;
		share = gvtmem_tier2_units(DIV_ROUND_UP(want, k));
		for (i = 0; i < k && want; i++) {
			g = min3(share, want, gvtmem_tier2_can(nodes, pick[i], x));
			nodes[pick[i]].give += g;
			want -= g;
		}
	}
	for (d = 0; d < n; d++) {
		if (!nodes[d].give)
			continue;
		if (!gvtmem_tier2_add(acts, nr, max_acts, GVTMEM_TIER2_GRANT,
				      d, x, nodes[d].give)) {
			want += nodes[d].give;
			continue;
		}
		nodes[d].lendable -= nodes[d].give;
	}
	return want;
}

unsigned int gvtmem_tier2_plan(enum gvtmem_tier2_policy policy,
			       unsigned int percent, unsigned int ahead,
			       unsigned long node_limit,
			       struct gvtmem_tier2_node *nodes, unsigned int n,
			       struct gvtmem_tier2_action *acts,
			       unsigned int max_acts)
{
	unsigned long pool = 0;
	unsigned int x, nr = 0, active = 0;
	bool unmet = false;

	if (policy == GVTMEM_TIER2_GREEDY_LOCAL ||
	    policy >= GVTMEM_TIER2_NR_POLICIES || !percent)
		return 0;
	percent = min(percent, 100U);

	for (x = 0; x < n; x++) {
		nodes[x].lack = gvtmem_tier2_shortfall(nodes[x].owned,
						       nodes[x].used,
						       nodes[x].grown, ahead);
		if (nodes[x].active) {
			pool += nodes[x].lendable;
			active++;
		}
	}

	for (x = 0; x < n; x++) {
		struct gvtmem_tier2_node *b = &nodes[x];
		unsigned long want, others, cap;

		if (!b->active || b->busy || (!b->failed && !b->lack))
			continue;
		/* The others' free memory as the round began, in equal shares. */
		others = pool - b->lendable;
		cap = max(rounddown(others / max(active - 1, 1U),
				    GVTMEM_BLOCK_PAGES), GVTMEM_BLOCK_PAGES);
		/* More than every donor has: adaptive may take memory back. */
		if (b->failed + b->lack > others)
			unmet = true;
		want = gvtmem_tier2_ask(policy, percent, b->lack, cap, b);
		if (node_limit)
			want = min(want, rounddown(node_limit > b->owned ?
						   node_limit - b->owned : 0,
						   GVTMEM_BLOCK_PAGES));
		if (want && gvtmem_tier2_serve(nodes, n, x, want, acts, &nr,
					       max_acts))
			unmet = true;
	}

	for (x = 0; x < n; x++) {
		struct gvtmem_tier2_node *b = &nodes[x];
		unsigned long step = gvtmem_tier2_units(b->owned / 100 * percent);
		unsigned long free = b->owned - min(b->used, b->owned);
		unsigned long give = 0;

		if (!b->active || b->busy || b->failed || b->lack ||
		    !b->borrowed)
			continue;
		if (policy == GVTMEM_TIER2_TTM && free > 2 * step)
			give = step;
		else if (policy == GVTMEM_TIER2_ADAPTIVE && unmet)
			give = free;
		give = rounddown(min(give, b->borrowed), GVTMEM_BLOCK_PAGES);
		if (give)
			gvtmem_tier2_add(acts, &nr, max_acts, GVTMEM_TIER2_RETURN,
					 x, x, give);
	}
	return nr;
}
