// SPDX-License-Identifier: GPL-2.0
/*
 * scale-sim: the tier-2 policies and the master's round at 8 to 1024
 * nodes, in user space. kernel/tier2.c and kernel/membership.c are built
 * unmodified (include/ here, then tests/fuzz/include, stand in for the
 * kernel headers; run.sh has the command); this file plays, one
 * simulated second per round, what kernel/manager.c does as master
 * (gvtmem_mgr_tier2, gvtmem_mgr_check_nodes and the handlers of the
 * orders it sends) and what every node's lend.c, remote zones and
 * Statistics would do. README.md in this directory has the model.
 *
 *   scale-sim [-n N,N,...] [-p POLICY,...] [-r ROUNDS] [-s SEED] [-P PCT]
 *             [-C] [-q] [-o FILE]
 *
 * -n  cluster sizes (default 8,16,32,64,128,256,512,1024)
 * -p  policies (default greedy-local,greedy-remote,ttm,adaptive)
 * -r  rounds (simulated seconds) per run (default 600)
 * -s  seed of the synthetic demand (default 1)
 * -P  the cluster's percent, TTM's P, also used by adaptive (default 2)
 * -C  no churn (by default one node leaves and rejoins, one fails and
 *     comes back, in every run)
 * -q  quick: sizes up to 64, 120 rounds
 * -o  also write the figures as JSON to FILE
 * -X  test only: one donor grants one block it has already lent; the
 *     run must then exit 1 naming the block and its two holders
 *
 * Prints one line per (policy, N). Exit status: 0; 1 if an invariant
 * failed in some round (a line "invariant violated: ..." says which);
 * 2 for bad arguments or no memory.
 *
 * Messages are counted as manager.c sends them, one per frame on the
 * wire; an order the master sends to itself is handled in place
 * (gvtmem_mgr_send) and is no frame:
 *   Grant-Any     one per GVTMEM_TIER2_GRANT action, master to donor.
 *   Grant-Return  one per GVTMEM_TIER2_RETURN action, master to borrower.
 *   Grant         donor to borrower: one per Grant-Any that found a free
 *                 block (gvtmem_lend_grant sends what it could lend, at
 *                 most GVTMEM_GRANT_MAX_BLOCKS blocks, in one frame).
 *   Grant, return flag  borrower to donor: one per gvtmem_mgr_return_to
 *                 that gave something back (at most 64 blocks each), for
 *                 Grant-Return, Force-Return of a leaving node and the
 *                 leaving node's own return of all it borrowed.
 *   Force-Return  a broadcast: one frame to every configured node but the
 *                 master (N - 1), the node it is about included.
 *   Mem-Limit     a broadcast when the master takes over (counted apart,
 *                 as setup), one to each node that registers.
 *   membership    Register, Leave-Req, Enable-Node (a broadcast) and
 *                 Leave-Notify (a broadcast); in the JSON only.
 * Heartbeats (2 (N - 1) a second) and Statistics (N - 1 a second) are
 * periodic and the same under every policy: not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/kernel.h>

#include "../../../kernel/election.h"
#include "../../../kernel/membership.h"
#include "../../../kernel/tier2.h"

/*
 * Older tier2.h (before 76de14e, run.sh --rev) lacks this: the master's
 * action array then had one entry per node.
 */
#ifndef GVTMEM_TIER2_MAX_ACTIONS
#define GVTMEM_TIER2_MAX_ACTIONS(n)	(n)
#endif

/* As in kernel/manager.h; tests/user/scale-sim.sh checks that they agree. */
#define SIM_TIER2_MS		1000	/* GVTMEM_TIER2_MS: one round */
#define SIM_BUSY_MS		3000	/* GVTMEM_BUSY_MS */
#define SIM_STATS_MS		1000	/* GVTMEM_STATS_MS */
#define SIM_LEAVE_TIMEOUT_MS	30000	/* GVTMEM_LEAVE_TIMEOUT_MS */

#define SIM_BLOCK	GVTMEM_BLOCK_PAGES	/* pages in a lent block */
#define SIM_GIB		(1UL << 18)		/* 4 KiB pages in a GiB */
#define SIM_MASTER	0			/* node 0 is master */
#define SIM_ANY		UINT32_MAX		/* return_all: every donor */
#define SIM_MAX_N	65536

enum sim_msg {
	SIM_GRANT_ANY,		/* master to donor */
	SIM_GRANT_RETURN,	/* master to borrower */
	SIM_FORCE_RETURN,	/* master to all */
	SIM_MEM_LIMIT,		/* master to a node */
	SIM_GRANT,		/* donor to borrower: blocks */
	SIM_GRANT_BACK,		/* borrower to donor: Grant, return flag */
	SIM_MEMBERSHIP,		/* Register, Leave-Req, Enable-Node, -Notify */
	SIM_NR_MSGS,
};

static const char * const sim_msg_names[SIM_NR_MSGS] = {
	"grant_any", "grant_return", "force_return", "mem_limit", "grant",
	"grant_back", "membership",
};

enum sim_kind {
	SIM_IDLE,		/* a small, flat demand: mostly lends */
	SIM_STEADY,		/* about its local zone, a little noise */
	SIM_BURSTY,		/* ramps up, holds, ramps down, rests */
	SIM_RISE,		/* low, then ramps up at mid-run */
	SIM_FALL,		/* high, then releases at mid-run */
	SIM_NR_KINDS,
};

static const char * const sim_kind_names[SIM_NR_KINDS] = {
	"idle", "steady", "bursty", "rise", "fall",
};

struct sim_node {
	/* The node: its memory, its demand, its counters. */
	enum sim_kind kind;
	bool up;		/* running: sends Statistics, handles orders */
	bool leave_asked;	/* cluster/leave is 1 */
	bool left;		/* Leave-Notify for it came */
	unsigned long local;	/* pages of its local zone */
	unsigned int pool;	/* blocks set aside to lend (lend_mb) */
	unsigned int first;	/* global id of its first block */
	unsigned int *free;	/* lend.c's free list */
	unsigned int nr_free;
	unsigned int *held;	/* blocks peers granted it: remote zones */
	unsigned int nr_held, max_held;
	unsigned long puts_failed;	/* since it booted */
	double lo, hi, noise;	/* demand, in multiples of local */
	unsigned int period, phase;
	/* The master's row for it (struct gvtmem_mgr_node). */
	bool configured;
	u8 state;
	u64 stats_at, since, busy_until, last_order;
	unsigned long failed_seen;
	struct gvtmem_msg_statistics st;
	/* Accounting, while Active: page-rounds wanted and served. */
	double want, got;
};

