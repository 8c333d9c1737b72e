// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_election: the election rules on simulated clusters.
 * A cluster here is an array of elections delivering each other's
 * messages at once; time is explicit.
 */
#include "election.c"

#include <kunit/test.h>

#define N 3

struct gvtmem_sim {
	struct gvtmem_election e[N + 1];	/* ids 1..N */
	bool dead[N + 1];
	u64 now;
};

static void gvtmem_sim_init(struct gvtmem_sim *s)
{
	u32 i;

	memset(s, 0, sizeof(*s));
	for (i = 1; i <= N; i++)
		gvtmem_elect_init(&s->e[i], i, N, 0, i * 300);
}

/*
 * Candidate c asks every live node (pre-vote, then for real if that went
 * well); the answers come back at once.
 */
static void gvtmem_sim_campaign(struct gvtmem_sim *s, u32 c, bool pre)
{
	enum gvtmem_elect_action act = GVTMEM_ELECT_NONE;
	u64 term = s->e[c].term + (pre ? 1 : 0);
	u32 i;

	for (i = 1; i <= N && act == GVTMEM_ELECT_NONE; i++) {
		bool granted;

		if (i == c || s->dead[i])
			continue;
		granted = gvtmem_elect_on_vote_req(&s->e[i], c, term,
						   s->e[c].table_epoch, pre,
						   s->now, 0);
		act = gvtmem_elect_on_vote(&s->e[c], i, pre ? term : s->e[i].term,
					   granted, pre, s->now, 0);
	}
	if (act == GVTMEM_ELECT_START)
		gvtmem_sim_campaign(s, c, false);
}

static void gvtmem_sim_heartbeats(struct gvtmem_sim *s)
{
	u32 m, i;

	for (m = 1; m <= N; m++) {
		if (s->dead[m] || s->e[m].role != GVTMEM_MASTER)
			continue;
		for (i = 1; i <= N; i++)
			if (i != m && !s->dead[i] &&
			    !gvtmem_elect_on_heartbeat(&s->e[i], m, s->e[m].term,
						       s->now, 0))
				s->e[i].table_epoch = s->e[m].term;
	}
}

/* Advance to t in 100 ms ticks; every live node ticks, campaigns, beats. */
static void gvtmem_sim_run(struct gvtmem_sim *s, u64 t)
{
	u32 i;

	for (; s->now < t; s->now += 100) {
		for (i = 1; i <= N; i++) {
			if (s->dead[i])
				continue;
			if (gvtmem_elect_tick(&s->e[i], s->now, i * 100, true,
					      N) == GVTMEM_ELECT_PREVOTE)
				gvtmem_sim_campaign(s, i, true);
		}
		gvtmem_sim_heartbeats(s);
	}
}

static unsigned int gvtmem_sim_masters(struct gvtmem_sim *s, u32 *who)
{
	unsigned int n = 0;
	u32 i;

	for (i = 1; i <= N; i++)
		if (!s->dead[i] && s->e[i].role == GVTMEM_MASTER) {
			n++;
			*who = i;
		}
	return n;
}

static void gvtmem_election_test_majority(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1U, gvtmem_majority(1));
	KUNIT_EXPECT_EQ(test, 2U, gvtmem_majority(2));
	KUNIT_EXPECT_EQ(test, 2U, gvtmem_majority(3));
	KUNIT_EXPECT_EQ(test, 3U, gvtmem_majority(4));
	KUNIT_EXPECT_EQ(test, 129U, gvtmem_majority(256));
}

/* From cold, one master, and everybody agrees on it and on the term. */
static void gvtmem_election_test_cold_start(struct kunit *test)
{
	struct gvtmem_sim *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u32 m = 0, i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	gvtmem_sim_init(s);
	gvtmem_sim_run(s, 5000);
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_sim_masters(s, &m));
	for (i = 1; i <= N; i++) {
		KUNIT_EXPECT_EQ(test, (int)m, s->e[i].master);
		KUNIT_EXPECT_EQ(test, s->e[m].term, s->e[i].term);
	}
}

/* The master dies: a new one within two leases, with a higher term. */
static void gvtmem_election_test_master_dies(struct kunit *test)
{
	struct gvtmem_sim *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u32 m = 0, m2 = 0, i;
	u64 t0, term;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	gvtmem_sim_init(s);
	gvtmem_sim_run(s, 5000);
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_sim_masters(s, &m));
	term = s->e[m].term;
	s->dead[m] = true;
	t0 = s->now;
	while (!gvtmem_sim_masters(s, &m2) && s->now < t0 + 10000)
		gvtmem_sim_run(s, s->now + 100);
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_sim_masters(s, &m2));
	KUNIT_EXPECT_NE(test, m, m2);
	KUNIT_EXPECT_LE(test, s->now - t0, (u64)2 * GVTMEM_LEASE_MS);
	KUNIT_EXPECT_GT(test, s->e[m2].term, term);
	gvtmem_sim_run(s, s->now + 1000);
	for (i = 1; i <= N; i++)
		if (!s->dead[i])
			KUNIT_EXPECT_EQ(test, (int)m2, s->e[i].master);
}

