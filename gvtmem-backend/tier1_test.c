// SPDX-License-Identifier: GPL-2.0
/* KUnit suite gvtmem_tier1: the tier-1 split of capacity among clients. */
#include "tier1.c"

#include <kunit/test.h>

struct gvtmem_tier1_case {
	const char *name;
	enum gvtmem_tier1_policy policy;
	unsigned long capacity;
	unsigned int n;
	struct gvtmem_tier1_demand d[4];
	unsigned long want[4];
};

static const struct gvtmem_tier1_case gvtmem_tier1_cases[] = {
	{ "greedy caps nobody", GVTMEM_TIER1_GREEDY, 1000, 2,
	  { { 900, 5 }, { 0, 3 } }, { 1000, 1000 } },
	{ "two hungry split evenly", GVTMEM_TIER1_FAIR, 1000, 2,
	  { { 900, 5 }, { 100, 3 } }, { 500, 500 } },
	{ "odd capacity: remainder to the first", GVTMEM_TIER1_FAIR, 1001, 2,
	  { { 0, 1 }, { 0, 1 } }, { 501, 500 } },
	{ "small user keeps use plus slack", GVTMEM_TIER1_FAIR, 4096, 2,
	  { { 100, 0 }, { 3000, 9 } }, { 356, 3740 } },
	{ "large satisfied user gets an eighth more", GVTMEM_TIER1_FAIR, 10000, 2,
	  { { 2048, 0 }, { 10, 1 } }, { 2304, 7696 } },
	{ "three hungry, one idle", GVTMEM_TIER1_FAIR, 3000, 4,
	  { { 0, 1 }, { 0, 1 }, { 0, 1 }, { 0, 0 } }, { 1000, 1000, 1000, 0 } },
	{ "what nobody wants goes to the active", GVTMEM_TIER1_FAIR, 10000, 3,
	  { { 1000, 0 }, { 0, 0 }, { 2000, 0 } }, { 4500, 0, 5500 } },
	{ "over-subscribed satisfied users share equally", GVTMEM_TIER1_FAIR, 600, 2,
	  { { 800, 0 }, { 800, 0 } }, { 300, 300 } },
	{ "all idle: each may use a share", GVTMEM_TIER1_FAIR, 1000, 2,
	  { { 0, 0 }, { 0, 0 } }, { 500, 500 } },
};

/* Every row of the table; a failure names its row. */
static void gvtmem_tier1_test_limits(struct kunit *test)
{
	unsigned long limit[4], sum;
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(gvtmem_tier1_cases); j++) {
		const struct gvtmem_tier1_case *c = &gvtmem_tier1_cases[j];

		gvtmem_tier1_limits(c->policy, c->capacity, c->n, c->d, limit);
		sum = 0;
		for (i = 0; i < c->n; i++) {
			KUNIT_EXPECT_EQ_MSG(test, c->want[i], limit[i],
					    "%s: client %u", c->name, i);
			sum += limit[i];
		}
		if (c->policy == GVTMEM_TIER1_FAIR)
			KUNIT_EXPECT_LE_MSG(test, sum, c->capacity, "%s", c->name);
	}
}

static struct kunit_case gvtmem_tier1_test_cases[] = {
	KUNIT_CASE(gvtmem_tier1_test_limits),
	{}
};

static struct kunit_suite gvtmem_tier1_test_suite = {
	.name = "gvtmem_tier1",
	.test_cases = gvtmem_tier1_test_cases,
};
kunit_test_suites(&gvtmem_tier1_test_suite);

MODULE_LICENSE("GPL");