/* An order the master posted, delivered after its round. */
struct sim_order {
	u16 type;		/* GVTMEM_MSG_GRANT_ANY or _GRANT_RETURN */
	u32 to;
	struct gvtmem_msg_grant_req m;
};

struct sim {
	enum gvtmem_tier2_policy policy;
	unsigned int n;		/* nodes */
	unsigned int slots;	/* rows of the master's table */
	unsigned int percent, rounds, round;
	u64 seed, now;
	bool churn, break_one, broken;
	struct sim_node *node;
	unsigned int nr_blocks;
	int *owner;		/* per block: the donor's books (-1: free) */
	unsigned int *donor;	/* per block: who lends it */
	int *holder;		/* scratch: who holds it, from borrowers */
	unsigned int *count;	/* scratch, per node */
	unsigned long *given;	/* per donor: pages granted this round */
	struct sim_order *out;
	unsigned int nr_out;
	/* Results. */
	unsigned long msgs[SIM_NR_MSGS];
	unsigned long setup_mem_limit, setup_membership;
	unsigned long planned, granted, returned, revoked;	/* pages */
	unsigned long actions, saturated, hungry;
	/*
	 * Take-backs: rounds with Grant-Return orders, and those of them in
	 * which the donors' free memory (from the round's Statistics) could
	 * have covered every Active node's shortfall (demand over owned).
	 */
	unsigned long excess, lendable, back;	/* this round, pages */
	unsigned long back_rounds, back_rounds_free, back_free;
	u64 *dec_ns, *cpu_ns, *plan_ns;	/* per round */
};

struct sim_result {
	const char *policy;
	unsigned int n, slots, rounds;
	double dec_med, dec_p99, dec_max, plan_med, plan_p99;	/* us */
	double cpu_med, cpu_p99;
	unsigned long msgs[SIM_NR_MSGS], actions, saturated, hungry;
	unsigned long setup_mem_limit, setup_membership;
	double planned, granted, returned, revoked, moved;	/* GiB */
	unsigned long all_msgs, t2_msgs;
	unsigned long back_rounds, back_rounds_free;
	double back_free;				/* GiB */
	double jain, worst, served, by_kind[SIM_NR_KINDS];
	double by_quarter[4];		/* served, by quarter of node ids */
	unsigned int worst_node;
	enum sim_kind worst_kind;
};

/* ---- synthetic demand ---- */

