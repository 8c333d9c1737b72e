/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Master election: the rules, without timers or messages, so KUnit can
 * drive them. The algorithm is Raft's leader election (terms, one vote per
 * term, a majority of the configured nodes) with its pre-vote phase and
 * leases: a node first asks whether it would win, so a node that was cut
 * off cannot inflate terms and depose a live master when it comes back; a
 * node that heard from a live master within the lease refuses to vote for
 * anyone else; a master that cannot hear from a majority within a lease
 * steps down. As Raft's vote restriction keeps logs, a node votes only for
 * a candidate whose node table is as recent as its own.
 * Times are in milliseconds from any fixed origin. The argument is in
 * Documentation/cluster.md.
 */
#ifndef GVTMEM_ELECTION_H
#define GVTMEM_ELECTION_H

#include <linux/bitmap.h>
#include <linux/types.h>

#include "protocol.h"

#define GVTMEM_HEARTBEAT_MS	500
#define GVTMEM_LEASE_MS		2000	/* default lease: a master unheard this long is gone */
#define GVTMEM_LEASE_MIN_MS	2000	/* Statistics go every 1 s: two per lease */
#define GVTMEM_LEASE_MAX_MS	60000
#define GVTMEM_RETRY_MS		500	/* a (pre-)vote that did not win: again */
#define GVTMEM_NO_NODE		(-1)

enum gvtmem_role {
	GVTMEM_FOLLOWER,
	GVTMEM_PRECANDIDATE,
	GVTMEM_CANDIDATE,
	GVTMEM_MASTER,
};

enum gvtmem_elect_action {
	GVTMEM_ELECT_NONE,
	GVTMEM_ELECT_PREVOTE,	/* ask every peer: a vote in e->term + 1? */
	GVTMEM_ELECT_START,	/* ask every peer for a vote in e->term */
	GVTMEM_ELECT_WON,	/* became master */
	GVTMEM_ELECT_STEP_DOWN,	/* lost the majority: no longer master */
};

struct gvtmem_election {
	u32 self;
	unsigned int nr_voters;		/* configured nodes */
	u64 term;
	int voted_for;			/* in term; GVTMEM_NO_NODE if none */
	enum gvtmem_role role;
	int master;			/* GVTMEM_NO_NODE if unknown */
	u64 master_seen;		/* last heartbeat of master */
	u64 deadline;			/* next election, unless a heartbeat */
	u64 table_epoch;		/* epoch of the node table we hold */
	u32 lease_ms;			/* GVTMEM_LEASE_MS unless set after init */
	DECLARE_BITMAP(votes, GVTMEM_MAX_NODES);	/* as (pre)candidate */
};

static inline unsigned int gvtmem_majority(unsigned int n)
{
	return n / 2 + 1;
}

void gvtmem_elect_init(struct gvtmem_election *e, u32 self,
		       unsigned int nr_voters, u64 now, u32 jitter);
bool gvtmem_elect_observe_term(struct gvtmem_election *e, u64 term);
int gvtmem_elect_on_heartbeat(struct gvtmem_election *e, u32 from, u64 term,
			      u64 now, u32 jitter);
bool gvtmem_elect_on_vote_req(struct gvtmem_election *e, u32 cand, u64 term,
			      u64 cand_table, bool pre, u64 now, u32 jitter);
enum gvtmem_elect_action gvtmem_elect_on_vote(struct gvtmem_election *e,
					      u32 from, u64 term, bool granted,
					      bool pre, u64 now, u32 jitter);
enum gvtmem_elect_action gvtmem_elect_tick(struct gvtmem_election *e, u64 now,
					   u32 jitter, bool may_stand,
					   unsigned int contacts);

#endif /* GVTMEM_ELECTION_H */
