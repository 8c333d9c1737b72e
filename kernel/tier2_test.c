// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_tier2: the tier-2 plan of each policy on small
 * clusters: who asks, how much, from whom, and what is taken back.
 */
#include "tier2.c"

#include <kunit/test.h>

#define U GVTMEM_BLOCK_PAGES
/* Rounds of growth granted ahead in most cases here. */
#define GVTMEM_TIER2_AHEAD 3

static struct gvtmem_tier2_action gvtmem_tier2_test_acts[16];

/* Node 0 hungry (owns 10 U, 300 pages refused); 1 and 2 can lend. */
static void gvtmem_tier2_test_cluster(struct gvtmem_tier2_node *n)
{
	memset(n, 0, 3 * sizeof(*n));
	n[0] = (struct gvtmem_tier2_node){ .active = true, .owned = 10 * U,
					   .used = 10 * U, .failed = 300 };
	n[1] = (struct gvtmem_tier2_node){ .active = true, .owned = 4 * U,
					   .lendable = 8 * U };
	n[2] = (struct gvtmem_tier2_node){ .active = true, .owned = 4 * U,
					   .lendable = 2 * U };
}

/* Pages the first nr actions grant to borrower, from any donor. */
static unsigned long gvtmem_tier2_test_granted(unsigned int nr, u32 borrower)
{
	unsigned long pages = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (gvtmem_tier2_test_acts[i].kind == GVTMEM_TIER2_GRANT &&
		    gvtmem_tier2_test_acts[i].borrower == borrower)
			pages += gvtmem_tier2_test_acts[i].pages;
	return pages;
}

static unsigned int gvtmem_tier2_test_plan(enum gvtmem_tier2_policy p,
					   unsigned int pct, unsigned long limit,
					   struct gvtmem_tier2_node *n)
{
	return gvtmem_tier2_plan(p, pct, GVTMEM_TIER2_AHEAD, limit, n, 3,
				 gvtmem_tier2_test_acts,
				 ARRAY_SIZE(gvtmem_tier2_test_acts));
}

static void gvtmem_tier2_test_greedy_local(struct kunit *test)
{
	struct gvtmem_tier2_node n[3];

	gvtmem_tier2_test_cluster(n);
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_GREEDY_LOCAL,
							 10, 0, n));
}

/* greedy-remote: what was refused, in whole blocks; one block: the richest donor. */
static void gvtmem_tier2_test_greedy_remote(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[3];

	gvtmem_tier2_test_cluster(n);
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_tier2_test_plan(GVTMEM_TIER2_GREEDY_REMOTE,
							 10, 0, n));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_TIER2_GRANT, (int)a[0].kind);
	KUNIT_EXPECT_EQ(test, 1U, a[0].donor);
	KUNIT_EXPECT_EQ(test, 0U, a[0].borrower);
	KUNIT_EXPECT_EQ(test, U, a[0].pages);
	KUNIT_EXPECT_EQ(test, 7 * U, n[1].lendable);

	/* idle borrowers keep what they have */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[0].borrowed = 4 * U;
	n[0].used = 0;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_GREEDY_REMOTE,
							 10, 0, n));
}

/* TTM: P% of owned; spread over donors when one cannot give it all. */
static void gvtmem_tier2_test_ttm(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[3];

	gvtmem_tier2_test_cluster(n);
	KUNIT_ASSERT_EQ(test, 2U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 100, 0, n));
	KUNIT_EXPECT_EQ(test, 1U, a[0].donor);
	KUNIT_EXPECT_EQ(test, 8 * U, a[0].pages);
	KUNIT_EXPECT_EQ(test, 2U, a[1].donor);
	KUNIT_EXPECT_EQ(test, 2 * U, a[1].pages);

	gvtmem_tier2_test_cluster(n);
	KUNIT_EXPECT_EQ(test, 3 * U,	/* 30% of 10 U */
			gvtmem_tier2_test_granted(gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM,
									 30, 0, n), 0));

	/* release: no refusals and more than 2P% free: P% of owned back */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[0].borrowed = 6 * U;
	n[0].used = 2 * U;
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 30, 0, n));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_TIER2_RETURN, (int)a[0].kind);
	KUNIT_EXPECT_EQ(test, 0U, a[0].borrower);
	KUNIT_EXPECT_EQ(test, 3 * U, a[0].pages);
	/* not more than it borrowed */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[0].borrowed = U;
	n[0].used = 0;
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 30, 0, n));
	KUNIT_EXPECT_EQ(test, U, a[0].pages);
}