static u64 sim_mix(u64 x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* A number in [0, 1) that depends only on the seed, a and b. */
static double sim_unit(u64 seed, u64 a, u64 b)
{
	return (sim_mix(seed ^ sim_mix(a * 0x100000001B3ULL + b)) >> 11) /
	       9007199254740992.0;
}

/* Second argument of sim_unit for a node's draws (rounds are below). */
enum sim_draw {
	SIM_U_KIND = 1U << 30,
	SIM_U_SIZE,
	SIM_U_POOL,
	SIM_U_LO,
	SIM_U_HI,
	SIM_U_PERIOD,
	SIM_U_PHASE,
	SIM_U_CHURN,
};

static void sim_node_shape(struct sim *s, unsigned int id)
{
	struct sim_node *x = &s->node[id];
	double k = sim_unit(s->seed, id, SIM_U_KIND);
	double lo = sim_unit(s->seed, id, SIM_U_LO);
	double hi = sim_unit(s->seed, id, SIM_U_HI);
	unsigned int blocks;

	x->kind = k < 0.30 ? SIM_IDLE : k < 0.60 ? SIM_STEADY :
		  k < 0.85 ? SIM_BURSTY : k < 0.925 ? SIM_RISE : SIM_FALL;
	/* 1 to 3 GiB of local tmem; 15 to 60% of that again to lend. */
	blocks = 512 + (unsigned int)(1024 * sim_unit(s->seed, id, SIM_U_SIZE));
	x->local = (unsigned long)blocks * SIM_BLOCK;
	x->pool = max(1U, (unsigned int)(blocks * (0.15 + 0.45 *
			  sim_unit(s->seed, id, SIM_U_POOL))));
	x->noise = 0.05;
	x->period = 20 + (unsigned int)(40 * sim_unit(s->seed, id,
						       SIM_U_PERIOD));
	x->phase = (unsigned int)(x->period *
				  sim_unit(s->seed, id, SIM_U_PHASE));
	switch (x->kind) {
	case SIM_IDLE:
		x->lo = 0.1 + 0.2 * lo;
		x->noise = 0.03;
		break;
	case SIM_STEADY:
		x->lo = 0.85 + 0.4 * lo;
		break;
	case SIM_BURSTY:
		x->lo = 0.3;
		x->hi = 1.5 + 1.5 * hi;
		break;
	default:
		x->lo = 0.2;
		x->hi = 1.5 + hi;
		x->phase = (unsigned int)(s->rounds / 10 *
					  sim_unit(s->seed, id, SIM_U_PHASE));
		x->noise = 0.03;
		break;
	}
}

/* Pages node id wants in tmem in round r: a pure function of the seed. */
static unsigned long sim_demand(const struct sim *s, unsigned int id,
				unsigned int r)
{
	const struct sim_node *x = &s->node[id];
	double f = 0, d, noise = 1 + x->noise *
			  (2 * sim_unit(s->seed, id, r) - 1);
	unsigned int t, q, len, start;

	switch (x->kind) {
	case SIM_BURSTY:
		q = x->period / 4;
		t = (r + x->phase) % x->period;
		if (t < q)
			f = (double)t / q;
		else if (t < 2 * q)
			f = 1;
		else if (t < 3 * q)
			f = 1 - (double)(t - 2 * q) / q;
		d = x->lo + (x->hi - x->lo) * f;
		break;
	case SIM_RISE:
	case SIM_FALL:
		len = max(2U, s->rounds / 20);
		start = s->rounds / 2 + x->phase;
		if (r >= start + len)
			f = 1;
		else if (r > start)
			f = (double)(r - start) / len;
		if (x->kind == SIM_FALL)
			f = 1 - f;
		d = x->lo + (x->hi - x->lo) * f;
		break;
	default:
		d = x->lo;
		break;
	}
	return (unsigned long)(d * noise * x->local);
}

/* ---- the books: blocks, who lends them, who holds them ---- */

static unsigned long sim_owned(const struct sim_node *x)
{
	return x->local + (unsigned long)x->nr_held * SIM_BLOCK;
}

static void sim_hold(struct sim *s, unsigned int to, unsigned int b)
{
	struct sim_node *x = &s->node[to];

	if (x->nr_held == x->max_held) {
		unsigned int max = x->max_held ? 2 * x->max_held : 64;
		unsigned int *h = realloc(x->held, max * sizeof(*h));

		if (!h) {
			fprintf(stderr, "scale-sim: out of memory\n");
			exit(2);
		}
		x->held = h;
		x->max_held = max;
	}
	x->held[x->nr_held++] = b;
}

/* Block b is no longer lent: back on its donor's free list if it is up. */
static void sim_unlend(struct sim *s, unsigned int b)
{
	struct sim_node *d = &s->node[s->donor[b]];

	s->owner[b] = -1;
	if (d->up)
		d->free[d->nr_free++] = b;
}

/*
 * gvtmem_mgr_return_to: borrower y gives back up to max blocks of donor
 * d (at most GVTMEM_GRANT_MAX_BLOCKS) in one Grant with the return flag.
 * A donor that is down never hears of it; its blocks come back when the
 * connection resets, which is here and now.
 */
static unsigned int sim_return_to(struct sim *s, unsigned int y,
				  unsigned int d, unsigned int max)
{
	struct sim_node *x = &s->node[y];
	unsigned int i, j, n = 0;

	max = min_t(unsigned int, max, GVTMEM_GRANT_MAX_BLOCKS);
	for (i = x->nr_held, j = x->nr_held; i-- > 0;) {
		unsigned int b = x->held[i];

		if (n < max && s->donor[b] == d) {
			sim_unlend(s, b);
			n++;
			continue;
		}
		x->held[--j] = b;
	}
	if (n) {
		memmove(x->held, x->held + j,
			(x->nr_held - j) * sizeof(*x->held));
		x->nr_held -= n;
		s->msgs[SIM_GRANT_BACK]++;
		s->returned += (unsigned long)n * SIM_BLOCK;
	}
	return n;
}

/* How many blocks y holds of each donor, in s->count (zero it after). */
static void sim_count_by_donor(struct sim *s, unsigned int y)
{
	unsigned int i;

	for (i = 0; i < s->node[y].nr_held; i++)
		s->count[s->donor[s->node[y].held[i]]]++;
}

/*
 * gvtmem_mgr_return_all: y gives back every block of every donor (or of
 * one), GVTMEM_GRANT_MAX_BLOCKS per frame. Every block is idle here.
 */
static void sim_return_all(struct sim *s, unsigned int y, u32 only)
{
	unsigned int d;

	sim_count_by_donor(s, y);
	for (d = 0; d < s->n; d++) {
		if (s->count[d] && (only == SIM_ANY || d == only))
			while (sim_return_to(s, y, d, GVTMEM_GRANT_MAX_BLOCKS))
				;
		s->count[d] = 0;
	}
}

/*
 * A failed node x is fenced (Force-Return while it is in Recovery): every
 * node forgets its zone at x and revokes what it lent x; no frame moves
 * a block.
 */
static void sim_fence(struct sim *s, unsigned int x)
{
	struct sim_node *f = &s->node[x];
	unsigned int y, i, j;

	for (y = 0; y < s->n; y++) {
		struct sim_node *b = &s->node[y];

		if (y == x || !b->up)
			continue;
		for (i = 0, j = 0; i < b->nr_held; i++) {
			if (s->donor[b->held[i]] == x) {
				sim_unlend(s, b->held[i]);
				s->revoked += SIM_BLOCK;
			} else {
				b->held[j++] = b->held[i];
			}
		}
		b->nr_held = j;
	}
	for (i = 0; i < f->nr_held; i++) {
		sim_unlend(s, f->held[i]);
		s->revoked += SIM_BLOCK;
	}
	f->nr_held = 0;
}

/*
 * gvtmem_lend_grant at donor d: up to the pages asked, in whole blocks,
 * at most GVTMEM_GRANT_MAX_BLOCKS, from its free list, in one Grant.
 */
static void sim_lend_grant(struct sim *s, unsigned int d, unsigned int to,
			   u64 pages)
{
	struct sim_node *x = &s->node[d];
	unsigned int want = DIV_ROUND_UP(pages, SIM_BLOCK), n, i;

	want = min_t(unsigned int, want, GVTMEM_GRANT_MAX_BLOCKS);
	n = min(want, x->nr_free);
	if (!n)
		return;
	s->msgs[SIM_GRANT]++;
	if (!s->node[to].up)
		return;		/* the send fails: gvtmem_lend_unlend */
	if (s->break_one && !s->broken) {
		/* -X: a block of d already lent to another node, again. */
		for (i = x->first; i < x->first + x->pool; i++) {
			if (s->owner[i] >= 0 && s->owner[i] != (int)to) {
				sim_hold(s, to, i);
				s->broken = true;
				break;
			}
		}
	}
	for (i = 0; i < n; i++) {
		unsigned int b = x->free[--x->nr_free];

		s->owner[b] = to;
		sim_hold(s, to, b);
	}
	s->granted += (unsigned long)n * SIM_BLOCK;
}

/* ---- messages ---- */

/* A frame from one node to another; to oneself it is no frame. */
static void sim_send(struct sim *s, unsigned int from, unsigned int to,
		     enum sim_msg m)
{
	if (from != to)
		s->msgs[m]++;
}

/* gvtmem_mgr_broadcast from the master: every configured node but it. */
static void sim_broadcast(struct sim *s, enum sim_msg m)
{
	s->msgs[m] += s->n - 1;
}

/* gvtmem_mgr_move: false if the transition table forbids it. */
static bool sim_move(struct sim *s, unsigned int id,
		     enum gvtmem_node_event ev)
{
	struct sim_node *x = &s->node[id];
	int to = gvtmem_node_next(x->state, ev);

	if (to < 0)
		return false;
	x->state = to;
	x->since = s->now;
	x->stats_at = s->now;
	return true;
}

/*
 * Force-Return(x), broadcast; every node that is up handles it at once
 * (the master its own copy in place). Receivers learnt x's state from
 * the heartbeat the master sends just before.
 */
static void sim_force_return(struct sim *s, unsigned int x)
{
	unsigned int y;

	sim_broadcast(s, SIM_FORCE_RETURN);
	if (s->node[x].state == GVTMEM_NODE_RECOVERY) {
		sim_fence(s, x);
		return;
	}
	for (y = 0; y < s->n; y++)
		if (s->node[y].up)
			sim_return_all(s, y, y == x ? SIM_ANY : x);
}

/* gvtmem_mgr_on_register: Active, Enable-Node to all, Mem-Limit to it. */
static void sim_register(struct sim *s, unsigned int id)
{
	sim_send(s, id, SIM_MASTER, SIM_MEMBERSHIP);
	if (s->node[id].state == GVTMEM_NODE_ACTIVE ||
	    !sim_move(s, id, GVTMEM_EV_REGISTER))
		return;
	sim_broadcast(s, SIM_MEMBERSHIP);
	sim_send(s, SIM_MASTER, id, SIM_MEM_LIMIT);
}

/* ---- a round ---- */

/* Churn: one node leaves at a third and rejoins; one fails at 2/3. */
static void sim_churn(struct sim *s)
{
	unsigned int r = s->round, third = s->rounds / 3;
	unsigned int leaver, victim, i;
	struct sim_node *x;

	if (!s->churn || s->n < 3 || third < 8)
		return;
	leaver = 1 + (unsigned int)((s->n - 1) *
				    sim_unit(s->seed, 0, SIM_U_CHURN));
	victim = 1 + leaver % (s->n - 1);
	if (r == third)
		s->node[leaver].leave_asked = true;
	if (r == third + third / 4) {
		s->node[leaver].leave_asked = false;
		s->node[leaver].left = false;	/* echo 0 > cluster/leave */
	}
	x = &s->node[victim];
	if (r == 2 * third)
		x->up = false;		/* its VM is gone, and its memory */
	if (r == 2 * third + third / 4) {
		/* It boots again: nothing lent, nothing held, counters 0. */
		x->up = true;
		x->left = false;
		x->nr_held = 0;
		x->nr_free = 0;
		for (i = x->first; i < x->first + x->pool; i++)
			if (s->owner[i] < 0)
				x->free[x->nr_free++] = i;
		x->puts_failed = 0;
	}
}

/*
 * Node id's second: its puts (what does not fit is refused), its
 * Statistics to the master (gvtmem_mgr_send_stats), then what its state
 * asks of it (gvtmem_mgr_tick).
 */
static void sim_node_tick(struct sim *s, unsigned int id)
{
	struct sim_node *x = &s->node[id];
	unsigned long demand = sim_demand(s, id, s->round);
	unsigned long owned = sim_owned(x);
	unsigned long used = min(demand, owned);
	struct gvtmem_msg_statistics *st = &x->st;

	if (x->state == GVTMEM_NODE_ACTIVE) {
		x->want += demand;
		x->got += used;
		s->excess += demand - used;
		s->lendable += (unsigned long)x->nr_free * SIM_BLOCK;
	}
	if (demand > owned)
		x->puts_failed += demand - owned;
	memset(st, 0, sizeof(*st));
	st->state = x->state;
	st->policy = s->policy;
	st->tmem_pages = cpu_to_le64(owned);
	st->used_pages = cpu_to_le64(used);
	st->borrowed_pages = cpu_to_le64((u64)x->nr_held * SIM_BLOCK);
	st->lent_pages = cpu_to_le64((u64)(x->pool - x->nr_free) * SIM_BLOCK);
	st->donor_free_pages = cpu_to_le64((u64)x->nr_free * SIM_BLOCK);
	st->puts_failed = cpu_to_le64(x->puts_failed);
	x->stats_at = s->now;	/* the master's books: it arrived */

	switch (x->state) {
	case GVTMEM_NODE_INACTIVE:
		if (!x->left)
			sim_register(s, id);
		break;
	case GVTMEM_NODE_ACTIVE:
		if (!x->leave_asked)
			break;
		/* Leave-Req; the master's handler. */
		sim_send(s, id, SIM_MASTER, SIM_MEMBERSHIP);
		if (sim_move(s, id, GVTMEM_EV_LEAVE_REQ)) {
			x->last_order = s->now;	/* as the handler does */
			sim_force_return(s, id);
		}
		break;
	case GVTMEM_NODE_LEAVING:
		sim_return_all(s, id, SIM_ANY);
		break;
	}
}

/* gvtmem_mgr_check_nodes. */
static void sim_check_nodes(struct sim *s)
{
	unsigned int id;

	for (id = 0; id < s->n; id++) {
		struct sim_node *x = &s->node[id];
		bool done;

		switch (x->state) {
		case GVTMEM_NODE_ACTIVE:
		case GVTMEM_NODE_LEAVING:
			if (id != SIM_MASTER &&
			    s->now > x->stats_at + GVTMEM_LEASE_MS) {
				sim_move(s, id, GVTMEM_EV_LEASE_MISSED);
				sim_force_return(s, id);
				break;
			}
			if (x->state != GVTMEM_NODE_LEAVING)
				break;
			done = !le64_to_cpu(x->st.lent_pages) &&
			       !le64_to_cpu(x->st.borrowed_pages) &&
			       x->stats_at > x->since;
			if (!done && s->now < x->since + SIM_LEAVE_TIMEOUT_MS) {
				if (s->now >= x->last_order + SIM_STATS_MS) {
					x->last_order = s->now;
					sim_force_return(s, id);
				}
				break;
			}
			sim_move(s, id, GVTMEM_EV_LEAVE_DONE);
			sim_broadcast(s, SIM_MEMBERSHIP);	/* Leave-Notify */
			if (x->leave_asked)
				x->left = true;
			break;
		case GVTMEM_NODE_RECOVERY:
			if (s->now > x->since + GVTMEM_LEASE_MS)
				sim_move(s, id, GVTMEM_EV_FENCED);
			break;
		}
	}
}

static u64 sim_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (u64)t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/*
 * gvtmem_mgr_tier2, timed from the allocation of its arrays to the last
 * order posted: the nodes' rows into the policy's input, the plan over
 * the whole table, the orders. Posting is queueing here; delivery
 * (sim_deliver) is the other nodes' work, not the master's decision.
 */
static int sim_tier2(struct sim *s)
{
	struct gvtmem_tier2_action *acts;
	struct gvtmem_tier2_node *in;
	unsigned int i, nr, id;
	u64 c0, t0, t1, t2;

	c0 = sim_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = sim_ns(CLOCK_MONOTONIC);
	in = calloc(s->slots, sizeof(*in));
	acts = calloc(GVTMEM_TIER2_MAX_ACTIONS(s->slots), sizeof(*acts));
	if (!in || !acts) {
		fprintf(stderr, "scale-sim: out of memory\n");
		exit(2);
	}
	for (id = 0; id < s->slots; id++) {
		struct sim_node *n = &s->node[id];
		unsigned long failed = le64_to_cpu(n->st.puts_failed);

		in[id].active = n->configured &&
				n->state == GVTMEM_NODE_ACTIVE &&
				s->now <= n->stats_at + GVTMEM_LEASE_MS;
		in[id].busy = s->now < n->busy_until;
		in[id].owned = le64_to_cpu(n->st.tmem_pages);
		in[id].used = le64_to_cpu(n->st.used_pages);
		in[id].borrowed = le64_to_cpu(n->st.borrowed_pages);
		in[id].lendable = le64_to_cpu(n->st.donor_free_pages);
		in[id].failed = failed > n->failed_seen ?
				failed - n->failed_seen : 0;
		if (!in[id].busy)
			n->failed_seen = failed;
	}
	t1 = sim_ns(CLOCK_MONOTONIC);
	/* ahead 0: demand here is refusals only (grant ahead is not simulated) */
	nr = gvtmem_tier2_plan(s->policy, s->percent, 0, 0, in, s->slots, acts,
			       GVTMEM_TIER2_MAX_ACTIONS(s->slots));
	t2 = sim_ns(CLOCK_MONOTONIC);
	s->nr_out = 0;
	for (i = 0; i < nr; i++) {
		struct gvtmem_tier2_action *a = &acts[i];
		struct sim_order *o = &s->out[s->nr_out++];

		s->node[a->borrower].busy_until = s->now + SIM_BUSY_MS;
		o->m = (struct gvtmem_msg_grant_req){
			.epoch = cpu_to_le64(1),
			.node = cpu_to_le32(a->borrower),
			.pages = cpu_to_le64(a->pages),
		};
		if (a->kind == GVTMEM_TIER2_GRANT) {
			o->type = GVTMEM_MSG_GRANT_ANY;
			o->to = a->donor;
			s->planned += a->pages;
			s->given[a->donor] += a->pages;
		} else {
			o->type = GVTMEM_MSG_GRANT_RETURN;
			o->to = a->borrower;
		}
	}
	s->dec_ns[s->round] = sim_ns(CLOCK_MONOTONIC) - t0;
	s->cpu_ns[s->round] = sim_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
	s->plan_ns[s->round] = t2 - t1;
	for (id = 0; id < s->slots; id++)
		s->hungry += in[id].active && !in[id].busy && in[id].failed;
	free(acts);
	free(in);
	s->actions += nr;
	if (nr == GVTMEM_TIER2_MAX_ACTIONS(s->slots))
		s->saturated++;
	/* The plan never gives more than a donor said it could lend. */
	for (id = 0; id < s->n; id++) {
		if (s->given[id] > le64_to_cpu(s->node[id].st.donor_free_pages)) {
			printf("invariant violated: round %u: plan gives %lu pages of node %u, which can lend %llu\n",
			       s->round, s->given[id], id, (unsigned long long)
			       le64_to_cpu(s->node[id].st.donor_free_pages));
			return -1;
		}
		s->given[id] = 0;
	}
	return 0;
}

/* The orders reach their nodes: gvtmem_mgr_on_grant_any, Grant-Return. */
static void sim_deliver(struct sim *s)
{
	unsigned int i, d, n;

	for (i = 0; i < s->nr_out; i++) {
		struct sim_order *o = &s->out[i];
		struct sim_node *to = &s->node[o->to];
		u32 x = le32_to_cpu(o->m.node);
		unsigned int blocks;

		if (o->type == GVTMEM_MSG_GRANT_ANY) {
			sim_send(s, SIM_MASTER, o->to, SIM_GRANT_ANY);
			if (!to->up || to->state != GVTMEM_NODE_ACTIVE ||
			    x == o->to ||
			    s->node[x].state != GVTMEM_NODE_ACTIVE)
				continue;
			sim_lend_grant(s, o->to, x,
				       le64_to_cpu(o->m.pages));
			continue;
		}
		sim_send(s, SIM_MASTER, o->to, SIM_GRANT_RETURN);
		if (!to->up)
			continue;
		/* To the borrower itself: any donor, in id order. */
		blocks = DIV_ROUND_UP(le64_to_cpu(o->m.pages), SIM_BLOCK);
		sim_count_by_donor(s, o->to);
		for (d = 0; d < s->n; d++) {
			if (blocks && s->count[d] && d != o->to) {
				n = sim_return_to(s, o->to, d, blocks);
				blocks -= n;
				s->back += (unsigned long)n * SIM_BLOCK;
			}
			s->count[d] = 0;
		}
	}
	if (s->back) {
		s->back_rounds++;
		if (s->lendable >= s->excess) {
			s->back_rounds_free++;
			s->back_free += s->back;
		}
	}
	s->back = 0;
	s->excess = 0;
	s->lendable = 0;
}

/*
 * Conservation, from both sides of the books: every block a borrower
 * holds is lent to it by its donor and held by nobody else; every block
 * a donor counts as lent is held; a running donor's lent and free
 * blocks make its pool, so it never lends more than it set aside.
 */
static int sim_check(struct sim *s)
{
	unsigned int y, i, b;

	for (b = 0; b < s->nr_blocks; b++)
		s->holder[b] = -1;
	for (y = 0; y < s->n; y++) {
		struct sim_node *x = &s->node[y];

		for (i = 0; i < x->nr_held; i++) {
			b = x->held[i];
			if (s->holder[b] >= 0) {
				printf("invariant violated: round %u: block %u of node %u owned by two nodes, %d and %u\n",
				       s->round, b, s->donor[b], s->holder[b],
				       y);
				return -1;
			}
			if (s->owner[b] != (int)y || s->donor[b] == y) {
				printf("invariant violated: round %u: node %u holds block %u of node %u, lent to %d\n",
				       s->round, y, b, s->donor[b],
				       s->owner[b]);
				return -1;
			}
			s->holder[b] = y;
		}
	}
	for (b = 0; b < s->nr_blocks; b++) {
		if (s->owner[b] >= 0 && s->holder[b] != s->owner[b]) {
			printf("invariant violated: round %u: block %u of node %u lent to %d, held by %d\n",
			       s->round, b, s->donor[b], s->owner[b],
			       s->holder[b]);
			return -1;
		}
	}
	for (y = 0; y < s->n; y++) {
		struct sim_node *x = &s->node[y];
		unsigned int lent = 0;

		if (!x->up)
			continue;
		for (b = x->first; b < x->first + x->pool; b++)
			lent += s->owner[b] >= 0;
		if (lent + x->nr_free != x->pool) {
			printf("invariant violated: round %u: node %u lent %u and has %u free of a pool of %u\n",
			       s->round, y, lent, x->nr_free, x->pool);
			return -1;
		}
	}
	return 0;
}

/* ---- a run ---- */

static int sim_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of v[0..n), in microseconds; sorts v. */
static double sim_quantile(u64 *v, unsigned int n, double q)
{
	unsigned int i = (unsigned int)(q * (n - 1) + 0.5);

	qsort(v, n, sizeof(*v), sim_cmp_u64);
	return v[min(i, n - 1)] / 1000.0;
}

static void *sim_alloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "scale-sim: out of memory\n");
		exit(2);
	}
	return p;
}

