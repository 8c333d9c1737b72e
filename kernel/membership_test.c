// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_membership: every (state, event) pair of the node
 * state machine, allowed or forbidden, against the protocol's rules, and
 * the paths of a join, a clean leave and a failure.
 */
#include "membership.c"

#include <kunit/test.h>

#define A GVTMEM_NODE_ACTIVE
#define I GVTMEM_NODE_INACTIVE
#define R GVTMEM_NODE_RECOVERY
#define L GVTMEM_NODE_LEAVING
#define X (-EINVAL)

/* Written out independently of the table in membership.c. */
static const int gvtmem_membership_expect[GVTMEM_NODE_NR_STATES][GVTMEM_EV_NR] = {
	/*           register leave_req leave_done lease_missed fenced */
	[I] = {	A,       X,        X,         X,           X },
	[A] = {	A,       L,        X,         R,           X },
	[R] = {	A,       X,        X,         X,           I },
	[L] = {	X,       L,        I,         R,           X },
};

static void gvtmem_membership_test_every_pair(struct kunit *test)
{
	unsigned int s, ev;

	for (s = 0; s < GVTMEM_NODE_NR_STATES; s++)
		for (ev = 0; ev < GVTMEM_EV_NR; ev++)
			KUNIT_EXPECT_EQ_MSG(test, gvtmem_membership_expect[s][ev],
					    gvtmem_node_next(s, ev), "%s + %s",
					    gvtmem_node_state_names[s],
					    gvtmem_node_event_names[ev]);
}

static void gvtmem_membership_test_out_of_range(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_node_next(GVTMEM_NODE_NR_STATES, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_node_next(A, GVTMEM_EV_NR));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_node_next(-1, 0));
}

/* The paper's life of a node: join, leave cleanly; join, fail, rejoin. */
static void gvtmem_membership_test_paths(struct kunit *test)
{
	int s = I;

	s = gvtmem_node_next(s, GVTMEM_EV_REGISTER);
	KUNIT_EXPECT_EQ(test, A, s);
	s = gvtmem_node_next(s, GVTMEM_EV_LEAVE_REQ);
	KUNIT_EXPECT_EQ(test, L, s);
	s = gvtmem_node_next(s, GVTMEM_EV_LEAVE_DONE);
	KUNIT_EXPECT_EQ(test, I, s);

	s = gvtmem_node_next(s, GVTMEM_EV_REGISTER);
	s = gvtmem_node_next(s, GVTMEM_EV_LEASE_MISSED);
	KUNIT_EXPECT_EQ(test, R, s);
	/* Back within the lease (only slow): Active again. */
	KUNIT_EXPECT_EQ(test, A, gvtmem_node_next(s, GVTMEM_EV_REGISTER));
	/* Not back in time: fenced, then it registers as a new node. */
	s = gvtmem_node_next(s, GVTMEM_EV_FENCED);
	KUNIT_EXPECT_EQ(test, I, s);
	KUNIT_EXPECT_EQ(test, A, gvtmem_node_next(s, GVTMEM_EV_REGISTER));
}

static struct kunit_case gvtmem_membership_test_cases[] = {
	KUNIT_CASE(gvtmem_membership_test_every_pair),
	KUNIT_CASE(gvtmem_membership_test_out_of_range),
	KUNIT_CASE(gvtmem_membership_test_paths),
	{}
};

static struct kunit_suite gvtmem_membership_test_suite = {
	.name = "gvtmem_membership",
	.test_cases = gvtmem_membership_test_cases,
};
kunit_test_suites(&gvtmem_membership_test_suite);

MODULE_LICENSE("GPL");