/* adaptive: at least the larger ask; takes back idle memory only under need. */
static void gvtmem_tier2_test_adaptive(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[3];

	gvtmem_tier2_test_cluster(n);
	n[0].failed = 5 * U;	/* more than 10% of 10 U */
	KUNIT_EXPECT_EQ(test, 5 * U,
			gvtmem_tier2_test_granted(gvtmem_tier2_test_plan(GVTMEM_TIER2_ADAPTIVE,
									 10, 0, n), 0));
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 1;
	KUNIT_EXPECT_EQ(test, 3 * U,
			gvtmem_tier2_test_granted(gvtmem_tier2_test_plan(GVTMEM_TIER2_ADAPTIVE,
									 30, 0, n), 0));

	/* node 2 idle with borrowed memory, nobody else needs it: kept */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[2].borrowed = 2 * U;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_ADAPTIVE,
							 10, 0, n));
	/* node 0 hungry beyond what donors have: node 2's idle memory goes back */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 20 * U;
	n[2].borrowed = 2 * U;
	KUNIT_ASSERT_EQ(test, 3U, gvtmem_tier2_test_plan(GVTMEM_TIER2_ADAPTIVE,
							 10, 0, n));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_TIER2_RETURN, (int)a[2].kind);
	KUNIT_EXPECT_EQ(test, 2U, a[2].borrower);
	KUNIT_EXPECT_EQ(test, 2 * U, a[2].pages);
}

/* Mem-Limit caps what a node may own; inactive and busy nodes are skipped. */
static void gvtmem_tier2_test_limits(struct kunit *test)
{
	struct gvtmem_tier2_node n[3];

	gvtmem_tier2_test_cluster(n);
	KUNIT_EXPECT_EQ(test, 2 * U,
			gvtmem_tier2_test_granted(gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM,
									 100, 12 * U, n), 0));
	gvtmem_tier2_test_cluster(n);
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 100,
							 10 * U, n));
	gvtmem_tier2_test_cluster(n);
	n[0].busy = true;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 10, 0, n));
	gvtmem_tier2_test_cluster(n);
	n[1].active = false;
	n[2].active = false;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 10, 0, n));
	/* no percent, unknown policy: nothing */
	gvtmem_tier2_test_cluster(n);
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_TTM, 0, 0, n));
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_test_plan(GVTMEM_TIER2_NR_POLICIES,
							 10, 0, n));
}

/*
 * Grants are spread: each donor gives an equal share or all it has, one
 * Grant-Any per donor, and nothing beyond what each can lend.
 */
static void gvtmem_tier2_test_spread(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[4];
	unsigned int nr, i;

	memset(n, 0, sizeof(n));
	n[0] = (struct gvtmem_tier2_node){ .active = true, .owned = 10 * U,
					   .used = 10 * U, .failed = 9 * U };
	for (i = 1; i < 4; i++)
		n[i] = (struct gvtmem_tier2_node){ .active = true,
						   .owned = 4 * U,
						   .lendable = 10 * U };
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 4, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	KUNIT_ASSERT_EQ(test, 3U, nr);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, i + 1, a[i].donor);
		KUNIT_EXPECT_EQ(test, 3 * U, a[i].pages);
		KUNIT_EXPECT_EQ(test, 7 * U, n[i + 1].lendable);
	}

	/* one donor short: the others make up the difference */
	n[0].failed = 9 * U;
	n[1].lendable = U;
	n[2].lendable = 14 * U;
	n[3].lendable = 14 * U;
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 4, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	KUNIT_ASSERT_EQ(test, 3U, nr);
	KUNIT_EXPECT_EQ(test, U, a[0].pages);
	KUNIT_EXPECT_EQ(test, 4 * U, a[1].pages);
	KUNIT_EXPECT_EQ(test, 4 * U, a[2].pages);
	KUNIT_EXPECT_EQ(test, 0UL, n[1].lendable);
}

/*
 * One round gives a node at most an equal share of what the others can
 * lend: a huge ask (retried refusals) leaves every donor room for the
 * rest, who are served from several donors in the next rounds.
 */
static void gvtmem_tier2_test_fair_round(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[4];
	unsigned int nr, i;

	memset(n, 0, sizeof(n));
	for (i = 0; i < 4; i++)
		n[i] = (struct gvtmem_tier2_node){ .active = true,
						   .owned = 2 * U,
						   .used = 2 * U,
						   .lendable = 40 * U };
	n[0].failed = 100 * U;
	n[0].grown = 30 * U;
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 4, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	/* the others lend 120 U among 3 possible borrowers: 40 U, 3 donors */
	KUNIT_EXPECT_EQ(test, 40 * U, gvtmem_tier2_test_granted(nr, 0));
	KUNIT_EXPECT_EQ(test, 3U, nr);
	for (i = 1; i < 4; i++)
		KUNIT_EXPECT_GE(test, n[i].lendable, 26 * U);

	/* next round, node 1 starts: it too gets room on two donors or more */
	n[0].failed = 0;
	n[0].grown = 0;
	n[0].lendable = 40 * U;
	n[1].failed = 4 * U;
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 4, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	KUNIT_EXPECT_EQ(test, 4 * U, gvtmem_tier2_test_granted(nr, 1));
	KUNIT_EXPECT_GE(test, nr, 2U);

	/* a lone pair: the one donor's whole free memory is the share */
	memset(n, 0, sizeof(n));
	n[0] = (struct gvtmem_tier2_node){ .active = true, .owned = 2 * U,
					   .used = 2 * U, .failed = 100 * U };
	n[1] = (struct gvtmem_tier2_node){ .active = true, .lendable = 8 * U };
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 2, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	KUNIT_EXPECT_EQ(test, 8 * U, gvtmem_tier2_test_granted(nr, 0));
}