static void sim_init(struct sim *s)
{
	unsigned int id, b;

	/* The kernel's table; beyond it, as if GVTMEM_MAX_NODES were n. */
	s->slots = s->n > GVTMEM_MAX_NODES ? s->n : GVTMEM_MAX_NODES;
	s->node = sim_alloc(s->slots, sizeof(*s->node));
	for (id = 0; id < s->n; id++) {
		sim_node_shape(s, id);
		s->node[id].first = s->nr_blocks;
		s->nr_blocks += s->node[id].pool;
	}
	s->owner = sim_alloc(s->nr_blocks, sizeof(*s->owner));
	s->donor = sim_alloc(s->nr_blocks, sizeof(*s->donor));
	s->holder = sim_alloc(s->nr_blocks, sizeof(*s->holder));
	s->count = sim_alloc(s->n, sizeof(*s->count));
	s->given = sim_alloc(s->n, sizeof(*s->given));
	s->out = sim_alloc(GVTMEM_TIER2_MAX_ACTIONS(s->slots), sizeof(*s->out));
	s->dec_ns = sim_alloc(s->rounds + 1, sizeof(*s->dec_ns));
	s->plan_ns = sim_alloc(s->rounds + 1, sizeof(*s->plan_ns));
	s->cpu_ns = sim_alloc(s->rounds + 1, sizeof(*s->cpu_ns));
	for (id = 0; id < s->n; id++) {
		struct sim_node *x = &s->node[id];

		x->configured = true;
		x->up = true;
		x->free = sim_alloc(x->pool, sizeof(*x->free));
		for (b = x->first; b < x->first + x->pool; b++) {
			s->owner[b] = -1;
			s->donor[b] = id;
			x->free[x->nr_free++] = b;
		}
	}
	/*
	 * gvtmem_mgr_become_master at time 0: the master Active, Mem-Limit
	 * to all. The others register in round 1.
	 */
	sim_move(s, SIM_MASTER, GVTMEM_EV_REGISTER);
	s->setup_mem_limit = s->n - 1;
}