/* One vote per term: a node that voted refuses a second candidate. */
static void gvtmem_election_test_one_vote(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 0, false, 10000, 0));
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 3, 5, 0, false, 10000, 0));
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 0, false, 10000, 0));
	/* an older term is refused, a newer one frees the vote */
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 3, 4, 0, false, 10000, 0));
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 3, 6, 0, false, 10000, 0));
}

/* Pre-votes change nothing; a stale node table gets no vote at all. */
static void gvtmem_election_test_prevote(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	e.term = 4;
	e.table_epoch = 4;
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 4, true, 10000, 0));
	KUNIT_EXPECT_EQ(test, 4ULL, e.term);
	KUNIT_EXPECT_EQ(test, GVTMEM_NO_NODE, e.voted_for);
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 3, true, 10000, 0));
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 3, false, 10000, 0));
	KUNIT_EXPECT_EQ(test, 4ULL, e.term);
	/* a working master says no to pre-votes */
	e.role = GVTMEM_MASTER;
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 2, 5, 4, true, 10000, 0));

	/* a pre-candidate stands only with a majority of pre-votes */
	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&e, 5000, 0, true, 3));
	KUNIT_EXPECT_EQ(test, 0ULL, e.term);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_on_vote(&e, 2, 1, false, true, 5000, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_on_vote(&e, 2, 7, true, true, 5000, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_START,
			(int)gvtmem_elect_on_vote(&e, 3, 1, true, true, 5000, 0));
	KUNIT_EXPECT_EQ(test, 1ULL, e.term);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_CANDIDATE, (int)e.role);
}

/* A node cut off from the others cannot inflate its epoch. */
static void gvtmem_election_test_isolated(struct kunit *test)
{
	struct gvtmem_sim *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u32 m = 0, x;
	u64 term;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	gvtmem_sim_init(s);
	gvtmem_sim_run(s, 5000);
	KUNIT_ASSERT_EQ(test, 1U, gvtmem_sim_masters(s, &m));
	term = s->e[m].term;
	x = m % N + 1;
	/* the isolated node only ticks; nobody answers it */
	for (; s->now < 30000; s->now += 100)
		gvtmem_elect_tick(&s->e[x], s->now, 0, true, 1);
	KUNIT_EXPECT_EQ(test, term, s->e[x].term);
}

/* A live master's lease: followers do not vote it out. */
static void gvtmem_election_test_lease(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_elect_on_heartbeat(&e, 2, 7, 1000, 0));
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 3, 8, 0, false,
							  1000 + GVTMEM_LEASE_MS - 1, 0));
	KUNIT_EXPECT_EQ(test, 7ULL, e.term);
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 3, 8, 0, false,
							 1000 + GVTMEM_LEASE_MS, 0));
	KUNIT_EXPECT_EQ(test, 8ULL, e.term);
}

/*
 * A longer lease set after init (cluster/lease_ms) holds the vote back
 * that long, and the next election deadline moves with it.
 */
static void gvtmem_election_test_long_lease(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	e.lease_ms = 8000;
	KUNIT_EXPECT_EQ(test, 0, gvtmem_elect_on_heartbeat(&e, 2, 7, 1000, 0));
	KUNIT_EXPECT_EQ(test, 9000ULL, e.deadline);
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 3, 8, 0, false,
							  1000 + GVTMEM_LEASE_MS, 0));
	KUNIT_EXPECT_FALSE(test, gvtmem_elect_on_vote_req(&e, 3, 8, 0, false,
							  8999, 0));
	KUNIT_EXPECT_EQ(test, 7ULL, e.term);
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&e, 3, 8, 0, false,
							 9000, 0));
}

/* Terms fence: a stale master's heartbeat is refused, a newer one deposes. */
static void gvtmem_election_test_fencing(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_elect_on_heartbeat(&e, 2, 9, 100, 0));
	KUNIT_EXPECT_EQ(test, -ESTALE, gvtmem_elect_on_heartbeat(&e, 3, 8, 200, 0));
	KUNIT_EXPECT_EQ(test, 2, e.master);

	/* a master that hears of a newer term steps down */
	e.role = GVTMEM_MASTER;
	e.master = 1;
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_observe_term(&e, 10));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FOLLOWER, (int)e.role);
	KUNIT_EXPECT_EQ(test, GVTMEM_NO_NODE, e.master);
}