/* A large cluster: an ask goes to the three richest donors, not to all. */
static void gvtmem_tier2_test_spread_bounded(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[8];
	unsigned int nr, i;

	memset(n, 0, sizeof(n));
	n[0] = (struct gvtmem_tier2_node){ .active = true, .owned = 10 * U,
					   .used = 10 * U, .failed = 6 * U };
	for (i = 1; i < 8; i++)
		n[i] = (struct gvtmem_tier2_node){ .active = true,
						   .owned = 4 * U,
						   .lendable = (i == 5 ? 20 : 10) * U };
	nr = gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE, 10, GVTMEM_TIER2_AHEAD, 0, n, 8, a,
			       ARRAY_SIZE(gvtmem_tier2_test_acts));
	KUNIT_ASSERT_EQ(test, (unsigned int)GVTMEM_TIER2_SPREAD, nr);
	/* node 5 (richest), then nodes 1 and 2 (first of the equals) */
	KUNIT_EXPECT_EQ(test, 1U, a[0].donor);
	KUNIT_EXPECT_EQ(test, 2U, a[1].donor);
	KUNIT_EXPECT_EQ(test, 5U, a[2].donor);
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ(test, 2 * U, a[i].pages);
}

/*
 * Grant ahead: a node with no refusals whose free pages will not last
 * `ahead` rounds at its growth asks for the shortfall; off (0), it does
 * not; a node with enough room, or not growing, asks nothing and may
 * give back; a short node gives nothing back.
 */
static void gvtmem_tier2_test_ahead(struct kunit *test)
{
	struct gvtmem_tier2_action *a = gvtmem_tier2_test_acts;
	struct gvtmem_tier2_node n[3];

	/* 1 U free, growing 1 U a round: 3 rounds need 3 U, 2 U short */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[0].used = 9 * U;
	n[0].grown = U;
	KUNIT_EXPECT_EQ(test, 2 * U,
			gvtmem_tier2_test_granted(gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE,
								    10, 3, 0, n, 3, a,
								    ARRAY_SIZE(gvtmem_tier2_test_acts)),
						  0));

	/* refusals and shortfall add up: 300 pages + 2 U, in whole units */
	gvtmem_tier2_test_cluster(n);
	n[0].used = 9 * U;
	n[0].grown = U;
	KUNIT_EXPECT_EQ(test, 3 * U,
			gvtmem_tier2_test_granted(gvtmem_tier2_plan(GVTMEM_TIER2_ADAPTIVE,
								    10, 3, 0, n, 3, a,
								    ARRAY_SIZE(gvtmem_tier2_test_acts)),
						  0));

	/* off: only refusals count */
	gvtmem_tier2_test_cluster(n);
	n[0].failed = 0;
	n[0].used = 9 * U;
	n[0].grown = U;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE,
						     10, 0, 0, n, 3, a,
						     ARRAY_SIZE(gvtmem_tier2_test_acts)));

	/* room for 3 rounds (exactly): nothing asked */
	n[0].used = 7 * U;
	KUNIT_EXPECT_EQ(test, 0U, gvtmem_tier2_plan(GVTMEM_TIER2_GREEDY_REMOTE,
						     10, 3, 0, n, 3, a,
						     ARRAY_SIZE(gvtmem_tier2_test_acts)));

	/* ttm: a short node gets P%, and does not give back what it borrowed */
	n[0].used = 9 * U;
	n[0].borrowed = 4 * U;
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_tier2_plan(GVTMEM_TIER2_TTM, 10, 3, 0,
						     n, 3, a,
						     ARRAY_SIZE(gvtmem_tier2_test_acts)));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_TIER2_GRANT, (int)a[0].kind);
	KUNIT_EXPECT_EQ(test, U, a[0].pages);

	/* the same node, not growing and mostly free: ttm takes P% back */
	n[0].used = 0;
	n[0].grown = 0;
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_tier2_plan(GVTMEM_TIER2_TTM, 10, 3, 0,
						     n, 3, a,
						     ARRAY_SIZE(gvtmem_tier2_test_acts)));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_TIER2_RETURN, (int)a[0].kind);
}

static struct kunit_case gvtmem_tier2_test_cases[] = {
	KUNIT_CASE(gvtmem_tier2_test_greedy_local),
	KUNIT_CASE(gvtmem_tier2_test_greedy_remote),
	KUNIT_CASE(gvtmem_tier2_test_ttm),
	KUNIT_CASE(gvtmem_tier2_test_adaptive),
	KUNIT_CASE(gvtmem_tier2_test_limits),
	KUNIT_CASE(gvtmem_tier2_test_spread),
	KUNIT_CASE(gvtmem_tier2_test_spread_bounded),
	KUNIT_CASE(gvtmem_tier2_test_fair_round),
	KUNIT_CASE(gvtmem_tier2_test_ahead),
	{}
};

static struct kunit_suite gvtmem_tier2_test_suite = {
	.name = "gvtmem_tier2",
	.test_cases = gvtmem_tier2_test_cases,
};
kunit_test_suites(&gvtmem_tier2_test_suite);

MODULE_LICENSE("GPL");