static void sim_free(struct sim *s)
{
	unsigned int id;

	for (id = 0; id < s->n; id++) {
		free(s->node[id].free);
		free(s->node[id].held);
	}
	free(s->node);
	free(s->owner);
	free(s->donor);
	free(s->holder);
	free(s->count);
	free(s->given);
	free(s->out);
	free(s->dec_ns);
	free(s->plan_ns);
	free(s->cpu_ns);
}

static int sim_run(struct sim *s, struct sim_result *res)
{
	double kwant[SIM_NR_KINDS] = { 0 }, kgot[SIM_NR_KINDS] = { 0 };
	double qwant[4] = { 0 }, qgot[4] = { 0 };
	double sum = 0, sq = 0, want = 0, got = 0;
	unsigned int id, k = 0, i;

	sim_init(s);
	for (s->round = 1; s->round <= s->rounds; s->round++) {
		s->now = (u64)s->round * SIM_TIER2_MS;
		sim_churn(s);
		for (id = 0; id < s->n; id++)
			if (s->node[id].up)
				sim_node_tick(s, id);
		sim_check_nodes(s);
		if (sim_tier2(s))
			return -1;
		sim_deliver(s);
		if (sim_check(s))
			return -1;
		if (s->round > 1)
			continue;
		/* Round 1's registrations (and Mem-Limits) are setup too. */
		s->setup_mem_limit += s->msgs[SIM_MEM_LIMIT];
		s->setup_membership = s->msgs[SIM_MEMBERSHIP];
		s->msgs[SIM_MEM_LIMIT] = 0;
		s->msgs[SIM_MEMBERSHIP] = 0;
	}
	memset(res, 0, sizeof(*res));
	res->policy = gvtmem_tier2_policy_names[s->policy];
	res->n = s->n;
	res->slots = s->slots;
	res->rounds = s->rounds;
	res->plan_med = sim_quantile(s->plan_ns + 1, s->rounds, 0.5);
	res->plan_p99 = sim_quantile(s->plan_ns + 1, s->rounds, 0.99);
	res->dec_med = sim_quantile(s->dec_ns + 1, s->rounds, 0.5);
	res->dec_p99 = sim_quantile(s->dec_ns + 1, s->rounds, 0.99);
	res->dec_max = s->dec_ns[s->rounds] / 1000.0;
	res->cpu_med = sim_quantile(s->cpu_ns + 1, s->rounds, 0.5);
	res->cpu_p99 = sim_quantile(s->cpu_ns + 1, s->rounds, 0.99);
	for (i = 0; i < SIM_NR_MSGS; i++) {
		res->msgs[i] = s->msgs[i];
		res->all_msgs += i == SIM_MEMBERSHIP ? 0 : s->msgs[i];
	}
	res->t2_msgs = s->msgs[SIM_GRANT_ANY] + s->msgs[SIM_GRANT_RETURN] +
		       s->msgs[SIM_GRANT] + s->msgs[SIM_GRANT_BACK];
	res->setup_mem_limit = s->setup_mem_limit;
	res->setup_membership = s->setup_membership;
	res->actions = s->actions;
	res->saturated = s->saturated;
	res->hungry = s->hungry;
	res->planned = (double)s->planned / SIM_GIB;
	res->granted = (double)s->granted / SIM_GIB;
	res->returned = (double)s->returned / SIM_GIB;
	res->revoked = (double)s->revoked / SIM_GIB;
	res->moved = res->granted + res->returned;
	res->worst = 2;
	for (id = 0; id < s->n; id++) {
		struct sim_node *x = &s->node[id];
		double r;

		if (x->want <= 0)
			continue;
		r = x->got / x->want;
		sum += r;
		sq += r * r;
		k++;
		want += x->want;
		got += x->got;
		kwant[x->kind] += x->want;
		kgot[x->kind] += x->got;
		qwant[4 * id / s->n] += x->want;
		qgot[4 * id / s->n] += x->got;
		if (r < res->worst) {
			res->worst = r;
			res->worst_node = id;
			res->worst_kind = x->kind;
		}
	}
	for (i = 0; i < SIM_NR_KINDS; i++)
		res->by_kind[i] = kwant[i] > 0 ? kgot[i] / kwant[i] : -1;
	for (i = 0; i < 4; i++)
		res->by_quarter[i] = qwant[i] > 0 ? qgot[i] / qwant[i] : 0;
	res->back_rounds = s->back_rounds;
	res->back_rounds_free = s->back_rounds_free;
	res->back_free = (double)s->back_free / SIM_GIB;
	res->jain = sq > 0 ? sum * sum / (k * sq) : 0;
	res->served = want > 0 ? got / want : 0;
	return 0;
}