/* A master out of touch with a majority steps down; alone it cannot win. */
static void gvtmem_election_test_minority(struct kunit *test)
{
	struct gvtmem_election e;

	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&e, 5000, 0, true, 1));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_START,
			(int)gvtmem_elect_on_vote(&e, 2, 1, true, true, 5000, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_on_vote(&e, 2, e.term, false, false, 5000, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_CANDIDATE, (int)e.role);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_WON,
			(int)gvtmem_elect_on_vote(&e, 2, e.term, true, false, 5000, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_MASTER, (int)e.role);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_tick(&e, 5100, 0, true, 2));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_STEP_DOWN,
			(int)gvtmem_elect_tick(&e, 5200, 0, true, 1));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FOLLOWER, (int)e.role);

	/* a node that may not stand never does; a single node elects itself */
	gvtmem_elect_init(&e, 1, 3, 0, 0);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_tick(&e, 99999, 0, false, 3));
	gvtmem_elect_init(&e, 4, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_WON,
			(int)gvtmem_elect_tick(&e, 99999, 0, true, 1));
	KUNIT_EXPECT_EQ(test, 4, e.master);
}

/*
 * Nodes 1 and 2 lose the master (3) at the same moment and ask for
 * pre-votes at once. Node 2 steps back for the lower id, so node 1 is the
 * only one to stand and wins: no split vote.
 */
static void gvtmem_election_test_simultaneous(struct kunit *test)
{
	struct gvtmem_election a, b;
	u64 t = 10000;

	gvtmem_elect_init(&a, 1, 3, 0, 0);
	gvtmem_elect_init(&b, 2, 3, 0, 0);
	KUNIT_ASSERT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&a, t, 0, true, 2));
	KUNIT_ASSERT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&b, t, 0, true, 2));
	/* the requests cross */
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&b, 1, 1, 0, true, t, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_FOLLOWER, (int)b.role);
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&a, 2, 1, 0, true, t, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_PRECANDIDATE, (int)a.role);
	/* then the answers: only node 1 still counts pre-votes */
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_on_vote(&b, 1, 1, true, true, t, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_START,
			(int)gvtmem_elect_on_vote(&a, 2, 1, true, true, t, 0));
	KUNIT_EXPECT_TRUE(test, gvtmem_elect_on_vote_req(&b, 1, a.term, 0, false, t, 0));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_WON,
			(int)gvtmem_elect_on_vote(&a, 2, b.term, true, false, t, 0));
	KUNIT_EXPECT_EQ(test, 1ULL, b.term);
}

/*
 * Should a vote split anyway (two candidates in one epoch, each with only
 * its own vote), the next try comes within GVTMEM_RETRY_MS plus half the
 * jitter, not a lease later.
 */
static void gvtmem_election_test_split_retry(struct kunit *test)
{
	u32 jitter = GVTMEM_LEASE_MS / 2 - 1;
	struct gvtmem_election a;
	u64 t = 10000;

	gvtmem_elect_init(&a, 1, 3, 0, 0);
	KUNIT_ASSERT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&a, t, jitter, true, 2));
	KUNIT_ASSERT_EQ(test, (int)GVTMEM_ELECT_START,
			(int)gvtmem_elect_on_vote(&a, 2, 1, true, true, t, jitter));
	/* node 2 voted for itself: its answer is no */
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_on_vote(&a, 2, 1, false, false, t, jitter));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_NONE,
			(int)gvtmem_elect_tick(&a, t + GVTMEM_RETRY_MS - 1, 0, true, 2));
	KUNIT_EXPECT_EQ(test, (int)GVTMEM_ELECT_PREVOTE,
			(int)gvtmem_elect_tick(&a, t + GVTMEM_RETRY_MS + jitter / 2,
					       0, true, 2));
	KUNIT_EXPECT_LT(test, (u32)GVTMEM_RETRY_MS + jitter / 2, (u32)GVTMEM_LEASE_MS);
}

static struct kunit_case gvtmem_election_test_cases[] = {
	KUNIT_CASE(gvtmem_election_test_majority),
	KUNIT_CASE(gvtmem_election_test_cold_start),
	KUNIT_CASE(gvtmem_election_test_master_dies),
	KUNIT_CASE(gvtmem_election_test_one_vote),
	KUNIT_CASE(gvtmem_election_test_prevote),
	KUNIT_CASE(gvtmem_election_test_isolated),
	KUNIT_CASE(gvtmem_election_test_lease),
	KUNIT_CASE(gvtmem_election_test_long_lease),
	KUNIT_CASE(gvtmem_election_test_fencing),
	KUNIT_CASE(gvtmem_election_test_minority),
	KUNIT_CASE(gvtmem_election_test_simultaneous),
	KUNIT_CASE(gvtmem_election_test_split_retry),
	{}
};

static struct kunit_suite gvtmem_election_test_suite = {
	.name = "gvtmem_election",
	.test_cases = gvtmem_election_test_cases,
};
kunit_test_suites(&gvtmem_election_test_suite);

MODULE_LICENSE("GPL");