/* ---- output ---- */

static void sim_header(void)
{
	printf("%-13s %4s %7s %7s %7s %6s %9s %7s %7s %7s %5s %5s %5s %5s %4s\n",
	       "policy", "N", "med_us", "p99_us", "cpu_p99", "ord/rd",
	       "moved_GiB", "msgs", "msg/GiB", "t2m/GiB", "exec%", "jain",
	       "worst", "served", "full");
}

static void sim_per_gib(char *buf, size_t len, unsigned long msgs,
			double gib)
{
	if (gib > 0)
		snprintf(buf, len, "%.2f", msgs / gib);
	else
		snprintf(buf, len, "-");
}

static void sim_line(const struct sim_result *r)
{
	char all[32], t2[32], ex[32];

	sim_per_gib(all, sizeof(all), r->all_msgs, r->moved);
	sim_per_gib(t2, sizeof(t2), r->t2_msgs, r->moved);
	if (r->planned > 0)
		snprintf(ex, sizeof(ex), "%.1f", 100 * r->granted / r->planned);
	else
		snprintf(ex, sizeof(ex), "-");
	printf("%-13s %4u %7.2f %7.2f %7.2f %6.2f %9.1f %7lu ", r->policy, r->n,
	       r->dec_med, r->dec_p99, r->cpu_p99,
	       (double)r->actions / r->rounds, r->moved, r->all_msgs);
	printf("%7s %7s %5s %5.3f %5.3f %5.3f %4lu\n", all, t2, ex, r->jain,
	       r->worst, r->served, r->saturated);
	fflush(stdout);
}

/* A small JSON writer: one key per line, commas between items. */
struct sim_jw {
	FILE *f;
	unsigned int depth;
	bool first;
};

static void sim_jkey(struct sim_jw *j, const char *key)
{
	fprintf(j->f, "%s\n%*s", j->first ? "" : ",", 2 * j->depth, "");
	if (key)
		fprintf(j->f, "\"%s\": ", key);
	j->first = false;
}

static void sim_jopen(struct sim_jw *j, const char *key, char c)
{
	if (j->depth)
		sim_jkey(j, key);
	fputc(c, j->f);
	j->depth++;
	j->first = true;
}

static void sim_jclose(struct sim_jw *j, char c)
{
	j->depth--;
	fprintf(j->f, "\n%*s%c", 2 * j->depth, "", c);
	j->first = false;
}

static void sim_jnum(struct sim_jw *j, const char *key, double v, bool ok)
{
	sim_jkey(j, key);
	if (ok)
		fprintf(j->f, "%.6g", v);
	else
		fprintf(j->f, "null");
}

static void sim_jint(struct sim_jw *j, const char *key, unsigned long v)
{
	sim_jkey(j, key);
	fprintf(j->f, "%lu", v);
}

static void sim_jstr(struct sim_jw *j, const char *key, const char *v)
{
	sim_jkey(j, key);
	fprintf(j->f, "\"%s\"", v);
}

static void sim_json(struct sim_jw *j, const struct sim_result *r)
{
	double moved = r->moved;
	unsigned int i;

	sim_jopen(j, NULL, '{');
	sim_jstr(j, "policy", r->policy);
	sim_jint(j, "n", r->n);
	sim_jint(j, "table_slots", r->slots);
	sim_jint(j, "rounds", r->rounds);
	sim_jnum(j, "decision_us_median", r->dec_med, true);
	sim_jnum(j, "decision_us_p99", r->dec_p99, true);
	sim_jnum(j, "decision_us_max", r->dec_max, true);
	sim_jnum(j, "cpu_us_median", r->cpu_med, true);
	sim_jnum(j, "cpu_us_p99", r->cpu_p99, true);
	sim_jnum(j, "plan_us_median", r->plan_med, true);
	sim_jnum(j, "plan_us_p99", r->plan_p99, true);
	sim_jint(j, "orders", r->actions);
	sim_jnum(j, "orders_per_round", (double)r->actions / r->rounds, true);
	sim_jint(j, "rounds_table_full", r->saturated);
	sim_jnum(j, "hungry_per_round", (double)r->hungry / r->rounds, true);
	sim_jnum(j, "planned_gib", r->planned, true);
	sim_jnum(j, "granted_gib", r->granted, true);
	sim_jnum(j, "returned_gib", r->returned, true);
	sim_jnum(j, "revoked_gib", r->revoked, true);
	sim_jnum(j, "moved_gib", moved, true);
	sim_jopen(j, "msgs", '{');
	for (i = 0; i < SIM_NR_MSGS; i++)
		sim_jint(j, sim_msg_names[i], r->msgs[i]);
	sim_jint(j, "setup_mem_limit", r->setup_mem_limit);
	sim_jint(j, "setup_membership", r->setup_membership);
	sim_jclose(j, '}');
	sim_jint(j, "msgs_counted", r->all_msgs);
	sim_jint(j, "tier2_msgs", r->t2_msgs);
	sim_jnum(j, "msgs_per_gib", r->all_msgs / moved, moved > 0);
	sim_jnum(j, "tier2_msgs_per_gib", r->t2_msgs / moved, moved > 0);
	sim_jnum(j, "jain", r->jain, true);
	sim_jnum(j, "worst", r->worst, true);
	sim_jint(j, "worst_node", r->worst_node);
	sim_jstr(j, "worst_kind", sim_kind_names[r->worst_kind]);
	sim_jnum(j, "served", r->served, true);
	sim_jopen(j, "served_by_kind", '{');
	for (i = 0; i < SIM_NR_KINDS; i++)
		if (r->by_kind[i] >= 0)
			sim_jnum(j, sim_kind_names[i], r->by_kind[i], true);
	sim_jclose(j, '}');
	sim_jopen(j, "served_by_id_quarter", '[');
	for (i = 0; i < 4; i++)
		sim_jnum(j, NULL, r->by_quarter[i], true);
	sim_jclose(j, ']');
	sim_jint(j, "takeback_rounds", r->back_rounds);
	sim_jint(j, "takeback_rounds_donors_had_enough", r->back_rounds_free);
	sim_jnum(j, "takeback_gib_donors_had_enough", r->back_free, true);
	sim_jclose(j, '}');
}

static int sim_write_json(const char *path, const struct sim_result *res,
			  unsigned int nr, u64 seed, unsigned int rounds,
			  unsigned int percent, bool churn)
{
	struct sim_jw j = { .f = fopen(path, "w") };
	unsigned int i;

	if (!j.f) {
		perror(path);
		return 2;
	}
	sim_jopen(&j, NULL, '{');
	sim_jint(&j, "seed", seed);
	sim_jint(&j, "rounds", rounds);
	sim_jint(&j, "round_ms", SIM_TIER2_MS);
	sim_jint(&j, "percent", percent);
	sim_jkey(&j, "churn");
	fprintf(j.f, churn ? "true" : "false");
	sim_jint(&j, "block_pages", SIM_BLOCK);
	sim_jint(&j, "grant_max_blocks", GVTMEM_GRANT_MAX_BLOCKS);
	sim_jint(&j, "max_nodes", GVTMEM_MAX_NODES);
	sim_jopen(&j, "results", '[');
	for (i = 0; i < nr; i++)
		sim_json(&j, &res[i]);
	sim_jclose(&j, ']');
	sim_jclose(&j, '}');
	fputc('\n', j.f);
	if (fclose(j.f)) {
		perror(path);
		return 2;
	}
	return 0;
}

/* ---- arguments ---- */

static void sim_usage(FILE *f)
{
	fprintf(f, "usage: scale-sim [-n N,N,...] [-p POLICY,...] [-r ROUNDS]\n"
		   "                 [-s SEED] [-P PCT] [-C] [-q] [-o FILE]\n"
		   "  -n  cluster sizes (default 8,16,32,64,128,256,512,1024)\n"
		   "  -p  policies: greedy-local,greedy-remote,ttm,adaptive (default all)\n"
		   "  -r  rounds, simulated seconds, per run (default 600)\n"
		   "  -s  seed of the synthetic demand (default 1)\n"
		   "  -P  the cluster's percent, TTM's P (default 2)\n"
		   "  -C  no churn (one node leaving, one failing, per run)\n"
		   "  -q  quick: sizes up to 64, 120 rounds\n"
		   "  -o  also write the figures as JSON to FILE\n");
}

static bool sim_number(const char *s, unsigned long lo, unsigned long hi,
		       unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	*v = strtoul(s, &end, 10);
	return !*end && *v >= lo && *v <= hi;
}

static int sim_bad(const char *what, const char *arg)
{
	fprintf(stderr, "scale-sim: bad %s: '%s'\n", what, arg);
	sim_usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int sizes[32], nr_sizes = 0, policies[8], nr_pol = 0;
	unsigned int rounds = 600, percent = 2, i, j, k = 0, total;
	bool churn = true, quick = false, brk = false, rounds_set = false;
	const char *json = NULL, *sz = NULL, *pol = NULL, *p;
	struct sim_result *res;
	unsigned long v;
	u64 seed = 1;
	int c;

	while ((c = getopt(argc, argv, "n:p:r:s:P:Cqo:Xh")) != -1) {
		switch (c) {
		case 'n':
			sz = optarg;
			break;
		case 'p':
			pol = optarg;
			break;
		case 'r':
			if (!sim_number(optarg, 1, 1000000, &v))
				return sim_bad("rounds", optarg);
			rounds = v;
			rounds_set = true;
			break;
		case 's':
			if (!sim_number(optarg, 0, ULONG_MAX, &v))
				return sim_bad("seed", optarg);
			seed = v;
			break;
		case 'P':
			if (!sim_number(optarg, 1, 100, &v))
				return sim_bad("percent", optarg);
			percent = v;
			break;
		case 'C':
			churn = false;
			break;
		case 'q':
			quick = true;
			break;
		case 'o':
			json = optarg;
			break;
		case 'X':
			brk = true;
			break;
		case 'h':
			sim_usage(stdout);
			return 0;
		default:
			sim_usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		return sim_bad("argument", argv[optind]);
	if (quick && !rounds_set)
		rounds = 120;
	if (!sz)
		sz = quick ? "8,16,32,64" : "8,16,32,64,128,256,512,1024";
	if (!pol)
		pol = "greedy-local,greedy-remote,ttm,adaptive";
	for (p = sz; *p; ) {
		char item[16];
		size_t len = strcspn(p, ",");

		if (len >= sizeof(item) || nr_sizes == ARRAY_SIZE(sizes))
			return sim_bad("sizes", sz);
		memcpy(item, p, len);
		item[len] = 0;
		if (!sim_number(item, 2, SIM_MAX_N, &v))
			return sim_bad("size", item);
		sizes[nr_sizes++] = v;
		p += len + (p[len] == ',');
	}
	for (p = pol; *p; ) {
		size_t len = strcspn(p, ",");

		for (j = 0; j < GVTMEM_TIER2_NR_POLICIES; j++)
			if (strlen(gvtmem_tier2_policy_names[j]) == len &&
			    !strncmp(p, gvtmem_tier2_policy_names[j], len))
				break;
		if (j == GVTMEM_TIER2_NR_POLICIES ||
		    nr_pol == ARRAY_SIZE(policies))
			return sim_bad("policy list", pol);
		policies[nr_pol++] = j;
		p += len + (p[len] == ',');
	}
	if (!nr_sizes || !nr_pol)
		return sim_bad("lists", "");
	total = nr_sizes * nr_pol;
	res = sim_alloc(total, sizeof(*res));
	printf("# seed %llu, %u rounds of %u ms, P %u%%, churn %s; times in us\n",
	       (unsigned long long)seed, rounds, SIM_TIER2_MS, percent,
	       churn ? "on" : "off");
	sim_header();
	for (i = 0; i < nr_sizes; i++) {
		for (j = 0; j < nr_pol; j++) {
			struct sim s = {
				.policy = policies[j],
				.n = sizes[i],
				.percent = percent,
				.rounds = rounds,
				.seed = seed,
				.churn = churn,
				.break_one = brk,
			};
			int ret = sim_run(&s, &res[k]);

			sim_free(&s);
			if (ret) {
				printf("FAILED: %s, N %u\n",
				       gvtmem_tier2_policy_names[policies[j]],
				       sizes[i]);
				return 1;
			}
			sim_line(&res[k++]);
		}
	}
	if (json && sim_write_json(json, res, total, seed, rounds, percent,
				   churn))
		return 2;
	free(res);
	if (brk) {
		printf("-X: no block was granted twice\n");
		return 1;
	}
	printf("# conservation held after each of %u rounds in all %u runs\n",
	       rounds, total);
	return 0;
}
